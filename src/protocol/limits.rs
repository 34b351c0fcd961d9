//! The protocol's sizes and the options' defaults.

pub const MIB: u64 = 1024 * 1024;
/// Every chunk but the last must be at least this long (the server refuses shorter ones).
pub const MIN_CHUNK_SIZE: u64 = 5 * MIB;
/// The largest chunk of a balanced layout (VideoUploader without `chunkSize`).
#[cfg(feature = "uploaders")]
pub const DEFAULT_CHUNK_SIZE: u64 = 50 * MIB;
#[cfg(feature = "uploaders")]
pub const MAX_CHUNK_SIZE: u64 = 128 * MIB;
pub const DEFAULT_RETRIES: u32 = 6;
/// Chunks sending at once after the first: HTTP/1.1 browsers open 6 connections to a host, and
/// on a path whose connections are slow each one adds its own rate (npm run bench measures it).
#[cfg(feature = "uploaders")]
pub const DEFAULT_PARALLEL_CHUNKS: usize = 6;
/// How long a request may show no sign of life (no upload progress, no answer) before it is
/// aborted and retried as `NETWORK_TIMEOUT`. While any byte moves, browsers report upload
/// progress many times a second, even on a slow mobile link, and api.video answers a chunk
/// within seconds of its last byte: 30 s of silence is a dead connection (a black-holed
/// request, a proxy that swallowed the answer), not a slow one, and still short enough that
/// the user sees the upload move again before giving up on it.
pub const DEFAULT_STALL_TIMEOUT_MS: u32 = 30_000;
/// setTimeout's limit (24.8 days): a longer `stallTimeout` would fire at once.
pub const MAX_TIMEOUT_MS: u32 = i32::MAX as u32;
/// More chunks in flight than this only cost memory: browsers open about six connections per host.
#[cfg(feature = "uploaders")]
pub const MAX_PARALLEL_CHUNKS: usize = 16;
/// The shortest `stallTimeout` accepted: below a second, a busy page's timers alone could
/// abort healthy requests.
pub const MIN_STALL_TIMEOUT_MS: u32 = 1_000;
