//! `video-uploader-wasm`: upload a video from the browser to api.video (or a local
//! `upload-server`) with a delegated upload token.
//!
//! This file is the JavaScript surface only: the exported classes, the option objects they
//! read, and their TypeScript types. The decisions live in [`core`] (pure Rust, tested
//! natively); the web APIs are wrapped in `browser`; the engines are `uploader`,
//! `progressive` and `tokens`.
//!
//! Built for the package (without the default `std` feature), the crate is `no_std` on
//! wasm32: everything it allocates comes from `alloc`, and a panic traps at once (see
//! `panic` below). Natively, and for the tests, it links std as usual.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
// Each of the package's wasm modules leaves out the others' parts (see the features below).
#![cfg_attr(
    not(all(feature = "uploaders", feature = "progressive", feature = "tokens")),
    allow(dead_code, unused_imports)
)]

extern crate alloc;

pub mod core;

/// Talc, a small allocator made for WebAssembly: std's dlmalloc is several kilobytes larger.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A panic is a bug (the code never unwraps what comes from outside): trap at once. The
/// browser throws a `RuntimeError: unreachable` where the call came from, as it did with std
/// on this target, whose panic message went nowhere; but std's formatting of that message
/// (and every `Debug` it could call) is no longer in the wasm.
#[cfg(all(target_arch = "wasm32", not(feature = "std")))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}

// The package ships three wasm modules, so that a page downloads only the one it uses: the
// feature `uploaders` builds VideoUploader's, `progressive` ProgressiveUploader's, `tokens`
// UploadTokens'. All are on by default, for the tests and plain cargo builds.

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod js_options;
#[cfg(all(target_arch = "wasm32", feature = "progressive"))]
mod progressive;
#[cfg(all(target_arch = "wasm32", feature = "tokens"))]
mod tokens;
#[cfg(all(target_arch = "wasm32", feature = "uploaders"))]
mod uploader;

#[cfg(all(target_arch = "wasm32", feature = "progressive"))]
pub use progressive_uploader_api::*;
#[cfg(all(target_arch = "wasm32", feature = "tokens"))]
pub use tokens_api::*;
#[cfg(all(target_arch = "wasm32", feature = "uploaders"))]
pub use video_uploader_api::*;

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// An error as the value a promise rejects with.
#[cfg(target_arch = "wasm32")]
fn rejection(error: crate::core::error::UploadError) -> wasm_bindgen::JsValue {
    client::error_to_js(&error)
}

#[cfg(all(target_arch = "wasm32", feature = "uploaders"))]
mod video_uploader_api {
    use alloc::rc::Rc;

    use js_sys::{Function, Promise};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::future_to_promise;

    use crate::core::options;
    use crate::rejection;
    use crate::{js_options, uploader};

    /// Uploads one file in chunks: the first alone, then `parallelChunks` at a time.
    #[wasm_bindgen]
    pub struct VideoUploader {
        inner: Rc<uploader::Uploader>,
    }

    #[wasm_bindgen]
    impl VideoUploader {
        /// Checks the options at once: a mistake throws an `Error` that says what to fix.
        #[wasm_bindgen(constructor)]
        pub fn new(
            #[wasm_bindgen(unchecked_param_type = "VideoUploaderOptions")] options: JsValue,
        ) -> Result<VideoUploader, JsError> {
            let (raw, source) = js_options::read(&options).map_err(|m| JsError::new(&m))?;
            let retry_strategy =
                js_options::function(&options, "retryStrategy").map_err(|m| JsError::new(&m))?;
            let valid = options::validate_video_uploader(&raw).map_err(|m| JsError::new(&m))?;
            let source = source.ok_or_else(|| {
                JsError::new(
                    "'file' is missing: pass the File or Blob to upload as the 'file' option.",
                )
            })?;
            let inner = uploader::Uploader::new(valid, source, retry_strategy)
                .map_err(|m| JsError::new(&m))?;
            Ok(VideoUploader {
                inner: Rc::new(inner),
            })
        }

        /// Calls `callback` with each progress event.
        #[wasm_bindgen(js_name = onProgress)]
        pub fn on_progress(
            &self,
            #[wasm_bindgen(unchecked_param_type = "(event: UploadProgressEvent) => void")] callback: Function,
        ) {
            self.inner.listeners.on_progress(callback);
        }

        /// Calls `callback` with the video once api.video can play it.
        #[wasm_bindgen(js_name = onPlayable)]
        pub fn on_playable(
            &self,
            #[wasm_bindgen(unchecked_param_type = "(video: VideoUploadResponse) => void")] callback: Function,
        ) {
            self.inner.listeners.on_playable(callback);
        }

        /// Uploads the file; resolves with the video, rejects with a `VideoUploadError`.
        #[wasm_bindgen(unchecked_return_type = "Promise<VideoUploadResponse>")]
        pub fn upload(&self) -> Promise {
            let inner = self.inner.clone();
            future_to_promise(async move { inner.upload().await.map_err(rejection) })
        }

        /// Lets the chunks in flight finish and starts no new one until `resume()`.
        pub fn pause(&self) {
            self.inner.pause();
        }

        pub fn resume(&self) {
            self.inner.resume();
        }

        /// Aborts what is in flight; `upload()` rejects with reason `ABORTED`.
        pub fn cancel(&self) {
            self.inner.cancel();
        }
    }
}

#[cfg(all(target_arch = "wasm32", feature = "uploaders"))]
mod resume_api {
    use alloc::string::String;

    use js_sys::Reflect;
    use wasm_bindgen::prelude::*;

    use crate::browser::global;
    use crate::core::resume;

    fn text(obj: &JsValue, key: &str) -> Option<String> {
        Reflect::get(obj, &JsValue::from_str(key))
            .ok()?
            .as_string()
            .filter(|s| !s.is_empty())
    }

    /// The key under which `new VideoUploader({ ...options, resume: true })` remembers its
    /// upload; `undefined` when the file has no name (a Blob is never resumed). `file` may be a
    /// File or any `{ name, size, lastModified }` describing one.
    #[wasm_bindgen(js_name = resumeKey)]
    pub fn resume_key(options: JsValue) -> Option<String> {
        let file = Reflect::get(&options, &JsValue::from_str("file")).ok()?;
        let name = text(&file, "name")?;
        let size = Reflect::get(&file, &JsValue::from_str("size"))
            .ok()?
            .as_f64()?;
        let last_modified = Reflect::get(&file, &JsValue::from_str("lastModified"))
            .ok()?
            .as_f64()
            .unwrap_or(0.0);
        let owner = ["videoId", "uploadToken", "accessToken", "apiKey"]
            .iter()
            .find_map(|key| text(&options, key))?;
        Some(resume::storage_key(
            &owner,
            &name,
            size as u64,
            last_modified,
        ))
    }

    /// Forgets what the library remembers of the upload under `key` (see `resumeKey`).
    #[wasm_bindgen(js_name = forgetUpload)]
    pub fn forget_upload(key: &str) {
        if let Some(storage) = global::local_storage() {
            let _ = storage.remove_item(key);
        }
    }
}

#[cfg(all(target_arch = "wasm32", feature = "progressive"))]
mod progressive_uploader_api {
    use alloc::rc::Rc;
    use alloc::string::String;

    use js_sys::{Function, Promise};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::future_to_promise;
    use web_sys::Blob;

    use crate::core::options;
    use crate::rejection;
    use crate::{js_options, progressive};

    /// Uploads a video whose size is not known in advance, part by part.
    #[wasm_bindgen]
    pub struct ProgressiveUploader {
        inner: Rc<progressive::Progressive>,
    }

    #[wasm_bindgen]
    impl ProgressiveUploader {
        #[wasm_bindgen(constructor)]
        pub fn new(
            #[wasm_bindgen(unchecked_param_type = "ProgressiveUploaderOptions")] options: JsValue,
        ) -> Result<ProgressiveUploader, JsError> {
            let error = |m: String| JsError::new(&m);
            let (raw, _) = js_options::read(&options).map_err(error)?;
            let retry_strategy = js_options::function(&options, "retryStrategy").map_err(error)?;
            let prevent_empty = js_options::flag(&options, "preventEmptyParts")
                .map_err(error)?
                .unwrap_or(false);
            let merge_small = js_options::flag(&options, "mergeSmallPartsBeforeUpload")
                .map_err(error)?
                .unwrap_or(true);
            let valid = options::validate_progressive(&raw).map_err(error)?;
            let inner =
                progressive::Progressive::new(valid, retry_strategy, prevent_empty, merge_small)
                    .map_err(error)?;
            Ok(ProgressiveUploader {
                inner: Rc::new(inner),
            })
        }

        #[wasm_bindgen(js_name = onProgress)]
        pub fn on_progress(
            &self,
            #[wasm_bindgen(
                unchecked_param_type = "(event: ProgressiveUploadProgressEvent) => void"
            )]
            callback: Function,
        ) {
            self.inner.listeners.on_progress(callback);
        }

        #[wasm_bindgen(js_name = onPlayable)]
        pub fn on_playable(
            &self,
            #[wasm_bindgen(unchecked_param_type = "(video: VideoUploadResponse) => void")] callback: Function,
        ) {
            self.inner.listeners.on_playable(callback);
        }

        /// Queues a part; resolves when it is sent (with the video), or at once (with
        /// `undefined`) when it is held to be merged with the next ones.
        #[wasm_bindgen(js_name = uploadPart, unchecked_return_type = "Promise<VideoUploadResponse | undefined>")]
        pub fn upload_part(&self, blob: Blob) -> Promise {
            // Taken now, synchronously: the order of calls is the order of the parts.
            let queued = self.inner.take_part(blob);
            let inner = self.inner.clone();
            future_to_promise(async move {
                match queued.map_err(rejection)? {
                    None => Ok(JsValue::UNDEFINED),
                    Some(part) => inner.send(part).await.map_err(rejection),
                }
            })
        }

        /// Sends the last part (with everything still held); resolves with the video.
        #[wasm_bindgen(js_name = uploadLastPart, unchecked_return_type = "Promise<VideoUploadResponse>")]
        pub fn upload_last_part(&self, blob: Blob) -> Promise {
            let part = self.inner.take_last_part(blob);
            let inner = self.inner.clone();
            future_to_promise(async move { inner.send(part).await.map_err(rejection) })
        }

        pub fn cancel(&self) {
            self.inner.cancel();
        }
    }
}

#[cfg(all(target_arch = "wasm32", feature = "tokens"))]
mod tokens_api {
    use alloc::rc::Rc;
    use alloc::string::String;

    use js_sys::Promise;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::future_to_promise;

    use crate::core::error::UploadError;
    use crate::core::{api_host, client_header};
    use crate::rejection;
    use crate::{js_options, tokens};

    /// Creates, lists, reads and deletes delegated upload tokens with the API key.
    ///
    /// **Never use this in a public page**: the API key can do everything on the account.
    /// It is for trusted tools (a back office, the local token console, scripts); public
    /// pages get an upload token, which can only upload.
    #[wasm_bindgen]
    pub struct UploadTokens {
        inner: Rc<tokens::Tokens>,
    }

    #[wasm_bindgen]
    impl UploadTokens {
        #[wasm_bindgen(constructor)]
        pub fn new(
            #[wasm_bindgen(unchecked_param_type = "UploadTokensOptions")] options: JsValue,
        ) -> Result<UploadTokens, JsError> {
            let error = |m: String| JsError::new(&m);
            let api_key = js_options::text(&options, "apiKey")
                .map_err(error)?
                .unwrap_or_default();
            let base_url = api_host::base_url(
                js_options::text(&options, "apiHost")
                    .map_err(error)?
                    .as_deref(),
            )
            .map_err(error)?;
            let inner = tokens::Tokens::new(&api_key, base_url, client_header()).map_err(error)?;
            Ok(UploadTokens {
                inner: Rc::new(inner),
            })
        }

        /// `POST /upload-tokens`; `ttl` in seconds, 0 or absent for a token that never expires.
        #[wasm_bindgen(js_name = createToken, unchecked_return_type = "Promise<UploadToken>")]
        pub fn create_token(
            &self,
            #[wasm_bindgen(unchecked_param_type = "{ ttl?: number }")] options: JsValue,
        ) -> Promise {
            let inner = self.inner.clone();
            future_to_promise(async move {
                let ttl = js_options::whole_number(&options, "ttl", 0.0, 2_147_483_647.0)
                    .map_err(|m| rejection(UploadError::local("INVALID_OPTION", m)))?;
                inner.create(ttl).await.map_err(rejection)
            })
        }

        /// `GET /upload-tokens` with sorting and paging.
        #[wasm_bindgen(unchecked_return_type = "Promise<UploadTokenList>")]
        pub fn list(
            &self,
            #[wasm_bindgen(unchecked_param_type = "UploadTokenListOptions")] options: JsValue,
        ) -> Promise {
            let inner = self.inner.clone();
            future_to_promise(async move {
                let invalid = |m: String| rejection(UploadError::local("INVALID_OPTION", m));
                let query = tokens::ListQuery {
                    sort_by: js_options::text(&options, "sortBy").map_err(invalid)?,
                    sort_order: js_options::text(&options, "sortOrder").map_err(invalid)?,
                    current_page: js_options::whole_number(
                        &options,
                        "currentPage",
                        1.0,
                        u32::MAX as f64,
                    )
                    .map_err(invalid)?,
                    page_size: js_options::whole_number(&options, "pageSize", 1.0, 100.0)
                        .map_err(invalid)?,
                };
                inner.list(query).await.map_err(rejection)
            })
        }

        #[wasm_bindgen(js_name = getToken, unchecked_return_type = "Promise<UploadToken>")]
        pub fn get_token(&self, token: String) -> Promise {
            let inner = self.inner.clone();
            future_to_promise(async move { inner.get(&token).await.map_err(rejection) })
        }

        #[wasm_bindgen(js_name = deleteToken, unchecked_return_type = "Promise<void>")]
        pub fn delete_token(&self, token: String) -> Promise {
            let inner = self.inner.clone();
            future_to_promise(async move {
                inner
                    .delete(&token)
                    .await
                    .map(|()| JsValue::UNDEFINED)
                    .map_err(rejection)
            })
        }
    }
}
