//! What both uploaders share: the upload URL and headers, sending one chunk with retries
//! (and one token refresh on 401), pause/cancel state, listeners, and the JS shape of
//! answers. The decisions (retry delays, error shapes) come from `crate::core`.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::FormData;

use crate::browser::global::{self, GlobalListener};
use crate::browser::json;
use crate::browser::signal::Wakers;
use crate::browser::xhr::{self, Body, InFlight, UploadListeners};
use crate::core::api_host;
use crate::core::error::UploadError;
use crate::core::options::{Credential, Options};
use crate::core::progress::ProgressEvent;
use crate::core::retry;
use crate::core::text::cat;

/// Pause, offline and cancel flags, and the wakers that tell waiting tasks they changed.
#[derive(Default)]
pub struct Control {
    pub paused: Cell<bool>,
    pub offline: Cell<bool>,
    pub cancelled: Cell<bool>,
    pub wakers: Wakers,
    pub in_flight: InFlight,
}

impl Control {
    pub fn pause(&self) {
        self.paused.set(true);
    }

    pub fn resume(&self) {
        self.paused.set(false);
        self.wakers.wake_all();
    }

    /// Aborts what is in flight and wakes every waiter; safe to call at any time.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        self.in_flight.abort_all();
        self.wakers.wake_all();
    }

    /// True while no new request should start.
    pub fn held(&self) -> bool {
        self.paused.get() || self.offline.get()
    }

    /// Follows the browser's `offline`/`online` events while the returned guards live.
    pub fn watch_connectivity(self: &Rc<Self>) -> Vec<GlobalListener> {
        self.offline.set(!global::is_online());
        let (off, on) = (Rc::downgrade(self), Rc::downgrade(self));
        [
            GlobalListener::new("offline", move |_| {
                if let Some(control) = off.upgrade() {
                    control.offline.set(true);
                }
            }),
            GlobalListener::new("online", move |_| {
                if let Some(control) = on.upgrade() {
                    control.offline.set(false);
                    control.wakers.wake_all();
                }
            }),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// JavaScript callbacks registered with `onProgress` and `onPlayable`.
#[derive(Default)]
pub struct Listeners {
    progress: RefCell<Vec<Function>>,
    playable: RefCell<Vec<Function>>,
}

impl Listeners {
    pub fn on_progress(&self, callback: Function) {
        self.progress.borrow_mut().push(callback);
    }

    pub fn on_playable(&self, callback: Function) {
        self.playable.borrow_mut().push(callback);
    }

    pub fn emit_progress(&self, event: &impl ToJs) {
        let listeners = self.progress.borrow().clone();
        if listeners.is_empty() {
            return;
        }
        let value = event.to_js();
        for listener in listeners {
            // A throwing listener must not break the upload.
            let _ = listener.call1(&JsValue::NULL, &value);
        }
    }

    /// After the upload: polls `assets.hls` every 500 ms until it stops answering 202 with
    /// an empty body, then calls the `onPlayable` listeners (the official behaviour).
    pub fn watch_playable(self: &Rc<Self>, video_json: &str) {
        if self.playable.borrow().is_empty() {
            return;
        }
        let Some(hls) =
            json::parse(video_json).and_then(|video| json::string_at(&video, &["assets", "hls"]))
        else {
            return;
        };
        let (listeners, video) = (self.clone(), video_to_js(video_json));
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                global::sleep(500).await;
                let playable = match xhr::request(
                    "GET",
                    &hls,
                    &[],
                    Body::None,
                    UploadListeners::default(),
                    None,
                    0,
                )
                .await
                {
                    Ok(answer) if answer.status == 404 => return,
                    Ok(answer) => answer.status != 202 && answer.is_ok() && !answer.body.is_empty(),
                    Err(_) => false,
                };
                if playable {
                    break;
                }
            }
            for listener in listeners.playable.borrow().clone() {
                let _ = listener.call1(&JsValue::NULL, &video);
            }
        });
    }
}

/// Sends chunks to one upload URL with the credential's headers, retrying per policy.
pub struct Sender {
    url: String,
    base_url: String,
    headers: Vec<(String, String)>,
    authorization: RefCell<Option<String>>,
    refresh_token: RefCell<Option<String>>,
    /// True while one request exchanges the refresh token: parallel chunks that meet a 401
    /// at the same time wait for that one exchange (a refresh token is good once).
    refreshing: Cell<bool>,
    max_retries: u32,
    retry_strategy: Option<Function>,
    /// `stallTimeout`: a silent request is aborted and retried as NETWORK_TIMEOUT.
    stall_timeout_ms: u32,
    pub control: Rc<Control>,
}

impl Sender {
    pub fn new(options: &Options, retry_strategy: Option<Function>) -> Result<Self, String> {
        let (authorization, refresh_token) = match &options.credential {
            Credential::UploadToken(_) => (None, None),
            Credential::AccessToken { access, refresh } => {
                (Some(cat!("Bearer ", access)), refresh.clone())
            }
            Credential::ApiKey(key) => (Some(global::basic_authorization(key)?), None),
        };
        Ok(Sender {
            url: api_host::upload_url(
                &options.base_url,
                &options.credential,
                options.video_id.as_deref(),
            ),
            base_url: options.base_url.clone(),
            headers: options.headers.clone(),
            authorization: RefCell::new(authorization),
            refresh_token: RefCell::new(refresh_token),
            refreshing: Cell::new(false),
            max_retries: options.retries,
            retry_strategy,
            stall_timeout_ms: options.stall_timeout_ms,
            control: Rc::new(Control::default()),
        })
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
    /// cancelled. `make_form` builds a fresh body for each attempt; `listeners` hear each
    /// attempt's upload; `on_retry` runs before a retry (to take the failed attempt's progress
    /// back). Returns the answer's JSON text.
    pub async fn send(
        &self,
        make_form: &dyn Fn() -> Result<FormData, JsValue>,
        content_range: &str,
        listeners: UploadListeners,
        on_retry: &dyn Fn(),
    ) -> Result<String, UploadError> {
        let mut retries = 0;
        let mut refreshed = false;
        loop {
            while self.control.offline.get() && !self.control.cancelled.get() {
                self.control.wakers.changed().await;
            }
            if self.control.cancelled.get() {
                return Err(UploadError::aborted());
            }
            let form = make_form().map_err(|_| {
                UploadError::local(
                    "INVALID_FILE",
                    "The file could not be read: it may have been deleted or moved.",
                )
            })?;
            let sent_with = self.authorization.borrow().clone();
            let answer = xhr::request(
                "POST",
                &self.url,
                &self.headers(content_range),
                Body::Form(&form),
                listeners.clone(),
                Some(&self.control.in_flight),
                self.stall_timeout_ms,
            )
            .await;
            let error = match answer {
                Ok(answer) if answer.is_success() => return Ok(answer.body),
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
            if self.control.cancelled.get() || error.reason.as_deref() == Some("ABORTED") {
                return Err(UploadError::aborted());
            }
            on_retry();
            if error.status.is_none() && self.control.offline.get() {
                // Lost the network: wait for it to come back without spending a retry.
                continue;
            }
            let Some(delay) = self.retry_delay(retries, &error) else {
                return Err(error);
            };
            self.control.wakers.sleep(delay).await;
            retries += 1;
        }
    }

    /// The user's `retryStrategy(retryCount, error)` when given (a number of ms, or null to
    /// give up), else the official default policy.
    fn retry_delay(&self, retries: u32, error: &UploadError) -> Option<u64> {
        match &self.retry_strategy {
            None => retry::default_delay_ms(retries, self.max_retries, error),
            Some(strategy) => {
                let decision = strategy
                    .call2(&JsValue::NULL, &JsValue::from(retries), &error_to_js(error))
                    .ok()?;
                decision
                    .as_f64()
                    .filter(|ms| ms.is_finite() && *ms >= 0.0)
                    .map(|ms| ms as u64)
            }
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
            let _ = self.control.wakers.changed().await;
        }
        self.refreshing.set(true);
        let refreshed = self.refresh().await;
        self.refreshing.set(false);
        self.control.wakers.wake_all();
        refreshed
    }

    /// Exchanges the refresh token for a new access token (`POST /auth/refresh`).
    async fn refresh(&self) -> Result<(), UploadError> {
        let refresh_token = self.refresh_token.borrow().clone().unwrap_or_default();
        // JSON.stringify of the string alone gives it quoted and escaped.
        let quoted = js_sys::JSON::stringify(&JsValue::from_str(&refresh_token))
            .map(String::from)
            .unwrap_or_default();
        let body = cat!(r#"{"refreshToken":"#, quoted, "}");
        let url = cat!(self.base_url, "/auth/refresh");
        let answer = xhr::request(
            "POST",
            &url,
            &self.headers,
            Body::Json(&body),
            UploadListeners::default(),
            Some(&self.control.in_flight),
            self.stall_timeout_ms,
        )
        .await?;
        if !answer.is_success() {
            return Err(answer.error());
        }
        let tokens = json::parse(&answer.body).unwrap_or_default();
        match (
            json::string_field(&tokens, "access_token"),
            json::string_field(&tokens, "refresh_token"),
        ) {
            (Some(access), Some(refresh)) => {
                *self.authorization.borrow_mut() = Some(cat!("Bearer ", access));
                *self.refresh_token.borrow_mut() = Some(refresh);
                Ok(())
            }
            _ => Err(answer.error()),
        }
    }
}

/// A Rust value as the plain JS object listeners and callers get (numbers, not BigInts).
/// Built with `Reflect.set`, field by field, in the order of the official objects: a
/// serializer would cost the wasm several kilobytes for three small shapes.
pub trait ToJs {
    fn to_js(&self) -> JsValue;
}

/// A new object with `fields` set in order; `None` values are left out.
pub fn object(fields: &[(&str, Option<JsValue>)]) -> JsValue {
    set_fields(Object::new(), fields)
}

/// `object` with `fields` set on it, in order (replacing those of the same names); `None`
/// values are left out.
fn set_fields(object: Object, fields: &[(&str, Option<JsValue>)]) -> JsValue {
    for (key, value) in fields {
        if let Some(value) = value {
            let _ = Reflect::set(&object, &JsValue::from_str(key), value);
        }
    }
    object.into()
}

pub fn number(n: u64) -> Option<JsValue> {
    Some(JsValue::from_f64(n as f64))
}

fn text(value: &Option<String>) -> Option<JsValue> {
    value.as_deref().map(JsValue::from_str)
}

/// `{ uploadedBytes, totalBytes, chunksCount, chunksBytes, currentChunk, currentChunkUploadedBytes }`.
impl ToJs for ProgressEvent {
    fn to_js(&self) -> JsValue {
        object(&[
            ("uploadedBytes", number(self.uploaded_bytes)),
            ("totalBytes", number(self.total_bytes)),
            ("chunksCount", number(self.chunks_count as u64)),
            ("chunksBytes", number(self.chunks_bytes)),
            ("currentChunk", number(self.current_chunk as u64)),
            (
                "currentChunkUploadedBytes",
                number(self.current_chunk_uploaded_bytes),
            ),
        ])
    }
}

/// `{ status, type, title, name, reason, raw }`, without the absent ones.
impl ToJs for UploadError {
    /// As with the official uploader, an answer whose body is a JSON object lends the error
    /// that object's own fields (a backend's `error`, `requestId`, …), so that a page reading
    /// them works with either library; ours are set over them where the names meet.
    fn to_js(&self) -> JsValue {
        let answer_fields = match (self.status, &self.raw) {
            (Some(_), Some(raw)) => {
                json::parse(raw).filter(|v| v.is_object() && !Array::is_array(v))
            }
            _ => None,
        };
        set_fields(
            answer_fields.map_or_else(Object::new, JsCast::unchecked_into),
            &[
                (
                    "status",
                    self.status.map(|status| JsValue::from_f64(status.into())),
                ),
                ("type", text(&self.kind)),
                ("title", text(&self.title)),
                ("name", text(&self.name)),
                ("reason", text(&self.reason)),
                ("raw", text(&self.raw)),
            ],
        )
    }
}

/// The `videoId` of a video answer.
pub fn video_id_of(video_json: &str) -> Option<String> {
    json::string_field(&json::parse(video_json)?, "videoId")
}

/// A video answer as the official uploader gives it to JS: `public` renamed `_public`, and
/// `createdAt`, `updatedAt`, `publishedAt` as `Date` objects.
pub fn video_to_js(video_json: &str) -> JsValue {
    let Ok(video) = js_sys::JSON::parse(video_json) else {
        return JsValue::UNDEFINED;
    };
    if let Ok(public) = Reflect::get(&video, &"public".into()) {
        if !public.is_undefined() {
            let _ = Reflect::set(&video, &"_public".into(), &public);
            let _ =
                Reflect::delete_property(video.unchecked_ref::<js_sys::Object>(), &"public".into());
        }
    }
    for field in ["createdAt", "updatedAt", "publishedAt"] {
        if let Some(text) = Reflect::get(&video, &field.into())
            .ok()
            .and_then(|v| v.as_string())
        {
            let _ = Reflect::set(&video, &field.into(), &js_sys::Date::new(&text.into()));
        }
    }
    video
}

/// An error as the rejection value JS sees: `{ status, type, title, name, reason, raw }`.
pub fn error_to_js(error: &UploadError) -> JsValue {
    error.to_js()
}
