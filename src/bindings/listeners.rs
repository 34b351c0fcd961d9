//! The callbacks a page registers (`onProgress`, `onRetry`, `onPlayable`, `onPlayableError`),
//! and the playable check that feeds the last two.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::{to_js, values};
use crate::engine::playable::wait_until_playable;
use crate::engine::sender::{RetryEvent, Sender};
use crate::engine::{Clock, Transport};
use crate::protocol::video::Video;

#[derive(Default)]
pub struct Listeners {
    progress: RefCell<Vec<Function>>,
    retry: RefCell<Vec<Function>>,
    playable: RefCell<Vec<Function>>,
    playable_error: RefCell<Vec<Function>>,
}

impl Listeners {
    pub fn on_progress(&self, callback: Function) {
        self.progress.borrow_mut().push(callback);
    }

    pub fn on_retry(&self, callback: Function) {
        self.retry.borrow_mut().push(callback);
    }

    pub fn on_playable(&self, callback: Function) {
        self.playable.borrow_mut().push(callback);
    }

    pub fn on_playable_error(&self, callback: Function) {
        self.playable_error.borrow_mut().push(callback);
    }

    pub fn progress<E: Serialize>(&self, event: &E) {
        call_each(&self.progress, || to_js(event));
    }

    pub fn retry(&self, event: &RetryEvent) {
        call_each(&self.retry, || {
            let shown = to_js(event);
            let _ = Reflect::set(&shown, &"error".into(), &values::error(event.error));
            shown
        });
    }

    /// When someone listens with `onPlayable`: asks the video's `assets.hls` until it can be
    /// played, then calls them with the video; calls the `onPlayableError` listeners when the
    /// check gives up. Stops quietly on `cancel()` (and so on `free()`, which cancels first):
    /// the question in flight is aborted, and no other is asked.
    pub fn watch_playable<T, C>(self: &Rc<Self>, sender: &Rc<Sender<T, C>>, video: Video)
    where
        T: Transport + 'static,
        C: Clock + 'static,
    {
        if self.playable.borrow().is_empty() {
            return;
        }
        let Some(hls) = video.hls().map(str::to_owned) else {
            return;
        };
        let (listeners, sender) = (self.clone(), sender.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match wait_until_playable(&sender.transport, &sender.clock, &sender.control, &hls).await
            {
                Ok(()) => call_each(&listeners.playable, || values::video(&video)),
                Err(error) if error.is_aborted() => {}
                Err(error) => call_each(&listeners.playable_error, || values::error(&error)),
            }
        });
    }
}

/// Calls every listener with `value()`, made once. A listener that throws does not break the
/// upload: its exception is reported as an uncaught one would be (`reportError`, where the
/// runtime has it; the console otherwise), and the next listener is called.
fn call_each(listeners: &RefCell<Vec<Function>>, value: impl FnOnce() -> JsValue) {
    let listeners = listeners.borrow().clone();
    if listeners.is_empty() {
        return;
    }
    let value = value();
    for listener in listeners {
        if let Err(exception) = listener.call1(&JsValue::NULL, &value) {
            report(&exception);
        }
    }
}

/// `reportError(exception)`: the page's `error` event and its console, as for any uncaught
/// exception.
fn report(exception: &JsValue) {
    let global = js_sys::global();
    let report_error = Reflect::get(&global, &JsValue::from_str("reportError"))
        .ok()
        .and_then(|value| value.dyn_into::<Function>().ok());
    match report_error {
        Some(report_error) => {
            let _ = report_error.call1(&global, exception);
        }
        None => {
            web_sys::console::error_2(&"video-uploader-wasm: a listener threw".into(), exception)
        }
    }
}
