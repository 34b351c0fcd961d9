//! Who the requests are made as: the credential a page passes, the endpoint it uploads to and
//! the `Authorization` header it sends.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

/// Exactly one of the three credentials the options accept.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A delegated upload token: the one credential for public pages.
    UploadToken(String),
    /// An access token from `POST /auth/api-key`, with the refresh token that renews it.
    AccessToken {
        access: String,
        refresh: Option<String>,
    },
    /// The API key itself: for trusted pages and tools only.
    ApiKey(String),
}

#[cfg(any(feature = "uploaders", feature = "progressive"))]
impl Credential {
    /// The `Authorization` header, none for an upload token (it travels in the URL).
    pub fn authorization(&self) -> Option<String> {
        match self {
            Credential::UploadToken(_) => None,
            Credential::AccessToken { access, .. } => Some(bearer(access)),
            Credential::ApiKey(key) => Some(basic(key)),
        }
    }

    /// What identifies the uploads this credential makes, for a resumed upload's key: the
    /// video id when there is one (an access token changes hourly; the video does not).
    #[cfg(feature = "uploaders")]
    pub fn owner<'a>(&'a self, video_id: Option<&'a str>) -> &'a str {
        match (video_id, self) {
            (Some(video_id), _) => video_id,
            (None, Credential::UploadToken(token)) => token,
            (None, Credential::AccessToken { access, .. }) => access,
            (None, Credential::ApiKey(key)) => key,
        }
    }
}

/// `Bearer {access token}`.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub fn bearer(access_token: &str) -> String {
    format!("Bearer {access_token}")
}

/// `Basic …` for the API key: the key as user name, an empty password.
pub fn basic(api_key: &str) -> String {
    format!("Basic {}", BASE64.encode(format!("{api_key}:")))
}

/// "{base}/upload?token={percent-encoded token}" or "{base}/videos/{video_id}/source".
///
/// The options guarantee a video id for an access token or an API key; without one the path
/// has an empty segment, which the server answers with 404.
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub fn upload_url(base_url: &str, credential: &Credential, video_id: Option<&str>) -> String {
    match credential {
        Credential::UploadToken(token) => {
            format!(
                "{base_url}/upload?token={}",
                super::endpoint::percent_encode(token)
            )
        }
        Credential::AccessToken { .. } | Credential::ApiKey(_) => {
            let video_id = super::endpoint::percent_encode(video_id.unwrap_or_default());
            format!("{base_url}/videos/{video_id}/source")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn authorization_headers() {
        assert_eq!(Credential::UploadToken("to1".into()).authorization(), None);
        let access = Credential::AccessToken {
            access: "at".into(),
            refresh: Some("rt".into()),
        };
        assert_eq!(access.authorization().as_deref(), Some("Bearer at"));
        // btoa("key:") in a browser.
        assert_eq!(
            Credential::ApiKey("key".into()).authorization().as_deref(),
            Some("Basic a2V5Og==")
        );
    }

    #[test]
    fn the_owner_of_an_upload_is_the_video_when_known() {
        let token = Credential::UploadToken("to1".into());
        assert_eq!(token.owner(None), "to1");
        assert_eq!(token.owner(Some("vi1")), "vi1");
        let access = Credential::AccessToken {
            access: "at".into(),
            refresh: None,
        };
        assert_eq!(access.owner(None), "at");
    }
}
