//! ProgressiveUploader: parts of unknown count (`part n/*`, the last `part n/n`), for a
//! `MediaRecorder` or any source whose size is not known in advance. Parts go one at a
//! time, in the order `uploadPart` was called; small blobs are merged first (see
//! `core::parts`). Merging uses `new Blob([...])`, which references the pieces: the bytes
//! still never enter wasm or JS memory.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use web_sys::{Blob, FormData};

use crate::browser::xhr::UploadListeners;
use crate::client::{Listeners, Sender, ToJs, number, object, video_id_of, video_to_js};
use crate::core::chunk_plan::part_content_range;
use crate::core::error::UploadError;
use crate::core::options::Options;
use crate::core::parts::{PartAction, PartBuffer};

/// The progress event of a part: `{ part, uploadedBytes, totalBytes }` (of that part).
struct PartProgress {
    part: u64,
    uploaded_bytes: u64,
    total_bytes: u64,
}

impl ToJs for PartProgress {
    fn to_js(&self) -> JsValue {
        object(&[
            ("part", number(self.part)),
            ("uploadedBytes", number(self.uploaded_bytes)),
            ("totalBytes", number(self.total_bytes)),
        ])
    }
}

pub struct Progressive {
    sender: Sender,
    file_name: String,
    buffer: RefCell<PartBuffer>,
    held: RefCell<Vec<Blob>>,
    /// Tickets keep the parts in call order: each send waits for its turn.
    next_ticket: Cell<u64>,
    serving: Cell<u64>,
    next_part: Cell<u64>,
    video_id: RefCell<Option<String>>,
    /// Once a part has failed for good, later parts fail with the same error.
    failed: RefCell<Option<UploadError>>,
    pub listeners: Rc<Listeners>,
}

/// A part ready to go, with its place in the queue (taken when `uploadPart` was called).
pub struct QueuedPart {
    ticket: u64,
    blobs: Vec<Blob>,
    is_last: bool,
}

impl Progressive {
    pub fn new(
        options: Options,
        retry_strategy: Option<Function>,
        prevent_empty_parts: bool,
        merge_small_parts: bool,
    ) -> Result<Self, String> {
        Ok(Progressive {
            sender: Sender::new(&options, retry_strategy)?,
            file_name: options.video_name.clone().unwrap_or_else(|| "file".into()),
            buffer: RefCell::new(PartBuffer::new(merge_small_parts, prevent_empty_parts)),
            held: RefCell::default(),
            next_ticket: Cell::new(0),
            serving: Cell::new(0),
            next_part: Cell::new(1),
            video_id: RefCell::new(options.video_id.clone()),
            failed: RefCell::default(),
            listeners: Rc::default(),
        })
    }

    pub fn cancel(&self) {
        self.sender.control.cancel();
    }

    /// Takes a blob from `uploadPart`, synchronously, so the order of calls is the order of
    /// parts. Returns the part to send when the merge policy says one is ready.
    pub fn take_part(&self, blob: Blob) -> Result<Option<QueuedPart>, UploadError> {
        let action = self
            .buffer
            .borrow_mut()
            .push(blob.size() as u64)
            .map_err(|message| UploadError::local("PART_TOO_SMALL", message))?;
        self.held.borrow_mut().push(blob);
        Ok(match action {
            PartAction::Hold => None,
            PartAction::Send { blobs } => Some(self.queue(blobs, false)),
        })
    }

    /// Takes the blob from `uploadLastPart`: everything held goes with it as the last part.
    pub fn take_last_part(&self, blob: Blob) -> QueuedPart {
        let blobs = self.buffer.borrow_mut().last(blob.size() as u64);
        self.held.borrow_mut().push(blob);
        self.queue(blobs, true)
    }

    fn queue(&self, count: usize, is_last: bool) -> QueuedPart {
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
    pub async fn send(self: Rc<Self>, part: QueuedPart) -> Result<JsValue, UploadError> {
        while self.serving.get() != part.ticket {
            let _ = self.sender.control.wakers.changed().await;
        }
        let result = self.send_in_turn(&part).await;
        if let Err(error) = &result {
            self.failed
                .borrow_mut()
                .get_or_insert_with(|| error.clone());
        }
        self.serving.set(part.ticket + 1);
        self.sender.control.wakers.wake_all();
        let answer = result?;
        if part.is_last {
            self.listeners.watch_playable(&answer);
        }
        Ok(video_to_js(&answer))
    }

    async fn send_in_turn(&self, part: &QueuedPart) -> Result<String, UploadError> {
        if let Some(error) = self.failed.borrow().clone() {
            return Err(error);
        }
        if self.sender.control.cancelled.get() {
            return Err(UploadError::aborted());
        }
        let array: Array = part.blobs.iter().collect();
        let merged = Blob::new_with_blob_sequence(&array).map_err(|_| {
            UploadError::local(
                "INVALID_FILE",
                "The parts could not be joined into one Blob.",
            )
        })?;
        let size = merged.size() as u64;
        let number = self.next_part.get();
        let video_id = self.video_id.borrow().clone();
        let make_form = || -> Result<FormData, JsValue> {
            let form = FormData::new()?;
            if let Some(video_id) = &video_id {
                form.append_with_str("videoId", video_id)?;
            }
            form.append_with_blob_and_filename("file", &merged, &self.file_name)?;
            Ok(form)
        };
        // Each value once: XHR's last progress event and the acknowledgement both say "all
        // sent", and a listener adding up parts must not count one twice.
        let (listeners, last_reported) = (self.listeners.clone(), Rc::new(Cell::new(None)));
        let report = move |loaded: u64| {
            let loaded = loaded.min(size);
            if last_reported.replace(Some(loaded)) != Some(loaded) {
                listeners.emit_progress(&PartProgress {
                    part: number,
                    uploaded_bytes: loaded,
                    total_bytes: size,
                });
            }
        };
        let on_progress: Rc<dyn Fn(u64)> = Rc::new(report.clone());
        let on_retry = {
            let report = report.clone();
            move || report(0)
        };
        let listeners = UploadListeners {
            progress: Some(on_progress),
            sent: None,
        };
        let answer = self
            .sender
            .send(
                &make_form,
                &part_content_range(number, part.is_last),
                listeners,
                &on_retry,
            )
            .await?;
        self.next_part.set(number + 1);
        if let Some(video_id) = video_id_of(&answer) {
            *self.video_id.borrow_mut() = Some(video_id);
        }
        report(size);
        Ok(answer)
    }
}
