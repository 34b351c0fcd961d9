//! Identifiers: a two-letter prefix and 22 base-62 characters from the OS CSPRNG
//! (62^22 ≈ 2^131, above the 128 bits PROTOCOL.md asks for).

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `prefix` followed by `len` random base-62 characters.
pub fn random(prefix: &str, len: usize) -> String {
    let mut id = String::with_capacity(prefix.len() + len);
    id.push_str(prefix);
    while id.len() < prefix.len() + len {
        let mut buf = [0u8; 32];
        // The OS generator failing is not something a server can work around.
        getrandom::fill(&mut buf).expect("the operating system's random generator failed");
        // 248 = 4 * 62: rejecting bytes above it keeps every character equally likely.
        for b in buf.into_iter().filter(|b| *b < 248) {
            if id.len() == prefix.len() + len {
                break;
            }
            id.push(ALPHABET[usize::from(b % 62)] as char);
        }
    }
    id
}

pub fn upload_token() -> String {
    random("to", 22)
}

pub fn video() -> String {
    random("vi", 22)
}

/// Access and refresh tokens are opaque and longer: they carry the API key's full power.
pub fn secret() -> String {
    random("", 43)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// True when `id` looks like one of ours (`prefix` + 22 base-62 characters).
    fn is_valid(id: &str, prefix: &str) -> bool {
        id.len() == prefix.len() + 22
            && id.starts_with(prefix)
            && id[prefix.len()..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric())
    }

    #[test]
    fn ids_have_the_protocol_shape_and_do_not_repeat() {
        let ids: HashSet<String> = (0..1000).map(|_| upload_token()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| is_valid(id, "to")));
        assert!(is_valid(&video(), "vi"));
        assert!(!is_valid("vi123", "vi"));
        assert!(!is_valid("to0000000000000000000000", "vi"));
        assert_eq!(secret().len(), 43);
    }
}
