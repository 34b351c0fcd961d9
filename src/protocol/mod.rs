//! What the protocol and the options decide, as plain data and pure functions: where requests
//! go, how a file is cut, which chunk goes next, how progress adds up, when to retry, what a
//! resumed upload remembers, the shapes of answers and errors. No `web-sys`, no `js-sys`, no
//! I/O: everything here is unit-tested natively with `cargo test`.
//!
//! The send loops (`crate::engine`) ask this module what to do next; the browser glue
//! (`crate::browser`) only moves bytes and events. All sizes are bytes (`u64`).

// Each of the package's modules leaves out what it does not use (see lib.rs).
#[cfg(feature = "uploaders")]
pub mod chunk_plan;
pub mod credential;
pub mod endpoint;
pub mod error;
pub mod http;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub mod limits;
pub mod option_error;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub mod options;
#[cfg(feature = "progressive")]
pub mod parts;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub mod playable;
#[cfg(feature = "uploaders")]
pub mod progress;
#[cfg(feature = "uploaders")]
pub mod resume;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub mod retry;
#[cfg(feature = "uploaders")]
pub mod schedule;
#[cfg(feature = "tokens")]
pub mod tokens;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub mod video;

pub const CLIENT_NAME: &str = "video-uploader-wasm";
pub const CLIENT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `AV-Origin-Client` value sent on every request: `video-uploader-wasm:<version>`.
pub fn client_header() -> String {
    format!("{CLIENT_NAME}:{CLIENT_VERSION}")
}

/// A number as JavaScript writes it (`String(n)`), for messages about the options a page
/// passed. In the browser the JS engine writes it, so the wasm carries no float formatting of
/// its own; natively (the tests) Rust writes it, the same for the numbers the tests use.
pub fn js_number(n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Number::from(n)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    match n {
        f64::INFINITY => "Infinity".to_owned(),
        f64::NEG_INFINITY => "-Infinity".to_owned(),
        n => n.to_string(),
    }
}
