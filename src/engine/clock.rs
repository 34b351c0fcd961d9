//! The clock seam: the time, and sleeps.

/// `Date.now()` and `setTimeout` in the browser; virtual time in the tests, so that a retry's
/// back-off is measured, not waited for.
pub trait Clock {
    /// Milliseconds since 1970.
    fn now_ms(&self) -> f64;

    /// Resolves `ms` milliseconds from now. Dropping it early cancels the timer.
    fn sleep(&self, ms: u64) -> impl Future<Output = ()>;
}
