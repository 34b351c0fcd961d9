//! Pause, offline and cancel: the state that the page's calls (and the browser's connectivity
//! events) change while an upload runs, and that its loops look at between requests.

use std::cell::Cell;
use std::pin::pin;

use futures_util::future::select;

use super::clock::Clock;
use super::signal::{Changed, Wakers};

#[derive(Default)]
pub struct Control {
    #[cfg(feature = "uploaders")]
    paused: Cell<bool>,
    offline: Cell<bool>,
    cancelled: Cell<bool>,
    /// Woken at every change of the above.
    wakers: Wakers,
}

impl Control {
    /// Lets the requests in flight finish and starts no new one until [`Control::resume`].
    #[cfg(feature = "uploaders")]
    pub fn pause(&self) {
        self.paused.set(true);
    }

    #[cfg(feature = "uploaders")]
    pub fn resume(&self) {
        self.paused.set(false);
        self.wakers.wake_all();
    }

    /// For good: every waiter wakes up to see it. The caller aborts the requests in flight.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        self.wakers.wake_all();
    }

    /// The browser's `offline` and `online` events.
    #[cfg(feature = "uploaders")]
    pub fn set_offline(&self, offline: bool) {
        self.offline.set(offline);
        if !offline {
            self.wakers.wake_all();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }

    pub fn is_offline(&self) -> bool {
        self.offline.get()
    }

    /// True while no new request should start.
    #[cfg(feature = "uploaders")]
    pub fn is_held(&self) -> bool {
        self.paused.get() || self.offline.get()
    }

    /// Resolves at the next change (resume, back online, cancel) or [`Control::notify`].
    pub fn changed(&self) -> Changed {
        self.wakers.changed()
    }

    /// Wakes every waiter, for a change of the caller's own (a refresh done, a part's turn).
    pub fn notify(&self) {
        self.wakers.wake_all();
    }

    /// Sleeps `ms`, or less if something changes first (the caller then looks again).
    pub async fn sleep(&self, clock: &impl Clock, ms: u64) {
        let woken = self.changed();
        select(pin!(clock.sleep(ms)), woken).await;
    }

    /// For the tests: the waiters registered, which must not pile up.
    #[cfg(test)]
    pub fn registered_waiters(&self) -> usize {
        self.wakers.registered()
    }
}
