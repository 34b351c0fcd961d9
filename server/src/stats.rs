//! Counters of what the upload endpoints received, per credential, served at
//! `GET /_local/stats[?token=…]` by [`crate::routes::stats`]. An extension of this local server
//! (api.video has no such endpoint): client tests use it to prove what went over the wire, e.g.
//! that a resumed upload sent only the missing chunks, or that a refused token was not retried.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    /// Requests to `/upload` or `/videos/{id}/source`, answered or refused.
    pub upload_requests: u64,
    /// File-part bytes read from those requests.
    pub received_bytes: u64,
}

#[derive(Default)]
pub struct Stats {
    by_key: Mutex<HashMap<String, Counters>>,
}

impl Stats {
    /// Counts one upload request, under `key` ([`token_key`] or [`video_key`]) and in the total.
    pub fn request(&self, key: &str) {
        self.add(key, |c| c.upload_requests += 1);
    }

    pub fn received(&self, key: &str, bytes: u64) {
        self.add(key, |c| c.received_bytes += bytes);
    }

    fn add(&self, key: &str, change: impl Fn(&mut Counters)) {
        debug_assert!(!key.is_empty(), "the empty key is the total");
        let mut by_key = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        change(by_key.entry(key.to_owned()).or_default());
        change(by_key.entry(String::new()).or_default());
    }

    pub fn get(&self, key: &str) -> Counters {
        let by_key = self.by_key.lock().unwrap_or_else(|p| p.into_inner());
        by_key.get(key).copied().unwrap_or_default()
    }
}

/// The counters of uploads with one upload token (even an empty or unknown one).
pub fn token_key(token: &str) -> String {
    format!("token:{token}")
}

/// The counters of API-key uploads into one video.
pub fn video_key(video_id: &str) -> String {
    format!("video:{video_id}")
}

#[cfg(test)]
mod tests {
    use super::{Stats, token_key, video_key};

    #[test]
    fn counts_per_key_and_in_total() {
        let stats = Stats::default();
        stats.request(&token_key("a"));
        stats.received(&token_key("a"), 10);
        stats.request(&video_key("b"));
        // A request without a token is counted under its own key, once in the total.
        stats.request(&token_key(""));
        assert_eq!(stats.get(&token_key("a")).received_bytes, 10);
        assert_eq!(stats.get(&video_key("b")).upload_requests, 1);
        assert_eq!(stats.get(&token_key("")).upload_requests, 1);
        assert_eq!(stats.get("").upload_requests, 3);
        assert_eq!(stats.get(&token_key("c")).upload_requests, 0);
    }
}
