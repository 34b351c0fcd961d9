//! Uploading into an existing video with the API key or an access token
//! (`/videos/{id}/source`), in a real browser against upload-server.
#![cfg(target_arch = "wasm32")]

#[path = "browser/common.rs"]
mod common;

use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tests/browser/auth-helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = createVideo, catch)]
    async fn js_create_video(server: &str, api_key: &str, title: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = accessTokens, catch)]
    async fn js_access_tokens(server: &str, api_key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = sourceRequests, catch)]
    async fn js_source_requests(server: &str, video_id: &str) -> Result<JsValue, JsValue>;
}

const TOTAL: u64 = 17 * MIB;

async fn create_video(title: &str) -> String {
    let id = js_create_video(server_url(), api_key(), title)
        .await
        .expect("POST /videos");
    id.as_string().expect("a video id")
}

async fn source_requests(video_id: &str) -> f64 {
    let count = js_source_requests(server_url(), video_id)
        .await
        .expect("stats");
    count.as_f64().expect("a count")
}

/// The options of an upload into `video_id` with a credential instead of an upload token.
fn options(blob: &web_sys::Blob, video_id: &str, credential: &[(&str, JsValue)]) -> JsValue {
    let mut entries = vec![
        ("file", JsValue::from(blob.clone())),
        ("videoId", JsValue::from_str(video_id)),
        ("apiHost", JsValue::from_str(server_url())),
        ("chunkSize", JsValue::from_f64((5 * MIB) as f64)),
        ("parallelChunks", JsValue::from(3)),
    ];
    entries.extend(credential.iter().cloned());
    object(&entries)
}

/// With `apiKey` and `videoId`, chunks go to /videos/{id}/source with Basic auth: the video
/// made by POST /videos gets the file, identical, in exactly one request a chunk.
#[wasm_bindgen_test]
async fn api_key_uploads_into_an_existing_video() {
    let video_id = create_video("api key upload").await;
    let blob = make_blob(TOTAL, 41);
    let uploader = new_uploader(options(
        &blob,
        &video_id,
        &[("apiKey", JsValue::from_str(api_key()))],
    ));
    let video = resolved(uploader.upload(), "upload() with the API key").await;
    assert_eq!(
        string(&video, "videoId").as_deref(),
        Some(video_id.as_str())
    );
    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(source_requests(&video_id).await, 4.0, "4 chunks, no retry");
}

/// An access token the server refuses (401) is replaced once through the refresh token, even
/// with several chunks refused at the same time (a refresh token is good once), and the upload
/// completes: one refused request per chunk in flight (three sending, and a sent one waiting
/// lets the fourth start), then every chunk once.
#[wasm_bindgen_test]
async fn a_refused_access_token_is_refreshed_once_for_all_chunks() {
    let video_id = create_video("access token upload").await;
    let tokens: js_sys::Array = js_access_tokens(server_url(), api_key())
        .await
        .expect("tokens")
        .into();
    let blob = make_blob(TOTAL, 42);
    let uploader = new_uploader(options(
        &blob,
        &video_id,
        &[
            ("accessToken", JsValue::from_str("expired-access-token")),
            ("refreshToken", tokens.get(1)),
        ],
    ));
    let video = resolved(uploader.upload(), "upload() after a refresh").await;
    assert_assembled_file_is(&video, &blob).await;
    let requests = source_requests(&video_id).await;
    assert!(
        (5.0..=8.0).contains(&requests),
        "4 chunks plus 1 to 4 refused at first, got {requests}"
    );
}

/// A refused access token without a refresh token fails at once with the server's 401.
#[wasm_bindgen_test]
async fn a_refused_access_token_without_refresh_token_fails_with_401() {
    let video_id = create_video("access token refused").await;
    let blob = make_blob(6 * MIB, 43);
    let uploader = new_uploader(options(
        &blob,
        &video_id,
        &[("accessToken", JsValue::from_str("not-a-token"))],
    ));
    let failure = rejected(uploader.upload(), "upload() with a refused access token").await;
    failure.assert_server_problem(401, "Authorization");
}
