//! Every call but a chunk's, with gloo-net: the token refresh, the playable check, the token
//! operations. gloo-net calls the global `fetch`, so these work in pages, workers and Node.
//!
//! Each call has its own `AbortController`, aborted when the call's future is dropped before
//! its answer is read (gloo's rule: dropping stops it).

use gloo_net::http::{Request, RequestBuilder};
use web_sys::AbortController;

use crate::protocol::error::UploadError;
use crate::protocol::http::{Answer, Call};

/// Aborts its call when dropped before [`Abort::disarm`].
struct Abort(Option<AbortController>);

impl Abort {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

/// Sends `call`. An answer of any status is an `Answer`; no answer is `NETWORK_ERROR`; a
/// request the runtime will not make is `INVALID_REQUEST`, with its words.
pub async fn send(call: Call<'_>) -> Result<Answer, UploadError> {
    let controller = AbortController::new().ok();
    let request = request(call, controller.as_ref())?;
    let abort = Abort(controller);
    let response = request.send().await.map_err(|_| UploadError::network())?;
    let status = response.status();
    let retry_after = response.headers().get("X-RateLimit-Retry-After");
    let body = response.text().await.map_err(|_| UploadError::network())?;
    abort.disarm();
    Ok(Answer {
        status,
        body,
        retry_after,
    })
}

/// A 2xx answer, or the answer's error.
#[cfg(feature = "tokens")]
pub async fn ok(call: Call<'_>) -> Result<Answer, UploadError> {
    let answer = send(call).await?;
    if answer.is_success() {
        Ok(answer)
    } else {
        Err(answer.error())
    }
}

/// A 2xx answer's body read as `T` (`what` names it in the error), or the answer's error.
#[cfg(feature = "tokens")]
pub async fn json<T: serde::de::DeserializeOwned>(
    call: Call<'_>,
    what: &str,
) -> Result<T, UploadError> {
    let answer = ok(call).await?;
    crate::json::from_str(&answer.body)
        .ok_or_else(|| UploadError::invalid_answer(answer.status, &answer.body, what))
}

fn request(call: Call<'_>, controller: Option<&AbortController>) -> Result<Request, UploadError> {
    let refused = |error: gloo_net::Error| UploadError::invalid_request(&error.to_string());
    let builder = match call.method {
        "POST" => Request::post(call.url),
        "DELETE" => Request::delete(call.url),
        "GET" => Request::get(call.url),
        other => {
            return Err(UploadError::invalid_request(&format!(
                "the method {other} is not one this library sends."
            )));
        }
    };
    let builder: RequestBuilder = call
        .headers
        .iter()
        .fold(builder, |builder, (name, value)| {
            builder.header(name, value)
        })
        .abort_signal(controller.map(AbortController::signal).as_ref());
    match call.json {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    }
    .map_err(refused)
}
