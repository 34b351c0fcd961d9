//! The transport seam in the browser: chunks with XHR (`xhr.rs`), calls with gloo-net
//! (`fetch.rs`), and a `Blob` as what chunks are cut from. Each request is its own guard:
//! dropping its future aborts it, so the transport keeps no list of what is in flight.

use wasm_bindgen_futures::JsFuture;

use super::{fetch, xhr};
use crate::engine::{Answer, Blob, Call, ChunkEvents, ChunkRequest, Transport};
use crate::protocol::error::UploadError;

#[derive(Clone, Copy, Default)]
pub struct BrowserTransport;

impl Transport for BrowserTransport {
    type Blob = web_sys::Blob;

    async fn send_chunk(
        &self,
        request: ChunkRequest<'_, web_sys::Blob>,
        events: ChunkEvents,
    ) -> Result<Answer, UploadError> {
        xhr::send_chunk(request, events).await
    }

    async fn call(&self, call: Call<'_>) -> Result<Answer, UploadError> {
        fetch::send(call).await
    }
}

impl Blob for web_sys::Blob {
    fn size(&self) -> u64 {
        web_sys::Blob::size(self) as u64
    }

    /// Reads its first byte: a File changed, moved or deleted since it was picked (or whose
    /// permission is gone, as Android's document providers do) fails to read.
    async fn is_readable(&self) -> bool {
        let Ok(first) = self.slice_with_f64_and_f64(0.0, 1.0) else {
            return false;
        };
        JsFuture::from(first.array_buffer()).await.is_ok()
    }

    #[cfg(feature = "uploaders")]
    fn slice(&self, start: u64, end: u64) -> Result<Self, UploadError> {
        self.slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|_| UploadError::file_unreadable())
    }

    #[cfg(feature = "progressive")]
    fn join(parts: &[Self]) -> Result<Self, UploadError> {
        let parts: js_sys::Array = parts.iter().collect();
        web_sys::Blob::new_with_blob_sequence(&parts).map_err(|_| UploadError::file_unreadable())
    }
}
