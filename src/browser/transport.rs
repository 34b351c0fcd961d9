//! The transport seam in the browser: chunks with XHR (`xhr.rs`), calls with gloo-net
//! (`fetch.rs`), and a `Blob` as what chunks are cut from.

use std::cell::RefCell;

use web_sys::AbortController;

use super::fetch;
use super::xhr::{self, InFlight};
use crate::engine::{Answer, Blob, Call, ChunkEvents, ChunkRequest, Transport};
use crate::protocol::error::UploadError;

/// One uploader's requests: what `cancel()` aborts.
#[derive(Default)]
pub struct BrowserTransport {
    chunks: InFlight,
    /// Aborts the calls in flight; a new one for the calls after an abort.
    calls: RefCell<Option<AbortController>>,
}

impl Transport for BrowserTransport {
    type Blob = web_sys::Blob;

    async fn send_chunk(
        &self,
        request: ChunkRequest<'_, web_sys::Blob>,
        events: ChunkEvents,
    ) -> Result<Answer, UploadError> {
        xhr::send_chunk(request, events, &self.chunks).await
    }

    async fn call(&self, call: Call<'_>) -> Result<Answer, UploadError> {
        let signal = {
            let mut calls = self.calls.borrow_mut();
            if calls.is_none() {
                *calls = AbortController::new().ok();
            }
            calls.as_ref().map(AbortController::signal)
        };
        fetch::send(call, signal.as_ref()).await
    }

    fn abort_all(&self) {
        self.chunks.abort_all();
        if let Some(calls) = self.calls.take() {
            calls.abort();
        }
    }
}

impl Blob for web_sys::Blob {
    fn size(&self) -> u64 {
        web_sys::Blob::size(self) as u64
    }

    #[cfg(feature = "uploaders")]
    fn slice(&self, start: u64, end: u64) -> Result<Self, UploadError> {
        self.slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|_| unreadable())
    }

    #[cfg(feature = "progressive")]
    fn join(parts: &[Self]) -> Result<Self, UploadError> {
        let parts: js_sys::Array = parts.iter().collect();
        web_sys::Blob::new_with_blob_sequence(&parts).map_err(|_| unreadable())
    }
}

/// The file's bytes could not be had (the file was deleted or moved since it was picked).
pub(super) fn unreadable() -> UploadError {
    UploadError::local(
        "INVALID_FILE",
        "The file could not be read: it may have been deleted or moved.",
    )
}
