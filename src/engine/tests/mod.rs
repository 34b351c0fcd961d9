//! The send loops, run natively against a scripted network, a virtual clock and a map for a
//! store (see `fake`): the same code the browser runs, with every answer, failure and delay
//! chosen by the test.

mod fake;
mod playable;
mod progressive;
mod upload;
