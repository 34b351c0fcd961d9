//! Acknowledged data survives a crash: the server is killed with SIGKILL mid-upload and
//! started again on the same data directory.

mod support;

use support::*;

#[tokio::test]
async fn upload_resumes_after_the_server_is_killed() {
    let mut srv = TestServer::start();
    let token = srv.new_token(Some(3600)).await;
    let target = Target::token(&token);
    let data = test_data(11 * MIB + 4321, 91);
    let ranges = split(data.len(), MIN_CHUNK);
    assert_eq!(ranges.len(), 3);

    let first = srv
        .upload_ok(&target, Chunk::bytes(&data, ranges[0].clone()))
        .await;
    let video_id = video_id_of(&first);
    srv.upload_ok(
        &target,
        Chunk::bytes(&data, ranges[1].clone()).video(&video_id),
    )
    .await;

    srv.restart(); // SIGKILL, then start again on the same data directory.

    // The token and the video are still there.
    assert_eq!(
        srv.list_token_ids("").await,
        vec![token.clone()],
        "tokens after the restart"
    );
    let video = srv.get_video(&video_id).await;
    srv.assert_source_missing(&video).await;

    let last = srv
        .upload_ok(
            &target,
            Chunk::bytes(&data, ranges[2].clone()).video(&video_id),
        )
        .await;
    assert_eq!(last["videoId"], video_id.as_str());
    srv.assert_source(&last, &data).await;
}

/// A completed source, and a PATCH, are still there after a SIGKILL.
#[tokio::test]
async fn completed_video_survives_a_kill() {
    let mut srv = TestServer::start();
    let token = srv.new_token(None).await;
    let data = test_data(6 * MIB, 92);
    let video = srv
        .upload_in_chunks(&Target::token(&token), &data, MIN_CHUNK, None)
        .await;
    let video_id = video_id_of(&video);
    let patch = serde_json::json!({ "title": "kept", "tags": ["a"] });
    expect_json(
        send(srv.patch(&format!("/videos/{video_id}")).json(&patch)).await,
        200,
    )
    .await;

    srv.restart();

    let video = srv.get_video(&video_id).await;
    assert_eq!(video["title"], "kept", "{video}");
    assert_eq!(video["tags"], serde_json::json!(["a"]), "{video}");
    srv.assert_source(&video, &data).await;
}

/// A deleted token stays deleted after a restart.
#[tokio::test]
async fn deleted_token_stays_deleted_after_a_kill() {
    let mut srv = TestServer::start();
    let token = srv.new_token(None).await;
    expect_empty(
        send(srv.delete(&format!("/upload-tokens/{token}"))).await,
        204,
    )
    .await;
    srv.restart();
    assert!(srv.list_token_ids("").await.is_empty());
    let resp = srv
        .upload(&Target::token(&token), Chunk::whole(&test_data(100, 93)))
        .await;
    assert_problem(resp, 404, "token").await;
}
