//! ProgressiveUploader in a real browser against upload-server: parts of unknown count sent
//! through uploadPart / uploadLastPart, small parts merged (or refused when merging is off),
//! and the assembled file identical to the parts concatenated.
#![cfg(target_arch = "wasm32")]

#[path = "browser/common.rs"]
mod common;

use common::*;
use js_sys::{Function, Promise};
use video_uploader_wasm::ProgressiveUploader;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::Blob;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn new_progressive(token: &str, merge_small_parts: Option<bool>) -> ProgressiveUploader {
    new_progressive_with(
        token,
        merge_small_parts
            .map(|merge| ("mergeSmallPartsBeforeUpload", JsValue::from_bool(merge)))
            .as_slice(),
    )
}

fn new_progressive_with(token: &str, extra: &[(&str, JsValue)]) -> ProgressiveUploader {
    let mut entries = vec![
        ("uploadToken", JsValue::from_str(token)),
        ("apiHost", JsValue::from_str(server_url())),
    ];
    entries.extend(extra.iter().cloned());
    ProgressiveUploader::new(object(&entries))
        .unwrap_or_else(|e| panic!("options refused: {:?}", error_message(e)))
}

/// Blobs of the given sizes in MiB, each of its own content.
fn parts(sizes_mib: &[u64], seed: u32) -> Vec<Blob> {
    sizes_mib
        .iter()
        .enumerate()
        .map(|(i, mib)| make_blob(mib * MIB, seed + i as u32))
        .collect()
}

/// Checks a progressive progress stream: parts numbered 1, 2, … in order, each part's
/// uploadedBytes never going back nor past its totalBytes, never repeated, and ending at it. Returns the parts'
/// sizes in order.
fn assert_part_progress(events: &[PartProgress]) -> Vec<u64> {
    assert!(!events.is_empty(), "no progress event");
    assert_eq!(events[0].part, 1, "the first part is 1: {:?}", events[0]);
    for e in events {
        assert!(
            e.uploaded_bytes <= e.total_bytes,
            "uploadedBytes past totalBytes: {e:?}"
        );
    }
    for pair in events.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(
            b.part == a.part || b.part == a.part + 1,
            "parts out of order: {a:?} then {b:?}"
        );
        if b.part == a.part {
            assert_eq!(
                b.total_bytes, a.total_bytes,
                "a part's totalBytes changed: {a:?} then {b:?}"
            );
            assert!(
                b.uploaded_bytes >= a.uploaded_bytes,
                "a part's uploadedBytes went back: {a:?} then {b:?}"
            );
            assert!(
                b.uploaded_bytes != a.uploaded_bytes,
                "the same progress was reported twice (a listener adding up parts would count it twice): {a:?} then {b:?}"
            );
        } else {
            assert_eq!(
                a.uploaded_bytes, a.total_bytes,
                "part {} ended before all its bytes: {a:?}",
                a.part
            );
        }
    }
    let last = events.last().expect("an event");
    assert_eq!(
        last.uploaded_bytes, last.total_bytes,
        "the last part did not end at its size: {last:?}"
    );
    let mut sizes: Vec<u64> = Vec::new();
    for e in events {
        if sizes.len() < e.part as usize {
            sizes.push(e.total_bytes);
        }
    }
    sizes
}

/// 7 blobs of 1, 6, 2, 5, 3, 6 and 4 MiB given to uploadPart (the last to uploadLastPart) in a
/// row without awaiting, as a MediaRecorder would: the parts go in call order, blobs under
/// 5 MiB are merged with the next so that every part but the last is at least 5 MiB, each
/// uploadPart promise resolves (with the video, or undefined while its blob is held), and the
/// assembled file is the 27 MiB concatenation, byte for byte, with one request per part.
#[wasm_bindgen_test]
async fn seven_parts_of_1_to_6_mib_assemble_in_order() {
    let token = new_token(0).await;
    let blobs = parts(&[1, 6, 2, 5, 3, 6, 4], 10);
    let uploader = new_progressive(&token, None);
    let progress = ProgressLog::<PartProgress>::new();
    uploader.on_progress(progress.listener());

    let (last, others) = blobs.split_last().expect("parts");
    let pending: Vec<Promise> = others
        .iter()
        .map(|blob| uploader.upload_part(blob.clone()))
        .collect();
    let final_promise = uploader.upload_last_part(last.clone());
    for (i, promise) in pending.into_iter().enumerate() {
        let answer = resolved(promise, &format!("uploadPart #{}", i + 1)).await;
        assert!(
            answer.is_undefined() || string(&answer, "videoId").is_some(),
            "uploadPart #{} resolved with {}",
            i + 1,
            json(&answer)
        );
    }
    let video = resolved(final_promise, "uploadLastPart").await;

    let total: u64 = blobs.iter().map(|b| b.size() as u64).sum();
    assert_eq!(total, 27 * MIB);
    assert_assembled_file_is(&video, &concat_blobs(&blobs)).await;
    let sizes = assert_part_progress(&progress.events());
    assert_eq!(
        sizes.iter().sum::<u64>(),
        total,
        "the parts' sizes {sizes:?} do not add up to the file"
    );
    let (_, all_but_last) = sizes.split_last().expect("sizes");
    assert!(
        all_but_last.iter().all(|&size| size >= 5 * MIB),
        "a part but the last is under 5 MiB: {sizes:?}"
    );
    assert_eq!(
        sizes,
        [7 * MIB, 7 * MIB, 9 * MIB, 4 * MIB],
        "blobs merged until they reach 5 MiB"
    );
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: sizes.len() as u64,
            received_bytes: total
        },
        "one request per part"
    );
}

/// With mergeSmallPartsBeforeUpload false, each blob goes as its own part, unmerged: 6 and
/// 5 MiB parts then a last part of 2 MiB assemble byte for byte.
#[wasm_bindgen_test]
async fn without_merging_each_blob_is_a_part() {
    let token = new_token(0).await;
    let blobs = parts(&[6, 5, 2], 20);
    let uploader = new_progressive(&token, Some(false));
    let progress = ProgressLog::<PartProgress>::new();
    uploader.on_progress(progress.listener());

    for (i, blob) in blobs[..2].iter().enumerate() {
        let answer = resolved(
            uploader.upload_part(blob.clone()),
            &format!("uploadPart #{}", i + 1),
        )
        .await;
        assert!(
            string(&answer, "videoId").is_some(),
            "a part sent at once resolves with the video: {}",
            json(&answer)
        );
    }
    let video = resolved(
        uploader.upload_last_part(blobs[2].clone()),
        "uploadLastPart",
    )
    .await;

    assert_assembled_file_is(&video, &concat_blobs(&blobs)).await;
    assert_eq!(
        assert_part_progress(&progress.events()),
        [6 * MIB, 5 * MIB, 2 * MIB]
    );
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: 3,
            received_bytes: 13 * MIB
        }
    );
}

/// With mergeSmallPartsBeforeUpload false, a 1 MiB part is refused with an error that gives
/// the 5 MiB minimum and the option to turn on, and nothing is sent.
#[wasm_bindgen_test]
async fn without_merging_a_small_part_is_refused() {
    let token = new_token(0).await;
    let uploader = new_progressive(&token, Some(false));
    let failure = rejected(
        uploader.upload_part(make_blob(MIB, 30)),
        "uploadPart(1 MiB)",
    )
    .await;
    let message = failure.title.clone().unwrap_or_default();
    assert!(
        ["5MB", "5 MB", "5 MiB", "5MiB", "5242880"]
            .iter()
            .any(|bound| message.contains(bound)),
        "the error should give the 5 MiB minimum: {}",
        failure.json
    );
    assert!(
        message.contains("mergeSmallPartsBeforeUpload"),
        "the error should name the option: {}",
        failure.json
    );
    assert_eq!(
        settled_stats(&token, 300).await.upload_requests,
        0,
        "a refused part must not be sent"
    );
}

/// With preventEmptyParts, the newest blob is held back so that uploadLastPart with an empty
/// Blob (a recorder stopped right after a flush) still sends a non-empty last part: 6 and 6 MiB
/// then an empty last blob make two parts of 6 MiB, assembled byte for byte.
#[wasm_bindgen_test]
async fn prevent_empty_parts_never_sends_an_empty_last_part() {
    let token = new_token(0).await;
    let blobs = parts(&[6, 6], 50);
    let uploader = new_progressive_with(&token, &[("preventEmptyParts", JsValue::TRUE)]);
    let progress = ProgressLog::<PartProgress>::new();
    uploader.on_progress(progress.listener());

    for (i, blob) in blobs.iter().enumerate() {
        resolved(
            uploader.upload_part(blob.clone()),
            &format!("uploadPart #{}", i + 1),
        )
        .await;
    }
    let empty = Blob::new().expect("an empty Blob");
    let video = resolved(uploader.upload_last_part(empty), "uploadLastPart(empty)").await;

    assert_assembled_file_is(&video, &concat_blobs(&blobs)).await;
    assert_eq!(assert_part_progress(&progress.events()), [6 * MIB, 6 * MIB]);
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: 2,
            received_bytes: 12 * MIB
        }
    );
}

/// cancel() while a part is on its way: that part's promise and the parts queued behind it
/// reject with reason "ABORTED", and uploadLastPart afterwards rejects too; nothing more is
/// sent.
#[wasm_bindgen_test]
async fn cancel_rejects_the_parts_in_flight_and_after() {
    let token = new_token(0).await;
    let blobs = parts(&[6, 6], 60);
    let uploader = std::rc::Rc::new(new_progressive(&token, None));
    let progress = {
        let uploader = uploader.clone();
        ProgressLog::<PartProgress>::with_hook(move |_| uploader.cancel())
    };
    uploader.on_progress(progress.listener());

    let first = uploader.upload_part(blobs[0].clone());
    let second = uploader.upload_part(blobs[1].clone());
    for (promise, what) in [(first, "uploadPart #1"), (second, "uploadPart #2")] {
        let failure = rejected(promise, what).await;
        assert_eq!(
            failure.reason.as_deref(),
            Some("ABORTED"),
            "{what}: {}",
            failure.json
        );
    }
    let last = rejected(
        uploader.upload_last_part(make_blob(MIB, 62)),
        "uploadLastPart after cancel()",
    )
    .await;
    assert_eq!(last.reason.as_deref(), Some("ABORTED"), "{}", last.json);
    let sent = settled_stats(&token, 300).await;
    assert!(
        sent.upload_requests <= 1,
        "parts sent after cancel(): {sent:?}"
    );
}

/// A part whose request is never answered is aborted after `stallTimeout` and sent again (a
/// retry with reason NETWORK_TIMEOUT): the video assembles identical.
#[wasm_bindgen_test]
async fn a_black_holed_part_is_aborted_after_stall_timeout_and_sent_again() {
    let token = new_token(0).await;
    let blobs = parts(&[5, 1], 40);
    let uploader = new_progressive_with(
        &token,
        &[
            ("stallTimeout", JsValue::from(1000)),
            (
                "retryStrategy",
                Function::new_with_args(
                    "count, error",
                    "return error.reason === 'NETWORK_TIMEOUT' ? 0 : null",
                )
                .into(),
            ),
        ],
    );

    Concurrency::watch();
    Concurrency::black_hole_requests(&[1]);
    resolved(
        uploader.upload_part(blobs[0].clone()),
        "uploadPart through a black hole",
    )
    .await;
    let video = resolved(
        uploader.upload_last_part(blobs[1].clone()),
        "uploadLastPart",
    )
    .await;

    assert_assembled_file_is(&video, &concat_blobs(&blobs)).await;
    assert_eq!(
        Concurrency::now().started,
        3,
        "the silent part sent again, once"
    );
    assert_eq!(
        stats(&token).await,
        Stats {
            upload_requests: 2,
            received_bytes: 6 * MIB
        }
    );
}
