//! Who is calling: the API key (HTTP Basic), or an access token it was exchanged for (Bearer).
//! Delegated upload tokens are checked by the upload endpoint itself.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use base64::Engine;

use crate::clock;
use crate::problem::Problem;
use crate::state::AppState;
use crate::storage::db;

/// Extractor for the endpoints that need the API key or an access token.
pub struct ApiCredential;

impl FromRequestParts<AppState> for ApiCredential {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Problem> {
        check(app, &parts.headers).await.map(|()| ApiCredential)
    }
}

/// Accepts `Basic base64(<api key>:)` (any password) or `Bearer <access token>`.
pub async fn check(app: &AppState, headers: &HeaderMap) -> Result<(), Problem> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (scheme, credential) = value.split_once(' ').unwrap_or((value, ""));
    let credential = credential.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(credential)
            .unwrap_or_default();
        let decoded = String::from_utf8_lossy(&decoded);
        let user = decoded.split_once(':').map_or(&*decoded, |(user, _)| user);
        if constant_time_eq(user.as_bytes(), app.api_key.as_bytes()) {
            return Ok(());
        }
    } else if scheme.eq_ignore_ascii_case("bearer") && !credential.is_empty() {
        let token = credential.to_owned();
        let now = clock::now_ms();
        if app
            .storage
            .db(move |c| db::access_token_valid(c, &token, now))
            .await?
        {
            return Ok(());
        }
    }
    Err(Problem::unauthorized())
}

/// Compares secrets without an early exit that would tell how much of a guess was right.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn constant_time_eq_compares_whole_values() {
        assert!(super::constant_time_eq(b"key", b"key"));
        assert!(!super::constant_time_eq(b"key", b"kez"));
        assert!(!super::constant_time_eq(b"key", b"key2"));
        assert!(!super::constant_time_eq(b"", b"k"));
    }
}
