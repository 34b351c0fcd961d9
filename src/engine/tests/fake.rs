//! The fakes behind the seams: a file of bytes, a network whose every answer the test gives,
//! a clock whose time only moves when the test says (or when every task waits on it), and a
//! store in a map.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::channel::oneshot;
use futures::executor::LocalPool;

use crate::engine::{Answer, Blob, Call, ChunkEvents, ChunkRequest, Clock, ResumeStore, Transport};
use crate::protocol::error::UploadError;

/// Bytes `start..end` of a shared buffer.
#[derive(Clone)]
pub struct Bytes {
    data: Rc<[u8]>,
    start: usize,
    end: usize,
    /// Set when the "file" goes bad (changed on disk): every slice of it reads as unreadable.
    gone: Rc<Cell<bool>>,
}

impl Bytes {
    /// `len` bytes that differ from one offset to the next, so that a misplaced chunk shows.
    pub fn pattern(len: usize) -> Bytes {
        let data: Vec<u8> = (0..len)
            .map(|i| (i % 251) as u8 ^ (i / 251 % 256) as u8)
            .collect();
        Bytes {
            end: data.len(),
            data: data.into(),
            start: 0,
            gone: Rc::default(),
        }
    }

    /// The file changes on disk: its bytes can no longer be read.
    pub fn go_bad(&self) {
        self.gone.set(true);
    }

    pub fn as_slice(&self) -> &[u8] {
        &self.data[self.start..self.end]
    }
}

impl Blob for Bytes {
    fn size(&self) -> u64 {
        (self.end - self.start) as u64
    }

    async fn is_readable(&self) -> bool {
        !self.gone.get()
    }

    fn slice(&self, start: u64, end: u64) -> Result<Self, UploadError> {
        let (start, end) = (
            self.start + start as usize,
            (self.start + end as usize).min(self.end),
        );
        Ok(Bytes {
            data: self.data.clone(),
            start,
            end,
            gone: self.gone.clone(),
        })
    }

    fn join(parts: &[Self]) -> Result<Self, UploadError> {
        let data: Vec<u8> = parts
            .iter()
            .flat_map(|part| part.as_slice().to_vec())
            .collect();
        Ok(Bytes {
            end: data.len(),
            data: data.into(),
            start: 0,
            gone: Rc::new(Cell::new(parts.iter().any(|part| part.gone.get()))),
        })
    }
}

/// A chunk sent and not yet answered.
pub struct SentChunk {
    id: u64,
    pub url: String,
    pub content_range: String,
    pub video_id: Option<String>,
    pub file_name: String,
    pub headers: Vec<(String, String)>,
    pub bytes: Vec<u8>,
    pub stall_timeout_ms: u32,
    events: ChunkEvents,
    reply: Reply,
}

impl SentChunk {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The first byte of `bytes {first}-{last}/{total}`.
    pub fn first_byte(&self) -> u64 {
        let range = self
            .content_range
            .strip_prefix("bytes ")
            .expect("a byte range");
        range
            .split('-')
            .next()
            .and_then(|first| first.parse().ok())
            .expect("a first byte")
    }
}

/// A call made and not yet answered.
pub struct SentCall {
    id: u64,
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub json: Option<String>,
    reply: Reply,
}

/// Where a request's outcome goes; the test gives it.
struct Reply(oneshot::Sender<Result<Answer, UploadError>>);

impl Reply {
    fn answer(self, status: u16, body: &str) {
        self.answer_with(status, body, None);
    }

    fn answer_with(self, status: u16, body: &str, retry_after: Option<&str>) {
        let answer = Answer {
            status,
            body: body.to_owned(),
            retry_after: retry_after.map(str::to_owned),
        };
        let _ = self.0.send(Ok(answer));
    }

    fn fail(self, error: UploadError) {
        let _ = self.0.send(Err(error));
    }
}

#[derive(Default)]
struct Requests {
    chunks: Vec<SentChunk>,
    calls: Vec<SentCall>,
    next_id: u64,
}

impl Requests {
    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

/// The network: every request waits until the test answers it.
#[derive(Clone)]
pub struct Network {
    requests: Rc<RefCell<Requests>>,
    /// Every chunk request ever sent, as `content_range`, in order.
    pub log: Rc<RefCell<Vec<String>>>,
    /// Requests dropped before their answer (aborted, as the browser's guards abort them).
    pub aborts: Rc<Cell<usize>>,
}

impl Network {
    pub fn new() -> Network {
        Network {
            requests: Rc::default(),
            log: Rc::default(),
            aborts: Rc::default(),
        }
    }

    /// The content ranges of the chunks waiting for an answer, in the order they were sent.
    pub fn waiting(&self) -> Vec<String> {
        self.requests
            .borrow()
            .chunks
            .iter()
            .map(|chunk| chunk.content_range.clone())
            .collect()
    }

    /// Takes the waiting chunk whose range starts with `range` (e.g. "bytes 0-").
    pub fn take(&self, range: &str) -> SentChunk {
        let mut requests = self.requests.borrow_mut();
        let position = requests
            .chunks
            .iter()
            .position(|chunk| chunk.content_range.starts_with(range))
            .unwrap_or_else(|| {
                panic!(
                    "no chunk {range} waits; waiting: {:?}",
                    requests
                        .chunks
                        .iter()
                        .map(|c| &c.content_range)
                        .collect::<Vec<_>>()
                )
            });
        requests.chunks.remove(position)
    }

    /// Takes the oldest waiting call.
    pub fn take_call(&self) -> SentCall {
        let mut requests = self.requests.borrow_mut();
        assert!(!requests.calls.is_empty(), "no call waits");
        requests.calls.remove(0)
    }

    pub fn calls_waiting(&self) -> usize {
        self.requests.borrow().calls.len()
    }
}

impl SentChunk {
    /// Reports upload progress, as XHR's `upload.onprogress` does.
    pub fn progress(&self, loaded: u64) {
        if let Some(progress) = &self.events.progress {
            progress(loaded);
        }
    }

    /// Every byte sent: reports the progress and the end of the body.
    pub fn all_sent(&self) {
        self.progress(self.bytes.len() as u64);
        if let Some(sent) = &self.events.sent {
            sent();
        }
    }

    pub fn answer(self, status: u16, body: &str) {
        self.reply.answer(status, body);
    }

    /// A 429 with `X-RateLimit-Retry-After: seconds`.
    pub fn rate_limited(self, seconds: &str) {
        let body = r#"{"title":"Too many requests","status":429}"#;
        self.reply.answer_with(429, body, Some(seconds));
    }

    pub fn fail(self, error: UploadError) {
        self.reply.fail(error);
    }
}

impl SentCall {
    pub fn answer(self, status: u16, body: &str) {
        self.reply.answer(status, body);
    }

    pub fn fail(self, error: UploadError) {
        self.reply.fail(error);
    }
}

/// A request waiting for the test's answer. Dropped before it (the loop cancelled, or gave
/// up on the others), it is aborted: it leaves the waiting list and counts in `aborts`.
struct Pending {
    id: u64,
    answer: oneshot::Receiver<Result<Answer, UploadError>>,
    network: Network,
    finished: bool,
}

impl Future for Pending {
    type Output = Result<Answer, UploadError>;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let outcome = match Pin::new(&mut self.answer).poll(context) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(outcome) => outcome,
        };
        self.finished = true;
        // The test dropped the request unanswered: as if the connection broke.
        Poll::Ready(outcome.unwrap_or_else(|_| Err(UploadError::network())))
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        let id = self.id;
        let mut requests = self.network.requests.borrow_mut();
        requests.chunks.retain(|chunk| chunk.id != id);
        requests.calls.retain(|call| call.id != id);
        self.network.aborts.set(self.network.aborts.get() + 1);
    }
}

impl Network {
    fn pending(&self, id: u64, answer: oneshot::Receiver<Result<Answer, UploadError>>) -> Pending {
        Pending {
            id,
            answer,
            network: self.clone(),
            finished: false,
        }
    }
}

impl Transport for Network {
    type Blob = Bytes;

    fn send_chunk(
        &self,
        request: ChunkRequest<'_, Bytes>,
        events: ChunkEvents,
    ) -> impl Future<Output = Result<Answer, UploadError>> {
        let (sender, receiver) = oneshot::channel();
        let content_range = request
            .headers
            .iter()
            .find(|(name, _)| name == "Content-Range")
            .map(|(_, value)| value.clone());
        let content_range = content_range.expect("every chunk has a Content-Range");
        self.log.borrow_mut().push(content_range.clone());
        let mut requests = self.requests.borrow_mut();
        let id = requests.next_id();
        requests.chunks.push(SentChunk {
            id,
            url: request.url.to_owned(),
            content_range,
            video_id: request.video_id.map(str::to_owned),
            file_name: request.file_name.to_owned(),
            headers: request.headers.to_vec(),
            bytes: request.body.as_slice().to_vec(),
            stall_timeout_ms: request.stall_timeout_ms,
            events,
            reply: Reply(sender),
        });
        self.pending(id, receiver)
    }

    fn call(&self, call: Call<'_>) -> impl Future<Output = Result<Answer, UploadError>> {
        let (sender, receiver) = oneshot::channel();
        let mut requests = self.requests.borrow_mut();
        let id = requests.next_id();
        requests.calls.push(SentCall {
            id,
            method: call.method,
            url: call.url.to_owned(),
            headers: call.headers.to_vec(),
            json: call.json,
            reply: Reply(sender),
        });
        self.pending(id, receiver)
    }
}

/// Virtual time: sleeps end only when the test moves the time past them.
#[derive(Clone, Default)]
pub struct FakeClock {
    now: Rc<Cell<f64>>,
    timers: Rc<RefCell<Vec<(f64, Waker)>>>,
}

/// 2026-12-04, in ms since 1970.
pub const START_MS: f64 = 1_796_000_000_000.0;

impl FakeClock {
    pub fn new() -> FakeClock {
        let clock = FakeClock::default();
        clock.now.set(START_MS);
        clock
    }

    /// The earliest time a sleep waits for, if any does.
    fn next_deadline(&self) -> Option<f64> {
        self.timers
            .borrow()
            .iter()
            .map(|(deadline, _)| *deadline)
            .reduce(f64::min)
    }

    /// Moves the time to `to` and wakes the sleeps that end by then.
    fn advance_to(&self, to: f64) {
        self.now.set(self.now.get().max(to));
        let now = self.now.get();
        let due: Vec<Waker> = {
            let mut timers = self.timers.borrow_mut();
            let (due, later): (Vec<_>, Vec<_>) =
                timers.drain(..).partition(|(deadline, _)| *deadline <= now);
            *timers = later;
            due.into_iter().map(|(_, waker)| waker).collect()
        };
        due.into_iter().for_each(Waker::wake);
    }
}

struct Sleep {
    clock: FakeClock,
    deadline: f64,
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        if self.clock.now.get() >= self.deadline {
            return Poll::Ready(());
        }
        self.clock
            .timers
            .borrow_mut()
            .push((self.deadline, context.waker().clone()));
        Poll::Pending
    }
}

impl Clock for FakeClock {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        Sleep {
            clock: self.clone(),
            deadline: self.now.get() + ms as f64,
        }
    }
}

/// A store in a map.
#[derive(Clone, Default)]
pub struct MemoryStore(pub Rc<RefCell<BTreeMap<String, String>>>);

impl ResumeStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) {
        self.0.borrow_mut().insert(key.to_owned(), value.to_owned());
    }

    fn remove(&self, key: &str) {
        self.0.borrow_mut().remove(key);
    }

    fn keys(&self) -> Vec<String> {
        self.0.borrow().keys().cloned().collect()
    }
}

/// Runs the tasks on one thread, as a page does, with the fake clock and network.
pub struct World {
    pub pool: LocalPool,
    pub clock: FakeClock,
    pub network: Network,
}

impl World {
    pub fn new() -> World {
        let clock = FakeClock::new();
        World {
            pool: LocalPool::new(),
            network: Network::new(),
            clock,
        }
    }

    /// Runs every task until all wait (on the network, the clock or each other).
    pub fn settle(&mut self) {
        self.pool.run_until_stalled();
    }

    /// Lets `ms` of virtual time pass, waking each sleep at its time.
    pub fn wait(&mut self, ms: f64) {
        let until = self.clock.now_ms() + ms;
        self.settle();
        while let Some(deadline) = self
            .clock
            .next_deadline()
            .filter(|deadline| *deadline <= until)
        {
            self.clock.advance_to(deadline);
            self.settle();
        }
        self.clock.advance_to(until);
        self.settle();
    }

    /// Lets time pass until a request waits for an answer (at most `limit_ms`); the time it took.
    pub fn wait_for_request(&mut self, limit_ms: f64) -> f64 {
        let start = self.clock.now_ms();
        self.settle();
        while self.network.waiting().is_empty() && self.network.calls_waiting() == 0 {
            let Some(deadline) = self
                .clock
                .next_deadline()
                .filter(|deadline| *deadline <= start + limit_ms)
            else {
                panic!("no request within {limit_ms} ms");
            };
            self.clock.advance_to(deadline);
            self.settle();
        }
        self.clock.now_ms() - start
    }

    /// Spawns `future` and gives the slot its outcome lands in.
    pub fn spawn<T: 'static>(
        &mut self,
        future: impl Future<Output = T> + 'static,
    ) -> Rc<RefCell<Option<T>>> {
        use futures::task::LocalSpawnExt;
        let outcome = Rc::new(RefCell::new(None));
        let slot = outcome.clone();
        self.pool
            .spawner()
            .spawn_local(async move {
                *slot.borrow_mut() = Some(future.await);
            })
            .expect("the pool takes tasks");
        self.settle();
        outcome
    }
}
