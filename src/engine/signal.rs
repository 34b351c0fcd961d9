//! Waking the tasks that wait for one kind of change: a resume, the network's return, a cancel
//! (`control.rs` has one `Wakers` for each), a chunk's bytes all sent (`upload.rs`). One kind a
//! `Wakers`, so that a change wakes only the waits it may end.
//!
//! Everything runs on one thread, so a waiter is an `Rc` with a flag and the task's `Waker`,
//! without the locks of a thread-safe notifier.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

/// Every [`Changed`] made and not yet woken or dropped.
#[derive(Default)]
pub struct Wakers {
    /// Weak: a `Changed` dropped before its wake-up (the loser of a `select`) frees its waiter,
    /// and the next [`Wakers::changed`] clears the dead entries, so they never pile up.
    waiting: RefCell<Vec<Weak<Waiter>>>,
}

#[derive(Default)]
struct Waiter {
    woken: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

/// Resolves at the next [`Wakers::wake_all`] after it was made.
pub struct Changed(Rc<Waiter>);

impl Future for Changed {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        if self.0.woken.get() {
            return Poll::Ready(());
        }
        *self.0.waker.borrow_mut() = Some(context.waker().clone());
        Poll::Pending
    }
}

impl Wakers {
    /// Resolves at the next [`Wakers::wake_all`].
    pub fn changed(&self) -> Changed {
        let waiter = Rc::new(Waiter::default());
        let mut waiting = self.waiting.borrow_mut();
        waiting.retain(|waiter| waiter.strong_count() > 0);
        waiting.push(Rc::downgrade(&waiter));
        Changed(waiter)
    }

    pub fn wake_all(&self) {
        let waiting = std::mem::take(&mut *self.waiting.borrow_mut());
        for waiter in waiting.iter().filter_map(Weak::upgrade) {
            waiter.woken.set(true);
            if let Some(waker) = waiter.waker.take() {
                waker.wake();
            }
        }
    }

    /// How many waiters are registered, the dropped ones not yet cleared included: what the
    /// tests check does not grow.
    #[cfg(test)]
    pub fn registered(&self) -> usize {
        self.waiting.borrow().len()
    }
}

/// No waiter outlives its wakers asleep (as a dropped channel's receiver would resolve).
impl Drop for Wakers {
    fn drop(&mut self) {
        self.wake_all();
    }
}
