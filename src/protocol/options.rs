//! The VideoUploader / ProgressiveUploader options, checked once at construction so that every
//! mistake is reported with what is wrong and what to do, before any byte is sent.

#[cfg(feature = "uploaders")]
use super::chunk_plan::Layout;
use super::credential::Credential;
use super::endpoint;
#[cfg(feature = "uploaders")]
use super::limits::{
    DEFAULT_CHUNK_SIZE, DEFAULT_PARALLEL_CHUNKS, MAX_CHUNK_SIZE, MAX_PARALLEL_CHUNKS,
    MIN_CHUNK_SIZE,
};
use super::limits::{
    DEFAULT_RETRIES, DEFAULT_STALL_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_STALL_TIMEOUT_MS,
};
pub use super::option_error::{Mistake, OptionError, OriginPart};

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
    pub prevent_empty_parts: Option<bool>,
    pub merge_small_parts_before_upload: Option<bool>,
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
    /// How VideoUploader cuts a file: in chunks of exactly `chunkSize` when the page gives it,
    /// as the official uploader does; otherwise a balanced layout of chunks of at most 50 MiB,
    /// one per stream (see `chunk_plan::Layout`).
    #[cfg(feature = "uploaders")]
    pub layout: Layout,
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
    /// ProgressiveUploader's `preventEmptyParts` (default false) and
    /// `mergeSmallPartsBeforeUpload` (default true): see `parts::PartBuffer`.
    #[cfg(feature = "progressive")]
    pub prevent_empty_parts: bool,
    #[cfg(feature = "progressive")]
    pub merge_small_parts: bool,
}

/// For VideoUploader: `file` required and non-empty.
///
/// The official uploader's checks come first and in its order (credential, `videoId`, `origin`,
/// then `file` missing and the chunk size), so that a mistake both libraries refuse gets the
/// same first message from either; ours follow (an empty file, `apiHost`, `retries`, …).
#[cfg(feature = "uploaders")]
pub fn validate_video_uploader(raw: &RawOptions) -> Result<Options, OptionError> {
    let common = check_official_common(raw)?;
    let Some(file_size) = raw.file_size else {
        return Err(OptionError::new("file", Mistake::NoFile));
    };
    let chunk_size = raw
        .chunk_size
        .map(check_chunk_size)
        .transpose()
        .map_err(|mistake| OptionError::new("chunkSize", mistake))?;
    check_file_size(file_size).map_err(|mistake| OptionError::new("file", mistake))?;
    let mut options = check_own_common(raw, common)?;
    options.parallel_chunks = raw
        .parallel_chunks
        .map_or(Ok(DEFAULT_PARALLEL_CHUNKS), check_parallel_chunks)
        .map_err(|mistake| OptionError::new("parallelChunks", mistake))?;
    options.layout = match chunk_size {
        Some(chunk_size) => Layout::Uniform { chunk_size },
        None => Layout::Balanced {
            max_chunk: DEFAULT_CHUNK_SIZE,
            streams: options.parallel_chunks,
        },
    };
    options.max_video_duration = raw
        .max_video_duration
        .map(check_max_video_duration)
        .transpose()
        .map_err(|mistake| OptionError::new("maxVideoDuration", mistake))?;
    options.resume = raw.resume.unwrap_or(false);
    Ok(options)
}

/// For ProgressiveUploader: no file; chunk_size/parallel_chunks/resume/max_video_duration
/// ignored (left at the default chunk size, one part at a time, no resume, no duration limit).
#[cfg(feature = "progressive")]
pub fn validate_progressive(raw: &RawOptions) -> Result<Options, OptionError> {
    let mut options = check_own_common(raw, check_official_common(raw)?)?;
    options.prevent_empty_parts = raw.prevent_empty_parts.unwrap_or(false);
    options.merge_small_parts = raw.merge_small_parts_before_upload.unwrap_or(true);
    Ok(options)
}

/// What the official uploader's constructor checks for both uploaders, in its order: the
/// credential, the `videoId` it needs, the `origin` headers.
struct OfficialCommon {
    credential: Credential,
    video_id: Option<String>,
    headers: Vec<(String, String)>,
}

fn check_official_common(raw: &RawOptions) -> Result<OfficialCommon, OptionError> {
    let credential = check_credential(raw)?;
    let video_id = non_empty(raw.video_id.as_deref());
    if video_id.is_none() && !matches!(credential, Credential::UploadToken(_)) {
        return Err(OptionError::new("videoId", Mistake::NoVideoId));
    }
    let mut headers = vec![("AV-Origin-Client".to_owned(), super::client_header())];
    if let Some(application) = &raw.origin_application {
        headers.push((
            "AV-Origin-App".to_owned(),
            check_origin("application", application).map_err(origin_error)?,
        ));
    }
    if let Some(sdk) = &raw.origin_sdk {
        headers.push((
            "AV-Origin-Sdk".to_owned(),
            check_origin("sdk", sdk).map_err(origin_error)?,
        ));
    }
    Ok(OfficialCommon {
        credential,
        video_id,
        headers,
    })
}

fn origin_error(mistake: Mistake) -> OptionError {
    OptionError::new("origin", mistake)
}

/// The options both uploaders take that the official one does not check.
fn check_own_common(raw: &RawOptions, common: OfficialCommon) -> Result<Options, OptionError> {
    let base_url = endpoint::base_url(raw.api_host.as_deref())
        .map_err(|words| OptionError::new("apiHost", Mistake::ApiHost(words)))?;
    let retries = raw
        .retries
        .map_or(Ok(DEFAULT_RETRIES), check_retries)
        .map_err(|mistake| OptionError::new("retries", mistake))?;
    let stall_timeout_ms = raw
        .stall_timeout
        .map_or(Ok(DEFAULT_STALL_TIMEOUT_MS), check_stall_timeout)
        .map_err(|mistake| OptionError::new("stallTimeout", mistake))?;
    Ok(Options {
        credential: common.credential,
        video_id: common.video_id,
        base_url,
        // VideoUploader's own check sets it; a progressive upload has no layout.
        #[cfg(feature = "uploaders")]
        layout: Layout::Uniform {
            chunk_size: DEFAULT_CHUNK_SIZE,
        },
        retries,
        video_name: non_empty(raw.video_name.as_deref()),
        headers: common.headers,
        max_video_duration: None,
        parallel_chunks: 1,
        resume: false,
        stall_timeout_ms,
        #[cfg(feature = "progressive")]
        prevent_empty_parts: false,
        #[cfg(feature = "progressive")]
        merge_small_parts: true,
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
fn check_file_size(file_size: f64) -> Result<(), Mistake> {
    if file_size == 0.0 {
        Err(Mistake::EmptyFile)
    } else if !is_whole(file_size) || file_size < 0.0 {
        Err(Mistake::FileSize(file_size))
    } else {
        Ok(())
    }
}

/// Exactly one of uploadToken, accessToken and apiKey, not empty.
fn check_credential(raw: &RawOptions) -> Result<Credential, OptionError> {
    let given: Vec<(&'static str, &str)> = [
        ("uploadToken", raw.upload_token.as_deref()),
        ("accessToken", raw.access_token.as_deref()),
        ("apiKey", raw.api_key.as_deref()),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect();
    let (name, value) = match given.as_slice() {
        [] => return Err(OptionError::new("uploadToken", Mistake::NoCredential)),
        [one] => *one,
        several => {
            let names: Vec<&'static str> = several.iter().map(|(name, _)| *name).collect();
            return Err(OptionError::new(
                names[1],
                Mistake::SeveralCredentials(names),
            ));
        }
    };
    if value.trim().is_empty() {
        return Err(OptionError::new(name, Mistake::EmptyCredential));
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
fn check_chunk_size(chunk_size: f64) -> Result<u64, Mistake> {
    let in_range = (MIN_CHUNK_SIZE as f64..=MAX_CHUNK_SIZE as f64).contains(&chunk_size);
    if is_whole(chunk_size) && in_range {
        Ok(chunk_size as u64)
    } else {
        Err(Mistake::ChunkSize(chunk_size))
    }
}

#[cfg(feature = "uploaders")]
fn check_parallel_chunks(parallel: f64) -> Result<usize, Mistake> {
    if !is_whole(parallel) || parallel < 1.0 {
        return Err(Mistake::ParallelChunks(parallel));
    }
    if parallel > MAX_PARALLEL_CHUNKS as f64 {
        return Err(Mistake::TooManyParallelChunks(parallel));
    }
    Ok(parallel as usize)
}

/// Any whole number from 0 up; past `u32::MAX` (practically "forever") it saturates.
fn check_retries(retries: f64) -> Result<u32, Mistake> {
    if is_whole(retries) && retries >= 0.0 {
        Ok(retries.min(f64::from(u32::MAX)) as u32)
    } else {
        Err(Mistake::Retries(retries))
    }
}

/// 0 (never) or a whole number of milliseconds from a second to setTimeout's limit.
fn check_stall_timeout(ms: f64) -> Result<u32, Mistake> {
    let in_range = (f64::from(MIN_STALL_TIMEOUT_MS)..=f64::from(MAX_TIMEOUT_MS)).contains(&ms);
    if ms == 0.0 || (is_whole(ms) && in_range) {
        Ok(ms as u32)
    } else {
        Err(Mistake::StallTimeout(ms))
    }
}

#[cfg(feature = "uploaders")]
fn check_max_video_duration(seconds: f64) -> Result<f64, Mistake> {
    if seconds.is_finite() && seconds > 0.0 {
        Ok(seconds)
    } else {
        Err(Mistake::MaxVideoDuration(seconds))
    }
}

/// The official uploader's checks (its messages: `OptionError`'s `Display`); gives the header
/// value `name:version`.
fn check_origin(kind: &'static str, origin: &Origin) -> Result<String, Mistake> {
    let Origin { name, version } = origin;
    let wrong = if name.is_empty() {
        OriginPart::NameMissing
    } else if version.is_empty() {
        OriginPart::VersionMissing
    } else if !is_origin_name(name) {
        OriginPart::Name(name.clone())
    } else if !is_origin_version(version) {
        OriginPart::Version(version.clone())
    } else {
        return Ok(format!("{name}:{version}"));
    };
    Err(Mistake::Origin { kind, wrong })
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
mod tests;
