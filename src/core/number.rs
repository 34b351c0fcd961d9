//! Numbers from JavaScript shown in messages. `format!("{}", f64)` would pull Rust's whole
//! float formatter (about 14 KB) into the wasm for a few error messages; this writes the
//! forms people pass (whole numbers, a few decimals) in a few hundred bytes.

/// `5242880`, `1.5`, `0.25`, `-3`, `NaN`, `Infinity`, `1e+20`; at most three decimals,
/// trailing zeros dropped, like JavaScript's own `String(n)` for such values.
pub fn show(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let sign = if n < 0.0 { "-" } else { "" };
    if n.abs() >= 1e18 {
        // JavaScript's exponent form, as `String(1e21)` gives `1e+21`.
        let (mut mantissa, mut exponent) = (n.abs(), 0);
        while mantissa >= 10.0 {
            mantissa /= 10.0;
            exponent += 1;
        }
        return format!("{sign}{}e+{exponent}", show(mantissa));
    }
    let thousandths = (n.abs() * 1000.0).round();
    let thousandths = thousandths as u64;
    let (whole, fraction) = (thousandths / 1000, thousandths % 1000);
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{fraction:03}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::show;

    #[test]
    fn shows_numbers_like_javascript_does() {
        assert_eq!(show(5_242_880.0), "5242880");
        assert_eq!(show(1.5), "1.5");
        assert_eq!(show(0.25), "0.25");
        assert_eq!(show(0.1), "0.1");
        assert_eq!(show(12.3456), "12.346");
        assert_eq!(show(-3.0), "-3");
        assert_eq!(show(0.0), "0");
        assert_eq!(show(f64::NAN), "NaN");
        assert_eq!(show(f64::INFINITY), "Infinity");
        assert_eq!(show(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(show(1e20), "1e+20");
        assert_eq!(show(-2.5e30), "-2.5e+30");
    }
}
