//! The browser's `offline` and `online` events, told to an upload's control while it runs.

use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Event, EventTarget};

use crate::engine::control::Control;

/// Follows `offline`/`online` on the global object until dropped.
pub struct Connectivity {
    target: EventTarget,
    on_offline: Closure<dyn FnMut(Event)>,
    on_online: Closure<dyn FnMut(Event)>,
}

impl Connectivity {
    pub fn watch(control: &Rc<Control>) -> Connectivity {
        control.set_offline(!is_online());
        let listener = |offline: bool, control: Weak<Control>| {
            Closure::<dyn FnMut(Event)>::new(move |_| {
                if let Some(control) = control.upgrade() {
                    control.set_offline(offline);
                }
            })
        };
        // The global object of a page or a worker is an EventTarget.
        let target: EventTarget = js_sys::global().unchecked_into();
        let on_offline = listener(true, Rc::downgrade(control));
        let on_online = listener(false, Rc::downgrade(control));
        let _ =
            target.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
        let _ =
            target.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        Connectivity {
            target,
            on_offline,
            on_online,
        }
    }
}

impl Drop for Connectivity {
    fn drop(&mut self) {
        let target = &self.target;
        let _ = target.remove_event_listener_with_callback(
            "offline",
            self.on_offline.as_ref().unchecked_ref(),
        );
        let _ = target
            .remove_event_listener_with_callback("online", self.on_online.as_ref().unchecked_ref());
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
