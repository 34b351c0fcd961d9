//! What `resume: true` keeps in localStorage: which chunks of which video the server has
//! acknowledged, so that a reloaded page sends only the others.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use super::chunk_plan::{Chunk, ChunkPlan, Layout};
use super::text::{cat, decimal, hex_lower, join, parse_decimal, split_at_each};
use super::{MAX_CHUNK_SIZE, MIN_CHUNK_SIZE};

/// 2 since the balanced layout: a state of version 1 (uniform chunks only) is not read, and
/// that upload starts afresh.
pub const RESUME_STATE_VERSION: u32 = 2;
/// More streams than any `parallelChunks` allows: a stored state beyond it is not ours.
const MAX_STORED_STREAMS: usize = 64;
const STORAGE_KEY_PREFIX: &str = "video-uploader-wasm:resume:";

/// A stored state is only usable with its `video_id` (known once the first chunk finished);
/// the uploader then cuts the file with the stored `layout`, since the server refuses the same
/// bytes with other bounds.
///
/// Stored as one short line, `2 <total> <chunk size> <streams> <video id or -> <done indices,
/// comma-separated>`, where streams is 0 for the uniform layout (chunk size = its chunks) and
/// the stream count of the balanced one (chunk size = its longest allowed chunk): a format
/// this small needs no JSON library in the wasm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeState {
    /// [`RESUME_STATE_VERSION`].
    pub version: u32,
    pub video_id: Option<String>,
    pub total: u64,
    pub layout: Layout,
    /// Sorted, unique chunk indices.
    pub done: Vec<usize>,
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
    cat!(STORAGE_KEY_PREFIX, hex_lower(hash.finish(), 16))
}

/// FNV-1a, 64 bits: tiny, stable across versions and platforms (unlike `std`'s hashers).
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
    pub fn new(total: u64, layout: Layout) -> Self {
        ResumeState {
            version: RESUME_STATE_VERSION,
            video_id: None,
            total,
            layout,
            done: Vec::new(),
        }
    }

    /// The chunks of this upload, as they were first planned.
    pub fn plan(&self) -> ChunkPlan {
        ChunkPlan::with_layout(self.total, self.layout)
    }

    /// None for text that is not a state, another version, another total, a chunk size out
    /// of range, or indices past the plan. Unsorted or repeated indices are tidied.
    pub fn parse(text: &str, total: u64) -> Option<Self> {
        let mut fields = split_at_each(text, b' ');
        let version = u32::try_from(parse_decimal(fields.next()?)?).ok()?;
        let stored_total = parse_decimal(fields.next()?)?;
        let chunk_size = parse_decimal(fields.next()?)?;
        let streams = usize::try_from(parse_decimal(fields.next()?)?).ok()?;
        let video_id = match fields.next()? {
            "-" => None,
            id if !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                Some(id.to_owned())
            }
            _ => return None,
        };
        let done_text = fields.next()?;
        let chunk_size_ok = (MIN_CHUNK_SIZE..=MAX_CHUNK_SIZE).contains(&chunk_size);
        if fields.next().is_some()
            || version != RESUME_STATE_VERSION
            || stored_total != total
            || !chunk_size_ok
            || streams > MAX_STORED_STREAMS
        {
            return None;
        }
        let layout = match streams {
            0 => Layout::Uniform { chunk_size },
            streams => Layout::Balanced {
                max_chunk: chunk_size,
                streams,
            },
        };
        let mut state = ResumeState {
            version,
            video_id,
            total,
            layout,
            done: Vec::new(),
        };
        let chunks_count = state.plan().len();
        for index in split_at_each(done_text, b',').filter(|part| !part.is_empty()) {
            let index = usize::try_from(parse_decimal(index)?).ok()?;
            if index >= chunks_count {
                return None;
            }
            state.mark_done(index);
        }
        Some(state)
    }

    /// The line [`ResumeState::parse`] reads back.
    pub fn to_text(&self) -> String {
        let done: Vec<String> = self
            .done
            .iter()
            .map(|&index| decimal(index as u64))
            .collect();
        let done: Vec<&str> = done.iter().map(String::as_str).collect();
        let video_id = self.video_id.as_deref().unwrap_or("-");
        let (chunk_size, streams) = match self.layout {
            Layout::Uniform { chunk_size } => (chunk_size, 0),
            Layout::Balanced { max_chunk, streams } => (max_chunk, streams as u64),
        };
        let (version, total, chunk_size, streams) = (
            decimal(self.version.into()),
            decimal(self.total),
            decimal(chunk_size),
            decimal(streams),
        );
        cat!(
            version,
            " ",
            total,
            " ",
            chunk_size,
            " ",
            streams,
            " ",
            video_id,
            " ",
            join(&done, ",")
        )
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

    pub fn done_bytes(&self, plan: &ChunkPlan) -> u64 {
        self.done
            .iter()
            .filter_map(|&index| plan.get(index))
            .map(|chunk| chunk.len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::MIB;

    const TOTAL: u64 = 12 * MIB; // 5 + 5 + 2 MiB at 5 MiB chunks
    const UNIFORM: Layout = Layout::Uniform {
        chunk_size: MIN_CHUNK_SIZE,
    };

    fn plan() -> ChunkPlan {
        ChunkPlan::new(TOTAL, MIN_CHUNK_SIZE)
    }

    #[test]
    fn mark_done_merges_out_of_order_and_twice() {
        let mut state = ResumeState::new(TOTAL, UNIFORM);
        assert_eq!(state.missing(&plan()).len(), 3);
        state.mark_done(2);
        state.mark_done(0);
        state.mark_done(2);
        assert_eq!(state.done, [0, 2]);
        assert!(state.is_done(0));
        assert!(!state.is_done(1));
        assert!(state.is_done(2));
        assert_eq!(state.missing(&plan()), [plan().get(1).expect("chunk")]);
        assert_eq!(state.done_bytes(&plan()), 7 * MIB);
        state.mark_done(1);
        assert!(state.missing(&plan()).is_empty());
        assert_eq!(state.done_bytes(&plan()), TOTAL);
    }

    #[test]
    fn round_trip() {
        let mut state = ResumeState::new(TOTAL, UNIFORM);
        state.video_id = Some("vi4blUQJFrYWbaG44NChkH27".to_owned());
        state.mark_done(1);
        let text = state.to_text();
        assert_eq!(text, "2 12582912 5242880 0 vi4blUQJFrYWbaG44NChkH27 1");
        assert_eq!(ResumeState::parse(&text, TOTAL), Some(state));
        let fresh = ResumeState::new(TOTAL, UNIFORM);
        assert_eq!(fresh.to_text(), "2 12582912 5242880 0 - ");
        assert_eq!(ResumeState::parse(&fresh.to_text(), TOTAL), Some(fresh));
    }

    #[test]
    fn a_balanced_layout_round_trips_with_its_plan() {
        let total = 200 * MIB;
        let layout = Layout::Balanced {
            max_chunk: 50 * MIB,
            streams: 6,
        };
        let mut state = ResumeState::new(total, layout);
        state.video_id = Some("vi1".to_owned());
        state.mark_done(0);
        state.mark_done(6);
        let text = state.to_text();
        assert_eq!(text, "2 209715200 52428800 6 vi1 0,6");
        let read = ResumeState::parse(&text, total).expect("usable");
        assert_eq!(read.plan(), ChunkPlan::with_layout(total, layout));
        assert_eq!(read.missing(&read.plan()).len(), 5);
        assert_eq!(
            ResumeState::parse("2 209715200 52428800 6 vi1 7", total),
            None,
            "index past the 7 chunks"
        );
    }

    #[test]
    fn parse_tidies_the_indices() {
        let state = ResumeState::parse("2 12582912 5242880 0 vi1 2,0,2", TOTAL).expect("usable");
        assert_eq!(state.done, [0, 2]);
    }

    #[test]
    fn parse_refuses_what_does_not_fit() {
        let valid = "2 12582912 5242880 0 vi1 2";
        assert!(ResumeState::parse(valid, TOTAL).is_some());
        let refused = [
            ("JSON of an older build", r#"{"version":1}"#),
            ("too few fields", "2 12582912 5242880 0 vi1"),
            ("too many fields", "2 12582912 5242880 0 vi1 2 x"),
            ("empty", ""),
            (
                "version 1, before the balanced layout",
                "1 12582912 5242880 vi1 2",
            ),
            ("other version", "3 12582912 5242880 0 vi1 2"),
            ("index past the plan", "2 12582912 5242880 0 vi1 3"),
            ("index not a number", "2 12582912 5242880 0 vi1 x"),
            (
                "video id with odd characters",
                "2 12582912 5242880 0 vi/1 2",
            ),
            ("chunk size too small", "2 12582912 1048576 0 vi1 2"),
            ("chunk size too big", "2 12582912 134217729 0 vi1 2"),
            ("streams not a number", "2 12582912 5242880 x vi1 2"),
            ("too many streams", "2 12582912 5242880 65 vi1 2"),
        ];
        for (why, json) in refused {
            assert_eq!(ResumeState::parse(json, TOTAL), None, "{why}");
        }
        assert_eq!(ResumeState::parse(valid, TOTAL + 1), None, "other total");
    }

    #[test]
    fn done_bytes_ignores_indices_outside_the_plan() {
        let mut state = ResumeState::new(TOTAL, UNIFORM);
        state.mark_done(2);
        state.mark_done(9);
        assert_eq!(state.done_bytes(&plan()), 2 * MIB);
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
