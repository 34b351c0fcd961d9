//! Shared harness for the `upload-server` integration tests.
//!
//! Every test starts its own server process (the real binary) on `127.0.0.1:0` with a
//! temporary data directory and `--api-key test-key`, waits for the
//! `listening on http://127.0.0.1:PORT` line on its stdout, and talks HTTP to it.
//! The child is killed when the [`TestServer`] is dropped, so tests can run in parallel.
#![allow(dead_code)]

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use reqwest::header::{AUTHORIZATION, CONTENT_RANGE, CONTENT_TYPE, HeaderValue};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

/// 1 MiB = 1,048,576 bytes.
pub const MIB: usize = 1024 * 1024;
/// The smallest chunk that is not the last one.
pub const MIN_CHUNK: usize = 5 * MIB;
pub const API_KEY: &str = "test-key";
pub const BIN: &str = env!("CARGO_BIN_EXE_upload-server");
/// Runs the tests against another build of the server, e.g. the release one:
/// `UPLOAD_SERVER_TEST_BIN=$PWD/target/release/upload-server cargo test -p upload-server`
/// (an absolute path: the tests run in `server/`).
pub const BIN_OVERRIDE: &str = "UPLOAD_SERVER_TEST_BIN";

/// The server binary the tests start: [`BIN_OVERRIDE`] when set, else this build's.
pub fn bin() -> String {
    std::env::var(BIN_OVERRIDE)
        .ok()
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| BIN.to_string())
}

/// How long a server may take to print its `listening on` line.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// Upper bound for any single HTTP exchange, so that nothing hangs.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Environment variables the server reads; removed so the caller's shell cannot interfere.
const SERVER_ENV: &[&str] = &[
    "UPLOAD_SERVER_LISTEN",
    "UPLOAD_SERVER_DATA_DIR",
    "UPLOAD_SERVER_API_KEY",
    "UPLOAD_SERVER_PUBLIC_URL",
    "UPLOAD_SERVER_STATIC_DIR",
    "UPLOAD_SERVER_TLS_SELF_SIGNED",
    "UPLOAD_SERVER_TLS_CERT",
    "UPLOAD_SERVER_TLS_KEY",
    "UPLOAD_SERVER_RATE_LIMIT",
    "UPLOAD_SERVER_EXPIRED_TOKEN_GRACE",
];

// ---------------------------------------------------------------------------------------------
// Server process
// ---------------------------------------------------------------------------------------------

/// How to start a test server.
#[derive(Clone, Debug)]
pub struct Options {
    /// `--api-key`; `None` lets the server generate (or reuse) one.
    pub api_key: Option<String>,
    /// Pass the `serve` subcommand explicitly (it is the default either way).
    pub serve_subcommand: bool,
    /// Further command-line arguments, e.g. `["--rate-limit", "5"]`.
    pub args: Vec<String>,
    /// Environment variables for the server process.
    pub env: Vec<(String, String)>,
    /// `--data-dir`: this folder (made by the test, or one the server is to create) instead
    /// of a fresh temporary one.
    pub data_dir: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            api_key: Some(API_KEY.to_string()),
            serve_subcommand: true,
            args: Vec::new(),
            env: Vec::new(),
            data_dir: None,
        }
    }
}

impl Options {
    pub fn with_args(args: &[&str]) -> Self {
        Options {
            args: args.iter().map(|s| s.to_string()).collect(),
            ..Options::default()
        }
    }
}

/// A running `upload-server` child process with its own temporary data directory.
pub struct TestServer {
    child: Option<Child>,
    data_dir: TempDir,
    log_dir: TempDir,
    options: Options,
    starts: usize,
    /// The stdout lines printed up to and including `listening on …`.
    pub stdout_lines: Vec<String>,
    pub api: Api,
}

impl std::ops::Deref for TestServer {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}

impl TestServer {
    /// `upload-server serve --listen 127.0.0.1:0 --data-dir <tmp> --api-key test-key`.
    pub fn start() -> TestServer {
        Self::start_with(Options::default())
    }

    /// Same, with extra arguments such as `--rate-limit 5`.
    pub fn start_args(args: &[&str]) -> TestServer {
        Self::start_with(Options::with_args(args))
    }

    pub fn start_with(options: Options) -> TestServer {
        let data_dir = tempfile::Builder::new()
            .prefix("upload-server-data-")
            .tempdir()
            .expect("create a temporary data directory");
        let log_dir = tempfile::Builder::new()
            .prefix("upload-server-log-")
            .tempdir()
            .expect("create a temporary log directory");
        let mut server = TestServer {
            child: None,
            data_dir,
            log_dir,
            options,
            starts: 0,
            stdout_lines: Vec::new(),
            api: Api::new(String::new(), String::new()),
        };
        server.spawn();
        server
    }

    pub fn data_dir(&self) -> &Path {
        self.options
            .data_dir
            .as_deref()
            .unwrap_or_else(|| self.data_dir.path())
    }

    /// The server process's id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Kills the server with SIGKILL (no chance to flush or clean up) and waits for it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Kills the server (SIGKILL) and starts it again on the same data directory.
    /// The port changes, and with it `api.base` and the asset URLs.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    fn log_path(&self) -> PathBuf {
        self.log_dir
            .path()
            .join(format!("server-{}.log", self.starts))
    }

    /// The server's stderr so far (its log), for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    fn spawn(&mut self) {
        self.starts += 1;
        let log = File::create(self.log_path()).expect("create the server log file");
        let mut cmd = Command::new(bin());
        if self.options.serve_subcommand {
            cmd.arg("serve");
        }
        cmd.arg("--listen")
            .arg("127.0.0.1:0")
            .arg("--data-dir")
            .arg(self.data_dir());
        if let Some(key) = &self.options.api_key {
            cmd.arg("--api-key").arg(key);
        }
        cmd.args(&self.options.args);
        for var in SERVER_ENV {
            cmd.env_remove(var);
        }
        for (name, value) in &self.options.env {
            cmd.env(name, value);
        }
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log));
        let mut child = cmd.spawn().expect("spawn the upload-server binary");
        let stdout = child.stdout.take().expect("the child's stdout is piped");

        // A thread reads stdout for as long as the child lives, so the pipe never fills up.
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });

        let deadline = Instant::now() + START_TIMEOUT;
        let mut lines = Vec::new();
        let base = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    let found = line
                        .trim()
                        .strip_prefix("listening on ")
                        .map(|rest| rest.trim().trim_end_matches('/').to_string());
                    lines.push(line);
                    if let Some(base) = found {
                        break base;
                    }
                }
                Err(err) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "upload-server did not print `listening on …` ({err:?}); stdout: {lines:?}; stderr:\n{}",
                        self.log()
                    );
                }
            }
        };
        assert!(
            base.starts_with("http://127.0.0.1:"),
            "unexpected listening line, stdout: {lines:?}"
        );
        let api_key = match &self.options.api_key {
            Some(key) => key.clone(),
            None => lines
                .iter()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("api key: ")
                        .map(|k| k.trim().to_string())
                })
                .unwrap_or_else(|| panic!("no `api key: …` line before `listening on`: {lines:?}")),
        };
        self.api = Api::new(base, api_key);
        self.stdout_lines = lines;
        self.child = Some(child);
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            eprintln!(
                "---- upload-server stderr (last lines) ----\n{}",
                tail.join("\n")
            );
        }
    }
}

/// Runs `upload-server <args>` as a command (not a server) and returns its output.
pub async fn run_cli(args: &[&str]) -> std::process::Output {
    run_cli_with(cli_command(args), args).await
}

/// `upload-server <args>` as a command (not a server), without the caller's `UPLOAD_SERVER_*`
/// variables, for a test to give it a working directory or an environment before
/// [`run_cli_with`].
pub fn cli_command(args: &[&str]) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(bin());
    cmd.args(args).kill_on_drop(true).stdin(Stdio::null());
    for var in SERVER_ENV {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs a [`cli_command`] (made with `args`) and returns its output.
pub async fn run_cli_with(mut cmd: tokio::process::Command, args: &[&str]) -> std::process::Output {
    tokio::time::timeout(Duration::from_secs(30), cmd.output())
        .await
        .unwrap_or_else(|_| {
            panic!(
                "`upload-server {}` did not finish within 30 s",
                args.join(" ")
            )
        })
        .expect("run the upload-server binary")
}

// ---------------------------------------------------------------------------------------------
// HTTP API helpers
// ---------------------------------------------------------------------------------------------

/// `Authorization: Basic base64("<key>:")`.
pub fn basic_auth(key: &str) -> String {
    format!("Basic {}", base64(format!("{key}:").as_bytes()))
}

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// Standard base64 with padding (kept here so the tests need no extra crate).
pub fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for group in input.chunks(3) {
        let b = [
            group[0],
            *group.get(1).unwrap_or(&0),
            *group.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Where an upload goes.
#[derive(Clone, Debug)]
pub enum Target {
    /// `POST /upload?token=<token>`.
    Token(String),
    /// `POST /videos/{videoId}/source` with this `Authorization` header value.
    Source {
        video_id: String,
        authorization: String,
    },
}

impl Target {
    pub fn token(token: &str) -> Target {
        Target::Token(token.to_string())
    }
    /// `POST /videos/{id}/source` authenticated with the test API key (Basic).
    pub fn source(video_id: &str) -> Target {
        Target::Source {
            video_id: video_id.to_string(),
            authorization: basic_auth(API_KEY),
        }
    }
    pub fn is_token(&self) -> bool {
        matches!(self, Target::Token(_))
    }
}

/// One upload request: a multipart body with a file part and maybe a `videoId` part.
#[derive(Clone, Debug)]
pub struct Chunk {
    pub data: Vec<u8>,
    /// The `Content-Range` header, if any (bytes: a header need not be text).
    pub content_range: Option<HeaderValue>,
    /// The `videoId` text part, if any.
    pub video_id: Option<String>,
    /// The file part's field name (`file` in the browser uploader).
    pub field_name: String,
    /// The file part's file name; `None` makes it a part without a file name.
    pub file_name: Option<String>,
    /// Put the `videoId` part after the file part (the Node client's order).
    pub video_id_after_file: bool,
}

impl Chunk {
    /// The whole file in one request, no `Content-Range`.
    pub fn whole(data: &[u8]) -> Chunk {
        Chunk {
            data: data.to_vec(),
            content_range: None,
            video_id: None,
            field_name: "file".to_string(),
            file_name: Some("video.mp4".to_string()),
            video_id_after_file: false,
        }
    }

    /// `data[range]` with `Content-Range: bytes first-last/total`.
    pub fn bytes(data: &[u8], range: Range<usize>) -> Chunk {
        let header = bytes_range(&range, data.len());
        Chunk::whole(&data[range]).range(&header)
    }

    /// `data[range]` with `Content-Range: part n/m` (or `part n/*` when `count` is `None`).
    pub fn part(data: &[u8], range: Range<usize>, n: usize, count: Option<usize>) -> Chunk {
        let header = match count {
            Some(m) => format!("part {n}/{m}"),
            None => format!("part {n}/*"),
        };
        Chunk::whole(&data[range]).range(&header)
    }

    /// Any bytes with any `Content-Range` value.
    pub fn raw(data: Vec<u8>, content_range: &str) -> Chunk {
        let mut chunk = Chunk::whole(&[]);
        chunk.data = data;
        chunk.range(content_range)
    }

    pub fn range(self, header: &str) -> Chunk {
        self.range_bytes(header.as_bytes())
    }
    /// Any bytes HTTP allows in a header value (no control characters but tab).
    pub fn range_bytes(mut self, header: &[u8]) -> Chunk {
        let value = HeaderValue::from_bytes(header)
            .unwrap_or_else(|e| panic!("{header:?} is not a header value: {e}"));
        self.content_range = Some(value);
        self
    }
    pub fn video(mut self, video_id: &str) -> Chunk {
        self.video_id = Some(video_id.to_string());
        self
    }
    pub fn maybe_video(mut self, video_id: Option<&str>) -> Chunk {
        self.video_id = video_id.map(str::to_string);
        self
    }
    pub fn field(mut self, name: &str) -> Chunk {
        self.field_name = name.to_string();
        self
    }
    pub fn file_name(mut self, name: Option<&str>) -> Chunk {
        self.file_name = name.map(str::to_string);
        self
    }
    pub fn video_id_after_file(mut self) -> Chunk {
        self.video_id_after_file = true;
        self
    }

    fn into_form(self) -> Form {
        let mut form = Form::new();
        if !self.video_id_after_file
            && let Some(id) = &self.video_id
        {
            form = form.text("videoId", id.clone());
        }
        let mut part = Part::bytes(self.data);
        if let Some(name) = &self.file_name {
            part = part
                .file_name(name.clone())
                .mime_str("video/mp4")
                .expect("a valid mime type");
        }
        form = form.part(self.field_name.clone(), part);
        if self.video_id_after_file
            && let Some(id) = &self.video_id
        {
            form = form.text("videoId", id.clone());
        }
        form
    }
}

/// `bytes first-last/total` for a half-open range.
pub fn bytes_range(range: &Range<usize>, total: usize) -> String {
    format!("bytes {}-{}/{}", range.start, range.end - 1, total)
}

/// Splits `0..total` into consecutive ranges of `size` bytes (the last one shorter).
pub fn split(total: usize, size: usize) -> Vec<Range<usize>> {
    (0..total)
        .step_by(size)
        .map(|start| start..(start + size).min(total))
        .collect()
}

/// A client for one server: base URL, API key, and a shared `reqwest::Client`.
#[derive(Clone, Debug)]
pub struct Api {
    pub base: String,
    pub api_key: String,
    pub http: Client,
}

impl Api {
    pub fn new(base: String, api_key: String) -> Api {
        let http = Client::builder()
            .no_proxy()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .expect("build a reqwest client");
        Api {
            base,
            api_key,
            http,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A request without credentials.
    pub fn anon(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path))
    }

    /// A request with `Authorization: Basic base64("test-key:")`.
    pub fn with_key(&self, method: Method, path: &str) -> RequestBuilder {
        self.anon(method, path)
            .header(AUTHORIZATION, basic_auth(&self.api_key))
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.with_key(Method::GET, path)
    }
    pub fn post(&self, path: &str) -> RequestBuilder {
        self.with_key(Method::POST, path)
    }
    pub fn patch(&self, path: &str) -> RequestBuilder {
        self.with_key(Method::PATCH, path)
    }
    pub fn delete(&self, path: &str) -> RequestBuilder {
        self.with_key(Method::DELETE, path)
    }

    /// GET an absolute URL (an asset URL) without credentials.
    pub async fn fetch(&self, url: &str) -> Response {
        self.http
            .get(url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"))
    }

    /// `POST /upload-tokens` with `{"ttl": ttl}` (or `{}`), expecting 200; returns the token object.
    pub async fn create_token(&self, ttl: Option<i64>) -> Value {
        let body = match ttl {
            Some(ttl) => json!({ "ttl": ttl }),
            None => json!({}),
        };
        let resp = send(self.post("/upload-tokens").json(&body)).await;
        let token = expect_json(resp, 200).await;
        assert_token_id(&token["token"]);
        token
    }

    /// Creates a token and returns its id.
    pub async fn new_token(&self, ttl: Option<i64>) -> String {
        self.create_token(ttl).await["token"]
            .as_str()
            .expect("token is a string")
            .to_string()
    }

    /// `GET /upload-tokens<query>` with the API key, expecting 200.
    pub async fn list_tokens(&self, query: &str) -> Value {
        expect_json(send(self.get(&format!("/upload-tokens{query}"))).await, 200).await
    }

    /// The token ids of `GET /upload-tokens<query>`'s `data`, in order.
    pub async fn list_token_ids(&self, query: &str) -> Vec<String> {
        ids(&self.list_tokens(query).await, "token")
    }

    /// `POST /videos {"title": title}`, expecting 201; returns the video object.
    pub async fn create_video(&self, title: &str) -> Value {
        let resp = send(self.post("/videos").json(&json!({ "title": title }))).await;
        let video = expect_json(resp, 201).await;
        assert_video_id(&video["videoId"]);
        video
    }

    /// `GET /videos/{id}` expecting 200.
    pub async fn get_video(&self, id: &str) -> Value {
        expect_json(send(self.get(&format!("/videos/{id}"))).await, 200).await
    }

    /// Sends one upload request and returns the raw response.
    pub async fn upload(&self, target: &Target, chunk: Chunk) -> Response {
        let content_range = chunk.content_range.clone();
        let mut req = match target {
            Target::Token(token) => self
                .http
                .post(self.url("/upload"))
                .query(&[("token", token.as_str())]),
            Target::Source {
                video_id,
                authorization,
            } => self
                .http
                .post(self.url(&format!("/videos/{video_id}/source")))
                .header(AUTHORIZATION, authorization.as_str()),
        };
        if let Some(range) = content_range {
            req = req.header(CONTENT_RANGE, range);
        }
        send(req.multipart(chunk.into_form())).await
    }

    /// Sends one upload request, expects 201 with a video object, and returns it.
    pub async fn upload_ok(&self, target: &Target, chunk: Chunk) -> Value {
        let what = format!(
            "{:?} {:?} ({} bytes)",
            target,
            chunk.content_range,
            chunk.data.len()
        );
        let expected_id = chunk.video_id.clone().or_else(|| match target {
            Target::Source { video_id, .. } => Some(video_id.clone()),
            Target::Token(_) => None,
        });
        let resp = self.upload(target, chunk).await;
        let status = resp.status();
        let text = resp.text().await.expect("read the upload answer");
        assert_eq!(
            status,
            StatusCode::CREATED,
            "upload {what}: answer {status}: {text}"
        );
        let video: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("upload {what}: answer is not JSON ({e}): {text}"));
        assert_video_object(&video);
        if let Some(id) = expected_id {
            assert_eq!(
                video["videoId"], id,
                "upload {what}: the answer is another video: {video}"
            );
        }
        video
    }

    /// Uploads `data` in `chunk_size` chunks with `bytes` ranges, in order, one at a time.
    /// With a token and no `video_id`, the first chunk creates the video.
    pub async fn upload_in_chunks(
        &self,
        target: &Target,
        data: &[u8],
        chunk_size: usize,
        video_id: Option<&str>,
    ) -> Value {
        let mut id = video_id.map(str::to_string);
        let mut last = Value::Null;
        for range in split(data.len(), chunk_size) {
            let mut chunk = Chunk::bytes(data, range);
            if target.is_token() {
                chunk = chunk.maybe_video(id.as_deref());
            }
            last = self.upload_ok(target, chunk).await;
            id = Some(video_id_of(&last));
        }
        last
    }

    /// Fetches `assets.mp4` of `video` and checks it is `data` byte for byte.
    /// (Compares the bytes; the SHA-256s, slow in a debug build, are computed on a mismatch.)
    pub async fn assert_source(&self, video: &Value, data: &[u8]) {
        let (url, body) = self.fetch_source(video).await;
        if body[..] != data[..] {
            let at = body
                .iter()
                .zip(data)
                .position(|(a, b)| a != b)
                .unwrap_or(body.len().min(data.len()));
            panic!(
                "GET {url}: the assembled source differs from the file: {} bytes (SHA-256 {}) instead of {} (SHA-256 {}), first difference at byte {at}",
                body.len(),
                sha256_hex(&body),
                data.len(),
                sha256_hex(data),
            );
        }
    }

    /// Fetches `assets.mp4` of `video` and checks its length and SHA-256.
    pub async fn assert_source_sha256(&self, video: &Value, len: usize, sha256: &str) {
        let (url, body) = self.fetch_source(video).await;
        assert_eq!(body.len(), len, "GET {url}: length of the assembled source");
        assert_eq!(
            sha256_hex(&body),
            sha256,
            "GET {url}: SHA-256 of the assembled source"
        );
    }

    /// GET `assets.mp4`, expecting 200; returns the URL and the body.
    pub async fn fetch_source(&self, video: &Value) -> (String, Vec<u8>) {
        let url = mp4_url(video);
        let resp = self.fetch(&url).await;
        let status = resp.status();
        let body = resp.bytes().await.expect("read the mp4 asset");
        assert_eq!(
            status,
            StatusCode::OK,
            "GET {url}: {}",
            String::from_utf8_lossy(&body[..body.len().min(500)])
        );
        (url, body.to_vec())
    }

    /// Checks that `assets.mp4` is not there yet (the upload is incomplete).
    pub async fn assert_source_missing(&self, video: &Value) {
        let url = mp4_url(video);
        let status = self.fetch(&url).await.status();
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "GET {url} before the upload is complete"
        );
    }
}

/// Sends a request, panicking with the error if there is no answer at all.
pub async fn send(req: RequestBuilder) -> Response {
    req.send()
        .await
        .unwrap_or_else(|e| panic!("request failed without an answer: {e:?}"))
}

/// Checks the status (showing the body if it differs) and parses the body as JSON.
pub async fn expect_json(resp: Response, status: u16) -> Value {
    let got = resp.status();
    let url = resp.url().to_string();
    let text = resp.text().await.expect("read the answer body");
    assert_eq!(
        got.as_u16(),
        status,
        "{url}: unexpected status, body: {text}"
    );
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: body is not JSON ({e}): {text}"))
}

/// Checks the status and that the body is empty (e.g. 204).
pub async fn expect_empty(resp: Response, status: u16) {
    let got = resp.status();
    let url = resp.url().to_string();
    let text = resp.text().await.expect("read the answer body");
    assert_eq!(
        got.as_u16(),
        status,
        "{url}: unexpected status, body: {text}"
    );
    assert!(
        text.is_empty(),
        "{url}: expected an empty body, got: {text}"
    );
}

/// Checks a problem answer: the status, `Content-Type: application/problem+json`, a body
/// whose `status` is the same, whose `title` is a non-empty string, and whose `name` is `name`.
/// Returns the body.
pub async fn assert_problem(resp: Response, status: u16, name: &str) -> Value {
    let body = assert_problem_status(resp, status).await;
    assert_eq!(body["name"], name, "problem `name`, body: {body}");
    body
}

/// Like [`assert_problem`] without checking `name`.
pub async fn assert_problem_status(resp: Response, status: u16) -> Value {
    let got = resp.status();
    let url = resp.url().to_string();
    let content_type = resp
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("<not text>").to_string())
        .unwrap_or_default();
    let text = resp.text().await.expect("read the problem body");
    assert_eq!(
        got.as_u16(),
        status,
        "{url}: unexpected status, body: {text}"
    );
    assert!(
        content_type.starts_with("application/problem+json"),
        "{url}: Content-Type of a problem answer is {content_type:?}, body: {text}"
    );
    let body: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{url}: problem body is not JSON ({e}): {text}"));
    assert_eq!(body["status"], status, "problem `status`, body: {body}");
    let title = body["title"]
        .as_str()
        .unwrap_or_else(|| panic!("problem without a `title`: {body}"));
    assert!(
        !title.trim().is_empty(),
        "problem with an empty `title`: {body}"
    );
    let kind = body["type"]
        .as_str()
        .unwrap_or_else(|| panic!("problem without a `type`: {body}"));
    assert!(
        kind.starts_with("https://docs.api.video/reference/"),
        "problem `type` is not a https://docs.api.video/reference/… URL: {body}"
    );
    body
}

/// `to` + 22 characters of [0-9A-Za-z].
pub fn assert_token_id(value: &Value) {
    assert_id(value, "to");
}

/// `vi` + 22 characters of [0-9A-Za-z].
pub fn assert_video_id(value: &Value) {
    assert_id(value, "vi");
}

fn assert_id(value: &Value, prefix: &str) {
    let id = value
        .as_str()
        .unwrap_or_else(|| panic!("id is not a string: {value}"));
    let rest = id
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("id {id:?} does not start with {prefix:?}"));
    assert!(
        rest.len() == 22 && rest.bytes().all(|b| b.is_ascii_alphanumeric()),
        "id {id:?} is not {prefix:?} + 22 characters of [0-9A-Za-z]"
    );
}

/// The fields every video object carries.
pub fn assert_video_object(video: &Value) {
    assert_video_id(&video["videoId"]);
    for field in ["title", "description", "createdAt", "updatedAt"] {
        assert!(
            video[field].is_string(),
            "video `{field}` is not a string: {video}"
        );
    }
    parse_date(&video["createdAt"]);
    parse_date(&video["updatedAt"]);
    assert!(
        video.get("publishedAt").is_some(),
        "video without `publishedAt`: {video}"
    );
    assert!(
        video["source"]["uri"].is_string(),
        "video `source.uri` is not a string: {video}"
    );
    assert!(
        video["tags"].is_array(),
        "video `tags` is not an array: {video}"
    );
    assert!(
        video["metadata"].is_array(),
        "video `metadata` is not an array: {video}"
    );
    assert!(
        video["public"].is_boolean(),
        "video `public` is not a boolean: {video}"
    );
    for asset in ["iframe", "player", "hls", "thumbnail", "mp4"] {
        assert!(
            video["assets"][asset].is_string(),
            "video `assets.{asset}` is not a string: {video}"
        );
    }
}

pub fn video_id_of(video: &Value) -> String {
    video["videoId"]
        .as_str()
        .unwrap_or_else(|| panic!("no videoId in {video}"))
        .to_string()
}

pub fn mp4_url(video: &Value) -> String {
    video["assets"]["mp4"]
        .as_str()
        .unwrap_or_else(|| panic!("no assets.mp4 in {video}"))
        .to_string()
}

pub fn hls_url(video: &Value) -> String {
    video["assets"]["hls"]
        .as_str()
        .unwrap_or_else(|| panic!("no assets.hls in {video}"))
        .to_string()
}

/// The `key` field of each element of `data`, in order.
pub fn ids(list: &Value, key: &str) -> Vec<String> {
    list["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no `data` array in {list}"))
        .iter()
        .map(|item| {
            item[key]
                .as_str()
                .unwrap_or_else(|| panic!("no `{key}` in {item}"))
                .to_string()
        })
        .collect()
}

/// Checks a list answer's `pagination` object, links included.
/// `path` is e.g. `/upload-tokens`; `sort` is the `&sortBy=…&sortOrder=…` suffix the links
/// should carry (empty when the request had none).
pub fn assert_pagination(
    list: &Value,
    path: &str,
    sort: &str,
    current_page: u64,
    page_size: u64,
    items_total: u64,
) {
    let p = &list["pagination"];
    let pages_total = items_total.div_ceil(page_size).max(1);
    let items_here = items_total
        .saturating_sub((current_page - 1) * page_size)
        .min(page_size);
    assert_eq!(
        p["currentPage"], current_page,
        "pagination.currentPage: {p}"
    );
    assert_eq!(p["pageSize"], page_size, "pagination.pageSize: {p}");
    assert_eq!(p["pagesTotal"], pages_total, "pagination.pagesTotal: {p}");
    assert_eq!(p["itemsTotal"], items_total, "pagination.itemsTotal: {p}");
    assert_eq!(
        p["currentPageItems"], items_here,
        "pagination.currentPageItems: {p}"
    );
    assert_eq!(
        list["data"].as_array().map(Vec::len),
        Some(items_here as usize),
        "number of items in data: {list}"
    );
    let uri = |page: u64| format!("{path}?currentPage={page}&pageSize={page_size}{sort}");
    let mut expected = vec![("self", uri(current_page)), ("first", uri(1))];
    if current_page > 1 {
        expected.push(("previous", uri(current_page - 1)));
    }
    if current_page < pages_total {
        expected.push(("next", uri(current_page + 1)));
    }
    expected.push(("last", uri(pages_total)));
    let links = p["links"]
        .as_array()
        .unwrap_or_else(|| panic!("pagination.links is not an array: {p}"));
    let mut got: Vec<(String, String)> = links
        .iter()
        .map(|l| {
            (
                l["rel"]
                    .as_str()
                    .unwrap_or_else(|| panic!("link without rel: {l}"))
                    .to_string(),
                l["uri"]
                    .as_str()
                    .unwrap_or_else(|| panic!("link without uri: {l}"))
                    .to_string(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(rel, uri)| (rel.to_string(), uri))
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(
        got, expected,
        "pagination.links of page {current_page}: {p}"
    );
}

/// The value of a response header as text, if present.
pub fn header(resp: &Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .map(|v| v.to_str().expect("header is text").to_string())
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/// `len` deterministic pseudo-random bytes (xorshift64), different for each `seed`.
pub fn test_data(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    if x == 0 {
        x = 1;
    }
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses an ATOM date such as `2026-11-23T10:26:46+00:00`.
pub fn parse_date(value: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("date is not a string: {value}"));
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|e| panic!("date {text:?} is not RFC 3339: {e}"))
}
