//! JSON through the browser's own `JSON.parse`, so the wasm carries no JSON parser.

use alloc::string::String;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::core::error::{ProblemFields, UploadError};

/// The parsed value, when `text` is JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

/// A string field of a parsed object.
pub fn string_field(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// A field path such as `["assets", "hls"]`.
pub fn string_at(object: &JsValue, path: &[&str]) -> Option<String> {
    let (last, parents) = path.split_last()?;
    let mut current = object.clone();
    for key in parents {
        current = Reflect::get(&current, &JsValue::from_str(key)).ok()?;
    }
    string_field(&current, last)
}

/// An error answer as the protocol's error: the problem fields when the body is a JSON object.
pub fn error_answer(status: u16, body: &str, retry_after: Option<&str>) -> UploadError {
    let problem = parse(body)
        .filter(|v| v.is_object() && !js_sys::Array::is_array(v))
        .map(|object| ProblemFields {
            kind: string_field(&object, "type"),
            title: string_field(&object, "title"),
            name: string_field(&object, "name"),
            detail: string_field(&object, "detail"),
            reason: string_field(&object, "reason"),
        });
    UploadError::from_answer(status, problem, body, retry_after)
}
