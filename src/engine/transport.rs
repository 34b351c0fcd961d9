//! The network seam: send a chunk with upload progress, make a small call.

use std::rc::Rc;

use crate::protocol::error::UploadError;
pub use crate::protocol::http::{Answer, Call};

/// What a file's bytes are read from: a `Blob` in the browser (so that they go from disk to the
/// network without entering wasm or JS memory), bytes in the tests.
pub trait Blob: Clone + 'static {
    fn size(&self) -> u64;

    /// False when its bytes can no longer be read (the file was changed, moved or deleted
    /// since it was picked): reads one byte to tell. Asked when a chunk failed without an
    /// answer, so that a file gone bad is not retried as a network error.
    fn is_readable(&self) -> impl Future<Output = bool>;

    /// Bytes `start..end`, without reading them.
    #[cfg(feature = "uploaders")]
    fn slice(&self, start: u64, end: u64) -> Result<Self, UploadError>;

    /// The parts one after the other, as one (a progressive upload merges small parts).
    #[cfg(feature = "progressive")]
    fn join(parts: &[Self]) -> Result<Self, UploadError>;
}

/// One chunk: a multipart form with the bytes as `file` and, once known, the `videoId`.
pub struct ChunkRequest<'a, B> {
    pub url: &'a str,
    /// `Content-Range` and the credential's headers among them.
    pub headers: &'a [(String, String)],
    pub video_id: Option<&'a str>,
    /// The file name of the form's `file` part.
    pub file_name: &'a str,
    pub body: B,
    /// A request that shows no sign of life this long (no upload progress, no answer) ends as
    /// `NETWORK_TIMEOUT`; 0 waits forever.
    pub stall_timeout_ms: u32,
}

/// What the sender hears of a chunk's upload while it goes: its progress (bytes sent, framing
/// included), and the moment its last byte is sent (it then waits for its answer).
#[derive(Clone, Default)]
pub struct ChunkEvents {
    pub progress: Option<Rc<dyn Fn(u64)>>,
    pub sent: Option<Rc<dyn Fn()>>,
}

/// How requests go out: XHR for chunks and gloo-net (`fetch`) for calls in the browser, a
/// scripted network in the tests. A request that gets no answer ends with `NETWORK_ERROR` or
/// `NETWORK_TIMEOUT`; one the browser will not make, at once with `INVALID_REQUEST` and its
/// words. **Dropping a request's future aborts it** and leaves nothing of it behind (gloo's
/// rule): that is how `cancel()` stops what is in flight. Cloned for a task that outlives one
/// request (the shared token refresh).
pub trait Transport: Clone + 'static {
    type Blob: Blob;

    fn send_chunk(
        &self,
        request: ChunkRequest<'_, Self::Blob>,
        events: ChunkEvents,
    ) -> impl Future<Output = Result<Answer, UploadError>>;

    fn call(&self, call: Call<'_>) -> impl Future<Output = Result<Answer, UploadError>>;
}
