//! The error an upload rejects with: `{status, type, title, name, reason, raw}`, as the
//! official uploader rejects with, plus the fields of the answer's own JSON body.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

pub const REASON_ABORTED: &str = "ABORTED";
pub const REASON_NETWORK_ERROR: &str = "NETWORK_ERROR";
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub const REASON_NETWORK_TIMEOUT: &str = "NETWORK_TIMEOUT";
/// An error answer whose body is not a JSON problem. (The official uploader spells it
/// "UNKWOWN"; this one spells it right.)
pub const REASON_UNKNOWN: &str = "UNKNOWN";

#[derive(Debug, Clone, PartialEq, Default)]
pub struct UploadError {
    pub status: Option<u16>,
    /// `type`.
    pub kind: Option<String>,
    pub title: Option<String>,
    pub name: Option<String>,
    pub reason: Option<String>,
    pub raw: Option<String>,
    /// From `X-RateLimit-Retry-After` on a 429; not shown to JS.
    pub retry_after_secs: Option<u64>,
    /// The fields of an answer whose body is a JSON object (a backend's `error`, `requestId`, …):
    /// the official uploader spreads them into its error, so a page reading them works with
    /// either library.
    answer_fields: Map<String, Value>,
}

/// The names that are ours in the error JS gets: where an answer's field has one of them, ours
/// is shown.
const OWN_FIELDS: [&str; 6] = ["status", "type", "title", "name", "reason", "raw"];

impl UploadError {
    fn with_reason(reason: &str) -> Self {
        UploadError {
            reason: Some(reason.to_owned()),
            ..Self::default()
        }
    }

    /// An HTTP answer >= 400 with its body. A JSON object body is a problem
    /// (`application/problem+json`): its `type`, `title`, `name`, `reason` are the error's,
    /// `detail` is appended to the title. Any other body gives the reason "UNKNOWN". `raw` is
    /// the body. `retry_after` is only kept for a 429, the one answer whose wait it tells (the
    /// server sends the rate-limit headers on every answer).
    pub fn from_answer(status: u16, body: &str, retry_after: Option<&str>) -> Self {
        let mut error = match crate::json::from_str::<Value>(body) {
            Some(Value::Object(fields)) => Self::from_problem(fields),
            _ => Self::with_reason(REASON_UNKNOWN),
        };
        error.status = Some(status);
        error.raw = Some(body.to_owned());
        if status == 429 {
            error.retry_after_secs = retry_after.and_then(parse_seconds);
        }
        error
    }

    fn from_problem(fields: Map<String, Value>) -> Self {
        let text = |key: &str| fields.get(key).and_then(Value::as_str).map(str::to_owned);
        let title = match (text("title"), text("detail")) {
            (Some(title), Some(detail)) => Some(format!("{title}: {detail}")),
            (title, detail) => title.or(detail),
        };
        UploadError {
            kind: text("type"),
            title,
            name: text("name"),
            reason: text("reason"),
            answer_fields: fields,
            ..Self::default()
        }
    }

    /// The caller cancelled (or paused) the request; never retried.
    pub fn aborted() -> Self {
        Self::with_reason(REASON_ABORTED)
    }

    /// The request failed without an answer (offline, DNS, CORS refused, connection reset).
    pub fn network() -> Self {
        Self::with_reason(REASON_NETWORK_ERROR)
    }

    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    pub fn timeout() -> Self {
        Self::with_reason(REASON_NETWORK_TIMEOUT)
    }

    /// A local failure with a message (e.g. "the video is longer than maxVideoDuration"):
    /// reason given, title = message.
    pub fn local(reason: &str, title: impl Into<String>) -> Self {
        UploadError {
            title: Some(title.into()),
            ..Self::with_reason(reason)
        }
    }

    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    pub fn is_aborted(&self) -> bool {
        self.reason.as_deref() == Some(REASON_ABORTED)
    }

    /// No answer at all, a 5xx, 408 or 429: worth another try. An abort and any other 4xx
    /// (the request itself is wrong, sending it again gives the same answer) are not.
    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    pub fn is_retryable_by_default(&self) -> bool {
        if self.is_aborted() {
            return false;
        }
        match self.status {
            None | Some(408) | Some(429) => true,
            Some(status) => !(400..500).contains(&status),
        }
    }
}

/// `X-RateLimit-Retry-After` is whole seconds; a fractional value is rounded up so that the
/// client never comes back too early.
fn parse_seconds(value: &str) -> Option<u64> {
    let value = value.trim();
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let all_digits = |text: &str| text.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let seconds: u64 = whole.parse().ok()?;
    Some(if fraction.bytes().any(|b| b != b'0') {
        seconds + 1
    } else {
        seconds
    })
}

/// What JS gets: the answer's own fields, then ours (absent ones left out), ours winning where
/// names meet.
impl Serialize for UploadError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in &self.answer_fields {
            if !OWN_FIELDS.contains(&key.as_str()) {
                map.serialize_entry(key, value)?;
            }
        }
        if let Some(status) = self.status {
            map.serialize_entry("status", &status)?;
        }
        let own = [
            ("type", &self.kind),
            ("title", &self.title),
            ("name", &self.name),
            ("reason", &self.reason),
            ("raw", &self.raw),
        ];
        for (key, value) in own {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

/// "{status} {title}", or the reason when there is no answer, for logs and messages.
impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = self
            .title
            .as_deref()
            .or(self.reason.as_deref())
            .unwrap_or("upload error");
        match self.status {
            Some(status) => write!(f, "{status} {words}"),
            None => f.write_str(words),
        }
    }
}

impl std::error::Error for UploadError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer_with(status: u16, body: &str, retry_after: Option<&str>) -> UploadError {
        UploadError::from_answer(status, body, retry_after)
    }

    #[test]
    fn a_problem_body_is_parsed() {
        let body = r#"{"type":"https://docs.api.video/reference/invalid-attribute","title":"The Content-Range header is malformed.","status":400,"name":"Content-Range"}"#;
        let error = answer_with(400, body, None);
        assert_eq!(error.status, Some(400));
        assert_eq!(
            error.kind.as_deref(),
            Some("https://docs.api.video/reference/invalid-attribute")
        );
        assert_eq!(
            error.title.as_deref(),
            Some("The Content-Range header is malformed.")
        );
        assert_eq!(error.name.as_deref(), Some("Content-Range"));
        assert_eq!(error.reason, None);
        assert_eq!(error.raw.as_deref(), Some(body));
        assert_eq!(
            error.to_string(),
            "400 The Content-Range header is malformed."
        );
    }

    #[test]
    fn detail_is_appended_to_the_title() {
        let body = r#"{"title":"Bad chunk","detail":"range past total"}"#;
        let error = answer_with(400, body, None);
        assert_eq!(error.title.as_deref(), Some("Bad chunk: range past total"));
        let only_detail = answer_with(400, r#"{"detail":"x"}"#, None);
        assert_eq!(only_detail.title.as_deref(), Some("x"));
    }

    #[test]
    fn a_body_that_is_not_a_problem_is_unknown() {
        for body in ["<html>Bad gateway</html>", "", "[1,2]", "null"] {
            let error = answer_with(502, body, None);
            assert_eq!(error.reason.as_deref(), Some(REASON_UNKNOWN), "{body:?}");
            assert_eq!(error.raw.as_deref(), Some(body));
            assert_eq!(error.title, None);
            assert_eq!(error.to_string(), "502 UNKNOWN");
        }
    }

    #[test]
    fn retry_after_is_kept_for_429_only() {
        let limited = answer_with(429, "{}", Some(" 3 "));
        assert_eq!(limited.retry_after_secs, Some(3));
        let fractional = answer_with(429, "{}", Some("1.2"));
        assert_eq!(fractional.retry_after_secs, Some(2));
        let garbage = answer_with(429, "{}", Some("soon"));
        assert_eq!(
            answer_with(429, "{}", Some("2.0")).retry_after_secs,
            Some(2)
        );
        assert_eq!(answer_with(429, "{}", Some("-1")).retry_after_secs, None);
        assert_eq!(garbage.retry_after_secs, None);
        let server_error = answer_with(500, "{}", Some("30"));
        assert_eq!(server_error.retry_after_secs, None);
    }

    #[test]
    fn serializes_like_the_official_error() {
        let error = answer_with(429, r#"{"title":"Too many requests"}"#, Some("5"));
        let shown = serde_json::to_value(&error).expect("serializable");
        assert_eq!(
            shown,
            json!({"status": 429, "title": "Too many requests", "raw": r#"{"title":"Too many requests"}"#})
        );
        let typed = answer_with(404, r#"{"type":"t"}"#, None);
        assert_eq!(
            serde_json::to_value(&typed).expect("serializable")["type"],
            "t"
        );
        let aborted = serde_json::to_value(UploadError::aborted()).expect("serializable");
        assert_eq!(aborted, json!({"reason": "ABORTED"}));
    }

    #[test]
    fn an_answers_own_fields_are_shown_and_ours_win_where_names_meet() {
        let body = r#"{"error":"oups","requestId":"r-42","status":500,"title":"T","detail":"D"}"#;
        let shown = serde_json::to_value(answer_with(400, body, None)).expect("serializable");
        assert_eq!(
            shown,
            json!({"error": "oups", "requestId": "r-42", "detail": "D", "status": 400, "title": "T: D", "raw": body})
        );
        let not_json =
            serde_json::to_value(answer_with(502, "<html>", None)).expect("serializable");
        assert_eq!(
            not_json,
            json!({"status": 502, "reason": "UNKNOWN", "raw": "<html>"})
        );
    }

    #[test]
    fn local_errors_show_their_message() {
        let error = UploadError::local(
            "VIDEO_TOO_LONG",
            "the video is longer than maxVideoDuration",
        );
        assert_eq!(error.reason.as_deref(), Some("VIDEO_TOO_LONG"));
        assert_eq!(error.status, None);
        assert_eq!(
            error.to_string(),
            "the video is longer than maxVideoDuration"
        );
        assert_eq!(UploadError::network().to_string(), "NETWORK_ERROR");
        assert_eq!(
            UploadError::timeout().reason.as_deref(),
            Some("NETWORK_TIMEOUT")
        );
    }

    #[test]
    fn which_errors_are_retryable() {
        let answer = |status| answer_with(status, "{}", None);
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(answer(status).is_retryable_by_default(), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 413, 422] {
            assert!(!answer(status).is_retryable_by_default(), "{status}");
        }
        assert!(UploadError::network().is_retryable_by_default());
        assert!(UploadError::timeout().is_retryable_by_default());
        assert!(!UploadError::aborted().is_retryable_by_default());
        assert!(UploadError::aborted().is_aborted());
        assert!(!UploadError::network().is_aborted());
    }
}
