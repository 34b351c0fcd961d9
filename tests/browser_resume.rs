//! VideoUploader's `resume: true` in a real browser against upload-server: what it remembers
//! in localStorage when an upload is cut short, and what a new uploader for the same file
//! then sends.
#![cfg(target_arch = "wasm32")]

#[path = "browser/common.rs"]
mod common;

use std::rc::Rc;

use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Blob;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The file of the main test: 23 MiB, so 4 chunks of 5 MiB and a last one of 3 MiB.
const TOTAL: u64 = 23 * MIB;
const CHUNK: u64 = 5 * MIB;
const CHUNKS: u64 = 5;

/// Options for `parallel` chunks of 5 MiB in flight, remembering finished chunks.
fn resume_options(parallel: u32) -> Vec<(&'static str, JsValue)> {
    vec![
        ("chunkSize", JsValue::from_f64(CHUNK as f64)),
        ("parallelChunks", JsValue::from(parallel)),
        ("resume", JsValue::TRUE),
    ]
}

const RESUME_LAST_MODIFIED: f64 = 1_700_000_000_000.0;

/// Uploads `file` with `options`, cancelling in the first progress event for which
/// `cancel_when` holds; returns what upload() settled with and the events heard.
async fn upload_cancelled_when(
    file: &Blob,
    token: &str,
    options: &[(&str, JsValue)],
    cancel_when: impl Fn(&VideoProgress) -> bool + 'static,
) -> (Result<JsValue, JsValue>, Vec<VideoProgress>) {
    let uploader = Rc::new(new_uploader(uploader_options(file, token, options)));
    let progress = {
        let uploader = uploader.clone();
        ProgressLog::<VideoProgress>::with_hook(move |e| {
            if cancel_when(e) {
                uploader.cancel();
            }
        })
    };
    uploader.on_progress(progress.listener());
    let settled = settle(uploader.upload()).await;
    (settled, progress.events())
}

/// The upload was rejected with reason "ABORTED".
fn assert_aborted(settled: &Result<JsValue, JsValue>) {
    match settled {
        Ok(video) => panic!("upload() resolved despite cancel(): {}", json(video)),
        Err(error) => {
            let failure = Failure::from_js(error);
            assert_eq!(
                failure.reason.as_deref(),
                Some("ABORTED"),
                "rejection: {}",
                failure.json
            );
        }
    }
}

/// `resume: true`: an upload cancelled once 2 (or 3) of its 5 chunks are acknowledged leaves a
/// resume key in localStorage; a second VideoUploader for the same file and token sends only the
/// missing chunks (the server's counters prove it) into the same video (the only one with the
/// file's name), the file is identical, and no resume key is left afterwards.
#[wasm_bindgen_test]
async fn resume_sends_only_the_missing_chunks() {
    clear_resume_keys();
    let token = new_token(0).await;
    // A name of its own, to find the video among the server's (and keyed on by resume).
    let file_name = format!("resume-{token}.mp4");
    let blob = make_blob(TOTAL, 6);

    // First page load: one chunk at a time, cancelled at the first progress event about chunk
    // 3, that is once chunks 1 and 2 are acknowledged (and remembered), and maybe 3.
    let file = make_file(&blob, &file_name, RESUME_LAST_MODIFIED);
    let (settled, first_events) =
        upload_cancelled_when(&file, &token, &resume_options(1), |e| e.current_chunk >= 3).await;
    assert_aborted(&settled);
    for chunk in [1, 2] {
        assert!(
            first_events
                .iter()
                .any(|e| e.current_chunk == chunk && e.current_chunk_uploaded_bytes == CHUNK),
            "chunk {chunk} was not acknowledged before the cancel: {first_events:?}"
        );
    }
    let before = settled_stats(&token, 300).await;
    assert!(
        (2..=3).contains(&before.upload_requests),
        "chunks 1, 2 and at most the start of 3: {before:?}"
    );

    let videos = video_ids_titled(&file_name).await;
    assert_eq!(
        videos.len(),
        1,
        "the cancelled upload created one video: {videos:?}"
    );
    let keys = resume_keys();
    assert_eq!(
        keys.len(),
        1,
        "one resume key after the cancelled upload: {keys:?}"
    );
    let remembered = storage_item(&keys[0]).unwrap_or_default();
    assert!(
        remembered.contains(&videos[0]),
        "the resume state should name the video {}: {remembered:?}",
        videos[0]
    );

    // Second page load: a new uploader for the same file (a new File object, same name, size
    // and lastModified) and token, two chunks at a time.
    let second = new_uploader(uploader_options(
        &make_file(&blob, &file_name, RESUME_LAST_MODIFIED),
        &token,
        &resume_options(2),
    ));
    let resumed_progress = ProgressLog::<VideoProgress>::new();
    second.on_progress(resumed_progress.listener());
    let video = resolved(second.upload(), "the resumed upload()").await;

    assert_eq!(
        string(&video, "videoId").as_ref(),
        Some(&videos[0]),
        "the resumed upload should finish the first video"
    );
    assert_eq!(
        video_ids_titled(&file_name).await,
        videos,
        "the resumed upload created another video"
    );
    assert_assembled_file_is(&video, &blob).await;
    let after = stats(&token).await;
    // The chunks acknowledged before the cancel, as remembered (the state's `done`): 1 and 2,
    // and 3 too when the cancel came with its acknowledgement (progress events about bytes in
    // flight come at most every 50 ms, so chunk 3 may have had none before).
    let state: serde_json::Value = serde_json::from_str(&remembered).unwrap_or_default();
    let done: Vec<u64> = state["done"]
        .as_array()
        .map(|done| done.iter().filter_map(serde_json::Value::as_u64).collect())
        .unwrap_or_default();
    assert!(
        done.starts_with(&[0, 1]) && done.len() <= 3,
        "remembered as done: {remembered:?}"
    );
    let missing: Vec<u64> = (1..=CHUNKS)
        .filter(|number| !done.contains(&(number - 1)))
        .collect();
    assert_eq!(
        (
            after.upload_requests - before.upload_requests,
            after.received_bytes - before.received_bytes
        ),
        (
            missing.len() as u64,
            missing
                .iter()
                .map(|&number| chunk_len(number, TOTAL, CHUNK))
                .sum()
        ),
        "the resumed upload should send chunks {missing:?} only (before: {before:?}, after: {after:?})"
    );
    let events = resumed_progress.events();
    let done_bytes = TOTAL
        - missing
            .iter()
            .map(|&number| chunk_len(number, TOTAL, CHUNK))
            .sum::<u64>();
    assert!(
        events.iter().all(|e| e.uploaded_bytes >= done_bytes
            && e.uploaded_bytes <= TOTAL
            && e.total_bytes == TOTAL),
        "the resumed progress should count the acknowledged chunks as uploaded: {events:?}"
    );
    assert_eq!(
        events.last().map(|e| e.uploaded_bytes),
        Some(TOTAL),
        "{events:?}"
    );
    let left = resume_keys();
    assert!(
        left.is_empty(),
        "resume keys left in localStorage after the upload completed: {left:?}"
    );
}

/// `resume: true` with two different Blobs of the same size and the same token: the second
/// upload must not be mixed into the first one's video (a Blob has no name or date to tell
/// it apart, so only its size would match). The second video's file is the second Blob.
#[wasm_bindgen_test]
async fn resume_never_mixes_two_different_blobs_of_the_same_size() {
    clear_resume_keys();
    let token = new_token(0).await;
    let size = 12 * MIB;
    let (first_blob, second_blob) = (make_blob(size, 11), make_blob(size, 12));
    let options = resume_options(1);

    let (settled, _) =
        upload_cancelled_when(&first_blob, &token, &options, |e| e.current_chunk >= 2).await;
    assert_aborted(&settled);

    let second = new_uploader(uploader_options(&second_blob, &token, &options));
    let video = resolved(second.upload(), "the second Blob's upload()").await;
    clear_resume_keys();
    let served = served_sha256(&video, size).await;
    let first_chunk_of_first_then_second: Blob = concat_blobs(&[
        first_blob
            .slice_with_f64_and_f64(0.0, CHUNK as f64)
            .expect("slice"),
        second_blob
            .slice_with_f64_and_f64(CHUNK as f64, size as f64)
            .expect("slice"),
    ]);
    assert_ne!(
        served,
        blob_sha256(&first_chunk_of_first_then_second).await,
        "the second Blob was resumed into the first Blob's video: the file is the first Blob's chunk 1 then the second Blob's chunks 2 and 3"
    );
    assert_eq!(
        served,
        blob_sha256(&second_blob).await,
        "the second video's file is not the second Blob"
    );
}

/// `resume: true` when the remembered video is gone (deleted on the server): the file must not
/// stay stuck on that video forever. A new uploader for it either starts a new video at once,
/// or fails once and forgets the stale state so that the next one does.
#[wasm_bindgen_test]
async fn resume_recovers_when_the_remembered_video_is_gone() {
    clear_resume_keys();
    let token = new_token(0).await;
    let file_name = format!("gone-{token}.mp4");
    let blob = make_blob(12 * MIB, 17);
    let file = || make_file(&blob, &file_name, RESUME_LAST_MODIFIED);
    let options = resume_options(1);

    let (settled, _) =
        upload_cancelled_when(&file(), &token, &options, |e| e.current_chunk >= 2).await;
    assert_aborted(&settled);
    let videos = video_ids_titled(&file_name).await;
    assert_eq!(videos.len(), 1, "{videos:?}");
    delete_video(&videos[0]).await;

    let second = new_uploader(uploader_options(&file(), &token, &options));
    let video = match settle(second.upload()).await {
        Ok(video) => video,
        Err(error) => {
            let failure = Failure::from_js(&error);
            let third = new_uploader(uploader_options(&file(), &token, &options));
            settle(third.upload()).await.unwrap_or_else(|again| {
                panic!(
                    "the file is stuck on its deleted video: every new uploader fails. First: {}; again: {}; resume keys: {:?}",
                    failure.json,
                    json(&again),
                    resume_keys()
                )
            })
        }
    };
    assert_ne!(
        string(&video, "videoId").as_ref(),
        Some(&videos[0]),
        "a deleted video cannot be the result"
    );
    assert_assembled_file_is(&video, &blob).await;
    clear_resume_keys();
}

/// `resume: true`, cancelled at the very end (in the progress event that reaches the file's
/// size, when the last chunk is complete or about to be acknowledged): a second uploader for the
/// same file sends the last chunk alone, once, and gets the complete video; no key is left.
#[wasm_bindgen_test]
async fn resume_after_a_cancel_at_the_very_end_sends_the_last_chunk_only() {
    clear_resume_keys();
    let token = new_token(0).await;
    let file_name = format!("end-{token}.mp4");
    let total = 12 * MIB;
    let blob = make_blob(total, 22);
    let file = || make_file(&blob, &file_name, RESUME_LAST_MODIFIED);
    let options = resume_options(1);

    let (settled, _) = upload_cancelled_when(&file(), &token, &options, |e| {
        e.uploaded_bytes == e.total_bytes
    })
    .await;
    assert_aborted(&settled);
    let before = settled_stats(&token, 300).await;

    let second = new_uploader(uploader_options(&file(), &token, &options));
    let video = resolved(second.upload(), "the resumed upload()").await;
    assert_assembled_file_is(&video, &blob).await;
    let after = stats(&token).await;
    assert_eq!(
        (
            after.upload_requests - before.upload_requests,
            after.received_bytes - before.received_bytes
        ),
        (1, 2 * MIB),
        "only the last chunk should be sent again (before: {before:?}, after: {after:?})"
    );
    assert_eq!(
        video_ids_titled(&file_name).await.len(),
        1,
        "one video for the file"
    );
    assert!(
        resume_keys().is_empty(),
        "resume keys left: {:?}",
        resume_keys()
    );
}
