//! Time as the API shows it: milliseconds since the epoch inside, ATOM UTC outside.

use chrono::{DateTime, Utc};

pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// `2026-11-23T10:26:46+00:00`, the API's ATOM format.
pub fn atom(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_atom_utc() {
        assert_eq!(super::atom(1_606_904_806_000), "2020-12-02T10:26:46+00:00");
    }
}
