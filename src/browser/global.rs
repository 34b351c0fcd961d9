//! Timers, `localStorage`, global events and `btoa`, from whatever global object this runs in.

use alloc::borrow::ToOwned;
use alloc::string::String;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, EventTarget, Storage};

use crate::core::text::cat;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = btoa, catch)]
    fn js_btoa(text: &str) -> Result<String, JsValue>;
}

/// Calls `handler` once after `ms` milliseconds (setTimeout is global in pages and workers).
pub fn call_after(handler: &Function, ms: u64) {
    set_timeout(handler, ms.min(i32::MAX as u64) as i32);
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u64) {
    let promise = Promise::new(&mut |resolve, _| call_after(&resolve, ms));
    let _ = JsFuture::from(promise).await;
}

/// `localStorage`, when this context has one (a worker or an opaque origin has none).
pub fn local_storage() -> Option<Storage> {
    // Reading the property itself throws where storage is disabled.
    let value = Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage")).ok()?;
    // An object there is the Storage (not checked with instanceof: one import less per check).
    value.is_object().then(|| value.unchecked_into())
}

/// `Authorization: Basic …` for the API key: the key as user name, an empty password.
pub fn basic_authorization(api_key: &str) -> Result<String, String> {
    let encoded = js_btoa(&cat!(api_key, ":"))
        .map_err(|_| "The apiKey must be plain ASCII text.".to_owned())?;
    Ok(cat!("Basic ", encoded))
}

/// A listener on the global object, removed when dropped.
pub struct GlobalListener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl GlobalListener {
    pub fn new(kind: &'static str, on_event: impl FnMut(Event) + 'static) -> Option<Self> {
        // The global object of a page or a worker is an EventTarget.
        let target: EventTarget = js_sys::global().unchecked_into();
        let callback = Closure::<dyn FnMut(Event)>::new(on_event);
        target
            .add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref())
            .ok()?;
        Some(GlobalListener {
            target,
            kind,
            callback,
        })
    }
}

impl Drop for GlobalListener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.callback.as_ref().unchecked_ref());
    }
}

/// `navigator.onLine`, true when unknown.
pub fn is_online() -> bool {
    Reflect::get(&js_sys::global(), &JsValue::from_str("navigator"))
        .and_then(|navigator| Reflect::get(&navigator, &JsValue::from_str("onLine")))
        .ok()
        .and_then(|online| online.as_bool())
        .unwrap_or(true)
}
