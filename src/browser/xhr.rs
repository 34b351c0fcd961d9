//! One request with `XMLHttpRequest`: the only browser API that reports upload progress
//! (fetch has none for request bodies), and so the one HTTP client of the wasm (the token
//! client and the playable check use it too, rather than a second one over fetch). The body
//! is a `FormData` holding a `Blob` slice, so the file's bytes go from disk to the network
//! without entering wasm or JS memory.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use js_sys::{Date, Promise};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

use super::global::call_after;
use crate::core::error::UploadError;

/// An HTTP answer, whatever its status.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..400).contains(&self.status)
    }

    /// A 2xx status, as `Response.ok` says.
    pub fn is_ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn error(&self) -> UploadError {
        super::json::error_answer(self.status, &self.body, self.retry_after.as_deref())
    }
}

/// The requests in flight, so `cancel()` can abort them all.
#[derive(Default)]
pub struct InFlight {
    requests: RefCell<Vec<(u64, XmlHttpRequest)>>,
    next_id: Cell<u64>,
}

impl InFlight {
    fn add(&self, xhr: &XmlHttpRequest) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.requests.borrow_mut().push((id, xhr.clone()));
        id
    }

    fn remove(&self, id: u64) {
        self.requests.borrow_mut().retain(|(other, _)| *other != id);
    }

    pub fn abort_all(&self) {
        let requests = core::mem::take(&mut *self.requests.borrow_mut());
        for (_, xhr) in requests {
            let _ = xhr.abort();
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ending {
    Loaded,
    Aborted,
    TimedOut,
    Failed,
}

/// What a request sends.
pub enum Body<'a> {
    None,
    /// A multipart form (a chunk).
    Form(&'a FormData),
    /// JSON text, sent with `Content-Type: application/json`.
    Json(&'a str),
}

/// What a caller hears of an upload while it goes: its progress (`loaded` bytes), and the
/// moment its last byte is sent (the request then waits for its answer).
#[derive(Clone, Default)]
pub struct UploadListeners {
    pub progress: Option<Rc<dyn Fn(u64)>>,
    pub sent: Option<Rc<dyn Fn()>>,
}

/// Waits for the request's `loadend` (it fires once, after load, error, abort or timeout).
/// With `stall_ms`, also wakes when it has shown no sign of life for that long (no upload
/// progress since `last_sign`, a `Date.now()`, and no answer begun): then ends it as timed out
/// and aborts it, since browsers never give up on a black-holed request by themselves.
///
/// The silence counts from the first sign of life (`last_sign` is 0 until then), not from
/// `send()`: over HTTP/1.1 a browser opens 6 connections to a host and queues the other
/// requests, which show no progress while they wait for one (more chunks in flight than
/// connections, several uploaders in a page); that wait is no stall. A request that never
/// gets a connection ends with the browser's own connection timeout, as a network error.
///
/// One promise per wait, resolved by `loadend` (with its event) or by a timer (with
/// `undefined`): no Rust closure, no future combinator.
async fn finish(xhr: &XmlHttpRequest, ending: &Cell<Ending>, last_sign: &Cell<f64>, stall_ms: u32) {
    let mut wait_ms = stall_ms;
    loop {
        let woken = Promise::new(&mut |resolve, _| {
            xhr.set_onloadend(Some(&resolve));
            if stall_ms > 0 {
                call_after(&resolve, wait_ms.into()); // resolves with `undefined`
            }
        });
        // loadend comes before the next event could: this task resumes in a microtask.
        if JsFuture::from(woken)
            .await
            .map_or(true, |value| !value.is_undefined())
        {
            return;
        }
        let silent = Date::now() - last_sign.get();
        if last_sign.get() == 0.0 || xhr.ready_state() >= XmlHttpRequest::HEADERS_RECEIVED {
            wait_ms = stall_ms; // not started yet (queued by the browser), or being answered
        } else if silent < f64::from(stall_ms) {
            wait_ms = (f64::from(stall_ms) - silent) as u32 + 1;
        } else {
            end(ending, Ending::TimedOut);
            // Fires abort and loadend at once: the request is over.
            let _ = xhr.abort();
            return;
        }
    }
}

/// The first ending heard is the one: the abort that follows a stall stays a timeout.
fn end(ending: &Cell<Ending>, value: Ending) {
    if ending.get() == Ending::Loaded {
        ending.set(value);
    }
}

/// Sends `method` to `url`; `listeners` hear how its upload goes, and `in_flight`, when
/// given, lets `cancel()` abort the request. A request silent for `stall_ms` (no upload
/// progress, no answer) is aborted as `NETWORK_TIMEOUT`; 0 waits forever.
/// Network failures, timeouts and aborts come back as the protocol's error reasons.
pub async fn request(
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Body<'_>,
    listeners: UploadListeners,
    in_flight: Option<&InFlight>,
    stall_ms: u32,
) -> Result<Answer, UploadError> {
    let xhr = XmlHttpRequest::new().map_err(|_| UploadError::network())?;
    xhr.open_with_async(method, url, true)
        .map_err(|_| UploadError::network())?;
    for (name, value) in headers {
        xhr.set_request_header(name, value)
            .map_err(|_| UploadError::network())?;
    }
    if let Body::Json(_) = body {
        let _ = xhr.set_request_header("Content-Type", "application/json");
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

    // Signs of life for `finish`: each upload progress event, and the body's end (0: none yet).
    let last_sign = Rc::new(Cell::new(0.0));
    let progress = (listeners.progress.is_some() || stall_ms > 0).then(|| {
        let (report, last_sign) = (listeners.progress.clone(), last_sign.clone());
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            last_sign.set(Date::now());
            if let Some(report) = &report {
                report(event.loaded() as u64);
            }
        })
    });
    // upload's load event: the body is sent, the answer is to come.
    let sent = (listeners.sent.is_some() || stall_ms > 0).then(|| {
        let (report, last_sign) = (listeners.sent.clone(), last_sign.clone());
        Closure::<dyn FnMut()>::new(move || {
            last_sign.set(Date::now());
            if let Some(report) = &report {
                report();
            }
        })
    });
    if let Ok(upload) = xhr.upload() {
        if let Some(progress) = &progress {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        if let Some(sent) = &sent {
            upload.set_onload(Some(sent.as_ref().unchecked_ref()));
        }
    }

    let id = in_flight.map(|in_flight| in_flight.add(&xhr));
    let started = match body {
        Body::Form(form) => xhr.send_with_opt_form_data(Some(form)),
        Body::Json(text) => xhr.send_with_opt_str(Some(text)),
        Body::None => xhr.send(),
    };
    if started.is_ok() {
        finish(&xhr, &ending, &last_sign, stall_ms).await;
    } else {
        ending.set(Ending::Failed);
    }
    if let (Some(in_flight), Some(id)) = (in_flight, id) {
        in_flight.remove(id);
    }

    // Break the reference cycles between the request and our closures.
    xhr.set_onabort(None);
    xhr.set_ontimeout(None);
    xhr.set_onerror(None);
    xhr.set_onloadend(None);
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
        upload.set_onload(None);
    }
    drop((on_abort, on_timeout, on_error, progress, sent));

    match ending.get() {
        Ending::Aborted => Err(UploadError::aborted()),
        Ending::TimedOut => Err(UploadError::timeout()),
        Ending::Failed => Err(UploadError::network()),
        Ending::Loaded => {
            let status = xhr.status().unwrap_or(0);
            if status == 0 {
                return Err(UploadError::network());
            }
            Ok(Answer {
                status,
                body: xhr.response_text().ok().flatten().unwrap_or_default(),
                retry_after: xhr
                    .get_response_header("X-RateLimit-Retry-After")
                    .ok()
                    .flatten(),
            })
        }
    }
}
