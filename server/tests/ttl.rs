//! Token expiry: an expired token is no longer listed and cannot start an upload, but the
//! videos it began keep taking chunks for the grace period (`--expired-token-grace`).
//!
//! The ttls here are 2 s rather than 1 s: a server that keeps `createdAt` in whole seconds
//! may expire a 1 s token only a few milliseconds after creating it, which would make the
//! "before expiry" step flaky. With 2 s every step below keeps at least 0.5 s of margin.

mod support;

use std::time::{Duration, Instant};

use support::*;

/// Sleeps until `at` after `start`.
async fn sleep_until(start: Instant, at: Duration) {
    tokio::time::sleep_until((start + at).into()).await;
}

fn assert_title_says_expired(body: &serde_json::Value) {
    let title = body["title"].as_str().unwrap_or_default();
    assert!(
        title.to_lowercase().contains("expired"),
        "the title should say the token expired: {body}"
    );
}

#[tokio::test]
async fn expired_token_is_unlisted_and_refused_but_its_upload_continues() {
    let srv = TestServer::start();
    let start = Instant::now();
    let token = srv.new_token(Some(2)).await;
    let forever = srv.new_token(None).await;
    let target = Target::token(&token);
    assert_eq!(
        srv.list_token_ids("").await,
        vec![token.clone(), forever.clone()],
        "right after creation"
    );

    let data = test_data(11 * MIB, 81);
    let first = srv
        .upload_ok(&target, Chunk::bytes(&data, 0..MIN_CHUNK))
        .await;
    let video_id = video_id_of(&first);
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "the first chunk took too long for this test"
    );

    sleep_until(start, Duration::from_millis(2500)).await;
    assert_eq!(
        srv.list_token_ids("").await,
        vec![forever.clone()],
        "after expiry only the other token is listed"
    );
    let list = srv.list_tokens("").await;
    assert_eq!(list["pagination"]["itemsTotal"], 1, "{list}");

    // A new upload is refused, whole file or first chunk.
    let resp = srv.upload(&target, Chunk::whole(&data[..1000])).await;
    assert_title_says_expired(&assert_problem(resp, 403, "token").await);
    let resp = srv.upload(&target, Chunk::bytes(&data, 0..MIN_CHUNK)).await;
    assert_title_says_expired(&assert_problem(resp, 403, "token").await);

    // The upload it began before expiring goes on (default grace: 24 h).
    let mut last = first.clone();
    for range in split(data.len(), MIN_CHUNK).into_iter().skip(1) {
        last = srv
            .upload_ok(&target, Chunk::bytes(&data, range).video(&video_id))
            .await;
    }
    srv.assert_source(&last, &data).await;
}

/// With `--expired-token-grace 3` and a 2 s token: a chunk before expiry and one inside the
/// grace are accepted, one after ttl + grace is refused with 403 `token`.
#[tokio::test]
async fn chunks_after_the_grace_period_are_refused() {
    let srv = TestServer::start_args(&["--expired-token-grace", "3"]);
    let start = Instant::now();
    let token = srv.new_token(Some(2)).await;
    let target = Target::token(&token);
    let data = test_data(16 * MIB, 82);
    let ranges = split(data.len(), MIN_CHUNK);

    // Before expiry (t < 1 s).
    let first = srv
        .upload_ok(&target, Chunk::bytes(&data, ranges[0].clone()))
        .await;
    let video_id = video_id_of(&first);
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "the first chunk took too long for this test"
    );

    // Inside the grace: expired (t > 2 s) but before ttl + grace (5 s, or 4 s with whole seconds).
    sleep_until(start, Duration::from_millis(2600)).await;
    let resp = srv.upload(&target, Chunk::whole(&data[..1000])).await;
    assert_title_says_expired(&assert_problem(resp, 403, "token").await);
    srv.upload_ok(
        &target,
        Chunk::bytes(&data, ranges[1].clone()).video(&video_id),
    )
    .await;
    assert!(
        start.elapsed() < Duration::from_millis(3500),
        "the chunk inside the grace took too long for this test"
    );

    // After ttl + grace (t > 5 s).
    sleep_until(start, Duration::from_millis(5600)).await;
    let resp = srv
        .upload(
            &target,
            Chunk::bytes(&data, ranges[2].clone()).video(&video_id),
        )
        .await;
    assert_title_says_expired(&assert_problem(resp, 403, "token").await);

    // The API key can still complete the video; what the token wrote is intact.
    let source = Target::source(&video_id);
    srv.upload_ok(&source, Chunk::bytes(&data, ranges[2].clone()))
        .await;
    let last = srv
        .upload_ok(&source, Chunk::bytes(&data, ranges[3].clone()))
        .await;
    srv.assert_source(&last, &data).await;
}

/// An expired token is not listed in any sort order, nor counted on any page.
#[tokio::test]
async fn expired_tokens_are_not_listed_by_ttl() {
    let srv = TestServer::start();
    let start = Instant::now();
    let short = srv.new_token(Some(2)).await;
    let long = srv.new_token(Some(3600)).await;
    assert_eq!(
        srv.list_token_ids("?sortBy=ttl&sortOrder=asc").await,
        vec![short.clone(), long.clone()]
    );
    sleep_until(start, Duration::from_millis(2500)).await;
    assert_eq!(
        srv.list_token_ids("?sortBy=ttl&sortOrder=asc").await,
        vec![long.clone()]
    );
    assert_eq!(
        srv.list_token_ids("?sortBy=ttl&sortOrder=desc&pageSize=1")
            .await,
        vec![long.clone()]
    );
    let list = srv.list_tokens("?pageSize=1").await;
    assert_pagination(&list, "/upload-tokens", "", 1, 1, 1);
}
