//! UploadTokens: create, list, get and delete delegated upload tokens with the API key.
//!
//! **An API key never belongs in a public page.** It can do everything on the account.
//! Use this in trusted tools only (a back office, the local token console, a script); give
//! public pages an upload token instead, which can only upload.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use crate::browser::xhr::{self, Answer, Body, UploadListeners};
use crate::browser::{global, json};
use crate::core::api_host::percent_encode;
use crate::core::error::UploadError;
use crate::core::text::{cat, decimal};

pub struct Tokens {
    base_url: String,
    /// Authorization, AV-Origin-Client and Accept.
    headers: Vec<(String, String)>,
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
        let headers = vec![
            (
                "Authorization".into(),
                global::basic_authorization(api_key)?,
            ),
            ("AV-Origin-Client".into(), client_header),
            ("Accept".into(), "application/json".into()),
        ];
        Ok(Tokens { base_url, headers })
    }

    /// `{base}/upload-tokens`, then `/{token}` when given.
    fn url(&self, token: Option<&str>) -> String {
        let mut url = cat!(self.base_url, "/upload-tokens");
        if let Some(token) = token {
            url.push('/');
            url.push_str(&percent_encode(token));
        }
        url
    }

    async fn send(&self, method: &str, url: &str, body: Body<'_>) -> Result<Answer, UploadError> {
        let answer = xhr::request(
            method,
            url,
            &self.headers,
            body,
            UploadListeners::default(),
            None,
            0,
        )
        .await?;
        if answer.is_ok() {
            Ok(answer)
        } else {
            Err(answer.error())
        }
    }

    pub async fn create(&self, ttl: Option<u32>) -> Result<JsValue, UploadError> {
        let body = match ttl {
            Some(ttl) => cat!(r#"{"ttl":"#, decimal(ttl.into()), "}"),
            None => "{}".to_owned(),
        };
        json_answer(
            self.send("POST", &self.url(None), Body::Json(&body))
                .await?,
        )
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
            params.push(("currentPage", decimal(page.into())));
        }
        if let Some(size) = query.page_size {
            params.push(("pageSize", decimal(size.into())));
        }
        let mut url = self.url(None);
        for (index, (name, value)) in params.iter().enumerate() {
            url.push(if index == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.push_str(&percent_encode(value));
        }
        json_answer(self.send("GET", &url, Body::None).await?)
    }

    pub async fn get(&self, token: &str) -> Result<JsValue, UploadError> {
        json_answer(self.send("GET", &self.url(Some(token)), Body::None).await?)
    }

    pub async fn delete(&self, token: &str) -> Result<(), UploadError> {
        self.send("DELETE", &self.url(Some(token)), Body::None)
            .await
            .map(|_| ())
    }
}

/// A 2xx answer's JSON body, parsed by the browser.
fn json_answer(answer: Answer) -> Result<JsValue, UploadError> {
    json::parse(&answer.body).ok_or_else(|| json::error_answer(answer.status, &answer.body, None))
}
