//! Numbers from JavaScript shown in messages. `format!("{}", f64)` would pull Rust's whole
//! float formatter (about 14 KB) into the wasm for a few error messages; this writes the
//! forms people pass (whole numbers, a few decimals) in a few hundred bytes.

use alloc::string::String;

use super::text::{cat, decimal};

/// `5242880`, `1.5`, `0.25`, `-3`, `NaN`, `Infinity`, `1e+20`; at most three decimals,
/// trailing zeros dropped, like JavaScript's own `String(n)` for such values.
pub fn show(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let sign = if n < 0.0 { "-" } else { "" };
    if n.abs() >= 1e18 {
        // JavaScript's exponent form, as `String(1e21)` gives `1e+21`.
        let (mut mantissa, mut exponent) = (n.abs(), 0);
        while mantissa >= 10.0 {
            mantissa /= 10.0;
            exponent += 1;
        }
        return cat!(sign, show(mantissa), "e+", decimal(exponent));
    }
    let thousandths = round(n.abs() * 1000.0);
    let thousandths = thousandths as u64;
    let (whole, fraction) = (thousandths / 1000, thousandths % 1000);
    if fraction == 0 {
        return cat!(sign, decimal(whole));
    }
    // Three decimals without their trailing zeros: 1050 gives "05" for 0.05.
    let padded = decimal(1000 + fraction);
    let digits = padded.trim_end_matches('0');
    cat!(
        sign,
        decimal(whole),
        ".",
        digits.strip_prefix('1').unwrap_or(digits)
    )
}

/// At and above 2^52 every `f64` is a whole number.
const ALL_WHOLE: f64 = 4_503_599_627_370_496.0;

/// `x.round()` for `x >= 0` (half away from zero), without std: `f64::round` is not in
/// `core`, and the package's wasm is built without std.
// `!(x < …)` is true for NaN too, in one comparison (a few bytes less in the wasm than `>=` and `is_nan`).
#[allow(clippy::neg_cmp_op_on_partial_ord)]
pub fn round(x: f64) -> f64 {
    if !(x < ALL_WHOLE) {
        return x; // whole already, or NaN
    }
    let whole = x as u64;
    let whole = if x - whole as f64 >= 0.5 {
        whole + 1
    } else {
        whole
    };
    whole as f64
}

/// `x.fract() == 0.0` without std: true for whole numbers, false for NaN and infinities.
pub fn is_whole(x: f64) -> bool {
    x.is_finite() && (x.abs() >= ALL_WHOLE || x as i64 as f64 == x)
}

#[cfg(test)]
mod tests {
    use super::{is_whole, round, show};

    #[test]
    fn round_and_is_whole_agree_with_std() {
        let values = [
            0.0,
            0.4,
            0.5,
            0.49999999999999994,
            1.5,
            2.5,
            12345.6,
            1e15 + 0.5,
            4_503_599_627_370_495.5,
            4_503_599_627_370_497.0,
            1e20,
            1e300,
            f64::MAX,
            f64::INFINITY,
            f64::NAN,
            5242879.0,
        ];
        for x in values {
            let (expected, got) = (x.round(), round(x));
            assert!(
                expected == got || (expected.is_nan() && got.is_nan()),
                "round({x}): {got}, std says {expected}"
            );
            for x in [x, -x] {
                assert_eq!(is_whole(x), x.fract() == 0.0, "is_whole({x})");
            }
        }
    }

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
        assert_eq!(show(0.05), "0.05");
        assert_eq!(show(1.005), "1.005");
        assert_eq!(show(2.01), "2.01");
        assert_eq!(show(3.001), "3.001");
        assert_eq!(show(4.1), "4.1");
        assert_eq!(show(4.12), "4.12");
    }
}
