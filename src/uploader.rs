//! VideoUploader: the first chunk alone (its answer carries the new `videoId`), then up to
//! `parallelChunks` sending at once, the next one starting as soon as a chunk's bytes are sent
//! (see `core::schedule`); retries per chunk, pause/resume/cancel, and with `resume: true` the
//! finished chunks remembered in localStorage across page loads.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::{Cell, RefCell};

use futures_util::future::{Either, select};
use futures_util::stream::{FuturesUnordered, StreamExt};
use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, FormData};

use crate::browser::global;
use crate::browser::media;
use crate::browser::signal::Wakers;
use crate::browser::xhr::UploadListeners;
use crate::client::{Listeners, Sender, video_id_of, video_to_js};
use crate::core::chunk_plan::{Chunk, ChunkPlan, Layout};
use crate::core::error::UploadError;
use crate::core::number;
use crate::core::options::{Credential, Options};
use crate::core::progress::{Progress, ProgressThrottle};
use crate::core::resume::{self, ResumeState};
use crate::core::schedule::Schedule;
use crate::core::text::cat;
use crate::js_options::Source;

pub struct Uploader {
    sender: Sender,
    file: Blob,
    /// The name sent with every chunk: `videoName`, else the file's name, else "file".
    file_name: String,
    /// How a new upload cuts the file (a resumed one keeps its stored layout).
    layout: Layout,
    parallel: usize,
    max_video_duration: Option<f64>,
    preset_video_id: Option<String>,
    resume_key: Option<String>,
    pub listeners: Rc<Listeners>,
    started: Cell<bool>,
}

/// What one upload run keeps between chunks.
struct Run {
    /// True when this run continues a remembered upload.
    resumed: bool,
    plan: ChunkPlan,
    schedule: RefCell<Schedule>,
    /// Woken when a chunk's bytes are all sent, so that the next one starts. Apart from the
    /// control's wakers, whose wake-up would cut short the other chunks' retry delays.
    sent: Wakers,
    progress: RefCell<Progress>,
    throttle: RefCell<ProgressThrottle>,
    saved: RefCell<ResumeState>,
    video_id: RefCell<Option<String>>,
}

impl Uploader {
    pub fn new(
        options: Options,
        source: Source,
        retry_strategy: Option<Function>,
    ) -> Result<Self, String> {
        let sender = Sender::new(&options, retry_strategy)?;
        let file_name = options
            .video_name
            .clone()
            .or_else(|| source.name.clone())
            .unwrap_or_else(|| "file".into());
        // Only a File can be recognised on a later page: its name and last-modified time
        // (with the size) identify it. A plain Blob has neither, so two different Blobs of
        // one size would share a key and be mixed into one video: `resume` is off for them.
        let resume_key = source
            .name
            .as_deref()
            .filter(|_| options.resume)
            .map(|name| {
                // A token or key changes hourly for access tokens; the video id does not.
                let owner = match (&options.video_id, &options.credential) {
                    (Some(video_id), _) => video_id.clone(),
                    (None, Credential::UploadToken(token)) => token.clone(),
                    (None, Credential::AccessToken { access, .. }) => access.clone(),
                    (None, Credential::ApiKey(key)) => key.clone(),
                };
                resume::storage_key(
                    &owner,
                    name,
                    source.blob.size() as u64,
                    source.last_modified,
                )
            });
        Ok(Uploader {
            sender,
            file: source.blob,
            file_name,
            layout: if options.chunk_size_set {
                Layout::Uniform {
                    chunk_size: options.chunk_size,
                }
            } else {
                Layout::Balanced {
                    max_chunk: options.chunk_size,
                    streams: options.parallel_chunks,
                }
            },
            parallel: options.parallel_chunks,
            max_video_duration: options.max_video_duration,
            preset_video_id: options.video_id.clone(),
            resume_key,
            listeners: Rc::default(),
            started: Cell::new(false),
        })
    }

    pub fn pause(&self) {
        self.sender.control.pause();
    }

    pub fn resume(&self) {
        self.sender.control.resume();
    }

    pub fn cancel(&self) {
        self.sender.control.cancel();
    }

    pub async fn upload(self: Rc<Self>) -> Result<JsValue, UploadError> {
        if self.started.replace(true) {
            return Err(UploadError::local(
                "ALREADY_STARTED",
                "upload() was already called on this uploader: create a new VideoUploader to upload again.",
            ));
        }
        if let Some(max) = self.max_video_duration {
            let duration = media::duration_seconds(&self.file).await?;
            if duration > max {
                return Err(UploadError::local(
                    "VIDEO_TOO_LONG",
                    cat!(
                        "The submitted video is too long: ",
                        number::show(duration),
                        " s, more than the ",
                        number::show(max),
                        " s of maxVideoDuration."
                    ),
                ));
            }
        }
        let _connectivity = self.sender.control.watch_connectivity();
        let run = Rc::new(self.start_run(self.remembered()));
        let mut answer = self.clone().send_all(run.clone()).await;
        if run.resumed && answer.as_ref().is_err_and(is_unknown_video) {
            // The remembered video is gone (deleted, or another server): forget it and
            // upload the file afresh rather than fail on it forever.
            self.forget();
            let fresh = Rc::new(self.start_run(None));
            answer = self.clone().send_all(fresh).await;
        }
        let answer = answer?;
        self.forget();
        self.listeners.watch_playable(&answer);
        Ok(video_to_js(&answer))
    }

    /// Where this file's upload is remembered: its key and localStorage, when `resume` applies
    /// and the context has storage.
    fn resume_storage(&self) -> Option<(&str, web_sys::Storage)> {
        Some((self.resume_key.as_deref()?, global::local_storage()?))
    }

    /// The remembered upload of this file, when there is a usable one.
    fn remembered(&self) -> Option<ResumeState> {
        let (key, storage) = self.resume_storage()?;
        let text = storage.get_item(key).ok().flatten()?;
        ResumeState::parse(&text, self.file.size() as u64).filter(|state| state.video_id.is_some())
    }

    fn forget(&self) {
        if let Some((key, storage)) = self.resume_storage() {
            let _ = storage.remove_item(key);
        }
    }

    /// Continues `remembered` when given, else plans a new upload.
    fn start_run(&self, remembered: Option<ResumeState>) -> Run {
        let total = self.file.size() as u64;
        let resumed = remembered.is_some();
        let (saved, video_id) = match remembered {
            Some(state) => {
                let video_id = state.video_id.clone();
                (state, video_id)
            }
            None => (
                ResumeState::new(total, self.layout),
                self.preset_video_id.clone(),
            ),
        };
        let plan = saved.plan();
        let mut pending = saved.missing(&plan);
        if pending.is_empty() {
            // Every chunk was acknowledged before the page went away, but not the end of the
            // upload: re-send the last one (idempotent) to get the video back.
            pending.extend(plan.chunks().last().copied());
        }
        let pending_bytes: u64 = pending.iter().map(Chunk::len).sum();
        let progress = Progress::new(&plan, total - pending_bytes);
        let schedule = Schedule::new(pending, self.parallel, video_id.is_some());
        Run {
            resumed,
            plan,
            schedule: RefCell::new(schedule),
            sent: Wakers::default(),
            progress: RefCell::new(progress),
            throttle: RefCell::default(),
            saved: RefCell::new(saved),
            video_id: RefCell::new(video_id),
        }
    }

    /// Sends every missing chunk; answers the last acknowledgement's video JSON.
    async fn send_all(self: Rc<Self>, run: Rc<Run>) -> Result<String, UploadError> {
        let control = self.sender.control.clone();
        let mut in_flight = FuturesUnordered::new();
        let mut last_answer = None;
        loop {
            if control.cancelled.get() {
                control.in_flight.abort_all();
                return Err(UploadError::aborted());
            }
            loop {
                let next = run.schedule.borrow_mut().next(control.held());
                let Some(chunk) = next else { break };
                in_flight.push(Box::pin(self.clone().send_chunk(run.clone(), chunk)));
            }
            if run.schedule.borrow().is_finished() {
                return last_answer.ok_or_else(UploadError::aborted);
            }
            let changed = select(control.wakers.changed(), run.sent.changed());
            let finished = if in_flight.is_empty() {
                let _ = changed.await;
                continue;
            } else {
                match select(in_flight.next(), changed).await {
                    Either::Left((Some(finished), _)) => finished,
                    Either::Left((None, _)) | Either::Right(_) => continue,
                }
            };
            match finished {
                Ok((chunk, answer)) => {
                    run.schedule.borrow_mut().done(&chunk);
                    self.record(&run, &chunk, &answer);
                    last_answer = Some(answer);
                }
                Err(error) => {
                    // One chunk gave up: stop the others; what was acknowledged stays
                    // remembered for a later resume.
                    control.in_flight.abort_all();
                    return Err(error);
                }
            }
        }
    }

    async fn send_chunk(
        self: Rc<Self>,
        run: Rc<Run>,
        chunk: Chunk,
    ) -> Result<(Chunk, String), UploadError> {
        let video_id = run.video_id.borrow().clone();
        let total = run.plan.total();
        let on_progress: Rc<dyn Fn(u64)> = {
            let (run, listeners) = (run.clone(), self.listeners.clone());
            Rc::new(move |loaded| {
                let event = run.progress.borrow_mut().update(&chunk, loaded);
                if run.throttle.borrow_mut().admit(js_sys::Date::now()) {
                    listeners.emit_progress(&event);
                }
            })
        };
        let on_sent: Rc<dyn Fn()> = {
            let run = run.clone();
            Rc::new(move || {
                run.schedule.borrow_mut().sent(&chunk);
                run.sent.wake_all();
            })
        };
        let on_retry = || {
            run.schedule.borrow_mut().resending(&chunk);
            self.listeners
                .emit_progress(&run.progress.borrow_mut().retry(&chunk));
        };
        let make_form = || -> Result<FormData, JsValue> {
            let form = FormData::new()?;
            if let Some(video_id) = &video_id {
                form.append_with_str("videoId", video_id)?;
            }
            let slice = self
                .file
                .slice_with_f64_and_f64(chunk.first as f64, chunk.end() as f64)?;
            form.append_with_blob_and_filename("file", &slice, &self.file_name)?;
            Ok(form)
        };
        let listeners = UploadListeners {
            progress: Some(on_progress),
            sent: Some(on_sent),
        };
        let answer = self
            .sender
            .send(
                &make_form,
                &chunk.content_range(total),
                listeners,
                &on_retry,
            )
            .await?;
        Ok((chunk, answer))
    }

    /// Counts an acknowledged chunk: progress, the video id, and the remembered state.
    fn record(&self, run: &Run, chunk: &Chunk, answer: &str) {
        if let Some(video_id) = video_id_of(answer) {
            *run.video_id.borrow_mut() = Some(video_id);
        }
        self.listeners
            .emit_progress(&run.progress.borrow_mut().finish(chunk));
        let mut saved = run.saved.borrow_mut();
        saved.mark_done(chunk.index);
        saved.video_id = run.video_id.borrow().clone();
        if let Some((key, storage)) = self.resume_storage() {
            let _ = storage.set_item(key, &saved.to_text());
        }
    }
}

/// The server does not know the video a chunk named (PROTOCOL.md rule 6).
fn is_unknown_video(error: &UploadError) -> bool {
    error.status == Some(404) && error.name.as_deref() == Some("videoId")
}
