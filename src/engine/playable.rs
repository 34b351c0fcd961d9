//! After an upload: ask `assets.hls` whether the video can be played, waiting longer between
//! questions (`protocol::playable`), until it can, until an answer says it never will, until
//! the upload is cancelled, or until [`GIVE_UP_AFTER_MS`] have passed.

use super::clock::Clock;
use super::control::Control;
use super::transport::{Call, Transport};
use crate::protocol::error::UploadError;
use crate::protocol::playable::{self, GIVE_UP_AFTER_MS, Verdict};

/// Ok once the video at `hls` can be played. Err with reason `ABORTED` as soon as the upload is
/// cancelled (the question in flight is dropped, and so aborted), with `PLAYABLE_TIMEOUT` past
/// the deadline, or with the answer that says it never will be.
pub async fn wait_until_playable<T: Transport, C: Clock>(
    transport: &T,
    clock: &C,
    control: &Control,
    hls: &str,
) -> Result<(), UploadError> {
    let deadline = clock.now_ms() + GIVE_UP_AFTER_MS;
    let mut asked = 0;
    loop {
        control
            .unless_cancelled(clock.sleep(playable::delay_ms(asked)))
            .await?;
        asked += 1;
        if clock.now_ms() >= deadline {
            return Err(playable::timed_out());
        }
        let call = Call {
            method: "GET",
            url: hls,
            headers: &[],
            json: None,
        };
        let answer = control.unless_cancelled(transport.call(call)).await?;
        match playable::judge(answer.as_ref().map_err(Clone::clone)) {
            Verdict::Playable => return Ok(()),
            Verdict::NotYet => {}
            Verdict::Never(error) => return Err(*error),
        }
    }
}
