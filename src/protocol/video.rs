//! The video object api.video answers each chunk with, and how JavaScript gets it: as the
//! official uploader gives it, every field of the answer, with `public` renamed `_public` and
//! `createdAt`, `updatedAt`, `publishedAt` as `Date` objects.
//!
//! Kept as the answer's own JSON object rather than a struct of known fields, so that a field
//! the service adds reaches the page, as it does with the official uploader.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

/// The fields the official uploader turns into `Date` objects.
const DATE_FIELDS: [&str; 3] = ["createdAt", "updatedAt", "publishedAt"];

#[derive(Debug, Clone, PartialEq)]
pub struct Video(Map<String, Value>);

impl Video {
    /// The video of a chunk's answer, when its body is a JSON object.
    pub fn from_answer(body: &str) -> Option<Video> {
        match crate::json::from_str(body)? {
            Value::Object(fields) => Some(Video(fields)),
            _ => None,
        }
    }

    pub fn id(&self) -> Option<&str> {
        self.0.get("videoId")?.as_str()
    }

    /// `assets.hls`, which answers 202 with an empty body until the video can be played.
    pub fn hls(&self) -> Option<&str> {
        self.0.get("assets")?.get("hls")?.as_str()
    }
}

impl Serialize for Video {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            match (key.as_str(), value) {
                ("public", value) => map.serialize_entry("_public", value)?,
                (key, Value::String(text)) if DATE_FIELDS.contains(&key) && !text.is_empty() => {
                    map.serialize_entry(key, &Date(text))?
                }
                (key, value) => map.serialize_entry(key, value)?,
            }
        }
        map.end()
    }
}

/// A date-time text that JavaScript gets as a `Date` (as `new Date(text)` reads it). Anywhere
/// else (the native tests' JSON), it stays the text.
struct Date<'a>(&'a str);

impl Serialize for Date<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[cfg(target_arch = "wasm32")]
        {
            let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(self.0));
            serde_wasm_bindgen::preserve::serialize(&date, serializer)
        }
        #[cfg(not(target_arch = "wasm32"))]
        serializer.serialize_str(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_id_and_the_hls_url_of_an_answer() {
        let video = Video::from_answer(r#"{"videoId":"vi1","assets":{"hls":"https://h/x.m3u8"}}"#)
            .expect("a video");
        assert_eq!(video.id(), Some("vi1"));
        assert_eq!(video.hls(), Some("https://h/x.m3u8"));
        let bare = Video::from_answer(r#"{"title":"t"}"#).expect("an object");
        assert_eq!((bare.id(), bare.hls()), (None, None));
        for not_a_video in ["", "[]", "null", "<html>", r#""vi1""#] {
            assert_eq!(Video::from_answer(not_a_video), None, "{not_a_video:?}");
        }
    }

    #[test]
    fn shows_every_field_with_public_renamed() {
        let answer = json!({
            "videoId": "vi1", "public": false, "discardedAt": null, "tags": ["a"],
            "createdAt": "2026-11-25T10:00:00+00:00", "publishedAt": null, "newField": {"x": 1},
        });
        let video = Video::from_answer(&answer.to_string()).expect("a video");
        assert_eq!(
            serde_json::to_value(&video).expect("serializable"),
            json!({
                "videoId": "vi1", "_public": false, "discardedAt": null, "tags": ["a"],
                "createdAt": "2026-11-25T10:00:00+00:00", "publishedAt": null, "newField": {"x": 1},
            })
        );
    }
}
