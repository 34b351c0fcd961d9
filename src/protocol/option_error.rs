//! A mistake in the options: which option, what is wrong with it and what it got, as data; one
//! `Display` words every mistake, with the official uploader's words first where it has them
//! (its suite matches them) and what to pass instead after.

use super::js_number;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
use super::limits::{
    DEFAULT_RETRIES, DEFAULT_STALL_TIMEOUT_MS, MAX_TIMEOUT_MS, MIN_STALL_TIMEOUT_MS,
};
#[cfg(feature = "uploaders")]
use super::limits::{MAX_CHUNK_SIZE, MAX_PARALLEL_CHUNKS, MIN_CHUNK_SIZE};

/// The page gets it as an `Error` with this `Display` as its message, `reason:
/// "INVALID_OPTION"`, `title` and `name` (`bindings::option_error`).
#[derive(Debug, Clone, PartialEq)]
pub struct OptionError {
    /// The option at fault, by its JavaScript name.
    pub name: &'static str,
    pub mistake: Mistake,
}

impl OptionError {
    pub fn new(name: &'static str, mistake: Mistake) -> Self {
        OptionError { name, mistake }
    }
}

/// What is wrong with an option, with what it got.
#[derive(Debug, Clone, PartialEq)]
// Each wasm module words only its own options' mistakes.
#[allow(dead_code)]
pub enum Mistake {
    /// Not an object at all.
    NotAnObject,
    /// Of another type: `what` it must be ("a string", "true or false", …).
    NotA(&'static str),
    NoCredential,
    /// More than one credential: their names.
    SeveralCredentials(Vec<&'static str>),
    /// The credential (the option's name) is an empty string.
    EmptyCredential,
    /// An access token or an API key without the video to upload into.
    NoVideoId,
    /// `origin.{kind}`: its name or version.
    Origin {
        kind: &'static str,
        wrong: OriginPart,
    },
    /// `apiHost`: what is wrong with it (`endpoint::base_url`'s words).
    ApiHost(String),
    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    Retries(f64),
    #[cfg(any(feature = "uploaders", feature = "progressive"))]
    StallTimeout(f64),
    NoFile,
    EmptyFile,
    FileSize(f64),
    #[cfg(feature = "uploaders")]
    ChunkSize(f64),
    #[cfg(feature = "uploaders")]
    ParallelChunks(f64),
    #[cfg(feature = "uploaders")]
    TooManyParallelChunks(f64),
    MaxVideoDuration(f64),
    /// A whole number from `min` to `max` (UploadTokens' arguments).
    WholeNumber {
        min: f64,
        max: f64,
        got: f64,
    },
    /// UploadTokens without its API key.
    NoApiKey,
}

/// What is wrong with `origin.application` or `origin.sdk`.
#[derive(Debug, Clone, PartialEq)]
#[allow(dead_code)]
pub enum OriginPart {
    NameMissing,
    VersionMissing,
    Name(String),
    Version(String),
}

impl std::fmt::Display for OptionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = self.name;
        match &self.mistake {
            Mistake::NotAnObject => f.write_str("Pass an options object, e.g. { file, uploadToken }."),
            Mistake::NotA(what) => write!(f, "'{name}' must be {what}."),
            Mistake::NoCredential => f.write_str(
                "You must provide either an accessToken, an uploadToken or an API key. \
                 In a web page, use a delegated upload token (uploadToken).",
            ),
            Mistake::SeveralCredentials(names) => write!(
                f,
                "Give only one of uploadToken, accessToken and apiKey (got: {}).",
                names.join(", ")
            ),
            Mistake::EmptyCredential => {
                let what = match name {
                    "uploadToken" => "a delegated upload token, created with POST /upload-tokens",
                    "accessToken" => "the access token from POST /auth/api-key",
                    _ => "your api.video API key (never in a public page: prefer an uploadToken)",
                };
                write!(f, "'{name}' is empty: pass {what}.")
            }
            Mistake::NoVideoId => f.write_str(
                "'videoId' is missing: with an accessToken or an apiKey, create the video first \
                 (POST /videos) and pass its videoId.",
            ),
            Mistake::Origin { kind, wrong } => match wrong {
                OriginPart::NameMissing => {
                    write!(f, "{kind} name is required: set origin.{kind}.name, e.g. 'my-app'.")
                }
                OriginPart::VersionMissing => write!(
                    f,
                    "{kind} version is required: set origin.{kind}.version, e.g. '1.0.0'."
                ),
                OriginPart::Name(got) => write!(
                    f,
                    "Invalid {kind} name value. Allowed characters: A-Z, a-z, 0-9, '-', '_'. Max length: 50. Got '{got}'."
                ),
                OriginPart::Version(got) => write!(
                    f,
                    "Invalid {kind} version value. The version should match the xxx[.yyy][.zzz] pattern. Got '{got}'."
                ),
            },
            Mistake::ApiHost(words) => f.write_str(words),
            #[cfg(any(feature = "uploaders", feature = "progressive"))]
            Mistake::Retries(got) => write!(
                f,
                "retries must be a whole number of at least 0 (got {}): 0 turns retrying off, the default is {DEFAULT_RETRIES}.",
                js_number(*got)
            ),
            #[cfg(any(feature = "uploaders", feature = "progressive"))]
            Mistake::StallTimeout(got) => write!(
                f,
                "stallTimeout must be 0 (never give up on a silent request) or a whole number of milliseconds \
                 from {MIN_STALL_TIMEOUT_MS} to {MAX_TIMEOUT_MS} (got {}); the default is {DEFAULT_STALL_TIMEOUT_MS}.",
                js_number(*got)
            ),
            Mistake::NoFile => {
                f.write_str("'file' is missing: pass the File or Blob to upload as the 'file' option.")
            }
            Mistake::EmptyFile => {
                f.write_str("The file is empty (0 bytes): pick a video file that has content.")
            }
            Mistake::FileSize(got) => write!(
                f,
                "The file's size is not a whole number of bytes (got {}): pass a File or Blob as the 'file' option.",
                js_number(*got)
            ),
            #[cfg(feature = "uploaders")]
            Mistake::ChunkSize(got) => write!(
                f,
                "Invalid chunk size. Minimal allowed value: 5MB, maximum allowed value: 128MB. Got {} bytes. \
                 Give a whole number of bytes from {MIN_CHUNK_SIZE} to {MAX_CHUNK_SIZE}, or leave chunkSize out for 50MB.",
                js_number(*got)
            ),
            #[cfg(feature = "uploaders")]
            Mistake::ParallelChunks(got) => write!(
                f,
                "parallelChunks must be a whole number of at least 1 (got {}).",
                js_number(*got)
            ),
            #[cfg(feature = "uploaders")]
            Mistake::TooManyParallelChunks(got) => write!(
                f,
                "parallelChunks can be at most {MAX_PARALLEL_CHUNKS} (got {}): browsers open about 6 \
                 connections per host, more chunks in flight only use more memory.",
                js_number(*got)
            ),
            Mistake::MaxVideoDuration(got) => write!(
                f,
                "maxVideoDuration must be a positive number of seconds (got {}), or left out for no limit.",
                js_number(*got)
            ),
            Mistake::WholeNumber { min, max, got } => write!(
                f,
                "'{name}' must be a whole number from {} to {} (got {}).",
                js_number(*min),
                js_number(*max),
                js_number(*got)
            ),
            Mistake::NoApiKey => f.write_str(
                "'apiKey' is missing: UploadTokens needs the API key (in a trusted page, a tool or a backend only).",
            ),
        }
    }
}
