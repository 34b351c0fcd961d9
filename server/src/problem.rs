//! Problem bodies (`application/problem+json`), the one error shape every answer uses.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

const DOCS: &str = "https://docs.api.video/reference/";

/// An error answer: status, a documentation `type`, a human `title`, and the `name` of the
/// field or header at fault.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub name: String,
}

impl Problem {
    pub fn new(status: StatusCode, kind: &str, name: &str, title: impl Into<String>) -> Self {
        Problem {
            kind: format!("{DOCS}{kind}"),
            title: title.into(),
            status: status.as_u16(),
            name: name.into(),
        }
    }

    pub fn bad_request(name: &str, title: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid-attribute", name, title)
    }

    pub fn bad_range(title: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-content-range",
            "Content-Range",
            title,
        )
    }

    pub fn not_found(name: &str, title: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "resource-not-found", name, title)
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "authentication-failed",
            "Authorization",
            "Authentication failed: send the API key with HTTP Basic (the key as user name, empty password) or `Authorization: Bearer <access_token>` from POST /auth/api-key.",
        )
    }

    pub fn too_large(limit: u64) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request-entity-too-large",
            "file",
            format!(
                "The request is larger than {} MiB: send the file in chunks with `Content-Range: bytes <first>-<last>/<total>`.",
                limit / (1024 * 1024)
            ),
        )
    }

    pub fn internal(what: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {what}");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal-error",
            "",
            "The server failed to handle the request; nothing acknowledged before was lost. Try again.",
        )
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

impl From<crate::storage::Error> for Problem {
    fn from(error: crate::storage::Error) -> Self {
        Problem::internal(error)
    }
}

impl From<rusqlite::Error> for Problem {
    fn from(error: rusqlite::Error) -> Self {
        Problem::internal(crate::storage::Error::from(error))
    }
}

impl From<std::io::Error> for Problem {
    fn from(error: std::io::Error) -> Self {
        Problem::internal(crate::storage::Error::from(error))
    }
}
