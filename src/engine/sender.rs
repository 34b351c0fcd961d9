//! One request until it is acknowledged: the retries and their waits, one token refresh on a
//! 401, holding while paused or offline, giving up on cancel.
//!
//! Nothing here depends on a request finishing: each attempt is raced against `cancel()`, and
//! the loser is dropped, which aborts the request (the transport's guard) or ends the timer.

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use serde::{Deserialize, Serialize};

use super::clock::Clock;
use super::control::Control;
use super::transport::{Blob, Call, ChunkEvents, ChunkRequest, Transport};
use crate::protocol::credential::{self, Credential};
use crate::protocol::error::UploadError;
use crate::protocol::options::Options;
use crate::protocol::retry::{self, Wait};
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
    fn wait(&self, retries: u32, error: &UploadError) -> Option<Wait> {
        match self {
            RetryPolicy::Default { max_retries } => {
                retry::default_wait(retries, *max_retries, error)
            }
            // The page's own delay is a back-off of its own: the network's return may end it.
            RetryPolicy::Custom(strategy) => {
                strategy(retries, error).map(|ms| Wait::Backoff { ms })
            }
        }
    }
}

/// What `onRetry` listeners get: a request failed and will be tried again.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetryEvent<'a> {
    /// The retry's number: 1 for the first retry of the request. A failure while offline
    /// spends none: the request waits for the network and goes again.
    pub attempt: u32,
    /// The wait before it; None (`null`) when it waits for the network to come back.
    pub delay_ms: Option<u64>,
    /// Shown with the answer's own fields (`bindings::values::error`).
    #[serde(skip)]
    pub error: &'a UploadError,
}

/// The page's `onRetry` listeners, as the sender calls them.
pub type OnRetry = Box<dyn Fn(&RetryEvent)>;

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

type SharedRefresh = Shared<LocalBoxFuture<'static, Result<(), UploadError>>>;

/// The credential a request goes with, and the refresh token that renews it: shared with the
/// refresh under way, which holds no reference to its sender (so no cycle keeps either alive).
#[derive(Default)]
struct Auth {
    /// The `Authorization` header, when the credential goes in one.
    header: Option<String>,
    refresh_token: Option<String>,
}

/// Sends chunks to one upload URL with the credential's headers, retrying per policy. Owns
/// the transport, the clock and the control of its uploader.
pub struct Sender<T, C> {
    pub transport: T,
    pub clock: C,
    pub control: Rc<Control>,
    url: String,
    /// Where requests go, as errors name it (never the URL, which may hold the token).
    origin: String,
    /// `AV-Origin-*`.
    headers: Vec<(String, String)>,
    auth: Rc<RefCell<Auth>>,
    /// The one exchange of the refresh token under way: parallel chunks that meet a 401 at the
    /// same time wait for that one (a refresh token is good once). Shared, so that a waiter
    /// dropped mid-way (a cancelled chunk) leaves it to the others; dropped on cancel.
    refreshing: RefCell<Option<SharedRefresh>>,
    retry: RetryPolicy,
    stall_timeout_ms: u32,
    on_retry: OnRetry,
}

impl<T: Transport + 'static, C: Clock + 'static> Sender<T, C> {
    pub fn new(
        options: &Options,
        retry: RetryPolicy,
        transport: T,
        clock: C,
        on_retry: OnRetry,
    ) -> Self {
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
            origin: options.base_url.clone(),
            headers: options.headers.clone(),
            auth: Rc::new(RefCell::new(Auth {
                header: options.credential.authorization(),
                refresh_token,
            })),
            refreshing: RefCell::default(),
            retry,
            stall_timeout_ms: options.stall_timeout_ms,
            on_retry,
        }
    }

    /// Cancels for good: every wait ends, every request is dropped (and so aborted).
    pub fn cancel(&self) {
        self.control.cancel();
        self.refreshing.take();
    }

    fn headers(&self, content_range: &str) -> Vec<(String, String)> {
        let mut headers = self.headers.clone();
        headers.push(("Content-Range".into(), content_range.into()));
        if let Some(authorization) = self.auth.borrow().header.clone() {
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
            self.control.ready().await?;
            let sent_with = self.auth.borrow().header.clone();
            let blob = body()?;
            let headers = self.headers(content_range);
            let request = ChunkRequest {
                url: &self.url,
                headers: &headers,
                video_id,
                file_name,
                body: blob.clone(),
                stall_timeout_ms: self.stall_timeout_ms,
            };
            let attempt = self.transport.send_chunk(request, events.clone());
            let error = match self.control.unless_cancelled(attempt).await? {
                Ok(answer) if answer.is_success() => {
                    return Video::from_answer(&answer.body).ok_or_else(|| {
                        UploadError::invalid_answer(answer.status, &answer.body, "a video")
                    });
                }
                Ok(answer) => answer.error(),
                Err(error) => error,
            };
            if error.status == Some(401) && !refreshed && self.auth.borrow().refresh_token.is_some()
            {
                refreshed = true;
                self.control
                    .unless_cancelled(self.refresh_once(sent_with))
                    .await??;
                on_retry();
                continue;
            }
            let error = self.judge(error, &blob).await?;
            on_retry();
            if error.status.is_none() && self.control.is_offline() {
                // Lost the network: wait for it to come back without spending a retry.
                self.tell_retry(retries + 1, None, &error);
                continue;
            }
            let Some(wait) = self.retry.wait(retries, &error) else {
                return Err(error);
            };
            retries += 1;
            self.tell_retry(retries, Some(wait.ms()), &error);
            self.control.sleep(&self.clock, wait).await?;
        }
    }

    /// A failed attempt's error, told where it went; Err when it ends the upload whatever the
    /// policy says: an abort, a request the browser cannot make, a file that can no longer be
    /// read (a failure without an answer reads one byte of the chunk to tell).
    async fn judge(&self, error: UploadError, blob: &T::Blob) -> Result<UploadError, UploadError> {
        use crate::protocol::error::Reason;
        match error.reason {
            Reason::Aborted | Reason::InvalidRequest | Reason::FileUnreadable => Err(error),
            Reason::NetworkError | Reason::NetworkTimeout if error.status.is_none() => {
                if self.control.unless_cancelled(blob.is_readable()).await? {
                    Ok(error.reaching(&self.origin))
                } else {
                    Err(UploadError::file_unreadable())
                }
            }
            _ => Ok(error),
        }
    }

    fn tell_retry(&self, attempt: u32, delay_ms: Option<u64>, error: &UploadError) {
        (self.on_retry)(&RetryEvent {
            attempt,
            delay_ms,
            error,
        });
    }

    /// Gets a credential newer than `stale`: joins the refresh under way, or starts one, so
    /// that parallel chunks refused together spend the refresh token only once.
    async fn refresh_once(&self, stale: Option<String>) -> Result<(), UploadError> {
        if self.auth.borrow().header != stale {
            return Ok(()); // refreshed by another chunk since this one went
        }
        let refresh = self
            .refreshing
            .borrow_mut()
            .get_or_insert_with(|| self.refresh().boxed_local().shared())
            .clone();
        let refreshed = refresh.clone().await;
        let mut refreshing = self.refreshing.borrow_mut();
        if refreshing
            .as_ref()
            .is_some_and(|slot| slot.ptr_eq(&refresh))
        {
            *refreshing = None;
        }
        refreshed
    }

    /// Exchanges the refresh token for a new access token (`POST /auth/refresh`). The future
    /// owns what it uses: it is shared by the chunks that wait for it.
    fn refresh(&self) -> impl Future<Output = Result<(), UploadError>> + 'static {
        let (transport, auth, headers) = (
            self.transport.clone(),
            self.auth.clone(),
            self.headers.clone(),
        );
        let origin = self.origin.clone();
        async move {
            let refresh_token = auth.borrow().refresh_token.clone().unwrap_or_default();
            let url = format!("{origin}/auth/refresh");
            let call = Call {
                method: "POST",
                url: &url,
                headers: &headers,
                json: Some(crate::json::to_string(&Refresh {
                    refresh_token: &refresh_token,
                })),
            };
            let answer = transport
                .call(call)
                .await
                .map_err(|error| error.reaching(&origin))?;
            if !answer.is_success() {
                return Err(answer.error());
            }
            let tokens: Tokens = crate::json::from_str(&answer.body).ok_or_else(|| {
                UploadError::invalid_answer(answer.status, &answer.body, "new tokens")
            })?;
            *auth.borrow_mut() = Auth {
                header: Some(credential::bearer(&tokens.access_token)),
                refresh_token: Some(tokens.refresh_token),
            };
            Ok(())
        }
    }
}
