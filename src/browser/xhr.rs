//! A chunk with `XMLHttpRequest`: the one browser API that reports upload progress (fetch has
//! none for request bodies), so chunks go through it while every other call goes through
//! gloo-net (`fetch.rs`). The body is a `FormData` holding a `Blob` slice, so the file's bytes
//! go from disk to the network without entering wasm or JS memory.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use futures_util::future::{Either, select};
use js_sys::{Date, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, FormData, ProgressEvent, XmlHttpRequest};

use super::clock::timeout;
use super::transport::unreadable;
use crate::engine::{Answer, ChunkEvents, ChunkRequest};
use crate::protocol::error::UploadError;

/// The chunks in flight, so that `cancel()` can abort them all.
#[derive(Default)]
pub struct InFlight {
    requests: RefCell<Vec<XmlHttpRequest>>,
}

impl InFlight {
    pub fn abort_all(&self) {
        for xhr in self.requests.take() {
            let _ = xhr.abort();
        }
    }
}

/// How a request ended: the first ending heard is the one (the abort that follows a stall
/// stays a timeout).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    Loaded,
    Aborted,
    TimedOut,
    Failed,
}

/// The form of a chunk: `videoId` (once known), then the bytes as `file`.
fn form(request: &ChunkRequest<'_, Blob>) -> Result<FormData, JsValue> {
    let form = FormData::new()?;
    if let Some(video_id) = request.video_id {
        form.append_with_str("videoId", video_id)?;
    }
    form.append_with_blob_and_filename("file", &request.body, request.file_name)?;
    Ok(form)
}

/// Posts one chunk; `events` hear how its upload goes, `in_flight` lets `cancel()` abort it.
pub async fn send_chunk(
    request: ChunkRequest<'_, Blob>,
    events: ChunkEvents,
    in_flight: &InFlight,
) -> Result<Answer, UploadError> {
    let form = form(&request).map_err(|_| unreadable())?;
    let xhr = XmlHttpRequest::new().map_err(|_| UploadError::network())?;
    xhr.open_with_async("POST", request.url, true)
        .map_err(|_| UploadError::network())?;
    for (name, value) in request.headers {
        xhr.set_request_header(name, value)
            .map_err(|_| UploadError::network())?;
    }

    let ending = Rc::new(Cell::new(Ending::Loaded));
    let set_ending = |value| {
        let ending = ending.clone();
        Closure::<dyn FnMut()>::new(move || end(&ending, value))
    };
    let (on_abort, on_timeout, on_error) = (
        set_ending(Ending::Aborted),
        set_ending(Ending::TimedOut),
        set_ending(Ending::Failed),
    );
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    // Signs of life for the stall wait: each upload progress event, and the body's end (0: none yet).
    let last_sign = Rc::new(Cell::new(0.0));
    let on_progress = {
        let (report, last_sign) = (events.progress.clone(), last_sign.clone());
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            last_sign.set(Date::now());
            if let Some(report) = &report {
                report(event.loaded() as u64);
            }
        })
    };
    // upload's load event: the body is sent, the answer is to come.
    let on_sent = {
        let (report, last_sign) = (events.sent.clone(), last_sign.clone());
        Closure::<dyn FnMut()>::new(move || {
            last_sign.set(Date::now());
            if let Some(report) = &report {
                report();
            }
        })
    };
    let upload = xhr.upload().map_err(|_| UploadError::network())?;
    upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    upload.set_onload(Some(on_sent.as_ref().unchecked_ref()));

    let loadend = JsFuture::from(Promise::new(&mut |resolve, _| {
        xhr.set_onloadend(Some(&resolve))
    }));
    in_flight.requests.borrow_mut().push(xhr.clone());
    match xhr.send_with_opt_form_data(Some(&form)) {
        Ok(()) => wait(&xhr, loadend, &ending, &last_sign, request.stall_timeout_ms).await,
        Err(_) => ending.set(Ending::Failed),
    }
    in_flight
        .requests
        .borrow_mut()
        .retain(|other| other != &xhr);

    // Break the reference cycles between the request and our closures.
    xhr.set_onabort(None);
    xhr.set_ontimeout(None);
    xhr.set_onerror(None);
    xhr.set_onloadend(None);
    upload.set_onprogress(None);
    upload.set_onload(None);

    match ending.get() {
        Ending::Aborted => Err(UploadError::aborted()),
        Ending::TimedOut => Err(UploadError::timeout()),
        Ending::Failed => Err(UploadError::network()),
        Ending::Loaded => match xhr.status() {
            Ok(0) | Err(_) => Err(UploadError::network()),
            Ok(status) => Ok(Answer {
                status,
                body: xhr.response_text().ok().flatten().unwrap_or_default(),
                retry_after: xhr
                    .get_response_header("X-RateLimit-Retry-After")
                    .ok()
                    .flatten(),
            }),
        },
    }
}

fn end(ending: &Cell<Ending>, value: Ending) {
    if ending.get() == Ending::Loaded {
        ending.set(value);
    }
}

/// Waits for the request's `loadend` (it fires once, after load, error, abort or timeout).
/// With `stall_ms`, also ends it when it has shown no sign of life for that long (no upload
/// progress since `last_sign`, a `Date.now()`, and no answer begun): browsers never give up on
/// a black-holed request by themselves.
///
/// The silence counts from the first sign of life (`last_sign` is 0 until then), not from
/// `send()`: over HTTP/1.1 a browser opens 6 connections to a host and queues the other
/// requests, which show no progress while they wait for one; that wait is no stall. A request
/// that never gets a connection ends with the browser's own connection timeout.
async fn wait(
    xhr: &XmlHttpRequest,
    mut loadend: JsFuture,
    ending: &Cell<Ending>,
    last_sign: &Cell<f64>,
    stall_ms: u32,
) {
    if stall_ms == 0 {
        let _ = loadend.await;
        return;
    }
    let stall_ms = f64::from(stall_ms);
    let mut wait_ms = stall_ms;
    loop {
        // The timer is cleared when `loadend` wins.
        if let Either::Left(_) = select(&mut loadend, timeout(wait_ms as u64)).await {
            return;
        }
        let silent = Date::now() - last_sign.get();
        if last_sign.get() == 0.0 || xhr.ready_state() >= XmlHttpRequest::HEADERS_RECEIVED {
            wait_ms = stall_ms; // not started yet (queued by the browser), or being answered
        } else if silent < stall_ms {
            wait_ms = stall_ms - silent + 1.0;
        } else {
            end(ending, Ending::TimedOut);
            let _ = xhr.abort(); // fires abort and loadend at once: the request is over
            return;
        }
    }
}
