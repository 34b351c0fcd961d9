//! `POST /auth/api-key` and `POST /auth/refresh`: the API key exchanged for a one-hour
//! access token and a one-use refresh token.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::auth::constant_time_eq;
use crate::problem::Problem;
use crate::state::AppState;
use crate::storage::db;
use crate::{clock, ids};

const ACCESS_TOKEN_SECONDS: i64 = 3600;

/// The answer of both endpoints (OpenAPI `access-token`; its fields are in snake case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessToken {
    /// Always `Bearer`: the access token goes in `Authorization: Bearer <access_token>`.
    pub token_type: &'static str,
    /// Seconds the access token lives.
    pub expires_in: i64,
    pub access_token: String,
    /// Good for one `POST /auth/refresh`.
    pub refresh_token: String,
}

/// The OpenAPI description answers wrong credentials here with 400, not 401.
fn invalid_credentials(name: &str) -> Problem {
    Problem::new(
        StatusCode::BAD_REQUEST,
        "authentication-invalid-user-credentials",
        name,
        "The user credentials were incorrect.",
    )
}

pub async fn api_key(
    State(app): State<AppState>,
    body: Bytes,
) -> Result<Json<AccessToken>, Problem> {
    let key = super::JsonFields::parse(&body)?
        .string("apiKey")?
        .unwrap_or_default();
    if !constant_time_eq(key.as_bytes(), app.api_key.as_bytes()) {
        return Err(invalid_credentials("apiKey"));
    }
    issue(&app).await
}

pub async fn refresh(
    State(app): State<AppState>,
    body: Bytes,
) -> Result<Json<AccessToken>, Problem> {
    let refresh = super::JsonFields::parse(&body)?
        .string("refreshToken")?
        .unwrap_or_default();
    if !app
        .storage
        .db(move |c| db::spend_refresh_token(c, &refresh))
        .await?
    {
        return Err(invalid_credentials("refreshToken"));
    }
    issue(&app).await
}

async fn issue(app: &AppState) -> Result<Json<AccessToken>, Problem> {
    let (access, refresh) = (ids::secret(), ids::secret());
    let expires = clock::now_ms() + ACCESS_TOKEN_SECONDS * 1000;
    let (a, r) = (access.clone(), refresh.clone());
    app.storage
        .db(move |c| db::insert_access_token(c, &a, &r, expires))
        .await?;
    Ok(Json(AccessToken {
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_SECONDS,
        access_token: access,
        refresh_token: refresh,
    }))
}
