//! An optional fixed-window rate limit (`--rate-limit N` requests a minute per credential),
//! so clients can be tested against real 429 answers and `X-RateLimit-*` headers.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

pub struct RateLimiter {
    limit: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

/// The outcome for one request, and what its headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub retry_after: u64,
}

impl RateLimiter {
    pub fn new(limit: u32) -> Self {
        RateLimiter {
            limit,
            windows: Mutex::default(),
        }
    }

    pub fn check(&self, key: &str) -> Decision {
        self.check_at(key, Instant::now())
    }

    fn check_at(&self, key: &str, now: Instant) -> Decision {
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        let allowed = *count < self.limit;
        if allowed {
            *count += 1;
        }
        let left = WINDOW.saturating_sub(now.duration_since(*start));
        Decision {
            allowed,
            limit: self.limit,
            remaining: self.limit - *count,
            retry_after: left.as_secs_f64().ceil() as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_past_the_limit_until_the_window_resets() {
        let limiter = RateLimiter::new(2);
        let t0 = Instant::now();
        assert!(limiter.check_at("a", t0).allowed);
        let second = limiter.check_at("a", t0);
        assert!(second.allowed && second.remaining == 0);
        let third = limiter.check_at("a", t0 + Duration::from_secs(10));
        assert!(!third.allowed);
        assert_eq!(third.retry_after, 50);
        assert!(limiter.check_at("b", t0).allowed, "keys are counted apart");
        assert!(limiter.check_at("a", t0 + WINDOW).allowed);
    }
}
