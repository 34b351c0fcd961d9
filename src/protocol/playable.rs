//! After an upload: when to ask again whether the video can be played (`assets.hls` answers
//! 202 with an empty body until it can), and when to stop asking.

use super::error::{Reason, UploadError};
use super::http::Answer;

/// The first wait, as the official uploader's (it asks every 500 ms, forever).
pub const FIRST_DELAY_MS: u64 = 500;
/// The longest wait between two questions: a video that takes minutes to be ready is asked
/// about a few times a minute, not twice a second.
pub const MAX_DELAY_MS: u64 = 8_000;
/// How long after the upload the check gives up. api.video makes a video playable within
/// minutes of its upload, long ones included; past half an hour something is wrong, and a
/// page that stays open must not poll forever.
pub const GIVE_UP_AFTER_MS: f64 = 30.0 * 60.0 * 1000.0;

/// The wait before question number `asked + 1`: 0.5 s, doubling up to [`MAX_DELAY_MS`].
pub fn delay_ms(asked: u32) -> u64 {
    FIRST_DELAY_MS
        .saturating_mul(1 << asked.min(5))
        .min(MAX_DELAY_MS)
}

/// What one answer of `assets.hls` says.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Playable,
    /// Not yet, or no answer this time (a network error, a 5xx, a 408 or 429): ask again.
    NotYet,
    /// An answer that will not change (a 404: the video is gone; another 4xx): stop asking.
    Never(Box<UploadError>),
}

/// `answer` is the answer of `GET assets.hls`, or the error of a request that got none.
pub fn judge(answer: Result<&Answer, UploadError>) -> Verdict {
    let error = match answer {
        Ok(answer) if answer.status == 202 => return Verdict::NotYet,
        Ok(answer) if answer.is_success() => {
            return if answer.body.is_empty() {
                Verdict::NotYet
            } else {
                Verdict::Playable
            };
        }
        Ok(answer) => answer.error(),
        Err(error) => error,
    };
    if error.is_retryable() {
        Verdict::NotYet
    } else {
        Verdict::Never(Box::new(error))
    }
}

/// The error the check ends with when the video is still not playable after
/// [`GIVE_UP_AFTER_MS`].
pub fn timed_out() -> UploadError {
    UploadError::new(
        Reason::PlayableTimeout,
        "The video was uploaded, but it was still not playable 30 minutes later: check its status with GET /videos/{videoId}/status.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_longest() {
        let delays: Vec<u64> = (0..8).map(delay_ms).collect();
        assert_eq!(delays, [500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
        assert_eq!(delay_ms(u32::MAX), MAX_DELAY_MS);
    }

    #[test]
    fn what_each_answer_says() {
        let answer = |status: u16, body: &str| Answer {
            status,
            body: body.into(),
            retry_after: None,
        };
        let judge_answer = |status, body| judge(Ok(&answer(status, body)));
        assert_eq!(judge_answer(200, "#EXTM3U"), Verdict::Playable);
        assert_eq!(judge_answer(202, ""), Verdict::NotYet);
        assert_eq!(judge_answer(202, "#EXTM3U"), Verdict::NotYet);
        assert_eq!(judge_answer(200, ""), Verdict::NotYet);
        for status in [500, 502, 503, 408, 429] {
            assert_eq!(judge_answer(status, "oops"), Verdict::NotYet, "{status}");
        }
        assert_eq!(judge(Err(UploadError::network())), Verdict::NotYet);
        assert_eq!(judge(Err(UploadError::timeout())), Verdict::NotYet);
        let Verdict::Never(gone) = judge_answer(404, r#"{"title":"Not found"}"#) else {
            panic!("a 404 is final")
        };
        assert_eq!((gone.status, gone.title.as_str()), (Some(404), "Not found"));
        assert!(matches!(judge_answer(403, ""), Verdict::Never(_)));
        assert!(
            matches!(judge_answer(301, ""), Verdict::Never(_)),
            "a redirect not followed"
        );
        assert_eq!(
            judge(Err(UploadError::aborted())),
            Verdict::Never(Box::new(UploadError::aborted()))
        );
        assert!(matches!(
            judge(Err(UploadError::invalid_request("no"))),
            Verdict::Never(_)
        ));
    }
}
