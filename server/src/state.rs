//! What every handler shares: storage, the API key, the public origin and the counters.
//!
//! A module of its own so that imports go one way: [`crate::app`] wires the routes, and the
//! routes, [`crate::auth`] and the rest take this state without importing the app back.

use std::sync::Arc;

use crate::rate_limit::RateLimiter;
use crate::stats::Stats;
use crate::storage::Storage;

#[derive(Clone)]
pub struct AppState {
    pub storage: Storage,
    pub api_key: Arc<str>,
    /// Origin put in asset URLs, without a trailing slash.
    pub public_url: Arc<str>,
    /// How long after expiry a token's own videos still take chunks.
    pub expired_token_grace_ms: i64,
    pub rate_limiter: Option<Arc<RateLimiter>>,
    pub stats: Arc<Stats>,
}
