//! Every 400/403/404/413 case of the table in docs/server-contract.md ("Problem bodies"):
//! status, `Content-Type: application/problem+json`, and the body's `status`, `name`, `title`.
//! After an error inside an upload in progress, the upload is finished correctly and the
//! source checked, to show the refused request damaged nothing.
//! (The 403 of an expired token is in ttl.rs, the 401s in auth.rs.)

mod support;

use std::time::Duration;

use futures_util::stream;
use reqwest::Method;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE};
use serde_json::json;
use support::*;

/// An 11 MiB file in chunks of 5, 5 and 1 MiB.
const TOTAL: usize = 11 * MIB;

/// Starts an 11 MiB `bytes` upload with its first chunk; returns the video id.
async fn start_upload(srv: &TestServer, target: &Target, data: &[u8]) -> String {
    let video = srv
        .upload_ok(target, Chunk::bytes(data, 0..MIN_CHUNK))
        .await;
    video_id_of(&video)
}

/// Sends the remaining chunks of the upload started by `start_upload`, checks the source.
async fn finish_upload(srv: &TestServer, target: &Target, data: &[u8], video_id: &str) {
    let mut video = serde_json::Value::Null;
    for range in split(data.len(), MIN_CHUNK).into_iter().skip(1) {
        video = srv
            .upload_ok(target, Chunk::bytes(data, range).video(video_id))
            .await;
    }
    srv.assert_source(&video, data).await;
}

#[tokio::test]
async fn upload_without_token_is_400_token() {
    let srv = TestServer::start();
    let resp = send(srv.anon(Method::POST, "/upload").multipart(
        reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(vec![1u8; 100]).file_name("a.mp4"),
        ),
    ))
    .await;
    assert_problem(resp, 400, "token").await;
}

#[tokio::test]
async fn upload_with_unknown_token_is_404_token() {
    let srv = TestServer::start();
    let data = test_data(1000, 31);
    let resp = srv
        .upload(
            &Target::token("to0000000000000000000000"),
            Chunk::whole(&data),
        )
        .await;
    assert_problem(resp, 404, "token").await;
    let resp = srv
        .upload(&Target::token("nonsense"), Chunk::whole(&data))
        .await;
    assert_problem(resp, 404, "token").await;
}

/// A token deleted while its upload is in progress refuses further chunks with 404 `token`.
#[tokio::test]
async fn upload_with_deleted_token_is_404_token() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(TOTAL, 32);
    let video_id = start_upload(&srv, &target, &data).await;
    expect_empty(
        send(srv.delete(&format!("/upload-tokens/{token}"))).await,
        204,
    )
    .await;

    let resp = srv
        .upload(
            &target,
            Chunk::bytes(&data, MIN_CHUNK..2 * MIN_CHUNK).video(&video_id),
        )
        .await;
    assert_problem(resp, 404, "token").await;
    let resp = srv.upload(&target, Chunk::whole(&data[..1000])).await;
    assert_problem(resp, 404, "token").await;

    // The API key can still finish the video.
    finish_upload(&srv, &Target::source(&video_id), &data, &video_id).await;
}

#[tokio::test]
async fn malformed_content_range_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(100, 33);
    for header in [
        "bytes 0-99",
        "bytes 0-99/",
        "bytes a-b/c",
        "bytes 99-0/100",
        "bytes -5-99/100",
        "bytes=0-99/100",
        "bytes 0-99/*",
        "items 0-99/100",
        "part 0/3",
        "part 0/*",
        "part x/*",
        "part 1/x",
        "part 1",
        "part 2/1",
        "garbage",
    ] {
        let resp = srv.upload(&target, Chunk::raw(data.clone(), header)).await;
        let body = assert_problem_status(resp, 400).await;
        assert_eq!(
            body["name"], "Content-Range",
            "Content-Range {header:?}: {body}"
        );
    }
    // None of those created a video.
    let videos = expect_json(send(srv.get("/videos")).await, 200).await;
    assert_eq!(
        videos["pagination"]["itemsTotal"], 0,
        "refused requests created videos: {videos}"
    );
}

#[tokio::test]
async fn range_past_total_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);

    // First request: last byte == total.
    let resp = srv
        .upload(&target, Chunk::raw(test_data(100, 1), "bytes 0-99/99"))
        .await;
    assert_problem(resp, 400, "Content-Range").await;

    // Inside an upload: a last chunk that runs past the end.
    let data = test_data(TOTAL, 34);
    let video_id = start_upload(&srv, &target, &data).await;
    let start = 2 * MIN_CHUNK;
    let len = TOTAL - start + 10;
    let header = format!("bytes {}-{}/{}", start, start + len - 1, TOTAL);
    let resp = srv
        .upload(
            &target,
            Chunk::raw(test_data(len, 2), &header).video(&video_id),
        )
        .await;
    assert_problem(resp, 400, "Content-Range").await;
    finish_upload(&srv, &target, &data, &video_id).await;
}

#[tokio::test]
async fn total_differing_from_first_chunk_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(TOTAL, 35);
    let video_id = start_upload(&srv, &target, &data).await;
    let header = format!("bytes {}-{}/{}", MIN_CHUNK, 2 * MIN_CHUNK - 1, TOTAL + MIB);
    let chunk = Chunk::raw(data[MIN_CHUNK..2 * MIN_CHUNK].to_vec(), &header).video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;
    finish_upload(&srv, &target, &data, &video_id).await;
}

#[tokio::test]
async fn range_length_differing_from_bytes_sent_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);

    // First request: the header says 100 bytes, 90 are sent.
    let resp = srv
        .upload(&target, Chunk::raw(test_data(90, 1), "bytes 0-99/100"))
        .await;
    assert_problem(resp, 400, "Content-Range").await;

    let data = test_data(TOTAL, 36);
    let video_id = start_upload(&srv, &target, &data).await;
    let header = bytes_range(&(MIN_CHUNK..2 * MIN_CHUNK), TOTAL);
    // More bytes than the range says (garbage that must not land anywhere)...
    let chunk = Chunk::raw(test_data(MIN_CHUNK + 7, 3), &header).video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;
    // ...and fewer.
    let chunk = Chunk::raw(test_data(MIN_CHUNK - 7, 4), &header).video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;
    finish_upload(&srv, &target, &data, &video_id).await;
}

#[tokio::test]
async fn overlapping_range_with_other_bounds_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(TOTAL, 37);
    let video_id = start_upload(&srv, &target, &data).await;

    // Overlaps the first chunk (0..5 MiB) with other bounds; garbage content.
    let overlap = (MIN_CHUNK - MIB)..(2 * MIN_CHUNK - MIB);
    let chunk = Chunk::raw(test_data(MIN_CHUNK, 5), &bytes_range(&overlap, TOTAL)).video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;

    // Send the second chunk, then one overlapping it from the other side.
    let second = MIN_CHUNK..2 * MIN_CHUNK;
    srv.upload_ok(&target, Chunk::bytes(&data, second).video(&video_id))
        .await;
    let overlap = (2 * MIN_CHUNK - 1)..TOTAL;
    let chunk =
        Chunk::raw(test_data(overlap.len(), 6), &bytes_range(&overlap, TOTAL)).video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;

    let last = srv
        .upload_ok(
            &target,
            Chunk::bytes(&data, 2 * MIN_CHUNK..TOTAL).video(&video_id),
        )
        .await;
    srv.assert_source(&last, &data).await;
}

/// Once complete, a chunk with a range that was not sent before overlaps the file: 400,
/// and the assembled source is unchanged.
#[tokio::test]
async fn new_range_after_completion_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(TOTAL, 48);
    let video = srv.upload_in_chunks(&target, &data, MIN_CHUNK, None).await;
    let video_id = video_id_of(&video);
    let shifted = MIB..(MIB + MIN_CHUNK);
    let chunk =
        Chunk::raw(test_data(MIN_CHUNK, 10), &bytes_range(&shifted, TOTAL)).video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;
    srv.assert_source(&video, &data).await;
}

#[tokio::test]
async fn non_last_chunk_under_5_mib_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(TOTAL, 38);

    // As the first chunk.
    let resp = srv.upload(&target, Chunk::bytes(&data, 0..MIB)).await;
    assert_problem(resp, 400, "Content-Range").await;
    // Inside an upload.
    let video_id = start_upload(&srv, &target, &data).await;
    let small = MIN_CHUNK..(2 * MIN_CHUNK - 1);
    let resp = srv
        .upload(&target, Chunk::bytes(&data, small).video(&video_id))
        .await;
    assert_problem(resp, 400, "Content-Range").await;
    // A non-last part under 5 MiB, too.
    let resp = srv
        .upload(&target, Chunk::part(&data, 0..MIB, 1, None))
        .await;
    assert_problem(resp, 400, "Content-Range").await;
    finish_upload(&srv, &target, &data, &video_id).await;
}

#[tokio::test]
async fn mixing_bytes_and_part_in_one_video_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);

    let data = test_data(TOTAL, 39);
    let video_id = start_upload(&srv, &target, &data).await;
    let chunk = Chunk::part(&data, MIN_CHUNK..2 * MIN_CHUNK, 2, Some(3)).video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;
    finish_upload(&srv, &target, &data, &video_id).await;

    // And the other way round.
    let parts = test_data(6 * MIB, 40);
    let first = srv
        .upload_ok(&target, Chunk::part(&parts, 0..MIN_CHUNK, 1, None))
        .await;
    let parts_id = video_id_of(&first);
    let chunk = Chunk::raw(
        parts[MIN_CHUNK..].to_vec(),
        &bytes_range(&(MIN_CHUNK..6 * MIB), 6 * MIB),
    )
    .video(&parts_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;
    let last = srv
        .upload_ok(
            &target,
            Chunk::part(&parts, MIN_CHUNK..6 * MIB, 2, Some(2)).video(&parts_id),
        )
        .await;
    srv.assert_source(&last, &parts).await;
}

#[tokio::test]
async fn part_number_past_the_known_count_is_400() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(6 * MIB, 41);
    let first = srv
        .upload_ok(&target, Chunk::part(&data, 0..MIN_CHUNK, 1, Some(2)))
        .await;
    let video_id = video_id_of(&first);

    let chunk = Chunk::raw(test_data(MIB, 7), "part 3/2").video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;
    // A count that differs from the first part's is refused too.
    let chunk = Chunk::raw(test_data(MIB, 8), "part 3/3").video(&video_id);
    assert_problem(srv.upload(&target, chunk).await, 400, "Content-Range").await;

    let last = srv
        .upload_ok(
            &target,
            Chunk::part(&data, MIN_CHUNK..6 * MIB, 2, Some(2)).video(&video_id),
        )
        .await;
    srv.assert_source(&last, &data).await;
}

#[tokio::test]
async fn no_part_with_a_file_name_is_400_file() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(1000, 42);
    // A `file` field without a file name is a text field, not a file.
    let resp = srv
        .upload(&target, Chunk::whole(&data).file_name(None))
        .await;
    assert_problem(resp, 400, "file").await;
    // Only a videoId part.
    let video = srv.upload_ok(&target, Chunk::whole(&data)).await;
    let form = reqwest::multipart::Form::new().text("videoId", video_id_of(&video));
    let resp = send(
        srv.anon(Method::POST, "/upload")
            .query(&[("token", &token)])
            .multipart(form),
    )
    .await;
    assert_problem(resp, 400, "file").await;
    srv.assert_source(&video, &data).await;
}

#[tokio::test]
async fn empty_whole_file_is_400_file() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let resp = srv.upload(&Target::token(&token), Chunk::whole(&[])).await;
    assert_problem(resp, 400, "file").await;
}

/// A body a little over 200 MiB is refused with 413 `file`; it is streamed so the test
/// does not hold 200 MiB in memory. The server keeps working afterwards.
#[tokio::test]
async fn body_over_200_mib_is_413_file() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;

    let boundary = "----upload-server-test-boundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
    )
    .into_bytes();
    let tail = format!("\r\n--{boundary}--\r\n").into_bytes();
    let block = test_data(MIB, 43);
    let blocks = 201;
    let length = head.len() + blocks * block.len() + tail.len();
    let pieces = std::iter::once(head)
        .chain(std::iter::repeat_n(block, blocks))
        .chain(std::iter::once(tail))
        .map(Ok::<Vec<u8>, std::io::Error>);
    let body = reqwest::Body::wrap_stream(stream::iter(pieces));

    let resp = send(
        srv.anon(Method::POST, "/upload")
            .query(&[("token", &token)])
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(CONTENT_LENGTH, length.to_string())
            .body(body),
    )
    .await;
    assert_problem(resp, 413, "file").await;

    // Still serving, and nothing was created.
    let videos = expect_json(send(srv.get("/videos")).await, 200).await;
    assert_eq!(
        videos["pagination"]["itemsTotal"], 0,
        "the refused body created a video: {videos}"
    );
    let data = test_data(1000, 44);
    let video = srv
        .upload_ok(&Target::token(&token), Chunk::whole(&data))
        .await;
    srv.assert_source(&video, &data).await;
}

#[tokio::test]
async fn unknown_or_deleted_video_id_is_404_video_id() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(1000, 45);

    let resp = srv
        .upload(
            &target,
            Chunk::whole(&data).video("vi0000000000000000000000"),
        )
        .await;
    assert_problem(resp, 404, "videoId").await;
    let resp = srv
        .upload(
            &target,
            Chunk::bytes(&data, 0..data.len()).video("nonsense"),
        )
        .await;
    assert_problem(resp, 404, "videoId").await;

    let video = srv.create_video("to be deleted").await;
    let video_id = video_id_of(&video);
    expect_empty(send(srv.delete(&format!("/videos/{video_id}"))).await, 204).await;
    let resp = srv
        .upload(&target, Chunk::whole(&data).video(&video_id))
        .await;
    assert_problem(resp, 404, "videoId").await;
}

/// A token's own video, deleted by the API key while the upload is going on: later chunks 404.
#[tokio::test]
async fn chunk_into_a_deleted_upload_is_404_video_id() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(TOTAL, 46);
    let video_id = start_upload(&srv, &target, &data).await;
    expect_empty(send(srv.delete(&format!("/videos/{video_id}"))).await, 204).await;
    let resp = srv
        .upload(
            &target,
            Chunk::bytes(&data, MIN_CHUNK..2 * MIN_CHUNK).video(&video_id),
        )
        .await;
    assert_problem(resp, 404, "videoId").await;
}

#[tokio::test]
async fn unknown_video_on_videos_endpoints_is_404_video_id() {
    let srv = TestServer::start();
    let unknown = "vi0000000000000000000000";
    let path = format!("/videos/{unknown}");
    assert_problem(send(srv.get(&path)).await, 404, "videoId").await;
    assert_problem(
        send(srv.patch(&path).json(&json!({ "title": "x" }))).await,
        404,
        "videoId",
    )
    .await;
    assert_problem(send(srv.delete(&path)).await, 404, "videoId").await;
    let resp = srv
        .upload(&Target::source(unknown), Chunk::whole(&test_data(100, 47)))
        .await;
    assert_problem(resp, 404, "videoId").await;
}

#[tokio::test]
async fn bad_ttl_is_400_ttl() {
    let srv = TestServer::start();
    for ttl in [
        json!(-1),
        json!(1.5),
        json!(2147483648i64),
        json!("sixty"),
        json!([60]),
    ] {
        let resp = send(srv.post("/upload-tokens").json(&json!({ "ttl": ttl }))).await;
        let body = assert_problem_status(resp, 400).await;
        assert_eq!(body["name"], "ttl", "ttl {ttl}: {body}");
    }
    assert!(
        srv.list_token_ids("").await.is_empty(),
        "a refused ttl created a token"
    );
}

#[tokio::test]
async fn bad_list_parameters_are_400() {
    let srv = TestServer::start();
    for path in ["/upload-tokens", "/videos"] {
        for (query, name) in [
            ("sortBy=size", "sortBy"),
            ("sortOrder=up", "sortOrder"),
            ("currentPage=0", "currentPage"),
            ("currentPage=-1", "currentPage"),
            ("currentPage=abc", "currentPage"),
            ("pageSize=0", "pageSize"),
            ("pageSize=101", "pageSize"),
            ("pageSize=ten", "pageSize"),
        ] {
            let resp = send(srv.get(&format!("{path}?{query}"))).await;
            let body = assert_problem_status(resp, 400).await;
            assert_eq!(body["name"], name, "{path}?{query}: {body}");
        }
    }
    // The limits themselves are fine.
    for query in ["pageSize=1", "pageSize=100", "currentPage=1"] {
        expect_json(send(srv.get(&format!("/upload-tokens?{query}"))).await, 200).await;
    }
    // `sortBy=ttl` belongs to tokens; videos sort by createdAt, updatedAt, publishedAt, title.
    for sort in ["createdAt", "updatedAt", "publishedAt", "title"] {
        expect_json(send(srv.get(&format!("/videos?sortBy={sort}"))).await, 200).await;
    }
}

#[tokio::test]
async fn bad_json_body_is_400_body() {
    let srv = TestServer::start();
    for path in ["/videos", "/upload-tokens"] {
        let resp = send(
            srv.post(path)
                .header(CONTENT_TYPE, "application/json")
                .body("{\"title\": "),
        )
        .await;
        assert_problem(resp, 400, "body").await;
    }
    let video = srv.create_video("x").await;
    let path = format!("/videos/{}", video_id_of(&video));
    let resp = send(
        srv.patch(&path)
            .header(CONTENT_TYPE, "application/json")
            .body("not json"),
    )
    .await;
    assert_problem(resp, 400, "body").await;
}

#[tokio::test]
async fn bad_video_fields_are_400_with_the_field_name() {
    let srv = TestServer::start();
    // The OpenAPI file makes `title` required on creation.
    assert_problem(
        send(srv.post("/videos").json(&json!({}))).await,
        400,
        "title",
    )
    .await;
    assert_problem(
        send(srv.post("/videos").json(&json!({ "title": 42 }))).await,
        400,
        "title",
    )
    .await;
    assert_problem(
        send(
            srv.post("/videos")
                .json(&json!({ "title": "t", "tags": "notalist" })),
        )
        .await,
        400,
        "tags",
    )
    .await;

    let video = srv.create_video("original").await;
    let path = format!("/videos/{}", video_id_of(&video));
    for (patch, name) in [
        (json!({ "title": 42 }), "title"),
        (json!({ "description": 42 }), "description"),
        (json!({ "tags": "notalist" }), "tags"),
        (json!({ "tags": [1, 2] }), "tags"),
        (json!({ "metadata": { "key": "value" } }), "metadata"),
        (
            json!({ "metadata": [{ "key": 1, "value": "v" }] }),
            "metadata",
        ),
        (json!({ "public": "yes" }), "public"),
    ] {
        let resp = send(srv.patch(&path).json(&patch)).await;
        let body = assert_problem_status(resp, 400).await;
        assert_eq!(body["name"], name, "PATCH {patch}: {body}");
    }
    // Nothing of those was applied.
    let got = srv.get_video(&video_id_of(&video)).await;
    assert_eq!(got["title"], "original", "{got}");
    assert_eq!(got["tags"], json!([]), "{got}");
}

/// A refused upload request leaves the server able to answer at once (no hung connection).
#[tokio::test]
async fn errors_answer_promptly() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let started = std::time::Instant::now();
    let resp = srv
        .upload(
            &Target::token(&token),
            Chunk::raw(test_data(MIN_CHUNK, 9), "nonsense"),
        )
        .await;
    assert_problem(resp, 400, "Content-Range").await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "a 400 took {:?}",
        started.elapsed()
    );
}
