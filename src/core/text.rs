//! Building strings without `core::fmt`: `format!` brings Rust's formatting machinery into the
//! wasm (its engine, padding, and the `Display` of every type it formats), a few kilobytes for
//! messages that only join words and numbers. [`cat!`] joins string pieces; numbers are
//! written with [`decimal`], [`hex_upper`] and [`hex_lower`] (and `number::show` for
//! JavaScript numbers).

use alloc::string::String;

/// Joins the pieces (anything that is `AsRef<str>`: `&str`, `String`, …) into one `String`:
/// `cat!("Got ", decimal(n), " bytes.")`.
macro_rules! cat {
    ($($piece:expr),+ $(,)?) => {
        $crate::core::text::concat(&[$(::core::convert::AsRef::<str>::as_ref(&$piece)),+])
    };
}
pub(crate) use cat;

/// The pieces, joined.
pub fn concat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// `pieces` joined with `separator`, as `[…].join(separator)` (whose generic code the wasm
/// would carry once per piece type).
pub fn join(pieces: &[&str], separator: &str) -> String {
    let mut text = String::new();
    for (index, piece) in pieces.iter().enumerate() {
        if index > 0 {
            text.push_str(separator);
        }
        text.push_str(piece);
    }
    text
}

/// `text.split_once(separator)` for an ASCII separator, and [`rsplit_once_at`] its
/// `rsplit_once`: plain byte loops, where core's char search brings memchr into the wasm.
pub fn split_once_at(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

pub fn rsplit_once_at(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text.split(separator)` for an ASCII separator (see [`split_once_at`]).
pub fn split_at_each(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    text.split(move |c: char| c == char::from(separator))
}

/// The number written in `text`'s decimal digits: None for an empty text, any other character
/// (a sign too), or a value past `u64`. One small loop instead of core's parser for each
/// integer type.
pub fn parse_decimal(text: &str) -> Option<u64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0u64, |n, b| {
        let digit = char::from(b).to_digit(10)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

const UPPER: &[u8; 16] = b"0123456789ABCDEF";
const LOWER: &[u8; 16] = b"0123456789abcdef";

/// `n` in decimal digits, as `format!("{n}")`.
pub fn decimal(n: u64) -> String {
    digits(n, 10, 1, UPPER)
}

/// `n` in upper-case hexadecimal digits, at least `width` of them: `format!("{n:0width$X}")`.
pub fn hex_upper(n: u64, width: usize) -> String {
    digits(n, 16, width, UPPER)
}

/// `n` in lower-case hexadecimal digits, at least `width` of them: `format!("{n:0width$x}")`.
pub fn hex_lower(n: u64, width: usize) -> String {
    digits(n, 16, width, LOWER)
}

fn digits(mut n: u64, base: u64, width: usize, symbols: &[u8; 16]) -> String {
    let mut reversed = String::new();
    while n > 0 || reversed.len() < width {
        reversed.push(char::from(symbols[(n % base) as usize]));
        n /= base;
    }
    reversed.chars().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_writes_numbers_as_format_does() {
        assert_eq!(cat!("a", String::from("b"), "", decimal(42)), "ab42");
        for n in [0, 1, 9, 10, 99, 100, 5_242_880, u64::MAX] {
            assert_eq!(decimal(n), format!("{n}"));
            assert_eq!(hex_upper(n, 2), format!("{n:02X}"));
            assert_eq!(hex_lower(n, 16), format!("{n:016x}"));
            assert_eq!(parse_decimal(&format!("{n}")), Some(n));
        }
    }

    #[test]
    fn parses_plain_decimal_digits_only() {
        for bad in [
            "",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1.0",
            "0x10",
            "18446744073709551616",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        assert_eq!(parse_decimal("007"), Some(7));
    }

    #[test]
    fn splits_as_str_does() {
        for text in ["", "a", ":", "a:b", "a:b:c", "::", "é:ü"] {
            assert_eq!(split_once_at(text, b':'), text.split_once(':'), "{text:?}");
            assert_eq!(
                rsplit_once_at(text, b':'),
                text.rsplit_once(':'),
                "{text:?}"
            );
            assert_eq!(
                split_at_each(text, b':').collect::<Vec<_>>(),
                text.split(':').collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn joins_as_slice_join_does() {
        for pieces in [&[][..], &["a"], &["a", "", "bc"]] {
            assert_eq!(join(pieces, ", "), pieces.join(", "));
        }
    }
}
