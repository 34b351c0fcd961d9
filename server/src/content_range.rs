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
        (len > 0).then(|| ContentRange::Bytes {
            first: 0,
            last: len - 1,
            total: len,
        })
    }
}

impl fmt::Display for ContentRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContentRange::Bytes { first, last, total } => write!(f, "bytes {first}-{last}/{total}"),
            ContentRange::Part {
                number,
                count: Some(count),
            } => write!(f, "part {number}/{count}"),
            ContentRange::Part {
                number,
                count: None,
            } => write!(f, "part {number}/*"),
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
        let count = if m == "*" {
            None
        } else {
            Some(self::number(m).ok_or_else(malformed)?)
        };
        if number == 0 {
            return Err(format!(
                "Content-Range `{value}`: parts are numbered from 1."
            ));
        }
        if let Some(count) = count
            && number > count
        {
            return Err(format!(
                "Content-Range `{value}`: part {number} is past the last part, {count}."
            ));
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
            Ok(ContentRange::Bytes {
                first: 0,
                last: 5_242_879,
                total: 24_117_248
            })
        );
        assert_eq!(
            parse("part 3/7"),
            Ok(ContentRange::Part {
                number: 3,
                count: Some(7)
            })
        );
        assert_eq!(
            parse("part 2/*"),
            Ok(ContentRange::Part {
                number: 2,
                count: None
            })
        );
        assert_eq!(
            parse("bytes 9-9/10"),
            Ok(ContentRange::Bytes {
                first: 9,
                last: 9,
                total: 10
            })
        );
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
        assert!(
            parse("bytes 10-5/20")
                .unwrap_err()
                .contains("starts after it ends")
        );
        assert!(parse("bytes 0-20/20").unwrap_err().contains("past the end"));
        assert!(parse("bytes 0-0/0").unwrap_err().contains("past the end"));
        assert!(parse("part 0/3").unwrap_err().contains("numbered from 1"));
        assert!(
            parse("part 4/3")
                .unwrap_err()
                .contains("past the last part")
        );
    }

    #[test]
    fn a_whole_file_is_one_range_unless_empty() {
        assert_eq!(
            ContentRange::whole(10),
            Some(ContentRange::Bytes {
                first: 0,
                last: 9,
                total: 10
            })
        );
        assert_eq!(ContentRange::whole(0), None);
    }
}

/// The parser over random text: it never panics, what it accepts is a consistent range that
/// prints back to itself, and what it refuses gets a message that quotes the header.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Numbers that hit the edges: small ones, the largest ones, and any in between.
    fn number() -> impl Strategy<Value = u64> {
        prop_oneof![0..16u64, Just(u64::MAX), Just(u64::MAX - 1), any::<u64>()]
    }

    /// A range the parser must accept: `first <= last < total`, or `1 <= number <= count`.
    fn valid_range() -> impl Strategy<Value = ContentRange> {
        let bytes = (number(), number(), number()).prop_map(|(a, b, c)| {
            let mut sorted = [a, b, c];
            sorted.sort_unstable();
            let [first, mut last, mut total] = sorted;
            if last == total {
                if total == u64::MAX {
                    last -= 1
                } else {
                    total += 1
                }
            }
            ContentRange::Bytes {
                first: first.min(last),
                last,
                total,
            }
        });
        let part = (number(), number(), any::<bool>()).prop_map(|(a, b, known)| {
            let (number, count) = (a.min(b).max(1), a.max(b).max(1));
            ContentRange::Part {
                number,
                count: known.then_some(count),
            }
        });
        prop_oneof![bytes, part]
    }

    /// Text near the grammar: a valid header with one character inserted, removed or
    /// replaced; the forms' words with stray digits and separators; or anything at all.
    fn near_header() -> impl Strategy<Value = String> {
        let edited = (
            valid_range(),
            any::<prop::sample::Index>(),
            0..3u8,
            prop::sample::select(&b"0189-/* +xb\t"[..]),
        )
            .prop_map(|(range, at, edit, byte)| {
                let mut text = range.to_string().into_bytes();
                let i = at.index(text.len() + 1);
                match edit {
                    0 => text.insert(i, byte),
                    1 if i < text.len() => drop(text.remove(i)),
                    _ if i < text.len() => text[i] = byte,
                    _ => text.push(byte),
                }
                String::from_utf8_lossy(&text).into_owned()
            });
        prop_oneof![
            edited,
            "(bytes |part |Bytes |bytes|part|)[0-9*/ +-]{0,28}",
            "(bytes |part )(18446744073709551615|18446744073709551616|0|1|[0-9]{1,25})[-/](18446744073709551615|[0-9]{1,25})(/\\*|/[0-9]{1,22})?",
            "\\PC{0,40}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn every_valid_range_round_trips(range in valid_range()) {
            prop_assert_eq!(parse(&range.to_string()), Ok(range));
        }

        #[test]
        fn any_text_is_either_a_consistent_range_or_a_message_quoting_it(text in near_header()) {
            match parse(&text) {
                Ok(range) => {
                    match range {
                        ContentRange::Bytes { first, last, total } => prop_assert!(first <= last && last < total, "{range:?}"),
                        ContentRange::Part { number, count } => {
                            prop_assert!(number >= 1 && count.is_none_or(|count| number <= count), "{range:?}")
                        }
                    }
                    // Accepted text may differ from the canonical form only by leading zeros.
                    prop_assert_eq!(parse(&range.to_string()), Ok(range));
                    prop_assert_eq!(range.to_string(), canonical(&text));
                }
                Err(message) => prop_assert!(message.starts_with(&format!("Content-Range `{text}`")), "{message}"),
            }
        }
    }

    /// A number the parser must refuse: signed, spaced, empty, not decimal, or past `u64`.
    fn bad_number() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "+1",
            "-1",
            " 1",
            "1 ",
            "",
            "18446744073709551616",
            "99999999999999999999999",
            "1e3",
            "0x1",
            "\u{661}",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn a_bad_number_anywhere_is_malformed(range in valid_range(), which in 0..3usize, bad in bad_number()) {
            let mut numbers = match range {
                ContentRange::Bytes { first, last, total } => vec![first.to_string(), last.to_string(), total.to_string()],
                ContentRange::Part { number, count } => vec![number.to_string(), count.map_or("*".into(), |c| c.to_string())],
            };
            let at = which % numbers.len();
            numbers[at] = bad.to_owned();
            let text = match range {
                ContentRange::Bytes { .. } => format!("bytes {}-{}/{}", numbers[0], numbers[1], numbers[2]),
                ContentRange::Part { .. } => format!("part {}/{}", numbers[0], numbers[1]),
            };
            let refused = parse(&text);
            prop_assert!(refused.as_ref().is_err_and(|message| message.contains("malformed")), "{text:?}: {refused:?}");
        }
    }

    /// `text` with the leading zeros of its numbers removed.
    fn canonical(text: &str) -> String {
        let mut out = String::new();
        let mut in_number = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let leading_zero =
                c == '0' && !in_number && chars.peek().is_some_and(char::is_ascii_digit);
            if !leading_zero {
                out.push(c);
            }
            in_number = c.is_ascii_digit() && !leading_zero;
        }
        out
    }
}
