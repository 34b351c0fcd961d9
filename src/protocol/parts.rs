//! ProgressiveUploader's merge policy, mirroring the official one: the blobs given to
//! `uploadPart` are held until together they make a part of at least 5 MiB (every part but the
//! last must), then sent merged as one part.

use super::limits::{MIB, MIN_CHUNK_SIZE};

/// The blobs given to `uploadPart` and not sent yet, with their sizes: the one place they are
/// held. `B` is a `Blob` in the browser, anything in the tests.
pub struct PartBuffer<B> {
    merge_small_parts: bool,
    /// Always keep the newest blob back, so that `uploadLastPart` never sends an empty part.
    prevent_empty_parts: bool,
    /// The blobs held and their sizes, oldest first.
    held: Vec<(B, u64)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartAction<B> {
    Hold,
    /// Send these blobs merged as one part.
    Send(Vec<B>),
}

impl<B> PartBuffer<B> {
    pub fn new(merge_small_parts: bool, prevent_empty_parts: bool) -> Self {
        PartBuffer {
            merge_small_parts,
            prevent_empty_parts,
            held: Vec::new(),
        }
    }

    /// A blob of `size` arrived through uploadPart. Err when merging is off and size < 5 MiB
    /// (the blob is then not held).
    /// Rules as the official uploader: without preventEmptyParts, send everything held once
    /// the held total reaches 5 MiB; with it, keep the newest blob back and send the others
    /// once they alone reach 5 MiB; with merging off, send at once (with preventEmptyParts:
    /// send the blob held before, keep this one).
    pub fn push(&mut self, blob: B, size: u64) -> Result<PartAction<B>, String> {
        if !self.merge_small_parts && size < MIN_CHUNK_SIZE {
            return Err(format!(
                "Each part must have a minimal size of 5MB. The current part has a size of {}MB: give uploadPart \
                 blobs of at least 5MB, or leave mergeSmallPartsBeforeUpload on so that small blobs are merged.",
                format_mib(size)
            ));
        }
        let held_before = self.held_bytes();
        self.held.push((blob, size));
        let ready = !self.merge_small_parts
            || if self.prevent_empty_parts {
                held_before >= MIN_CHUNK_SIZE
            } else {
                held_before + size >= MIN_CHUNK_SIZE
            };
        if !ready {
            return Ok(PartAction::Hold);
        }
        let count = if self.prevent_empty_parts {
            self.held.len() - 1
        } else {
            self.held.len()
        };
        Ok(if count == 0 {
            PartAction::Hold
        } else {
            PartAction::Send(self.held.drain(..count).map(|(blob, _)| blob).collect())
        })
    }

    /// uploadLastPart(blob of size): everything held plus this blob goes as the last part.
    pub fn last(&mut self, blob: B, size: u64) -> Vec<B> {
        self.held.push((blob, size));
        self.held.drain(..).map(|(blob, _)| blob).collect()
    }

    pub fn held_bytes(&self) -> u64 {
        self.held.iter().map(|(_, size)| size).sum()
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
    super::js_number((mib * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushes blobs named 1, 2, … of these sizes in MiB into a new buffer.
    fn push_all(buffer: &mut PartBuffer<u64>, sizes_in_mib: &[u64]) -> Vec<PartAction<u64>> {
        sizes_in_mib
            .iter()
            .zip(1..)
            .map(|(size, name)| buffer.push(name, size * MIB).expect("accepted"))
            .collect()
    }

    use PartAction::{Hold, Send};

    #[test]
    fn merging_sends_everything_once_5_mib_are_held() {
        let mut buffer = PartBuffer::new(true, false);
        assert_eq!(
            push_all(&mut buffer, &[1, 2, 3, 6]),
            [Hold, Hold, Send(vec![1, 2, 3]), Send(vec![4])]
        );
        assert_eq!(buffer.held_bytes(), 0);
        assert_eq!(buffer.push(5, 4 * MIB), Ok(Hold));
        assert_eq!(buffer.held_bytes(), 4 * MIB);
        assert_eq!(buffer.last(6, MIB), [5, 6]);
        assert_eq!(buffer.held_bytes(), 0);
    }

    #[test]
    fn exactly_5_mib_is_enough() {
        let mut buffer = PartBuffer::new(true, false);
        assert_eq!(buffer.push(1, 5 * MIB - 1), Ok(Hold));
        assert_eq!(buffer.push(2, 1), Ok(Send(vec![1, 2])));
    }

    #[test]
    fn preventing_empty_parts_keeps_the_newest_blob_back() {
        let mut buffer = PartBuffer::new(true, true);
        assert_eq!(
            push_all(&mut buffer, &[1, 2, 3, 6]),
            [Hold, Hold, Hold, Send(vec![1, 2, 3])]
        );
        assert_eq!(buffer.held_bytes(), 6 * MIB);
        // The 6 MiB blob held back reaches 5 MiB alone: it goes when the next one arrives.
        assert_eq!(buffer.push(5, MIB), Ok(Send(vec![4])));
        assert_eq!(buffer.held_bytes(), MIB);
        assert_eq!(buffer.last(6, 2 * MIB), [5, 6]);
    }

    #[test]
    fn the_last_part_with_nothing_held_is_the_blob_alone() {
        let mut buffer = PartBuffer::new(true, false);
        assert_eq!(buffer.last(1, 0), [1]);
        let mut buffer = PartBuffer::new(true, true);
        assert_eq!(push_all(&mut buffer, &[6, 6]), [Hold, Send(vec![1])]);
        assert_eq!(buffer.last(3, 0), [2, 3]);
    }

    #[test]
    fn without_merging_small_blobs_are_refused() {
        let mut buffer = PartBuffer::new(false, false);
        let message = buffer.push(1, MIB + MIB / 2).expect_err("refused");
        assert_eq!(
            message,
            "Each part must have a minimal size of 5MB. The current part has a size of 1.5MB: give uploadPart blobs of at least 5MB, or leave mergeSmallPartsBeforeUpload on so that small blobs are merged."
        );
        assert_eq!(buffer.held_bytes(), 0, "a refused blob is not held");
        assert_eq!(
            push_all(&mut buffer, &[6, 5]),
            [Send(vec![1]), Send(vec![2])]
        );
        // The last part may be small.
        assert_eq!(buffer.last(3, MIB), [3]);
    }

    #[test]
    fn without_merging_but_preventing_empty_parts_sends_the_previous_blob() {
        let mut buffer = PartBuffer::new(false, true);
        assert_eq!(
            push_all(&mut buffer, &[6, 7, 8]),
            [Hold, Send(vec![1]), Send(vec![2])]
        );
        assert_eq!(buffer.held_bytes(), 8 * MIB);
        assert_eq!(buffer.last(4, MIB), [3, 4]);
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
