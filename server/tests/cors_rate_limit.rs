//! CORS on every answer (preflight included) and the per-credential rate limit.

mod support;

use reqwest::{Method, StatusCode};
use support::*;

const ORIGIN: &str = "https://example.com";

/// A header value as a lower-case list, e.g. `Content-Range, X-Foo` -> ["content-range", "x-foo"].
fn header_list(resp: &reqwest::Response, name: &str) -> Vec<String> {
    header(resp, name)
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn assert_allows_any_origin(resp: &reqwest::Response, what: &str) {
    let allow = header(resp, "access-control-allow-origin");
    assert!(
        allow.as_deref() == Some("*") || allow.as_deref() == Some(ORIGIN),
        "{what}: access-control-allow-origin is {allow:?}"
    );
}

fn assert_exposes_rate_limit_headers(resp: &reqwest::Response, what: &str) {
    let exposed = header_list(resp, "access-control-expose-headers");
    for name in [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-retry-after",
    ] {
        assert!(
            exposed.iter().any(|h| h == name || h == "*"),
            "{what}: access-control-expose-headers {exposed:?} lacks {name}"
        );
    }
}

#[tokio::test]
async fn preflight_for_upload_allows_any_origin_and_the_upload_headers() {
    let srv = TestServer::start();
    let resp = send(
        srv.anon(Method::OPTIONS, "/upload")
            .header("Origin", ORIGIN)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-range,content-type",
            ),
    )
    .await;
    assert!(
        resp.status().is_success(),
        "preflight status {}",
        resp.status()
    );
    assert_allows_any_origin(&resp, "preflight");
    let methods = header_list(&resp, "access-control-allow-methods");
    assert!(
        methods.iter().any(|m| m == "post" || m == "*"),
        "allow-methods {methods:?} lacks POST"
    );
    let allowed = header_list(&resp, "access-control-allow-headers");
    for name in ["content-range", "content-type"] {
        assert!(
            allowed.iter().any(|h| h == name || h == "*"),
            "allow-headers {allowed:?} lacks {name}"
        );
    }
}

/// `Authorization` is never covered by `Access-Control-Allow-Headers: *` in browsers, so it
/// must be named; the `AV-Origin-*` headers the official clients send must be allowed too.
#[tokio::test]
async fn preflight_allows_authorization_and_av_origin_headers() {
    let srv = TestServer::start();
    for path in ["/upload", "/upload-tokens", "/videos"] {
        let resp = send(
            srv.anon(Method::OPTIONS, path)
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization,av-origin-client,av-origin-app,av-origin-sdk,content-type",
                ),
        )
        .await;
        assert!(
            resp.status().is_success(),
            "{path}: preflight status {}",
            resp.status()
        );
        assert_allows_any_origin(&resp, path);
        let allowed = header_list(&resp, "access-control-allow-headers");
        assert!(
            allowed.iter().any(|h| h == "authorization"),
            "{path}: allow-headers {allowed:?} does not name authorization"
        );
        for name in [
            "av-origin-client",
            "av-origin-app",
            "av-origin-sdk",
            "content-type",
        ] {
            assert!(
                allowed.iter().any(|h| h == name || h == "*"),
                "{path}: allow-headers {allowed:?} lacks {name}"
            );
        }
    }
}

#[tokio::test]
async fn answers_carry_cors_headers_and_expose_rate_limit_headers() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;

    // A successful upload.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(test_data(1000, 111)).file_name("a.mp4"),
    );
    let resp = send(
        srv.anon(Method::POST, "/upload")
            .query(&[("token", &token)])
            .header("Origin", ORIGIN)
            .header("AV-Origin-Client", "typescript-uploader:1.0.0")
            .multipart(form),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_allows_any_origin(&resp, "201 upload");
    assert_exposes_rate_limit_headers(&resp, "201 upload");

    // A problem answer.
    let resp = send(srv.anon(Method::POST, "/upload").header("Origin", ORIGIN)).await;
    assert_allows_any_origin(&resp, "400 upload");
    assert_exposes_rate_limit_headers(&resp, "400 upload");
    assert_problem(resp, 400, "token").await;

    // The API side.
    let resp = send(srv.get("/upload-tokens").header("Origin", ORIGIN)).await;
    assert_allows_any_origin(&resp, "GET /upload-tokens");
    assert_exposes_rate_limit_headers(&resp, "GET /upload-tokens");
    let resp = send(
        srv.anon(Method::GET, "/upload-tokens")
            .header("Origin", ORIGIN),
    )
    .await;
    assert_allows_any_origin(&resp, "401 GET /upload-tokens");
    assert_problem(resp, 401, "Authorization").await;
}

/// `--rate-limit 5`: the 6th request within a minute with the same credential is 429 with
/// `X-RateLimit-*` headers; another credential is not affected.
#[tokio::test]
async fn sixth_request_in_a_minute_is_429() {
    let srv = TestServer::start_args(&["--rate-limit", "5"]);

    // Request 1 (API key): create a token.
    let resp = send(srv.post("/upload-tokens").json(&serde_json::json!({}))).await;
    assert_eq!(
        header(&resp, "x-ratelimit-limit").as_deref(),
        Some("5"),
        "X-RateLimit-Limit"
    );
    let mut remaining = vec![header(&resp, "x-ratelimit-remaining")];
    let token = expect_json(resp, 200).await["token"]
        .as_str()
        .expect("token")
        .to_string();

    // Requests 2..5.
    for i in 2..=5 {
        let resp = send(srv.get("/upload-tokens")).await;
        assert_eq!(resp.status(), StatusCode::OK, "request {i} of 5");
        assert_eq!(
            header(&resp, "x-ratelimit-limit").as_deref(),
            Some("5"),
            "X-RateLimit-Limit"
        );
        remaining.push(header(&resp, "x-ratelimit-remaining"));
    }
    let remaining: Vec<u64> = remaining
        .iter()
        .map(|r| {
            r.as_deref()
                .unwrap_or_else(|| panic!("X-RateLimit-Remaining missing: {remaining:?}"))
                .parse()
                .expect("a number")
        })
        .collect();
    assert_eq!(
        remaining,
        vec![4, 3, 2, 1, 0],
        "X-RateLimit-Remaining after requests 1..5"
    );

    // Request 6.
    let resp = send(srv.get("/upload-tokens")).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry =
        header(&resp, "x-ratelimit-retry-after").expect("X-RateLimit-Retry-After on the 429");
    let retry: u64 = retry
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("X-RateLimit-Retry-After {retry:?} is not seconds"));
    assert!((1..=60).contains(&retry), "X-RateLimit-Retry-After {retry}");
    assert_eq!(header(&resp, "x-ratelimit-limit").as_deref(), Some("5"));
    assert_eq!(header(&resp, "x-ratelimit-remaining").as_deref(), Some("0"));
    assert_problem_status(resp, 429).await;

    // The upload token is another credential.
    let data = test_data(1000, 112);
    let video = srv
        .upload_ok(&Target::token(&token), Chunk::whole(&data))
        .await;
    assert_video_object(&video);
}

/// Without `--rate-limit` there is no limit.
#[tokio::test]
async fn no_limit_by_default() {
    let srv = TestServer::start();
    for i in 0..30 {
        let resp = send(srv.get("/upload-tokens")).await;
        assert_eq!(resp.status(), StatusCode::OK, "request {i}");
    }
}
