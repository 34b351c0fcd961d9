//! `GET /_local/stats`: the upload counters ([`crate::stats`]) of one credential, or of all.

use axum::Json;
use axum::extract::{RawQuery, State};

use crate::query::Params;
use crate::state::AppState;
use crate::stats::{Counters, token_key, video_key};

/// `GET /_local/stats?token=…` (one token's uploads), `?videoId=…` (API-key uploads into
/// one video), or no parameter (everything).
pub async fn show(State(app): State<AppState>, RawQuery(query): RawQuery) -> Json<Counters> {
    let params = Params::parse(query.as_deref());
    let key = match (params.get("token"), params.get("videoId")) {
        (Some(token), _) => token_key(token),
        (None, Some(video_id)) => video_key(video_id),
        (None, None) => String::new(),
    };
    Json(app.stats.get(&key))
}
