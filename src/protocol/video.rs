//! The video object api.video answers each chunk with. The engine reads the two fields it
//! decides on (the `videoId` later chunks carry, the `assets.hls` the playable check asks);
//! the page gets the answer itself, parsed once by the browser (`bindings::values`), so that a
//! field the service adds reaches it, as it does with the official uploader.

use serde::Deserialize;

/// What the engine reads of an answer.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
struct Acknowledgement {
    #[serde(rename = "videoId")]
    video_id: Option<String>,
    assets: Option<Assets>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
struct Assets {
    hls: Option<String>,
}

/// A chunk's answer: what the engine read of it, and its JSON text for the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Video {
    read: Acknowledgement,
    body: String,
}

impl Video {
    /// The video of a chunk's answer, when its body is a JSON object.
    pub fn from_answer(body: &str) -> Option<Video> {
        let read = crate::json::from_object(body)?;
        Some(Video {
            read,
            body: body.to_owned(),
        })
    }

    pub fn id(&self) -> Option<&str> {
        self.read.video_id.as_deref()
    }

    /// `assets.hls`, which answers 202 with an empty body until the video can be played.
    pub fn hls(&self) -> Option<&str> {
        self.read.assets.as_ref()?.hls.as_deref()
    }

    /// The answer's JSON text, as it came.
    #[cfg(target_arch = "wasm32")]
    pub fn body(&self) -> &str {
        &self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_id_and_the_hls_url_of_an_answer() {
        let body = r#"{"videoId":"vi1","title":"t","assets":{"hls":"https://h/x.m3u8","mp4":"m"}}"#;
        let video = Video::from_answer(body).expect("a video");
        assert_eq!(video.id(), Some("vi1"));
        assert_eq!(video.hls(), Some("https://h/x.m3u8"));
        assert_eq!(video.body, body, "the answer itself, for the page");
        let bare = Video::from_answer(r#"{"title":"t"}"#).expect("an object");
        assert_eq!((bare.id(), bare.hls()), (None, None));
        let odd = Video::from_answer(r#"{"videoId":7,"assets":"none"}"#).expect("an object");
        assert_eq!((odd.id(), odd.hls()), (None, None));
        for not_a_video in ["", "[]", "null", "<html>", r#""vi1""#] {
            assert_eq!(Video::from_answer(not_a_video), None, "{not_a_video:?}");
        }
    }
}
