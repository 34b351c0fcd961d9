//! Reading the options objects JavaScript passes in. Only reading and type checks live
//! here; what the values mean is validated in `core::options`.

use alloc::borrow::ToOwned;
use alloc::string::String;

use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, File};

use crate::core::number;
use crate::core::options::{Origin, RawOptions};
use crate::core::text::cat;

/// `obj[key]`, `None` when absent, `undefined` or `null`.
fn field(obj: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(obj, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn string(obj: &JsValue, key: &str) -> Result<Option<String>, String> {
    field(obj, key)
        .map(|v| {
            v.as_string()
                .ok_or_else(|| cat!("'", key, "' must be a string."))
        })
        .transpose()
}

/// Numbers are checked by the core; a value of another type reads as NaN, which it refuses.
fn number(obj: &JsValue, key: &str) -> Option<f64> {
    field(obj, key).map(|v| v.as_f64().unwrap_or(f64::NAN))
}

fn boolean(obj: &JsValue, key: &str) -> Result<Option<bool>, String> {
    field(obj, key)
        .map(|v| {
            v.as_bool()
                .ok_or_else(|| cat!("'", key, "' must be true or false."))
        })
        .transpose()
}

pub fn function(obj: &JsValue, key: &str) -> Result<Option<Function>, String> {
    field(obj, key)
        .map(|v| {
            v.dyn_into::<Function>()
                .map_err(|_| cat!("'", key, "' must be a function."))
        })
        .transpose()
}

fn origin(obj: &JsValue, kind: &str) -> Result<Option<Origin>, String> {
    let Some(origin) = field(obj, "origin") else {
        return Ok(None);
    };
    let Some(entry) = field(&origin, kind) else {
        return Ok(None);
    };
    Ok(Some(Origin {
        name: string(&entry, "name")?.unwrap_or_default(),
        version: string(&entry, "version")?.unwrap_or_default(),
    }))
}

/// The file and what identifies it across page loads.
pub struct Source {
    pub blob: Blob,
    pub name: Option<String>,
    pub last_modified: f64,
}

/// The options shared by both uploaders, and the `file` when there is one.
pub fn read(options: &JsValue) -> Result<(RawOptions, Option<Source>), String> {
    if !options.is_object() {
        return Err("Pass an options object, e.g. { file, uploadToken }.".into());
    }
    let source = match field(options, "file") {
        None => None,
        Some(value) => {
            let blob: Blob = value
                .dyn_into()
                .map_err(|_| "'file' must be a File or a Blob.".to_owned())?;
            let file = blob.dyn_ref::<File>();
            Some(Source {
                name: file.map(File::name),
                last_modified: file.map(File::last_modified).unwrap_or(0.0),
                blob,
            })
        }
    };
    let raw = RawOptions {
        file_size: source.as_ref().map(|s| s.blob.size()),
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
    };
    Ok((raw, source))
}

pub fn flag(options: &JsValue, key: &str) -> Result<Option<bool>, String> {
    boolean(options, key)
}

pub fn text(options: &JsValue, key: &str) -> Result<Option<String>, String> {
    string(options, key)
}

pub fn whole_number(
    options: &JsValue,
    key: &str,
    min: f64,
    max: f64,
) -> Result<Option<u32>, String> {
    match number(options, key) {
        None => Ok(None),
        Some(n) if number::is_whole(n) && (min..=max).contains(&n) => Ok(Some(n as u32)),
        Some(n) => Err(cat!(
            "'",
            key,
            "' must be a whole number from ",
            number::show(min),
            " to ",
            number::show(max),
            " (got ",
            number::show(n),
            ")."
        )),
    }
}
