//! ProgressiveUploader's queue: parts of unknown count (`part n/*`, the last `part n/n`), for a
//! `MediaRecorder` or any source whose size is not known in advance. `uploadPart` takes its
//! blob at once (small blobs are held and merged first, see `protocol::parts`); the parts go
//! through a channel to one task that sends them one at a time, in call order, and answers
//! each on its own reply channel.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_channel::{mpsc, oneshot};
use futures_util::StreamExt;
use serde::Serialize;

use super::clock::Clock;
use super::sender::Sender;
use super::transport::{Blob, ChunkEvents, Transport};
use crate::protocol::error::{Reason, UploadError};
use crate::protocol::options::Options;
use crate::protocol::parts::{PartAction, PartBuffer, part_content_range};
use crate::protocol::video::Video;

/// The progress event of a part: `{ part, uploadedBytes, totalBytes }` (of that part).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartProgress {
    pub part: u64,
    pub uploaded_bytes: u64,
    pub total_bytes: u64,
}

/// A part on its way to the queue's task, with where its outcome goes.
struct Job<B> {
    blobs: Vec<B>,
    is_last: bool,
    reply: oneshot::Sender<Result<Video, UploadError>>,
}

/// The outcome of a queued part, once the queue's task has sent it.
pub struct Reply(oneshot::Receiver<Result<Video, UploadError>>);

impl Reply {
    pub async fn outcome(self) -> Result<Video, UploadError> {
        // The task ended without answering: it was dropped with its uploader.
        self.0.await.unwrap_or_else(|_| Err(UploadError::aborted()))
    }
}

/// What `uploadPart` and `uploadLastPart` reach synchronously: the blobs held, and the queue.
pub struct Progressive<T: Transport, C> {
    pub sender: Rc<Sender<T, C>>,
    buffer: RefCell<PartBuffer<T::Blob>>,
    /// None once the last part is queued: nothing may follow it.
    queue: RefCell<Option<mpsc::UnboundedSender<Job<T::Blob>>>>,
    /// The error a part failed with for good: no later part can be sent.
    failed: Rc<RefCell<Option<UploadError>>>,
}

/// What the queue's task owns: it sends the parts, one at a time.
pub struct Parts<T: Transport, C> {
    sender: Rc<Sender<T, C>>,
    file_name: String,
    video_id: Option<String>,
    next_part: u64,
    failed: Rc<RefCell<Option<UploadError>>>,
    on_progress: Rc<dyn Fn(&PartProgress)>,
    jobs: mpsc::UnboundedReceiver<Job<T::Blob>>,
}

impl<T: Transport, C: Clock + 'static> Progressive<T, C> {
    /// The uploader, and its queue's task, for the caller to spawn: it ends after the last part,
    /// or when the uploader is dropped and the parts queued are sent.
    pub fn new(
        options: &Options,
        sender: Sender<T, C>,
        on_progress: Rc<dyn Fn(&PartProgress)>,
    ) -> (Self, Parts<T, C>) {
        let sender = Rc::new(sender);
        let (queue, jobs) = mpsc::unbounded();
        let failed = Rc::default();
        let parts = Parts {
            sender: sender.clone(),
            file_name: options.video_name.clone().unwrap_or_else(|| "file".into()),
            video_id: options.video_id.clone(),
            next_part: 1,
            failed: Rc::clone(&failed),
            on_progress,
            jobs,
        };
        let progressive = Progressive {
            sender,
            buffer: RefCell::new(PartBuffer::new(
                options.merge_small_parts,
                options.prevent_empty_parts,
            )),
            queue: RefCell::new(Some(queue)),
            failed,
        };
        (progressive, parts)
    }

    /// `uploadPart(blob)`: taken now, synchronously, so that the order of calls is the order of
    /// parts. The reply of the part it completes, or None when it is held to be merged.
    /// Refused, sending nothing, after the last part, after a part failed for good, after
    /// `cancel()`, and (with merging off) when it is under 5 MiB.
    pub fn upload_part(&self, blob: T::Blob) -> Result<Option<Reply>, UploadError> {
        self.accepting()?;
        let size = blob.size();
        let action = self
            .buffer
            .borrow_mut()
            .push(blob, size)
            .map_err(|message| UploadError::new(Reason::PartTooSmall, message))?;
        Ok(match action {
            PartAction::Hold => None,
            PartAction::Send(blobs) => Some(self.queue(blobs, false)?),
        })
    }

    /// `uploadLastPart(blob)`: everything held goes with it as the last part; nothing may
    /// follow.
    pub fn upload_last_part(&self, blob: T::Blob) -> Result<Reply, UploadError> {
        self.accepting()?;
        let size = blob.size();
        let blobs = self.buffer.borrow_mut().last(blob, size);
        let reply = self.queue(blobs, true);
        self.queue.take(); // the task ends once the last part is sent
        reply
    }

    /// Err when no part may be sent any more.
    fn accepting(&self) -> Result<(), UploadError> {
        if self.sender.control.is_cancelled() {
            return Err(UploadError::aborted());
        }
        if let Some(cause) = &*self.failed.borrow() {
            return Err(finished_after(cause));
        }
        if self.queue.borrow().is_none() {
            return Err(UploadError::new(
                Reason::UploadFinished,
                "uploadLastPart() was already called: this upload is complete. Start a new ProgressiveUploader for another video.",
            ));
        }
        Ok(())
    }

    fn queue(&self, blobs: Vec<T::Blob>, is_last: bool) -> Result<Reply, UploadError> {
        let (reply, outcome) = oneshot::channel();
        let job = Job {
            blobs,
            is_last,
            reply,
        };
        let queue = self.queue.borrow();
        let sent = queue.as_ref().map(|queue| queue.unbounded_send(job));
        match sent {
            Some(Ok(())) => Ok(Reply(outcome)),
            _ => Err(UploadError::aborted()), // the task is gone
        }
    }
}

/// The error of a part that comes after one failed for good.
fn finished_after(cause: &UploadError) -> UploadError {
    UploadError::new(
        Reason::UploadFinished,
        format!(
            "An earlier part failed ({cause}), so this upload cannot go on: start a new ProgressiveUploader."
        ),
    )
}

impl<T: Transport, C: Clock + 'static> Parts<T, C> {
    /// Sends each part as it comes, in order, until the last one, or until the uploader is
    /// dropped and the queue is empty.
    pub async fn run(mut self) {
        while let Some(job) = self.jobs.next().await {
            let outcome = self.send(&job.blobs, job.is_last).await;
            if let Err(error) = &outcome
                && !error.is_aborted()
            {
                self.failed
                    .borrow_mut()
                    .get_or_insert_with(|| error.clone());
            }
            let _ = job.reply.send(outcome);
        }
    }

    async fn send(&mut self, blobs: &[T::Blob], is_last: bool) -> Result<Video, UploadError> {
        if self.sender.control.is_cancelled() {
            return Err(UploadError::aborted());
        }
        if let Some(cause) = &*self.failed.borrow() {
            return Err(finished_after(cause));
        }
        let merged = T::Blob::join(blobs)?;
        let size = merged.size();
        let number = self.next_part;
        // Each value once: the last progress event and the acknowledgement both say "all
        // sent", and a listener adding up parts must not count one twice.
        let report: Rc<dyn Fn(u64)> = {
            let (on_progress, last_reported) = (self.on_progress.clone(), Cell::new(None));
            Rc::new(move |loaded: u64| {
                let loaded = loaded.min(size);
                if last_reported.replace(Some(loaded)) != Some(loaded) {
                    on_progress(&PartProgress {
                        part: number,
                        uploaded_bytes: loaded,
                        total_bytes: size,
                    });
                }
            })
        };
        let events = ChunkEvents {
            progress: Some(report.clone()),
            sent: None,
        };
        let body = || Ok(merged.clone());
        let content_range = part_content_range(number, is_last);
        let video = self
            .sender
            .send(
                &body,
                self.video_id.as_deref(),
                &self.file_name,
                &content_range,
                events,
                &|| report(0),
            )
            .await?;
        self.next_part = number + 1;
        if let Some(video_id) = video.id() {
            self.video_id = Some(video_id.to_owned());
        }
        report(size);
        Ok(video)
    }
}
