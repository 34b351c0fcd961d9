//! Reading the option objects JavaScript passes in. Only reading and type checks live here;
//! what the values mean is checked in `protocol::options`.
//!
//! Read field by field rather than with serde-wasm-bindgen's `from_value`: each wrong type gets
//! its own message naming the option (`'chunkSize' must be…`), and a number of the wrong type
//! reaches the core's check, which says what it got, where a deserializer would stop at its
//! first mismatch with a message about Rust types.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::protocol::option_error::{Mistake, OptionError};
#[cfg(feature = "uploaders")]
use web_sys::{Blob, File};
#[cfg(any(feature = "uploaders", feature = "progressive"))]
use {crate::engine::sender::RetryPolicy, js_sys::Function, wasm_bindgen::JsCast};

#[cfg(any(feature = "uploaders", feature = "progressive"))]
use crate::protocol::options::{Origin, RawOptions};

/// `obj[key]`, `None` when absent, `undefined` or `null`.
fn field(obj: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// A string option.
pub fn string(obj: &JsValue, key: &'static str) -> Result<Option<String>, OptionError> {
    field(obj, key)
        .map(|v| {
            v.as_string()
                .ok_or_else(|| OptionError::new(key, Mistake::NotA("a string")))
        })
        .transpose()
}

/// A number option. A value of another type reads as NaN, which the core's checks refuse
/// with the value shown.
pub fn number(obj: &JsValue, key: &str) -> Option<f64> {
    field(obj, key).map(|v| v.as_f64().unwrap_or(f64::NAN))
}

/// A true-or-false option.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub fn boolean(obj: &JsValue, key: &'static str) -> Result<Option<bool>, OptionError> {
    field(obj, key)
        .map(|v| {
            v.as_bool()
                .ok_or_else(|| OptionError::new(key, Mistake::NotA("true or false")))
        })
        .transpose()
}

/// A callback option.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub fn function(obj: &JsValue, key: &'static str) -> Result<Option<Function>, OptionError> {
    field(obj, key)
        .map(|v| {
            v.dyn_into::<Function>()
                .map_err(|_| OptionError::new(key, Mistake::NotA("a function")))
        })
        .transpose()
}

/// A whole-number option from `min` to `max`.
#[cfg(feature = "tokens")]
pub fn whole_number(
    obj: &JsValue,
    key: &'static str,
    min: f64,
    max: f64,
) -> Result<Option<u32>, OptionError> {
    match number(obj, key) {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && (min..=max).contains(&n) => Ok(Some(n as u32)),
        Some(got) => Err(OptionError::new(
            key,
            Mistake::WholeNumber { min, max, got },
        )),
    }
}

#[cfg(any(feature = "uploaders", feature = "progressive"))]
fn origin(obj: &JsValue, kind: &'static str) -> Result<Option<Origin>, OptionError> {
    let Some(origin) = field(obj, "origin") else {
        return Ok(None);
    };
    let Some(entry) = field(&origin, kind) else {
        return Ok(None);
    };
    Ok(Some(Origin {
        name: origin_text(&entry, "name")?,
        version: origin_text(&entry, "version")?,
    }))
}

/// `origin.{kind}.name` or `.version`: a mistake there is the `origin` option's.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
fn origin_text(entry: &JsValue, key: &'static str) -> Result<String, OptionError> {
    let text = string(entry, key).map_err(|error| OptionError::new("origin", error.mistake))?;
    Ok(text.unwrap_or_default())
}

/// The `file` option, and what identifies it across page loads.
#[cfg(feature = "uploaders")]
pub fn file(options: &JsValue) -> Result<Option<crate::engine::upload::Source<Blob>>, OptionError> {
    let Some(value) = field(options, "file") else {
        return Ok(None);
    };
    let blob: Blob = value
        .dyn_into()
        .map_err(|_| OptionError::new("file", Mistake::NotA("a File or a Blob")))?;
    let file = blob.dyn_ref::<File>();
    Ok(Some(crate::engine::upload::Source {
        name: file.map(File::name),
        last_modified: file.map(File::last_modified).unwrap_or(0.0),
        blob,
    }))
}

/// The options both uploaders read (`file` apart: see [`file`]).
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub fn read(options: &JsValue) -> Result<RawOptions, OptionError> {
    if !options.is_object() {
        return Err(OptionError::new("options", Mistake::NotAnObject));
    }
    Ok(RawOptions {
        file_size: None,
        upload_token: string(options, "uploadToken")?,
        access_token: string(options, "accessToken")?,
        refresh_token: string(options, "refreshToken")?,
        api_key: string(options, "apiKey")?,
        video_id: string(options, "videoId")?,
        api_host: string(options, "apiHost")?,
        chunk_size: number(options, "chunkSize"),
        retries: number(options, "retries"),
        video_name: string(options, "videoName")?,
        origin_application: origin(options, "application")?,
        origin_sdk: origin(options, "sdk")?,
        max_video_duration: number(options, "maxVideoDuration"),
        parallel_chunks: number(options, "parallelChunks"),
        resume: boolean(options, "resume")?,
        stall_timeout: number(options, "stallTimeout"),
        prevent_empty_parts: boolean(options, "preventEmptyParts")?,
        merge_small_parts_before_upload: boolean(options, "mergeSmallPartsBeforeUpload")?,
    })
}

/// The page's `retryStrategy(retryCount, error)` when given (a number of ms, or anything else
/// to give up), else the official policy with `retries` as its maximum.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub fn retry_policy(strategy: Option<Function>, max_retries: u32) -> RetryPolicy {
    let Some(strategy) = strategy else {
        return RetryPolicy::Default { max_retries };
    };
    RetryPolicy::Custom(Box::new(move |retries, error| {
        let decision = strategy
            .call2(
                &JsValue::NULL,
                &JsValue::from(retries),
                &super::values::error(error),
            )
            .ok()?;
        decision
            .as_f64()
            .filter(|ms| ms.is_finite() && *ms >= 0.0)
            .map(|ms| ms as u64)
    }))
}
