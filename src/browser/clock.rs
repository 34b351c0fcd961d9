//! The clock seam in the browser: `Date.now()` and timers that are cleared when dropped.

use gloo_timers::future::TimeoutFuture;

use crate::engine::Clock;

#[derive(Clone, Copy, Default)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        timeout(ms)
    }
}

/// A `setTimeout` of `ms` (at most its limit, 24.8 days), cleared if dropped before it fires.
pub fn timeout(ms: u64) -> TimeoutFuture {
    TimeoutFuture::new(ms.min(i32::MAX as u64) as u32)
}
