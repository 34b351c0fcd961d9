//! The videos API: create, upload a source, get, update, list, delete; token ownership.

mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::*;

#[tokio::test]
async fn create_video_then_upload_its_source_in_chunks() {
    let srv = TestServer::start();
    let video = srv.create_video("My video").await;
    assert_video_object(&video);
    assert_eq!(video["title"], "My video", "{video}");
    let video_id = video_id_of(&video);
    srv.assert_source_missing(&video).await;

    let data = test_data(12 * MIB, 61);
    let last = srv
        .upload_in_chunks(&Target::source(&video_id), &data, MIN_CHUNK, None)
        .await;
    assert_eq!(last["videoId"], video_id.as_str());
    // The title given at creation stays (it is not replaced by the file name).
    assert_eq!(last["title"], "My video", "{last}");
    srv.assert_source(&last, &data).await;
    let got = srv.get_video(&video_id).await;
    srv.assert_source(&got, &data).await;
}

#[tokio::test]
async fn whole_source_without_content_range() {
    let srv = TestServer::start();
    let video_id = video_id_of(&srv.create_video("whole").await);
    let data = test_data(2 * MIB + 5, 62);
    let video = srv
        .upload_ok(&Target::source(&video_id), Chunk::whole(&data))
        .await;
    srv.assert_source(&video, &data).await;
}

#[tokio::test]
async fn asset_urls_follow_the_contract() {
    let srv = TestServer::start();
    let video = srv.create_video("assets").await;
    let id = video_id_of(&video);
    let base = &srv.base;
    let assets = &video["assets"];
    assert_eq!(assets["player"], format!("{base}/vod/{id}"), "{assets}");
    assert_eq!(
        assets["mp4"],
        format!("{base}/vod/{id}/mp4/source.mp4"),
        "{assets}"
    );
    assert_eq!(
        assets["hls"],
        format!("{base}/vod/{id}/hls/manifest.m3u8"),
        "{assets}"
    );
    assert_eq!(
        assets["thumbnail"],
        format!("{base}/vod/{id}/thumbnail.jpg"),
        "{assets}"
    );
    let iframe = assets["iframe"].as_str().expect("assets.iframe");
    assert!(
        iframe.contains("<iframe") && iframe.contains(&format!("{base}/vod/{id}")),
        "assets.iframe is not an iframe of the player: {iframe}"
    );
}

#[tokio::test]
async fn get_and_patch_video_metadata() {
    let srv = TestServer::start();
    let video = srv.create_video("Before").await;
    let video_id = video_id_of(&video);
    let path = format!("/videos/{video_id}");

    let got = srv.get_video(&video_id).await;
    assert_video_object(&got);
    assert_eq!(got["title"], "Before");
    assert_eq!(got["videoId"], video_id.as_str());

    let metadata =
        json!([{ "key": "Author", "value": "John Doe" }, { "key": "Format", "value": "Tutorial" }]);
    let patch = json!({
        "title": "After",
        "description": "A description",
        "tags": ["maths", "string theory"],
        "metadata": metadata,
        "public": false,
    });
    let patched = expect_json(send(srv.patch(&path).json(&patch)).await, 200).await;
    assert_video_object(&patched);
    let check = |v: &serde_json::Value, when: &str| {
        assert_eq!(v["title"], "After", "{when}: {v}");
        assert_eq!(v["description"], "A description", "{when}: {v}");
        assert_eq!(v["tags"], json!(["maths", "string theory"]), "{when}: {v}");
        assert_eq!(v["metadata"], metadata, "{when}: {v}");
        assert_eq!(v["public"], false, "{when}: {v}");
    };
    check(&patched, "PATCH answer");
    check(&srv.get_video(&video_id).await, "GET after PATCH");
    assert!(
        parse_date(&patched["updatedAt"]) >= parse_date(&video["updatedAt"]),
        "updatedAt went back: {video} -> {patched}"
    );

    // A partial PATCH changes only what it names.
    let patched = expect_json(
        send(srv.patch(&path).json(&json!({ "public": true }))).await,
        200,
    )
    .await;
    assert_eq!(patched["public"], true, "{patched}");
    assert_eq!(patched["title"], "After", "{patched}");
    assert_eq!(
        patched["tags"],
        json!(["maths", "string theory"]),
        "{patched}"
    );
}

#[tokio::test]
async fn list_videos_with_pagination_and_filters() {
    let srv = TestServer::start();
    let mut ids_in_order = Vec::new();
    for (title, tags) in [
        ("Cats one", json!(["cat", "pet"])),
        ("Dogs", json!(["dog", "pet"])),
        ("Cats two", json!(["cat"])),
    ] {
        let resp = send(
            srv.post("/videos")
                .json(&json!({ "title": title, "tags": tags })),
        )
        .await;
        ids_in_order.push(video_id_of(&expect_json(resp, 201).await));
    }

    let page1 = expect_json(send(srv.get("/videos?currentPage=1&pageSize=2")).await, 200).await;
    assert_pagination(&page1, "/videos", "", 1, 2, 3);
    let page2 = expect_json(send(srv.get("/videos?currentPage=2&pageSize=2")).await, 200).await;
    assert_pagination(&page2, "/videos", "", 2, 2, 3);
    let mut seen = ids(&page1, "videoId");
    seen.extend(ids(&page2, "videoId"));
    assert_eq!(seen, ids_in_order, "createdAt asc across the pages");

    let desc = expect_json(
        send(srv.get("/videos?sortBy=createdAt&sortOrder=desc")).await,
        200,
    )
    .await;
    let mut reversed = ids_in_order.clone();
    reversed.reverse();
    assert_eq!(ids(&desc, "videoId"), reversed, "createdAt desc");

    let by_title = expect_json(
        send(srv.get("/videos?sortBy=title&sortOrder=asc")).await,
        200,
    )
    .await;
    let titles: Vec<_> = by_title["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|v| v["title"].clone())
        .collect();
    assert_eq!(
        titles,
        vec![json!("Cats one"), json!("Cats two"), json!("Dogs")],
        "sortBy=title"
    );

    let cats = expect_json(send(srv.get("/videos?title=Cats")).await, 200).await;
    assert_eq!(
        ids(&cats, "videoId"),
        vec![ids_in_order[0].clone(), ids_in_order[2].clone()],
        "title filter"
    );
    let pets = expect_json(send(srv.get("/videos?tags[]=pet&tags[]=cat")).await, 200).await;
    assert_eq!(
        ids(&pets, "videoId"),
        vec![ids_in_order[0].clone()],
        "tags[] filter (all must be present)"
    );
}

#[tokio::test]
async fn delete_video_then_it_is_gone() {
    let srv = TestServer::start();
    let video = srv.create_video("short-lived").await;
    let video_id = video_id_of(&video);
    let data = test_data(1000, 63);
    srv.upload_ok(&Target::source(&video_id), Chunk::whole(&data))
        .await;
    let path = format!("/videos/{video_id}");

    expect_empty(send(srv.delete(&path)).await, 204).await;
    assert_problem(send(srv.get(&path)).await, 404, "videoId").await;
    assert_problem(send(srv.delete(&path)).await, 404, "videoId").await;
    let list = expect_json(send(srv.get("/videos")).await, 200).await;
    assert!(
        ids(&list, "videoId").is_empty(),
        "deleted video still listed: {list}"
    );
    let mp4 = srv.fetch(&mp4_url(&video)).await;
    assert_eq!(
        mp4.status(),
        StatusCode::NOT_FOUND,
        "the source of a deleted video is still served"
    );
}

/// A token may upload into a video made with `POST /videos` (its `videoId` in the first request).
#[tokio::test]
async fn token_can_upload_into_a_video_made_with_the_api_key() {
    let srv = TestServer::start();
    let video_id = video_id_of(&srv.create_video("for a token").await);
    let token = srv.new_token(None).await;
    let data = test_data(11 * MIB, 64);
    let last = srv
        .upload_in_chunks(&Target::token(&token), &data, MIN_CHUNK, Some(&video_id))
        .await;
    assert_eq!(last["videoId"], video_id.as_str());
    srv.assert_source(&last, &data).await;

    // A whole-file upload into another API-key video works the same way.
    let other = video_id_of(&srv.create_video("whole, by token").await);
    let small = test_data(3000, 65);
    let video = srv
        .upload_ok(&Target::token(&token), Chunk::whole(&small).video(&other))
        .await;
    srv.assert_source(&video, &small).await;
}

/// A token never writes into another token's video: 404 `videoId`, and the video is intact.
#[tokio::test]
async fn token_cannot_upload_into_another_tokens_video() {
    let srv = TestServer::start();
    let owner = Target::token(&srv.new_token(None).await);
    let intruder = Target::token(&srv.new_token(None).await);
    let data = test_data(11 * MIB, 66);
    let first = srv
        .upload_ok(&owner, Chunk::bytes(&data, 0..MIN_CHUNK))
        .await;
    let video_id = video_id_of(&first);

    // The intruder sends a chunk of garbage into the owner's upload.
    let garbage = Chunk::raw(
        test_data(MIN_CHUNK, 67),
        &bytes_range(&(MIN_CHUNK..2 * MIN_CHUNK), data.len()),
    );
    let resp = srv.upload(&intruder, garbage.video(&video_id)).await;
    assert_problem(resp, 404, "videoId").await;

    // The owner finishes; then the intruder tries to overwrite a finished chunk.
    let mut last = first.clone();
    for range in split(data.len(), MIN_CHUNK).into_iter().skip(1) {
        last = srv
            .upload_ok(&owner, Chunk::bytes(&data, range).video(&video_id))
            .await;
    }
    let resp = srv
        .upload(
            &intruder,
            Chunk::raw(
                test_data(MIN_CHUNK, 68),
                &bytes_range(&(0..MIN_CHUNK), data.len()),
            )
            .video(&video_id),
        )
        .await;
    assert_problem(resp, 404, "videoId").await;
    let resp = srv
        .upload(
            &intruder,
            Chunk::whole(&test_data(100, 69)).video(&video_id),
        )
        .await;
    assert_problem(resp, 404, "videoId").await;
    srv.assert_source(&last, &data).await;
}

/// A video uploaded with a token is visible to the API key, titled after the file name.
#[tokio::test]
async fn token_upload_shows_in_the_videos_api() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let data = test_data(2000, 70);
    let video = srv
        .upload_ok(
            &Target::token(&token),
            Chunk::whole(&data).file_name(Some("holiday.mp4")),
        )
        .await;
    assert_eq!(video["title"], "holiday.mp4", "{video}");
    let got = srv.get_video(&video_id_of(&video)).await;
    assert_eq!(got["title"], "holiday.mp4", "{got}");
    let list = expect_json(send(srv.get("/videos")).await, 200).await;
    assert_eq!(ids(&list, "videoId"), vec![video_id_of(&video)]);
}
