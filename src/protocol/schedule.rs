//! Which chunk goes next. The first chunk goes alone because its answer creates the video and
//! gives the id every later chunk must carry; after it, up to `parallel` chunks send their bytes
//! at once.
//!
//! With `parallel` of 2 or more, a chunk whose bytes are all sent gives its place to the next
//! one while it waits for its answer (at most `parallel` wait so): the link does not idle while
//! the service takes its time to answer. With 1, chunks go strictly one after the other, as
//! with the official uploader.

use std::collections::VecDeque;

use super::chunk_plan::Chunk;

pub struct Schedule {
    /// Chunks still to start, in the order to send them.
    pending: VecDeque<Chunk>,
    /// Started chunks whose bytes are still going out (indices).
    sending: Vec<usize>,
    /// Chunks whose bytes are all sent, waiting for their answer (indices).
    awaiting: Vec<usize>,
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
            sending: Vec::new(),
            awaiting: Vec::new(),
            parallel: parallel.max(1),
            video_exists: have_video_id,
        }
    }

    /// The next chunk to start now, if the window and the first-chunk rule allow one.
    pub fn next(&mut self, paused: bool) -> Option<Chunk> {
        let room = if !self.video_exists || self.parallel == 1 {
            self.in_flight() == 0
        } else {
            self.sending.len() < self.parallel && self.awaiting.len() < self.parallel
        };
        if paused || !room {
            return None;
        }
        let chunk = self.pending.pop_front()?;
        self.sending.push(chunk.index);
        Some(chunk)
    }

    /// Every byte of the chunk is sent: it waits for its answer without holding a place.
    pub fn sent(&mut self, chunk: &Chunk) {
        if take(&mut self.sending, chunk.index) {
            self.awaiting.push(chunk.index);
        }
    }

    /// The chunk is sent again (a retry): it holds a place again while its bytes go out.
    pub fn resending(&mut self, chunk: &Chunk) {
        if take(&mut self.awaiting, chunk.index) {
            self.sending.push(chunk.index);
        }
    }

    /// The chunk was acknowledged.
    pub fn done(&mut self, chunk: &Chunk) {
        take(&mut self.sending, chunk.index);
        take(&mut self.awaiting, chunk.index);
        self.video_exists = true;
    }

    /// Chunks started and not yet acknowledged, sending or waiting.
    pub fn in_flight(&self) -> usize {
        self.sending.len() + self.awaiting.len()
    }

    /// Nothing pending, nothing in flight.
    pub fn is_finished(&self) -> bool {
        self.pending.is_empty() && self.in_flight() == 0
    }
}

/// Removes `index` from `list`; true when it was there.
fn take(list: &mut Vec<usize>, index: usize) -> bool {
    let before = list.len();
    list.retain(|&i| i != index);
    list.len() != before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::chunk_plan::ChunkPlan;
    use crate::protocol::limits::{MIB, MIN_CHUNK_SIZE};

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
    fn paused_gives_nothing() {
        let mut schedule = Schedule::new(chunks(), 3, true);
        assert_eq!(schedule.next(true), None);
        assert_eq!(schedule.in_flight(), 0);
        assert_eq!(schedule.next(false).map(|c| c.index), Some(0));
        assert_eq!(schedule.next(true), None);
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

    #[test]
    fn a_sent_chunk_gives_its_place_while_it_waits_for_its_answer() {
        let mut schedule = Schedule::new(chunks(), 2, false);
        let first = start_all(&mut schedule);
        assert_eq!(indices(&first), [0]);
        // The first chunk's bytes are sent, but the videoId comes with its answer: wait.
        schedule.sent(&first[0]);
        assert_eq!(start_all(&mut schedule), []);
        schedule.done(&first[0]);
        let window = start_all(&mut schedule);
        assert_eq!(indices(&window), [1, 2]);
        schedule.sent(&window[0]);
        assert_eq!(indices(&start_all(&mut schedule)), [3]);
        // Two wait for their answers: no third waits, even when a place to send is free.
        schedule.sent(&window[1]);
        assert_eq!(start_all(&mut schedule), []);
        assert_eq!(schedule.in_flight(), 3);
        schedule.done(&window[0]);
        assert_eq!(indices(&start_all(&mut schedule)), [4]);
        schedule.done(&window[1]);
        schedule.sent(&chunks()[3]);
        assert_eq!(indices(&start_all(&mut schedule)), [5]);
    }

    #[test]
    fn a_resent_chunk_holds_a_place_again() {
        let mut schedule = Schedule::new(chunks(), 2, true);
        let started = start_all(&mut schedule);
        assert_eq!(indices(&started), [0, 1]);
        schedule.sent(&started[0]);
        assert_eq!(indices(&start_all(&mut schedule)), [2]);
        schedule.resending(&started[0]);
        schedule.sent(&started[1]);
        assert_eq!(start_all(&mut schedule), [], "0 and 2 send");
        schedule.resending(&started[0]);
        assert_eq!(schedule.in_flight(), 3);
    }

    #[test]
    fn parallel_one_waits_for_each_answer() {
        let mut schedule = Schedule::new(chunks(), 1, true);
        let started = start_all(&mut schedule);
        schedule.sent(&started[0]);
        assert_eq!(start_all(&mut schedule), []);
        schedule.done(&started[0]);
        assert_eq!(indices(&start_all(&mut schedule)), [1]);
    }
}
