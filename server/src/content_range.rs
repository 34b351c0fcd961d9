//! The `Content-Range` header of an upload request (PROTOCOL.md, "Uploading with a token").
//!
//! Parsing is strict on purpose: a header we do not understand is refused with a message
//! that names the expected forms, rather than guessed at and stored wrongly.

use std::fmt;

/// One chunk's place in the file, as the client declared it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentRange {
    /// `bytes first-last/total`: bytes `first..=last` of a file of `total` bytes.
    Bytes { first: u64, last: u64, total: u64 },
    /// `part n/m` or `part n/*`: part `number` (1-based) of `count` parts, when known.
    Part { number: u64, count: Option<u64> },
}

impl ContentRange {
    /// The range of a whole file sent in one request without the header.
    pub fn whole(len: u64) -> Option<Self> {
        (len > 0).then(|| ContentRange::Bytes { first: 0, last: len - 1, total: len })
    }
}

impl fmt::Display for ContentRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentRange::Bytes { first, last, total } => write!(f, "bytes {first}-{last}/{total}"),
            ContentRange::Part { number, count: Some(count) } => write!(f, "part {number}/{count}"),
            ContentRange::Part { number, count: None } => write!(f, "part {number}/*"),
        }
    }
}

const EXPECTED: &str = "expected `bytes <first>-<last>/<total>`, `part <n>/<m>` or `part <n>/*`";

/// Parses the header value; the error is a sentence fit for a problem body.
pub fn parse(value: &str) -> Result<ContentRange, String> {
    let malformed = || format!("Content-Range `{value}` is malformed: {EXPECTED}.");
    if let Some(spec) = value.strip_prefix("bytes ") {
        let (range, total) = spec.split_once('/').ok_or_else(malformed)?;
        let (first, last) = range.split_once('-').ok_or_else(malformed)?;
        let (first, last, total) = (
            number(first).ok_or_else(malformed)?,
            number(last).ok_or_else(malformed)?,
            number(total).ok_or_else(malformed)?,
        );
        if first > last {
            return Err(format!(
                "Content-Range `{value}` starts after it ends: the first byte must not be past the last."
            ));
        }
        if last >= total {
            return Err(format!(
                "Content-Range `{value}` goes past the end of the file: the last byte of a {total}-byte file is {}.",
                total.saturating_sub(1)
            ));
        }
        Ok(ContentRange::Bytes { first, last, total })
    } else if let Some(spec) = value.strip_prefix("part ") {
        let (n, m) = spec.split_once('/').ok_or_else(malformed)?;
        let number = number(n).ok_or_else(malformed)?;
        let count = if m == "*" { None } else { Some(self::number(m).ok_or_else(malformed)?) };
        if number == 0 {
            return Err(format!("Content-Range `{value}`: parts are numbered from 1."));
        }
        if let Some(count) = count {
            if number > count {
                return Err(format!(
                    "Content-Range `{value}`: part {number} is past the last part, {count}."
                ));
            }
        }
        Ok(ContentRange::Part { number, count })
    } else {
        Err(malformed())
    }
}

/// A decimal number of ASCII digits only: no sign, no spaces, no overflow.
fn number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(
            parse("bytes 0-5242879/24117248"),
            Ok(ContentRange::Bytes { first: 0, last: 5_242_879, total: 24_117_248 })
        );
        assert_eq!(parse("part 3/7"), Ok(ContentRange::Part { number: 3, count: Some(7) }));
        assert_eq!(parse("part 2/*"), Ok(ContentRange::Part { number: 2, count: None }));
        assert_eq!(parse("bytes 9-9/10"), Ok(ContentRange::Bytes { first: 9, last: 9, total: 10 }));
    }

    #[test]
    fn display_round_trips() {
        for text in ["bytes 0-5242879/24117248", "part 3/7", "part 2/*"] {
            assert_eq!(parse(text).map(|r| r.to_string()).as_deref(), Ok(text));
        }
    }

    #[test]
    fn refuses_malformed_headers() {
        for bad in [
            "",
            "bytes",
            "bytes 0-10",
            "bytes 0-10/",
            "bytes -10/20",
            "bytes 0--1/20",
            "bytes +0-10/20",
            "bytes 0-10/20 ",
            "bytes  0-10/20",
            "bytes 0-1x/20",
            "bytes 0-99999999999999999999999/20",
            "bytes */20",
            "Bytes 0-10/20",
            "part",
            "part 1",
            "part /3",
            "part 1/",
            "part x/*",
            "part 1/**",
            "chunk 1/2",
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(err.contains("malformed"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn refuses_inconsistent_ranges_with_a_reason() {
        assert!(parse("bytes 10-5/20").unwrap_err().contains("starts after it ends"));
        assert!(parse("bytes 0-20/20").unwrap_err().contains("past the end"));
        assert!(parse("bytes 0-0/0").unwrap_err().contains("past the end"));
        assert!(parse("part 0/3").unwrap_err().contains("numbered from 1"));
        assert!(parse("part 4/3").unwrap_err().contains("past the last part"));
    }

    #[test]
    fn a_whole_file_is_one_range_unless_empty() {
        assert_eq!(ContentRange::whole(10), Some(ContentRange::Bytes { first: 0, last: 9, total: 10 }));
        assert_eq!(ContentRange::whole(0), None);
    }
}
