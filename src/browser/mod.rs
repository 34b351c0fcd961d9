//! Browser glue: thin wrappers over the web APIs the uploader uses. They move bytes and
//! events and decide nothing; the decisions are in `crate::core`.
//!
//! Everything goes through the global object (`js_sys::global()`), never `window()`, so
//! the library works in a page and in a dedicated Web Worker alike.

pub mod global;
pub mod json;
pub mod media;
pub mod signal;
pub mod xhr;
