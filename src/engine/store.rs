//! The store seam: where `resume: true` remembers uploads between page loads.

/// `localStorage` in the browser (nothing, where a context has none); a map in the tests.
/// Values are small JSON texts (`protocol::resume::ResumeState`). A store that fails to write
/// loses only the chance to resume, never the upload, so writes report nothing.
pub trait ResumeStore {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str);
    fn remove(&self, key: &str);
    /// Every key, so that expired uploads can be swept.
    fn keys(&self) -> Vec<String>;
}
