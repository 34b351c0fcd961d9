//! Aggregated progress over the chunks in flight, so that parallel chunks and retries give one
//! total that only moves forward (except when a failed attempt's bytes are taken back) and
//! ends exactly at the file size.

use serde::Serialize;

use super::chunk_plan::{Chunk, ChunkPlan};

/// The official `UploadProgressEvent` fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressEvent {
    pub uploaded_bytes: u64,
    pub total_bytes: u64,
    pub chunks_count: usize,
    /// The chunk size.
    pub chunks_bytes: u64,
    /// 1-based.
    pub current_chunk: usize,
    pub current_chunk_uploaded_bytes: u64,
}

/// The least time between two events about bytes in flight. A browser fires an upload progress
/// event every few kilobytes (2,954 for 23 MiB on loopback), and each one crossing into a
/// listener costs more than a progress bar gains: 20 a second are plenty. Acknowledgements and
/// take-backs are not held back, so the last event still says every byte is uploaded.
pub const PROGRESS_INTERVAL_MS: f64 = 50.0;

/// Lets an event about bytes in flight through at most every [`PROGRESS_INTERVAL_MS`].
#[derive(Default)]
pub struct ProgressThrottle {
    last: Option<f64>,
}

impl ProgressThrottle {
    /// True when an event at `now_ms` may go out (and counts it as the last one that did). A
    /// clock that goes back lets the event through.
    pub fn admit(&mut self, now_ms: f64) -> bool {
        if let Some(last) = self.last
            && now_ms >= last
            && now_ms - last < PROGRESS_INTERVAL_MS
        {
            return false;
        }
        self.last = Some(now_ms);
        true
    }
}

pub struct Progress {
    total: u64,
    chunk_size: u64,
    chunks_count: usize,
    /// Bytes of acknowledged chunks, including those finished before a resume.
    finished_bytes: u64,
    /// By chunk index: acknowledged in this session, so a late progress event cannot count it twice.
    finished: Vec<bool>,
    /// By chunk index: bytes sent so far by the current attempt (0 when not in flight).
    loaded: Vec<u64>,
}

impl Progress {
    /// `already_done` = bytes of chunks finished before (resume).
    pub fn new(plan: &ChunkPlan, already_done: u64) -> Self {
        Progress {
            total: plan.total(),
            chunk_size: plan.chunk_size(),
            chunks_count: plan.len(),
            finished_bytes: already_done.min(plan.total()),
            finished: vec![false; plan.len()],
            loaded: vec![0; plan.len()],
        }
    }

    /// XHR upload progress for `chunk`: `loaded` counts multipart framing too, so it is
    /// clamped to chunk.len(); a smaller value than seen before for this attempt is ignored
    /// (so the total never goes back except through `retry`). Ignored for a finished chunk.
    pub fn update(&mut self, chunk: &Chunk, loaded: u64) -> ProgressEvent {
        if self.is_finished(chunk) {
            return self.event(chunk, chunk.len());
        }
        let Some(seen) = self.loaded.get_mut(chunk.index) else {
            return self.event(chunk, 0);
        };
        *seen = (*seen).max(loaded.min(chunk.len()));
        let current = *seen;
        self.event(chunk, current)
    }

    /// The chunk's attempt failed and will be retried: its bytes are taken back.
    pub fn retry(&mut self, chunk: &Chunk) -> ProgressEvent {
        if self.is_finished(chunk) {
            return self.event(chunk, chunk.len());
        }
        if let Some(seen) = self.loaded.get_mut(chunk.index) {
            *seen = 0;
        }
        self.event(chunk, 0)
    }

    /// The chunk was acknowledged: its bytes count as done (once, however often it is called).
    pub fn finish(&mut self, chunk: &Chunk) -> ProgressEvent {
        if let (Some(seen), Some(finished)) = (
            self.loaded.get_mut(chunk.index),
            self.finished.get_mut(chunk.index),
        ) {
            *seen = 0;
            if !*finished {
                *finished = true;
                self.finished_bytes += chunk.len();
            }
        }
        self.event(chunk, chunk.len())
    }

    fn is_finished(&self, chunk: &Chunk) -> bool {
        self.finished.get(chunk.index).copied().unwrap_or(false)
    }

    /// Finished bytes plus what the attempts in flight have sent, never more than the file.
    pub fn uploaded(&self) -> u64 {
        let in_flight: u64 = self.loaded.iter().sum();
        (self.finished_bytes + in_flight).min(self.total)
    }

    fn event(&self, chunk: &Chunk, current_chunk_uploaded_bytes: u64) -> ProgressEvent {
        ProgressEvent {
            uploaded_bytes: self.uploaded(),
            total_bytes: self.total,
            chunks_count: self.chunks_count,
            chunks_bytes: self.chunk_size,
            current_chunk: chunk.index + 1,
            current_chunk_uploaded_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::limits::{MIB, MIN_CHUNK_SIZE};

    /// 3 full chunks of 5 MiB and a last one of 1 MiB.
    fn plan() -> ChunkPlan {
        ChunkPlan::new(16 * MIB, MIN_CHUNK_SIZE)
    }

    #[test]
    fn three_chunks_in_flight_interleaved() {
        let plan = plan();
        let [a, b, c, d] = [0, 1, 2, 3].map(|i| plan.get(i).expect("chunk"));
        let mut progress = Progress::new(&plan, 0);

        let first = progress.update(&a, MIB);
        assert_eq!(
            first,
            ProgressEvent {
                uploaded_bytes: MIB,
                total_bytes: 16 * MIB,
                chunks_count: 4,
                chunks_bytes: 5 * MIB,
                current_chunk: 1,
                current_chunk_uploaded_bytes: MIB,
            }
        );
        assert_eq!(progress.update(&b, 2 * MIB).uploaded_bytes, 3 * MIB);
        let third = progress.update(&c, 500);
        assert_eq!(third.uploaded_bytes, 3 * MIB + 500);
        assert_eq!(third.current_chunk, 3);
        assert_eq!(progress.update(&a, 3 * MIB).uploaded_bytes, 5 * MIB + 500);
        assert_eq!(progress.finish(&b).uploaded_bytes, 8 * MIB + 500);
        assert_eq!(progress.update(&d, MIB).uploaded_bytes, 9 * MIB + 500);
        progress.finish(&a);
        progress.finish(&d);
        assert_eq!(progress.uploaded(), 11 * MIB + 500);
        let last = progress.finish(&c);
        assert_eq!(last.uploaded_bytes, 16 * MIB);
        assert_eq!(last.current_chunk_uploaded_bytes, 5 * MIB);
    }

    #[test]
    fn loaded_is_clamped_to_the_chunk_and_never_goes_back() {
        let plan = plan();
        let last = plan.get(3).expect("chunk");
        let mut progress = Progress::new(&plan, 0);
        // Multipart framing makes `loaded` exceed the chunk.
        let event = progress.update(&last, MIB + 300);
        assert_eq!(event.current_chunk_uploaded_bytes, MIB);
        assert_eq!(event.uploaded_bytes, MIB);
        let smaller = progress.update(&last, 10);
        assert_eq!(smaller.current_chunk_uploaded_bytes, MIB);
        assert_eq!(smaller.uploaded_bytes, MIB);
    }

    #[test]
    fn a_retry_takes_the_bytes_back() {
        let plan = plan();
        let [a, b] = [0, 1].map(|i| plan.get(i).expect("chunk"));
        let mut progress = Progress::new(&plan, 0);
        progress.update(&a, 4 * MIB);
        progress.update(&b, MIB);
        let event = progress.retry(&a);
        assert_eq!(event.uploaded_bytes, MIB);
        assert_eq!(event.current_chunk_uploaded_bytes, 0);
        // The next attempt starts from zero: a small value counts again.
        assert_eq!(progress.update(&a, 100).uploaded_bytes, MIB + 100);
        // A retry after a success changes nothing.
        progress.finish(&b);
        assert_eq!(progress.retry(&b).uploaded_bytes, 5 * MIB + 100);
    }

    #[test]
    fn finish_counts_the_exact_length_once() {
        let plan = plan();
        let last = plan.get(3).expect("chunk");
        let mut progress = Progress::new(&plan, 0);
        progress.update(&last, 7);
        assert_eq!(progress.finish(&last).uploaded_bytes, MIB);
        assert_eq!(progress.finish(&last).uploaded_bytes, MIB);
        // A late progress event of a finished chunk is not counted again.
        let late = progress.update(&last, MIB);
        assert_eq!(late.uploaded_bytes, MIB);
        assert_eq!(late.current_chunk_uploaded_bytes, MIB);
    }

    #[test]
    fn the_total_never_exceeds_the_file_and_ends_equal_to_it() {
        let plan = plan();
        let mut progress = Progress::new(&plan, 0);
        let mut previous = 0;
        for chunk in plan.chunks() {
            for loaded in [0, chunk.len() / 2, chunk.len() + 1000, u64::MAX] {
                let event = progress.update(chunk, loaded);
                assert!(event.uploaded_bytes <= plan.total());
                assert!(event.uploaded_bytes >= previous);
                previous = event.uploaded_bytes;
            }
            progress.finish(chunk);
        }
        assert_eq!(progress.uploaded(), plan.total());
    }

    #[test]
    fn already_done_when_resuming() {
        let plan = plan();
        let mut progress = Progress::new(&plan, 10 * MIB);
        assert_eq!(progress.uploaded(), 10 * MIB);
        let c = plan.get(2).expect("chunk");
        assert_eq!(progress.update(&c, MIB).uploaded_bytes, 11 * MIB);
        progress.finish(&c);
        assert_eq!(
            progress.finish(&plan.get(3).expect("chunk")).uploaded_bytes,
            16 * MIB
        );

        let overstated = Progress::new(&plan, 99 * MIB);
        assert_eq!(overstated.uploaded(), 16 * MIB);
    }

    #[test]
    fn serializes_with_the_official_names() {
        let plan = plan();
        let mut progress = Progress::new(&plan, 0);
        let event = progress.update(&plan.get(0).expect("chunk"), 1);
        let json = serde_json::to_value(event).expect("serializable");
        assert_eq!(
            json,
            serde_json::json!({
                "uploadedBytes": 1, "totalBytes": 16 * MIB, "chunksCount": 4,
                "chunksBytes": 5 * MIB, "currentChunk": 1, "currentChunkUploadedBytes": 1
            })
        );
    }

    #[test]
    fn the_throttle_lets_one_event_through_every_interval() {
        let mut throttle = ProgressThrottle::default();
        let admitted: Vec<f64> = [0.0, 10.0, 49.9, 50.0, 60.0, 120.0, 125.0, 30.0, 31.0]
            .into_iter()
            .filter(|&t| throttle.admit(t))
            .collect();
        assert_eq!(
            admitted,
            [0.0, 50.0, 120.0, 30.0],
            "a clock that went back starts over"
        );
    }
}
