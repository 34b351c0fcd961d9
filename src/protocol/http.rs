//! An HTTP request and its answer as plain data: what the transport seam
//! (`engine::transport`) and the token client send and get back.

use super::error::UploadError;

/// A small request without upload progress: the token refresh, the playable check, the token
/// operations.
pub struct Call<'a> {
    pub method: &'static str,
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    /// JSON text, sent with `Content-Type: application/json`.
    pub json: Option<String>,
}

/// An HTTP answer, whatever its status.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    /// `X-RateLimit-Retry-After`.
    pub retry_after: Option<String>,
}

impl Answer {
    /// 2xx: the one rule of success, for chunks, calls and the playable check alike (the
    /// browser follows redirects itself, so a 3xx that reaches us was not followed).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn error(&self) -> UploadError {
        UploadError::from_answer(self.status, &self.body, self.retry_after.as_deref())
    }
}
