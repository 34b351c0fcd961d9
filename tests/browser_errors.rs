//! VideoUploader's refusals in a real browser: tokens the server refuses (unknown, deleted,
//! expired) reach the caller with the server's problem fields and are never retried, and bad
//! options throw a helpful Error from the constructor before anything is sent.
#![cfg(target_arch = "wasm32")]

#[path = "browser/common.rs"]
mod common;

use common::*;
use video_uploader_wasm::VideoUploader;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Blob;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Uploads 1 MiB with `token`, which the server must refuse; returns the rejection. Two retries
/// are allowed, so that a client that wrongly retried a 4xx would show it in the stats (and
/// fail within seconds, rather than after the default policy's minutes of back-off).
async fn refused_upload(token: &str) -> Failure {
    let blob = make_blob(MIB, 7);
    let options = uploader_options(&blob, token, &[("retries", JsValue::from(2))]);
    let uploader = VideoUploader::new(options)
        .unwrap_or_else(|e| panic!("options refused: {:?}", error_message(e)));
    rejected(uploader.upload(), "upload() with a refused token").await
}

async fn assert_sent_once(token: &str) {
    let sent = settled_stats(token, 300).await;
    assert_eq!(
        sent.upload_requests, 1,
        "a refused token must not be retried: {sent:?}"
    );
}

/// A token the server never issued: 404 with the problem's `status`, `type`, `title` and
/// `name` ("token"), after exactly one request.
#[wasm_bindgen_test]
async fn unknown_token_is_refused_with_the_problem_and_not_retried() {
    let token = unknown_token();
    let failure = refused_upload(&token).await;
    failure.assert_server_problem(404, "token");
    assert_sent_once(&token).await;
}

/// A deleted token: 404 with the problem fields, after exactly one request.
#[wasm_bindgen_test]
async fn deleted_token_is_refused_with_the_problem_and_not_retried() {
    let token = new_token(0).await;
    delete_token(&token).await;
    let failure = refused_upload(&token).await;
    failure.assert_server_problem(404, "token");
    assert_sent_once(&token).await;
}

/// A token past its 1-second ttl: 403 whose title says it expired, after exactly one request.
#[wasm_bindgen_test]
async fn expired_token_is_refused_with_the_problem_and_not_retried() {
    let token = new_token(1).await;
    sleep(1500).await;
    let failure = refused_upload(&token).await;
    failure.assert_server_problem(403, "token");
    let title = failure.title.clone().unwrap_or_default().to_lowercase();
    assert!(
        title.contains("expired"),
        "the title should say the token expired: {}",
        failure.json
    );
    assert_sent_once(&token).await;
}

/// The message the constructor throws for `options`, or the reason it is not a proper Error.
fn constructor_error(options: JsValue) -> String {
    match VideoUploader::new(options) {
        Ok(_) => panic!("the constructor accepted options it should refuse"),
        Err(error) => {
            error_message(error).unwrap_or_else(|problem| panic!("the constructor threw {problem}"))
        }
    }
}

fn assert_mentions(message: &str, words: &[&str], case: &str) {
    for word in words {
        assert!(
            message.to_lowercase().contains(&word.to_lowercase()),
            "{case}: the message should mention {word:?}: {message:?}"
        );
    }
}

/// Each invalid options object makes the constructor throw an `Error` whose message names the
/// problem: no file, an empty Blob, no credential, two credentials, a 1 MiB chunkSize, a 10 ms
/// stallTimeout. The same
/// options made valid are accepted (so the checks cannot pass by refusing everything).
#[wasm_bindgen_test]
fn constructor_refuses_bad_options_with_a_helpful_error() {
    let blob = make_blob(MIB, 8);
    let host = ("apiHost", JsValue::from_str(server_url()));
    let file = ("file", JsValue::from(&blob));
    let token = ("uploadToken", JsValue::from_str("to1234567890123456789012"));

    assert!(
        VideoUploader::new(object(&[file.clone(), token.clone(), host.clone()])).is_ok(),
        "valid options refused"
    );
    assert!(
        VideoUploader::new(object(&[
            file.clone(),
            token.clone(),
            host.clone(),
            ("chunkSize", JsValue::from_f64((5 * MIB) as f64))
        ]))
        .is_ok(),
        "a 5 MiB chunkSize refused"
    );

    let message = constructor_error(object(&[token.clone(), host.clone()]));
    assert_mentions(&message, &["file"], "no file");

    let empty = Blob::new().expect("an empty Blob");
    let message = constructor_error(object(&[
        ("file", JsValue::from(&empty)),
        token.clone(),
        host.clone(),
    ]));
    assert_mentions(&message, &["empty"], "empty Blob");

    let message = constructor_error(object(&[file.clone(), host.clone()]));
    assert_mentions(&message, &["uploadToken"], "no credential");

    let message = constructor_error(object(&[
        file.clone(),
        token.clone(),
        ("apiKey", JsValue::from_str("some-api-key")),
        ("videoId", JsValue::from_str("vi1234567890123456789012")),
        host.clone(),
    ]));
    assert_mentions(&message, &["uploadToken", "apiKey"], "two credentials");

    let message = constructor_error(object(&[
        file.clone(),
        token.clone(),
        host.clone(),
        ("chunkSize", JsValue::from_f64(MIB as f64)),
    ]));
    assert_mentions(&message, &["chunk"], "chunkSize 1 MiB");
    assert!(
        ["5MB", "5 MB", "5 MiB", "5MiB", "5242880"]
            .iter()
            .any(|bound| message.contains(bound)),
        "chunkSize 1 MiB: the message should give the 5 MiB minimum: {message:?}"
    );

    let message = constructor_error(object(&[
        file.clone(),
        token.clone(),
        host.clone(),
        ("stallTimeout", JsValue::from(10)),
    ]));
    assert_mentions(
        &message,
        &["stallTimeout", "1000", "0"],
        "stallTimeout 10 ms",
    );
    assert!(
        VideoUploader::new(object(&[
            file.clone(),
            token.clone(),
            host.clone(),
            ("stallTimeout", JsValue::from(0))
        ]))
        .is_ok(),
        "stallTimeout: 0 (never) refused"
    );
}

/// `maxVideoDuration` is checked from the file's metadata before any byte is sent: a file
/// whose duration cannot be read is refused with a reason that says so, and the server has
/// received nothing for the token.
#[wasm_bindgen_test]
async fn max_video_duration_is_checked_before_any_byte_is_sent() {
    let token = new_token(0).await;
    let not_a_video = make_blob(MIB, 8);
    let options = uploader_options(
        &not_a_video,
        &token,
        &[("maxVideoDuration", JsValue::from(10))],
    );
    let uploader = VideoUploader::new(options)
        .unwrap_or_else(|e| panic!("options refused: {:?}", error_message(e)));
    let failure = rejected(uploader.upload(), "upload() of a file that is not a video").await;
    assert_eq!(
        failure.reason.as_deref(),
        Some("INVALID_VIDEO"),
        "{failure:?}"
    );
    assert_eq!(
        settled_stats(&token, 300).await.upload_requests,
        0,
        "nothing may be sent"
    );
}

#[wasm_bindgen(module = "/tests/browser/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeWav)]
    fn make_wav(seconds: f64) -> web_sys::Blob;
}

/// A 2-second file is refused by `maxVideoDuration: 1` (reason VIDEO_TOO_LONG, both durations
/// in the message) with nothing sent, and uploaded with `maxVideoDuration: 5`.
#[wasm_bindgen_test]
async fn max_video_duration_refuses_a_longer_file_and_takes_a_shorter_one() {
    let token = new_token(0).await;
    let two_seconds = make_wav(2.0);
    let options = |max: i32| {
        uploader_options(
            &two_seconds,
            &token,
            &[("maxVideoDuration", JsValue::from(max))],
        )
    };
    let too_long = VideoUploader::new(options(1))
        .unwrap_or_else(|e| panic!("options refused: {:?}", error_message(e)));
    let failure = rejected(too_long.upload(), "upload() of 2 s with maxVideoDuration 1").await;
    assert_eq!(
        failure.reason.as_deref(),
        Some("VIDEO_TOO_LONG"),
        "{failure:?}"
    );
    assert_mentions(
        failure.title.as_deref().unwrap_or_default(),
        &["2 s", "1 s"],
        "VIDEO_TOO_LONG",
    );
    assert_eq!(
        settled_stats(&token, 300).await.upload_requests,
        0,
        "nothing may be sent"
    );

    let short_enough = VideoUploader::new(options(5))
        .unwrap_or_else(|e| panic!("options refused: {:?}", error_message(e)));
    let video = resolved(
        short_enough.upload(),
        "upload() of 2 s with maxVideoDuration 5",
    )
    .await;
    assert_assembled_file_is(&video, &two_seconds).await;
}

/// An option of the wrong type is named, word for word (the messages are built without
/// `format!` in the wasm; see core::text).
#[wasm_bindgen_test]
fn options_of_the_wrong_type_are_named_word_for_word() {
    let blob = make_blob(MIB, 8);
    let file = ("file", JsValue::from(&blob));
    let token = ("uploadToken", JsValue::from_str("to1234567890123456789012"));
    for (option, message) in [
        (
            ("uploadToken", JsValue::from(5)),
            "'uploadToken' must be a string.",
        ),
        (
            ("resume", JsValue::from_str("yes")),
            "'resume' must be true or false.",
        ),
        (
            ("retryStrategy", JsValue::from(3)),
            "'retryStrategy' must be a function.",
        ),
        (
            ("file", JsValue::from_str("clip.mp4")),
            "'file' must be a File or a Blob.",
        ),
    ] {
        let options = if option.0 == "uploadToken" {
            object(&[file.clone(), option])
        } else if option.0 == "file" {
            object(&[token.clone(), option])
        } else {
            object(&[file.clone(), token.clone(), option])
        };
        assert_eq!(constructor_error(options), message);
    }
}
