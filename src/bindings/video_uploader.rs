//! `VideoUploader`: one file in chunks, the first alone, then `parallelChunks` at a time; and
//! the resume key functions the widget uses.

use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::Blob;

use super::listeners::Listeners;
use super::{option_error, options, to_js, values};
use crate::browser::clock::BrowserClock;
use crate::browser::connectivity::Connectivity;
use crate::browser::media;
use crate::browser::storage::LocalStorage;
use crate::browser::transport::BrowserTransport;
use crate::engine::ResumeStore;
use crate::engine::sender::{RetryEvent, Sender};
use crate::engine::upload::Upload;
use crate::protocol::error::{Reason, UploadError};
use crate::protocol::option_error::{Mistake, OptionError};
use crate::protocol::{self, js_number, resume};

type BrowserUpload = Upload<BrowserTransport, LocalStorage, BrowserClock>;

/// Uploads one file in chunks: the first alone, then `parallelChunks` at a time.
#[wasm_bindgen]
pub struct VideoUploader {
    upload: Rc<BrowserUpload>,
    listeners: Rc<Listeners>,
    /// The file and its `maxVideoDuration`, when given.
    duration_check: Option<(Blob, f64)>,
}

#[wasm_bindgen]
impl VideoUploader {
    /// Checks the options at once: a mistake throws an `Error` that says what to fix (the
    /// package's wrapper turns it into the rejection of `upload()`, see index.js).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "VideoUploaderOptions")] options: JsValue,
    ) -> Result<VideoUploader, JsValue> {
        let mut raw = options::read(&options).map_err(option_error)?;
        let source = options::file(&options).map_err(option_error)?;
        raw.file_size = source.as_ref().map(|source| source.blob.size());
        let retry_strategy = options::function(&options, "retryStrategy").map_err(option_error)?;
        let valid = protocol::options::validate_video_uploader(&raw).map_err(option_error)?;
        // Refused by the check above already: this gives the file itself.
        let source =
            source.ok_or_else(|| option_error(OptionError::new("file", Mistake::NoFile)))?;
        let listeners = Rc::new(Listeners::default());
        let retry = options::retry_policy(retry_strategy, valid.retries);
        let on_retry = {
            let listeners = listeners.clone();
            Box::new(move |event: &RetryEvent| listeners.retry(event))
        };
        let sender = Sender::new(&valid, retry, BrowserTransport, BrowserClock, on_retry);
        let on_progress = {
            let listeners = listeners.clone();
            Box::new(move |event: &_| listeners.progress(event))
        };
        let duration_check = valid
            .max_video_duration
            .map(|max| (source.blob.clone(), max));
        let upload = Upload::new(valid, source, sender, LocalStorage::new(), on_progress);
        Ok(VideoUploader {
            upload: Rc::new(upload),
            listeners,
            duration_check,
        })
    }

    /// Calls `callback` with each progress event.
    #[wasm_bindgen(js_name = onProgress)]
    pub fn on_progress(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: UploadProgressEvent) => void")]
        callback: Function,
    ) {
        self.listeners.on_progress(callback);
    }

    /// Calls `callback` each time a request failed and will be tried again: which retry, the
    /// wait before it (`null`: until the network comes back), and the error.
    #[wasm_bindgen(js_name = onRetry)]
    pub fn on_retry(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: RetryEvent) => void")] callback: Function,
    ) {
        self.listeners.on_retry(callback);
    }

    /// Calls `callback` with the video once api.video can play it.
    #[wasm_bindgen(js_name = onPlayable)]
    pub fn on_playable(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(video: VideoUploadResponse) => void")]
        callback: Function,
    ) {
        self.listeners.on_playable(callback);
    }

    /// Calls `callback` when the playable check gives up (see `onPlayable`).
    #[wasm_bindgen(js_name = onPlayableError)]
    pub fn on_playable_error(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(error: VideoUploadError) => void")]
        callback: Function,
    ) {
        self.listeners.on_playable_error(callback);
    }

    /// Uploads the file; resolves with the video, rejects with a `VideoUploadError`.
    #[wasm_bindgen(unchecked_return_type = "Promise<VideoUploadResponse>")]
    pub fn upload(&self) -> Promise {
        let (upload, listeners, duration_check) = (
            self.upload.clone(),
            self.listeners.clone(),
            self.duration_check.clone(),
        );
        future_to_promise(async move {
            upload.start().map_err(|error| values::error(&error))?;
            if let Some((file, max)) = duration_check {
                check_duration(&file, max)
                    .await
                    .map_err(|error| values::error(&error))?;
            }
            let _connectivity = Connectivity::watch(&upload.sender.control);
            let video = upload
                .clone()
                .run()
                .await
                .map_err(|error| values::error(&error))?;
            let shown = values::video(&video);
            listeners.watch_playable(&upload.sender, video);
            Ok(shown)
        })
    }

    /// Lets the chunks in flight finish and starts no new attempt (retries included) until
    /// `resume()`.
    pub fn pause(&self) {
        self.upload.sender.control.pause();
    }

    /// Lets new attempts start again. It shortens no wait: a retry still waits out its delay.
    pub fn resume(&self) {
        self.upload.sender.control.resume();
    }

    /// Aborts what is in flight (the playable check too); `upload()` rejects with reason `ABORTED`.
    pub fn cancel(&self) {
        self.upload.sender.cancel();
    }
}

/// `maxVideoDuration`: read from the file's metadata before any byte is sent.
async fn check_duration(file: &Blob, max: f64) -> Result<(), UploadError> {
    let duration = media::duration_seconds(file).await?;
    if duration > max {
        return Err(UploadError::new(
            Reason::VideoTooLong,
            format!(
                "The submitted video is too long: {} s, more than the {} s of maxVideoDuration.",
                js_number(duration),
                js_number(max)
            ),
        ));
    }
    Ok(())
}

/// The key under which `new VideoUploader({ ...options, resume: true })` remembers its upload,
/// `undefined` when there is none (a Blob is never resumed). `file` may be a File or any
/// `{ name, size, lastModified }` describing one.
#[wasm_bindgen(js_name = resumeKey)]
pub fn resume_key(
    #[wasm_bindgen(unchecked_param_type = "ResumeKeyOptions")] options: JsValue,
) -> Option<String> {
    let file = Reflect::get(&options, &JsValue::from_str("file")).ok()?;
    let name = options::string(&file, "name").ok()??;
    let size = options::number(&file, "size")?;
    let last_modified = options::number(&file, "lastModified").unwrap_or(0.0);
    let text = |key| {
        options::string(&options, key)
            .ok()
            .flatten()
            .filter(|value| !value.is_empty())
    };
    let owner = ["videoId", "uploadToken", "accessToken", "apiKey"]
        .into_iter()
        .find_map(text)?;
    Some(resume::storage_key(
        &owner,
        &name,
        size as u64,
        last_modified,
    ))
}

/// What the library remembers of the upload under `key` (see `resumeKey`): when it started and
/// until when it can be resumed, `{ startedAt, expiresAt }` in ms since 1970; `undefined` when
/// nothing is remembered (never started, finished, forgotten, or past its 24 hours). A page that
/// keeps its own records of interrupted uploads keeps them by this, as the widget does.
#[wasm_bindgen(js_name = rememberedUpload, unchecked_return_type = "RememberedUpload | undefined")]
pub fn remembered_upload(key: &str) -> JsValue {
    LocalStorage::new()
        .get(key)
        .and_then(|text| resume::remembered(&text, js_sys::Date::now()))
        .map_or(JsValue::UNDEFINED, |remembered| to_js(&remembered))
}

/// Forgets what the library remembers of the upload under `key` (see `resumeKey`).
#[wasm_bindgen(js_name = forgetUpload)]
pub fn forget_upload(key: &str) {
    LocalStorage::new().remove(key);
}
