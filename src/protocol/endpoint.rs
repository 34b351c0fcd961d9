//! Where requests go: the `apiHost` option turned into a base URL, and values made safe for
//! a URL.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

pub const DEFAULT_BASE_URL: &str = "https://ws.api.video";

const EXAMPLES: &str = "e.g. 'ws.api.video' or 'http://127.0.0.1:8080'";

/// "ws.api.video" -> "https://ws.api.video" (https assumed, as the official uploader does);
/// "http://127.0.0.1:8080" or "https://x.y/" -> kept, trailing slash removed; None -> "https://ws.api.video".
/// Errors for empty, whitespace, a path/query, or a scheme other than http/https. Checked by
/// hand rather than with a URL parser, so that each mistake gets its own message.
pub fn base_url(api_host: Option<&str>) -> Result<String, String> {
    let Some(given) = api_host else {
        return Ok(DEFAULT_BASE_URL.to_owned());
    };
    if given.trim().is_empty() {
        return Err(format!(
            "apiHost is empty: leave it out to upload to ws.api.video, or give a host, {EXAMPLES}."
        ));
    }
    let invalid = |why: &str| format!("Invalid apiHost '{given}': {why}; give a host, {EXAMPLES}.");
    if given.chars().any(char::is_whitespace) {
        return Err(invalid("it contains whitespace"));
    }
    let (scheme, rest) = match given.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => ("https".to_owned(), given),
    };
    if scheme != "http" && scheme != "https" {
        return Err(invalid("only http:// and https:// are supported"));
    }
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() {
        return Err(invalid("the host is missing"));
    }
    if authority.contains(['/', '?', '#']) {
        return Err(invalid(
            "it must be a host (and port) only, without a path, query or fragment",
        ));
    }
    if authority.contains('@') {
        return Err(invalid("it must not hold credentials"));
    }
    if !authority.chars().all(is_authority_char) {
        return Err(invalid("it contains characters a host name cannot have"));
    }
    if !has_valid_port(authority) {
        return Err(invalid("the port must be a number from 1 to 65535"));
    }
    Ok(format!("{scheme}://{authority}"))
}

/// Letters, digits, `.-_` of host names, `:` of ports and `[]` of IPv6 literals.
fn is_authority_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']')
}

/// No port, or a port 1..=65535 after the host (an IPv6 literal's colons are inside brackets).
fn has_valid_port(authority: &str) -> bool {
    let after_host = match authority.rsplit_once(']') {
        Some((_, after)) => after,
        None => authority,
    };
    match after_host.split_once(':') {
        None => !after_host.is_empty() || authority.ends_with(']'),
        Some((host, port)) => {
            let port_ok = port.bytes().all(|b| b.is_ascii_digit())
                && matches!(port.parse::<u32>(), Ok(1..=65535));
            (!host.is_empty() || authority.starts_with('[')) && port_ok
        }
    }
}

/// Everything but RFC 3986's unreserved characters (letters, digits, `-._~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes everything but RFC 3986's unreserved characters, so that the value stays
/// one query value or one path segment whatever it holds.
pub fn percent_encode(value: &str) -> String {
    utf8_percent_encode(value, NOT_UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_hosts() {
        let cases = [
            (None, "https://ws.api.video"),
            (Some("ws.api.video"), "https://ws.api.video"),
            (Some("ws.api.video/"), "https://ws.api.video"),
            (Some("sandbox.api.video"), "https://sandbox.api.video"),
            (Some("http://127.0.0.1:8080"), "http://127.0.0.1:8080"),
            (Some("http://127.0.0.1:8080/"), "http://127.0.0.1:8080"),
            (Some("https://a.b/"), "https://a.b"),
            (Some("HTTPS://a.b"), "https://a.b"),
            (Some("localhost:8443"), "https://localhost:8443"),
            (Some("http://[::1]:8080"), "http://[::1]:8080"),
        ];
        for (given, expected) in cases {
            assert_eq!(base_url(given).as_deref(), Ok(expected), "{given:?}");
        }
    }

    #[test]
    fn refused_hosts() {
        let cases = [
            ("", "empty"),
            ("   ", "empty"),
            (" ws.api.video", "whitespace"),
            ("ws.api .video", "whitespace"),
            ("ftp://a.b", "http:// and https://"),
            ("ws://a.b", "http:// and https://"),
            ("https://a.b/api", "without a path"),
            ("https://a.b/upload?token=x", "without a path"),
            ("a.b?x=1", "without a path"),
            ("https://a.b#top", "without a path"),
            ("https://", "missing"),
            ("https:///", "missing"),
            ("https://user:pw@a.b", "credentials"),
            ("a.b:port", "port"),
            ("a.b:0", "port"),
            ("a.b:70000", "port"),
            ("a.b:", "port"),
            (":8080", "port"),
            ("a,b", "characters"),
        ];
        for (given, why) in cases {
            let message = base_url(Some(given)).expect_err(given);
            assert!(message.contains(why), "{given:?}: {message}");
            assert!(message.contains("apiHost"), "{given:?}: {message}");
        }
    }

    #[test]
    fn percent_encoding_keeps_unreserved_characters() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(percent_encode("+%?#"), "%2B%25%3F%23");
        assert_eq!(percent_encode(""), "");
        assert_eq!(percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
    }
}
