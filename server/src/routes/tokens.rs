//! `/upload-tokens`: create (with a TTL), list, get and delete delegated upload tokens.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use serde::Serialize;

use crate::auth::ApiCredential;
use crate::problem::Problem;
use crate::query::{List, Params};
use crate::state::AppState;
use crate::storage::db::{self, TokenRow, TokenSort};
use crate::{clock, ids};

/// The API's upload token object (OpenAPI `upload-token`). A token that never expires
/// (`ttl` 0) has no `expiresAt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadToken {
    pub token: String,
    pub ttl: i64,
    /// ATOM UTC, like every date the API shows.
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

impl From<&TokenRow> for UploadToken {
    fn from(token: &TokenRow) -> Self {
        UploadToken {
            token: token.token.clone(),
            ttl: token.ttl,
            created_at: clock::atom(token.created_at_ms),
            expires_at: token.expires_at_ms.map(clock::atom),
        }
    }
}

/// `ttl`: whole seconds from 0 (never expires, the default) to 2147483647.
fn parse_ttl(body: &Bytes) -> Result<i64, Problem> {
    let fields = super::JsonFields::parse(body)?;
    match fields.get("ttl") {
        None => Ok(0),
        Some(value) => value.as_i64().filter(|n| (0..=i64::from(i32::MAX)).contains(n)).ok_or_else(|| {
            Problem::bad_request("ttl", format!("ttl {value} is not allowed: give whole seconds from 0 (never expires) to 2147483647."))
        }),
    }
}

pub async fn create(
    State(app): State<AppState>,
    _: ApiCredential,
    body: Bytes,
) -> Result<Json<UploadToken>, Problem> {
    let ttl = parse_ttl(&body)?;
    let now = clock::now_ms();
    let token = app
        .storage
        .db(move |c| db::insert_token(c, &ids::upload_token(), ttl, now))
        .await?;
    Ok(Json(UploadToken::from(&token)))
}

pub async fn list(
    State(app): State<AppState>,
    _: ApiCredential,
    RawQuery(query): RawQuery,
) -> Result<Json<List<UploadToken>>, Problem> {
    let params = Params::parse(query.as_deref());
    let sort = match params.get("sortBy") {
        None | Some("createdAt") => TokenSort::CreatedAt,
        Some("ttl") => TokenSort::Ttl,
        Some(other) => {
            return Err(Problem::bad_request(
                "sortBy",
                format!("sortBy `{other}` is not allowed: use `createdAt` or `ttl`."),
            ));
        }
    };
    let order = params.order()?;
    let page = params.page()?;
    let now = clock::now_ms();
    let (rows, total) = app
        .storage
        .db(move |c| db::list_tokens(c, sort, order, page.offset(), page.size, now))
        .await?;
    let keep: Vec<(&str, String)> = ["sortBy", "sortOrder"]
        .into_iter()
        .filter_map(|k| params.get(k).map(|v| (k, v.to_owned())))
        .collect();
    Ok(Json(List {
        data: rows.iter().map(UploadToken::from).collect(),
        pagination: page.pagination("/upload-tokens", rows.len(), total, &keep),
    }))
}

/// An expired token is still shown (with its `expiresAt`); a deleted one is gone.
pub async fn get(
    State(app): State<AppState>,
    _: ApiCredential,
    Path(token): Path<String>,
) -> Result<Json<UploadToken>, Problem> {
    let lookup = token.clone();
    match app.storage.db(move |c| db::find_token(c, &lookup)).await? {
        Some(row) if row.deleted_at_ms.is_none() => Ok(Json(UploadToken::from(&row))),
        _ => Err(unknown_token(&token)),
    }
}

pub async fn delete(
    State(app): State<AppState>,
    _: ApiCredential,
    Path(token): Path<String>,
) -> Result<StatusCode, Problem> {
    let lookup = token.clone();
    let now = clock::now_ms();
    if app
        .storage
        .db(move |c| db::delete_token(c, &lookup, now))
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(unknown_token(&token))
    }
}

fn unknown_token(token: &str) -> Problem {
    Problem::not_found(
        "uploadToken",
        format!("Upload token `{token}` does not exist or was deleted."),
    )
}
