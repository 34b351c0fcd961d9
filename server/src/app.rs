//! The application: the routes, and the layers every answer goes through (CORS, one log line
//! per request, the optional rate limit). The state they share is [`crate::state`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::{Level, Span};

use crate::problem::Problem;
use crate::routes::{self, assets, tokens, upload, videos};
use crate::state::AppState;

/// The most an HTTP/1 connection reads ahead of its handler (hyper's default is 400 KiB).
/// An upload's body passes through this buffer, and then in pieces of at most this size
/// through the multipart parser, on its way to disk: with 128 uploads in flight, it is what
/// bounds the server's memory. Request headers must fit in it too.
pub const CONNECTION_READ_BUFFER: usize = 64 * 1024;

/// A folder served as static files under `prefix` (`/` for the site root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticDir {
    pub prefix: String,
    pub dir: PathBuf,
}

impl std::str::FromStr for StaticDir {
    type Err = String;

    /// `DIR` (served at `/`) or `/PREFIX=DIR`.
    fn from_str(spec: &str) -> Result<Self, String> {
        let (prefix, dir) = match spec.split_once('=') {
            Some((prefix, dir)) if prefix.starts_with('/') => (prefix.trim_end_matches('/'), dir),
            Some(_) => {
                return Err(format!(
                    "`{spec}`: a prefix starts with `/`, as in `/pkg=pkg`"
                ));
            }
            None => ("", spec),
        };
        if dir.is_empty() {
            return Err(format!("`{spec}`: name a folder"));
        }
        Ok(StaticDir {
            prefix: if prefix.is_empty() {
                "/".into()
            } else {
                prefix.into()
            },
            dir: dir.into(),
        })
    }
}

pub fn router(state: AppState, static_dirs: &[StaticDir]) -> Router {
    let mut app = Router::new()
        .route("/auth/api-key", post(routes::auth::api_key))
        .route("/auth/refresh", post(routes::auth::refresh))
        .route("/upload-tokens", get(tokens::list).post(tokens::create))
        .route(
            "/upload-tokens/{token}",
            get(tokens::get).delete(tokens::delete),
        )
        // The upload routes count their bodies themselves (routes::upload); the JSON routes
        // keep axum's 2 MB default.
        .route(
            "/upload",
            post(upload::with_token).layer(DefaultBodyLimit::disable()),
        )
        .route("/videos", get(videos::list).post(videos::create))
        .route(
            "/videos/{id}",
            get(videos::get)
                .patch(videos::update)
                .delete(videos::delete),
        )
        .route(
            "/videos/{id}/source",
            post(upload::with_api_key).layer(DefaultBodyLimit::disable()),
        )
        .route("/_local/stats", get(routes::stats::show))
        .route("/vod/{id}", get(assets::player))
        .route("/vod/{id}/mp4/source.mp4", get(assets::mp4))
        .route("/vod/{id}/hls/manifest.m3u8", get(assets::hls))
        .route("/vod/{id}/thumbnail.jpg", get(assets::thumbnail));
    let mut root = None;
    for static_dir in static_dirs {
        let files = ServeDir::new(&static_dir.dir);
        if static_dir.prefix == "/" {
            root = Some(files);
        } else {
            app = app.nest_service(&static_dir.prefix, files);
        }
    }
    app = match root {
        Some(files) => app.fallback_service(files),
        None => app.fallback(no_route),
    };
    app.layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        // One line per request on the log (stderr, filtered by `RUST_LOG`, `info` by default).
        // A 5xx is not logged twice (`Problem::internal` says why); `RUST_LOG=debug` adds
        // tower-http's own lines (a request's start, a failure, the end of a body).
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(log_response)
                .on_failure(DefaultOnFailure::new().level(Level::DEBUG)),
        )
        .layer(cors())
        .with_state(state)
}

async fn no_route(request: Request) -> Problem {
    Problem::not_found(
        "",
        format!(
            "There is no endpoint at {} {}.",
            request.method(),
            request.uri().path()
        ),
    )
}

/// `/upload` is called from any web page: every answer, preflights included, allows any
/// origin and the protocol's request headers, and exposes the rate-limit headers.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::CONTENT_RANGE,
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            header::RANGE,
            HeaderName::from_static("av-origin-client"),
            HeaderName::from_static("av-origin-app"),
            HeaderName::from_static("av-origin-sdk"),
        ])
        .expose_headers([
            HeaderName::from_static("x-ratelimit-limit"),
            HeaderName::from_static("x-ratelimit-remaining"),
            HeaderName::from_static("x-ratelimit-retry-after"),
            header::CONTENT_RANGE,
            header::CONTENT_LENGTH,
        ])
        .max_age(std::time::Duration::from_secs(3600))
}

/// The span of a request: its method and [`logged_path`]. Whatever a handler logs on the way
/// (`Problem::internal`'s error) is shown inside it, so it says which request it belongs to.
fn request_span(request: &Request) -> Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %logged_path(request.uri()),
    )
}

/// The one line a request gets at `info`, inside its span:
/// `request{method=POST path=/upload}: upload_server::app: status=201 latency=25.6ms`.
fn log_response(response: &Response, latency: Duration, _: &Span) {
    tracing::info!(
        status = response.status().as_u16(),
        latency = %format_args!("{:.1}ms", latency.as_secs_f64() * 1000.0),
    );
}

/// The path a request is logged under, without the credentials it may carry: never the query
/// (`/upload?token=…`, `/_local/stats?token=…`), and the token of `/upload-tokens/{token}` as `…`.
fn logged_path(uri: &Uri) -> &str {
    let path = uri.path();
    match path.strip_prefix("/upload-tokens/") {
        Some(token) if !token.is_empty() => "/upload-tokens/…",
        _ => path,
    }
}

async fn rate_limit(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let Some(limiter) = app.rate_limiter.as_deref() else {
        return next.run(request).await;
    };
    let key = rate_limit_key(&request);
    let decision = limiter.check(&key);
    let mut response = if decision.allowed {
        next.run(request).await
    } else {
        Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-requests",
            "",
            format!(
                "Too many requests: wait {} s (X-RateLimit-Retry-After) before trying again.",
                decision.retry_after
            ),
        )
        .into_response()
    };
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-ratelimit-limit", decision.limit as u64),
        ("x-ratelimit-remaining", decision.remaining as u64),
        ("x-ratelimit-retry-after", decision.retry_after),
    ] {
        headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
    }
    response
}

/// Counted per credential: the upload token, the Authorization header, else the address.
fn rate_limit_key(request: &Request) -> String {
    let query = crate::query::Params::parse(request.uri().query());
    if let Some(token) = query.get("token") {
        return format!("token:{token}");
    }
    if let Some(auth) = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        return format!("auth:{auth}");
    }
    match request.extensions().get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(addr)) => format!("ip:{}", addr.ip()),
        None => "anonymous".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{StaticDir, logged_path};

    #[test]
    fn logged_paths_hold_no_upload_token() {
        let logged = |uri: &str| logged_path(&uri.parse().unwrap()).to_owned();
        assert_eq!(logged("/upload?token=toSecretSecretSecret12345"), "/upload");
        assert_eq!(logged("/_local/stats?token=toSecret"), "/_local/stats");
        assert_eq!(
            logged("/upload-tokens/toSecretSecretSecret12345"),
            "/upload-tokens/…"
        );
        assert_eq!(logged("/upload-tokens?sortBy=ttl"), "/upload-tokens");
        assert_eq!(logged("/upload-tokens/"), "/upload-tokens/");
        assert_eq!(logged("/videos/vi123/source"), "/videos/vi123/source");
        assert_eq!(logged("http://127.0.0.1:8080/vod/vi1?x=1"), "/vod/vi1");
    }

    #[test]
    fn static_dir_specs() {
        assert_eq!(
            "www".parse(),
            Ok(StaticDir {
                prefix: "/".into(),
                dir: "www".into()
            })
        );
        assert_eq!(
            "/pkg=pkg".parse(),
            Ok(StaticDir {
                prefix: "/pkg".into(),
                dir: "pkg".into()
            })
        );
        assert_eq!(
            "/pkg/=out/pkg".parse(),
            Ok(StaticDir {
                prefix: "/pkg".into(),
                dir: "out/pkg".into()
            })
        );
        assert!("pkg=pkg".parse::<StaticDir>().is_err());
        assert!("/pkg=".parse::<StaticDir>().is_err());
    }
}
