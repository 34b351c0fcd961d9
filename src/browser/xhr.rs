//! A chunk with `XMLHttpRequest`: the one browser API that reports upload progress (fetch has
//! none for request bodies), so chunks go through it while every other call goes through
//! gloo-net (`fetch.rs`). The body is a `FormData` holding a `Blob` slice, so the file's bytes
//! go from disk to the network without entering wasm or JS memory.
//!
//! The request lives in a [`Request`] guard, as gloo's wrappers do: dropping it (the upload was
//! cancelled, or gave up on its other chunks) aborts the request and detaches every handler,
//! whether or not it had finished. Nothing depends on the future being polled to its end.

use std::cell::Cell;
use std::rc::Rc;

use futures_util::future::{Either, select};
use js_sys::{Date, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, FormData, ProgressEvent, XmlHttpRequest, XmlHttpRequestUpload};

use super::clock::timeout;
use crate::engine::{Answer, ChunkEvents, ChunkRequest};
use crate::protocol::error::UploadError;

/// How a request ended: the first ending heard is the one (the abort that follows a stall
/// stays a timeout).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    Loaded,
    Aborted,
    TimedOut,
    Failed,
}

/// One XHR and the handlers attached to it. Dropped, it aborts the request if it is still
/// going, and detaches the handlers (which breaks the cycles between them and the request).
struct Request {
    xhr: XmlHttpRequest,
    upload: XmlHttpRequestUpload,
    ending: Rc<Cell<Ending>>,
    _handlers: [Closure<dyn FnMut()>; 4],
    _on_progress: Closure<dyn FnMut(ProgressEvent)>,
}

impl Drop for Request {
    fn drop(&mut self) {
        self.xhr.set_onabort(None);
        self.xhr.set_ontimeout(None);
        self.xhr.set_onerror(None);
        self.xhr.set_onloadend(None);
        self.upload.set_onprogress(None);
        self.upload.set_onload(None);
        if self.xhr.ready_state() != XmlHttpRequest::DONE {
            let _ = self.xhr.abort();
        }
    }
}

/// The browser's own words for an exception it threw.
pub(super) fn words(exception: &JsValue) -> String {
    exception
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| exception.as_string())
        .unwrap_or_else(|| "the browser refused it.".into())
}

fn refused(exception: JsValue) -> UploadError {
    UploadError::invalid_request(&words(&exception))
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

/// Opens the request with its headers and handlers; an exception here (a header value or a URL
/// the browser will not send) is a request that cannot be made, not a network error.
fn open(
    request: &ChunkRequest<'_, Blob>,
    events: &ChunkEvents,
    last_sign: &Rc<Cell<f64>>,
) -> Result<Request, UploadError> {
    let xhr = XmlHttpRequest::new().map_err(refused)?;
    xhr.open_with_async("POST", request.url, true)
        .map_err(refused)?;
    for (name, value) in request.headers {
        xhr.set_request_header(name, value).map_err(refused)?;
    }
    let upload = xhr.upload().map_err(refused)?;

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

    // Signs of life for the stall wait: each upload progress event, and the body's end.
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
    upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    upload.set_onload(Some(on_sent.as_ref().unchecked_ref()));
    Ok(Request {
        xhr,
        upload,
        ending,
        _handlers: [on_abort, on_timeout, on_error, on_sent],
        _on_progress: on_progress,
    })
}

/// Posts one chunk; `events` hear how its upload goes. Dropping the future aborts it.
pub async fn send_chunk(
    request: ChunkRequest<'_, Blob>,
    events: ChunkEvents,
) -> Result<Answer, UploadError> {
    let form = form(&request).map_err(refused)?;
    // When the last sign of life was seen (0: none yet).
    let last_sign = Rc::new(Cell::new(0.0));
    let guard = open(&request, &events, &last_sign)?;
    let xhr = &guard.xhr;
    let loadend = JsFuture::from(Promise::new(&mut |resolve, _| {
        xhr.set_onloadend(Some(&resolve))
    }));
    match xhr.send_with_opt_form_data(Some(&form)) {
        Ok(()) => {
            wait(
                xhr,
                loadend,
                &guard.ending,
                &last_sign,
                request.stall_timeout_ms,
            )
            .await
        }
        Err(exception) => return Err(refused(exception)),
    }
    match guard.ending.get() {
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
