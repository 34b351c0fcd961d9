//! Uploads with `Content-Range: bytes first-last/total`, and whole-file uploads without it.

mod support;

use std::sync::Arc;

use futures_util::future::join_all;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_RANGE, RANGE};
use support::*;

/// 23 MiB in 5 MiB chunks: the first alone, the other four out of order and concurrently,
/// one of them twice (a retry after a lost answer); the source reads back identical, with
/// Range support.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chunks_out_of_order_and_concurrent_assemble_the_file() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = Arc::new(test_data(23 * MIB, 1));
    let ranges = split(data.len(), MIN_CHUNK);
    assert_eq!(ranges.len(), 5);

    let first = srv
        .upload_ok(&target, Chunk::bytes(&data, ranges[0].clone()))
        .await;
    let video_id = video_id_of(&first);

    let order = [3usize, 1, 4, 2, 3];
    let tasks = order.iter().map(|&i| {
        let api = srv.api.clone();
        let target = target.clone();
        let chunk = Chunk::bytes(&data, ranges[i].clone()).video(&video_id);
        tokio::spawn(async move { (i, api.upload_ok(&target, chunk).await) })
    });
    for result in join_all(tasks).await {
        let (i, video) = result.expect("an upload task panicked");
        assert_eq!(video["videoId"], video_id.as_str(), "chunk {i}: {video}");
    }

    srv.assert_source_sha256(&first, data.len(), &sha256_hex(&data))
        .await;

    // The same asset URL serves byte ranges.
    let url = mp4_url(&first);
    let resp = send(srv.http.get(&url).header(RANGE, "bytes=100-199")).await;
    assert_eq!(
        resp.status(),
        StatusCode::PARTIAL_CONTENT,
        "Range request on {url}"
    );
    assert_eq!(
        header(&resp, CONTENT_RANGE.as_str()).as_deref(),
        Some(format!("bytes 100-199/{}", data.len()).as_str()),
        "Content-Range of the 206 answer"
    );
    let body = resp.bytes().await.expect("read the range");
    assert_eq!(&body[..], &data[100..200], "bytes 100-199 of the source");

    // A range at the end.
    let end = data.len();
    let resp = send(
        srv.http
            .get(&url)
            .header(RANGE, format!("bytes={}-", end - 10)),
    )
    .await;
    assert_eq!(
        resp.status(),
        StatusCode::PARTIAL_CONTENT,
        "open-ended Range request"
    );
    let body = resp.bytes().await.expect("read the range");
    assert_eq!(
        &body[..],
        &data[end - 10..],
        "the last 10 bytes of the source"
    );
}

/// The same upload, one chunk at a time in order, with a last chunk shorter than 5 MiB.
#[tokio::test]
async fn chunks_in_order_assemble_the_file() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let data = test_data(11 * MIB + 12345, 2);
    let video = srv
        .upload_in_chunks(&Target::token(&token), &data, MIN_CHUNK, None)
        .await;
    srv.assert_source(&video, &data).await;
}

/// A single request carrying the whole file as one `bytes 0-(n-1)/n` range completes it.
#[tokio::test]
async fn single_range_covering_the_whole_file_completes_it() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let data = test_data(300_000, 3);
    let video = srv
        .upload_ok(&Target::token(&token), Chunk::bytes(&data, 0..data.len()))
        .await;
    srv.assert_source(&video, &data).await;
}

#[tokio::test]
async fn whole_file_without_content_range_completes_it() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let data = test_data(1_234_567, 4);
    let video = srv
        .upload_ok(&Target::token(&token), Chunk::whole(&data))
        .await;
    srv.assert_source_sha256(&video, data.len(), &sha256_hex(&data))
        .await;
    let hls = srv.fetch(&hls_url(&video)).await;
    assert_eq!(hls.status(), StatusCode::OK, "assets.hls once complete");
}

/// Until the last byte arrives, `assets.hls` answers 202 with an empty body and
/// `assets.mp4` 404; afterwards hls is a non-empty playlist and mp4 the file.
#[tokio::test]
async fn assets_wait_for_the_upload_to_complete() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(6 * MIB, 5);
    let ranges = split(data.len(), MIN_CHUNK);

    let first = srv
        .upload_ok(&target, Chunk::bytes(&data, ranges[0].clone()))
        .await;
    let video_id = video_id_of(&first);

    let hls = srv.fetch(&hls_url(&first)).await;
    assert_eq!(
        hls.status(),
        StatusCode::ACCEPTED,
        "assets.hls before completion"
    );
    let body = hls.bytes().await.expect("read hls");
    assert!(
        body.is_empty(),
        "assets.hls before completion must have an empty body, got {} bytes",
        body.len()
    );
    srv.assert_source_missing(&first).await;
    let player = first["assets"]["player"].as_str().expect("assets.player");
    assert_eq!(
        srv.fetch(player).await.status(),
        StatusCode::OK,
        "assets.player before completion"
    );

    let last = srv
        .upload_ok(
            &target,
            Chunk::bytes(&data, ranges[1].clone()).video(&video_id),
        )
        .await;

    let hls = srv.fetch(&hls_url(&last)).await;
    assert_eq!(hls.status(), StatusCode::OK, "assets.hls after completion");
    let body = hls.text().await.expect("read hls");
    assert!(
        !body.trim().is_empty(),
        "assets.hls after completion is empty"
    );
    assert!(
        body.starts_with("#EXTM3U") && body.contains("source.mp4"),
        "assets.hls should be a playlist naming the source: {body}"
    );
    srv.assert_source(&last, &data).await;
    let thumbnail = last["assets"]["thumbnail"]
        .as_str()
        .expect("assets.thumbnail");
    let resp = srv.fetch(thumbnail).await;
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "assets.thumbnail after completion"
    );
    let kind = header(&resp, "content-type").unwrap_or_default();
    assert!(
        kind.contains("svg"),
        "assets.thumbnail is an SVG placeholder, Content-Type {kind:?}"
    );
}

/// The Node client names the file part after the file's base name; any field name works
/// as long as the part has a file name. The title defaults to that file name.
#[tokio::test]
async fn file_part_with_any_field_name() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let data = test_data(500_000, 6);
    let chunk = Chunk::whole(&data)
        .field("clip.mp4")
        .file_name(Some("clip.mp4"));
    let video = srv.upload_ok(&Target::token(&token), chunk).await;
    assert_eq!(
        video["title"], "clip.mp4",
        "the title defaults to the file name: {video}"
    );
    srv.assert_source(&video, &data).await;
}

/// The Node client sends the `videoId` part after the file part.
#[tokio::test]
async fn video_id_part_after_the_file_part() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(7 * MIB, 7);
    let ranges = split(data.len(), MIN_CHUNK);

    let first = srv
        .upload_ok(
            &target,
            Chunk::bytes(&data, ranges[0].clone())
                .field("movie.mp4")
                .file_name(Some("movie.mp4")),
        )
        .await;
    let video_id = video_id_of(&first);
    let chunk = Chunk::bytes(&data, ranges[1].clone())
        .field("movie.mp4")
        .file_name(Some("movie.mp4"))
        .video(&video_id)
        .video_id_after_file();
    let last = srv.upload_ok(&target, chunk).await;
    assert_eq!(last["videoId"], video_id.as_str());
    srv.assert_source(&last, &data).await;
}

/// Re-sending a chunk after completion (same range, same length) is accepted and the
/// file stays intact.
#[tokio::test]
async fn resending_a_chunk_after_completion_keeps_the_file_intact() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(11 * MIB, 8);
    let video = srv.upload_in_chunks(&target, &data, MIN_CHUNK, None).await;
    let video_id = video_id_of(&video);
    srv.assert_source(&video, &data).await;

    srv.upload_ok(
        &target,
        Chunk::bytes(&data, MIN_CHUNK..2 * MIN_CHUNK).video(&video_id),
    )
    .await;
    srv.assert_source(&video, &data).await;
}

/// Two uploads with the same token at the same time make two separate videos.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_uploads_with_one_token_stay_separate() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let a = test_data(6 * MIB, 9);
    let b = test_data(6 * MIB, 10);
    let (va, vb) = tokio::join!(
        srv.upload_in_chunks(&target, &a, MIN_CHUNK, None),
        srv.upload_in_chunks(&target, &b, MIN_CHUNK, None),
    );
    assert_ne!(
        va["videoId"], vb["videoId"],
        "two uploads got the same video"
    );
    srv.assert_source(&va, &a).await;
    srv.assert_source(&vb, &b).await;
}
