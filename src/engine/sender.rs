//! One request until it is acknowledged: the retries and their back-off, one token refresh on
//! a 401, waiting out an offline spell, giving up on cancel.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::clock::Clock;
use super::control::Control;
use super::transport::{Call, ChunkEvents, ChunkRequest, Transport};
use crate::protocol::credential::{self, Credential};
use crate::protocol::error::UploadError;
use crate::protocol::options::Options;
use crate::protocol::retry;
use crate::protocol::video::Video;

/// When to try a failed request again.
pub enum RetryPolicy {
    /// The official uploader's (`protocol::retry`), with `retries` as its maximum.
    Default { max_retries: u32 },
    /// The page's `retryStrategy(retryCount, error)`.
    Custom(RetryStrategy),
}

/// Given the retries so far and the error: milliseconds to wait, or None to give up.
pub type RetryStrategy = Box<dyn Fn(u32, &UploadError) -> Option<u64>>;

impl RetryPolicy {
    fn delay_ms(&self, retries: u32, error: &UploadError) -> Option<u64> {
        match self {
            RetryPolicy::Default { max_retries } => {
                retry::default_delay_ms(retries, *max_retries, error)
            }
            RetryPolicy::Custom(strategy) => strategy(retries, error),
        }
    }
}

/// What `POST /auth/refresh` takes.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Refresh<'a> {
    refresh_token: &'a str,
}

/// What `POST /auth/refresh` answers.
#[derive(Deserialize)]
struct Tokens {
    access_token: String,
    refresh_token: String,
}

/// Sends chunks to one upload URL with the credential's headers, retrying per policy. Owns
/// the transport, the clock and the control of its uploader.
pub struct Sender<T, C> {
    pub transport: T,
    pub clock: C,
    pub control: Rc<Control>,
    url: String,
    base_url: String,
    /// `AV-Origin-*`.
    headers: Vec<(String, String)>,
    authorization: RefCell<Option<String>>,
    refresh_token: RefCell<Option<String>>,
    /// True while one request exchanges the refresh token: parallel chunks that meet a 401
    /// at the same time wait for that one exchange (a refresh token is good once).
    refreshing: Cell<bool>,
    retry: RetryPolicy,
    stall_timeout_ms: u32,
}

impl<T: Transport, C: Clock> Sender<T, C> {
    pub fn new(options: &Options, retry: RetryPolicy, transport: T, clock: C) -> Self {
        let refresh_token = match &options.credential {
            Credential::AccessToken { refresh, .. } => refresh.clone(),
            _ => None,
        };
        Sender {
            transport,
            clock,
            control: Rc::default(),
            url: credential::upload_url(
                &options.base_url,
                &options.credential,
                options.video_id.as_deref(),
            ),
            base_url: options.base_url.clone(),
            headers: options.headers.clone(),
            authorization: RefCell::new(options.credential.authorization()),
            refresh_token: RefCell::new(refresh_token),
            refreshing: Cell::new(false),
            retry,
            stall_timeout_ms: options.stall_timeout_ms,
        }
    }

    /// Cancels for good: wakes every waiter and aborts every request in flight.
    pub fn cancel(&self) {
        self.control.cancel();
        self.transport.abort_all();
    }

    fn headers(&self, content_range: &str) -> Vec<(String, String)> {
        let mut headers = self.headers.clone();
        headers.push(("Content-Range".into(), content_range.into()));
        if let Some(authorization) = self.authorization.borrow().clone() {
            headers.push(("Authorization".into(), authorization));
        }
        headers
    }

    /// Sends one chunk until it is acknowledged, the policy gives up, or the upload is
    /// cancelled; answers the video the acknowledgement carries. `body` gives each attempt its
    /// bytes; `events` hear each attempt's upload; `on_retry` runs before a new attempt (to take
    /// the failed attempt's progress back).
    pub async fn send(
        &self,
        body: &dyn Fn() -> Result<T::Blob, UploadError>,
        video_id: Option<&str>,
        file_name: &str,
        content_range: &str,
        events: ChunkEvents,
        on_retry: &dyn Fn(),
    ) -> Result<Video, UploadError> {
        let mut retries = 0;
        let mut refreshed = false;
        loop {
            while self.control.is_offline() && !self.control.is_cancelled() {
                self.control.changed().await;
            }
            if self.control.is_cancelled() {
                return Err(UploadError::aborted());
            }
            let sent_with = self.authorization.borrow().clone();
            let headers = self.headers(content_range);
            let request = ChunkRequest {
                url: &self.url,
                headers: &headers,
                video_id,
                file_name,
                body: body()?,
                stall_timeout_ms: self.stall_timeout_ms,
            };
            let error = match self.transport.send_chunk(request, events.clone()).await {
                Ok(answer) if answer.is_success() => {
                    return Video::from_answer(&answer.body).ok_or_else(|| answer.error());
                }
                Ok(answer)
                    if answer.status == 401
                        && !refreshed
                        && self.refresh_token.borrow().is_some() =>
                {
                    refreshed = true;
                    self.refresh_once(sent_with).await?;
                    on_retry();
                    continue;
                }
                Ok(answer) => answer.error(),
                Err(error) => error,
            };
            if self.control.is_cancelled() || error.is_aborted() {
                return Err(UploadError::aborted());
            }
            on_retry();
            if error.status.is_none() && self.control.is_offline() {
                // Lost the network: wait for it to come back without spending a retry.
                continue;
            }
            let Some(delay) = self.retry.delay_ms(retries, &error) else {
                return Err(error);
            };
            self.control.sleep(&self.clock, delay).await;
            retries += 1;
        }
    }

    /// Gets a credential newer than `stale`: waits for a refresh already under way, or does
    /// one, so that parallel chunks refused together spend the refresh token only once.
    async fn refresh_once(&self, stale: Option<String>) -> Result<(), UploadError> {
        loop {
            if *self.authorization.borrow() != stale {
                return Ok(());
            }
            if !self.refreshing.get() {
                break;
            }
            self.control.changed().await;
        }
        self.refreshing.set(true);
        let refreshed = self.refresh().await;
        self.refreshing.set(false);
        self.control.notify();
        refreshed
    }

    /// Exchanges the refresh token for a new access token (`POST /auth/refresh`).
    async fn refresh(&self) -> Result<(), UploadError> {
        let refresh_token = self.refresh_token.borrow().clone().unwrap_or_default();
        let url = format!("{}/auth/refresh", self.base_url);
        let call = Call {
            method: "POST",
            url: &url,
            headers: &self.headers,
            json: Some(crate::json::to_string(&Refresh {
                refresh_token: &refresh_token,
            })),
        };
        let answer = self.transport.call(call).await?;
        if !answer.is_success() {
            return Err(answer.error());
        }
        let tokens: Tokens = crate::json::from_str(&answer.body).ok_or_else(|| answer.error())?;
        *self.authorization.borrow_mut() = Some(credential::bearer(&tokens.access_token));
        *self.refresh_token.borrow_mut() = Some(tokens.refresh_token);
        Ok(())
    }
}
