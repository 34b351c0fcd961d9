//! The browser's `offline` and `online` events, told to an upload's control while it runs.

use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::EventTarget;

use crate::engine::control::Control;

/// Follows `offline`/`online` on the global object (a page's or a worker's) until dropped:
/// gloo's listeners remove themselves on drop.
pub struct Connectivity {
    _listeners: [EventListener; 2],
}

impl Connectivity {
    pub fn watch(control: &Rc<Control>) -> Connectivity {
        control.set_offline(!is_online());
        let target: EventTarget = js_sys::global().unchecked_into();
        let listen = |event: &'static str, offline: bool| {
            let control: Weak<Control> = Rc::downgrade(control);
            EventListener::new(&target, event, move |_| {
                if let Some(control) = control.upgrade() {
                    control.set_offline(offline);
                }
            })
        };
        Connectivity {
            _listeners: [listen("offline", true), listen("online", false)],
        }
    }
}

/// `navigator.onLine`, true when unknown.
fn is_online() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"))
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &JsValue::from_str("onLine")))
        .ok()
        .and_then(|online| online.as_bool())
        .unwrap_or(true)
}
