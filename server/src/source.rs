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

    fn place_bytes(
        &self,
        first: u64,
        last: u64,
        total: u64,
        len: u64,
    ) -> Result<Placement, String> {
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
        let replaces = match self
            .chunks
            .iter()
            .find(|c| c.seq <= last && first < c.seq + c.size)
        {
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
        let stored = self.stored();
        let after = if replaces { stored } else { stored + len };
        Ok(Placement {
            seq: first,
            mode: Mode::Bytes { total },
            replaces,
            completes: after == total,
        })
    }

    fn place_part(&self, number: u64, count: Option<u64>, len: u64) -> Result<Placement, String> {
        let known = match self.mode {
            Some(Mode::Bytes { .. }) => {
                return Err("This upload was started with `bytes` ranges: keep sending `Content-Range: bytes <first>-<last>/<total>`.".into());
            }
            Some(Mode::Parts { count }) => count,
            None => None,
        };
        if let (Some(known), Some(count)) = (known, count)
            && known != count
        {
            return Err(format!(
                "This part says the file has {count} parts, but an earlier one said {known}: every part must give the same count."
            ));
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
        Ok(Placement {
            seq: number,
            mode: Mode::Parts { count },
            replaces,
            completes,
        })
    }

    /// Where the chunk keyed `seq` starts in the assembled file (all earlier chunks stored).
    pub fn offset_of(&self, seq: u64) -> u64 {
        match self.mode {
            Some(Mode::Parts { .. }) => self
                .chunks
                .iter()
                .filter(|c| c.seq < seq)
                .map(|c| c.size)
                .sum(),
            _ => seq,
        }
    }

    /// True when every byte of the file has arrived (the start-up check for sources whose
    /// assembly a crash interrupted, `storage::db::videos_awaiting_assembly`).
    pub fn is_complete(&self) -> bool {
        match self.mode {
            Some(Mode::Bytes { total }) => self.stored() == total,
            Some(Mode::Parts { count: Some(count) }) => self.chunks.len() as u64 == count,
            _ => false,
        }
    }

    /// Bytes stored so far.
    fn stored(&self) -> u64 {
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
            state.chunks.push(Chunk {
                seq: p.seq,
                size: len,
            });
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
            let p = state
                .place(bytes(first, last, total), len)
                .expect("accepted");
            assert_eq!(p.seq, first);
            assert!(!p.replaces);
            assert_eq!(p.completes, i == order.len() - 1, "chunk {k}");
            store(&mut state, p, len);
        }
        assert!(state.is_complete());
        assert_eq!(state.stored(), total);
        assert_eq!(state.offset_of(10 * MIB), 10 * MIB);
    }

    #[test]
    fn a_resent_chunk_replaces_and_does_not_count_twice() {
        let total = 10 * MIB;
        let mut state = SourceState::default();
        let p = state
            .place(bytes(0, 5 * MIB - 1, total), 5 * MIB)
            .expect("first");
        store(&mut state, p, 5 * MIB);
        let again = state
            .place(bytes(0, 5 * MIB - 1, total), 5 * MIB)
            .expect("re-send");
        assert!(again.replaces);
        assert!(!again.completes);
        let last = state
            .place(bytes(5 * MIB, total - 1, total), 5 * MIB)
            .expect("last");
        assert!(last.completes);
        store(&mut state, last, 5 * MIB);
        // After completion, the same range is still accepted (a retry after a lost answer).
        let late = state
            .place(bytes(5 * MIB, total - 1, total), 5 * MIB)
            .expect("late re-send");
        assert!(late.replaces && late.completes);
    }

    #[test]
    fn bytes_rules_refuse_with_reasons() {
        let total = 20 * MIB;
        let mut state = SourceState::default();
        let p = state
            .place(bytes(0, 5 * MIB - 1, total), 5 * MIB)
            .expect("first");
        store(&mut state, p, 5 * MIB);

        let err = state
            .place(bytes(5 * MIB, 10 * MIB - 1, total + 1), 5 * MIB)
            .unwrap_err();
        assert!(err.contains("differs"), "{err}");
        let err = state
            .place(bytes(5 * MIB, 10 * MIB - 1, total), 5 * MIB - 1)
            .unwrap_err();
        assert!(err.contains("covers"), "{err}");
        let err = state
            .place(bytes(5 * MIB, 6 * MIB - 1, total), MIB)
            .unwrap_err();
        assert!(err.contains("at least"), "{err}");
        let err = state
            .place(bytes(MIB, 6 * MIB - 1, total), 5 * MIB)
            .unwrap_err();
        assert!(err.contains("overlap"), "{err}");
        let err = state
            .place(bytes(0, 6 * MIB - 1, total), 6 * MIB)
            .unwrap_err();
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
        assert!(
            state
                .place(part(2, Some(4)), 5 * MIB)
                .unwrap_err()
                .contains("earlier one said 3")
        );
        assert!(
            state
                .place(part(2, None), MIB)
                .unwrap_err()
                .contains("at least")
        );
        assert!(
            state
                .place(part(1, Some(3)), 5 * MIB + 1)
                .unwrap_err()
                .contains("same bytes")
        );
        assert!(
            state
                .place(bytes(0, 9, 10), 10)
                .unwrap_err()
                .contains("part")
        );

        let mut open = SourceState::default();
        for n in 1..=3 {
            let p = open.place(part(n, None), 5 * MIB).expect("part");
            store(&mut open, p, 5 * MIB);
        }
        assert!(
            open.place(part(2, Some(2)), 5 * MIB)
                .unwrap_err()
                .contains("Part 3 was received")
        );
        assert!(
            SourceState::default()
                .place(part(1, Some(1)), 0)
                .unwrap_err()
                .contains("empty")
        );
    }

    #[test]
    fn an_empty_last_part_after_others_is_accepted() {
        let mut state = SourceState::default();
        let p = state.place(part(1, None), 5 * MIB).expect("1");
        store(&mut state, p, 5 * MIB);
        assert!(
            state
                .place(part(2, Some(2)), 0)
                .expect("empty last")
                .completes
        );
    }
}

/// The placement rules over random files, random orders and random re-sends: every valid
/// order completes the file exactly when its last missing chunk arrives, with every chunk at
/// its offset; and any request, valid or not, is accepted exactly when it fits.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// A file cut the way clients cut it: chunks of at least [`MIN_CHUNK`], the last one any
    /// size from one byte. Sizes only: no bytes are needed to place chunks.
    fn chunk_sizes() -> impl Strategy<Value = Vec<u64>> {
        (
            prop::collection::vec(MIN_CHUNK..=3 * MIN_CHUNK, 0..7),
            1..=2 * MIN_CHUNK,
        )
            .prop_map(|(mut sizes, last)| {
                sizes.push(last);
                sizes
            })
    }

    /// The order chunks are sent in: each once, shuffled, and some sent again at random moments.
    fn sending_order(chunks: usize) -> impl Strategy<Value = Vec<usize>> {
        let once = Just((0..chunks).collect::<Vec<_>>()).prop_shuffle();
        let again = prop::collection::vec((0..chunks, any::<prop::sample::Index>()), 0..4);
        (once, again).prop_map(|(mut order, again)| {
            for (chunk, at) in again {
                let at = at.index(order.len() + 1);
                order.insert(at, chunk);
            }
            order
        })
    }

    fn plan() -> impl Strategy<Value = (Vec<u64>, Vec<usize>)> {
        chunk_sizes().prop_flat_map(|sizes| {
            let order = sending_order(sizes.len());
            (Just(sizes), order)
        })
    }

    fn offsets(sizes: &[u64]) -> Vec<u64> {
        sizes
            .iter()
            .scan(0, |at, size| Some(std::mem::replace(at, *at + size)))
            .collect()
    }

    /// Records an accepted chunk as storage does (a re-send keeps its one row).
    fn store(state: &mut SourceState, placement: Placement, size: u64) {
        state.mode = Some(placement.mode);
        if !placement.replaces {
            state.chunks.push(Chunk {
                seq: placement.seq,
                size,
            });
            state.chunks.sort_by_key(|c| c.seq);
        }
    }

    /// Checks one accepted placement against what was sent so far.
    fn check_sent(
        placement: Placement,
        sent_before: bool,
        all_sent: bool,
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(
            placement.replaces,
            sent_before,
            "a chunk replaces exactly when it was sent before"
        );
        prop_assert_eq!(
            placement.completes,
            all_sent,
            "the file completes exactly when every chunk has arrived"
        );
        Ok(())
    }

    /// A number near one of `edges` (within 2), or any.
    fn near(edges: Vec<u64>) -> impl Strategy<Value = u64> {
        let nearby = (prop::sample::select(edges), -2i64..=2)
            .prop_map(|(edge, delta)| edge.saturating_add_signed(delta));
        prop_oneof![4 => nearby, 1 => any::<u64>()]
    }

    /// Chunk lengths worth trying against a plan: its own, the edges of the size rule, none.
    fn lengths(sizes: &[u64]) -> Vec<u64> {
        let mut lengths = sizes.to_vec();
        lengths.extend([0, 1, MIN_CHUNK]);
        lengths
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn bytes_chunks_in_any_order_assemble_the_file((sizes, order) in plan()) {
            let (offsets, total) = (offsets(&sizes), sizes.iter().sum::<u64>());
            let mut state = SourceState::default();
            let mut sent = vec![false; sizes.len()];
            for &i in &order {
                let range = ContentRange::Bytes { first: offsets[i], last: offsets[i] + sizes[i] - 1, total };
                let placement = state.place(range, sizes[i]).map_err(TestCaseError::fail)?;
                let sent_before = std::mem::replace(&mut sent[i], true);
                check_sent(placement, sent_before, sent.iter().all(|s| *s))?;
                prop_assert_eq!(placement.seq, offsets[i]);
                store(&mut state, placement, sizes[i]);
            }
            prop_assert!(state.is_complete());
            prop_assert_eq!(state.stored(), total);
            for (i, chunk) in state.chunks.iter().enumerate() {
                prop_assert_eq!((chunk.seq, chunk.size), (offsets[i], sizes[i]));
                prop_assert_eq!(state.offset_of(chunk.seq), offsets[i]);
            }
        }

        #[test]
        fn parts_in_any_order_assemble_the_file((sizes, order) in plan(), say_count in prop::collection::vec(any::<bool>(), 16)) {
            let (offsets, count) = (offsets(&sizes), sizes.len() as u64);
            let mut state = SourceState::default();
            let mut sent = vec![false; sizes.len()];
            for (k, &i) in order.iter().enumerate() {
                let number = i as u64 + 1;
                // The last part always says it is the last; the others say the count or `*`.
                let known = (number == count || say_count[k % say_count.len()]).then_some(count);
                let placement = state.place(ContentRange::Part { number, count: known }, sizes[i]).map_err(TestCaseError::fail)?;
                let sent_before = std::mem::replace(&mut sent[i], true);
                check_sent(placement, sent_before, sent.iter().all(|s| *s))?;
                store(&mut state, placement, sizes[i]);
            }
            prop_assert!(state.is_complete());
            prop_assert_eq!(state.mode, Some(Mode::Parts { count: Some(count) }));
            prop_assert_eq!(state.stored(), sizes.iter().sum::<u64>());
            for (i, offset) in offsets.iter().enumerate() {
                prop_assert_eq!(state.offset_of(i as u64 + 1), *offset);
            }
        }

        /// After some chunks of a bytes upload, any range (valid as the parser sees it) with any
        /// length is accepted exactly when it is consistent with what is stored.
        #[test]
        fn a_bytes_request_is_accepted_exactly_when_it_fits(
            ((sizes, order), stored, first, span, total, len) in plan().prop_flat_map(|(sizes, order)| {
                let file_size = sizes.iter().sum::<u64>();
                let mut edges = vec![0, file_size];
                edges.extend(offsets(&sizes).iter().zip(&sizes).map(|(at, size)| at + size));
                let lengths = lengths(&sizes);
                let stored = 0..=order.len();
                let total = prop_oneof![3 => Just(file_size), 1 => near(edges.clone())];
                // None: the length the range declares.
                let len = prop::option::weighted(0.25, near(lengths.clone()));
                (Just((sizes, order)), stored, near(edges), near(lengths), total, len)
            })
        ) {
            let (offsets, file_size) = (offsets(&sizes), sizes.iter().sum::<u64>());
            let mut state = SourceState::default();
            for &i in &order[..stored] {
                let range = ContentRange::Bytes { first: offsets[i], last: offsets[i] + sizes[i] - 1, total: file_size };
                let placement = state.place(range, sizes[i]).map_err(TestCaseError::fail)?;
                store(&mut state, placement, sizes[i]);
            }
            // Only what the parser lets through: first <= last < total (a range past the
            // total becomes one that ends the file).
            let last = first.saturating_add(span.max(1) - 1).min(u64::MAX - 1);
            let first = first.min(last);
            let total = total.max(last + 1);
            let len = len.unwrap_or(last - first + 1);
            let overlapping = state.chunks.iter().filter(|c| first.max(c.seq) <= last.min(c.seq + c.size - 1)).collect::<Vec<_>>();
            let same_chunk = matches!(overlapping[..], [c] if c.seq == first && c.size == len);
            let fits = (stored == 0 || total == file_size)
                && len == last - first + 1
                && (last + 1 == total || len >= MIN_CHUNK)
                && (overlapping.is_empty() || same_chunk);
            let placed = state.place(ContentRange::Bytes { first, last, total }, len);
            prop_assert_eq!(placed.is_ok(), fits, "{:?}", placed);
            if let Ok(placement) = placed {
                prop_assert_eq!(placement.replaces, same_chunk);
                let received = state.stored() + if same_chunk { 0 } else { len };
                prop_assert_eq!(placement.completes, received == total);
            }
        }

        /// The same for parts: any part number, count and length, after some parts.
        #[test]
        fn a_part_is_accepted_exactly_when_it_fits(
            say_count in prop::collection::vec(any::<bool>(), 16),
            ((sizes, order), stored, number, count, len) in plan().prop_flat_map(|(sizes, order)| {
                let n = sizes.len() as u64;
                let stored = 0..=order.len();
                let number = prop_oneof![4 => 1..=n + 2, 1 => any::<u64>()];
                let count = prop::option::weighted(0.75, prop_oneof![4 => 1..=n + 2, 1 => any::<u64>()]);
                let len = near(lengths(&sizes));
                (Just((sizes, order)), stored, number, count, len)
            })
        ) {
            let parts = sizes.len() as u64;
            let mut state = SourceState::default();
            for (k, &i) in order[..stored].iter().enumerate() {
                let number = i as u64 + 1;
                let said = (number == parts || say_count[k % say_count.len()]).then_some(parts);
                let placement = state.place(ContentRange::Part { number, count: said }, sizes[i]).map_err(TestCaseError::fail)?;
                store(&mut state, placement, sizes[i]);
            }
            let stored_count = match state.mode {
                Some(Mode::Parts { count }) => count,
                _ => None,
            };
            // Only what the parser lets through: 1 <= number <= count.
            let count = count.map(|count| count.max(1));
            let number = number.clamp(1, count.unwrap_or(u64::MAX));
            let known = stored_count.or(count);
            let same_number = state.chunks.iter().find(|c| c.seq == number);
            let is_last = known == Some(number);
            let fits = stored_count.zip(count).is_none_or(|(stored, said)| stored == said)
                && known.is_none_or(|known| number <= known && state.chunks.iter().all(|c| c.seq <= known))
                && (is_last || len >= MIN_CHUNK)
                && !(is_last && number == 1 && len == 0)
                && same_number.is_none_or(|c| c.size == len);
            let placed = state.place(ContentRange::Part { number, count }, len);
            prop_assert_eq!(placed.is_ok(), fits, "{:?}", placed);
            if let Ok(placement) = placed {
                prop_assert_eq!(placement.replaces, same_number.is_some());
                let received = state.chunks.len() as u64 + u64::from(same_number.is_none());
                prop_assert_eq!(placement.completes, known == Some(received));
            }
        }
    }
}
