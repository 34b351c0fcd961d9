//! `video-uploader-wasm`: upload a video from the browser to api.video (or a local
//! `upload-server`) with a delegated upload token.
//!
//! The library itself lands with its own issue; the crate exists now so that the
//! workspace, the pinned `wasm-bindgen` and the package scripts have their place.
