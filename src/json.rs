//! JSON text to and from Rust values. In the browser, the engine's own `JSON.parse` and
//! `JSON.stringify` read and write the text, and serde-wasm-bindgen carries the values across, as
//! its authors advise: the wasm then holds no JSON parser of its own, and no JSON tree (the
//! values read are small derived types). Natively (the tests), serde_json does both.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// `text` read as a `T`; None when it is not JSON, or not a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).ok()?;
        serde_wasm_bindgen::from_value(value).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    serde_json::from_str(text).ok()
}

/// `text` read as a `T` when it is a JSON object (an object whose fields are not a `T`'s gives
/// `T::default()`); None when it is not a JSON object. What an answer's body is read with: the
/// object says it is the protocol's, its fields say what they can.
pub fn from_object<T: DeserializeOwned + Default>(text: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).ok()?;
        if !value.is_object() || js_sys::Array::is_array(&value) {
            return None;
        }
        Some(serde_wasm_bindgen::from_value(value).unwrap_or_default())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        if !value.is_object() {
            return None;
        }
        Some(serde_json::from_value(value).unwrap_or_default())
    }
}

/// `value` as JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let text = value
            .serialize(&serializer)
            .ok()
            .and_then(|value| js_sys::JSON::stringify(&value).ok());
        text.map(String::from).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    serde_json::to_string(value).unwrap_or_default()
}
