//! Which chunk goes next. The first chunk goes alone because its answer creates the video and
//! gives the id every later chunk must carry; after it, up to `parallel` chunks are in flight.

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use super::chunk_plan::Chunk;

pub struct Schedule {
    /// Chunks still to start, in the order to send them.
    pending: VecDeque<Chunk>,
    /// Chunks started and neither acknowledged nor requeued.
    in_flight: Vec<Chunk>,
    parallel: usize,
    /// A chunk was acknowledged (or a video id was known from the start): no need to go alone.
    video_exists: bool,
}

impl Schedule {
    /// `pending`: the chunks to send in order; `have_video_id`: true when resuming into a known
    /// video (or a videoId was given), in which case no chunk needs to go alone.
    /// A `parallel` of 0 is taken as 1.
    pub fn new(pending: Vec<Chunk>, parallel: usize, have_video_id: bool) -> Self {
        Schedule {
            pending: pending.into(),
            in_flight: Vec::new(),
            parallel: parallel.max(1),
            video_exists: have_video_id,
        }
    }

    /// The next chunk to start now, if the window and the first-chunk rule allow one.
    pub fn next(&mut self, paused: bool) -> Option<Chunk> {
        let window = if self.video_exists { self.parallel } else { 1 };
        if paused || self.in_flight.len() >= window {
            return None;
        }
        let chunk = self.pending.pop_front()?;
        self.in_flight.push(chunk);
        Some(chunk)
    }

    /// The chunk was acknowledged.
    pub fn done(&mut self, chunk: &Chunk) {
        self.in_flight.retain(|c| c.index != chunk.index);
        self.video_exists = true;
    }

    /// The chunk goes back to the front of the queue (e.g. paused mid-way or cancelled attempt
    /// to redo). Requeuing a chunk already pending does not add it twice.
    pub fn requeue(&mut self, chunk: Chunk) {
        self.in_flight.retain(|c| c.index != chunk.index);
        if !self.pending.iter().any(|c| c.index == chunk.index) {
            self.pending.push_front(chunk);
        }
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Nothing pending, nothing in flight.
    pub fn is_finished(&self) -> bool {
        self.pending.is_empty() && self.in_flight.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::chunk_plan::ChunkPlan;
    use crate::core::{MIB, MIN_CHUNK_SIZE};

    /// Six chunks of 5 MiB.
    fn chunks() -> Vec<Chunk> {
        ChunkPlan::new(30 * MIB, MIN_CHUNK_SIZE).chunks().to_vec()
    }

    fn indices(started: &[Chunk]) -> Vec<usize> {
        started.iter().map(|c| c.index).collect()
    }

    fn start_all(schedule: &mut Schedule) -> Vec<Chunk> {
        std::iter::from_fn(|| schedule.next(false)).collect()
    }

    #[test]
    fn the_first_chunk_goes_alone_then_a_window_of_parallel() {
        let mut schedule = Schedule::new(chunks(), 3, false);
        let first = start_all(&mut schedule);
        assert_eq!(indices(&first), [0]);
        assert_eq!(schedule.in_flight(), 1);

        schedule.done(&first[0]);
        let window = start_all(&mut schedule);
        assert_eq!(indices(&window), [1, 2, 3]);
        assert_eq!(schedule.in_flight(), 3);

        schedule.done(&window[1]);
        assert_eq!(indices(&start_all(&mut schedule)), [4]);
        schedule.done(&window[0]);
        schedule.done(&window[2]);
        assert_eq!(indices(&start_all(&mut schedule)), [5]);
        assert!(!schedule.is_finished());
        schedule.done(&chunks()[4]);
        schedule.done(&chunks()[5]);
        assert!(schedule.is_finished());
        assert_eq!(schedule.next(false), None);
    }

    #[test]
    fn a_failed_first_chunk_still_goes_alone() {
        let mut schedule = Schedule::new(chunks(), 3, false);
        let first = schedule.next(false).expect("first chunk");
        schedule.requeue(first);
        assert_eq!(schedule.in_flight(), 0);
        assert_eq!(indices(&start_all(&mut schedule)), [0]);
    }

    #[test]
    fn paused_gives_nothing() {
        let mut schedule = Schedule::new(chunks(), 3, true);
        assert_eq!(schedule.next(true), None);
        assert_eq!(schedule.in_flight(), 0);
        assert_eq!(schedule.next(false).map(|c| c.index), Some(0));
        assert_eq!(schedule.next(true), None);
    }

    #[test]
    fn requeue_puts_the_chunk_first_again() {
        let mut schedule = Schedule::new(chunks(), 2, true);
        let started = start_all(&mut schedule);
        assert_eq!(indices(&started), [0, 1]);
        schedule.requeue(started[1]);
        schedule.requeue(started[1]);
        assert_eq!(schedule.in_flight(), 1);
        assert_eq!(indices(&start_all(&mut schedule)), [1]);
        schedule.done(&started[0]);
        schedule.done(&started[1]);
        assert_eq!(indices(&start_all(&mut schedule)), [2, 3]);
    }

    #[test]
    fn resuming_into_a_known_video_starts_parallel_at_once() {
        let missing: Vec<Chunk> = chunks().into_iter().filter(|c| c.index != 1).collect();
        let mut schedule = Schedule::new(missing, 3, true);
        assert_eq!(indices(&start_all(&mut schedule)), [0, 2, 3]);
    }

    #[test]
    fn parallel_one_is_sequential_and_zero_is_taken_as_one() {
        for parallel in [0, 1] {
            let mut schedule = Schedule::new(chunks(), parallel, true);
            let started = start_all(&mut schedule);
            assert_eq!(indices(&started), [0]);
            schedule.done(&started[0]);
            assert_eq!(indices(&start_all(&mut schedule)), [1]);
        }
    }

    #[test]
    fn nothing_to_send_is_finished() {
        let mut schedule = Schedule::new(Vec::new(), 3, false);
        assert!(schedule.is_finished());
        assert_eq!(schedule.next(false), None);
    }
}
