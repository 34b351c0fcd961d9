//! The official uploader's default retry policy.

use super::error::UploadError;

/// Delay before retry number `retries_so_far + 1`, or None to give up:
/// None after an abort, when retries_so_far >= max_retries, or for a 4xx other than 408 and 429;
/// a 429 with retry_after_secs waits that many seconds (x1000 ms);
/// otherwise 200 + 2000 * n * (n + 1) ms with n = retries_so_far.
pub fn default_delay_ms(retries_so_far: u32, max_retries: u32, error: &UploadError) -> Option<u64> {
    if retries_so_far >= max_retries || !error.is_retryable_by_default() {
        return None;
    }
    if let (Some(429), Some(seconds)) = (error.status, error.retry_after_secs) {
        return Some(seconds.saturating_mul(1000));
    }
    let n = u64::from(retries_so_far);
    Some(2000u64.saturating_mul(n * (n + 1)).saturating_add(200))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> UploadError {
        UploadError::from_answer(status, r#"{"title":"x"}"#, None)
    }

    #[test]
    fn the_default_delays() {
        let delays: Vec<Option<u64>> = (0..=7)
            .map(|n| default_delay_ms(n, 6, &UploadError::network()))
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
    }

    #[test]
    fn gives_up_at_the_maximum() {
        assert_eq!(default_delay_ms(0, 0, &answer(500)), None);
        assert_eq!(default_delay_ms(2, 3, &answer(500)), Some(12200));
        assert_eq!(default_delay_ms(3, 3, &answer(500)), None);
        assert_eq!(default_delay_ms(3, 3, &answer(503)), None);
        let limited = UploadError::from_answer(429, "{}", Some("2"));
        assert_eq!(default_delay_ms(6, 6, &limited), None);
    }

    #[test]
    fn client_errors_are_not_retried() {
        for status in [400, 401, 403, 404, 409, 413] {
            assert_eq!(default_delay_ms(0, 6, &answer(status)), None, "{status}");
        }
    }

    #[test]
    fn timeouts_rate_limits_server_and_network_errors_are_retried() {
        for status in [408, 429, 500, 502, 503] {
            assert_eq!(
                default_delay_ms(1, 6, &answer(status)),
                Some(4200),
                "{status}"
            );
        }
        assert_eq!(default_delay_ms(0, 6, &UploadError::network()), Some(200));
        assert_eq!(default_delay_ms(2, 6, &UploadError::timeout()), Some(12200));
    }

    #[test]
    fn a_rate_limit_waits_as_long_as_the_server_asks() {
        let limited = UploadError::from_answer(429, "{}", Some("7"));
        assert_eq!(default_delay_ms(0, 6, &limited), Some(7000));
        assert_eq!(default_delay_ms(4, 6, &limited), Some(7000));
        let no_header = UploadError::from_answer(429, "{}", None);
        assert_eq!(default_delay_ms(1, 6, &no_header), Some(4200));
    }

    #[test]
    fn never_after_an_abort() {
        for n in 0..7 {
            assert_eq!(default_delay_ms(n, 6, &UploadError::aborted()), None);
        }
    }
}
