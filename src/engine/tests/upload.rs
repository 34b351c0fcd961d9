//! VideoUploader's loop against the fake network: what it sends, in which order, when, and
//! what it makes of each answer.

use std::cell::RefCell;
use std::rc::Rc;

use super::fake::{Bytes, FakeClock, MemoryStore, Network, START_MS, SentChunk, World};
use crate::engine::ResumeStore;
use crate::engine::sender::{OnRetry, RetryEvent, RetryPolicy, Sender};
use crate::engine::upload::{Source, Upload};
use crate::protocol::error::{Reason, UploadError};
use crate::protocol::limits::{MIB, MIN_CHUNK_SIZE};
use crate::protocol::options::{self, RawOptions};
use crate::protocol::progress::ProgressEvent;
use crate::protocol::resume::{RESUME_TTL_MS, ResumeState, STORAGE_KEY_PREFIX};
use crate::protocol::video::Video;

type TestUpload = Upload<Network, MemoryStore, FakeClock>;

const VIDEO: &str =
    r#"{"videoId":"vi1","assets":{"hls":"https://vod.test/vi1/hls/manifest.m3u8"}}"#;

/// 5 MiB chunks (`chunkSize` given), `parallel` at a time after the first, with an upload token.
fn raw(parallel: f64) -> RawOptions {
    RawOptions {
        upload_token: Some("to1".into()),
        api_host: Some("http://127.0.0.1:8080".into()),
        chunk_size: Some(MIN_CHUNK_SIZE as f64),
        parallel_chunks: Some(parallel),
        ..RawOptions::default()
    }
}

/// As [`raw`], into the existing video vi1 with an access token and its refresh token.
fn with_access_token(parallel: f64) -> RawOptions {
    RawOptions {
        upload_token: None,
        access_token: Some("access-1".into()),
        refresh_token: Some("refresh-1".into()),
        video_id: Some("vi1".into()),
        ..raw(parallel)
    }
}

struct Uploading {
    upload: Rc<TestUpload>,
    outcome: Rc<RefCell<Option<Result<Video, UploadError>>>>,
    events: Rc<RefCell<Vec<ProgressEvent>>>,
    retries: RetryLog,
}

/// What `onRetry` heard: each retry's number, its wait, the error's reason.
type RetryLog = Rc<RefCell<Vec<(u32, Option<u64>, Reason)>>>;

/// An `onRetry` that writes down what it hears.
fn retry_log() -> (RetryLog, OnRetry) {
    let log = Rc::new(RefCell::new(Vec::new()));
    let heard = log.clone();
    let on_retry = Box::new(move |event: &RetryEvent| {
        heard
            .borrow_mut()
            .push((event.attempt, event.delay_ms, event.error.reason.clone()))
    });
    (log, on_retry)
}

/// Starts uploading `file` (named "clip.mp4", as a File) with `raw` options.
fn start(world: &mut World, raw: RawOptions, file: &Bytes, store: &MemoryStore) -> Uploading {
    use crate::engine::Blob;
    let options = options::validate_video_uploader(&RawOptions {
        file_size: Some(file.size() as f64),
        ..raw
    })
    .expect("valid options");
    let events = Rc::new(RefCell::new(Vec::new()));
    let on_progress = {
        let events = events.clone();
        Box::new(move |event: &ProgressEvent| events.borrow_mut().push(*event))
    };
    let (retries, on_retry) = retry_log();
    let sender = Sender::new(
        &options,
        RetryPolicy::Default {
            max_retries: options.retries,
        },
        world.network.clone(),
        world.clock.clone(),
        on_retry,
    );
    let source = Source {
        blob: file.clone(),
        name: Some("clip.mp4".into()),
        last_modified: 1.0,
    };
    let upload = Rc::new(Upload::new(
        options,
        source,
        sender,
        store.clone(),
        on_progress,
    ));
    upload.start().expect("the first start");
    let outcome = world.spawn(upload.clone().run());
    Uploading {
        upload,
        outcome,
        events,
        retries,
    }
}

/// The server's side: keeps each chunk's bytes at its offset, and answers 201 with the video.
#[derive(Default)]
struct Received(Vec<(u64, Vec<u8>)>);

impl Received {
    fn created(&mut self, chunk: SentChunk) {
        chunk.all_sent();
        self.0.push((chunk.first_byte(), chunk.bytes.clone()));
        chunk.answer(201, VIDEO);
    }

    /// Takes the chunk waiting at `range`, acknowledges it, and lets the uploader go on.
    fn acknowledge(&mut self, world: &mut World, range: &str) {
        self.created(world.network.take(range));
        world.settle();
    }

    fn assembled(&self) -> Vec<u8> {
        let mut parts = self.0.clone();
        parts.sort_by_key(|(first, _)| *first);
        parts.dedup_by_key(|(first, _)| *first);
        parts.into_iter().flat_map(|(_, bytes)| bytes).collect()
    }
}

fn outcome(uploading: &Uploading) -> Option<Result<Option<String>, UploadError>> {
    uploading.outcome.borrow().as_ref().map(|result| {
        result
            .as_ref()
            .map(|video| video.id().map(str::to_owned))
            .map_err(Clone::clone)
    })
}

/// Starts uploading a 1 MiB Blob (no name, so no resume) one chunk at a time with `policy`;
/// where its outcome lands.
fn upload_blob_with(
    world: &mut World,
    policy: RetryPolicy,
) -> Rc<RefCell<Option<Result<Video, UploadError>>>> {
    let options = options::validate_video_uploader(&RawOptions {
        file_size: Some(MIB as f64),
        ..raw(1.0)
    })
    .expect("valid");
    let sender = Sender::new(
        &options,
        policy,
        world.network.clone(),
        world.clock.clone(),
        Box::new(|_| {}),
    );
    let source = Source {
        blob: Bytes::pattern(MIB as usize),
        name: None,
        last_modified: 0.0,
    };
    let upload = Rc::new(Upload::new(
        options,
        source,
        sender,
        MemoryStore::default(),
        Box::new(|_: &ProgressEvent| {}),
    ));
    upload.start().expect("the first start");
    world.spawn(upload.run())
}

#[test]
fn out_of_order_answers_assemble_the_file_and_progress_ends_at_its_size() {
    let mut world = World::new();
    let file = Bytes::pattern(26 * MIB as usize); // 5 chunks of 5 MiB and one of 1 MiB
    let uploading = start(&mut world, raw(3.0), &file, &MemoryStore::default());
    let mut server = Received::default();

    assert_eq!(
        world.network.waiting(),
        ["bytes 0-5242879/27262976"],
        "the first chunk goes alone"
    );
    let first = world.network.take("bytes 0-");
    assert_eq!(first.url, "http://127.0.0.1:8080/upload?token=to1");
    assert_eq!(first.video_id, None);
    assert_eq!(first.file_name, "clip.mp4");
    assert_eq!(
        first.header("Content-Range"),
        Some("bytes 0-5242879/27262976")
    );
    assert_eq!(
        first.header("AV-Origin-Client"),
        Some(crate::protocol::client_header().as_str())
    );
    assert_eq!(
        first.header("Authorization"),
        None,
        "the token is in the URL"
    );
    assert_eq!(first.stall_timeout_ms, 30_000, "the default stallTimeout");
    server.created(first);
    world.settle();
    assert_eq!(world.network.waiting().len(), 3, "then three at a time");
    // Answered last first.
    for range in ["bytes 15728640-", "bytes 10485760-", "bytes 5242880-"] {
        let chunk = world.network.take(range);
        assert_eq!(
            chunk.video_id.as_deref(),
            Some("vi1"),
            "the videoId of the first answer"
        );
        server.created(chunk);
        world.settle();
    }
    assert_eq!(world.network.waiting().len(), 2);
    for range in ["bytes 26214400-", "bytes 20971520-"] {
        server.acknowledge(&mut world, range);
    }

    assert_eq!(outcome(&uploading), Some(Ok(Some("vi1".into()))));
    assert!(
        server.assembled() == file.as_slice(),
        "the file, byte for byte"
    );
    let events = uploading.events.borrow();
    let totals: Vec<u64> = events.iter().map(|event| event.uploaded_bytes).collect();
    assert!(
        totals.windows(2).all(|pair| pair[0] <= pair[1]),
        "progress never goes back: {totals:?}"
    );
    assert_eq!(totals.last(), Some(&(26 * MIB)));
    assert_eq!(world.network.log.borrow().len(), 6, "each chunk once");
}

#[test]
fn a_failed_chunk_is_sent_again_after_the_policy_back_off() {
    let mut world = World::new();
    let file = Bytes::pattern(12 * MIB as usize);
    let uploading = start(&mut world, raw(1.0), &file, &MemoryStore::default());
    let mut server = Received::default();

    let first = world.network.take("bytes 0-");
    first.progress(3 * MIB);
    first.answer(500, r#"{"title":"oops"}"#);
    assert_eq!(
        world.wait_for_request(60_000.0),
        200.0,
        "the first retry after 200 ms"
    );
    assert_eq!(
        uploading.events.borrow().last().map(|e| e.uploaded_bytes),
        Some(0),
        "the failed attempt's bytes taken back"
    );
    world.network.take("bytes 0-").fail(UploadError::network());
    assert_eq!(
        world.wait_for_request(60_000.0),
        4200.0,
        "the second after 4.2 s"
    );
    world.network.take("bytes 0-").answer(503, "");
    assert_eq!(
        world.wait_for_request(60_000.0),
        12200.0,
        "the third after 12.2 s"
    );
    server.acknowledge(&mut world, "bytes 0-");
    server.acknowledge(&mut world, "bytes 5242880-");
    server.acknowledge(&mut world, "bytes 10485760-");
    assert_eq!(outcome(&uploading), Some(Ok(Some("vi1".into()))));
    assert!(server.assembled() == file.as_slice());
}

#[test]
fn the_pages_retry_strategy_decides_the_waits_and_when_to_give_up() {
    let mut world = World::new();
    let asked = Rc::new(RefCell::new(Vec::new()));
    let strategy = {
        let asked = asked.clone();
        RetryPolicy::Custom(Box::new(move |retries: u32, error: &UploadError| {
            asked.borrow_mut().push((retries, error.status));
            (retries < 2).then_some(1000 * u64::from(retries + 1))
        }))
    };
    let outcome = upload_blob_with(&mut world, strategy);
    world.network.take("bytes 0-").answer(500, "{}");
    assert_eq!(world.wait_for_request(60_000.0), 1000.0);
    world.network.take("bytes 0-").answer(404, "{}"); // a 4xx: the page's strategy still decides
    assert_eq!(world.wait_for_request(60_000.0), 2000.0);
    world.network.take("bytes 0-").answer(500, "{}");
    world.wait(600_000.0);
    assert_eq!(
        *asked.borrow(),
        [(0, Some(500)), (1, Some(404)), (2, Some(500))]
    );
    assert!(matches!(outcome.borrow().as_ref(), Some(Err(error)) if error.status == Some(500)));
    assert!(world.network.waiting().is_empty());
}

#[test]
fn a_client_error_is_not_retried_and_rejects_with_the_answer() {
    let mut world = World::new();
    let uploading = start(
        &mut world,
        raw(1.0),
        &Bytes::pattern(MIB as usize),
        &MemoryStore::default(),
    );
    world.network.take("bytes 0-").answer(
        400,
        r#"{"title":"The Content-Range header is malformed.","name":"Content-Range"}"#,
    );
    world.wait(600_000.0);
    let Some(Err(error)) = outcome(&uploading) else {
        panic!("rejected")
    };
    assert_eq!(
        (error.status, error.name.as_deref()),
        (Some(400), Some("Content-Range"))
    );
    assert_eq!(world.network.log.borrow().len(), 1, "sent once");
}

#[test]
fn a_401_refreshes_the_access_token_once_for_chunks_refused_together() {
    let mut world = World::new();
    let raw = with_access_token(2.0);
    let file = Bytes::pattern(10 * MIB as usize);
    let uploading = start(&mut world, raw, &file, &MemoryStore::default());
    let mut server = Received::default();

    // A known video: both chunks go at once, to the video's source.
    assert_eq!(world.network.waiting().len(), 2);
    let (a, b) = (
        world.network.take("bytes 0-"),
        world.network.take("bytes 5242880-"),
    );
    assert_eq!(a.url, "http://127.0.0.1:8080/videos/vi1/source");
    assert_eq!(a.header("Authorization"), Some("Bearer access-1"));
    a.answer(401, r#"{"title":"Unauthorized"}"#);
    b.answer(401, r#"{"title":"Unauthorized"}"#);
    world.settle();
    assert_eq!(world.network.calls_waiting(), 1, "one refresh for both");
    let refresh = world.network.take_call();
    assert_eq!(
        (refresh.method, refresh.url.as_str()),
        ("POST", "http://127.0.0.1:8080/auth/refresh")
    );
    assert_eq!(
        refresh.json.as_deref(),
        Some(r#"{"refreshToken":"refresh-1"}"#)
    );
    assert!(
        refresh
            .headers
            .iter()
            .any(|(name, _)| name == "AV-Origin-Client")
    );
    refresh.answer(
        200,
        r#"{"access_token":"access-2","refresh_token":"refresh-2","token_type":"Bearer"}"#,
    );
    world.settle();
    assert_eq!(
        world.network.waiting().len(),
        2,
        "both sent again at once, without a back-off"
    );
    for range in ["bytes 0-", "bytes 5242880-"] {
        let chunk = world.network.take(range);
        assert_eq!(chunk.header("Authorization"), Some("Bearer access-2"));
        server.created(chunk);
        world.settle();
    }
    assert_eq!(outcome(&uploading), Some(Ok(Some("vi1".into()))));
    assert_eq!(world.network.calls_waiting(), 0);
}

#[test]
fn pause_lets_the_chunks_in_flight_finish_and_starts_none_until_resume() {
    let mut world = World::new();
    let file = Bytes::pattern(20 * MIB as usize);
    let uploading = start(&mut world, raw(2.0), &file, &MemoryStore::default());
    let mut server = Received::default();
    server.acknowledge(&mut world, "bytes 0-");
    assert_eq!(world.network.waiting().len(), 2);

    uploading.upload.sender.control.pause();
    server.created(world.network.take("bytes 5242880-"));
    world.wait(60_000.0);
    assert_eq!(
        world.network.waiting(),
        ["bytes 10485760-15728639/20971520"],
        "the one in flight goes on, no new one"
    );
    server.created(world.network.take("bytes 10485760-"));
    world.wait(60_000.0);
    assert!(world.network.waiting().is_empty());
    assert_eq!(outcome(&uploading), None, "still paused");

    uploading.upload.sender.control.resume();
    world.settle();
    server.acknowledge(&mut world, "bytes 15728640-");
    assert_eq!(outcome(&uploading), Some(Ok(Some("vi1".into()))));
    assert!(server.assembled() == file.as_slice());
}

#[test]
fn cancel_aborts_the_chunks_in_flight_and_rejects_with_aborted() {
    let mut world = World::new();
    let uploading = start(
        &mut world,
        raw(3.0),
        &Bytes::pattern(20 * MIB as usize),
        &MemoryStore::default(),
    );
    Received::default().acknowledge(&mut world, "bytes 0-");
    assert_eq!(world.network.waiting().len(), 3);

    uploading.upload.sender.cancel();
    world.settle();
    assert!(world.network.waiting().is_empty(), "every request aborted");
    let Some(Err(error)) = outcome(&uploading) else {
        panic!("rejected")
    };
    assert_eq!(error.reason, Reason::Aborted);
    world.wait(600_000.0);
    assert_eq!(
        world.network.log.borrow().len(),
        4,
        "nothing sent after cancel()"
    );
}

#[test]
fn a_lost_answer_to_the_first_chunk_sends_it_again_and_the_upload_goes_on() {
    let mut world = World::new();
    let file = Bytes::pattern(8 * MIB as usize);
    let uploading = start(&mut world, raw(2.0), &file, &MemoryStore::default());
    let mut server = Received::default();

    // The server stores the first chunk, but its answer never arrives.
    let first = world.network.take("bytes 0-");
    first.all_sent();
    server.0.push((0, first.bytes.clone()));
    first.fail(UploadError::network());
    assert_eq!(world.wait_for_request(60_000.0), 200.0);
    let again = world.network.take("bytes 0-");
    assert_eq!(
        again.video_id, None,
        "still no videoId: the answer that had it was lost"
    );
    server.created(again); // the server answers a chunk it has with the same video
    world.settle();
    let last = world.network.take("bytes 5242880-");
    assert_eq!(last.video_id.as_deref(), Some("vi1"));
    server.created(last);
    world.settle();
    assert_eq!(outcome(&uploading), Some(Ok(Some("vi1".into()))));
    assert!(server.assembled() == file.as_slice());
}

#[test]
fn offline_waits_for_the_network_without_spending_a_retry() {
    let mut world = World::new();
    let raw = RawOptions {
        retries: Some(0.0),
        ..raw(1.0)
    };
    let uploading = start(
        &mut world,
        raw,
        &Bytes::pattern(MIB as usize),
        &MemoryStore::default(),
    );
    let control = uploading.upload.sender.control.clone();
    control.set_offline(true);
    world.network.take("bytes 0-").fail(UploadError::network());
    world.wait(3_600_000.0);
    assert!(
        world.network.waiting().is_empty(),
        "nothing sent while offline"
    );
    assert_eq!(
        outcome(&uploading),
        None,
        "and no retry spent: retries is 0"
    );
    control.set_offline(false);
    world.settle();
    Received::default().acknowledge(&mut world, "bytes 0-");
    assert_eq!(outcome(&uploading), Some(Ok(Some("vi1".into()))));
}

#[test]
fn a_resumed_upload_sends_only_the_chunks_the_server_has_not_acknowledged() {
    let mut world = World::new();
    let store = MemoryStore::default();
    let file = Bytes::pattern(20 * MIB as usize);
    let raw = RawOptions {
        resume: Some(true),
        ..raw(1.0)
    };
    let mut server = Received::default();

    let before = start(&mut world, raw.clone(), &file, &store);
    server.acknowledge(&mut world, "bytes 0-");
    server.acknowledge(&mut world, "bytes 5242880-");
    assert_eq!(store.keys().len(), 1, "remembered");
    before.upload.sender.cancel(); // the page goes away, with the third chunk on its way
    world.settle();
    let sent_before = world.network.log.borrow().len();

    world.wait(3_600_000.0); // an hour later, a new page
    let after = start(&mut world, raw, &file, &store);
    let chunk = world.network.take("bytes 10485760-");
    assert_eq!(
        chunk.video_id.as_deref(),
        Some("vi1"),
        "into the remembered video"
    );
    chunk.progress(0);
    assert_eq!(
        after.events.borrow().first().map(|e| e.uploaded_bytes),
        Some(10 * MIB),
        "progress starts at what was done"
    );
    server.created(chunk);
    world.settle();
    server.acknowledge(&mut world, "bytes 15728640-");
    assert_eq!(outcome(&after), Some(Ok(Some("vi1".into()))));
    assert_eq!(
        world.network.log.borrow()[sent_before..],
        [
            "bytes 10485760-15728639/20971520",
            "bytes 15728640-20971519/20971520"
        ],
        "only the chunks not acknowledged"
    );
    assert!(server.assembled() == file.as_slice());
    assert!(store.keys().is_empty(), "forgotten once done");
}

#[test]
fn remembered_uploads_expire_24_hours_after_they_started() {
    let mut world = World::new();
    let store = MemoryStore::default();
    let file = Bytes::pattern(10 * MIB as usize);
    let raw = RawOptions {
        resume: Some(true),
        ..raw(1.0)
    };
    let before = start(&mut world, raw.clone(), &file, &store);
    Received::default().acknowledge(&mut world, "bytes 0-");
    before.upload.sender.cancel();
    world.settle();
    let key = store.keys().pop().expect("remembered");
    let remembered: ResumeState =
        serde_json::from_str(&store.get(&key).expect("a state")).expect("JSON");
    assert_eq!(remembered.started_at, START_MS);
    // Another upload's state, of an older version of the library.
    store.set(
        &format!("{STORAGE_KEY_PREFIX}0123456789abcdef"),
        "2 12582912 5242880 0 vi9 0",
    );
    store.set("someone-else's-key", "kept");

    world.wait(RESUME_TTL_MS);
    let after = start(&mut world, raw, &file, &store);
    let first = world.network.take("bytes 0-");
    assert_eq!(first.video_id, None, "expired: the upload starts afresh");
    assert_eq!(
        store.keys(),
        ["someone-else's-key"],
        "expired and unreadable states swept, others' keys kept"
    );
    Received::default().created(first);
    world.settle();
    Received::default().acknowledge(&mut world, "bytes 5242880-");
    assert!(matches!(outcome(&after), Some(Ok(_))));
}

#[test]
fn the_loop_leaves_no_waiters_behind() {
    let mut world = World::new();
    let file = Bytes::pattern(60 * MIB as usize); // 12 chunks
    let uploading = start(&mut world, raw(3.0), &file, &MemoryStore::default());
    let mut server = Received::default();
    let control = uploading.upload.sender.control.clone();
    let (mut most, mut most_in_flight) = (0, 0);
    while outcome(&uploading).is_none() {
        most_in_flight = most_in_flight.max(world.network.waiting().len());
        let waiting = world.network.waiting();
        let range = waiting
            .first()
            .expect("a chunk waits")
            .split_inclusive('-')
            .next()
            .expect("a range")
            .to_owned();
        server.acknowledge(&mut world, &range);
        most = most.max(control.registered_waiters());
    }
    // The loop's own three (resume, network, cancel) and one per chunk in flight (its
    // cancel), each with at most one dropped one not yet cleared: not one per chunk sent.
    assert!(
        most <= 2 * (3 + most_in_flight),
        "{most} waiters with {most_in_flight} chunks in flight"
    );
    assert!(server.assembled() == file.as_slice());
}

#[test]
fn a_second_start_is_refused() {
    let mut world = World::new();
    let uploading = start(
        &mut world,
        raw(1.0),
        &Bytes::pattern(MIB as usize),
        &MemoryStore::default(),
    );
    let error = uploading.upload.start().expect_err("refused");
    assert_eq!(error.reason, Reason::AlreadyStarted);
}

// --- Between requests: each wait ends for its own reason -----------------------------------

/// 5 MiB, sent one chunk at a time.
fn one_chunk(world: &mut World) -> Uploading {
    start(
        world,
        raw(1.0),
        &Bytes::pattern(MIB as usize),
        &MemoryStore::default(),
    )
}

#[test]
fn a_wait_the_server_asked_for_lasts_its_full_time_whatever_the_page_does() {
    let mut world = World::new();
    let uploading = one_chunk(&mut world);
    let control = uploading.upload.sender.control.clone();
    world.network.take("bytes 0-").rate_limited("4");
    world.wait(1000.0);
    control.pause();
    control.resume();
    control.set_offline(true);
    control.set_offline(false);
    assert_eq!(
        world.wait_for_request(60_000.0),
        3000.0,
        "4 s after the 429: neither resume() nor the network's return cut it short"
    );
    assert_eq!(
        *uploading.retries.borrow(),
        [(1, Some(4000), Reason::RateLimited)]
    );
    Received::default().acknowledge(&mut world, "bytes 0-");
    assert!(matches!(outcome(&uploading), Some(Ok(_))));
}

#[test]
fn a_back_off_ends_when_the_network_comes_back_but_not_on_resume() {
    let mut world = World::new();
    let uploading = one_chunk(&mut world);
    let control = uploading.upload.sender.control.clone();
    world.network.take("bytes 0-").answer(500, "{}");
    assert_eq!(world.wait_for_request(60_000.0), 200.0);
    world.network.take("bytes 0-").answer(500, "{}"); // the second back-off: 4.2 s
    world.wait(1000.0);
    control.resume();
    world.wait(1000.0);
    assert!(
        world.network.waiting().is_empty(),
        "resume() shortens no wait"
    );
    control.set_offline(true);
    control.set_offline(false);
    world.settle();
    assert_eq!(
        world.network.waiting().len(),
        1,
        "back online: the chunk goes again at once, 2 s into its 4.2 s back-off"
    );
    assert_eq!(
        *uploading.retries.borrow(),
        [
            (1, Some(200), Reason::ServerError),
            (2, Some(4200), Reason::ServerError)
        ]
    );
}

#[test]
fn pause_holds_a_retry_until_resume() {
    let mut world = World::new();
    let uploading = one_chunk(&mut world);
    let control = uploading.upload.sender.control.clone();
    world.network.take("bytes 0-").answer(503, "{}");
    world.wait(100.0);
    control.pause(); // during the 200 ms back-off
    world.wait(600_000.0);
    assert!(
        world.network.waiting().is_empty(),
        "no attempt while paused, retries included"
    );
    control.resume();
    world.settle();
    assert_eq!(
        world.network.waiting().len(),
        1,
        "the retry goes on resume()"
    );
    Received::default().acknowledge(&mut world, "bytes 0-");
    assert!(matches!(outcome(&uploading), Some(Ok(_))));
}

#[test]
fn a_token_refresh_wakes_only_the_chunks_that_wait_for_it() {
    let mut world = World::new();
    let raw = with_access_token(2.0);
    let uploading = start(
        &mut world,
        raw,
        &Bytes::pattern(10 * MIB as usize),
        &MemoryStore::default(),
    );
    let (a, b) = (
        world.network.take("bytes 0-"),
        world.network.take("bytes 5242880-"),
    );
    b.answer(500, "{}"); // b waits out a back-off of 200 ms, then 4.2 s
    world.wait(200.0);
    world.network.take("bytes 5242880-").answer(500, "{}");
    world.settle();
    a.answer(401, "{}");
    world.settle();
    world.wait(100.0);
    world.network.take_call().answer(
        200,
        r#"{"access_token":"access-2","refresh_token":"refresh-2"}"#,
    );
    world.settle();
    assert_eq!(
        world.network.waiting(),
        ["bytes 0-5242879/10485760"],
        "a goes again with the new token; b's back-off goes on"
    );
    Received::default().acknowledge(&mut world, "bytes 0-");
    assert_eq!(
        world.wait_for_request(60_000.0),
        4100.0,
        "b goes at the end of its 4.2 s back-off, begun 100 ms before the refresh"
    );
    assert_eq!(
        uploading.retries.borrow().len(),
        2,
        "the refresh spends no retry"
    );
}

#[test]
fn cancel_during_a_token_refresh_aborts_it() {
    let mut world = World::new();
    let raw = with_access_token(1.0);
    let uploading = start(
        &mut world,
        raw,
        &Bytes::pattern(MIB as usize),
        &MemoryStore::default(),
    );
    world.network.take("bytes 0-").answer(401, "{}");
    world.settle();
    assert_eq!(world.network.calls_waiting(), 1);
    uploading.upload.sender.cancel();
    world.settle();
    assert_eq!(world.network.calls_waiting(), 0, "the refresh is aborted");
    assert_eq!(world.network.aborts.get(), 1);
    assert!(matches!(outcome(&uploading), Some(Err(error)) if error.is_aborted()));
}

#[test]
fn cancel_during_a_wait_ends_it_at_once_and_sends_nothing_more() {
    let mut world = World::new();
    let uploading = one_chunk(&mut world);
    world.network.take("bytes 0-").rate_limited("30");
    world.wait(1000.0);
    uploading.upload.sender.cancel();
    world.settle();
    assert!(matches!(outcome(&uploading), Some(Err(error)) if error.is_aborted()));
    world.wait(600_000.0);
    assert_eq!(world.network.log.borrow().len(), 1);
}

#[test]
fn a_file_that_goes_bad_rejects_at_once_with_its_own_reason() {
    let mut world = World::new();
    let file = Bytes::pattern(12 * MIB as usize);
    let uploading = start(&mut world, raw(2.0), &file, &MemoryStore::default());
    Received::default().acknowledge(&mut world, "bytes 0-");
    file.go_bad();
    world
        .network
        .take("bytes 5242880-")
        .fail(UploadError::network());
    world.settle();
    let Some(Err(error)) = outcome(&uploading) else {
        panic!("rejected at once, with no wait")
    };
    assert_eq!(error.reason, Reason::FileUnreadable);
    assert!(error.title.contains("Pick it again"), "{}", error.title);
    assert!(!error.is_retryable());
    assert!(uploading.retries.borrow().is_empty(), "no retry");
    assert_eq!(world.network.aborts.get(), 1, "the other chunk is aborted");
}

#[test]
fn a_network_error_names_the_server_and_is_told_to_on_retry() {
    let mut world = World::new();
    let uploading = start(
        &mut world,
        RawOptions {
            retries: Some(1.0),
            ..raw(1.0)
        },
        &Bytes::pattern(MIB as usize),
        &MemoryStore::default(),
    );
    world.network.take("bytes 0-").fail(UploadError::network());
    world.wait_for_request(60_000.0);
    world.network.take("bytes 0-").fail(UploadError::timeout());
    world.settle();
    assert_eq!(
        *uploading.retries.borrow(),
        [(1, Some(200), Reason::NetworkError)]
    );
    let Some(Err(error)) = outcome(&uploading) else {
        panic!("gave up")
    };
    assert_eq!(error.reason, Reason::NetworkTimeout);
    assert!(
        error
            .title
            .starts_with("http://127.0.0.1:8080 stopped answering"),
        "{}",
        error.title
    );
}

#[test]
fn a_request_the_browser_will_not_make_is_not_retried_whatever_the_policy() {
    let mut world = World::new();
    let outcome = upload_blob_with(&mut world, RetryPolicy::Custom(Box::new(|_, _| Some(10))));
    world
        .network
        .take("bytes 0-")
        .fail(UploadError::invalid_request(
            "'Bad\nValue' is not a valid HTTP header field value.",
        ));
    world.wait(60_000.0);
    assert!(matches!(
        outcome.borrow().as_ref(),
        Some(Err(error)) if error.reason == Reason::InvalidRequest && error.title.contains("not a valid HTTP header")
    ));
    assert_eq!(world.network.log.borrow().len(), 1);
}

#[test]
fn a_2xx_answer_that_is_not_a_video_has_its_own_reason() {
    let mut world = World::new();
    let uploading = one_chunk(&mut world);
    world
        .network
        .take("bytes 0-")
        .answer(200, "<!doctype html><title>My app</title>");
    world.wait(600_000.0);
    let Some(Err(error)) = outcome(&uploading) else {
        panic!("rejected")
    };
    assert_eq!(
        (error.reason.clone(), error.status),
        (Reason::InvalidAnswer, Some(200))
    );
    assert!(error.title.contains("apiHost"), "{}", error.title);
    assert_eq!(world.network.log.borrow().len(), 1, "not retried");
}
