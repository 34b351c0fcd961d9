//! VideoUploader in a dedicated Web Worker (no `window`, no `document`, no localStorage)
//! against upload-server.
#![cfg(target_arch = "wasm32")]

#[path = "browser/common.rs"]
mod common;

use common::*;
use video_uploader_wasm::VideoUploader;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

const TOTAL: u64 = 7 * MIB;
const CHUNK: u64 = 5 * MIB;

async fn upload_in_worker(extra: &[(&str, JsValue)], seed: u32) {
    assert!(
        in_dedicated_worker(),
        "this test must run in a dedicated worker"
    );
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, seed);
    let mut options = vec![("chunkSize", JsValue::from_f64(CHUNK as f64))];
    options.extend(extra.iter().cloned());
    let uploader = VideoUploader::new(uploader_options(&blob, &token, &options))
        .unwrap_or_else(|e| panic!("options refused in a worker: {:?}", error_message(e)));
    let progress = ProgressLog::<VideoProgress>::new();
    uploader.on_progress(progress.listener());

    let video = resolved(uploader.upload(), "upload() in a worker").await;

    assert_assembled_file_is(&video, &blob).await;
    assert_progress_stream(&progress.events(), TOTAL, CHUNK, false);
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: 2,
            received_bytes: TOTAL
        }
    );
}

/// In a dedicated worker, a 7 MiB Blob goes up in two chunks (5 and 2 MiB) and assembles
/// byte for byte, with a complete progress stream.
#[wasm_bindgen_test]
async fn uploads_a_blob_from_a_dedicated_worker() {
    upload_in_worker(&[], 40).await;
}

/// `resume: true` in a worker, which has no localStorage, still uploads (there is just
/// nothing to remember).
#[wasm_bindgen_test]
async fn resume_option_works_without_local_storage() {
    upload_in_worker(
        &[
            ("resume", JsValue::TRUE),
            ("parallelChunks", JsValue::from(1)),
        ],
        41,
    )
    .await;
}
