//! The JavaScript surface: the classes a page uses, reading their options and handing every
//! value back through serde-wasm-bindgen. Each class drives its engine (`crate::engine`) with
//! the browser's seams (`crate::browser`).

#[cfg(any(feature = "uploaders", feature = "progressive"))]
mod listeners;
mod options;
#[cfg(feature = "progressive")]
mod progressive_uploader;
#[cfg(feature = "tokens")]
mod upload_tokens;
mod values;
#[cfg(feature = "uploaders")]
mod video_uploader;

#[cfg(feature = "progressive")]
pub use progressive_uploader::ProgressiveUploader;
#[cfg(feature = "tokens")]
pub use upload_tokens::UploadTokens;
#[cfg(feature = "uploaders")]
pub use video_uploader::{VideoUploader, forget_upload, remembered_upload, resume_key};

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::protocol::error::Reason;
use crate::protocol::option_error::OptionError;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// A panic is a bug (the code never unwraps what comes from outside): it reaches the console
/// with its message and location, the ecosystem's convention, so that a report from the field
/// says where it happened.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// An option mistake as the page gets it, wherever it is found (a constructor, a method's
/// argument): an `Error` whose `message` says what to fix (the official uploader's words where
/// it has them), with the fields every error of this library has: `reason`
/// (`"INVALID_OPTION"`), `title` (the message again), `retryable` (false), and `name`, the option.
pub(crate) fn option_error(mistake: OptionError) -> JsValue {
    let message = mistake.to_string();
    let error = js_sys::Error::new(&message);
    let fields: [(&str, JsValue); 4] = [
        ("reason", to_js(&Reason::InvalidOption)),
        ("title", message.into()),
        ("retryable", false.into()),
        ("name", mistake.name.into()),
    ];
    for (key, value) in fields {
        let _ = js_sys::Reflect::set(&error, &key.into(), &value);
    }
    error.into()
}

/// A value as JavaScript gets it: plain objects (not `Map`s), numbers (not `BigInt`s), `null`
/// for a JSON null.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::UNDEFINED)
}
