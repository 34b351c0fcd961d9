//! HTTP handlers, one module per resource. Handlers are thin: parse, check, call storage,
//! shape the JSON.

pub mod assets;
pub mod auth;
pub mod tokens;
pub mod upload;
pub mod videos;

use axum::body::Bytes;
use serde::de::DeserializeOwned;

use crate::problem::Problem;

/// Parses a JSON request body; an empty body reads as `{}`.
pub fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, Problem> {
    let text: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    serde_json::from_slice(text).map_err(|e| {
        let name = field_of(&e.to_string()).unwrap_or_else(|| "body".into());
        Problem::bad_request(&name, format!("The request body is not valid: {e}."))
    })
}

/// The field a serde error is about, when it says (`unknown field `x``, `missing field `x``).
fn field_of(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}
