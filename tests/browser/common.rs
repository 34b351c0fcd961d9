//! What the browser tests share: the server they run against, the JS helpers
//! (`tests/browser/helpers.js`), building option objects, recording progress events, reading
//! results and rejections, and comparing the assembled file with the source.
//!
//! Included by each `tests/browser_*.rs` with `#[path = "browser/common.rs"] mod common;`.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

pub const MIB: u64 = 1024 * 1024;

/// The prefix of the localStorage keys `resume: true` writes.
pub const RESUME_KEY_PREFIX: &str = "video-uploader-wasm:resume:";

#[wasm_bindgen(module = "/tests/browser/helpers.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeBlob)]
    fn js_make_blob(size: f64, seed: u32) -> Blob;
    #[wasm_bindgen(js_name = makeFile)]
    fn js_make_file(blob: &Blob, name: &str, last_modified: f64) -> File;
    #[wasm_bindgen(js_name = concatBlobs)]
    fn js_concat_blobs(blobs: &Array) -> Blob;
    #[wasm_bindgen(js_name = blobSha256)]
    async fn js_blob_sha256(blob: &Blob) -> JsValue;
    #[wasm_bindgen(js_name = fetchSha256)]
    async fn js_fetch_sha256(url: &str) -> JsValue;
    #[wasm_bindgen(js_name = createUploadToken, catch)]
    async fn js_create_upload_token(
        server: &str,
        api_key: &str,
        ttl: f64,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = deleteUploadToken, catch)]
    async fn js_delete_upload_token(
        server: &str,
        api_key: &str,
        token: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = uploadStats, catch)]
    async fn js_upload_stats(server: &str, token: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = videoIdsTitled, catch)]
    async fn js_video_ids_titled(
        server: &str,
        api_key: &str,
        title: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = resetUploadConcurrency)]
    fn js_reset_upload_concurrency();
    #[wasm_bindgen(js_name = failUploadRequests)]
    fn js_fail_upload_requests(numbers: Vec<u32>);
    #[wasm_bindgen(js_name = blackHoleUploadRequests)]
    fn js_black_hole_upload_requests(numbers: Vec<u32>);
    #[wasm_bindgen(js_name = uploadConcurrency)]
    fn js_upload_concurrency() -> JsValue;
    #[wasm_bindgen(js_name = deleteVideo, catch)]
    async fn js_delete_video(
        server: &str,
        api_key: &str,
        video_id: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = fireConnectivity)]
    pub fn fire_connectivity(online: bool);
    #[wasm_bindgen(js_name = sleep)]
    async fn js_sleep(ms: f64);
    #[wasm_bindgen(js_name = resumeKeys)]
    fn js_resume_keys() -> Array;
    #[wasm_bindgen(js_name = storageItem)]
    fn js_storage_item(key: &str) -> Option<String>;
    #[wasm_bindgen(js_name = clearResumeKeys)]
    pub fn clear_resume_keys();
    #[wasm_bindgen(js_name = unknownToken)]
    pub fn unknown_token() -> String;
    #[wasm_bindgen(js_name = inDedicatedWorker)]
    pub fn in_dedicated_worker() -> bool;
    #[wasm_bindgen(js_name = settledFlag)]
    fn js_settled_flag(promise: &Promise) -> JsValue;
}

// ---- the server ------------------------------------------------------------------------------

/// The upload-server's origin, set by scripts/browser-tests.sh at compile time.
pub fn server_url() -> &'static str {
    match option_env!("UPLOAD_SERVER_URL") {
        Some(url) => url,
        None => panic!(
            "UPLOAD_SERVER_URL was not set at compile time: run the browser tests with scripts/browser-tests.sh"
        ),
    }
}

/// The server's API key, set by scripts/browser-tests.sh at compile time.
pub fn api_key() -> &'static str {
    match option_env!("UPLOAD_SERVER_API_KEY") {
        Some(key) => key,
        None => panic!(
            "UPLOAD_SERVER_API_KEY was not set at compile time: run the browser tests with scripts/browser-tests.sh"
        ),
    }
}

/// A fresh upload token (`ttl` seconds, 0 for none), minted around the library.
pub async fn new_token(ttl: u32) -> String {
    let token = js_create_upload_token(server_url(), api_key(), ttl as f64)
        .await
        .unwrap_or_else(|e| panic!("creating a token: {e:?}"));
    token.as_string().expect("the token is a string")
}

/// Deletes a token around the library.
pub async fn delete_token(token: &str) {
    js_delete_upload_token(server_url(), api_key(), token)
        .await
        .unwrap_or_else(|e| panic!("deleting a token: {e:?}"));
}

/// Deletes a video around the library (DELETE /videos/{id} with the API key).
pub async fn delete_video(video_id: &str) {
    js_delete_video(server_url(), api_key(), video_id)
        .await
        .unwrap_or_else(|e| panic!("deleting a video: {e:?}"));
}

/// What the server counted for one token: upload requests, and file-part bytes it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub upload_requests: u64,
    pub received_bytes: u64,
}

pub async fn stats(token: &str) -> Stats {
    let value = js_upload_stats(server_url(), token)
        .await
        .unwrap_or_else(|e| panic!("reading the stats: {e:?}"));
    Stats {
        upload_requests: number(&value, "uploadRequests").expect("uploadRequests") as u64,
        received_bytes: number(&value, "receivedBytes").expect("receivedBytes") as u64,
    }
}

/// The stats once the server has settled: two reads `quiet_ms` apart that agree (the
/// requests in flight may take a moment to finish; after 5 tries the test fails).
pub async fn settled_stats(token: &str, quiet_ms: u32) -> Stats {
    let mut before = stats(token).await;
    for _ in 0..5 {
        sleep(quiet_ms).await;
        let after = stats(token).await;
        if after == before {
            return after;
        }
        before = after;
    }
    panic!("the server kept receiving upload bytes or requests for this token: {before:?}")
}

pub async fn sleep(ms: u32) {
    js_sleep(ms as f64).await;
}

/// Upload requests (XHR POSTs to /upload) seen since [`Concurrency::watch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Concurrency {
    /// Open right now.
    pub open: u64,
    /// The most open at once.
    pub max: u64,
    pub started: u64,
}

impl Concurrency {
    /// Starts counting afresh.
    pub fn watch() {
        js_reset_upload_concurrency();
    }

    /// Makes the upload requests opened `numbers` (1-based, from now) fail with a network error.
    pub fn fail_requests(numbers: &[u32]) {
        js_fail_upload_requests(numbers.to_vec());
    }

    /// Makes the upload requests opened `numbers` (1-based, from now) black holes: the body
    /// goes out, no answer ever comes.
    pub fn black_hole_requests(numbers: &[u32]) {
        js_black_hole_upload_requests(numbers.to_vec());
    }

    pub fn now() -> Concurrency {
        let value = js_upload_concurrency();
        let field = |key| number(&value, key).unwrap_or(f64::NAN) as u64;
        Concurrency {
            open: field("open"),
            max: field("max"),
            started: field("started"),
        }
    }
}

// ---- files -----------------------------------------------------------------------------------

/// A Blob of `size` deterministic pseudo-random bytes.
pub fn make_blob(size: u64, seed: u32) -> Blob {
    let blob = js_make_blob(size as f64, seed);
    assert_eq!(blob.size() as u64, size);
    blob
}

/// A File of the blob's bytes with a fixed name and lastModified.
pub fn make_file(blob: &Blob, name: &str, last_modified: f64) -> File {
    js_make_file(blob, name, last_modified)
}

pub fn concat_blobs(blobs: &[Blob]) -> Blob {
    js_concat_blobs(&blobs.iter().collect())
}

pub async fn blob_sha256(blob: &Blob) -> String {
    js_blob_sha256(blob)
        .await
        .as_string()
        .expect("a hex digest")
}

/// The SHA-256 (hex) of the video's `assets.mp4`, checked to be served (200) with `size` bytes.
pub async fn served_sha256(video: &JsValue, size: u64) -> String {
    let mp4 = path_string(video, &["assets", "mp4"])
        .unwrap_or_else(|| panic!("the video has no assets.mp4: {}", json(video)));
    let served = js_fetch_sha256(&mp4).await;
    assert_eq!(number(&served, "status"), Some(200.0), "GET {mp4}");
    assert_eq!(number(&served, "size"), Some(size as f64), "size of {mp4}");
    string(&served, "sha256").expect("a hex digest")
}

/// Fetches the video's `assets.mp4` and checks it is `source`, byte for byte (size and SHA-256).
pub async fn assert_assembled_file_is(video: &JsValue, source: &Blob) {
    let served = served_sha256(video, source.size() as u64).await;
    let expected = blob_sha256(source).await;
    assert_eq!(
        served,
        expected,
        "SHA-256 of the assembled file differs from the source: {}",
        json(&get(video, "assets"))
    );
}

// ---- JS values -------------------------------------------------------------------------------

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn number(value: &JsValue, key: &str) -> Option<f64> {
    get(value, key).as_f64()
}

pub fn string(value: &JsValue, key: &str) -> Option<String> {
    get(value, key).as_string()
}

pub fn path_string(value: &JsValue, path: &[&str]) -> Option<String> {
    path.iter()
        .fold(value.clone(), |v, key| get(&v, key))
        .as_string()
}

pub fn json(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .map(String::from)
        .unwrap_or_else(|_| format!("{value:?}"))
}

/// A plain JS object from key/value pairs.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &JsValue::from_str(key), value).expect("set a property");
    }
    object.into()
}

/// A VideoUploader, failing the test if the options are refused.
pub fn new_uploader(options: JsValue) -> video_uploader_wasm::VideoUploader {
    video_uploader_wasm::VideoUploader::new(options)
        .unwrap_or_else(|e| panic!("the options were refused: {:?}", error_message(e)))
}

/// Options for a VideoUploader on the test server with an upload token.
pub fn uploader_options(file: &Blob, token: &str, extra: &[(&str, JsValue)]) -> JsValue {
    let mut entries = vec![
        ("file", JsValue::from(file)),
        ("uploadToken", JsValue::from_str(token)),
        ("apiHost", JsValue::from_str(server_url())),
    ];
    entries.extend(extra.iter().cloned());
    object(&entries)
}

/// Awaits a promise.
pub async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// Awaits a promise that must resolve; panics with the rejection otherwise.
pub async fn resolved(promise: Promise, what: &str) -> JsValue {
    settle(promise)
        .await
        .unwrap_or_else(|error| panic!("{what} rejected: {}", json(&error)))
}

/// Awaits a promise that must reject; panics with the value otherwise.
pub async fn rejected(promise: Promise, what: &str) -> Failure {
    match settle(promise).await {
        Ok(value) => panic!(
            "{what} resolved, but it should have been rejected: {}",
            json(&value)
        ),
        Err(error) => Failure::from_js(&error),
    }
}

/// A rejection: `{ status, type, title, name, reason, raw }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub status: Option<f64>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
    pub reason: Option<String>,
    pub raw: Option<String>,
    pub json: String,
}

impl Failure {
    pub fn from_js(error: &JsValue) -> Self {
        Failure {
            status: number(error, "status"),
            kind: string(error, "type"),
            title: string(error, "title"),
            name: string(error, "name"),
            reason: string(error, "reason"),
            raw: string(error, "raw"),
            json: json(error),
        }
    }

    /// The rejection carries the server's problem: `status`, and `type`, `title`, `name` as
    /// in the problem body (`raw`).
    pub fn assert_server_problem(&self, status: u16, name: &str) {
        assert_eq!(self.status, Some(status as f64), "status of {}", self.json);
        assert_eq!(self.name.as_deref(), Some(name), "name of {}", self.json);
        let kind = self.kind.as_deref().unwrap_or_default();
        assert!(
            kind.starts_with("https://"),
            "type should be the problem's documentation link: {}",
            self.json
        );
        assert!(
            !self.title.as_deref().unwrap_or_default().trim().is_empty(),
            "title missing: {}",
            self.json
        );
        let raw = self
            .raw
            .as_deref()
            .unwrap_or_else(|| panic!("raw missing: {}", self.json));
        let problem = js_sys::JSON::parse(raw)
            .unwrap_or_else(|_| panic!("raw is not the JSON problem body: {raw}"));
        assert_eq!(
            number(&problem, "status"),
            Some(status as f64),
            "raw: {raw}"
        );
        assert_eq!(
            string(&problem, "type").as_deref(),
            Some(kind),
            "type differs from the body's: {raw}"
        );
        assert_eq!(
            string(&problem, "name").as_deref(),
            Some(name),
            "raw: {raw}"
        );
        let title = string(&problem, "title").unwrap_or_default();
        assert!(
            self.title.as_deref().unwrap_or_default().contains(&title),
            "title {:?} does not carry the body's {title:?}",
            self.title
        );
    }
}

/// The message of a JS `Error` (e.g. what a constructor threw), or a description of what was
/// thrown instead.
pub fn error_message(error: JsValue) -> Result<String, String> {
    match error.dyn_into::<js_sys::Error>() {
        Ok(error) => Ok(String::from(error.message())),
        Err(other) => Err(format!("not an Error: {}", json(&other))),
    }
}

// ---- progress --------------------------------------------------------------------------------

/// One VideoUploader progress event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VideoProgress {
    pub uploaded_bytes: u64,
    pub total_bytes: u64,
    pub chunks_count: u64,
    pub chunks_bytes: u64,
    pub current_chunk: u64,
    pub current_chunk_uploaded_bytes: u64,
}

/// One ProgressiveUploader progress event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartProgress {
    pub part: u64,
    pub uploaded_bytes: u64,
    pub total_bytes: u64,
}

/// A whole, non-negative number field, or a description of what is wrong with it.
fn count(event: &JsValue, key: &str) -> Result<u64, String> {
    match get(event, key).as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 => Ok(n as u64),
        _ => Err(format!(
            "field {key} is not a whole number of at least 0 in {}",
            json(event)
        )),
    }
}

pub trait ProgressEvent: Sized + Copy + 'static {
    fn from_js(event: &JsValue) -> Result<Self, String>;
}

impl ProgressEvent for VideoProgress {
    fn from_js(event: &JsValue) -> Result<Self, String> {
        Ok(VideoProgress {
            uploaded_bytes: count(event, "uploadedBytes")?,
            total_bytes: count(event, "totalBytes")?,
            chunks_count: count(event, "chunksCount")?,
            chunks_bytes: count(event, "chunksBytes")?,
            current_chunk: count(event, "currentChunk")?,
            current_chunk_uploaded_bytes: count(event, "currentChunkUploadedBytes")?,
        })
    }
}

impl ProgressEvent for PartProgress {
    fn from_js(event: &JsValue) -> Result<Self, String> {
        Ok(PartProgress {
            part: count(event, "part")?,
            uploaded_bytes: count(event, "uploadedBytes")?,
            total_bytes: count(event, "totalBytes")?,
        })
    }
}

/// Records the progress events a listener hears, and runs `hook` on each (to pause or
/// cancel at a chosen moment). A malformed event is recorded as an error rather than a panic,
/// since a panic inside a JS callback would end every later test of the binary.
pub struct ProgressLog<E: ProgressEvent> {
    events: Rc<RefCell<Vec<E>>>,
    malformed: Rc<RefCell<Vec<String>>>,
    callback: Closure<dyn FnMut(JsValue)>,
}

impl<E: ProgressEvent> ProgressLog<E> {
    pub fn new() -> Self {
        Self::with_hook(|_| {})
    }

    pub fn with_hook(mut hook: impl FnMut(&E) + 'static) -> Self {
        let events = Rc::new(RefCell::new(Vec::new()));
        let malformed = Rc::new(RefCell::new(Vec::new()));
        let callback = {
            let (events, malformed) = (events.clone(), malformed.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| match E::from_js(&event) {
                Ok(parsed) => {
                    events.borrow_mut().push(parsed);
                    hook(&parsed);
                }
                Err(problem) => malformed.borrow_mut().push(problem),
            })
        };
        ProgressLog {
            events,
            malformed,
            callback,
        }
    }

    /// The listener to give `onProgress`.
    pub fn listener(&self) -> Function {
        self.callback.as_ref().unchecked_ref::<Function>().clone()
    }

    /// The events so far; fails the test if any was malformed.
    pub fn events(&self) -> Vec<E> {
        let malformed = self.malformed.borrow();
        assert!(
            malformed.is_empty(),
            "malformed progress events: {malformed:?}"
        );
        self.events.borrow().clone()
    }
}

/// A progress log that runs `act` once, at the first event of chunk `from_chunk` (1-based) or
/// later: with parallel chunks, the first chunk is then acknowledged and the next ones are in
/// flight, the moment to pause, cancel or go offline "mid-upload". The flag says it has acted.
pub fn act_once_from_chunk(
    from_chunk: u64,
    act: impl Fn() + 'static,
) -> (ProgressLog<VideoProgress>, Rc<Cell<bool>>) {
    let acted = Rc::new(Cell::new(false));
    let flag = acted.clone();
    let log = ProgressLog::with_hook(move |e: &VideoProgress| {
        if e.current_chunk >= from_chunk && !flag.replace(true) {
            act();
        }
    });
    (log, acted)
}

/// The bytes of chunk `number` (1-based) of a file of `total` bytes in chunks of `chunk_size`.
pub fn chunk_len(number: u64, total: u64, chunk_size: u64) -> u64 {
    let first = (number - 1) * chunk_size;
    chunk_size.min(total.saturating_sub(first))
}

/// Checks a whole VideoUploader progress stream of an upload without retries: every event's
/// fields, `uploadedBytes` never going back nor past the total, every chunk reported finished,
/// and the last event at the total.
pub fn assert_progress_stream(
    events: &[VideoProgress],
    total: u64,
    chunk_size: u64,
    sequential: bool,
) {
    let chunks = total.div_ceil(chunk_size);
    assert!(!events.is_empty(), "no progress event");
    for (i, e) in events.iter().enumerate() {
        assert_eq!(e.total_bytes, total, "totalBytes of event {i}: {e:?}");
        assert_eq!(e.chunks_count, chunks, "chunksCount of event {i}: {e:?}");
        assert_eq!(
            e.chunks_bytes, chunk_size,
            "chunksBytes of event {i}: {e:?}"
        );
        assert!(
            (1..=chunks).contains(&e.current_chunk),
            "currentChunk of event {i}: {e:?}"
        );
        let len = chunk_len(e.current_chunk, total, chunk_size);
        assert!(
            e.current_chunk_uploaded_bytes <= len,
            "currentChunkUploadedBytes past the chunk's {len} bytes in event {i}: {e:?}"
        );
        assert!(
            e.uploaded_bytes <= total,
            "uploadedBytes past totalBytes in event {i}: {e:?}"
        );
        assert!(
            e.uploaded_bytes >= e.current_chunk_uploaded_bytes,
            "uploadedBytes below the current chunk's in event {i}: {e:?}"
        );
    }
    for (i, pair) in events.windows(2).enumerate() {
        assert!(
            pair[1].uploaded_bytes >= pair[0].uploaded_bytes,
            "uploadedBytes went back at event {}: {:?} then {:?}",
            i + 1,
            pair[0],
            pair[1]
        );
        if sequential {
            assert!(
                pair[1].current_chunk >= pair[0].current_chunk,
                "one chunk at a time, but currentChunk went back at event {}: {:?} then {:?}",
                i + 1,
                pair[0],
                pair[1]
            );
        }
    }
    for number in 1..=chunks {
        let len = chunk_len(number, total, chunk_size);
        assert!(
            events
                .iter()
                .any(|e| e.current_chunk == number && e.current_chunk_uploaded_bytes == len),
            "no event reports chunk {number} complete ({len} bytes)"
        );
    }
    let last = events.last().expect("an event");
    assert_eq!(
        last.uploaded_bytes, total,
        "the last event should be at totalBytes: {last:?}"
    );
}

// ---- resume state ----------------------------------------------------------------------------

/// The resume keys in localStorage.
pub fn resume_keys() -> Vec<String> {
    js_resume_keys()
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

/// The value stored under a localStorage key (its format is the library's own business).
pub fn storage_item(key: &str) -> Option<String> {
    js_storage_item(key)
}

/// The ids of the videos whose title contains `title` (GET /videos with the API key).
pub async fn video_ids_titled(title: &str) -> Vec<String> {
    let ids = js_video_ids_titled(server_url(), api_key(), title)
        .await
        .unwrap_or_else(|e| panic!("listing videos: {e:?}"));
    Array::from(&ids)
        .iter()
        .filter_map(|id| id.as_string())
        .collect()
}

/// Tells whether a promise has settled yet, without awaiting it.
pub struct SettledFlag(JsValue);

impl SettledFlag {
    pub fn watch(promise: &Promise) -> Self {
        SettledFlag(js_settled_flag(promise))
    }

    pub fn is_settled(&self) -> bool {
        get(&self.0, "settled").as_bool().unwrap_or(false)
    }
}
