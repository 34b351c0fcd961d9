//! The VideoUploader / ProgressiveUploader options, checked once at construction so that every
//! mistake is reported with what is wrong and what to do, before any byte is sent.

use super::credential::Credential;
use super::limits::{
    DEFAULT_CHUNK_SIZE, DEFAULT_RETRIES, DEFAULT_STALL_TIMEOUT_MS, MIN_STALL_TIMEOUT_MS,
};
#[cfg(feature = "uploaders")]
use super::limits::{DEFAULT_PARALLEL_CHUNKS, MAX_CHUNK_SIZE, MIN_CHUNK_SIZE};
use super::{endpoint, js_number};

/// More chunks in flight than this only cost memory: browsers open about six connections per host.
#[cfg(feature = "uploaders")]
pub const MAX_PARALLEL_CHUNKS: usize = 16;

/// What the bindings read off the JS object; None = absent/undefined.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawOptions {
    /// None: no `file`.
    pub file_size: Option<f64>,
    pub upload_token: Option<String>,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub api_key: Option<String>,
    pub video_id: Option<String>,
    pub api_host: Option<String>,
    pub chunk_size: Option<f64>,
    pub retries: Option<f64>,
    pub video_name: Option<String>,
    pub origin_application: Option<Origin>,
    pub origin_sdk: Option<Origin>,
    pub max_video_duration: Option<f64>,
    pub parallel_chunks: Option<f64>,
    pub resume: Option<bool>,
    pub stall_timeout: Option<f64>,
}

/// `origin.application` / `origin.sdk`: who builds on this library, sent as `name:version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub credential: Credential,
    pub video_id: Option<String>,
    /// From `endpoint::base_url`.
    pub base_url: String,
    /// Default 50 MiB.
    pub chunk_size: u64,
    /// True when the caller chose `chunkSize`: the file is then cut in chunks of exactly that
    /// size, as the official uploader does. Otherwise the uploader plans a balanced layout
    /// with chunks of at most `chunk_size` (see `chunk_plan::Layout`).
    pub chunk_size_set: bool,
    /// Default 6; 0 means no retry (the official uploader treats 0 as 6).
    pub retries: u32,
    pub video_name: Option<String>,
    /// AV-Origin-Client always; AV-Origin-App / AV-Origin-Sdk when given.
    pub headers: Vec<(String, String)>,
    pub max_video_duration: Option<f64>,
    /// Default 6.
    pub parallel_chunks: usize,
    /// Default false.
    pub resume: bool,
    /// Milliseconds without upload progress or answer before a request is aborted and
    /// retried; 0 = never. Default [`DEFAULT_STALL_TIMEOUT_MS`].
    pub stall_timeout_ms: u32,
}

/// For VideoUploader: `file` required and non-empty.
///
/// The official uploader's checks come first and in its order (credential, `videoId`, `origin`,
/// then `file` missing and the chunk size), so that a mistake both libraries refuse gets the
/// same first message from either; ours follow (an empty file, `apiHost`, `retries`, …).
#[cfg(feature = "uploaders")]
pub fn validate_video_uploader(raw: &RawOptions) -> Result<Options, String> {
    let common = check_official_common(raw)?;
    let Some(file_size) = raw.file_size else {
        return Err(
            "'file' is missing: pass the File or Blob to upload as the 'file' option.".to_owned(),
        );
    };
    let chunk_size = raw
        .chunk_size
        .map_or(Ok(DEFAULT_CHUNK_SIZE), check_chunk_size)?;
    check_file_size(file_size)?;
    let mut options = check_own_common(raw, common)?;
    options.chunk_size = chunk_size;
    options.chunk_size_set = raw.chunk_size.is_some();
    options.parallel_chunks = raw
        .parallel_chunks
        .map_or(Ok(DEFAULT_PARALLEL_CHUNKS), check_parallel_chunks)?;
    options.max_video_duration = raw
        .max_video_duration
        .map(check_max_video_duration)
        .transpose()?;
    options.resume = raw.resume.unwrap_or(false);
    Ok(options)
}

/// For ProgressiveUploader: no file; chunk_size/parallel_chunks/resume/max_video_duration
/// ignored (left at the default chunk size, one part at a time, no resume, no duration limit).
#[cfg(feature = "progressive")]
pub fn validate_progressive(raw: &RawOptions) -> Result<Options, String> {
    check_own_common(raw, check_official_common(raw)?)
}

/// What the official uploader's constructor checks for both uploaders, in its order: the
/// credential, the `videoId` it needs, the `origin` headers.
struct OfficialCommon {
    credential: Credential,
    video_id: Option<String>,
    headers: Vec<(String, String)>,
}

fn check_official_common(raw: &RawOptions) -> Result<OfficialCommon, String> {
    let credential = check_credential(raw)?;
    let video_id = non_empty(raw.video_id.as_deref());
    if video_id.is_none() && !matches!(credential, Credential::UploadToken(_)) {
        return Err(
            "'videoId' is missing: with an accessToken or an apiKey, create the video first \
                    (POST /videos) and pass its videoId."
                .to_owned(),
        );
    }
    let mut headers = vec![("AV-Origin-Client".to_owned(), super::client_header())];
    if let Some(application) = &raw.origin_application {
        headers.push((
            "AV-Origin-App".to_owned(),
            check_origin("application", application)?,
        ));
    }
    if let Some(sdk) = &raw.origin_sdk {
        headers.push(("AV-Origin-Sdk".to_owned(), check_origin("sdk", sdk)?));
    }
    Ok(OfficialCommon {
        credential,
        video_id,
        headers,
    })
}

/// The options both uploaders take that the official one does not check.
fn check_own_common(raw: &RawOptions, common: OfficialCommon) -> Result<Options, String> {
    let base_url = endpoint::base_url(raw.api_host.as_deref())?;
    let retries = raw.retries.map_or(Ok(DEFAULT_RETRIES), check_retries)?;
    let stall_timeout_ms = raw
        .stall_timeout
        .map_or(Ok(DEFAULT_STALL_TIMEOUT_MS), check_stall_timeout)?;
    Ok(Options {
        credential: common.credential,
        video_id: common.video_id,
        base_url,
        chunk_size: DEFAULT_CHUNK_SIZE,
        chunk_size_set: false,
        retries,
        video_name: non_empty(raw.video_name.as_deref()),
        headers: common.headers,
        max_video_duration: None,
        parallel_chunks: 1,
        resume: false,
        stall_timeout_ms,
    })
}

/// As in JavaScript, an empty string counts as not given.
fn non_empty(value: Option<&str>) -> Option<String> {
    value.filter(|v| !v.is_empty()).map(str::to_owned)
}

fn is_whole(n: f64) -> bool {
    n.is_finite() && n.fract() == 0.0
}

/// The size of the file given.
#[cfg(feature = "uploaders")]
fn check_file_size(file_size: f64) -> Result<(), String> {
    if file_size == 0.0 {
        Err("The file is empty (0 bytes): pick a video file that has content.".to_owned())
    } else if !is_whole(file_size) || file_size < 0.0 {
        Err(format!(
            "The file's size is not a whole number of bytes (got {}): pass a File or Blob as the 'file' option.",
            js_number(file_size)
        ))
    } else {
        Ok(())
    }
}

/// Exactly one of uploadToken, accessToken and apiKey, not empty.
fn check_credential(raw: &RawOptions) -> Result<Credential, String> {
    let given: Vec<(&str, &str)> = [
        ("uploadToken", raw.upload_token.as_deref()),
        ("accessToken", raw.access_token.as_deref()),
        ("apiKey", raw.api_key.as_deref()),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect();
    let (name, value) = match given.as_slice() {
        [] => {
            return Err(
                "You must provide either an accessToken, an uploadToken or an API key. \
                        In a web page, use a delegated upload token (uploadToken)."
                    .to_owned(),
            );
        }
        [one] => *one,
        several => {
            let names: Vec<&str> = several.iter().map(|(name, _)| *name).collect();
            let names = names.join(", ");
            return Err(format!(
                "Give only one of uploadToken, accessToken and apiKey (got: {names})."
            ));
        }
    };
    if value.trim().is_empty() {
        let what = match name {
            "uploadToken" => "a delegated upload token, created with POST /upload-tokens",
            "accessToken" => "the access token from POST /auth/api-key",
            _ => "your api.video API key (never in a public page: prefer an uploadToken)",
        };
        return Err(format!("'{name}' is empty: pass {what}."));
    }
    let value = value.to_owned();
    Ok(match name {
        "uploadToken" => Credential::UploadToken(value),
        "accessToken" => Credential::AccessToken {
            access: value,
            refresh: non_empty(raw.refresh_token.as_deref()),
        },
        _ => Credential::ApiKey(value),
    })
}

#[cfg(feature = "uploaders")]
fn check_chunk_size(chunk_size: f64) -> Result<u64, String> {
    let in_range = (MIN_CHUNK_SIZE as f64..=MAX_CHUNK_SIZE as f64).contains(&chunk_size);
    if is_whole(chunk_size) && in_range {
        Ok(chunk_size as u64)
    } else {
        Err(format!(
            "Invalid chunk size. Minimal allowed value: 5MB, maximum allowed value: 128MB. Got {} bytes. \
             Give a whole number of bytes from {MIN_CHUNK_SIZE} to {MAX_CHUNK_SIZE}, or leave chunkSize out for 50MB.",
            js_number(chunk_size)
        ))
    }
}

#[cfg(feature = "uploaders")]
fn check_parallel_chunks(parallel: f64) -> Result<usize, String> {
    let shown = js_number(parallel);
    if !is_whole(parallel) || parallel < 1.0 {
        return Err(format!(
            "parallelChunks must be a whole number of at least 1 (got {shown})."
        ));
    }
    if parallel > MAX_PARALLEL_CHUNKS as f64 {
        return Err(format!(
            "parallelChunks can be at most {MAX_PARALLEL_CHUNKS} (got {shown}): browsers open about 6 \
             connections per host, more chunks in flight only use more memory."
        ));
    }
    Ok(parallel as usize)
}

/// Any whole number from 0 up; past `u32::MAX` (practically "forever") it saturates.
fn check_retries(retries: f64) -> Result<u32, String> {
    if is_whole(retries) && retries >= 0.0 {
        Ok(retries.min(f64::from(u32::MAX)) as u32)
    } else {
        Err(format!(
            "retries must be a whole number of at least 0 (got {}): 0 turns retrying off, the default is {DEFAULT_RETRIES}.",
            js_number(retries)
        ))
    }
}

/// setTimeout's limit (24.8 days): a longer wait would fire at once.
const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;

/// 0 (never) or a whole number of milliseconds from a second to setTimeout's limit.
fn check_stall_timeout(ms: f64) -> Result<u32, String> {
    let in_range = (f64::from(MIN_STALL_TIMEOUT_MS)..=f64::from(MAX_TIMEOUT_MS)).contains(&ms);
    if ms == 0.0 || (is_whole(ms) && in_range) {
        Ok(ms as u32)
    } else {
        Err(format!(
            "stallTimeout must be 0 (never give up on a silent request) or a whole number of milliseconds \
             from {MIN_STALL_TIMEOUT_MS} to {MAX_TIMEOUT_MS} (got {}); the default is {DEFAULT_STALL_TIMEOUT_MS}.",
            js_number(ms)
        ))
    }
}

#[cfg(feature = "uploaders")]
fn check_max_video_duration(seconds: f64) -> Result<f64, String> {
    if seconds.is_finite() && seconds > 0.0 {
        Ok(seconds)
    } else {
        Err(format!(
            "maxVideoDuration must be a positive number of seconds (got {}), or left out for no limit.",
            js_number(seconds)
        ))
    }
}

/// The official uploader's checks and messages; gives the header value `name:version`.
fn check_origin(kind: &str, origin: &Origin) -> Result<String, String> {
    let Origin { name, version } = origin;
    if name.is_empty() {
        return Err(format!(
            "{kind} name is required: set origin.{kind}.name, e.g. 'my-app'."
        ));
    }
    if version.is_empty() {
        return Err(format!(
            "{kind} version is required: set origin.{kind}.version, e.g. '1.0.0'."
        ));
    }
    if !is_origin_name(name) {
        return Err(format!(
            "Invalid {kind} name value. Allowed characters: A-Z, a-z, 0-9, '-', '_'. Max length: 50. Got '{name}'."
        ));
    }
    if !is_origin_version(version) {
        return Err(format!(
            "Invalid {kind} version value. The version should match the xxx[.yyy][.zzz] pattern. Got '{version}'."
        ));
    }
    Ok(format!("{name}:{version}"))
}

/// `^[\w-]{1,50}$` with JavaScript's ASCII `\w`.
fn is_origin_name(name: &str) -> bool {
    (1..=50).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `^\d{1,3}(\.\d{1,3}(\.\d{1,3})?)?$`.
fn is_origin_version(version: &str) -> bool {
    let numbers: Vec<&str> = version.split('.').collect();
    numbers.len() <= 3
        && numbers
            .iter()
            .all(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::CLIENT_VERSION;
    use crate::protocol::limits::MIB;

    fn with_token() -> RawOptions {
        RawOptions {
            file_size: Some(12.0 * MIB as f64),
            upload_token: Some("to1R5Lb5gNwJxFXcbAk2z7Ij".to_owned()),
            ..RawOptions::default()
        }
    }

    fn refused(raw: &RawOptions) -> String {
        validate_video_uploader(raw).expect_err("these options must be refused")
    }

    fn assert_contains_all(message: &str, words: &[&str]) {
        for word in words {
            assert!(
                message.contains(word),
                "{message:?} should contain {word:?}"
            );
        }
    }

    fn origin(name: &str, version: &str) -> Option<Origin> {
        Some(Origin {
            name: name.to_owned(),
            version: version.to_owned(),
        })
    }

    #[test]
    fn defaults() {
        let options = validate_video_uploader(&with_token()).expect("valid");
        assert_eq!(
            options.credential,
            Credential::UploadToken("to1R5Lb5gNwJxFXcbAk2z7Ij".to_owned())
        );
        assert_eq!(options.video_id, None);
        assert_eq!(options.base_url, "https://ws.api.video");
        assert_eq!(options.chunk_size, 50 * MIB);
        assert!(
            !options.chunk_size_set,
            "the balanced layout unless chunkSize is given"
        );
        assert_eq!(options.retries, 6);
        assert_eq!(options.video_name, None);
        assert_eq!(
            options.headers,
            [(
                "AV-Origin-Client".to_owned(),
                format!("video-uploader-wasm:{CLIENT_VERSION}")
            )]
        );
        assert_eq!(options.max_video_duration, None);
        assert_eq!(options.parallel_chunks, 6);
        assert!(!options.resume);
    }

    #[test]
    fn given_values_are_kept() {
        let raw = RawOptions {
            video_id: Some("vi4blUQJFrYWbaG44NChkH27".to_owned()),
            api_host: Some("http://127.0.0.1:8080".to_owned()),
            chunk_size: Some(5.0 * MIB as f64),
            retries: Some(0.0),
            video_name: Some("holidays".to_owned()),
            max_video_duration: Some(90.5),
            parallel_chunks: Some(16.0),
            resume: Some(true),
            ..with_token()
        };
        let options = validate_video_uploader(&raw).expect("valid");
        assert_eq!(
            options.video_id.as_deref(),
            Some("vi4blUQJFrYWbaG44NChkH27")
        );
        assert_eq!(options.base_url, "http://127.0.0.1:8080");
        assert_eq!(options.chunk_size, 5 * MIB);
        assert!(options.chunk_size_set);
        assert_eq!(options.retries, 0);
        assert_eq!(options.video_name.as_deref(), Some("holidays"));
        assert_eq!(options.max_video_duration, Some(90.5));
        assert_eq!(options.parallel_chunks, 16);
        assert!(options.resume);
    }

    #[test]
    fn empty_strings_count_as_absent() {
        let raw = RawOptions {
            video_id: Some(String::new()),
            video_name: Some(String::new()),
            ..with_token()
        };
        let options = validate_video_uploader(&raw).expect("valid");
        assert_eq!(options.video_id, None);
        assert_eq!(options.video_name, None);
    }

    #[test]
    fn file_missing_or_empty() {
        let no_file = RawOptions {
            file_size: None,
            ..with_token()
        };
        assert_eq!(
            refused(&no_file),
            "'file' is missing: pass the File or Blob to upload as the 'file' option."
        );
        let empty = RawOptions {
            file_size: Some(0.0),
            ..with_token()
        };
        assert_eq!(
            refused(&empty),
            "The file is empty (0 bytes): pick a video file that has content."
        );
        for odd in [-1.0, 1.5, f64::NAN] {
            let raw = RawOptions {
                file_size: Some(odd),
                ..with_token()
            };
            assert_contains_all(&refused(&raw), &["size", "whole number"]);
        }
    }

    #[test]
    fn credentials() {
        let none = RawOptions {
            upload_token: None,
            ..with_token()
        };
        assert!(
            refused(&none).starts_with(
                "You must provide either an accessToken, an uploadToken or an API key."
            )
        );

        let two = RawOptions {
            api_key: Some("key".to_owned()),
            ..with_token()
        };
        assert_eq!(
            refused(&two),
            "Give only one of uploadToken, accessToken and apiKey (got: uploadToken, apiKey)."
        );
        let three = RawOptions {
            access_token: Some("a".to_owned()),
            api_key: Some("key".to_owned()),
            video_id: Some("vi1".to_owned()),
            ..with_token()
        };
        assert_contains_all(
            &refused(&three),
            &["only one", "uploadToken, accessToken, apiKey"],
        );

        for (field, raw) in [
            (
                "'uploadToken' is empty",
                RawOptions {
                    upload_token: Some(String::new()),
                    ..with_token()
                },
            ),
            (
                "'accessToken' is empty",
                RawOptions {
                    upload_token: None,
                    access_token: Some(" ".to_owned()),
                    video_id: Some("vi1".to_owned()),
                    ..with_token()
                },
            ),
            (
                "'apiKey' is empty",
                RawOptions {
                    upload_token: None,
                    api_key: Some(String::new()),
                    video_id: Some("vi1".to_owned()),
                    ..with_token()
                },
            ),
        ] {
            assert!(refused(&raw).starts_with(field), "{}", refused(&raw));
        }
    }

    #[test]
    fn access_token_and_api_key_need_a_video_id() {
        let missing = "'videoId' is missing: with an accessToken or an apiKey, create the video first (POST /videos) and pass its videoId.";
        let access = RawOptions {
            upload_token: None,
            access_token: Some("at".to_owned()),
            refresh_token: Some("rt".to_owned()),
            ..with_token()
        };
        assert_eq!(refused(&access), missing);
        let key = RawOptions {
            upload_token: None,
            api_key: Some("key".to_owned()),
            video_id: Some(String::new()),
            ..with_token()
        };
        assert_eq!(refused(&key), missing);

        let access = RawOptions {
            video_id: Some("vi1".to_owned()),
            ..access
        };
        assert_eq!(
            validate_video_uploader(&access).expect("valid").credential,
            Credential::AccessToken {
                access: "at".to_owned(),
                refresh: Some("rt".to_owned())
            }
        );
        let key = RawOptions {
            video_id: Some("vi1".to_owned()),
            ..key
        };
        assert_eq!(
            validate_progressive(&key).expect("valid").credential,
            Credential::ApiKey("key".to_owned())
        );
    }

    #[test]
    fn chunk_sizes() {
        for good in [5 * MIB, 50 * MIB, 128 * MIB] {
            let raw = RawOptions {
                chunk_size: Some(good as f64),
                ..with_token()
            };
            assert_eq!(
                validate_video_uploader(&raw).expect("valid").chunk_size,
                good
            );
        }
        for bad in [
            0.0,
            (5 * MIB - 1) as f64,
            (128 * MIB + 1) as f64,
            6.5 * MIB as f64 + 0.5,
            -1.0,
            f64::NAN,
            f64::INFINITY,
        ] {
            let raw = RawOptions {
                chunk_size: Some(bad),
                ..with_token()
            };
            let message = refused(&raw);
            assert!(message.starts_with(
                "Invalid chunk size. Minimal allowed value: 5MB, maximum allowed value: 128MB."
            ));
            assert!(
                message.contains(&format!("Got {} bytes.", js_number(bad))),
                "{message}"
            );
        }
        let below = RawOptions {
            chunk_size: Some(5242879.0),
            ..with_token()
        };
        assert!(refused(&below).contains("Got 5242879 bytes."));
    }

    #[test]
    fn parallel_chunks() {
        for bad in [0.0, -2.0, 1.5, f64::NAN] {
            let raw = RawOptions {
                parallel_chunks: Some(bad),
                ..with_token()
            };
            assert_eq!(
                refused(&raw),
                format!(
                    "parallelChunks must be a whole number of at least 1 (got {}).",
                    js_number(bad)
                )
            );
        }
        let too_many = RawOptions {
            parallel_chunks: Some(17.0),
            ..with_token()
        };
        assert_contains_all(&refused(&too_many), &["parallelChunks", "at most 16", "17"]);
        let one = RawOptions {
            parallel_chunks: Some(1.0),
            ..with_token()
        };
        assert_eq!(
            validate_video_uploader(&one)
                .expect("valid")
                .parallel_chunks,
            1
        );
    }

    #[test]
    fn retries() {
        for bad in [-1.0, 2.5, f64::NAN, f64::INFINITY] {
            let raw = RawOptions {
                retries: Some(bad),
                ..with_token()
            };
            assert_contains_all(&refused(&raw), &["retries", "whole number", "at least 0"]);
        }
        let ten = RawOptions {
            retries: Some(10.0),
            ..with_token()
        };
        assert_eq!(validate_video_uploader(&ten).expect("valid").retries, 10);
        let huge = RawOptions {
            retries: Some(1e12),
            ..with_token()
        };
        assert_eq!(
            validate_video_uploader(&huge).expect("valid").retries,
            u32::MAX
        );
    }

    /// Several mistakes at once: the first message is the one the official uploader gives
    /// (it checks the credential, `videoId`, `origin`, then `file` and the chunk size); ours
    /// (an empty file, `apiHost`, …) come after.
    #[test]
    fn mistakes_are_reported_in_the_official_order() {
        let empty_file = Some(0.0);
        let bad_origin = Some(Origin {
            name: "no spaces allowed".to_owned(),
            version: "1.0".to_owned(),
        });
        let cases: [(RawOptions, &str); 6] = [
            (
                RawOptions::default(),
                "You must provide either an accessToken, an uploadToken or an API key",
            ),
            (
                RawOptions {
                    access_token: Some("a".to_owned()),
                    file_size: empty_file,
                    ..RawOptions::default()
                },
                "'videoId' is missing",
            ),
            (
                RawOptions {
                    file_size: None,
                    origin_application: bad_origin.clone(),
                    ..with_token()
                },
                "Invalid application name value.",
            ),
            (
                RawOptions {
                    file_size: None,
                    chunk_size: Some(1.0),
                    api_host: Some("ftp://x".to_owned()),
                    ..with_token()
                },
                "'file' is missing",
            ),
            (
                RawOptions {
                    file_size: empty_file,
                    chunk_size: Some(1.0),
                    ..with_token()
                },
                "Invalid chunk size. Minimal allowed value: 5MB, maximum allowed value: 128MB.",
            ),
            (
                RawOptions {
                    file_size: empty_file,
                    api_host: Some("ftp://x".to_owned()),
                    retries: Some(-1.0),
                    ..with_token()
                },
                "The file is empty",
            ),
        ];
        for (raw, first) in cases {
            let message = refused(&raw);
            assert!(
                message.starts_with(first),
                "{message:?} should start with {first:?}"
            );
        }
        // ProgressiveUploader: the official order for what it checks.
        let progressive = RawOptions {
            origin_sdk: bad_origin,
            api_host: Some("ftp://x".to_owned()),
            ..RawOptions::default()
        };
        assert!(
            validate_progressive(&progressive)
                .expect_err("refused")
                .starts_with("You must provide")
        );
    }

    #[test]
    fn stall_timeout() {
        let with = |ms: f64| RawOptions {
            stall_timeout: Some(ms),
            ..with_token()
        };
        assert_eq!(
            validate_video_uploader(&with_token())
                .expect("valid")
                .stall_timeout_ms,
            30_000
        );
        for (ms, expected) in [
            (0.0, 0),
            (1000.0, 1000),
            (120_000.0, 120_000),
            (2_147_483_647.0, 2_147_483_647),
        ] {
            assert_eq!(
                validate_video_uploader(&with(ms))
                    .expect("valid")
                    .stall_timeout_ms,
                expected
            );
            assert_eq!(
                validate_progressive(&with(ms))
                    .expect("valid")
                    .stall_timeout_ms,
                expected
            );
        }
        for bad in [
            -1.0,
            1.0,
            999.0,
            1500.5,
            2_147_483_648.0,
            f64::NAN,
            f64::INFINITY,
        ] {
            let (min, max, default) = (
                MIN_STALL_TIMEOUT_MS.to_string(),
                i32::MAX.to_string(),
                DEFAULT_STALL_TIMEOUT_MS.to_string(),
            );
            assert_contains_all(
                &refused(&with(bad)),
                &["stallTimeout", "0", "milliseconds", &min, &max, &default],
            );
        }
    }

    #[test]
    fn max_video_duration() {
        for bad in [0.0, -3.0, f64::NAN, f64::INFINITY] {
            let raw = RawOptions {
                max_video_duration: Some(bad),
                ..with_token()
            };
            assert_contains_all(
                &refused(&raw),
                &["maxVideoDuration", "positive number of seconds"],
            );
        }
    }

    #[test]
    fn api_host_forms() {
        for (given, expected) in [
            ("ws.api.video", "https://ws.api.video"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("https://a.b/", "https://a.b"),
        ] {
            let raw = RawOptions {
                api_host: Some(given.to_owned()),
                ..with_token()
            };
            assert_eq!(
                validate_video_uploader(&raw).expect("valid").base_url,
                expected
            );
        }
        for bad in ["", "ftp://a.b", "https://a.b/path", "a b"] {
            let raw = RawOptions {
                api_host: Some(bad.to_owned()),
                ..with_token()
            };
            assert!(refused(&raw).contains("apiHost"), "{bad:?}");
        }
    }

    #[test]
    fn origin_headers() {
        let raw = RawOptions {
            origin_application: origin("my-app_2", "1.20.300"),
            origin_sdk: origin("react", "7"),
            ..with_token()
        };
        let options = validate_video_uploader(&raw).expect("valid");
        assert_eq!(
            options.headers,
            [
                (
                    "AV-Origin-Client".to_owned(),
                    format!("video-uploader-wasm:{CLIENT_VERSION}")
                ),
                ("AV-Origin-App".to_owned(), "my-app_2:1.20.300".to_owned()),
                ("AV-Origin-Sdk".to_owned(), "react:7".to_owned()),
            ]
        );
    }

    #[test]
    fn origin_errors() {
        let long_name = "a".repeat(51);
        let cases = [
            ("", "1.0", "name is required"),
            ("app", "", "version is required"),
            (
                "my app",
                "1.0",
                "Invalid {kind} name value. Allowed characters: A-Z, a-z, 0-9, '-', '_'. Max length: 50.",
            ),
            (long_name.as_str(), "1.0", "Invalid {kind} name value."),
            ("appé", "1.0", "Invalid {kind} name value."),
            (
                "app",
                "1.0.0.0",
                "Invalid {kind} version value. The version should match the xxx[.yyy][.zzz] pattern.",
            ),
            ("app", "1234", "Invalid {kind} version value."),
            ("app", "1.", "Invalid {kind} version value."),
            ("app", "v1", "Invalid {kind} version value."),
        ];
        for (name, version, expected) in cases {
            let as_application = RawOptions {
                origin_application: origin(name, version),
                ..with_token()
            };
            let message = refused(&as_application);
            let expected_application = expected.replace("{kind}", "application");
            assert!(message.contains(&expected_application), "{message}");
            if !expected.contains("{kind}") {
                assert!(message.starts_with("application "), "{message}");
            }

            let as_sdk = RawOptions {
                origin_sdk: origin(name, version),
                ..with_token()
            };
            let message = refused(&as_sdk);
            assert!(
                message.contains(&expected.replace("{kind}", "sdk")),
                "{message}"
            );
            assert!(message.to_lowercase().contains("sdk"), "{message}");
        }
        let fifty = RawOptions {
            origin_application: origin(&"a".repeat(50), "999.0.1"),
            ..with_token()
        };
        assert!(validate_video_uploader(&fifty).is_ok());
    }

    /// Each message word for word.
    #[test]
    fn messages_word_for_word() {
        let cases = [
            (
                RawOptions {
                    file_size: Some(1.5),
                    ..with_token()
                },
                "The file's size is not a whole number of bytes (got 1.5): pass a File or Blob as the 'file' option.",
            ),
            (
                RawOptions {
                    upload_token: Some(" ".to_owned()),
                    ..with_token()
                },
                "'uploadToken' is empty: pass a delegated upload token, created with POST /upload-tokens.",
            ),
            (
                RawOptions {
                    chunk_size: Some(1.0),
                    ..with_token()
                },
                "Invalid chunk size. Minimal allowed value: 5MB, maximum allowed value: 128MB. Got 1 bytes. Give a whole number of bytes from 5242880 to 134217728, or leave chunkSize out for 50MB.",
            ),
            (
                RawOptions {
                    parallel_chunks: Some(17.0),
                    ..with_token()
                },
                "parallelChunks can be at most 16 (got 17): browsers open about 6 connections per host, more chunks in flight only use more memory.",
            ),
            (
                RawOptions {
                    retries: Some(-0.5),
                    ..with_token()
                },
                "retries must be a whole number of at least 0 (got -0.5): 0 turns retrying off, the default is 6.",
            ),
            (
                RawOptions {
                    max_video_duration: Some(0.0),
                    ..with_token()
                },
                "maxVideoDuration must be a positive number of seconds (got 0), or left out for no limit.",
            ),
            (
                RawOptions {
                    origin_sdk: origin("", "1"),
                    ..with_token()
                },
                "sdk name is required: set origin.sdk.name, e.g. 'my-app'.",
            ),
            (
                RawOptions {
                    origin_application: origin("a", ""),
                    ..with_token()
                },
                "application version is required: set origin.application.version, e.g. '1.0.0'.",
            ),
            (
                RawOptions {
                    origin_application: origin("a b", "1"),
                    ..with_token()
                },
                "Invalid application name value. Allowed characters: A-Z, a-z, 0-9, '-', '_'. Max length: 50. Got 'a b'.",
            ),
            (
                RawOptions {
                    origin_sdk: origin("a", "1.2.3.4"),
                    ..with_token()
                },
                "Invalid sdk version value. The version should match the xxx[.yyy][.zzz] pattern. Got '1.2.3.4'.",
            ),
            (
                RawOptions {
                    api_host: Some(" ".to_owned()),
                    ..with_token()
                },
                "apiHost is empty: leave it out to upload to ws.api.video, or give a host, e.g. 'ws.api.video' or 'http://127.0.0.1:8080'.",
            ),
            (
                RawOptions {
                    api_host: Some("ftp://a.b".to_owned()),
                    ..with_token()
                },
                "Invalid apiHost 'ftp://a.b': only http:// and https:// are supported; give a host, e.g. 'ws.api.video' or 'http://127.0.0.1:8080'.",
            ),
        ];
        for (raw, message) in cases {
            assert_eq!(refused(&raw), message);
        }
        let with_origins = RawOptions {
            origin_application: origin("app", "1.2"),
            ..with_token()
        };
        assert_eq!(
            validate_video_uploader(&with_origins)
                .expect("valid")
                .headers[1]
                .1,
            "app:1.2"
        );
    }

    #[test]
    fn progressive_needs_no_file_and_ignores_upload_only_options() {
        let raw = RawOptions {
            file_size: None,
            chunk_size: Some(1.0),
            parallel_chunks: Some(0.0),
            max_video_duration: Some(-1.0),
            resume: Some(true),
            ..with_token()
        };
        let options = validate_progressive(&raw).expect("valid");
        assert_eq!(options.chunk_size, DEFAULT_CHUNK_SIZE);
        assert_eq!(options.parallel_chunks, 1);
        assert_eq!(options.max_video_duration, None);
        assert!(!options.resume);

        let no_credential = RawOptions {
            upload_token: None,
            ..raw.clone()
        };
        assert!(validate_progressive(&no_credential).is_err());
        let bad_retries = RawOptions {
            retries: Some(-1.0),
            ..raw
        };
        assert!(
            validate_progressive(&bad_retries)
                .expect_err("refused")
                .contains("retries")
        );
    }
}
