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
        }
    }
}
