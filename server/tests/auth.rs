//! Authentication: Basic API key, Bearer access tokens from `/auth/api-key`, refresh,
//! and what an upload token may not do.

mod support;

use reqwest::Method;
use reqwest::header::AUTHORIZATION;
use serde_json::{Value, json};
use support::*;

#[test]
fn basic_header_is_the_key_with_an_empty_password() {
    assert_eq!(basic_auth("test-key"), "Basic dGVzdC1rZXk6");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
}

/// `POST /auth/api-key` with the right key; checks the answer's shape.
async fn login(api: &Api) -> Value {
    let resp = send(
        api.anon(Method::POST, "/auth/api-key")
            .json(&json!({ "apiKey": API_KEY })),
    )
    .await;
    let pair = expect_json(resp, 200).await;
    assert_token_pair(&pair);
    pair
}

fn assert_token_pair(pair: &Value) {
    assert_eq!(pair["token_type"], "Bearer", "{pair}");
    assert_eq!(pair["expires_in"], 3600, "{pair}");
    for field in ["access_token", "refresh_token"] {
        let value = pair[field]
            .as_str()
            .unwrap_or_else(|| panic!("no {field}: {pair}"));
        assert!(!value.is_empty(), "empty {field}: {pair}");
    }
}

fn access(pair: &Value) -> String {
    pair["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

fn refresh(pair: &Value) -> String {
    pair["refresh_token"]
        .as_str()
        .expect("refresh_token")
        .to_string()
}

#[tokio::test]
async fn token_endpoints_take_basic_or_bearer_and_refuse_no_credential() {
    let srv = TestServer::start();
    let bearer_value = bearer(&access(&login(&srv).await));

    // List: Basic 200, Bearer 200, none 401.
    let basic = send(srv.get("/upload-tokens")).await;
    expect_json(basic, 200).await;
    let with_bearer = send(
        srv.anon(Method::GET, "/upload-tokens")
            .header(AUTHORIZATION, &bearer_value),
    )
    .await;
    expect_json(with_bearer, 200).await;
    let none = send(srv.anon(Method::GET, "/upload-tokens")).await;
    assert_problem(none, 401, "Authorization").await;

    // Create: the same.
    let body = json!({ "ttl": 60 });
    expect_json(send(srv.post("/upload-tokens").json(&body)).await, 200).await;
    let resp = send(
        srv.anon(Method::POST, "/upload-tokens")
            .header(AUTHORIZATION, &bearer_value)
            .json(&body),
    )
    .await;
    let token = expect_json(resp, 200).await;
    let resp = send(srv.anon(Method::POST, "/upload-tokens").json(&body)).await;
    assert_problem(resp, 401, "Authorization").await;

    // Get and delete by Bearer; none is 401.
    let id = token["token"].as_str().expect("token id");
    let path = format!("/upload-tokens/{id}");
    assert_problem(
        send(srv.anon(Method::GET, &path)).await,
        401,
        "Authorization",
    )
    .await;
    assert_problem(
        send(srv.anon(Method::DELETE, &path)).await,
        401,
        "Authorization",
    )
    .await;
    expect_json(
        send(
            srv.anon(Method::GET, &path)
                .header(AUTHORIZATION, &bearer_value),
        )
        .await,
        200,
    )
    .await;
    expect_empty(
        send(
            srv.anon(Method::DELETE, &path)
                .header(AUTHORIZATION, &bearer_value),
        )
        .await,
        204,
    )
    .await;

    // Two tokens were made with a credential, one deleted; the refused one was never made.
    assert_eq!(srv.list_token_ids("").await.len(), 1);
}

#[tokio::test]
async fn wrong_credentials_are_401_authorization() {
    let srv = TestServer::start();
    for value in [
        basic_auth("wrong-key"),
        basic_auth(""),
        bearer("not-a-real-access-token"),
        "Basic !!!not-base64!!!".to_string(),
        "Token test-key".to_string(),
        API_KEY.to_string(),
    ] {
        let resp = send(
            srv.anon(Method::GET, "/upload-tokens")
                .header(AUTHORIZATION, &value),
        )
        .await;
        let body = assert_problem_status(resp, 401).await;
        assert_eq!(
            body["name"], "Authorization",
            "Authorization: {value:?}: {body}"
        );
    }
    for path in ["/videos", "/videos/vi0000000000000000000000"] {
        let resp = send(srv.anon(Method::GET, path)).await;
        assert_problem(resp, 401, "Authorization").await;
    }
    let resp = send(
        srv.anon(Method::POST, "/videos")
            .json(&json!({ "title": "x" })),
    )
    .await;
    assert_problem(resp, 401, "Authorization").await;
}

/// Basic takes the key as user name; the password is ignored.
#[tokio::test]
async fn basic_ignores_the_password() {
    let srv = TestServer::start();
    let value = format!("Basic {}", base64(b"test-key:some-password"));
    let resp = send(
        srv.anon(Method::GET, "/upload-tokens")
            .header(AUTHORIZATION, value),
    )
    .await;
    expect_json(resp, 200).await;
}

#[tokio::test]
async fn wrong_api_key_on_auth_api_key_is_400() {
    let srv = TestServer::start();
    let resp = send(
        srv.anon(Method::POST, "/auth/api-key")
            .json(&json!({ "apiKey": "wrong" })),
    )
    .await;
    let body = assert_problem_status(resp, 400).await;
    let kind = body["type"].as_str().unwrap_or_default();
    assert!(
        kind.ends_with("authentication-invalid-user-credentials"),
        "problem type {kind:?} is not …/authentication-invalid-user-credentials: {body}"
    );
    let resp = send(srv.anon(Method::POST, "/auth/api-key").json(&json!({}))).await;
    assert_problem_status(resp, 400).await;
}

#[tokio::test]
async fn refresh_gives_a_working_pair_and_a_refresh_token_works_once() {
    let srv = TestServer::start();
    let first = login(&srv).await;

    let resp = send(
        srv.anon(Method::POST, "/auth/refresh")
            .json(&json!({ "refreshToken": refresh(&first) })),
    )
    .await;
    let second = expect_json(resp, 200).await;
    assert_token_pair(&second);
    assert_ne!(
        access(&second),
        access(&first),
        "refresh gave the same access token"
    );
    assert_ne!(
        refresh(&second),
        refresh(&first),
        "refresh gave the same refresh token"
    );

    // The new access token works.
    let resp = send(
        srv.anon(Method::GET, "/upload-tokens")
            .header(AUTHORIZATION, bearer(&access(&second))),
    )
    .await;
    expect_json(resp, 200).await;
    let resp = send(
        srv.anon(Method::POST, "/upload-tokens")
            .header(AUTHORIZATION, bearer(&access(&second)))
            .json(&json!({ "ttl": 60 })),
    )
    .await;
    expect_json(resp, 200).await;

    // The used refresh token is refused the second time.
    let resp = send(
        srv.anon(Method::POST, "/auth/refresh")
            .json(&json!({ "refreshToken": refresh(&first) })),
    )
    .await;
    let body = assert_problem_status(resp, 400).await;
    let kind = body["type"].as_str().unwrap_or_default();
    assert!(
        kind.ends_with("authentication-invalid-user-credentials"),
        "problem type {kind:?}: {body}"
    );

    // The new refresh token works (once).
    let resp = send(
        srv.anon(Method::POST, "/auth/refresh")
            .json(&json!({ "refreshToken": refresh(&second) })),
    )
    .await;
    let third = expect_json(resp, 200).await;
    assert_token_pair(&third);

    // A refresh token is not an access token, nor is garbage a refresh token.
    let resp = send(
        srv.anon(Method::GET, "/upload-tokens")
            .header(AUTHORIZATION, bearer(&refresh(&third))),
    )
    .await;
    assert_problem(resp, 401, "Authorization").await;
    let resp = send(
        srv.anon(Method::POST, "/auth/refresh")
            .json(&json!({ "refreshToken": "nonsense" })),
    )
    .await;
    assert_problem_status(resp, 400).await;
}

/// Access tokens also work on the videos API and for uploading a source.
#[tokio::test]
async fn bearer_works_on_videos_and_source_upload() {
    let srv = TestServer::start();
    let authorization = bearer(&access(&login(&srv).await));
    let resp = send(
        srv.anon(Method::POST, "/videos")
            .header(AUTHORIZATION, &authorization)
            .json(&json!({ "title": "by bearer" })),
    )
    .await;
    let video = expect_json(resp, 201).await;
    let video_id = video_id_of(&video);
    let data = test_data(100_000, 51);
    let target = Target::Source {
        video_id: video_id.clone(),
        authorization: authorization.clone(),
    };
    let video = srv.upload_ok(&target, Chunk::whole(&data)).await;
    srv.assert_source(&video, &data).await;
    let resp = send(
        srv.anon(Method::GET, "/videos")
            .header(AUTHORIZATION, &authorization),
    )
    .await;
    let list = expect_json(resp, 200).await;
    assert_eq!(ids(&list, "videoId"), vec![video_id]);
}

/// A delegated upload token is good for `POST /upload` only.
#[tokio::test]
async fn upload_token_cannot_use_the_api() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let resp = send(
        srv.anon(Method::GET, "/upload-tokens")
            .header(AUTHORIZATION, bearer(&token)),
    )
    .await;
    assert_problem(resp, 401, "Authorization").await;
    let resp = send(srv.anon(Method::GET, "/videos").query(&[("token", &token)])).await;
    assert_problem(resp, 401, "Authorization").await;
    let resp = send(
        srv.anon(Method::POST, "/upload-tokens")
            .query(&[("token", &token)])
            .json(&json!({})),
    )
    .await;
    assert_problem(resp, 401, "Authorization").await;
    let video = srv.create_video("not yours to read").await;
    let path = format!("/videos/{}", video_id_of(&video));
    let resp = send(srv.anon(Method::DELETE, &path).query(&[("token", &token)])).await;
    assert_problem(resp, 401, "Authorization").await;
    let resp = send(
        srv.anon(Method::DELETE, &path)
            .header(AUTHORIZATION, basic_auth(&token)),
    )
    .await;
    assert_problem(resp, 401, "Authorization").await;
    srv.get_video(&video_id_of(&video)).await;
}

/// The API key (Basic) cannot stand in for a token on `/upload`: that endpoint needs `?token=`.
#[tokio::test]
async fn upload_endpoint_needs_a_token_even_with_the_api_key() {
    let srv = TestServer::start();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![7u8; 100]).file_name("a.mp4"),
    );
    let resp = send(srv.post("/upload").multipart(form)).await;
    assert_problem(resp, 400, "token").await;
}
