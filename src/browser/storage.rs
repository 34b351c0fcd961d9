//! The store seam in the browser: `localStorage`.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Storage;

use crate::engine::ResumeStore;

/// `localStorage`, or nothing where a context has none (a worker, an opaque origin, storage
/// disabled): resuming across page loads is then off, uploads work as ever.
pub struct LocalStorage(Option<Storage>);

impl LocalStorage {
    pub fn new() -> Self {
        // Reading the property itself throws where storage is disabled.
        let storage = Reflect::get(&js_sys::global(), &JsValue::from_str("localStorage"))
            .ok()
            .and_then(|value| value.dyn_into::<Storage>().ok());
        LocalStorage(storage)
    }
}

impl ResumeStore for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.0.as_ref()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) {
        if let Some(storage) = &self.0 {
            // A full storage loses the chance to resume, not the upload.
            let _ = storage.set_item(key, value);
        }
    }

    fn remove(&self, key: &str) {
        if let Some(storage) = &self.0 {
            let _ = storage.remove_item(key);
        }
    }

    fn keys(&self) -> Vec<String> {
        let Some(storage) = &self.0 else {
            return Vec::new();
        };
        let count = storage.length().unwrap_or(0);
        (0..count)
            .filter_map(|index| storage.key(index).ok().flatten())
            .collect()
    }
}
