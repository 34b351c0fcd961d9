//! VideoUploader in a real browser against upload-server: chunked uploads one at a time and in
//! parallel, the progress stream, pause/resume, offline/online, cancel, retries after network
//! errors and retryStrategy, and the listeners. (`resume: true` is in browser_resume.rs.)
#![cfg(target_arch = "wasm32")]

#[path = "browser/common.rs"]
mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Blob;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The file of the chunked tests: 23 MiB, so 4 chunks of 5 MiB and a last one of 3 MiB.
const TOTAL: u64 = 23 * MIB;
const CHUNK: u64 = 5 * MIB;
const CHUNKS: u64 = 5;

fn chunk_options(parallel: u32) -> Vec<(&'static str, JsValue)> {
    vec![
        ("chunkSize", JsValue::from_f64(CHUNK as f64)),
        ("parallelChunks", JsValue::from(parallel)),
    ]
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

    assert!(
        string(&video, "videoId").is_some_and(|id| id.starts_with("vi")),
        "videoId: {}",
        json(&video)
    );
    assert_eq!(
        string(&video, "title").as_ref(),
        Some(&title),
        "videoName gives the title: {}",
        json(&video)
    );
    assert!(
        get(&video, "createdAt").is_instance_of::<js_sys::Date>(),
        "createdAt should be a Date: {}",
        json(&video)
    );
    assert!(
        get(&video, "_public").as_bool().is_some() && get(&video, "public").is_undefined(),
        "public is given as _public: {}",
        json(&video)
    );
    assert_assembled_file_is(&video, &blob).await;
    assert_progress_stream(&progress.events(), TOTAL, CHUNK, parallel == 1);
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: CHUNKS,
            received_bytes: TOTAL
        },
        "one request per chunk, each chunk once"
    );
    // The first chunk goes alone; the other four then fit in the window.
    let expected_max = u64::from(parallel).min(CHUNKS - 1);
    assert_eq!(
        (requests.started, requests.max),
        (CHUNKS, expected_max),
        "upload requests started, and open at most at once, with parallelChunks {parallel}"
    );
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

/// With the default options a file over one chunk (50 MiB) goes as a 5 MiB first chunk, whose
/// answer brings the videoId back fast, then one chunk per stream (6), all sent at once and
/// finishing together: 7 requests, and the file assembled byte for byte.
#[wasm_bindgen_test]
async fn default_options_send_a_small_first_chunk_then_a_chunk_per_stream() {
    let token = new_token(0).await;
    let total = 56 * MIB + 3;
    let blob = make_blob(total, 8);
    let uploader = new_uploader(uploader_options(&blob, &token, &[]));
    let progress = ProgressLog::<VideoProgress>::new();
    uploader.on_progress(progress.listener());
    Concurrency::watch();
    let video = resolved(uploader.upload(), "upload() with the default options").await;
    let requests = Concurrency::now();
    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: 7,
            received_bytes: total
        }
    );
    assert_eq!(
        (requests.started, requests.max),
        (7, 6),
        "the six after the first at once: {requests:?}"
    );
    let events = progress.events();
    let last = events.last().expect("progress events");
    assert_eq!(
        (last.uploaded_bytes, last.total_bytes, last.chunks_count),
        (total, total, 7),
        "{last:?}"
    );
    // The longest chunk: 51 MiB + 3 bytes over six.
    assert_eq!(last.chunks_bytes, (51 * MIB + 3).div_ceil(6), "{last:?}");
    assert!(
        events
            .windows(2)
            .all(|pair| pair[1].uploaded_bytes >= pair[0].uploaded_bytes),
        "never back"
    );
}

/// Two chunks sending at a time: a chunk whose bytes are all sent gives its place to the next
/// one while it waits for its answer, so that the link does not idle meanwhile. More than two
/// requests are then open at once, yet never more than two sending and two waiting.
#[wasm_bindgen_test]
async fn a_chunk_whose_bytes_are_sent_gives_its_place_to_the_next() {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, 5);
    let uploader = new_uploader(uploader_options(&blob, &token, &chunk_options(2)));
    Concurrency::watch();
    let video = resolved(uploader.upload(), "upload()").await;
    let requests = Concurrency::now();
    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(requests.started, CHUNKS, "{requests:?}");
    assert!(
        (3..=4).contains(&requests.max),
        "open at most at once: {requests:?}"
    );
}

/// pause() once chunk 2 is under way (two chunks sending at a time) lets the chunks in flight
/// finish and starts no other: for a second the server receives nothing more, no upload request
/// is open, and upload() stays pending. After resume() the upload completes, identical, without
/// retries.
#[wasm_bindgen_test]
async fn pause_stops_new_chunks_until_resume() {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, 3);
    let uploader = Rc::new(new_uploader(uploader_options(
        &blob,
        &token,
        &chunk_options(2),
    )));
    // Chunks whose bytes are sent give their place to the next while they wait for their
    // answer, so by the time a progress event reaches the listener more may have started:
    // count them at pause() itself.
    let started_at_pause = Rc::new(Cell::new(0));
    let (progress, paused) = {
        let (uploader, started_at_pause) = (uploader.clone(), started_at_pause.clone());
        act_once_from_chunk(2, move || {
            uploader.pause();
            started_at_pause.set(Concurrency::now().started);
        })
    };
    uploader.on_progress(progress.listener());

    Concurrency::watch();
    let upload = uploader.upload();
    let finished = SettledFlag::watch(&upload);
    while !paused.get() && !finished.is_settled() {
        sleep(5).await;
    }
    assert!(
        paused.get(),
        "the upload finished before it could be paused"
    );
    let during_pause = settled_stats(&token, 1000).await;
    let requests = Concurrency::now();
    assert!(!finished.is_settled(), "upload() settled while paused");
    assert_eq!(
        requests.open, 0,
        "the chunks in flight should finish while paused: {requests:?}"
    );
    let started = started_at_pause.get();
    assert!(
        (2..CHUNKS).contains(&started),
        "pause() should come while the upload is under way: {started} chunks started"
    );
    assert_eq!(
        requests.started, started,
        "chunks started after pause(): {requests:?}"
    );
    assert!(
        during_pause.upload_requests <= started,
        "only the chunks started before pause() may arrive while paused: {during_pause:?}"
    );
    assert!(
        during_pause.received_bytes <= started * CHUNK,
        "more than the chunks in flight arrived while paused: {during_pause:?}"
    );

    uploader.resume();
    let video = resolved(upload, "upload() after resume()").await;
    assert_assembled_file_is(&video, &blob).await;
    assert_progress_stream(&progress.events(), TOTAL, CHUNK, false);
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: CHUNKS,
            received_bytes: TOTAL
        }
    );
}

/// cancel() while paused (nothing in flight) ends the upload at once: upload() rejects with
/// "ABORTED" and resume() afterwards sends nothing.
#[wasm_bindgen_test]
async fn cancel_while_paused_rejects_with_aborted() {
    let token = new_token(0).await;
    let blob = make_blob(12 * MIB, 9);
    let uploader = Rc::new(new_uploader(uploader_options(
        &blob,
        &token,
        &chunk_options(2),
    )));
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
    assert_eq!(
        failure.reason.as_deref(),
        Some("ABORTED"),
        "rejection: {}",
        failure.json
    );
    uploader.resume();
    assert_eq!(
        settled_stats(&token, 500).await,
        paused,
        "requests after cancel() and resume()"
    );
}

/// cancel() while chunks are in flight: upload() rejects with reason "ABORTED", a second
/// cancel() changes nothing, and the server stops receiving (no chunk is sent after it).
#[wasm_bindgen_test]
async fn cancel_mid_upload_rejects_with_aborted() {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, 4);
    let uploader = Rc::new(new_uploader(uploader_options(
        &blob,
        &token,
        &chunk_options(2),
    )));
    // Mid-upload: the first chunk is acknowledged, chunks 2 and 3 are in flight (and maybe 4:
    // a sent chunk gives its place before a progress event reaches the listener), counted at
    // cancel() itself.
    let started_at_cancel = Rc::new(Cell::new(0));
    let (progress, cancelled) = {
        let (uploader, started_at_cancel) = (uploader.clone(), started_at_cancel.clone());
        act_once_from_chunk(2, move || {
            started_at_cancel.set(Concurrency::now().started);
            uploader.cancel();
        })
    };
    uploader.on_progress(progress.listener());

    Concurrency::watch();
    let failure = rejected(uploader.upload(), "upload() after cancel()").await;
    assert!(
        cancelled.get(),
        "the upload finished before it could be cancelled"
    );
    let requests = Concurrency::now();
    assert_eq!(
        requests.open, 0,
        "cancel() should abort the requests in flight: {requests:?}"
    );
    let started = started_at_cancel.get();
    assert!(
        (2..CHUNKS).contains(&started),
        "cancel() should come while the upload is under way: {started} chunks started"
    );
    assert_eq!(
        requests.started, started,
        "chunks started after cancel(): {requests:?}"
    );
    assert_eq!(
        failure.reason.as_deref(),
        Some("ABORTED"),
        "rejection: {}",
        failure.json
    );
    uploader.cancel();
    uploader.cancel();

    let after = settled_stats(&token, 700).await;
    assert!(
        after.upload_requests <= started,
        "chunks were started after cancel(): {after:?}"
    );
    assert!(
        after.received_bytes < TOTAL,
        "the whole file arrived despite cancel(): {after:?}"
    );
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
    assert_eq!(
        settled_stats(&token, 300).await,
        Stats {
            upload_requests: 1,
            received_bytes: 2 * MIB
        }
    );
}

/// A chunk whose request fails at the network level (the 2nd and 4th upload requests are sent
/// to a closed port) is retried after the default short delay: the upload completes, the file is
/// identical, the server got each chunk exactly once, and the progress stream stays within the
/// file and ends at its size.
#[wasm_bindgen_test]
async fn a_chunk_lost_to_a_network_error_is_retried() {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, 13);
    let uploader = new_uploader(uploader_options(&blob, &token, &chunk_options(2)));
    let progress = ProgressLog::<VideoProgress>::new();
    uploader.on_progress(progress.listener());
    let retries = js_sys::Array::new();
    uploader.on_retry(js_sys::Function::new_with_args(
        "event",
        "globalThis.__retries.push([event.attempt, event.delayMs, event.error.reason, event.error.title])",
    ));
    js_sys::Reflect::set(&js_sys::global(), &"__retries".into(), &retries).expect("a global");

    Concurrency::watch();
    Concurrency::fail_requests(&[2, 4]);
    let video = resolved(uploader.upload(), "upload() with two failed requests").await;
    let requests = Concurrency::now();

    // onRetry heard each: the first retry of its chunk, after 200 ms, naming the server.
    assert_eq!(retries.length(), 2, "{}", json(&retries));
    for retry in retries.iter() {
        let retry: js_sys::Array = retry.into();
        assert_eq!(retry.get(0).as_f64(), Some(1.0), "{}", json(&retries));
        assert_eq!(retry.get(1).as_f64(), Some(200.0), "{}", json(&retries));
        assert_eq!(retry.get(2).as_string().as_deref(), Some("NETWORK_ERROR"));
        let title = retry.get(3).as_string().unwrap_or_default();
        assert!(
            title.starts_with(&format!("Could not reach {}", server_url())),
            "{title}"
        );
    }

    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(
        requests.started,
        CHUNKS + 2,
        "each failed request retried once: {requests:?}"
    );
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: CHUNKS,
            received_bytes: TOTAL
        }
    );
    let events = progress.events();
    assert!(
        events
            .iter()
            .all(|e| e.uploaded_bytes <= TOTAL && e.total_bytes == TOTAL),
        "{events:?}"
    );
    assert_eq!(
        events.last().map(|e| e.uploaded_bytes),
        Some(TOTAL),
        "{events:?}"
    );
}

/// A progress listener that throws does not break the upload, the other listeners still hear
/// every event up to the end, and its exception is reported as an uncaught one (the global's
/// `error` event, through `reportError`), not swallowed.
#[wasm_bindgen_test]
async fn a_throwing_progress_listener_does_not_break_the_upload() {
    let token = new_token(0).await;
    let blob = make_blob(7 * MIB, 14);
    let uploader = new_uploader(uploader_options(&blob, &token, &chunk_options(1)));
    uploader.on_progress(js_sys::Function::new_with_args(
        "event",
        "throw new Error('a broken listener')",
    ));
    let progress = ProgressLog::<VideoProgress>::new();
    uploader.on_progress(progress.listener());
    // Counts the reports (and keeps them off the console: preventDefault).
    let listen = js_sys::Function::new_no_args(
        "globalThis.__reported = 0; \
         globalThis.__onReported = (event) => { \
           if (event.error && event.error.message === 'a broken listener') { globalThis.__reported++; event.preventDefault(); } \
         }; \
         globalThis.addEventListener('error', globalThis.__onReported);",
    );
    listen.call0(&JsValue::NULL).expect("listening");

    let video = resolved(uploader.upload(), "upload() with a throwing listener").await;
    let reported = js_sys::Reflect::get(&js_sys::global(), &"__reported".into())
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or_default();
    js_sys::Function::new_no_args(
        "globalThis.removeEventListener('error', globalThis.__onReported)",
    )
    .call0(&JsValue::NULL)
    .expect("stop listening");
    assert_assembled_file_is(&video, &blob).await;
    assert_progress_stream(&progress.events(), 7 * MIB, CHUNK, true);
    assert!(
        reported >= 1.0,
        "the exception was reported {reported} times"
    );
}

/// onPlayable listeners are called once the upload is done, with the video (the one upload()
/// resolved with) when its assets.hls stops answering 202.
#[wasm_bindgen_test]
async fn on_playable_hears_the_video_after_the_upload() {
    let token = new_token(0).await;
    let blob = make_blob(MIB, 15);
    let uploader = new_uploader(uploader_options(&blob, &token, &[]));
    let heard = Rc::new(std::cell::RefCell::new(Vec::<JsValue>::new()));
    let listener = {
        let heard = heard.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |video: JsValue| heard.borrow_mut().push(video))
    };
    uploader.on_playable(
        listener
            .as_ref()
            .unchecked_ref::<js_sys::Function>()
            .clone(),
    );

    let video = resolved(uploader.upload(), "upload()").await;
    for _ in 0..50 {
        if !heard.borrow().is_empty() {
            break;
        }
        sleep(100).await;
    }
    let heard = heard.borrow();
    assert_eq!(
        heard.len(),
        1,
        "onPlayable should be called once within 5 s"
    );
    assert_eq!(
        string(&heard[0], "videoId"),
        string(&video, "videoId"),
        "onPlayable's video: {}",
        json(&heard[0])
    );
}

/// A request that is never answered (its body sent, then silence) is aborted after
/// `stallTimeout` and retried through the retry policy, which hears a `NETWORK_TIMEOUT`: the
/// upload completes with the file intact, the server stored each chunk once.
#[wasm_bindgen_test]
async fn a_black_holed_request_is_aborted_after_stall_timeout_and_retried() {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, 21);
    let reasons = js_sys::Array::new();
    let strategy = {
        let reasons = reasons.clone();
        Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(
            move |_count: JsValue, error: JsValue| {
                reasons.push(&js_sys::Reflect::get(&error, &"reason".into()).unwrap_or_default());
                JsValue::from(0)
            },
        )
    };
    let mut options = chunk_options(2);
    options.push(("stallTimeout", JsValue::from(1000)));
    options.push(("retryStrategy", strategy.as_ref().clone()));
    let uploader = new_uploader(uploader_options(&blob, &token, &options));

    Concurrency::watch();
    Concurrency::black_hole_requests(&[2]);
    let started = js_sys::Date::now();
    let video = resolved(uploader.upload(), "upload() with a black-holed request").await;
    let seconds = (js_sys::Date::now() - started) / 1000.0;

    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(
        json(&reasons),
        r#"["NETWORK_TIMEOUT"]"#,
        "the retry policy heard the stall"
    );
    assert!(
        seconds >= 1.0,
        "aborted after stallTimeout, not before: {seconds} s"
    );
    assert_eq!(
        Concurrency::now().started,
        CHUNKS + 1,
        "the silent request sent again, once"
    );
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: CHUNKS,
            received_bytes: TOTAL
        }
    );
}

/// retryStrategy decides the retries: it is called with the retry count and the error
/// (reason "NETWORK_ERROR" for a dropped request), its delay in ms is used, and `null` gives
/// up with that error. With `retries: 0` and no strategy, the first failure is final.
#[wasm_bindgen_test]
async fn retry_strategy_and_retries_zero_decide_the_retries() {
    let token = new_token(0).await;
    let blob = make_blob(MIB, 16);
    let calls = js_sys::Array::new();
    let strategy = {
        let calls = calls.clone();
        Closure::<dyn FnMut(JsValue, JsValue) -> JsValue>::new(
            move |count: JsValue, error: JsValue| {
                calls.push(&js_sys::Array::of2(&count, &error));
                if count.as_f64() == Some(0.0) {
                    JsValue::from(10)
                } else {
                    JsValue::NULL
                }
            },
        )
    };
    let with_strategy = |blob: &Blob| {
        uploader_options(
            blob,
            &token,
            &[("retryStrategy", strategy.as_ref().clone())],
        )
    };

    // One failure, retried after 10 ms.
    Concurrency::fail_requests(&[1]);
    let video = resolved(
        new_uploader(with_strategy(&blob)).upload(),
        "upload() retried by retryStrategy",
    )
    .await;
    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(calls.length(), 1, "retryStrategy calls: {}", json(&calls));
    let first_call = calls.get(0);
    assert_eq!(
        js_sys::Reflect::get_u32(&first_call, 0)
            .ok()
            .and_then(|c| c.as_f64()),
        Some(0.0),
        "retryCount: {}",
        json(&first_call)
    );
    let error = js_sys::Reflect::get_u32(&first_call, 1).unwrap_or(JsValue::UNDEFINED);
    assert_eq!(
        string(&error, "reason").as_deref(),
        Some("NETWORK_ERROR"),
        "the error given to retryStrategy: {}",
        json(&error)
    );

    // Two failures: the strategy answers null the second time, and upload() rejects.
    calls.set_length(0);
    Concurrency::fail_requests(&[1, 2]);
    let failure = rejected(
        new_uploader(with_strategy(&blob)).upload(),
        "upload() given up by retryStrategy",
    )
    .await;
    assert_eq!(
        failure.reason.as_deref(),
        Some("NETWORK_ERROR"),
        "{}",
        failure.json
    );
    assert_eq!(calls.length(), 2, "retryStrategy calls: {}", json(&calls));

    // retries: 0, no strategy: no retry at all.
    Concurrency::watch();
    Concurrency::fail_requests(&[1]);
    let no_retry = new_uploader(uploader_options(
        &blob,
        &token,
        &[("retries", JsValue::from(0))],
    ));
    let failure = rejected(no_retry.upload(), "upload() with retries: 0").await;
    assert_eq!(
        failure.reason.as_deref(),
        Some("NETWORK_ERROR"),
        "{}",
        failure.json
    );
    assert_eq!(Concurrency::now().started, 1, "retries: 0 should not retry");
    assert_eq!(
        stats(&token).await.upload_requests,
        1,
        "only the first upload reached the server"
    );
}

/// The browser going offline holds new chunks like pause() (the chunks in flight finish), and
/// coming back online sends the rest: the upload completes, identical, without retries.
#[wasm_bindgen_test]
async fn offline_holds_new_chunks_until_online() {
    let token = new_token(0).await;
    let blob = make_blob(TOTAL, 18);
    let uploader = new_uploader(uploader_options(&blob, &token, &chunk_options(2)));
    // Counted when the browser goes offline: a sent chunk gives its place before a progress
    // event reaches the listener, so a fourth chunk may have started by then.
    let started_offline = Rc::new(Cell::new(0));
    let (progress, offline) = {
        let started_offline = started_offline.clone();
        act_once_from_chunk(2, move || {
            fire_connectivity(false);
            started_offline.set(Concurrency::now().started);
        })
    };
    uploader.on_progress(progress.listener());

    Concurrency::watch();
    let upload = uploader.upload();
    let finished = SettledFlag::watch(&upload);
    while !offline.get() && !finished.is_settled() {
        sleep(5).await;
    }
    let during = settled_stats(&token, 800).await;
    let still_pending = !finished.is_settled();
    fire_connectivity(true);
    assert!(offline.get(), "the upload finished before going offline");
    assert!(still_pending, "upload() settled while offline");
    let started = started_offline.get();
    assert!(
        during.upload_requests <= started && during.received_bytes <= started * CHUNK,
        "chunks started while offline ({started} before): {during:?}"
    );

    let video = resolved(upload, "upload() back online").await;
    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: CHUNKS,
            received_bytes: TOTAL
        }
    );
}

/// Sizes that do not fall on MiB boundaries: a chunkSize of 5 MiB + 12345 bytes over a file of
/// two such chunks and 777 bytes (a tiny last chunk), and a file of exactly two 5 MiB chunks
/// (no empty third one). Both assemble byte for byte with one request per chunk.
#[wasm_bindgen_test]
async fn odd_sizes_assemble_exactly() {
    for (chunk, total, chunks, seed) in [
        (5 * MIB + 12_345, 2 * (5 * MIB + 12_345) + 777, 3, 19),
        (5 * MIB, 10 * MIB, 2, 20),
    ] {
        let token = new_token(0).await;
        let blob = make_blob(total, seed);
        let options = [
            ("chunkSize", JsValue::from_f64(chunk as f64)),
            ("parallelChunks", JsValue::from(2)),
        ];
        let uploader = new_uploader(uploader_options(&blob, &token, &options));
        let progress = ProgressLog::<VideoProgress>::new();
        uploader.on_progress(progress.listener());
        let video = resolved(
            uploader.upload(),
            &format!("upload() of {total} bytes in chunks of {chunk}"),
        )
        .await;
        assert_assembled_file_is(&video, &blob).await;
        assert_progress_stream(&progress.events(), total, chunk, false);
        assert_eq!(
            stats(&token).await,
            Stats {
                upload_requests: chunks,
                received_bytes: total
            },
            "{total} bytes in chunks of {chunk}"
        );
    }
}

/// upload() called a second time on the same uploader rejects (a new VideoUploader is needed to
/// upload again) without disturbing the first call, which completes.
#[wasm_bindgen_test]
async fn upload_twice_on_one_uploader_rejects_the_second_call() {
    let token = new_token(0).await;
    let blob = make_blob(MIB, 21);
    let uploader = new_uploader(uploader_options(&blob, &token, &[]));
    let first = uploader.upload();
    let failure = rejected(uploader.upload(), "the second upload()").await;
    assert!(
        failure.reason.is_some() && failure.title.is_some(),
        "the rejection should say why: {}",
        failure.json
    );
    let video = resolved(first, "the first upload()").await;
    assert_assembled_file_is(&video, &blob).await;
    assert_eq!(stats(&token).await.upload_requests, 1);
}
