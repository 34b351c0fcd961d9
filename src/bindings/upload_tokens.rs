//! `UploadTokens`: create, list, get and delete delegated upload tokens with the API key.
//!
//! **An API key never belongs in a public page.** It can do everything on the account. Use
//! this in trusted tools (a back office, the local token console, a script) and on backends;
//! give public pages an upload token instead, which can only upload.

use std::rc::Rc;

use js_sys::Promise;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::{option_error, options, to_js, values};
use crate::browser::fetch;
use crate::protocol::credential;
use crate::protocol::endpoint::{self, percent_encode};
use crate::protocol::error::UploadError;
use crate::protocol::http::Call;
use crate::protocol::option_error::{Mistake, OptionError};
use crate::protocol::tokens::{CreateToken, ListQuery, UploadToken, UploadTokenList};

/// Creates, lists, reads and deletes delegated upload tokens with the API key.
///
/// **Never use this in a public page**: the API key can do everything on the account.
#[wasm_bindgen]
pub struct UploadTokens {
    client: Rc<Client>,
}

struct Client {
    base_url: String,
    /// Authorization, AV-Origin-Client and Accept.
    headers: Vec<(String, String)>,
}

impl Client {
    /// `{base}/upload-tokens`, then `/{token}` when given.
    fn url(&self, token: Option<&str>) -> String {
        match token {
            Some(token) => format!("{}/upload-tokens/{}", self.base_url, percent_encode(token)),
            None => format!("{}/upload-tokens", self.base_url),
        }
    }

    /// A call whose 2xx answer is `what`, read as a `T`.
    async fn call<T: DeserializeOwned>(
        &self,
        method: &'static str,
        url: &str,
        json: Option<String>,
        what: &str,
    ) -> Result<T, UploadError> {
        let call = Call {
            method,
            url,
            headers: &self.headers,
            json,
        };
        fetch::json(call, what)
            .await
            .map_err(|error| error.reaching(&self.base_url))
    }
}

/// What a promise resolves or rejects with.
async fn settle<T: serde::Serialize>(
    result: impl Future<Output = Result<T, UploadError>>,
) -> Result<JsValue, JsValue> {
    result
        .await
        .map(|value| to_js(&value))
        .map_err(|error| values::error(&error))
}

#[wasm_bindgen]
impl UploadTokens {
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "UploadTokensOptions")] options: JsValue,
    ) -> Result<UploadTokens, JsValue> {
        let api_key = options::string(&options, "apiKey")
            .map_err(option_error)?
            .unwrap_or_default();
        if api_key.is_empty() {
            return Err(option_error(OptionError::new("apiKey", Mistake::NoApiKey)));
        }
        let api_host = options::string(&options, "apiHost").map_err(option_error)?;
        let base_url = endpoint::base_url(api_host.as_deref())
            .map_err(|words| option_error(OptionError::new("apiHost", Mistake::ApiHost(words))))?;
        let headers = vec![
            ("Authorization".into(), credential::basic(&api_key)),
            ("AV-Origin-Client".into(), crate::protocol::client_header()),
            ("Accept".into(), "application/json".into()),
        ];
        Ok(UploadTokens {
            client: Rc::new(Client { base_url, headers }),
        })
    }

    /// `POST /upload-tokens`; `ttl` in seconds, 0 or absent for a token that never expires.
    #[wasm_bindgen(js_name = createToken, unchecked_return_type = "Promise<UploadToken>")]
    pub fn create_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ ttl?: number }")] options: JsValue,
    ) -> Promise {
        let client = self.client.clone();
        future_to_promise(async move {
            let ttl = options::whole_number(&options, "ttl", 0.0, 2_147_483_647.0)
                .map_err(option_error)?;
            let body = Some(crate::json::to_string(&CreateToken { ttl }));
            let url = client.url(None);
            settle(client.call::<UploadToken>("POST", &url, body, "an upload token")).await
        })
    }

    /// `GET /upload-tokens` with sorting and paging.
    #[wasm_bindgen(unchecked_return_type = "Promise<UploadTokenList>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UploadTokenListOptions")] options: JsValue,
    ) -> Promise {
        let client = self.client.clone();
        future_to_promise(async move {
            let query = ListQuery {
                sort_by: options::string(&options, "sortBy").map_err(option_error)?,
                sort_order: options::string(&options, "sortOrder").map_err(option_error)?,
                current_page: options::whole_number(
                    &options,
                    "currentPage",
                    1.0,
                    f64::from(u32::MAX),
                )
                .map_err(option_error)?,
                page_size: options::whole_number(&options, "pageSize", 1.0, 100.0)
                    .map_err(option_error)?,
            };
            let url = format!("{}{}", client.url(None), query.to_query_string());
            settle(client.call::<UploadTokenList>("GET", &url, None, "a list of upload tokens"))
                .await
        })
    }

    #[wasm_bindgen(js_name = getToken, unchecked_return_type = "Promise<UploadToken>")]
    pub fn get_token(&self, token: String) -> Promise {
        let client = self.client.clone();
        future_to_promise(async move {
            let url = client.url(Some(&token));
            settle(client.call::<UploadToken>("GET", &url, None, "an upload token")).await
        })
    }

    #[wasm_bindgen(js_name = deleteToken, unchecked_return_type = "Promise<void>")]
    pub fn delete_token(&self, token: String) -> Promise {
        let client = self.client.clone();
        future_to_promise(async move {
            let url = client.url(Some(&token));
            let call = Call {
                method: "DELETE",
                url: &url,
                headers: &client.headers,
                json: None,
            };
            fetch::ok(call)
                .await
                .map_err(|error| error.reaching(&client.base_url))
                .map(|_| JsValue::UNDEFINED)
                .map_err(|error| values::error(&error))
        })
    }
}
