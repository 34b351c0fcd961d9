//! UploadTokens: create, list, get and delete delegated upload tokens with the API key.
//!
//! **An API key never belongs in a public page.** It can do everything on the account.
//! Use this in trusted tools only (a back office, the local token console, a script); give
//! public pages an upload token instead, which can only upload.

use gloo_net::http::{Request, RequestBuilder, Response};
use wasm_bindgen::prelude::*;

use crate::browser::{global, json};
use crate::core::error::UploadError;

pub struct Tokens {
    base_url: String,
    authorization: String,
    client_header: String,
}

/// The query of `GET /upload-tokens`.
#[derive(Default)]
pub struct ListQuery {
    pub sort_by: Option<String>,
    pub sort_order: Option<String>,
    pub current_page: Option<u32>,
    pub page_size: Option<u32>,
}

impl Tokens {
    pub fn new(api_key: &str, base_url: String, client_header: String) -> Result<Self, String> {
        if api_key.is_empty() {
            return Err("'apiKey' is missing: UploadTokens needs the API key (in a trusted page or tool only).".into());
        }
        Ok(Tokens { base_url, authorization: global::basic_authorization(api_key)?, client_header })
    }

    fn with_headers(&self, request: RequestBuilder) -> RequestBuilder {
        request
            .header("Authorization", &self.authorization)
            .header("AV-Origin-Client", &self.client_header)
            .header("Accept", "application/json")
    }

    fn token_url(&self, token: &str) -> String {
        format!("{}/upload-tokens/{}", self.base_url, String::from(js_sys::encode_uri_component(token)))
    }

    pub async fn create(&self, ttl: Option<u32>) -> Result<JsValue, UploadError> {
        let body = match ttl {
            Some(ttl) => format!(r#"{{"ttl":{ttl}}}"#),
            None => "{}".to_owned(),
        };
        let request = self
            .with_headers(Request::post(&format!("{}/upload-tokens", self.base_url)))
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(|_| UploadError::network())?;
        json_answer(request.send().await).await
    }

    pub async fn list(&self, query: ListQuery) -> Result<JsValue, UploadError> {
        let mut params = Vec::new();
        if let Some(sort_by) = &query.sort_by {
            params.push(("sortBy", sort_by.clone()));
        }
        if let Some(order) = &query.sort_order {
            params.push(("sortOrder", order.clone()));
        }
        if let Some(page) = query.current_page {
            params.push(("currentPage", page.to_string()));
        }
        if let Some(size) = query.page_size {
            params.push(("pageSize", size.to_string()));
        }
        let request = self.with_headers(Request::get(&format!("{}/upload-tokens", self.base_url)).query(params));
        json_answer(request.send().await).await
    }

    pub async fn get(&self, token: &str) -> Result<JsValue, UploadError> {
        json_answer(self.with_headers(Request::get(&self.token_url(token))).send().await).await
    }

    pub async fn delete(&self, token: &str) -> Result<(), UploadError> {
        let response = self.with_headers(Request::delete(&self.token_url(token))).send().await.map_err(|_| UploadError::network())?;
        if response.ok() { Ok(()) } else { Err(error_of(response).await) }
    }
}

async fn json_answer(sent: Result<Response, gloo_net::Error>) -> Result<JsValue, UploadError> {
    let response = sent.map_err(|_| UploadError::network())?;
    if !response.ok() {
        return Err(error_of(response).await);
    }
    let text = response.text().await.map_err(|_| UploadError::network())?;
    json::parse(&text).ok_or_else(|| json::error_answer(response.status(), &text, None))
}

async fn error_of(response: Response) -> UploadError {
    let retry_after = response.headers().get("X-RateLimit-Retry-After");
    let text = response.text().await.unwrap_or_default();
    json::error_answer(response.status(), &text, retry_after.as_deref())
}
