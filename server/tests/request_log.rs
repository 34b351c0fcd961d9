//! The request log (the server's stderr): one line per request with its method, path, status
//! and duration, and never an upload token, neither from the query (`/upload?token=…`,
//! `/_local/stats?token=…`) nor from the path (`/upload-tokens/{token}`).

mod support;

use std::time::{Duration, Instant};

use support::*;

/// The log once it has a line for each of `paths` (the lines are written before the answers
/// are sent, so this only guards against a slow file system).
async fn log_with(srv: &TestServer, paths: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let log = srv.log();
        if paths.iter().all(|path| log.contains(path)) || Instant::now() > deadline {
            return log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The one line logged for `method` on `path` with `status`.
fn line<'a>(log: &'a str, method: &str, path: &str, status: u16) -> &'a str {
    let span = format!("request{{method={method} path={path}}}");
    let status = format!("status={status} ");
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(&span) && l.contains(&status))
        .collect();
    assert_eq!(lines.len(), 1, "one `{span}` line with {status}in:\n{log}");
    lines[0]
}

#[tokio::test]
async fn the_log_says_each_request_and_no_upload_token() {
    let srv = TestServer::start_with(Options {
        // Whatever the caller's shell says, the default level.
        env: vec![("RUST_LOG".into(), "info".into())],
        ..Options::default()
    });
    let token = srv.new_token(None).await;
    let data = test_data(1000, 7);
    srv.upload_ok(&Target::token(&token), Chunk::whole(&data))
        .await;
    let unknown = "toUnknownUnknownUnknown1";
    let refused = srv
        .upload(&Target::token(unknown), Chunk::whole(&data))
        .await;
    assert_eq!(refused.status(), 404);
    expect_json(
        send(srv.anon(
            reqwest::Method::GET,
            &format!("/_local/stats?token={token}"),
        ))
        .await,
        200,
    )
    .await;
    expect_json(send(srv.get(&format!("/upload-tokens/{token}"))).await, 200).await;

    let log = log_with(
        &srv,
        &[
            "path=/upload}",
            "path=/_local/stats}",
            "path=/upload-tokens/…}",
        ],
    )
    .await;
    for secret in [token.as_str(), unknown] {
        assert!(
            !log.contains(secret),
            "the log shows the token {secret}:\n{log}"
        );
    }
    let upload = line(&log, "POST", "/upload", 201);
    assert!(upload.contains(" INFO "), "{upload}");
    let latency = upload
        .split_once("latency=")
        .and_then(|(_, rest)| rest.strip_suffix("ms"))
        .unwrap_or_else(|| panic!("no `latency=…ms` at the end of: {upload}"));
    latency
        .parse::<f64>()
        .unwrap_or_else(|e| panic!("latency `{latency}` ({e}) in: {upload}"));
    line(&log, "POST", "/upload", 404);
    line(&log, "GET", "/_local/stats", 200);
    line(&log, "GET", "/upload-tokens/…", 200);
    line(&log, "POST", "/upload-tokens", 200);
}
