//! The seams of `crate::engine` in the browser, and the other web APIs the uploaders use. These
//! move bytes and events and decide nothing; the decisions are in `crate::protocol`.
//!
//! Everything goes through the global object (`js_sys::global()`), never `window()`, so the
//! library works in a page and in a dedicated Web Worker alike (and `UploadTokens` in Node).

#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub mod clock;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub mod connectivity;
pub mod fetch;
#[cfg(feature = "uploaders")]
pub mod media;
#[cfg(feature = "uploaders")]
pub mod storage;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
pub mod transport;
#[cfg(any(feature = "uploaders", feature = "progressive"))]
mod xhr;
