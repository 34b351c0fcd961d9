//! The command line: `token create` against the data directory of a running server, and
//! starting without `serve` or `--api-key`.

mod support;

use support::*;

/// `upload-server token create --ttl 60 --data-dir DIR` prints a token that the running
/// server on DIR lists and accepts.
#[tokio::test]
async fn token_create_writes_into_a_running_servers_data_dir() {
    let srv = TestServer::start();
    let dir = srv
        .data_dir()
        .to_str()
        .expect("utf-8 temp path")
        .to_string();
    let out = run_cli(&["token", "create", "--ttl", "60", "--data-dir", &dir]).await;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "token create failed: {:?}\nstdout: {stdout}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let token = stdout.trim().to_string();
    assert_token_id(&serde_json::Value::String(token.clone()));

    let list = srv.list_tokens("").await;
    assert_eq!(
        ids(&list, "token"),
        vec![token.clone()],
        "the running server's list: {list}"
    );
    assert_eq!(list["data"][0]["ttl"], 60, "{list}");
    let got = expect_json(send(srv.get(&format!("/upload-tokens/{token}"))).await, 200).await;
    assert_eq!(got["ttl"], 60, "{got}");

    let data = test_data(6 * MIB, 101);
    let video = srv
        .upload_in_chunks(&Target::token(&token), &data, MIN_CHUNK, None)
        .await;
    srv.assert_source(&video, &data).await;
}

#[tokio::test]
async fn token_create_json_prints_the_token_object() {
    let srv = TestServer::start();
    let dir = srv
        .data_dir()
        .to_str()
        .expect("utf-8 temp path")
        .to_string();
    let out = run_cli(&["token", "create", "--json", "--data-dir", &dir]).await;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "token create --json failed: {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let token: serde_json::Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"));
    assert_token_id(&token["token"]);
    assert_eq!(token["ttl"], 0, "{token}");
    assert!(token["expiresAt"].is_null(), "{token}");
    parse_date(&token["createdAt"]);
    let id = token["token"].as_str().expect("token id");
    let data = test_data(1000, 102);
    let video = srv.upload_ok(&Target::token(id), Chunk::whole(&data)).await;
    srv.assert_source(&video, &data).await;
}

/// `token create` works on a data directory with no server running, and the server
/// started on it later knows the token.
#[tokio::test]
async fn token_create_before_the_server_starts() {
    let mut srv = TestServer::start();
    srv.kill();
    let dir = srv
        .data_dir()
        .to_str()
        .expect("utf-8 temp path")
        .to_string();
    let out = run_cli(&["token", "create", "--ttl", "600", "--data-dir", &dir]).await;
    assert!(
        out.status.success(),
        "token create failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    srv.restart();
    assert_eq!(srv.list_token_ids("").await, vec![token]);
}

/// Without `serve` and `--api-key`, the server generates a key, prints it, keeps it in
/// `<data-dir>/api-key`, and prints the same one on the next start.
#[tokio::test]
async fn generated_api_key_is_printed_kept_and_reused() {
    let mut srv = TestServer::start_with(Options {
        api_key: None,
        serve_subcommand: false,
        ..Options::default()
    });
    let key = srv.api_key.clone();
    assert!(!key.is_empty(), "empty generated key");
    assert_ne!(key, API_KEY);
    let kept =
        std::fs::read_to_string(srv.data_dir().join("api-key")).expect("read <data-dir>/api-key");
    assert_eq!(kept.trim(), key, "the key kept in <data-dir>/api-key");
    expect_json(send(srv.get("/upload-tokens")).await, 200).await;

    srv.restart();
    assert_eq!(srv.api_key, key, "the key printed on the second start");
    expect_json(send(srv.get("/upload-tokens")).await, 200).await;
}

/// The startup lines are exactly as documented.
#[tokio::test]
async fn startup_prints_the_key_and_the_address() {
    let srv = TestServer::start();
    let lines: Vec<&str> = srv
        .stdout_lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert!(lines.contains(&"api key: test-key"), "stdout: {lines:?}");
    assert_eq!(
        lines.last().copied(),
        Some(format!("listening on {}", srv.base).as_str()),
        "stdout: {lines:?}"
    );
}

/// Every flag has an environment variable, e.g. `UPLOAD_SERVER_API_KEY`, `UPLOAD_SERVER_RATE_LIMIT`.
#[tokio::test]
async fn flags_can_come_from_the_environment() {
    let srv = TestServer::start_with(Options {
        api_key: None,
        env: vec![
            ("UPLOAD_SERVER_API_KEY".to_string(), "env-key".to_string()),
            ("UPLOAD_SERVER_RATE_LIMIT".to_string(), "3".to_string()),
        ],
        ..Options::default()
    });
    assert_eq!(srv.api_key, "env-key", "stdout: {:?}", srv.stdout_lines);
    let resp = send(srv.get("/upload-tokens")).await;
    assert_eq!(header(&resp, "x-ratelimit-limit").as_deref(), Some("3"));
    expect_json(resp, 200).await;
}

/// `--public-url` is the origin put in asset URLs.
#[tokio::test]
async fn public_url_is_used_in_asset_urls() {
    let srv = TestServer::start_args(&["--public-url", "https://videos.example.test:8443"]);
    let video = srv.create_video("public").await;
    let id = video_id_of(&video);
    assert_eq!(
        video["assets"]["mp4"],
        format!("https://videos.example.test:8443/vod/{id}/mp4/source.mp4"),
        "{video}"
    );
    assert_eq!(
        video["assets"]["player"],
        format!("https://videos.example.test:8443/vod/{id}"),
        "{video}"
    );
}

/// `--static-dir /PREFIX=DIR` serves DIR under /PREFIX, and `--static-dir DIR` at the root,
/// next to the API.
#[tokio::test]
async fn static_dirs_are_served() {
    let www = tempfile::tempdir().expect("temp dir");
    std::fs::write(www.path().join("hello.txt"), "hello from www").expect("write a static file");
    let demo = tempfile::tempdir().expect("temp dir");
    std::fs::write(demo.path().join("page.html"), "<p>demo</p>").expect("write a static file");
    let www_arg = www.path().to_str().expect("utf-8 path").to_string();
    let demo_arg = format!("/demo={}", demo.path().to_str().expect("utf-8 path"));
    let srv = TestServer::start_args(&["--static-dir", &demo_arg, "--static-dir", &www_arg]);

    let resp = srv.fetch(&srv.url("/hello.txt")).await;
    assert_eq!(resp.status(), reqwest::StatusCode::OK, "GET /hello.txt");
    assert_eq!(resp.text().await.expect("body"), "hello from www");
    let resp = srv.fetch(&srv.url("/demo/page.html")).await;
    assert_eq!(
        resp.status(),
        reqwest::StatusCode::OK,
        "GET /demo/page.html"
    );
    assert_eq!(resp.text().await.expect("body"), "<p>demo</p>");
    // The API is still there.
    expect_json(send(srv.get("/upload-tokens")).await, 200).await;
}
