//! The error an upload rejects with: `{status, type, title, name, reason, raw}`, as the
//! official uploader rejects with, plus `retryable`. Every error carries a `reason` (one of
//! [`Reason`]) and a `title` that says what happened and what to do. (The page also gets the
//! fields of an answer's own JSON body, under ours: `bindings::values` lays ours over the
//! answer the browser parsed.)

use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

/// Why a request or an upload failed: the `reason` field of every error a page gets. The
/// TypeScript union `UploadErrorReason` (`bindings/types.d.ts`) lists the same names.
///
/// An error answer's problem body may name a reason of its own ([`Reason::Server`]); when it
/// names none, the status gives one (`SERVER_ERROR`, `NOT_FOUND`, …), where the official uploader
/// leaves `reason` out: a page can always switch on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
// Each wasm module makes only its own reasons (and the native build none of the browser's):
// the enum stays whole, as the typings list it.
#[allow(dead_code)]
pub enum Reason {
    /// `cancel()` (or `free()`) stopped it.
    Aborted,
    /// No answer: offline, DNS, a refused connection, CORS.
    NetworkError,
    /// No sign of life for `stallTimeout` ms.
    NetworkTimeout,
    /// An error answer whose body is not JSON (the official uploader spells it "UNKWOWN").
    Unknown,
    /// 5xx.
    ServerError,
    /// 429.
    RateLimited,
    /// 408.
    RequestTimeout,
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// Any other 4xx.
    Refused,
    /// A 2xx answer whose body is not what the protocol answers (not a video, not a token).
    InvalidAnswer,
    /// The browser refused to make the request (a header value, a URL it cannot send to).
    InvalidRequest,
    /// The file can no longer be read: changed, moved or deleted since it was picked.
    FileUnreadable,
    /// An option or argument mistake.
    InvalidOption,
    /// `upload()` called twice.
    AlreadyStarted,
    /// `uploadPart()` / `uploadLastPart()` after the last part, or after a part failed for good.
    UploadFinished,
    /// A part under 5 MiB with `mergeSmallPartsBeforeUpload: false`.
    PartTooSmall,
    /// Longer than `maxVideoDuration`.
    VideoTooLong,
    /// A duration that cannot be read (`maxVideoDuration`).
    InvalidVideo,
    /// `maxVideoDuration` where there is no document (a worker).
    NoDocument,
    /// The playable check gave up (to `onPlayableError`).
    PlayableTimeout,
    /// The reason an error answer's problem body names.
    #[serde(untagged)]
    Server(String),
}

impl Reason {
    /// The reason of an error answer that names none.
    fn of_status(status: u16) -> Reason {
        match status {
            401 => Reason::Unauthorized,
            403 => Reason::Forbidden,
            404 => Reason::NotFound,
            408 => Reason::RequestTimeout,
            429 => Reason::RateLimited,
            500.. => Reason::ServerError,
            _ => Reason::Refused,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UploadError {
    pub status: Option<u16>,
    /// `type`.
    pub kind: Option<String>,
    pub title: String,
    pub name: Option<String>,
    pub reason: Reason,
    pub raw: Option<String>,
    /// From `X-RateLimit-Retry-After` on a 429; not shown to JS.
    pub retry_after_secs: Option<u64>,
}

/// What an error answer's problem body (`application/problem+json`) says, as far as it says it.
#[derive(Default, Deserialize)]
struct Problem {
    #[serde(rename = "type")]
    kind: Option<String>,
    title: Option<String>,
    detail: Option<String>,
    name: Option<String>,
    reason: Option<String>,
}

impl UploadError {
    /// An error of ours, with its words.
    pub fn new(reason: Reason, title: impl Into<String>) -> Self {
        UploadError {
            status: None,
            kind: None,
            title: title.into(),
            name: None,
            reason,
            raw: None,
            retry_after_secs: None,
        }
    }

    /// An HTTP answer >= 400 with its body. A JSON object body is a problem
    /// (`application/problem+json`): its `type`, `title`, `name`, `reason` are the error's,
    /// `detail` is appended to the title; the status gives the reason and the title it lacks.
    /// Any other body gives the reason "UNKNOWN". `raw` is the body. `retry_after` is only kept
    /// for a 429, the one answer whose wait it tells (the server sends the rate-limit headers on
    /// every answer).
    pub fn from_answer(status: u16, body: &str, retry_after: Option<&str>) -> Self {
        let mut error = match crate::json::from_object::<Problem>(body) {
            Some(problem) => Self::from_problem(status, problem),
            None => Self::new(
                Reason::Unknown,
                format!(
                    "The server answered {status} with a body that is not JSON: check that apiHost names the upload server."
                ),
            ),
        };
        error.status = Some(status);
        error.raw = Some(body.to_owned());
        if status == 429 {
            error.retry_after_secs = retry_after.and_then(parse_seconds);
        }
        error
    }

    fn from_problem(status: u16, problem: Problem) -> Self {
        let title = match (problem.title, problem.detail) {
            (Some(title), Some(detail)) => format!("{title}: {detail}"),
            (title, detail) => title.or(detail).unwrap_or_else(|| status_title(status)),
        };
        let reason = problem
            .reason
            .map_or_else(|| Reason::of_status(status), Reason::Server);
        UploadError {
            kind: problem.kind,
            name: problem.name,
            ..Self::new(reason, title)
        }
    }

    /// A 2xx answer whose body is not what the protocol answers (`what`, e.g. "a video").
    pub fn invalid_answer(status: u16, body: &str, what: &str) -> Self {
        UploadError {
            status: Some(status),
            raw: Some(body.to_owned()),
            ..Self::new(
                Reason::InvalidAnswer,
                format!(
                    "The server answered {status}, but its body is not {what}: check that apiHost names the upload server."
                ),
            )
        }
    }

    /// The caller cancelled the request; never retried.
    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    pub fn aborted() -> Self {
        Self::new(Reason::Aborted, "The upload was cancelled.")
    }

    /// The request failed without an answer (offline, DNS, CORS refused, connection reset).
    /// [`UploadError::reaching`] names the server.
    pub fn network() -> Self {
        Self::new(
            Reason::NetworkError,
            "The server could not be reached: check the connection.",
        )
    }

    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    pub fn timeout() -> Self {
        Self::new(
            Reason::NetworkTimeout,
            "The server stopped answering: check the connection.",
        )
    }

    /// The browser would not make the request; `words` are its own.
    pub fn invalid_request(words: &str) -> Self {
        Self::new(
            Reason::InvalidRequest,
            format!("The browser could not make the request: {words}"),
        )
    }

    /// The file's bytes can no longer be read.
    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    pub fn file_unreadable() -> Self {
        Self::new(
            Reason::FileUnreadable,
            "The file can no longer be read: it was changed, moved or deleted since it was picked. Pick it again to upload it.",
        )
    }

    /// An error without an answer, told where it went: its title names the server at `origin`
    /// (never the whole URL, which may hold the token).
    pub fn reaching(mut self, origin: &str) -> Self {
        self.title = match self.reason {
            Reason::NetworkError => format!(
                "Could not reach {origin}: check the connection, and that apiHost names the upload server."
            ),
            Reason::NetworkTimeout => format!(
                "{origin} stopped answering (no progress for stallTimeout): check the connection."
            ),
            _ => return self,
        };
        self
    }

    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    pub fn is_aborted(&self) -> bool {
        self.reason == Reason::Aborted
    }

    /// Worth another try: no answer, a 5xx, 408 or 429. An abort, any other 4xx (the request
    /// itself is wrong: sending it again gives the same answer), an answer that is not what the
    /// protocol answers, and the local errors are not. The default retry policy, the playable
    /// check and the page (`retryable`) all read this one rule.
    pub fn is_retryable(&self) -> bool {
        match self.status {
            None => matches!(self.reason, Reason::NetworkError | Reason::NetworkTimeout),
            Some(408 | 429) => true,
            Some(status) => status >= 500,
        }
    }
}

/// The title of an error answer that gives none.
fn status_title(status: u16) -> String {
    match Reason::of_status(status) {
        Reason::Unauthorized => {
            "The server refused the credential (401): get a new upload token or access token.".into()
        }
        Reason::Forbidden => {
            "The server refused the credential (403): it may have expired, or may not do this.".into()
        }
        Reason::NotFound => {
            "The server does not know this upload (404): check apiHost, the upload token and the videoId.".into()
        }
        Reason::RequestTimeout | Reason::RateLimited => {
            format!("The server asked to wait ({status}): try again in a moment.")
        }
        Reason::ServerError => format!("The server failed ({status}): try again later."),
        _ => format!("The server refused the request ({status})."),
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

/// Our fields, as JS gets them (absent ones left out).
impl Serialize for UploadError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(status) = self.status {
            map.serialize_entry("status", &status)?;
        }
        if let Some(kind) = &self.kind {
            map.serialize_entry("type", kind)?;
        }
        map.serialize_entry("title", &self.title)?;
        if let Some(name) = &self.name {
            map.serialize_entry("name", name)?;
        }
        map.serialize_entry("reason", &self.reason)?;
        if let Some(raw) = &self.raw {
            map.serialize_entry("raw", raw)?;
        }
        map.serialize_entry("retryable", &self.is_retryable())?;
        map.end()
    }
}

/// "{status} {title}", or the title alone when there is no answer, for logs and messages.
impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.status {
            Some(status) => write!(f, "{status} {}", self.title),
            None => f.write_str(&self.title),
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
        assert_eq!(error.title, "The Content-Range header is malformed.");
        assert_eq!(error.name.as_deref(), Some("Content-Range"));
        assert_eq!(error.reason, Reason::Refused, "the status gives the reason");
        assert_eq!(error.raw.as_deref(), Some(body));
        assert_eq!(
            error.to_string(),
            "400 The Content-Range header is malformed."
        );
        let named = answer_with(403, r#"{"title":"x","reason":"TOKEN_EXPIRED"}"#, None);
        assert_eq!(named.reason, Reason::Server("TOKEN_EXPIRED".into()));
    }

    #[test]
    fn detail_is_appended_to_the_title() {
        let body = r#"{"title":"Bad chunk","detail":"range past total"}"#;
        let error = answer_with(400, body, None);
        assert_eq!(error.title, "Bad chunk: range past total");
        let only_detail = answer_with(400, r#"{"detail":"x"}"#, None);
        assert_eq!(only_detail.title, "x");
    }

    #[test]
    fn a_problem_without_words_gets_the_status_words() {
        let error = answer_with(500, r#"{"error":"oups"}"#, None);
        assert_eq!(error.reason, Reason::ServerError);
        assert_eq!(error.title, "The server failed (500): try again later.");
        for (status, reason) in [
            (401, Reason::Unauthorized),
            (403, Reason::Forbidden),
            (404, Reason::NotFound),
            (408, Reason::RequestTimeout),
            (409, Reason::Refused),
            (429, Reason::RateLimited),
            (503, Reason::ServerError),
        ] {
            let error = answer_with(status, "{}", None);
            assert_eq!(error.reason, reason, "{status}");
            assert!(error.title.contains(&status.to_string()), "{status}");
        }
    }

    #[test]
    fn a_body_that_is_not_a_problem_is_unknown() {
        for body in ["<html>Bad gateway</html>", "", "[1,2]", "null"] {
            let error = answer_with(502, body, None);
            assert_eq!(error.reason, Reason::Unknown, "{body:?}");
            assert_eq!(error.raw.as_deref(), Some(body));
            assert!(error.title.contains("not JSON"), "{}", error.title);
            assert!(error.to_string().starts_with("502 The server answered 502"));
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
    fn serializes_like_the_official_error_with_reason_title_and_retryable() {
        let error = answer_with(429, r#"{"title":"Too many requests"}"#, Some("5"));
        let shown = serde_json::to_value(&error).expect("serializable");
        assert_eq!(
            shown,
            json!({"status": 429, "title": "Too many requests", "reason": "RATE_LIMITED", "raw": r#"{"title":"Too many requests"}"#, "retryable": true})
        );
        let typed = answer_with(404, r#"{"type":"t"}"#, None);
        assert_eq!(
            serde_json::to_value(&typed).expect("serializable")["type"],
            "t"
        );
        let aborted = serde_json::to_value(UploadError::aborted()).expect("serializable");
        assert_eq!(
            aborted,
            json!({"title": "The upload was cancelled.", "reason": "ABORTED", "retryable": false})
        );
    }

    #[test]
    fn a_problem_of_other_types_is_an_object_without_words() {
        let body = r#"{"title":5,"reason":["x"],"requestId":"r-42"}"#;
        let error = answer_with(400, body, None);
        assert_eq!(error.reason, Reason::Refused, "the status gives the reason");
        assert_eq!(error.title, "The server refused the request (400).");
        assert_eq!(
            error.raw.as_deref(),
            Some(body),
            "the page gets the answer's fields"
        );
    }

    #[test]
    fn errors_without_an_answer_name_the_server_not_the_url() {
        let origin = "http://127.0.0.1:9";
        let network = UploadError::network().reaching(origin);
        assert_eq!(
            network.title,
            "Could not reach http://127.0.0.1:9: check the connection, and that apiHost names the upload server."
        );
        assert!(
            UploadError::timeout()
                .reaching(origin)
                .title
                .starts_with(origin)
        );
        let aborted = UploadError::aborted().reaching(origin);
        assert_eq!(
            aborted,
            UploadError::aborted(),
            "only a network error is told where"
        );
    }

    #[test]
    fn local_errors_show_their_message() {
        let error = UploadError::new(
            Reason::VideoTooLong,
            "the video is longer than maxVideoDuration",
        );
        assert_eq!(error.status, None);
        assert_eq!(
            error.to_string(),
            "the video is longer than maxVideoDuration"
        );
        let shown = serde_json::to_value(&error).expect("serializable");
        assert_eq!(shown["reason"], "VIDEO_TOO_LONG");
    }

    /// One list of reasons: the TypeScript union `UploadErrorReason` names every variant. (The
    /// match has no `_`: a new reason does not compile here until it is listed.)
    #[test]
    fn the_typings_name_every_reason() {
        let every = [
            Reason::Aborted,
            Reason::NetworkError,
            Reason::NetworkTimeout,
            Reason::Unknown,
            Reason::ServerError,
            Reason::RateLimited,
            Reason::RequestTimeout,
            Reason::Unauthorized,
            Reason::Forbidden,
            Reason::NotFound,
            Reason::Refused,
            Reason::InvalidAnswer,
            Reason::InvalidRequest,
            Reason::FileUnreadable,
            Reason::InvalidOption,
            Reason::AlreadyStarted,
            Reason::UploadFinished,
            Reason::PartTooSmall,
            Reason::VideoTooLong,
            Reason::InvalidVideo,
            Reason::NoDocument,
            Reason::PlayableTimeout,
        ];
        for reason in &every {
            match reason {
                Reason::Aborted
                | Reason::NetworkError
                | Reason::NetworkTimeout
                | Reason::Unknown
                | Reason::ServerError
                | Reason::RateLimited
                | Reason::RequestTimeout
                | Reason::Unauthorized
                | Reason::Forbidden
                | Reason::NotFound
                | Reason::Refused
                | Reason::InvalidAnswer
                | Reason::InvalidRequest
                | Reason::FileUnreadable
                | Reason::InvalidOption
                | Reason::AlreadyStarted
                | Reason::UploadFinished
                | Reason::PartTooSmall
                | Reason::VideoTooLong
                | Reason::InvalidVideo
                | Reason::NoDocument
                | Reason::PlayableTimeout
                | Reason::Server(_) => {}
            }
        }
        let typings = include_str!("../bindings/types.d.ts");
        for reason in every {
            let name = serde_json::to_value(&reason).expect("serializable");
            let name = name.as_str().expect("a name");
            assert!(
                typings.contains(&format!("| \"{name}\"\n")),
                "UploadErrorReason lacks {name}"
            );
        }
        assert_eq!(
            serde_json::to_value(Reason::Server("TOKEN_EXPIRED".into())).expect("serializable"),
            "TOKEN_EXPIRED"
        );
    }

    #[test]
    fn which_errors_are_retryable() {
        let answer = |status| answer_with(status, "{}", None);
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(answer(status).is_retryable(), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 413, 422] {
            assert!(!answer(status).is_retryable(), "{status}");
        }
        assert!(UploadError::network().is_retryable());
        assert!(UploadError::timeout().is_retryable());
        for final_error in [
            UploadError::aborted(),
            UploadError::file_unreadable(),
            UploadError::invalid_request("bad header"),
            UploadError::invalid_answer(200, "<html>", "a video"),
            UploadError::new(Reason::InvalidOption, "x"),
        ] {
            assert!(!final_error.is_retryable(), "{final_error}");
        }
        assert!(UploadError::aborted().is_aborted());
        assert!(!UploadError::network().is_aborted());
    }
}
