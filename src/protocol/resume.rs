//! What `resume: true` remembers (in localStorage, in the browser): which chunks of which video
//! the server has acknowledged, so that a reloaded page sends only the others, for as long as
//! the service keeps a started upload open.

use serde::{Deserialize, Serialize};

use super::chunk_plan::{Chunk, ChunkPlan, Layout};
use super::limits::{MAX_CHUNK_SIZE, MIN_CHUNK_SIZE};

/// 3 since states are JSON with their start time: a state of an older version is not read,
/// and that upload starts afresh.
pub const RESUME_STATE_VERSION: u32 = 3;
/// How long a remembered upload can be resumed after it started: api.video keeps a started
/// upload open for 24 hours (the widget lists interrupted uploads as long).
pub const RESUME_TTL_MS: f64 = 24.0 * 3600.0 * 1000.0;
/// More streams than any `parallelChunks` allows: a stored state beyond it is not ours.
const MAX_STORED_STREAMS: usize = 64;
pub const STORAGE_KEY_PREFIX: &str = "video-uploader-wasm:resume:";

/// A stored state is only usable with its `video_id` (known once the first chunk finished);
/// the uploader then cuts the file with the stored `layout`, since the server refuses the same
/// bytes with other bounds.
///
/// Stored as JSON: `{"version":3,"videoId":"vi…","total":…,"layout":{"balanced":{"maxChunk":…,
/// "streams":6}},"done":[0,2],"startedAt":…}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResumeState {
    /// [`RESUME_STATE_VERSION`].
    pub version: u32,
    pub video_id: Option<String>,
    pub total: u64,
    pub layout: Layout,
    /// Sorted, unique chunk indices.
    pub done: Vec<usize>,
    /// When the upload started, in ms since 1970 (`Date.now()`): it expires
    /// [`RESUME_TTL_MS`] later.
    pub started_at: f64,
}

/// "video-uploader-wasm:resume:" + a short stable hash (FNV-1a 64, hex) of credential, name,
/// size and lastModified, so the token itself is not written into the key.
pub fn storage_key(credential: &str, file_name: &str, size: u64, last_modified: f64) -> String {
    let mut hash = Fnv1a64::new();
    // The 0 separators keep ("ab", "c") and ("a", "bc") apart.
    hash.write(credential.as_bytes());
    hash.write(&[0]);
    hash.write(file_name.as_bytes());
    hash.write(&[0]);
    hash.write(&size.to_le_bytes());
    hash.write(&last_modified.to_bits().to_le_bytes());
    format!("{STORAGE_KEY_PREFIX}{:016x}", hash.finish())
}

/// FNV-1a, 64 bits, written out: the key must stay the same across versions, platforms and
/// builds (pages reload into newer builds), which `std`'s hashers do not promise.
struct Fnv1a64(u64);

impl Fnv1a64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv1a64(Self::OFFSET_BASIS)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl ResumeState {
    pub fn new(total: u64, layout: Layout, started_at: f64) -> Self {
        ResumeState {
            version: RESUME_STATE_VERSION,
            video_id: None,
            total,
            layout,
            done: Vec::new(),
            started_at,
        }
    }

    /// The chunks of this upload, as they were first planned.
    pub fn plan(&self) -> ChunkPlan {
        ChunkPlan::with_layout(self.total, self.layout)
    }

    /// The remembered upload of a file of `total` bytes, at `now`. None for text that is not a
    /// state of this version, another total, a layout out of range, a video id that is not one,
    /// indices past the plan, or a state expired at `now`. Unsorted or repeated indices are
    /// tidied.
    pub fn parse(text: &str, total: u64, now: f64) -> Option<Self> {
        let mut state: ResumeState = crate::json::from_str(text)?;
        let layout_ok = match state.layout {
            Layout::Uniform { chunk_size } => {
                (MIN_CHUNK_SIZE..=MAX_CHUNK_SIZE).contains(&chunk_size)
            }
            Layout::Balanced { max_chunk, streams } => {
                (MIN_CHUNK_SIZE..=MAX_CHUNK_SIZE).contains(&max_chunk)
                    && (1..=MAX_STORED_STREAMS).contains(&streams)
            }
        };
        let video_id_ok = state
            .video_id
            .as_deref()
            .is_none_or(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()));
        if state.version != RESUME_STATE_VERSION
            || state.total != total
            || !layout_ok
            || !video_id_ok
            || state.is_expired(now)
        {
            return None;
        }
        let chunks_count = state.plan().len();
        if state.done.iter().any(|&index| index >= chunks_count) {
            return None;
        }
        for index in std::mem::take(&mut state.done) {
            state.mark_done(index);
        }
        Some(state)
    }

    /// The JSON that [`ResumeState::parse`] reads back.
    pub fn to_json(&self) -> String {
        crate::json::to_string(self)
    }

    /// True from [`RESUME_TTL_MS`] after the start (and for a start in the future: a clock
    /// that was wrong then cannot keep a state forever).
    pub fn is_expired(&self, now: f64) -> bool {
        let age = now - self.started_at;
        !(0.0..RESUME_TTL_MS).contains(&age)
    }

    /// Merges one acknowledged chunk: `done` stays sorted, without duplicates.
    pub fn mark_done(&mut self, index: usize) {
        if let Err(position) = self.done.binary_search(&index) {
            self.done.insert(position, index);
        }
    }

    pub fn is_done(&self, index: usize) -> bool {
        self.done.binary_search(&index).is_ok()
    }

    /// The chunks still to send, in order.
    pub fn missing(&self, plan: &ChunkPlan) -> Vec<Chunk> {
        plan.chunks()
            .iter()
            .filter(|chunk| !self.is_done(chunk.index))
            .copied()
            .collect()
    }
}

/// When a remembered upload started and until when it can be resumed: what a page that keeps
/// its own records of interrupted uploads (the widget) shows and keeps them by, so that the
/// page and the library count one 24 hours from one moment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Remembered {
    pub started_at: f64,
    pub expires_at: f64,
}

/// The upload remembered as `text` (stored under one of our keys), None when it is not a state
/// this version reads, or expired at `now`.
pub fn remembered(text: &str, now: f64) -> Option<Remembered> {
    let state: ResumeState = crate::json::from_str(text)?;
    (state.version == RESUME_STATE_VERSION && !state.is_expired(now)).then_some(Remembered {
        started_at: state.started_at,
        expires_at: state.started_at + RESUME_TTL_MS,
    })
}

/// True when `text`, stored under one of our keys, can go: see [`remembered`].
pub fn is_stale(text: &str, now: f64) -> bool {
    remembered(text, now).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::limits::MIB;

    const TOTAL: u64 = 12 * MIB; // 5 + 5 + 2 MiB at 5 MiB chunks
    const UNIFORM: Layout = Layout::Uniform {
        chunk_size: MIN_CHUNK_SIZE,
    };
    /// 2023-11-14, a `Date.now()`.
    const START: f64 = 1_700_000_000_000.0;
    const HOUR: f64 = 3600.0 * 1000.0;

    fn plan() -> ChunkPlan {
        ChunkPlan::new(TOTAL, MIN_CHUNK_SIZE)
    }

    #[test]
    fn mark_done_merges_out_of_order_and_twice() {
        let mut state = ResumeState::new(TOTAL, UNIFORM, START);
        assert_eq!(state.missing(&plan()).len(), 3);
        state.mark_done(2);
        state.mark_done(0);
        state.mark_done(2);
        assert_eq!(state.done, [0, 2]);
        assert!(state.is_done(0));
        assert!(!state.is_done(1));
        assert!(state.is_done(2));
        assert_eq!(state.missing(&plan()), [plan().get(1).expect("chunk")]);
        state.mark_done(1);
        assert!(state.missing(&plan()).is_empty());
    }

    #[test]
    fn round_trip() {
        let mut state = ResumeState::new(TOTAL, UNIFORM, START);
        state.video_id = Some("vi4blUQJFrYWbaG44NChkH27".to_owned());
        state.mark_done(1);
        let json = state.to_json();
        assert_eq!(
            json,
            r#"{"version":3,"videoId":"vi4blUQJFrYWbaG44NChkH27","total":12582912,"layout":{"uniform":{"chunkSize":5242880}},"done":[1],"startedAt":1700000000000.0}"#
        );
        assert_eq!(ResumeState::parse(&json, TOTAL, START + HOUR), Some(state));
        let fresh = ResumeState::new(TOTAL, UNIFORM, START);
        assert_eq!(
            ResumeState::parse(&fresh.to_json(), TOTAL, START),
            Some(fresh)
        );
    }

    #[test]
    fn a_balanced_layout_round_trips_with_its_plan() {
        let total = 200 * MIB;
        let layout = Layout::Balanced {
            max_chunk: 50 * MIB,
            streams: 6,
        };
        let mut state = ResumeState::new(total, layout, START);
        state.video_id = Some("vi1".to_owned());
        state.mark_done(0);
        state.mark_done(6);
        let json = state.to_json();
        assert!(
            json.contains(r#""layout":{"balanced":{"maxChunk":52428800,"streams":6}}"#),
            "{json}"
        );
        let read = ResumeState::parse(&json, total, START).expect("usable");
        assert_eq!(read.plan(), ChunkPlan::with_layout(total, layout));
        assert_eq!(read.missing(&read.plan()).len(), 5);
        let past = json.replace("[0,6]", "[7]");
        assert_eq!(
            ResumeState::parse(&past, total, START),
            None,
            "index past the 7 chunks"
        );
    }

    #[test]
    fn parse_tidies_the_indices() {
        let json = ResumeState::new(TOTAL, UNIFORM, START)
            .to_json()
            .replace("[]", "[2,0,2]");
        let state = ResumeState::parse(&json, TOTAL, START).expect("usable");
        assert_eq!(state.done, [0, 2]);
    }

    #[test]
    fn parse_refuses_what_does_not_fit() {
        let mut valid = ResumeState::new(TOTAL, UNIFORM, START);
        valid.video_id = Some("vi1".to_owned());
        valid.mark_done(2);
        let valid = valid.to_json();
        assert!(ResumeState::parse(&valid, TOTAL, START).is_some());
        let refused = [
            (
                "the line of version 2",
                "2 12582912 5242880 0 vi1 2".to_owned(),
            ),
            ("empty", String::new()),
            (
                "other version",
                valid.replace(r#""version":3"#, r#""version":4"#),
            ),
            ("index past the plan", valid.replace("[2]", "[3]")),
            ("index not a number", valid.replace("[2]", r#"["x"]"#)),
            ("video id with odd characters", valid.replace("vi1", "vi/1")),
            ("empty video id", valid.replace("vi1", "")),
            ("chunk size too small", valid.replace("5242880", "1048576")),
            ("chunk size too big", valid.replace("5242880", "134217729")),
            (
                "too many streams",
                valid.replace(
                    r#"{"uniform":{"chunkSize":5242880}}"#,
                    r#"{"balanced":{"maxChunk":5242880,"streams":65}}"#,
                ),
            ),
            (
                "no start time",
                valid.replace(r#","startedAt":1700000000000.0"#, ""),
            ),
        ];
        for (why, text) in refused {
            assert_eq!(ResumeState::parse(&text, TOTAL, START), None, "{why}");
        }
        assert_eq!(
            ResumeState::parse(&valid, TOTAL + 1, START),
            None,
            "other total"
        );
    }

    #[test]
    fn what_a_page_is_told_of_a_remembered_upload() {
        let text = r#"{"version":3,"videoId":"vi1","total":12582912,"layout":{"uniform":{"chunkSize":5242880}},"done":[1],"startedAt":1700000000000.0}"#;
        let told = remembered(text, 1_700_000_000_000.0 + 1000.0).expect("remembered");
        assert_eq!(told.started_at, 1_700_000_000_000.0);
        assert_eq!(told.expires_at, 1_700_000_000_000.0 + RESUME_TTL_MS);
        assert_eq!(remembered(text, told.expires_at), None, "expired");
        assert_eq!(remembered("{}", 0.0), None);
    }

    #[test]
    fn a_state_expires_24_hours_after_the_upload_started() {
        let state = ResumeState::new(TOTAL, UNIFORM, START).to_json();
        assert!(ResumeState::parse(&state, TOTAL, START + 23.9 * HOUR).is_some());
        assert!(!is_stale(&state, START + 23.9 * HOUR));
        assert_eq!(ResumeState::parse(&state, TOTAL, START + 24.0 * HOUR), None);
        assert!(is_stale(&state, START + 24.0 * HOUR));
        assert!(is_stale(&state, START - HOUR), "started in the future");
        assert!(
            is_stale("2 12582912 5242880 0 vi1 2", START),
            "an older version"
        );
    }

    #[test]
    fn storage_key_is_stable_distinct_and_hides_the_token() {
        let token = "to1R5Lb5gNwJxFXcbAk2z7Ij";
        let key = storage_key(token, "movie.mp4", 1000, 1_700_000_000_000.0);
        assert_eq!(
            key,
            storage_key(token, "movie.mp4", 1000, 1_700_000_000_000.0)
        );
        assert!(key.starts_with("video-uploader-wasm:resume:"), "{key}");
        assert_eq!(key.len(), "video-uploader-wasm:resume:".len() + 16);
        assert!(!key.contains(token));
        let others = [
            storage_key("to2", "movie.mp4", 1000, 1_700_000_000_000.0),
            storage_key(token, "movie2.mp4", 1000, 1_700_000_000_000.0),
            storage_key(token, "movie.mp4", 1001, 1_700_000_000_000.0),
            storage_key(token, "movie.mp4", 1000, 1_700_000_000_001.0),
            storage_key(&format!("{token}m"), "ovie.mp4", 1000, 1_700_000_000_000.0),
        ];
        for other in &others {
            assert_ne!(&key, other);
        }
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        let hash = |bytes: &[u8]| {
            let mut h = Fnv1a64::new();
            h.write(bytes);
            h.finish()
        };
        assert_eq!(hash(b""), 0xcbf29ce484222325);
        assert_eq!(hash(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(hash(b"foobar"), 0x85944171f73967e8);
    }
}
