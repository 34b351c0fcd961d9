//! The server's answers as the page gets them: parsed once, by the browser. The engine read
//! only the few fields it decides on (`protocol::video`, `protocol::error`); the page gets the
//! answer's own object, so that every field the service sends reaches it, as with the official
//! uploader.

use js_sys::{Array, JSON, Object};
#[cfg(any(feature = "uploaders", feature = "progressive"))]
use js_sys::{Date, Reflect};
use wasm_bindgen::JsValue;

use super::to_js;
use crate::protocol::error::UploadError;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
use crate::protocol::video::Video;

/// The fields the official uploader turns into `Date` objects.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
const DATE_FIELDS: [&str; 3] = ["createdAt", "updatedAt", "publishedAt"];

/// The video as the official uploader gives it: the answer, with `public` renamed `_public`
/// and `createdAt`, `updatedAt`, `publishedAt` as `Date`s.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub fn video(video: &Video) -> JsValue {
    let Some(answer) = object(video.body()) else {
        return JsValue::UNDEFINED; // never: the engine read it as an object
    };
    let field = |key: &str| Reflect::get(&answer, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let public = field("public");
    if !public.is_undefined() {
        let _ = Reflect::delete_property(&answer, &"public".into());
        let _ = Reflect::set(&answer, &"_public".into(), &public);
    }
    for key in DATE_FIELDS {
        if let Some(text) = field(key).as_string().filter(|text| !text.is_empty()) {
            let _ = Reflect::set(&answer, &key.into(), &Date::new(&text.into()));
        }
    }
    answer.into()
}

/// The error as the page gets it: ours (`status`, `type`, `title`, `name`, `reason`, `raw`,
/// `retryable`) over the fields of the answer's own JSON object, when it is one (a backend's
/// `error`, `requestId`, …): the official uploader spreads them into its error, so a page
/// reading them works with either library. Ours win where names meet.
pub fn error(error: &UploadError) -> JsValue {
    let ours = to_js(error);
    match error.raw.as_deref().and_then(object) {
        Some(answer) => Object::assign(&answer, &ours.into()).into(),
        None => ours,
    }
}

/// `text` parsed by the browser, when it is a JSON object.
fn object(text: &str) -> Option<Object> {
    let value = JSON::parse(text).ok()?;
    (value.is_object() && !Array::is_array(&value)).then(|| value.into())
}
