//! The command line: `token create` against the data directory of a running server (and
//! refusing one no server made), each command's `--help`, and starting without `serve` or
//! `--api-key`.

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

/// What `token create` says when the data folder is missing, word for word where it matters.
const NO_SERVER_DATA_FIX: &str = "Start the server first, or pass the server's --data-dir, \
                                  or --create-data-dir to make a new one.";

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run in a folder with no `data/` (the default `--data-dir ./data`), `token create` refuses
/// instead of making a database no server reads: exit code 1, nothing on stdout, a message
/// naming `--data-dir`, the folder it looked at (absolute) and the ways out, and no folder made.
#[tokio::test]
async fn token_create_refuses_a_missing_data_dir() {
    let empty = tempfile::tempdir().expect("temp dir");
    let args = ["token", "create", "--ttl", "60"];
    let mut cmd = cli_command(&args);
    cmd.current_dir(empty.path());
    let out = run_cli_with(cmd, &args).await;
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stdout_of(&out), "", "no token on stdout");
    let looked_at = empty
        .path()
        .canonicalize()
        .expect("canonical temp path")
        .join("data");
    assert!(
        stderr.contains(&format!("--data-dir {}:", looked_at.display())),
        "names --data-dir and {}: {stderr}",
        looked_at.display()
    );
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(stderr.contains(NO_SERVER_DATA_FIX), "{stderr}");
    assert!(
        !empty.path().join("data").exists(),
        "token create made ./data"
    );
}

/// A folder that exists but holds no server's database (say, made by hand) is refused too,
/// and left as it was.
#[tokio::test]
async fn token_create_refuses_a_folder_without_a_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_str().expect("utf-8 temp path").to_string();
    let out = run_cli(&["token", "create", "--data-dir", &path]).await;
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stdout_of(&out), "", "no token on stdout");
    assert!(
        stderr.contains(&format!("--data-dir {path}:")),
        "names --data-dir and {path}: {stderr}"
    );
    assert!(stderr.contains("has no upload-server.sqlite3"), "{stderr}");
    assert!(stderr.contains(NO_SERVER_DATA_FIX), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read the folder")
        .collect();
    assert!(left.is_empty(), "token create wrote into it: {left:?}");
}

/// `--create-data-dir` makes the folder (parents too) and its database on purpose; the token
/// made there is one a server started on that folder afterwards knows, and `token create`
/// then works there without the flag.
#[tokio::test]
async fn token_create_with_create_data_dir_makes_a_new_one() {
    let parent = tempfile::tempdir().expect("temp dir");
    let args = ["token", "create", "--create-data-dir", "--ttl", "600"];
    let mut cmd = cli_command(&args);
    cmd.current_dir(parent.path());
    let out = run_cli_with(cmd, &args).await;
    assert!(
        out.status.success(),
        "token create --create-data-dir failed: {:?}\nstderr: {}",
        out.status,
        stderr_of(&out)
    );
    let first = stdout_of(&out).trim().to_string();
    assert_token_id(&serde_json::Value::String(first.clone()));
    let data_dir = parent.path().join("data");
    assert!(
        data_dir.join("upload-server.sqlite3").is_file(),
        "no database in {}",
        data_dir.display()
    );

    let dir = data_dir.to_str().expect("utf-8 temp path").to_string();
    let out = run_cli(&["token", "create", "--data-dir", &dir]).await;
    assert!(
        out.status.success(),
        "token create on the folder --create-data-dir made: {}",
        stderr_of(&out)
    );
    let second = stdout_of(&out).trim().to_string();

    let srv = TestServer::start_with(Options {
        data_dir: Some(data_dir),
        ..Options::default()
    });
    assert_eq!(srv.list_token_ids("").await, vec![first, second]);
}

/// `token create` against the data folder of a server: see
/// `token_create_writes_into_a_running_servers_data_dir` and
/// `token_create_before_the_server_starts` above. The server's own variables in the
/// environment (as a shell that starts it may export them) do not get in its way, and
/// `UPLOAD_SERVER_DATA_DIR` names the folder.
#[tokio::test]
async fn token_create_ignores_the_servers_variables() {
    let srv = TestServer::start();
    let args = ["token", "create"];
    let mut cmd = cli_command(&args);
    cmd.env("UPLOAD_SERVER_DATA_DIR", srv.data_dir())
        .env("UPLOAD_SERVER_LISTEN", "127.0.0.1:1")
        .env("UPLOAD_SERVER_RATE_LIMIT", "3")
        .env("UPLOAD_SERVER_TLS_SELF_SIGNED", "true")
        .env("UPLOAD_SERVER_API_KEY", "env-key");
    let out = run_cli_with(cmd, &args).await;
    assert!(
        out.status.success(),
        "token create with the server's variables set: {}",
        stderr_of(&out)
    );
    let token = stdout_of(&out).trim().to_string();
    assert_eq!(srv.list_token_ids("").await, vec![token]);
}

/// The server creates its data folder (parents too) as it always has.
#[tokio::test]
async fn the_server_creates_its_data_dir() {
    let parent = tempfile::tempdir().expect("temp dir");
    let data_dir = parent.path().join("new").join("data");
    let srv = TestServer::start_with(Options {
        data_dir: Some(data_dir.clone()),
        ..Options::default()
    });
    assert!(data_dir.join("upload-server.sqlite3").is_file());
    expect_json(send(srv.get("/upload-tokens")).await, 200).await;
}

/// Each command's `--help` lists its own flags: `token create` none of the server's.
#[tokio::test]
async fn each_help_lists_only_its_own_flags() {
    const SERVER_FLAGS: &[&str] = &[
        "--listen",
        "--api-key",
        "--public-url",
        "--static-dir",
        "--tls",
        "--rate-limit",
        "--expired-token-grace",
    ];
    let help = |args: &'static [&'static str]| async move {
        let out = run_cli(args).await;
        assert!(
            out.status.success(),
            "upload-server {}: {}",
            args.join(" "),
            stderr_of(&out)
        );
        stdout_of(&out)
    };

    let create = help(&["token", "create", "--help"]).await;
    for flag in SERVER_FLAGS {
        assert!(
            !create.contains(flag),
            "`token create --help` mentions {flag}:\n{create}"
        );
    }
    for flag in ["--data-dir", "--create-data-dir", "--ttl", "--json"] {
        assert!(
            create.contains(flag),
            "`token create --help` lacks {flag}:\n{create}"
        );
    }

    let token = help(&["token", "--help"]).await;
    for flag in SERVER_FLAGS.iter().chain(&["--data-dir"]) {
        assert!(
            !token.contains(flag),
            "`token --help` mentions {flag}:\n{token}"
        );
    }

    for args in [&["--help"][..], &["serve", "--help"]] {
        let server = help(args).await;
        for flag in SERVER_FLAGS.iter().chain(&["--data-dir"]) {
            assert!(
                server.contains(flag),
                "`{}` lacks {flag}:\n{server}",
                args.join(" ")
            );
        }
        assert!(
            !server.contains("--create-data-dir") && !server.contains("--ttl"),
            "`{}` lists token create's flags:\n{server}",
            args.join(" ")
        );
    }
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
