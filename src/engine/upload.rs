//! VideoUploader's loop: the first chunk alone (its answer carries the new `videoId`), then up
//! to `parallelChunks` sending at once, the next one starting as soon as a chunk's bytes are
//! sent (see `protocol::schedule`); with `resume: true`, the acknowledged chunks remembered in
//! the store, so that a later page sends only the others.

use std::cell::{Cell, RefCell};
use std::pin::pin;
use std::rc::Rc;

use futures_util::future::{Either, select};
use futures_util::stream::{FuturesUnordered, StreamExt};

use super::clock::Clock;
use super::sender::Sender;
use super::signal::Wakers;
use super::store::ResumeStore;
use super::transport::{Blob, ChunkEvents, Transport};
use crate::protocol::chunk_plan::{Chunk, ChunkPlan, Layout};
use crate::protocol::error::{Reason, UploadError};
use crate::protocol::options::Options;
use crate::protocol::progress::{Progress, ProgressEvent, ProgressThrottle};
use crate::protocol::resume::{self, ResumeState};
use crate::protocol::schedule::Schedule;
use crate::protocol::video::Video;

/// The file to upload, and what identifies it across page loads.
pub struct Source<B> {
    pub blob: B,
    /// A File's name; None for a plain Blob.
    pub name: Option<String>,
    /// A File's `lastModified`.
    pub last_modified: f64,
}

/// Where an upload is remembered, when `resume` applies.
struct Remembered<S> {
    key: String,
    store: S,
}

pub struct Upload<T: Transport, S, C> {
    pub sender: Rc<Sender<T, C>>,
    file: T::Blob,
    /// The name sent with every chunk: `videoName`, else the file's name, else "file".
    file_name: String,
    /// How a new upload cuts the file (a resumed one keeps its remembered layout).
    layout: Layout,
    parallel: usize,
    preset_video_id: Option<String>,
    remembered: Option<Remembered<S>>,
    on_progress: Box<dyn Fn(&ProgressEvent)>,
    started: Cell<bool>,
}

/// What one run keeps between chunks.
struct Run {
    /// True when this run continues a remembered upload.
    resumed: bool,
    plan: ChunkPlan,
    schedule: RefCell<Schedule>,
    /// Woken when a chunk's bytes are all sent, so that the next one starts.
    sent: Wakers,
    progress: RefCell<Progress>,
    throttle: RefCell<ProgressThrottle>,
    /// The chunks acknowledged and the video they go into (what `resume` remembers).
    saved: RefCell<ResumeState>,
}

impl<T: Transport + 'static, S: ResumeStore + 'static, C: Clock + 'static> Upload<T, S, C> {
    pub fn new(
        options: Options,
        source: Source<T::Blob>,
        sender: Sender<T, C>,
        store: S,
        on_progress: Box<dyn Fn(&ProgressEvent)>,
    ) -> Self {
        let file_name = options
            .video_name
            .clone()
            .or_else(|| source.name.clone())
            .unwrap_or_else(|| "file".into());
        // Only a File can be recognised on a later page: its name and last-modified time (with
        // the size) identify it. A plain Blob has neither, so two different Blobs of one size
        // would share a key and be mixed into one video: `resume` is off for them.
        let remembered = source
            .name
            .as_deref()
            .filter(|_| options.resume)
            .map(|name| Remembered {
                key: resume::storage_key(
                    options.credential.owner(options.video_id.as_deref()),
                    name,
                    source.blob.size(),
                    source.last_modified,
                ),
                store,
            });
        Upload {
            sender: Rc::new(sender),
            file: source.blob,
            file_name,
            layout: options.layout,
            parallel: options.parallel_chunks,
            preset_video_id: options.video_id,
            remembered,
            on_progress,
            started: Cell::new(false),
        }
    }

    /// The first call of [`Upload::run`] goes; later ones are refused.
    pub fn start(&self) -> Result<(), UploadError> {
        if self.started.replace(true) {
            return Err(UploadError::new(
                Reason::AlreadyStarted,
                "upload() was already called on this uploader: create a new VideoUploader to upload again.",
            ));
        }
        Ok(())
    }

    /// Uploads every chunk the server does not have yet; answers the video. Call
    /// [`Upload::start`] first.
    pub async fn run(self: Rc<Self>) -> Result<Video, UploadError> {
        self.sweep_expired();
        let run = Rc::new(self.start_run(self.recall()));
        let mut answer = self.clone().send_all(run.clone()).await;
        if run.resumed && answer.as_ref().is_err_and(is_unknown_video) {
            // The remembered video is gone (deleted, or another server): forget it and
            // upload the file afresh rather than fail on it forever.
            self.forget();
            let fresh = Rc::new(self.start_run(None));
            answer = self.clone().send_all(fresh).await;
        }
        let video = answer?;
        self.forget();
        Ok(video)
    }

    /// Removes the remembered uploads that expired or that this version cannot read.
    fn sweep_expired(&self) {
        let Some(Remembered { store, .. }) = &self.remembered else {
            return;
        };
        let now = self.sender.clock.now_ms();
        for key in store
            .keys()
            .into_iter()
            .filter(|key| key.starts_with(resume::STORAGE_KEY_PREFIX))
        {
            if store
                .get(&key)
                .is_none_or(|text| resume::is_stale(&text, now))
            {
                store.remove(&key);
            }
        }
    }

    /// The remembered upload of this file, when there is a usable one.
    fn recall(&self) -> Option<ResumeState> {
        let Remembered { key, store } = self.remembered.as_ref()?;
        let text = store.get(key)?;
        ResumeState::parse(&text, self.file.size(), self.sender.clock.now_ms())
            .filter(|state| state.video_id.is_some())
    }

    fn forget(&self) {
        if let Some(Remembered { key, store }) = &self.remembered {
            store.remove(key);
        }
    }

    /// Continues `remembered` when given, else plans a new upload.
    fn start_run(&self, remembered: Option<ResumeState>) -> Run {
        let total = self.file.size();
        let resumed = remembered.is_some();
        let saved = remembered.unwrap_or_else(|| {
            let mut state = ResumeState::new(total, self.layout, self.sender.clock.now_ms());
            state.video_id = self.preset_video_id.clone();
            state
        });
        let plan = saved.plan();
        let mut pending = saved.missing(&plan);
        if pending.is_empty() {
            // Every chunk was acknowledged before the page went away, but not the end of the
            // upload: send the last one again (idempotent) to get the video back.
            pending.extend(plan.chunks().last().copied());
        }
        let pending_bytes: u64 = pending.iter().map(Chunk::len).sum();
        let progress = Progress::new(&plan, total - pending_bytes);
        Run {
            resumed,
            schedule: RefCell::new(Schedule::new(
                pending,
                self.parallel,
                saved.video_id.is_some(),
            )),
            plan,
            sent: Wakers::default(),
            progress: RefCell::new(progress),
            throttle: RefCell::default(),
            saved: RefCell::new(saved),
        }
    }

    /// Sends every missing chunk; answers the video of the last acknowledgement. Returning
    /// drops the chunks still in flight, which aborts them.
    async fn send_all(self: Rc<Self>, run: Rc<Run>) -> Result<Video, UploadError> {
        let control = self.sender.control.clone();
        let mut in_flight = FuturesUnordered::new();
        let mut last_video = None;
        loop {
            if control.is_cancelled() {
                return Err(UploadError::aborted());
            }
            while let Some(chunk) = run.schedule.borrow_mut().next(control.is_held()) {
                in_flight.push(Box::pin(self.clone().send_chunk(run.clone(), chunk)));
            }
            if run.schedule.borrow().is_finished() {
                return last_video.ok_or_else(UploadError::aborted);
            }
            // Look again at the schedule when a chunk ends, when one's bytes are all sent (the
            // next may start), or when pause, the network or cancel change.
            let control_changed = pin!(control.next_change());
            let changed = select(control_changed, run.sent.changed());
            let finished = if in_flight.is_empty() {
                changed.await;
                continue;
            } else {
                match select(in_flight.next(), changed).await {
                    Either::Left((Some(finished), _)) => finished,
                    Either::Left((None, _)) | Either::Right(_) => continue,
                }
            };
            match finished {
                Ok((chunk, video)) => {
                    run.schedule.borrow_mut().done(&chunk);
                    self.record(&run, &chunk, &video);
                    last_video = Some(video);
                }
                // One chunk gave up: the others are dropped (aborted) with the loop; what was
                // acknowledged stays remembered for a later resume.
                Err(error) => return Err(error),
            }
        }
    }

    async fn send_chunk(
        self: Rc<Self>,
        run: Rc<Run>,
        chunk: Chunk,
    ) -> Result<(Chunk, Video), UploadError> {
        let video_id = run.saved.borrow().video_id.clone();
        let progress: Rc<dyn Fn(u64)> = {
            let (run, this) = (run.clone(), self.clone());
            Rc::new(move |loaded| {
                let event = run.progress.borrow_mut().update(&chunk, loaded);
                if run.throttle.borrow_mut().admit(this.sender.clock.now_ms()) {
                    (this.on_progress)(&event);
                }
            })
        };
        let sent: Rc<dyn Fn()> = {
            let run = run.clone();
            Rc::new(move || {
                run.schedule.borrow_mut().sent(&chunk);
                run.sent.wake_all();
            })
        };
        let on_retry = || {
            run.schedule.borrow_mut().resending(&chunk);
            let event = run.progress.borrow_mut().retry(&chunk);
            (self.on_progress)(&event);
        };
        let body = || self.file.slice(chunk.first, chunk.end());
        let events = ChunkEvents {
            progress: Some(progress),
            sent: Some(sent),
        };
        let content_range = chunk.content_range(run.plan.total());
        let video = self
            .sender
            .send(
                &body,
                video_id.as_deref(),
                &self.file_name,
                &content_range,
                events,
                &on_retry,
            )
            .await?;
        Ok((chunk, video))
    }

    /// Counts an acknowledged chunk: progress, the video id, and the remembered state.
    fn record(&self, run: &Run, chunk: &Chunk, video: &Video) {
        {
            let mut saved = run.saved.borrow_mut();
            saved.mark_done(chunk.index);
            if let Some(video_id) = video.id() {
                saved.video_id = Some(video_id.to_owned());
            }
            if let Some(Remembered { key, store }) = &self.remembered {
                store.set(key, &saved.to_json());
            }
        }
        // Page callbacks run with no state of the engine borrowed.
        let event = run.progress.borrow_mut().finish(chunk);
        (self.on_progress)(&event);
    }
}

/// The server does not know the video a chunk named (PROTOCOL.md rule 6).
fn is_unknown_video(error: &UploadError) -> bool {
    error.status == Some(404) && error.name.as_deref() == Some("videoId")
}
