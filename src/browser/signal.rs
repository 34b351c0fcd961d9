//! Waking the tasks that wait for a change of state: resume after pause, cancel, back online,
//! or the end of an interruptible sleep.
//!
//! Everything here runs on the page's one thread, so a waiter is an `Rc` with a flag and the
//! task's `Waker`: a channel (futures-channel's oneshot, with its atomics and locks) would only
//! add code to the wasm.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use futures_util::future::{Either, select};

use super::global::sleep;

#[derive(Default)]
pub struct Wakers {
    waiting: RefCell<Vec<Rc<Waiter>>>,
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
        self.waiting.borrow_mut().push(waiter.clone());
        Changed(waiter)
    }

    pub fn wake_all(&self) {
        let waiting = core::mem::take(&mut *self.waiting.borrow_mut());
        for waiter in waiting {
            waiter.woken.set(true);
            if let Some(waker) = waiter.waker.take() {
                waker.wake();
            }
        }
    }

    /// Sleeps `ms`, or less if woken first (the caller then rechecks its state).
    pub async fn sleep(&self, ms: u64) {
        let woken = self.changed();
        let timer = Box::pin(sleep(ms));
        match select(timer, woken).await {
            Either::Left(_) | Either::Right(_) => {}
        }
    }
}

/// No waiter outlives its wakers asleep (as a dropped channel's receiver would resolve).
impl Drop for Wakers {
    fn drop(&mut self) {
        self.wake_all();
    }
}
