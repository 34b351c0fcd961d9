//! HTTP handlers, one module per resource. Handlers are thin: parse, check, call storage,
//! shape the JSON.

pub mod assets;
pub mod auth;
pub mod stats;
pub mod tokens;
pub mod upload;
pub mod videos;

use axum::body::Bytes;
use serde_json::{Map, Value};

use crate::problem::Problem;

/// A JSON object request body, read field by field so that a bad value is answered with
/// a problem naming that field. An empty body reads as `{}`.
pub struct JsonFields(Map<String, Value>);

impl JsonFields {
    pub fn parse(body: &Bytes) -> Result<Self, Problem> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonFields(Map::new()));
        }
        match serde_json::from_slice(body) {
            Ok(Value::Object(map)) => Ok(JsonFields(map)),
            Ok(_) => Err(Problem::bad_request(
                "body",
                "The request body must be a JSON object.",
            )),
            Err(e) => Err(Problem::bad_request(
                "body",
                format!("The request body is not valid JSON: {e}."),
            )),
        }
    }

    /// The field, `None` when absent or null.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    pub fn string(&self, name: &str) -> Result<Option<String>, Problem> {
        self.typed(name, "a string", |v| v.as_str().map(str::to_owned))
    }

    pub fn boolean(&self, name: &str) -> Result<Option<bool>, Problem> {
        self.typed(name, "true or false", Value::as_bool)
    }

    pub fn strings(&self, name: &str) -> Result<Option<Vec<String>>, Problem> {
        self.typed(name, "an array of strings", |v| {
            v.as_array()?
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect()
        })
    }

    /// `[{ "key": "…", "value": "…" }, …]`
    pub fn metadata(
        &self,
        name: &str,
    ) -> Result<Option<Vec<crate::storage::db::Metadata>>, Problem> {
        self.typed(
            name,
            r#"an array of {"key": "…", "value": "…"} objects"#,
            |v| {
                v.as_array()?
                    .iter()
                    .map(|item| {
                        Some(crate::storage::db::Metadata {
                            key: item.get("key")?.as_str()?.to_owned(),
                            value: item.get("value")?.as_str()?.to_owned(),
                        })
                    })
                    .collect()
            },
        )
    }

    fn typed<T>(
        &self,
        name: &str,
        expected: &str,
        read: impl Fn(&Value) -> Option<T>,
    ) -> Result<Option<T>, Problem> {
        match self.get(name) {
            None => Ok(None),
            Some(value) => read(value).map(Some).ok_or_else(|| {
                Problem::bad_request(name, format!("`{name}` must be {expected}, not {value}."))
            }),
        }
    }
}
