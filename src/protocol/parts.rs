//! ProgressiveUploader's merge policy, mirroring the official one: the blobs given to
//! `uploadPart` are held until together they make a part of at least 5 MiB (every part but the
//! last must), then sent merged as one part.

use super::limits::{MIB, MIN_CHUNK_SIZE};

pub struct PartBuffer {
    merge_small_parts: bool,
    /// Always keep the newest blob back, so that `uploadLastPart` never sends an empty part.
    prevent_empty_parts: bool,
    /// Sizes of the blobs held, oldest first.
    held: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartAction {
    Hold,
    /// Send the first `blobs` held blobs merged as one part.
    Send {
        blobs: usize,
    },
}

impl PartBuffer {
    pub fn new(merge_small_parts: bool, prevent_empty_parts: bool) -> Self {
        PartBuffer {
            merge_small_parts,
            prevent_empty_parts,
            held: Vec::new(),
        }
    }

    /// A blob of `size` arrived through uploadPart. Err when merging is off and size < 5 MiB.
    /// Rules as the official uploader: without preventEmptyParts, send everything held once
    /// the held total reaches 5 MiB; with it, keep the newest blob back and send the others
    /// once they alone reach 5 MiB; with merging off, send at once (with preventEmptyParts:
    /// send the blob held before, keep this one).
    pub fn push(&mut self, size: u64) -> Result<PartAction, String> {
        if !self.merge_small_parts && size < MIN_CHUNK_SIZE {
            return Err(format!(
                "Each part must have a minimal size of 5MB. The current part has a size of {}MB: give uploadPart \
                 blobs of at least 5MB, or leave mergeSmallPartsBeforeUpload on so that small blobs are merged.",
                format_mib(size)
            ));
        }
        self.held.push(size);
        let held_before = self.held_bytes() - size;
        let ready = !self.merge_small_parts
            || if self.prevent_empty_parts {
                held_before >= MIN_CHUNK_SIZE
            } else {
                held_before + size >= MIN_CHUNK_SIZE
            };
        if !ready {
            return Ok(PartAction::Hold);
        }
        let blobs = if self.prevent_empty_parts {
            self.held.len() - 1
        } else {
            self.held.len()
        };
        self.held.drain(..blobs);
        Ok(if blobs == 0 {
            PartAction::Hold
        } else {
            PartAction::Send { blobs }
        })
    }

    /// uploadLastPart(blob of size): everything held plus this blob goes as the last part;
    /// returns how many blobs that is.
    pub fn last(&mut self, size: u64) -> usize {
        self.held.push(size);
        let blobs = self.held.len();
        self.held.clear();
        blobs
    }

    pub fn held_bytes(&self) -> u64 {
        self.held.iter().sum()
    }
}

/// Progressive uploads: "part {n}/*", or "part {n}/{n}" for the last part.
pub fn part_content_range(part: u64, is_last: bool) -> String {
    if is_last {
        format!("part {part}/{part}")
    } else {
        format!("part {part}/*")
    }
}

/// Bytes as MiB with at most two decimals: 1048576 -> "1", 1572864 -> "1.5".
fn format_mib(bytes: u64) -> String {
    let mib = bytes as f64 / MIB as f64;
    ((mib * 100.0).round() / 100.0).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn push_all(buffer: &mut PartBuffer, sizes_in_mib: &[u64]) -> Vec<PartAction> {
        sizes_in_mib
            .iter()
            .map(|size| buffer.push(size * MIB).expect("accepted"))
            .collect()
    }

    use PartAction::{Hold, Send};

    #[test]
    fn merging_sends_everything_once_5_mib_are_held() {
        let mut buffer = PartBuffer::new(true, false);
        assert_eq!(
            push_all(&mut buffer, &[1, 2, 3, 6]),
            [Hold, Hold, Send { blobs: 3 }, Send { blobs: 1 }]
        );
        assert_eq!(buffer.held_bytes(), 0);
        assert_eq!(push_all(&mut buffer, &[4]), [Hold]);
        assert_eq!(buffer.held_bytes(), 4 * MIB);
        assert_eq!(buffer.last(MIB), 2);
        assert_eq!(buffer.held_bytes(), 0);
    }

    #[test]
    fn exactly_5_mib_is_enough() {
        let mut buffer = PartBuffer::new(true, false);
        assert_eq!(buffer.push(5 * MIB - 1), Ok(Hold));
        assert_eq!(buffer.push(1), Ok(Send { blobs: 2 }));
    }

    #[test]
    fn preventing_empty_parts_keeps_the_newest_blob_back() {
        let mut buffer = PartBuffer::new(true, true);
        assert_eq!(
            push_all(&mut buffer, &[1, 2, 3, 6]),
            [Hold, Hold, Hold, Send { blobs: 3 }]
        );
        assert_eq!(buffer.held_bytes(), 6 * MIB);
        // The 6 MiB blob held back reaches 5 MiB alone: it goes when the next one arrives.
        assert_eq!(push_all(&mut buffer, &[1]), [Send { blobs: 1 }]);
        assert_eq!(buffer.held_bytes(), MIB);
        assert_eq!(buffer.last(2 * MIB), 2);
    }

    #[test]
    fn the_last_part_with_nothing_held_is_the_blob_alone() {
        let mut buffer = PartBuffer::new(true, false);
        assert_eq!(buffer.last(0), 1);
        let mut buffer = PartBuffer::new(true, true);
        assert_eq!(push_all(&mut buffer, &[6, 6]), [Hold, Send { blobs: 1 }]);
        assert_eq!(buffer.last(0), 2);
    }

    #[test]
    fn without_merging_small_blobs_are_refused() {
        let mut buffer = PartBuffer::new(false, false);
        let message = buffer.push(MIB + MIB / 2).expect_err("refused");
        assert_eq!(
            message,
            "Each part must have a minimal size of 5MB. The current part has a size of 1.5MB: give uploadPart blobs of at least 5MB, or leave mergeSmallPartsBeforeUpload on so that small blobs are merged."
        );
        assert!(message.starts_with(
            "Each part must have a minimal size of 5MB. The current part has a size of 1.5MB"
        ));
        assert!(message.contains("mergeSmallPartsBeforeUpload"));
        assert_eq!(buffer.held_bytes(), 0, "a refused blob is not held");
        assert_eq!(
            push_all(&mut buffer, &[6, 5]),
            [Send { blobs: 1 }, Send { blobs: 1 }]
        );
        // The last part may be small.
        assert_eq!(buffer.last(1), 1);
    }

    #[test]
    fn without_merging_but_preventing_empty_parts_sends_the_previous_blob() {
        let mut buffer = PartBuffer::new(false, true);
        assert_eq!(
            push_all(&mut buffer, &[6, 7, 8]),
            [Hold, Send { blobs: 1 }, Send { blobs: 1 }]
        );
        assert_eq!(buffer.held_bytes(), 8 * MIB);
        assert_eq!(buffer.last(MIB), 2);
    }

    #[test]
    fn mib_formatting() {
        assert_eq!(format_mib(MIB), "1");
        assert_eq!(format_mib(0), "0");
        assert_eq!(format_mib(3 * MIB / 4), "0.75");
        assert_eq!(format_mib(1000), "0");
        assert_eq!(format_mib(4 * MIB + 10 * 1024), "4.01");
    }

    #[test]
    fn part_ranges() {
        assert_eq!(part_content_range(1, false), "part 1/*");
        assert_eq!(part_content_range(7, false), "part 7/*");
        assert_eq!(part_content_range(7, true), "part 7/7");
        assert_eq!(part_content_range(1, true), "part 1/1");
    }
}
