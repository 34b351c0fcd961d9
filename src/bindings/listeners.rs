//! The callbacks a page registers (`onProgress`, `onPlayable`, `onPlayableError`), and the
//! playable check that feeds the last two.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::to_js;
use crate::engine::playable::wait_until_playable;
use crate::engine::sender::Sender;
use crate::engine::{Clock, Transport};
use crate::protocol::video::Video;

#[derive(Default)]
pub struct Listeners {
    progress: RefCell<Vec<Function>>,
    playable: RefCell<Vec<Function>>,
    playable_error: RefCell<Vec<Function>>,
}

impl Listeners {
    pub fn on_progress(&self, callback: Function) {
        self.progress.borrow_mut().push(callback);
    }

    pub fn on_playable(&self, callback: Function) {
        self.playable.borrow_mut().push(callback);
    }

    pub fn on_playable_error(&self, callback: Function) {
        self.playable_error.borrow_mut().push(callback);
    }

    pub fn progress<E: Serialize>(&self, event: &E) {
        call_each(&self.progress, event);
    }

    /// When someone listens with `onPlayable`: asks the video's `assets.hls` until it can be
    /// played, then calls them with the video; calls the `onPlayableError` listeners when the
    /// check gives up. Stops quietly on `cancel()`.
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
                Ok(()) => call_each(&listeners.playable, &video),
                Err(error) if error.is_aborted() => {}
                Err(error) => call_each(&listeners.playable_error, &error),
            }
        });
    }
}

/// Calls every listener with `value`, converted once. A throwing listener must not break the
/// upload: its exception is dropped.
fn call_each<E: Serialize + ?Sized>(listeners: &RefCell<Vec<Function>>, value: &E) {
    let listeners = listeners.borrow().clone();
    if listeners.is_empty() {
        return;
    }
    let value = to_js(value);
    for listener in listeners {
        let _ = listener.call1(&JsValue::NULL, &value);
    }
}
