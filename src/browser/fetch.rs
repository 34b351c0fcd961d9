//! Every call but a chunk's, with gloo-net: the token refresh, the playable check, the token
//! operations. gloo-net calls the global `fetch`, so these work in pages, workers and Node.

use gloo_net::http::{Request, RequestBuilder};
use web_sys::AbortSignal;

use crate::protocol::error::UploadError;
use crate::protocol::http::{Answer, Call};

/// Sends `call`; `signal` aborts it. An answer of any status is an `Answer`.
pub async fn send(call: Call<'_>, signal: Option<&AbortSignal>) -> Result<Answer, UploadError> {
    let response = request(call, signal)?
        .send()
        .await
        .map_err(|_| failed(signal))?;
    let status = response.status();
    let retry_after = response.headers().get("X-RateLimit-Retry-After");
    let body = response.text().await.map_err(|_| failed(signal))?;
    Ok(Answer {
        status,
        body,
        retry_after,
    })
}

/// A 2xx answer, or the answer's error.
#[cfg(feature = "tokens")]
pub async fn ok(call: Call<'_>) -> Result<Answer, UploadError> {
    let answer = send(call, None).await?;
    if (200..300).contains(&answer.status) {
        Ok(answer)
    } else {
        Err(answer.error())
    }
}

/// A 2xx answer's body read as `T`, or the answer's error.
#[cfg(feature = "tokens")]
pub async fn json<T: serde::de::DeserializeOwned>(call: Call<'_>) -> Result<T, UploadError> {
    let answer = ok(call).await?;
    crate::json::from_str(&answer.body).ok_or_else(|| {
        UploadError::local(
            "INVALID_ANSWER",
            "The server's answer is not the JSON expected.",
        )
    })
}

fn request(call: Call<'_>, signal: Option<&AbortSignal>) -> Result<Request, UploadError> {
    let builder = match call.method {
        "POST" => Request::post(call.url),
        "DELETE" => Request::delete(call.url),
        _ => Request::get(call.url),
    };
    let builder: RequestBuilder = call
        .headers
        .iter()
        .fold(builder, |builder, (name, value)| {
            builder.header(name, value)
        })
        .abort_signal(signal);
    let request = match call.json {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    };
    request.map_err(|_| UploadError::network())
}

/// No answer: aborted when the signal says so, else a network error.
fn failed(signal: Option<&AbortSignal>) -> UploadError {
    if signal.is_some_and(AbortSignal::aborted) {
        UploadError::aborted()
    } else {
        UploadError::network()
    }
}
