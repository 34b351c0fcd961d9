//! `POST /upload?token=…` (delegated upload token) and `POST /videos/{id}/source` (API key):
//! one chunk per request, `multipart/form-data`, placed by `Content-Range`.
//!
//! Order of work: check what the headers and the URL already tell (token, header syntax,
//! declared size), then stream the file part to a temporary file, then decide with the
//! `videoId` (which the official Node client sends *after* the file). When a request is
//! refused before its body is read, the body is still drained, so the client reads our
//! problem answer instead of a reset connection.

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartError};
use axum::extract::{FromRequest, Multipart, Path, RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::auth;
use crate::clock;
use crate::content_range::{self, ContentRange};
use crate::problem::Problem;
use crate::query::Params;
use crate::state::AppState;
use crate::stats;
use crate::storage::TempFile;
use crate::storage::db::{self, TokenRow};
use crate::storage::incoming::IncomingFile;
use crate::uploads::{self, ReceivedFile, Target, unknown_video};

/// The largest file part one request may carry (PROTOCOL.md, rule 4).
pub const FILE_LIMIT: u64 = 200 * 1024 * 1024;
/// The largest request body: the file plus room for the multipart framing and `videoId`.
pub const BODY_LIMIT: u64 = FILE_LIMIT + 1024 * 1024;
/// Refused bodies up to this size are still read to the end before the answer, so the
/// client sees the problem rather than a broken connection; past it, the connection closes.
pub const DRAIN_LIMIT: u64 = 1024 * 1024 * 1024;

/// What the body of an upload request held.
struct Received {
    file: ReceivedFile,
    video_id: Option<String>,
}

pub async fn with_token(
    State(app): State<AppState>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Response {
    let params = Params::parse(query.as_deref());
    let token = params.get("token").unwrap_or("").to_owned();
    let stats_key = stats::token_key(&token);
    app.stats.request(&stats_key);
    let now = clock::now_ms();
    let known = match check_token(&app, &token, now).await {
        Ok(row) => row,
        Err(problem) => return drain_then(request, problem).await,
    };
    let (range, received) = match read_chunk(&app, request).await {
        Ok(read) => read,
        Err(problem) => return problem.into_response(),
    };
    app.stats.received(&stats_key, received.file.len);
    let expired = known.is_expired(now);
    let target = match received.video_id {
        None if expired => return expired_token(&known).into_response(),
        None => Target::New {
            token: token.clone(),
        },
        Some(video_id) => {
            let lookup = video_id.clone();
            let video = match app.storage.db(move |c| db::find_video(c, &lookup)).await {
                Ok(Some(video)) => video,
                Ok(None) => return unknown_video(&video_id).into_response(),
                Err(e) => return Problem::from(e).into_response(),
            };
            let own = video.token.as_deref() == Some(token.as_str());
            // Another token's video is answered as unknown: never confirm that it exists.
            if !own && video.token.is_some() {
                return unknown_video(&video_id).into_response();
            }
            // Past expiry, only the token's own videos take chunks (within the grace).
            if expired && !own {
                return expired_token(&known).into_response();
            }
            Target::Existing { video_id }
        }
    };
    created(
        &app,
        uploads::store_chunk(&app.storage, target, range, received.file).await,
    )
}

pub async fn with_api_key(
    State(app): State<AppState>,
    Path(video_id): Path<String>,
    request: Request,
) -> Response {
    let stats_key = stats::video_key(&video_id);
    app.stats.request(&stats_key);
    if let Err(problem) = auth::check(&app, request.headers()).await {
        return drain_then(request, problem).await;
    }
    let lookup = video_id.clone();
    match app.storage.db(move |c| db::find_video(c, &lookup)).await {
        Ok(Some(_)) => {}
        Ok(None) => return drain_then(request, unknown_video(&video_id)).await,
        Err(e) => return drain_then(request, e.into()).await,
    }
    let (range, received) = match read_chunk(&app, request).await {
        Ok(read) => read,
        Err(problem) => return problem.into_response(),
    };
    app.stats.received(&stats_key, received.file.len);
    created(
        &app,
        uploads::store_chunk(
            &app.storage,
            Target::Existing { video_id },
            range,
            received.file,
        )
        .await,
    )
}

fn created(app: &AppState, stored: Result<db::VideoRow, Problem>) -> Response {
    match stored {
        Ok(video) => (
            StatusCode::CREATED,
            Json(super::videos::Video::new(&video, &app.public_url)),
        )
            .into_response(),
        Err(problem) => problem.into_response(),
    }
}

/// The token as far as the URL tells: present, known, not deleted, not past all use.
async fn check_token(app: &AppState, token: &str, now: i64) -> Result<TokenRow, Problem> {
    if token.is_empty() {
        return Err(Problem::bad_request(
            "token",
            "The `token` query parameter is missing: upload to /upload?token=<delegated upload token>.",
        ));
    }
    let lookup = token.to_owned();
    let row = app.storage.db(move |c| db::find_token(c, &lookup)).await?;
    let row = match row {
        None => {
            return Err(Problem::not_found(
                "token",
                format!(
                    "Upload token `{token}` does not exist: check it, or create one with POST /upload-tokens."
                ),
            ));
        }
        Some(row) if row.deleted_at_ms.is_some() => {
            return Err(Problem::not_found(
                "token",
                format!(
                    "Upload token `{token}` was deleted and can no longer upload: ask for a new token."
                ),
            ));
        }
        Some(row) => row,
    };
    if row
        .expires_at_ms
        .is_some_and(|at| now >= at + app.expired_token_grace_ms)
    {
        return Err(expired_token(&row));
    }
    Ok(row)
}

fn expired_token(token: &TokenRow) -> Problem {
    let at = token.expires_at_ms.map(clock::atom).unwrap_or_default();
    Problem::new(
        StatusCode::FORBIDDEN,
        "upload-token-expired",
        "token",
        format!(
            "The upload token expired at {at}: it can no longer start an upload (a video it began takes chunks for 24 hours after expiry). Ask for a new token."
        ),
    )
}

/// Parses `Content-Range` and streams the file part to disk.
async fn read_chunk(
    app: &AppState,
    request: Request,
) -> Result<(Option<ContentRange>, Received), Problem> {
    let range = match header_text(request.headers(), header::CONTENT_RANGE) {
        Ok(None) => None,
        Ok(Some(text)) => match content_range::parse(text) {
            Ok(range) => Some(range),
            Err(message) => {
                return Err(drain_then_problem(request, Problem::bad_range(message)).await);
            }
        },
        Err(problem) => return Err(drain_then_problem(request, problem).await),
    };
    if declared_length(request.headers()).is_some_and(|len| len > BODY_LIMIT) {
        return Err(drain_then_problem(request, Problem::too_large(FILE_LIMIT)).await);
    }
    let multipart = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| {
            Problem::bad_request(
                "file",
                format!(
                    "The body must be multipart/form-data with the video in a file part ({})",
                    rejection.body_text()
                ),
            )
        })?;
    let received = read_multipart(app, multipart).await?;
    Ok((range, received))
}

async fn read_multipart(app: &AppState, mut multipart: Multipart) -> Result<Received, Problem> {
    let mut file = None;
    let mut video_id = None;
    let mut extra_files = 0;
    let mut body_len = 0u64;
    let mut too_large = false;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_problem)? {
        if too_large || (field.file_name().is_some() && file.is_some()) {
            extra_files += u32::from(!too_large);
            body_len += skip(&mut field).await?;
        } else if field.file_name().is_some() {
            match save_file(app, &mut field).await? {
                Saved::File(saved) => {
                    body_len += saved.len;
                    file = Some(saved);
                }
                Saved::TooLarge(read) => {
                    too_large = true;
                    body_len += read + skip(&mut field).await?;
                }
            }
        } else if field.name() == Some("videoId") {
            video_id = Some(small_text(&mut field).await?);
        } else {
            body_len += skip(&mut field).await?;
        }
        if body_len > DRAIN_LIMIT {
            break;
        }
    }
    if too_large || body_len > BODY_LIMIT {
        return Err(Problem::too_large(FILE_LIMIT));
    }
    if extra_files > 0 {
        return Err(Problem::bad_request(
            "file",
            "There is more than one file in the request: send one file part per request.",
        ));
    }
    let file = file.ok_or_else(|| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "uploaded-file-no-file",
            "file",
            "There is no uploaded file in the request: send the video as a multipart part with a file name (field `file`).",
        )
    })?;
    let video_id = video_id
        .map(|id| id.trim().to_owned())
        .filter(|id| !id.is_empty());
    Ok(Received { file, video_id })
}

enum Saved {
    File(ReceivedFile),
    /// The part passed [`FILE_LIMIT`] after this many bytes; the rest is still unread.
    TooLarge(u64),
}

/// Streams one file part into a temporary file, fsynced before it counts as received.
async fn save_file(app: &AppState, field: &mut Field<'_>) -> Result<Saved, Problem> {
    let file_name = field.file_name().unwrap_or_default().to_owned();
    let content_type = field.content_type().map(str::to_owned);
    let temp = TempFile::new(app.storage.files());
    let mut out = IncomingFile::create(temp.path()).await?;
    let mut len = 0u64;
    while let Some(bytes) = field.chunk().await.map_err(multipart_problem)? {
        len += bytes.len() as u64;
        if len > FILE_LIMIT {
            return Ok(Saved::TooLarge(len));
        }
        out.write(&bytes).await?;
    }
    out.finish().await?;
    Ok(Saved::File(ReceivedFile {
        temp,
        len,
        file_name,
        content_type,
    }))
}

async fn small_text(field: &mut Field<'_>) -> Result<String, Problem> {
    let mut text = Vec::new();
    while let Some(bytes) = field.chunk().await.map_err(multipart_problem)? {
        if text.len() + bytes.len() > 1024 {
            return Err(Problem::bad_request(
                "videoId",
                "videoId is too long: send the id the first chunk's answer gave.",
            ));
        }
        text.extend_from_slice(&bytes);
    }
    String::from_utf8(text)
        .map_err(|_| Problem::bad_request("videoId", "videoId is not UTF-8 text."))
}

/// Reads a part to its end without keeping it; returns its length.
async fn skip(field: &mut Field<'_>) -> Result<u64, Problem> {
    let mut len = 0;
    while let Some(bytes) = field.chunk().await.map_err(multipart_problem)? {
        len += bytes.len() as u64;
        if len > DRAIN_LIMIT {
            break;
        }
    }
    Ok(len)
}

fn multipart_problem(error: MultipartError) -> Problem {
    Problem::bad_request(
        "file",
        format!("The multipart body is malformed: {}.", error.body_text()),
    )
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Result<Option<&str>, Problem> {
    match headers.get(&name) {
        None => Ok(None),
        Some(value) => value
            .to_str()
            .map(|text| Some(text.trim()))
            .map_err(|_| Problem::bad_range(format!("{name} is not ASCII text."))),
    }
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

async fn drain_then(request: Request, problem: Problem) -> Response {
    drain_then_problem(request, problem).await.into_response()
}

/// Reads and drops the body (up to [`DRAIN_LIMIT`]) before answering `problem`, so that a
/// browser still sending its chunk reads the answer rather than a reset connection.
async fn drain_then_problem(request: Request, problem: Problem) -> Problem {
    if declared_length(request.headers()).is_some_and(|len| len > DRAIN_LIMIT) {
        return problem;
    }
    let mut stream = Body::into_data_stream(request.into_body());
    let mut seen = 0u64;
    while let Some(Ok(bytes)) = stream.next().await {
        seen += bytes.len() as u64;
        if seen > DRAIN_LIMIT {
            break;
        }
    }
    problem
}
