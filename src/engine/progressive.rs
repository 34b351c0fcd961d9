//! ProgressiveUploader's queue: parts of unknown count (`part n/*`, the last `part n/n`), for a
//! `MediaRecorder` or any source whose size is not known in advance. Parts go one at a time,
//! in the order `uploadPart` was called; small blobs are held and merged first (see
//! `protocol::parts`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::Serialize;

use super::clock::Clock;
use super::sender::Sender;
use super::transport::{Blob, ChunkEvents, Transport};
use crate::protocol::error::UploadError;
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

pub struct Progressive<T: Transport, C> {
    pub sender: Rc<Sender<T, C>>,
    file_name: String,
    buffer: RefCell<PartBuffer>,
    held: RefCell<Vec<T::Blob>>,
    /// Tickets keep the parts in call order: each send waits for its turn.
    next_ticket: Cell<u64>,
    serving: Cell<u64>,
    next_part: Cell<u64>,
    video_id: RefCell<Option<String>>,
    /// Once a part has failed for good, later parts fail with the same error.
    failed: RefCell<Option<UploadError>>,
    on_progress: Rc<dyn Fn(&PartProgress)>,
}

/// A part ready to go, with its place in the queue (taken when `uploadPart` was called).
pub struct QueuedPart<B> {
    ticket: u64,
    blobs: Vec<B>,
    is_last: bool,
}

impl<T: Transport, C: Clock> Progressive<T, C> {
    pub fn new(
        options: &Options,
        sender: Sender<T, C>,
        prevent_empty_parts: bool,
        merge_small_parts: bool,
        on_progress: Rc<dyn Fn(&PartProgress)>,
    ) -> Self {
        Progressive {
            sender: Rc::new(sender),
            file_name: options.video_name.clone().unwrap_or_else(|| "file".into()),
            buffer: RefCell::new(PartBuffer::new(merge_small_parts, prevent_empty_parts)),
            held: RefCell::default(),
            next_ticket: Cell::new(0),
            serving: Cell::new(0),
            next_part: Cell::new(1),
            video_id: RefCell::new(options.video_id.clone()),
            failed: RefCell::default(),
            on_progress,
        }
    }

    /// Takes a blob from `uploadPart`, synchronously, so that the order of calls is the order
    /// of parts. Returns the part to send when the merge policy says one is ready.
    pub fn take_part(&self, blob: T::Blob) -> Result<Option<QueuedPart<T::Blob>>, UploadError> {
        let action = self
            .buffer
            .borrow_mut()
            .push(blob.size())
            .map_err(|message| UploadError::local("PART_TOO_SMALL", message))?;
        self.held.borrow_mut().push(blob);
        Ok(match action {
            PartAction::Hold => None,
            PartAction::Send { blobs } => Some(self.queue(blobs, false)),
        })
    }

    /// Takes the blob from `uploadLastPart`: everything held goes with it as the last part.
    pub fn take_last_part(&self, blob: T::Blob) -> QueuedPart<T::Blob> {
        let blobs = self.buffer.borrow_mut().last(blob.size());
        self.held.borrow_mut().push(blob);
        self.queue(blobs, true)
    }

    fn queue(&self, count: usize, is_last: bool) -> QueuedPart<T::Blob> {
        let mut held = self.held.borrow_mut();
        let count = count.min(held.len());
        let blobs = held.drain(..count).collect();
        let ticket = self.next_ticket.get();
        self.next_ticket.set(ticket + 1);
        QueuedPart {
            ticket,
            blobs,
            is_last,
        }
    }

    /// Sends a queued part when its turn comes; answers the video.
    pub async fn send(&self, part: QueuedPart<T::Blob>) -> Result<Video, UploadError> {
        let control = &self.sender.control;
        while self.serving.get() != part.ticket {
            control.changed().await;
        }
        let result = self.send_in_turn(&part).await;
        if let Err(error) = &result {
            self.failed
                .borrow_mut()
                .get_or_insert_with(|| error.clone());
        }
        self.serving.set(part.ticket + 1);
        control.notify();
        result
    }

    async fn send_in_turn(&self, part: &QueuedPart<T::Blob>) -> Result<Video, UploadError> {
        if let Some(error) = self.failed.borrow().clone() {
            return Err(error);
        }
        if self.sender.control.is_cancelled() {
            return Err(UploadError::aborted());
        }
        let merged = T::Blob::join(&part.blobs)?;
        let size = merged.size();
        let number = self.next_part.get();
        let video_id = self.video_id.borrow().clone();
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
        let content_range = part_content_range(number, part.is_last);
        let video = self
            .sender
            .send(
                &body,
                video_id.as_deref(),
                &self.file_name,
                &content_range,
                events,
                &|| report(0),
            )
            .await?;
        self.next_part.set(number + 1);
        if let Some(video_id) = video.id() {
            *self.video_id.borrow_mut() = Some(video_id.to_owned());
        }
        report(size);
        Ok(video)
    }
}
