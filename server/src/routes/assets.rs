//! The assets a video object points at, served without authentication like a CDN:
//! the source byte for byte (`mp4`, with Range), an `hls` answer for `onPlayable`
//! polling, a `player` page and a `thumbnail` placeholder.
//!
//! The server does not transcode: `hls` names the source file, and the thumbnail is a
//! drawn placeholder. Players should use `assets.mp4` or `assets.player`.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::problem::Problem;
use crate::state::AppState;
use crate::storage::db::VideoRow;

async fn find(app: &AppState, id: &str) -> Result<VideoRow, Problem> {
    super::videos::find(app, id).await
}

pub async fn mp4(
    State(app): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, Problem> {
    let video = find(&app, &id).await?;
    if !video.is_complete() {
        return Err(Problem::not_found(
            "videoId",
            format!(
                "The source of video `{id}` is not complete yet: it is served once every chunk has arrived."
            ),
        ));
    }
    let mime = video
        .content_type
        .as_deref()
        .and_then(|t| t.parse::<mime::Mime>().ok())
        .unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let path = app.storage.files().source_path(&id);
    let response = ServeFile::new_with_mime(path, &mime)
        .oneshot(request)
        .await
        .map_err(Problem::internal)?;
    Ok(response.map(Body::new))
}

/// 202 with an empty body until the source is complete (what `onPlayable` polls for).
pub async fn hls(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, Problem> {
    let video = find(&app, &id).await?;
    if !video.is_complete() {
        return Ok(StatusCode::ACCEPTED.into_response());
    }
    let playlist = format!(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:1\n\
         # upload-server does not transcode: the one entry is the source file as uploaded.\n\
         #EXTINF:1.0,\n/vod/{id}/mp4/source.mp4\n#EXT-X-ENDLIST\n"
    );
    Ok((
        [(header::CONTENT_TYPE, "application/vnd.apple.mpegurl")],
        playlist,
    )
        .into_response())
}

pub async fn player(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>, Problem> {
    let video = find(&app, &id).await?;
    let title = escape(&video.title);
    let body = if video.is_complete() {
        format!(r#"<video controls playsinline src="/vod/{id}/mp4/source.mp4"></video>"#)
    } else {
        // Reloads itself until the last chunk has arrived.
        r#"<meta http-equiv="refresh" content="2"><p>The upload is still going: this page reloads until the video is complete.</p>"#.to_owned()
    };
    Ok(Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>html,body{{margin:0;height:100%;background:#000;color:#ddd;font:16px system-ui,sans-serif}}
video{{width:100%;height:100%;object-fit:contain;display:block}}p{{padding:1em}}</style></head>
<body>{body}</body></html>
"#
    )))
}

/// A drawn placeholder: the server has no decoder to take a frame from the video.
pub async fn thumbnail(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let video = find(&app, &id).await?;
    let title = escape(&video.title);
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360"><rect width="640" height="360" fill="#1f2430"/><polygon points="290,140 290,220 360,180" fill="#e8e8e8"/><text x="320" y="290" fill="#e8e8e8" font-family="sans-serif" font-size="22" text-anchor="middle">{title}</text></svg>"##
    );
    Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
