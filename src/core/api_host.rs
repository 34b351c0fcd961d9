//! Where requests go: the `apiHost` option turned into a base URL, and the upload endpoint.

use alloc::borrow::ToOwned;
use alloc::string::String;

use super::options::Credential;
use super::text::{cat, hex_upper, parse_decimal, rsplit_once_at, split_once_at};

pub const DEFAULT_BASE_URL: &str = "https://ws.api.video";

const EXAMPLES: &str = "e.g. 'ws.api.video' or 'http://127.0.0.1:8080'";

/// "ws.api.video" -> "https://ws.api.video" (https assumed, as the official uploader does);
/// "http://127.0.0.1:8080" or "https://x.y/" -> kept, trailing slash removed; None -> "https://ws.api.video".
/// Errors for empty, whitespace, a path/query, or a scheme other than http/https.
pub fn base_url(api_host: Option<&str>) -> Result<String, String> {
    let Some(given) = api_host else {
        return Ok(DEFAULT_BASE_URL.to_owned());
    };
    if given.trim_ascii().is_empty() {
        return Err(cat!(
            "apiHost is empty: leave it out to upload to ws.api.video, or give a host, ",
            EXAMPLES,
            "."
        ));
    }
    let invalid = |why: &str| {
        cat!(
            "Invalid apiHost '",
            given,
            "': ",
            why,
            "; give a host, ",
            EXAMPLES,
            "."
        )
    };
    if given.chars().any(char::is_whitespace) {
        return Err(invalid("it contains whitespace"));
    }
    let (scheme, rest) = match split_scheme(given) {
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
    if authority.bytes().any(|b| b == b'@') {
        return Err(invalid("it must not hold credentials"));
    }
    if !authority.chars().all(is_authority_char) {
        return Err(invalid("it contains characters a host name cannot have"));
    }
    if !has_valid_port(authority) {
        return Err(invalid("the port must be a number from 1 to 65535"));
    }
    Ok(cat!(scheme, "://", authority))
}

/// `given.split_once("://")`, without core's substring search: its panic path (a slice that
/// is not on a char boundary, with the `Debug` of chars and Unicode tables to describe it) is
/// the only one of its kind in the wasm, and costs it 4 KB.
fn split_scheme(given: &str) -> Option<(&str, &str)> {
    let at = given
        .as_bytes()
        .windows(3)
        .position(|bytes| bytes == b"://")?;
    Some((given.get(..at)?, given.get(at + 3..)?))
}

/// Letters, digits, `.-_` of host names, `:` of ports and `[]` of IPv6 literals.
fn is_authority_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']')
}

/// No port, or a port 1..=65535 after the host (an IPv6 literal's colons are inside brackets).
fn has_valid_port(authority: &str) -> bool {
    let after_host = match rsplit_once_at(authority, b']') {
        Some((_, after)) => after,
        None => authority,
    };
    match split_once_at(after_host, b':') {
        None => !after_host.is_empty() || authority.ends_with(']'),
        Some((host, port)) => {
            (!host.is_empty() || authority.starts_with('['))
                && matches!(parse_decimal(port), Some(1..=65535))
        }
    }
}

/// "{base}/upload?token={percent-encoded token}" or "{base}/videos/{video_id}/source".
///
/// The options guarantee a video id for an access token or an API key; without one the path
/// has an empty segment, which the server answers with 404.
pub fn upload_url(base_url: &str, credential: &Credential, video_id: Option<&str>) -> String {
    match credential {
        Credential::UploadToken(token) => {
            cat!(base_url, "/upload?token=", percent_encode(token))
        }
        Credential::AccessToken { .. } | Credential::ApiKey(_) => {
            cat!(
                base_url,
                "/videos/",
                percent_encode(video_id.unwrap_or_default()),
                "/source"
            )
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so that the value stays
/// one query value or one path segment whatever it holds.
pub fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push('%');
            encoded.push_str(&hex_upper(byte.into(), 2));
        }
    }
    encoded
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
    fn upload_url_with_a_token_encodes_it() {
        let token = Credential::UploadToken("to1R5Lb5gNwJxFXcbAk2z7Ij".to_owned());
        assert_eq!(
            upload_url("https://ws.api.video", &token, None),
            "https://ws.api.video/upload?token=to1R5Lb5gNwJxFXcbAk2z7Ij"
        );
        // The video id of a later chunk travels in the form, not the URL.
        assert_eq!(
            upload_url("http://127.0.0.1:8080", &token, Some("vi123")),
            "http://127.0.0.1:8080/upload?token=to1R5Lb5gNwJxFXcbAk2z7Ij"
        );
        let odd = Credential::UploadToken("a b&c=d/é".to_owned());
        assert_eq!(
            upload_url("https://x.y", &odd, None),
            "https://x.y/upload?token=a%20b%26c%3Dd%2F%C3%A9"
        );
    }

    #[test]
    fn upload_url_with_a_key_or_access_token_targets_the_video() {
        let key = Credential::ApiKey("secret".to_owned());
        assert_eq!(
            upload_url(
                "https://ws.api.video",
                &key,
                Some("vi4blUQJFrYWbaG44NChkH27")
            ),
            "https://ws.api.video/videos/vi4blUQJFrYWbaG44NChkH27/source"
        );
        let access = Credential::AccessToken {
            access: "a".to_owned(),
            refresh: None,
        };
        assert_eq!(
            upload_url("http://h:1", &access, Some("vi/../x")),
            "http://h:1/videos/vi%2F..%2Fx/source"
        );
        assert!(!upload_url("http://h:1", &key, Some("vi1")).contains("secret"));
    }

    #[test]
    fn split_scheme_is_split_once() {
        for given in [
            "https://a.b",
            "a.b",
            "://",
            "é://x",
            "x:/y://z",
            "",
            "ab:",
            "a:///",
        ] {
            assert_eq!(split_scheme(given), given.split_once("://"), "{given:?}");
        }
    }

    #[test]
    fn percent_encoding_keeps_unreserved_characters() {
        assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(percent_encode("+%?#"), "%2B%25%3F%23");
        assert_eq!(percent_encode(""), "");
    }
}
