//! `ProgressiveUploader`: a video whose size is not known in advance, part by part.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, spawn_local};
use web_sys::Blob;

use super::listeners::Listeners;
use super::{option_error, options, values};
use crate::browser::clock::BrowserClock;
use crate::browser::connectivity::Connectivity;
use crate::browser::transport::BrowserTransport;
use crate::engine::progressive::{PartProgress, Progressive};
use crate::engine::sender::{RetryEvent, Sender};

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
    ) -> Result<ProgressiveUploader, JsValue> {
        let raw = options::read(&options).map_err(option_error)?;
        let retry_strategy = options::function(&options, "retryStrategy").map_err(option_error)?;
        let valid = crate::protocol::options::validate_progressive(&raw).map_err(option_error)?;
        let retry = options::retry_policy(retry_strategy, valid.retries);
        let listeners = Rc::new(Listeners::default());
        let on_progress = {
            let listeners = listeners.clone();
            Rc::new(move |event: &PartProgress| listeners.progress(event))
        };
        let on_retry = {
            let listeners = listeners.clone();
            Box::new(move |event: &RetryEvent| listeners.retry(event))
        };
        let sender = Sender::new(&valid, retry, BrowserTransport, BrowserClock, on_retry);
        let (progressive, parts) = Progressive::new(&valid, sender, on_progress);
        // The queue's task, which follows the network as VideoUploader's upload does: a part
        // waits for the network without spending a retry. It ends after the last part.
        let control = progressive.sender.control.clone();
        spawn_local(async move {
            let _connectivity = Connectivity::watch(&control);
            parts.run().await;
        });
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

    /// Calls `callback` each time a part's request failed and will be tried again.
    #[wasm_bindgen(js_name = onRetry)]
    pub fn on_retry(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(event: RetryEvent) => void")] callback: Function,
    ) {
        self.listeners.on_retry(callback);
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
    /// when it is held to be merged with the next ones. Rejects at once, sending nothing, after
    /// `uploadLastPart()`, after a part failed for good, or after `cancel()`.
    #[wasm_bindgen(js_name = uploadPart, unchecked_return_type = "Promise<VideoUploadResponse | undefined>")]
    pub fn upload_part(&self, blob: Blob) -> Promise {
        // Taken now, synchronously: the order of calls is the order of the parts.
        let queued = self.progressive.upload_part(blob);
        future_to_promise(async move {
            match queued.map_err(|error| values::error(&error))? {
                None => Ok(JsValue::UNDEFINED),
                Some(reply) => reply
                    .outcome()
                    .await
                    .map(|video| values::video(&video))
                    .map_err(|error| values::error(&error)),
            }
        })
    }

    /// Sends the last part (with everything still held); resolves with the video. Nothing may
    /// follow it.
    #[wasm_bindgen(js_name = uploadLastPart, unchecked_return_type = "Promise<VideoUploadResponse>")]
    pub fn upload_last_part(&self, blob: Blob) -> Promise {
        let queued = self.progressive.upload_last_part(blob);
        let (sender, listeners) = (self.progressive.sender.clone(), self.listeners.clone());
        future_to_promise(async move {
            let reply = queued.map_err(|error| values::error(&error))?;
            let video = reply
                .outcome()
                .await
                .map_err(|error| values::error(&error))?;
            let shown = values::video(&video);
            listeners.watch_playable(&sender, video);
            Ok(shown)
        })
    }

    /// Aborts what is in flight (the playable check too); pending parts reject with `ABORTED`.
    pub fn cancel(&self) {
        self.progressive.sender.cancel();
    }
}
