//! How a file of known size is cut into chunks, and the `Content-Range` each one is sent with.

use alloc::string::String;
use alloc::vec::Vec;

use super::text::{cat, decimal};

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
        cat!("bytes ", decimal(self.first), "-", decimal(self.last), "/", decimal(total))
    }
}

/// Every chunk of a file: all of `chunk_size` bytes except the last, contiguous, covering
/// `0..total`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkPlan {
    total: u64,
    chunk_size: u64,
    chunks: Vec<Chunk>,
}

impl ChunkPlan {
    /// `chunk_size` is validated by the options (5 to 128 MiB); a 0 is taken as 1 rather than
    /// looping forever.
    pub fn new(total: u64, chunk_size: u64) -> Self {
        let chunk_size = chunk_size.max(1);
        let chunks = (0..total.div_ceil(chunk_size))
            .map(|n| {
                let first = n * chunk_size;
                Chunk {
                    index: n as usize,
                    first,
                    last: (first + chunk_size).min(total) - 1,
                }
            })
            .collect();
        ChunkPlan {
            total,
            chunk_size,
            chunks,
        }
    }

    pub fn total(&self) -> u64 {
        self.total
    }

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

    pub fn is_empty(&self) -> bool {
        self.chunks.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<Chunk> {
        self.chunks.get(index).copied()
    }
}

/// Progressive uploads: "part {n}/*", or "part {n}/{n}" for the last part.
pub fn part_content_range(part: u64, is_last: bool) -> String {
    if is_last {
        cat!("part ", decimal(part), "/", decimal(part))
    } else {
        cat!("part ", decimal(part), "/*")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MIB, MIN_CHUNK_SIZE};

    const GIB: u64 = 1024 * MIB;

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
    fn a_zero_chunk_size_does_not_hang() {
        assert_eq!(ChunkPlan::new(3, 0).len(), 3);
    }

    #[test]
    fn part_ranges() {
        assert_eq!(part_content_range(1, false), "part 1/*");
        assert_eq!(part_content_range(7, false), "part 7/*");
        assert_eq!(part_content_range(7, true), "part 7/7");
        assert_eq!(part_content_range(1, true), "part 1/1");
    }
}
