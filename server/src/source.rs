//! Where an incoming chunk fits in a video's source, and whether it completes it.
//!
//! This is the pure core of the upload rules (PROTOCOL.md, rules 2, 3 and 5): it sees the
//! chunks already stored and one new chunk, and decides. Storage and HTTP live elsewhere,
//! so every rule here is unit-tested without a server.

use crate::content_range::ContentRange;

/// Every chunk but the last is at least this long.
pub const MIN_CHUNK: u64 = 5 * 1024 * 1024;

/// How a video's chunks are addressed, fixed by its first chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `bytes first-last/total`: chunks are keyed by their first byte.
    Bytes { total: u64 },
    /// `part n/m`: chunks are keyed by part number; the count is known once a part says it.
    Parts { count: Option<u64> },
}

/// A stored chunk: its key (first byte, or part number) and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    pub seq: u64,
    pub size: u64,
}

/// What is stored of a video's source so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceState {
    pub mode: Option<Mode>,
    /// Sorted by `seq`, no two with the same key, byte ranges never overlapping.
    pub chunks: Vec<Chunk>,
}

/// The decision for an accepted chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    /// The key the chunk is stored under.
    pub seq: u64,
    /// The video's mode once this chunk is stored (a part may reveal the count).
    pub mode: Mode,
    /// True when the chunk replaces a stored one of the same key and length (a re-send).
    pub replaces: bool,
    /// True when, with this chunk, every byte of the file has arrived.
    pub completes: bool,
}

impl SourceState {
    /// Decides where a chunk of `len` bytes declared as `range` goes, or why it cannot.
    /// The error is a sentence for the problem body, naming what to do instead.
    pub fn place(&self, range: ContentRange, len: u64) -> Result<Placement, String> {
        match range {
            ContentRange::Bytes { first, last, total } => self.place_bytes(first, last, total, len),
            ContentRange::Part { number, count } => self.place_part(number, count, len),
        }
    }

    fn place_bytes(&self, first: u64, last: u64, total: u64, len: u64) -> Result<Placement, String> {
        match self.mode {
            Some(Mode::Parts { .. }) => {
                return Err("This upload was started with `part` ranges: keep sending `Content-Range: part <n>/<m>`.".into());
            }
            Some(Mode::Bytes { total: known }) if known != total => {
                return Err(format!(
                    "The total size {total} differs from the {known} bytes announced by the first chunk: every chunk of a file must give the same total."
                ));
            }
            _ => {}
        }
        let declared = last - first + 1;
        if declared != len {
            return Err(format!(
                "Content-Range `bytes {first}-{last}/{total}` covers {declared} bytes, but the file part holds {len}: send exactly the bytes of the range."
            ));
        }
        if last + 1 != total && len < MIN_CHUNK {
            return Err(format!(
                "This chunk holds {len} bytes: every chunk but the one that ends the file must hold at least {MIN_CHUNK} bytes (5 MiB)."
            ));
        }
        let replaces = match self.chunks.iter().find(|c| c.seq <= last && first < c.seq + c.size) {
            None => false,
            Some(c) if c.seq == first && c.size == len => true,
            Some(c) => {
                return Err(format!(
                    "Bytes {first}-{last} overlap bytes {}-{} received before: re-send exactly that range, or a range that does not overlap it.",
                    c.seq,
                    c.seq + c.size - 1
                ));
            }
        };
        let stored: u64 = self.chunks.iter().map(|c| c.size).sum();
        let after = if replaces { stored } else { stored + len };
        Ok(Placement { seq: first, mode: Mode::Bytes { total }, replaces, completes: after == total })
    }

    fn place_part(&self, number: u64, count: Option<u64>, len: u64) -> Result<Placement, String> {
        let known = match self.mode {
            Some(Mode::Bytes { .. }) => {
                return Err("This upload was started with `bytes` ranges: keep sending `Content-Range: bytes <first>-<last>/<total>`.".into());
            }
            Some(Mode::Parts { count }) => count,
            None => None,
        };
        if let (Some(known), Some(count)) = (known, count) {
            if known != count {
                return Err(format!(
                    "This part says the file has {count} parts, but an earlier one said {known}: every part must give the same count."
                ));
            }
        }
        let count = known.or(count);
        if let Some(count) = count {
            if number > count {
                return Err(format!("Part {number} is past the last part, {count}."));
            }
            if let Some(beyond) = self.chunks.iter().find(|c| c.seq > count) {
                return Err(format!(
                    "Part {} was received before, so the file cannot have only {count} parts.",
                    beyond.seq
                ));
            }
        }
        let is_last = count == Some(number);
        if !is_last && len < MIN_CHUNK {
            return Err(format!(
                "Part {number} holds {len} bytes: every part but the last must hold at least {MIN_CHUNK} bytes (5 MiB)."
            ));
        }
        if is_last && number == 1 && len == 0 {
            return Err("The file is empty: send at least one byte.".into());
        }
        let replaces = match self.chunks.iter().find(|c| c.seq == number) {
            None => false,
            Some(c) if c.size == len => true,
            Some(c) => {
                return Err(format!(
                    "Part {number} was received before with {} bytes: a re-sent part must carry the same bytes.",
                    c.size
                ));
            }
        };
        let received = self.chunks.len() as u64 + u64::from(!replaces);
        let completes = count.is_some_and(|count| received == count);
        Ok(Placement { seq: number, mode: Mode::Parts { count }, replaces, completes })
    }

    /// Where the chunk keyed `seq` starts in the assembled file (all earlier chunks stored).
    pub fn offset_of(&self, seq: u64) -> u64 {
        match self.mode {
            Some(Mode::Parts { .. }) => self.chunks.iter().filter(|c| c.seq < seq).map(|c| c.size).sum(),
            _ => seq,
        }
    }

    /// True when every byte of the file has arrived.
    pub fn is_complete(&self) -> bool {
        match self.mode {
            Some(Mode::Bytes { total }) => self.chunks.iter().map(|c| c.size).sum::<u64>() == total,
            Some(Mode::Parts { count: Some(count) }) => self.chunks.len() as u64 == count,
            _ => false,
        }
    }

    /// Bytes stored so far.
    pub fn received(&self) -> u64 {
        self.chunks.iter().map(|c| c.size).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1024 * 1024;

    fn bytes(first: u64, last: u64, total: u64) -> ContentRange {
        ContentRange::Bytes { first, last, total }
    }

    fn part(number: u64, count: Option<u64>) -> ContentRange {
        ContentRange::Part { number, count }
    }

    /// Stores a placement the way the server does, so tests can chain chunks.
    fn store(state: &mut SourceState, p: Placement, len: u64) {
        state.mode = Some(p.mode);
        if !p.replaces {
            state.chunks.push(Chunk { seq: p.seq, size: len });
            state.chunks.sort_by_key(|c| c.seq);
        }
    }

    #[test]
    fn bytes_chunks_out_of_order_complete_the_file() {
        let total = 23 * MIB;
        let mut state = SourceState::default();
        let order = [0, 3, 1, 4, 2];
        for (i, k) in order.into_iter().enumerate() {
            let first = k * 5 * MIB;
            let last = (first + 5 * MIB).min(total) - 1;
            let len = last - first + 1;
            let p = state.place(bytes(first, last, total), len).expect("accepted");
            assert_eq!(p.seq, first);
            assert!(!p.replaces);
            assert_eq!(p.completes, i == order.len() - 1, "chunk {k}");
            store(&mut state, p, len);
        }
        assert!(state.is_complete());
        assert_eq!(state.received(), total);
        assert_eq!(state.offset_of(10 * MIB), 10 * MIB);
    }

    #[test]
    fn a_resent_chunk_replaces_and_does_not_count_twice() {
        let total = 10 * MIB;
        let mut state = SourceState::default();
        let p = state.place(bytes(0, 5 * MIB - 1, total), 5 * MIB).expect("first");
        store(&mut state, p, 5 * MIB);
        let again = state.place(bytes(0, 5 * MIB - 1, total), 5 * MIB).expect("re-send");
        assert!(again.replaces);
        assert!(!again.completes);
        let last = state.place(bytes(5 * MIB, total - 1, total), 5 * MIB).expect("last");
        assert!(last.completes);
        store(&mut state, last, 5 * MIB);
        // After completion, the same range is still accepted (a retry after a lost answer).
        let late = state.place(bytes(5 * MIB, total - 1, total), 5 * MIB).expect("late re-send");
        assert!(late.replaces && late.completes);
    }

    #[test]
    fn bytes_rules_refuse_with_reasons() {
        let total = 20 * MIB;
        let mut state = SourceState::default();
        let p = state.place(bytes(0, 5 * MIB - 1, total), 5 * MIB).expect("first");
        store(&mut state, p, 5 * MIB);

        let err = state.place(bytes(5 * MIB, 10 * MIB - 1, total + 1), 5 * MIB).unwrap_err();
        assert!(err.contains("differs"), "{err}");
        let err = state.place(bytes(5 * MIB, 10 * MIB - 1, total), 5 * MIB - 1).unwrap_err();
        assert!(err.contains("covers"), "{err}");
        let err = state.place(bytes(5 * MIB, 6 * MIB - 1, total), MIB).unwrap_err();
        assert!(err.contains("at least"), "{err}");
        let err = state.place(bytes(MIB, 6 * MIB - 1, total), 5 * MIB).unwrap_err();
        assert!(err.contains("overlap"), "{err}");
        let err = state.place(bytes(0, 6 * MIB - 1, total), 6 * MIB).unwrap_err();
        assert!(err.contains("overlap"), "{err}");
        let err = state.place(part(2, None), 5 * MIB).unwrap_err();
        assert!(err.contains("bytes"), "{err}");
        // The last chunk may be small.
        assert!(state.place(bytes(total - 10, total - 1, total), 10).is_ok());
    }

    #[test]
    fn a_small_file_in_one_chunk_completes_at_once() {
        let state = SourceState::default();
        let p = state.place(bytes(0, 99, 100), 100).expect("whole");
        assert!(p.completes);
        let p = state.place(part(1, Some(1)), 100).expect("one part");
        assert!(p.completes);
    }

    #[test]
    fn parts_with_unknown_count_complete_on_the_last() {
        let mut state = SourceState::default();
        for n in 1..=3 {
            let p = state.place(part(n, None), 5 * MIB).expect("part");
            assert!(!p.completes);
            store(&mut state, p, 5 * MIB);
        }
        let p = state.place(part(4, Some(4)), 123).expect("last");
        assert!(p.completes);
        assert_eq!(p.mode, Mode::Parts { count: Some(4) });
        store(&mut state, p, 123);
        assert!(state.is_complete());
        assert_eq!(state.offset_of(4), 15 * MIB);
        assert_eq!(state.offset_of(1), 0);
    }

    #[test]
    fn parts_may_arrive_out_of_order_once_the_count_is_known() {
        let mut state = SourceState::default();
        let p = state.place(part(1, Some(3)), 5 * MIB).expect("1");
        store(&mut state, p, 5 * MIB);
        let p = state.place(part(3, Some(3)), 10).expect("3");
        assert!(!p.completes);
        store(&mut state, p, 10);
        let p = state.place(part(2, Some(3)), 5 * MIB).expect("2");
        assert!(p.completes);
    }

    #[test]
    fn part_rules_refuse_with_reasons() {
        let mut state = SourceState::default();
        let p = state.place(part(1, Some(3)), 5 * MIB).expect("1");
        store(&mut state, p, 5 * MIB);
        assert!(state.place(part(2, Some(4)), 5 * MIB).unwrap_err().contains("earlier one said 3"));
        assert!(state.place(part(2, None), MIB).unwrap_err().contains("at least"));
        assert!(state.place(part(1, Some(3)), 5 * MIB + 1).unwrap_err().contains("same bytes"));
        assert!(state.place(bytes(0, 9, 10), 10).unwrap_err().contains("part"));

        let mut open = SourceState::default();
        for n in 1..=3 {
            let p = open.place(part(n, None), 5 * MIB).expect("part");
            store(&mut open, p, 5 * MIB);
        }
        assert!(open.place(part(2, Some(2)), 5 * MIB).unwrap_err().contains("Part 3 was received"));
        assert!(SourceState::default().place(part(1, Some(1)), 0).unwrap_err().contains("empty"));
    }

    #[test]
    fn an_empty_last_part_after_others_is_accepted() {
        let mut state = SourceState::default();
        let p = state.place(part(1, None), 5 * MIB).expect("1");
        store(&mut state, p, 5 * MIB);
        assert!(state.place(part(2, Some(2)), 0).expect("empty last").completes);
    }
}
