//! How a file of known size is cut into chunks, and the `Content-Range` each one is sent with.

use serde::{Deserialize, Serialize};

use super::limits::MIN_CHUNK_SIZE;

/// One slice of the file: bytes `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// 0-based position in the plan.
    pub index: usize,
    pub first: u64,
    /// Inclusive, as in `Content-Range`.
    pub last: u64,
}

impl Chunk {
    #[allow(clippy::len_without_is_empty)] // a chunk is never empty
    pub fn len(&self) -> u64 {
        self.last - self.first + 1
    }

    /// One past the last byte, for `Blob.slice(first, end)`.
    pub fn end(&self) -> u64 {
        self.last + 1
    }

    /// `bytes {first}-{last}/{total}`.
    pub fn content_range(&self, total: u64) -> String {
        format!("bytes {}-{}/{total}", self.first, self.last)
    }
}

/// How a file is cut. Both keep every chunk but the last at least 5 MiB (the protocol's
/// minimum) and send a file no larger than one chunk in one request. Remembered with a resumed
/// upload (`resume::ResumeState`), as `{"uniform":{"chunkSize":…}}` or `{"balanced":{…}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Layout {
    /// Every chunk `chunk_size` bytes but the last: what a `chunkSize` option asks for, as the
    /// official uploader does.
    Uniform { chunk_size: u64 },
    /// The default, planned for speed: a first chunk of the 5 MiB minimum, which goes alone,
    /// so that the `videoId` comes back fast; then the rest in equal chunks of at most
    /// `max_chunk` bytes, as many as `streams` (the chunks in flight) or a multiple of it, so
    /// that the parallel streams start together and finish together. `max_chunk` (50 MiB by
    /// default) keeps requests few: api.video allows 100 upload requests a minute.
    Balanced { max_chunk: u64, streams: usize },
}

/// Every chunk of a file, contiguous, covering `0..total`, cut by a [`Layout`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkPlan {
    total: u64,
    chunk_size: u64,
    chunks: Vec<Chunk>,
}

impl ChunkPlan {
    /// The uniform plan: chunks of `chunk_size` (validated by the options: 5 to 128 MiB; a 0
    /// is taken as 1 rather than looping forever). The tests' shorthand.
    #[cfg(test)]
    pub fn new(total: u64, chunk_size: u64) -> Self {
        Self::with_layout(total, Layout::Uniform { chunk_size })
    }

    pub fn with_layout(total: u64, layout: Layout) -> Self {
        let (lengths, nominal) = match layout {
            Layout::Uniform { chunk_size } => {
                (uniform_lengths(total, chunk_size.max(1)), chunk_size)
            }
            Layout::Balanced { max_chunk, streams } => {
                let lengths =
                    balanced_lengths(total, max_chunk.max(MIN_CHUNK_SIZE), streams.max(1));
                let longest = lengths.iter().copied().max().unwrap_or(max_chunk);
                (lengths, longest)
            }
        };
        let mut first = 0;
        let chunks: Vec<Chunk> = lengths
            .into_iter()
            .enumerate()
            .map(|(index, len)| {
                let chunk = Chunk {
                    index,
                    first,
                    last: first + len - 1,
                };
                first += len;
                chunk
            })
            .collect();
        ChunkPlan {
            total,
            chunk_size: nominal,
            chunks,
        }
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    /// The `chunksBytes` of progress events: a uniform plan's chunk size, a balanced plan's
    /// longest chunk.
    pub fn chunk_size(&self) -> u64 {
        self.chunk_size
    }

    /// Empty for an empty file; a single chunk for a file of at most `chunk_size` bytes.
    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    pub fn len(&self) -> usize {
        self.chunks.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    #[cfg(test)]
    pub fn get(&self, index: usize) -> Option<Chunk> {
        self.chunks.get(index).copied()
    }
}

fn uniform_lengths(total: u64, chunk_size: u64) -> Vec<u64> {
    (0..total.div_ceil(chunk_size))
        .map(|n| chunk_size.min(total - n * chunk_size))
        .collect()
}

fn balanced_lengths(total: u64, max_chunk: u64, streams: usize) -> Vec<u64> {
    if total <= max_chunk {
        return uniform_lengths(total, max_chunk);
    }
    let rest = total - MIN_CHUNK_SIZE;
    let streams = streams as u64;
    // Fewest chunks of at most max_chunk; at most as many as keep them 5 MiB long.
    let fewest = rest.div_ceil(max_chunk);
    let most = (rest / MIN_CHUNK_SIZE).max(fewest);
    let count = fewest.div_ceil(streams) * streams;
    let count = count.min(most).max(fewest);
    let (base, longer) = (rest / count, rest % count);
    let mut lengths = vec![MIN_CHUNK_SIZE];
    if count > 1 && base < MIN_CHUNK_SIZE {
        // max_chunk so close to 5 MiB that equal chunks would be too short: full ones, then the rest.
        lengths.extend(uniform_lengths(rest, max_chunk));
    } else {
        lengths.extend((0..count).map(|n| base + u64::from(n < longer)));
    }
    lengths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::limits::{DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MIB, MIN_CHUNK_SIZE};

    const GIB: u64 = 1024 * MIB;

    /// The protocol's rules for any plan: contiguous from 0 to total-1, every chunk but the
    /// last at least 5 MiB and none over `max`, a file of at most `max` in one chunk.
    fn assert_follows_the_protocol(plan: &ChunkPlan, max: u64, what: &str) {
        let chunks = plan.chunks();
        let mut expected_first = 0;
        for (position, chunk) in chunks.iter().enumerate() {
            assert_eq!(chunk.index, position, "{what}");
            assert_eq!(chunk.first, expected_first, "contiguous: {what}");
            assert!(chunk.len() <= max, "chunk {position} over {max}: {what}");
            if position + 1 < chunks.len() {
                assert!(
                    chunk.len() >= MIN_CHUNK_SIZE,
                    "chunk {position} under 5 MiB: {what}"
                );
            }
            expected_first = chunk.end();
        }
        assert_eq!(expected_first, plan.total(), "{what}");
        if plan.total() <= max {
            assert_eq!(plan.len(), usize::from(plan.total() > 0), "{what}");
        }
    }

    /// The properties every plan must have, whatever the sizes.
    fn assert_plan_is_sound(total: u64, chunk_size: u64) {
        let plan = ChunkPlan::new(total, chunk_size);
        let what = format!("total {total}, chunk size {chunk_size}");
        assert_eq!(plan.total(), total, "{what}");
        assert_eq!(plan.chunk_size(), chunk_size, "{what}");
        assert_eq!(plan.len() as u64, total.div_ceil(chunk_size), "{what}");
        assert_eq!(plan.is_empty(), total == 0, "{what}");
        let chunks = plan.chunks();
        let mut expected_first = 0;
        for (position, chunk) in chunks.iter().enumerate() {
            assert_eq!(chunk.index, position, "{what}");
            assert_eq!(chunk.first, expected_first, "contiguous: {what}");
            assert!(chunk.first <= chunk.last, "{what}");
            if position + 1 < chunks.len() {
                assert_eq!(chunk.len(), chunk_size, "full chunk: {what}");
            } else {
                assert_eq!(chunk.last, total - 1, "last ends at total-1: {what}");
                assert!(chunk.len() <= chunk_size, "{what}");
            }
            assert_eq!(chunk.end(), chunk.last + 1);
            assert_eq!(plan.get(position), Some(*chunk));
            expected_first = chunk.end();
        }
        assert_eq!(chunks.iter().map(Chunk::len).sum::<u64>(), total, "{what}");
        assert_eq!(plan.get(chunks.len()), None);
    }

    #[test]
    fn every_size_gives_a_sound_plan() {
        let sizes = [0, 1, 5 * MIB - 1, 5 * MIB, 5 * MIB + 1, 50 * MIB, GIB + 1];
        for chunk_size in [MIN_CHUNK_SIZE, DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE] {
            for total in sizes {
                assert_plan_is_sound(total, chunk_size);
            }
        }
    }

    #[test]
    fn chunk_counts() {
        let counts = |total: u64| {
            [MIN_CHUNK_SIZE, DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE]
                .map(|chunk_size| ChunkPlan::new(total, chunk_size).len())
        };
        assert_eq!(counts(0), [0, 0, 0]);
        assert_eq!(counts(1), [1, 1, 1]);
        assert_eq!(counts(5 * MIB - 1), [1, 1, 1]);
        assert_eq!(counts(5 * MIB), [1, 1, 1]);
        assert_eq!(counts(5 * MIB + 1), [2, 1, 1]);
        assert_eq!(counts(50 * MIB), [10, 1, 1]);
        assert_eq!(counts(GIB + 1), [205, 21, 9]);
    }

    #[test]
    fn content_ranges_are_exact() {
        let one_byte = ChunkPlan::new(1, MIN_CHUNK_SIZE);
        assert_eq!(one_byte.chunks()[0].content_range(1), "bytes 0-0/1");

        let just_over = ChunkPlan::new(5 * MIB + 1, MIN_CHUNK_SIZE);
        let ranges: Vec<String> = just_over
            .chunks()
            .iter()
            .map(|c| c.content_range(just_over.total()))
            .collect();
        assert_eq!(
            ranges,
            ["bytes 0-5242879/5242881", "bytes 5242880-5242880/5242881"]
        );

        let exact = ChunkPlan::new(5 * MIB, MIN_CHUNK_SIZE);
        assert_eq!(
            exact.chunks()[0].content_range(5 * MIB),
            "bytes 0-5242879/5242880"
        );

        let big = ChunkPlan::new(GIB + 1, MAX_CHUNK_SIZE);
        let last = big.get(big.len() - 1).expect("a last chunk");
        assert_eq!(
            last.content_range(big.total()),
            "bytes 1073741824-1073741824/1073741825"
        );
        assert_eq!(
            big.chunks()[1].content_range(big.total()),
            "bytes 134217728-268435455/1073741825"
        );
    }

    #[test]
    fn balanced_plans_follow_the_protocol() {
        let sizes = [
            0,
            1,
            5 * MIB,
            50 * MIB,
            50 * MIB + 1,
            55 * MIB,
            60 * MIB - 1,
            200 * MIB,
            2 * GIB + 7,
            10 * GIB,
        ];
        for streams in [1, 2, 3, 4, 6, 16] {
            for max in [MIN_CHUNK_SIZE, 6 * MIB, DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE] {
                for total in sizes {
                    let plan = ChunkPlan::with_layout(
                        total,
                        Layout::Balanced {
                            max_chunk: max,
                            streams,
                        },
                    );
                    assert_follows_the_protocol(
                        &plan,
                        max,
                        &format!("total {total}, max {max}, {streams} streams"),
                    );
                }
            }
        }
    }

    #[test]
    fn balanced_plan_of_200_mib_on_6_streams() {
        let plan = ChunkPlan::with_layout(
            200 * MIB,
            Layout::Balanced {
                max_chunk: DEFAULT_CHUNK_SIZE,
                streams: 6,
            },
        );
        let lengths: Vec<u64> = plan.chunks().iter().map(Chunk::len).collect();
        // 5 MiB alone for the videoId, then 195 MiB over the 6 streams: 6 chunks of 32.5 MiB
        // that finish together, 7 requests in all.
        assert_eq!(
            lengths,
            [
                5 * MIB,
                34078720,
                34078720,
                34078720,
                34078720,
                34078720,
                34078720
            ]
        );
        assert_eq!(plan.chunk_size(), 34078720);
    }

    #[test]
    fn balanced_chunks_come_in_whole_waves_of_at_most_max() {
        // 2 GiB: 2043 MiB after the first chunk need 41 chunks of 50 MiB; 42 fill 7 waves of 6.
        let plan = ChunkPlan::with_layout(
            2 * GIB,
            Layout::Balanced {
                max_chunk: DEFAULT_CHUNK_SIZE,
                streams: 6,
            },
        );
        assert_eq!(plan.len(), 1 + 42);
        let rest: Vec<u64> = plan.chunks()[1..].iter().map(Chunk::len).collect();
        assert!(
            rest.iter().all(|&len| len.abs_diff(rest[0]) <= 1),
            "equal chunks: {rest:?}"
        );
        // A small file still gives each stream a chunk, as long as chunks stay 5 MiB long.
        let small = ChunkPlan::with_layout(
            55 * MIB,
            Layout::Balanced {
                max_chunk: DEFAULT_CHUNK_SIZE,
                streams: 6,
            },
        );
        assert_eq!(small.len(), 1 + 6);
        let tiny = ChunkPlan::with_layout(
            60 * MIB - 1,
            Layout::Balanced {
                max_chunk: 50 * MIB,
                streams: 16,
            },
        );
        assert_eq!(tiny.len(), 1 + 10, "no more chunks than 5 MiB pieces");
        // At most max, even where whole waves would need shorter chunks than 5 MiB.
        let tight = ChunkPlan::with_layout(
            100 * MIB,
            Layout::Balanced {
                max_chunk: MIN_CHUNK_SIZE,
                streams: 6,
            },
        );
        assert_eq!(tight.len(), 1 + 19);
    }

    #[test]
    fn a_file_of_one_chunk_goes_in_one_request() {
        for layout in [
            Layout::Balanced {
                max_chunk: DEFAULT_CHUNK_SIZE,
                streams: 6,
            },
            Layout::Uniform {
                chunk_size: DEFAULT_CHUNK_SIZE,
            },
        ] {
            assert_eq!(ChunkPlan::with_layout(50 * MIB, layout).len(), 1);
            assert_eq!(ChunkPlan::with_layout(0, layout).len(), 0);
        }
    }

    #[test]
    fn a_zero_chunk_size_does_not_hang() {
        assert_eq!(ChunkPlan::new(3, 0).len(), 3);
    }
}
