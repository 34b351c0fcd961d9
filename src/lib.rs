//! `video-uploader-wasm`: upload a video from the browser to api.video (or a local
//! `upload-server`) with a delegated upload token.
//!
//! The rooms, from the inside out:
//! - [`protocol`]: what the protocol and the options decide, as pure functions and data (chunk
//!   plans, ranges, retry policy, progress, resume state, answers and errors);
//! - [`engine`]: the send loops, over three seams (a transport, a resume store, a clock);
//! - `browser`: the seams in the browser (XHR for chunks, gloo-net for calls, localStorage,
//!   timers) and the other web APIs the uploaders need;
//! - `bindings`: the JavaScript classes (`VideoUploader`, `ProgressiveUploader`,
//!   `UploadTokens`), reading their options and sending every value back with
//!   serde-wasm-bindgen.
//!
//! The browser rooms exist on wasm32 only. Natively the crate is its core and its send loops,
//! built for their tests (`cargo test` runs the send loops against fakes).
//!
//! The package ships three wasm modules, so that a page downloads only the one it uses: the
//! crate built with the feature `uploaders` (VideoUploader), `progressive` (ProgressiveUploader)
//! or `tokens` (UploadTokens). Each room leaves out what its module does not use.

#[cfg(all(
    any(target_arch = "wasm32", test),
    any(feature = "uploaders", feature = "progressive")
))]
mod engine;
#[cfg(any(target_arch = "wasm32", test))]
mod json;
#[cfg(any(target_arch = "wasm32", test))]
mod protocol;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod browser;

#[cfg(target_arch = "wasm32")]
pub use bindings::*;

/// Talc, an allocator made for WebAssembly: smaller than std's dlmalloc (3 KB of the gzipped
/// page), and it grows the memory as the uploads need.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
