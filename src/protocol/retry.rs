//! The official uploader's default retry policy, and what kind of wait each retry is.

use super::error::UploadError;

/// A wait before the next attempt, named after what may end it sooner (`engine::control`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// The server asked for it (`X-RateLimit-Retry-After` on a 429): it lasts its full time,
    /// and only `cancel()` ends it sooner.
    ServerAsked { ms: u64 },
    /// The retry policy's back-off: it also ends when the network comes back (the failure was
    /// most likely the lost network, and the sooner the better).
    Backoff { ms: u64 },
}

impl Wait {
    pub fn ms(self) -> u64 {
        match self {
            Wait::ServerAsked { ms } | Wait::Backoff { ms } => ms,
        }
    }
}

/// The wait before retry number `retries_so_far + 1`, or None to give up:
/// None when retries_so_far >= max_retries, or for an error that is not retryable
/// (`UploadError::is_retryable`); a 429 with retry_after_secs waits that many seconds, as the
/// server asked; otherwise 200 + 2000 * n * (n + 1) ms with n = retries_so_far.
pub fn default_wait(retries_so_far: u32, max_retries: u32, error: &UploadError) -> Option<Wait> {
    if retries_so_far >= max_retries || !error.is_retryable() {
        return None;
    }
    if let (Some(429), Some(seconds)) = (error.status, error.retry_after_secs) {
        return Some(Wait::ServerAsked {
            ms: seconds.saturating_mul(1000),
        });
    }
    let n = u64::from(retries_so_far);
    Some(Wait::Backoff {
        ms: 2000u64.saturating_mul(n * (n + 1)).saturating_add(200),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> UploadError {
        UploadError::from_answer(status, r#"{"title":"x"}"#, None)
    }

    fn delay(retries_so_far: u32, max_retries: u32, error: &UploadError) -> Option<u64> {
        default_wait(retries_so_far, max_retries, error).map(Wait::ms)
    }

    #[test]
    fn the_default_delays() {
        let delays: Vec<Option<u64>> = (0..=7)
            .map(|n| delay(n, 6, &UploadError::network()))
            .collect();
        assert_eq!(
            delays,
            [
                Some(200),
                Some(4200),
                Some(12200),
                Some(24200),
                Some(40200),
                Some(60200),
                None,
                None
            ]
        );
        assert_eq!(
            default_wait(0, 6, &UploadError::network()),
            Some(Wait::Backoff { ms: 200 })
        );
    }

    #[test]
    fn gives_up_at_the_maximum() {
        assert_eq!(delay(0, 0, &answer(500)), None);
        assert_eq!(delay(2, 3, &answer(500)), Some(12200));
        assert_eq!(delay(3, 3, &answer(500)), None);
        assert_eq!(delay(3, 3, &answer(503)), None);
        let limited = UploadError::from_answer(429, "{}", Some("2"));
        assert_eq!(delay(6, 6, &limited), None);
    }

    #[test]
    fn client_errors_are_not_retried() {
        for status in [400, 401, 403, 404, 409, 413] {
            assert_eq!(delay(0, 6, &answer(status)), None, "{status}");
        }
    }

    #[test]
    fn timeouts_rate_limits_server_and_network_errors_are_retried() {
        for status in [408, 429, 500, 502, 503] {
            assert_eq!(delay(1, 6, &answer(status)), Some(4200), "{status}");
        }
        assert_eq!(delay(0, 6, &UploadError::network()), Some(200));
        assert_eq!(delay(2, 6, &UploadError::timeout()), Some(12200));
    }

    #[test]
    fn a_rate_limit_waits_as_long_as_the_server_asks() {
        let limited = UploadError::from_answer(429, "{}", Some("7"));
        assert_eq!(
            default_wait(0, 6, &limited),
            Some(Wait::ServerAsked { ms: 7000 })
        );
        assert_eq!(delay(4, 6, &limited), Some(7000));
        let no_header = UploadError::from_answer(429, "{}", None);
        assert_eq!(
            default_wait(1, 6, &no_header),
            Some(Wait::Backoff { ms: 4200 })
        );
    }

    #[test]
    fn never_after_an_abort_a_file_gone_or_an_answer_not_understood() {
        for n in 0..7 {
            assert_eq!(delay(n, 6, &UploadError::aborted()), None);
            assert_eq!(delay(n, 6, &UploadError::file_unreadable()), None);
            assert_eq!(
                delay(n, 6, &UploadError::invalid_answer(200, "<html>", "a video")),
                None
            );
        }
    }
}
