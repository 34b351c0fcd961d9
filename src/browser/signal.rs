//! Waking the tasks that wait for a change of state: resume after pause, cancel, back online,
//! or the end of an interruptible sleep.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::RefCell;

use futures_channel::oneshot;
use futures_util::future::{Either, select};

use super::global::sleep;

#[derive(Default)]
pub struct Wakers {
    waiting: RefCell<Vec<oneshot::Sender<()>>>,
}

impl Wakers {
    /// Resolves at the next [`Wakers::wake_all`].
    pub fn changed(&self) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        self.waiting.borrow_mut().push(tx);
        rx
    }

    pub fn wake_all(&self) {
        let waiting = core::mem::take(&mut *self.waiting.borrow_mut());
        for tx in waiting {
            let _ = tx.send(());
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
