//! `ProgressiveUploader`: a video whose size is not known in advance, part by part.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;
use web_sys::Blob;

use super::listeners::Listeners;
use super::{options, to_js};
use crate::browser::clock::BrowserClock;
use crate::browser::transport::BrowserTransport;
use crate::engine::progressive::{PartProgress, Progressive};
use crate::engine::sender::Sender;
use crate::protocol::error::UploadError;

type BrowserProgressive = Progressive<BrowserTransport, BrowserClock>;

/// Uploads a video whose size is not known in advance, part by part, in the order of the calls.
#[wasm_bindgen]
pub struct ProgressiveUploader {
    progressive: Rc<BrowserProgressive>,
    listeners: Rc<Listeners>,
}

#[wasm_bindgen]
impl ProgressiveUploader {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ProgressiveUploaderOptions")] options: JsValue,
    ) -> Result<ProgressiveUploader, JsError> {
        let error = |message: String| JsError::new(&message);
        let raw = options::read(&options).map_err(error)?;
        let retry_strategy = options::function(&options, "retryStrategy").map_err(error)?;
        let prevent_empty = options::boolean(&options, "preventEmptyParts")
            .map_err(error)?
            .unwrap_or(false);
        let merge_small = options::boolean(&options, "mergeSmallPartsBeforeUpload")
            .map_err(error)?
            .unwrap_or(true);
        let valid = crate::protocol::options::validate_progressive(&raw).map_err(error)?;
        let retry = options::retry_policy(retry_strategy, valid.retries);
        let listeners = Rc::new(Listeners::default());
        let on_progress = {
            let listeners = listeners.clone();
            Rc::new(move |event: &PartProgress| listeners.progress(event))
        };
        let sender = Sender::new(&valid, retry, BrowserTransport::default(), BrowserClock);
        let progressive = Progressive::new(&valid, sender, prevent_empty, merge_small, on_progress);
        Ok(ProgressiveUploader {
            progressive: Rc::new(progressive),
            listeners,
        })
    }

    #[wasm_bindgen(js_name = onProgress)]
    pub fn on_progress(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: ProgressiveUploadProgressEvent) => void")]
        callback: Function,
    ) {
        self.listeners.on_progress(callback);
    }

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

    /// Queues a part; resolves when it is sent (with the video), or at once (with `undefined`)
    /// when it is held to be merged with the next ones.
    #[wasm_bindgen(js_name = uploadPart, unchecked_return_type = "Promise<VideoUploadResponse | undefined>")]
    pub fn upload_part(&self, blob: Blob) -> Promise {
        // Taken now, synchronously: the order of calls is the order of the parts.
        let queued = self.progressive.take_part(blob);
        let progressive = self.progressive.clone();
        future_to_promise(async move {
            match queued.map_err(|error| to_js(&error))? {
                None => Ok(JsValue::UNDEFINED),
                Some(part) => progressive
                    .send(part)
                    .await
                    .map(|video| to_js(&video))
                    .map_err(|error| to_js(&error)),
            }
        })
    }

    /// Sends the last part (with everything still held); resolves with the video.
    #[wasm_bindgen(js_name = uploadLastPart, unchecked_return_type = "Promise<VideoUploadResponse>")]
    pub fn upload_last_part(&self, blob: Blob) -> Promise {
        let part = self.progressive.take_last_part(blob);
        let (progressive, listeners) = (self.progressive.clone(), self.listeners.clone());
        future_to_promise(async move {
            let video = progressive
                .send(part)
                .await
                .map_err(|error: UploadError| to_js(&error))?;
            let shown = to_js(&video);
            listeners.watch_playable(&progressive.sender, video);
            Ok(shown)
        })
    }

    /// Aborts what is in flight (the playable check too); pending parts reject with `ABORTED`.
    pub fn cancel(&self) {
        self.progressive.sender.cancel();
    }
}
