//! VideoUploader in a real browser against upload-server: chunked uploads sequential and in
//! parallel, the progress stream, pause/resume, cancel, and resuming with `resume: true`.
#![cfg(target_arch = "wasm32")]

#[path = "browser/common.rs"]
mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::*;
use video_uploader_wasm::VideoUploader;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The file of the chunked tests: 23 MiB, so 4 chunks of 5 MiB and a last one of 3 MiB.
const TOTAL: u64 = 23 * MIB;
const CHUNK: u64 = 5 * MIB;
const CHUNKS: u64 = 5;

fn new_uploader(options: JsValue) -> VideoUploader {
    VideoUploader::new(options).unwrap_or_else(|e| panic!("the options were refused: {:?}", error_message(e.into())))
}

fn chunk_options(parallel: u32) -> Vec<(&'static str, JsValue)> {
    vec![("chunkSize", JsValue::from_f64(CHUNK as f64)), ("parallelChunks", JsValue::from(parallel))]
}

/// Uploads 23 MiB in 5 MiB chunks with `parallel` chunks in flight and checks everything an
/// upload without incident must give: the assembled file, the progress stream, exactly one
/// request per chunk on the server (no retry), at most `parallel` requests open at once (and
/// that many when there are enough chunks), and the video as the official uploader gives it.
async fn upload_and_check(parallel: u32, seed: u32) {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, seed);
    let title = format!("upload-{parallel}-{token}");
    let mut options = chunk_options(parallel);
    options.push(("videoName", JsValue::from_str(&title)));
    let uploader = new_uploader(uploader_options(&blob, &token, &options));
    let progress = ProgressLog::<VideoProgress>::new();
    uploader.on_progress(progress.listener());

    Concurrency::watch();
    let video = resolved(uploader.upload(), "upload()").await;
    let requests = Concurrency::now();

    assert!(string(&video, "videoId").is_some_and(|id| id.starts_with("vi")), "videoId: {}", json(&video));
    assert_eq!(string(&video, "title").as_ref(), Some(&title), "videoName gives the title: {}", json(&video));
    assert!(get(&video, "createdAt").is_instance_of::<js_sys::Date>(), "createdAt should be a Date: {}", json(&video));
    assert!(get(&video, "_public").as_bool().is_some() && get(&video, "public").is_undefined(), "public is given as _public: {}", json(&video));
    assert_assembled_file_is(&video, &blob).await;
    assert_progress_stream(&progress.events(), TOTAL, CHUNK, parallel == 1);
    assert_eq!(stats(&token).await, Stats { upload_requests: CHUNKS, received_bytes: TOTAL }, "one request per chunk, each chunk once");
    // The first chunk goes alone; the other four then fit in the window.
    let expected_max = u64::from(parallel).min(CHUNKS - 1);
    assert_eq!((requests.started, requests.max), (CHUNKS, expected_max), "upload requests started, and open at most at once, with parallelChunks {parallel}");
}

/// One chunk at a time: the 5 chunks arrive and assemble into the source byte for byte; the
/// progress stream is complete and consistent, and chunks are reported in order.
#[wasm_bindgen_test]
async fn uploads_23_mib_in_5_mib_chunks_one_at_a_time() {
    upload_and_check(1, 1).await;
}

/// Four chunks in flight after the first: the file still assembles byte for byte, and the
/// progress total aggregated over parallel chunks never goes back or past the file size.
#[wasm_bindgen_test]
async fn uploads_23_mib_in_5_mib_chunks_four_in_parallel() {
    upload_and_check(4, 2).await;
}

/// pause() once chunks 2 and 3 are in flight (two at a time) lets them finish and starts no
/// other: for a second the server receives nothing more, no upload request is open, and upload()
/// stays pending. After resume() the upload completes, identical, without retries.
#[wasm_bindgen_test]
async fn pause_stops_new_chunks_until_resume() {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, 3);
    let uploader = Rc::new(new_uploader(uploader_options(&blob, &token, &chunk_options(2))));
    let paused = Rc::new(Cell::new(false));
    let progress = {
        let (uploader, paused) = (uploader.clone(), paused.clone());
        ProgressLog::<VideoProgress>::with_hook(move |e| {
            if e.current_chunk >= 2 && !paused.replace(true) {
                uploader.pause();
            }
        })
    };
    uploader.on_progress(progress.listener());

    Concurrency::watch();
    let upload = uploader.upload();
    let finished = SettledFlag::watch(&upload);
    while !paused.get() && !finished.is_settled() {
        sleep(5).await;
    }
    assert!(paused.get(), "the upload finished before it could be paused");
    let during_pause = settled_stats(&token, 1000).await;
    let requests = Concurrency::now();
    assert!(!finished.is_settled(), "upload() settled while paused");
    assert_eq!(requests.open, 0, "the chunks in flight should finish while paused: {requests:?}");
    assert!(requests.started <= 3, "chunks started after pause(): {requests:?}");
    assert!(during_pause.upload_requests <= 3, "only chunks 1 to 3 may arrive while paused: {during_pause:?}");
    assert!(during_pause.received_bytes <= 3 * CHUNK, "more than the chunks in flight arrived while paused: {during_pause:?}");

    uploader.resume();
    let video = resolved(upload, "upload() after resume()").await;
    assert_assembled_file_is(&video, &blob).await;
    assert_progress_stream(&progress.events(), TOTAL, CHUNK, false);
    assert_eq!(stats(&token).await, Stats { upload_requests: CHUNKS, received_bytes: TOTAL });
}

/// cancel() while paused (nothing in flight) ends the upload at once: upload() rejects with
/// "ABORTED" and resume() afterwards sends nothing.
#[wasm_bindgen_test]
async fn cancel_while_paused_rejects_with_aborted() {
    let token = new_token(0).await;
    let blob = make_blob(12 * MIB, 9);
    let uploader = Rc::new(new_uploader(uploader_options(&blob, &token, &chunk_options(2))));
    let progress = {
        let uploader = uploader.clone();
        ProgressLog::<VideoProgress>::with_hook(move |_| uploader.pause())
    };
    uploader.on_progress(progress.listener());

    let upload = uploader.upload();
    let finished = SettledFlag::watch(&upload);
    let paused = settled_stats(&token, 300).await;
    assert!(!finished.is_settled(), "upload() settled while paused");
    uploader.cancel();
    let failure = rejected(upload, "upload() cancelled while paused").await;
    assert_eq!(failure.reason.as_deref(), Some("ABORTED"), "rejection: {}", failure.json);
    uploader.resume();
    assert_eq!(settled_stats(&token, 500).await, paused, "requests after cancel() and resume()");
}

/// cancel() while chunks are in flight: upload() rejects with reason "ABORTED", a second
/// cancel() changes nothing, and the server stops receiving (no chunk is sent after it).
#[wasm_bindgen_test]
async fn cancel_mid_upload_rejects_with_aborted() {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, 4);
    let uploader = Rc::new(new_uploader(uploader_options(&blob, &token, &chunk_options(2))));
    let cancelled = Rc::new(Cell::new(false));
    let progress = {
        let (uploader, cancelled) = (uploader.clone(), cancelled.clone());
        // Mid-upload: the first chunk is acknowledged, chunks 2 and 3 are in flight.
        ProgressLog::<VideoProgress>::with_hook(move |e| {
            if e.current_chunk >= 2 && !cancelled.replace(true) {
                uploader.cancel();
            }
        })
    };
    uploader.on_progress(progress.listener());

    Concurrency::watch();
    let failure = rejected(uploader.upload(), "upload() after cancel()").await;
    assert!(cancelled.get(), "the upload finished before it could be cancelled");
    let requests = Concurrency::now();
    assert_eq!(requests.open, 0, "cancel() should abort the requests in flight: {requests:?}");
    assert!(requests.started <= 3, "chunks started after cancel(): {requests:?}");
    assert_eq!(failure.reason.as_deref(), Some("ABORTED"), "rejection: {}", failure.json);
    uploader.cancel();
    uploader.cancel();

    let after = settled_stats(&token, 700).await;
    assert!(after.upload_requests <= 3, "chunks were started after cancel(): {after:?}");
    assert!(after.received_bytes < TOTAL, "the whole file arrived despite cancel(): {after:?}");
}

/// cancel() (twice), pause() and resume() once upload() has resolved are harmless: nothing
/// throws, nothing more is sent, and the video's file stays complete.
#[wasm_bindgen_test]
async fn cancel_after_the_end_is_harmless() {
    let token = new_token(0).await;
    let blob = make_blob(2 * MIB, 5);
    let uploader = new_uploader(uploader_options(&blob, &token, &[]));
    let video = resolved(uploader.upload(), "upload()").await;

    uploader.cancel();
    uploader.cancel();
    uploader.pause();
    uploader.resume();

    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(settled_stats(&token, 300).await, Stats { upload_requests: 1, received_bytes: 2 * MIB });
}

const RESUME_LAST_MODIFIED: f64 = 1_700_000_000_000.0;

/// `resume: true`: an upload cancelled once 2 of its 5 chunks are acknowledged leaves a resume
/// key in localStorage; a second VideoUploader for the same file and token sends only the 3
/// missing chunks (the server's counters prove it) into the same video (the only one with the
/// file's name), the file is identical, and no resume key is left afterwards.
#[wasm_bindgen_test]
async fn resume_sends_only_the_missing_chunks() {
    clear_resume_keys();
    let token = new_token(0).await;
    // A name of its own, to find the video among the server's (and keyed on by resume).
    let file_name = format!("resume-{token}.mp4");
    let blob = make_blob(TOTAL, 6);
    let resume_options = |parallel| [chunk_options(parallel), vec![("resume", JsValue::TRUE)]].concat();

    // First page load: one chunk at a time, cancelled as soon as chunk 3 starts, that is once
    // chunks 1 and 2 are acknowledged (and remembered).
    let first = Rc::new(new_uploader(uploader_options(&make_file(&blob, &file_name, RESUME_LAST_MODIFIED), &token, &resume_options(1))));
    let progress = {
        let first = first.clone();
        ProgressLog::<VideoProgress>::with_hook(move |e| {
            if e.current_chunk >= 3 {
                first.cancel();
            }
        })
    };
    first.on_progress(progress.listener());
    let failure = rejected(first.upload(), "the first upload()").await;
    assert_eq!(failure.reason.as_deref(), Some("ABORTED"), "rejection: {}", failure.json);
    let first_events = progress.events();
    for chunk in [1, 2] {
        assert!(
            first_events.iter().any(|e| e.current_chunk == chunk && e.current_chunk_uploaded_bytes == CHUNK),
            "chunk {chunk} was not acknowledged before the cancel: {first_events:?}"
        );
    }
    let before = settled_stats(&token, 300).await;
    assert!((2..=3).contains(&before.upload_requests), "chunks 1, 2 and at most the start of 3: {before:?}");

    let videos = video_ids_titled(&file_name).await;
    assert_eq!(videos.len(), 1, "the cancelled upload created one video: {videos:?}");
    let keys = resume_keys();
    assert_eq!(keys.len(), 1, "one resume key after the cancelled upload: {keys:?}");
    let remembered = storage_item(&keys[0]).unwrap_or_default();
    assert!(remembered.contains(&videos[0]), "the resume state should name the video {}: {remembered:?}", videos[0]);

    // Second page load: a new uploader for the same file (a new File object, same name, size
    // and lastModified) and token, two chunks at a time.
    let second = new_uploader(uploader_options(&make_file(&blob, &file_name, RESUME_LAST_MODIFIED), &token, &resume_options(2)));
    let resumed_progress = ProgressLog::<VideoProgress>::new();
    second.on_progress(resumed_progress.listener());
    let video = resolved(second.upload(), "the resumed upload()").await;

    assert_eq!(string(&video, "videoId").as_ref(), Some(&videos[0]), "the resumed upload should finish the first video");
    assert_eq!(video_ids_titled(&file_name).await, videos, "the resumed upload created another video");
    assert_assembled_file_is(&video, &blob).await;
    let after = stats(&token).await;
    assert_eq!(
        (after.upload_requests - before.upload_requests, after.received_bytes - before.received_bytes),
        (CHUNKS - 2, TOTAL - 2 * CHUNK),
        "the resumed upload should send chunks 3 to 5 only (before: {before:?}, after: {after:?})"
    );
    let events = resumed_progress.events();
    assert!(
        events.iter().all(|e| e.uploaded_bytes >= 2 * CHUNK && e.uploaded_bytes <= TOTAL && e.total_bytes == TOTAL),
        "the resumed progress should count the 2 acknowledged chunks as uploaded: {events:?}"
    );
    assert_eq!(events.last().map(|e| e.uploaded_bytes), Some(TOTAL), "{events:?}");
    let left = resume_keys();
    assert!(left.is_empty(), "resume keys left in localStorage after the upload completed: {left:?}");
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
    let options = [chunk_options(1), vec![("resume", JsValue::TRUE)]].concat();

    let first = Rc::new(new_uploader(uploader_options(&first_blob, &token, &options)));
    let progress = {
        let first = first.clone();
        ProgressLog::<VideoProgress>::with_hook(move |e| {
            if e.current_chunk >= 2 {
                first.cancel();
            }
        })
    };
    first.on_progress(progress.listener());
    let failure = rejected(first.upload(), "the first upload()").await;
    assert_eq!(failure.reason.as_deref(), Some("ABORTED"), "rejection: {}", failure.json);

    let second = new_uploader(uploader_options(&second_blob, &token, &options));
    let video = resolved(second.upload(), "the second Blob's upload()").await;
    assert_assembled_file_is(&video, &second_blob).await;
    clear_resume_keys();
}
