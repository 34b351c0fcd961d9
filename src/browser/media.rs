//! The duration of a video file, read from its metadata by a `<video>` element before any
//! byte is sent (`maxVideoDuration`). Needs a document: not available in a worker.

use js_sys::{Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, Document, HtmlVideoElement, Url};

use crate::protocol::error::{Reason, UploadError};

pub async fn duration_seconds(file: &Blob) -> Result<f64, UploadError> {
    let document: Document = Reflect::get(&js_sys::global(), &JsValue::from_str("document"))
        .ok()
        .filter(JsValue::is_object)
        .map(JsValue::unchecked_into)
        .ok_or_else(|| {
            UploadError::new(
                Reason::NoDocument,
                "document is undefined. Impossible to use the maxVideoDuration option here (a Web Worker has no <video> element to read the duration with). Remove it and try again.",
            )
        })?;
    let unreadable = || {
        UploadError::new(
            Reason::InvalidVideo,
            "The file's duration could not be read: is it a video the browser can decode?",
        )
    };
    let video: HtmlVideoElement = document
        .create_element("video")
        .map_err(|_| unreadable())?
        .unchecked_into();
    video.set_preload("metadata");
    let url = Url::create_object_url_with_blob(file).map_err(|_| unreadable())?;
    let loaded = Promise::new(&mut |resolve, reject| {
        let _ = video.add_event_listener_with_callback("loadedmetadata", &resolve);
        let _ = video.add_event_listener_with_callback("error", &reject);
    });
    video.set_src(&url);
    let result = JsFuture::from(loaded).await;
    // Read before the source is cleared: clearing it resets the duration to NaN.
    let duration = video.duration();
    let _ = Url::revoke_object_url(&url);
    video.set_src("");
    result.map_err(|_| unreadable())?;
    // NaN or Infinity (a MediaRecorder file without a duration in its metadata): unknown, so
    // neither "too long" nor "short enough".
    if duration.is_finite() {
        Ok(duration)
    } else {
        Err(unreadable())
    }
}
