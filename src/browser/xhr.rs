//! One request with `XMLHttpRequest`: the only browser API that reports upload progress
//! (fetch has none for request bodies), and so the one HTTP client of the wasm (the token
//! client and the playable check use it too, rather than a second one over fetch). The body is a `FormData` holding a `Blob` slice,
//! so the file's bytes go from disk to the network without entering wasm or JS memory.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FormData, ProgressEvent, XmlHttpRequest};

use super::global::{start_timer, stop_timer};
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

/// Aborts a request that shows no sign of life for `ms`: no upload progress, no answer (a
/// black-holed request would otherwise wait forever; browsers never time one out). Armed when
/// the request is sent, re-armed by each sign of life, stopped when dropped.
struct Watchdog {
    ms: u32,
    timer: Cell<Option<JsValue>>,
    fire: Closure<dyn FnMut()>,
}

impl Watchdog {
    /// None when `ms` is 0 (`stallTimeout: 0`: never).
    fn new(xhr: &XmlHttpRequest, ending: &Rc<Cell<Ending>>, ms: u32) -> Option<Rc<Self>> {
        (ms > 0).then(|| {
            let (xhr, ending) = (xhr.clone(), ending.clone());
            let fire = Closure::<dyn FnMut()>::new(move || {
                end(&ending, Ending::TimedOut);
                let _ = xhr.abort();
            });
            Rc::new(Watchdog { ms, timer: Cell::new(None), fire })
        })
    }

    fn rearm(&self) {
        self.stop();
        self.timer.set(Some(start_timer(self.fire.as_ref().unchecked_ref(), self.ms)));
    }

    fn stop(&self) {
        if let Some(timer) = self.timer.take() {
            stop_timer(&timer);
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop();
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
    xhr.open_with_async(method, url, true).map_err(|_| UploadError::network())?;
    for (name, value) in headers {
        xhr.set_request_header(name, value).map_err(|_| UploadError::network())?;
    }
    if let Body::Json(_) = body {
        let _ = xhr.set_request_header("Content-Type", "application/json");
    }

    let ending = Rc::new(Cell::new(Ending::Loaded));
    let set_ending = |value| {
        let ending = ending.clone();
        Closure::<dyn FnMut()>::new(move || end(&ending, value))
    };
    let (on_abort, on_timeout, on_error) = (set_ending(Ending::Aborted), set_ending(Ending::TimedOut), set_ending(Ending::Failed));
    xhr.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    xhr.set_ontimeout(Some(on_timeout.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    let watchdog = Watchdog::new(&xhr, &ending, stall_ms);
    let alive = {
        let watchdog = watchdog.clone();
        move || {
            if let Some(watchdog) = &watchdog {
                watchdog.rearm();
            }
        }
    };
    let progress = (listeners.progress.is_some() || watchdog.is_some()).then(|| {
        let (report, alive) = (listeners.progress.clone(), alive.clone());
        Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
            alive();
            if let Some(report) = &report {
                report(event.loaded() as u64);
            }
        })
    });
    // upload's load event: the body is sent, the answer is to come.
    let sent = (listeners.sent.is_some() || watchdog.is_some()).then(|| {
        let (report, alive) = (listeners.sent.clone(), alive.clone());
        Closure::<dyn FnMut()>::new(move || {
            alive();
            if let Some(report) = &report {
                report();
            }
        })
    });
    // The answer's headers and body arriving are signs of life too.
    let answering = watchdog.is_some().then(|| Closure::<dyn FnMut()>::new(alive.clone()));
    if let Some(answering) = &answering {
        xhr.set_onreadystatechange(Some(answering.as_ref().unchecked_ref()));
        xhr.set_onprogress(Some(answering.as_ref().unchecked_ref()));
    }
    if let Ok(upload) = xhr.upload() {
        if let Some(progress) = &progress {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        if let Some(sent) = &sent {
            upload.set_onload(Some(sent.as_ref().unchecked_ref()));
        }
    }

    // loadend fires once, after load, error, abort or timeout.
    let finished = Promise::new(&mut |resolve, _| xhr.set_onloadend(Some(&resolve)));
    let id = in_flight.map(|in_flight| in_flight.add(&xhr));
    let started = match body {
        Body::Form(form) => xhr.send_with_opt_form_data(Some(form)),
        Body::Json(text) => xhr.send_with_opt_str(Some(text)),
        Body::None => xhr.send(),
    };
    if started.is_ok() {
        alive();
        let _ = JsFuture::from(finished).await;
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
    xhr.set_onreadystatechange(None);
    xhr.set_onprogress(None);
    if let Some(watchdog) = &watchdog {
        watchdog.stop();
    }
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(None);
        upload.set_onload(None);
    }
    drop((on_abort, on_timeout, on_error, progress, sent, answering));

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
                retry_after: xhr.get_response_header("X-RateLimit-Retry-After").ok().flatten(),
            })
        }
    }
}
