//! The send loops: VideoUploader's (the first chunk alone, then a window of parallel chunks),
//! ProgressiveUploader's (parts in call order), the retries and the token refresh of each
//! request, pause/resume/cancel, the resume bookkeeping and the playable check.
//!
//! They reach the world only through three seams, as tus-js-client does with its HttpStack and
//! UrlStorage: a [`Transport`] (send a chunk with progress, make a small call), a
//! [`ResumeStore`] (where resumed uploads are remembered) and a [`Clock`] (time and sleeps).
//! The browser implements them with XHR, gloo-net, localStorage and timers (`crate::browser`);
//! the native tests with fakes (`tests/`), so that this very code runs under `cargo test`.
//!
//! Everything runs on one thread (a page's or a worker's): state is in `Cell`s and `RefCell`s
//! behind `Rc`, and futures are not `Send`.

// The token client uses none of this (lib.rs leaves the engine out of its module); each
// uploader's module leaves out the other's loop.
pub mod clock;
pub mod control;
pub mod playable;
#[cfg(feature = "progressive")]
pub mod progressive;
pub mod sender;
pub mod signal;
#[cfg(feature = "uploaders")]
pub mod store;
pub mod transport;
#[cfg(feature = "uploaders")]
pub mod upload;

#[cfg(test)]
mod tests;

pub use clock::Clock;
#[cfg(feature = "uploaders")]
pub use store::ResumeStore;
pub use transport::{Answer, Blob, Call, ChunkEvents, ChunkRequest, Transport};
