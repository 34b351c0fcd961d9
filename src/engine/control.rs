//! Pause, offline and cancel: the state that the page's calls (and the browser's connectivity
//! events) change while an upload runs, and the waits between requests that look at it.
//!
//! Each change wakes only the waits it may end: `resume()` wakes the attempts that `pause()`
//! holds, and nothing else; the network coming back wakes the attempts held offline and the
//! retry policy's back-offs; `cancel()` wakes everything. A wait the server asked for ends on
//! its own time or on `cancel()` only.

use std::cell::Cell;
use std::future::pending;
use std::pin::pin;

use futures_util::future::{Either, select, select_all};

use super::clock::Clock;
use super::signal::Wakers;
use crate::protocol::error::UploadError;
use crate::protocol::retry::Wait;

#[derive(Default)]
pub struct Control {
    paused: Cell<bool>,
    offline: Cell<bool>,
    cancelled: Cell<bool>,
    resumed: Wakers,
    back_online: Wakers,
    cancelling: Wakers,
}

impl Control {
    /// Lets the requests in flight finish and starts no new attempt, retries included, until
    /// [`Control::resume`].
    #[cfg(feature = "uploaders")]
    pub fn pause(&self) {
        self.paused.set(true);
    }

    /// Lets new attempts start again; shortens no wait.
    #[cfg(feature = "uploaders")]
    pub fn resume(&self) {
        self.paused.set(false);
        self.resumed.wake_all();
    }

    /// For good: every wait ends, and each loop drops its requests (which aborts them).
    pub fn cancel(&self) {
        self.cancelled.set(true);
        self.cancelling.wake_all();
    }

    /// The browser's `offline` and `online` events.
    pub fn set_offline(&self, offline: bool) {
        let was_offline = self.offline.replace(offline);
        if was_offline && !offline {
            self.back_online.wake_all();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }

    pub fn is_offline(&self) -> bool {
        self.offline.get()
    }

    /// True while no new attempt should start.
    pub fn is_held(&self) -> bool {
        self.paused.get() || self.offline.get()
    }

    /// Resolves once [`Control::cancel`] is called (at once if it was).
    pub async fn cancelled(&self) {
        while !self.cancelled.get() {
            self.cancelling.changed().await;
        }
    }

    /// Waits until a new attempt may start: not paused, not offline. Err (`ABORTED`) once
    /// cancelled.
    pub async fn ready(&self) -> Result<(), UploadError> {
        loop {
            if self.cancelled.get() {
                return Err(UploadError::aborted());
            }
            if !self.is_held() {
                return Ok(());
            }
            self.next_change().await;
        }
    }

    /// Resolves at the next resume, return of the network or cancel: what may let a held loop
    /// start something.
    pub async fn next_change(&self) {
        let changes = [
            self.resumed.changed(),
            self.back_online.changed(),
            self.cancelling.changed(),
        ];
        select_all(changes).await;
    }

    /// `future`'s output, or Err (`ABORTED`) as soon as the upload is cancelled: `future` is
    /// then dropped, which aborts its request or clears its timer.
    pub async fn unless_cancelled<F: Future>(&self, future: F) -> Result<F::Output, UploadError> {
        match select(pin!(future), pin!(self.cancelled())).await {
            Either::Left((output, _)) => Ok(output),
            Either::Right(_) => Err(UploadError::aborted()),
        }
    }

    /// Waits `wait` out; only what the wait names ends it sooner (see [`Wait`]). Err
    /// (`ABORTED`) once cancelled.
    pub async fn sleep(&self, clock: &impl Clock, wait: Wait) -> Result<(), UploadError> {
        let ends_sooner = async {
            match wait {
                Wait::Backoff { .. } => self.back_online.changed().await,
                Wait::ServerAsked { .. } => pending().await,
            }
        };
        let (timer, ends_sooner) = (pin!(clock.sleep(wait.ms())), pin!(ends_sooner));
        self.unless_cancelled(select(timer, ends_sooner))
            .await
            .map(drop)
    }

    /// For the tests: the waiters registered, which must not pile up.
    #[cfg(test)]
    pub fn registered_waiters(&self) -> usize {
        self.resumed.registered() + self.back_online.registered() + self.cancelling.registered()
    }
}
