//! UploadTokens in a real browser against upload-server: create (with and without a ttl),
//! list with sorting and paging, get, delete, and the problem a deleted token gives.
//!
//! The server is shared with the other test binaries, so listings are checked for the
//! relative order of this test's tokens, not for the whole list.
#![cfg(target_arch = "wasm32")]

#[path = "browser/common.rs"]
mod common;

use common::*;
use js_sys::Array;
use video_uploader_wasm::UploadTokens;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn tokens_client(api_key: &str) -> UploadTokens {
    UploadTokens::new(object(&[
        ("apiKey", JsValue::from_str(api_key)),
        ("apiHost", JsValue::from_str(server_url())),
    ]))
    .unwrap_or_else(|e| panic!("options refused: {:?}", error_message(e)))
}

/// `to` and 22 characters of [0-9A-Za-z].
fn assert_token_id(token: &str) {
    assert!(
        token.len() == 24
            && token.starts_with("to")
            && token[2..].bytes().all(|b| b.is_ascii_alphanumeric()),
        "not a token id: {token:?}"
    );
}

/// Milliseconds since the epoch of an ATOM date, or a failure.
fn date_ms(token: &JsValue, field: &str) -> f64 {
    let text =
        string(token, field).unwrap_or_else(|| panic!("{field} is not a string: {}", json(token)));
    let ms = js_sys::Date::parse(&text);
    assert!(!ms.is_nan(), "{field} is not a date: {text:?}");
    ms
}

async fn list(client: &UploadTokens, query: &[(&str, JsValue)]) -> JsValue {
    resolved(client.list(object(query)), "list()").await
}

/// The token ids of a listing, in order.
fn listed_ids(listing: &JsValue) -> Vec<String> {
    let data = get(listing, "data");
    assert!(
        Array::is_array(&data),
        "data is not an array: {}",
        json(listing)
    );
    Array::from(&data)
        .iter()
        .map(|t| string(&t, "token").expect("a token id"))
        .collect()
}

/// `ids` restricted to `ours`, in the listing's order.
fn order_of(ids: &[String], ours: &[&str]) -> Vec<String> {
    ids.iter()
        .filter(|id| ours.contains(&id.as_str()))
        .cloned()
        .collect()
}

/// createToken with a ttl gives a token id, that ttl, createdAt and expiresAt ttl seconds
/// later; without one, ttl 0 and no expiresAt. getToken gives the same token back.
#[wasm_bindgen_test]
async fn create_and_get_tokens() {
    let client = tokens_client(api_key());

    let with_ttl = resolved(
        client.create_token(object(&[("ttl", JsValue::from(3600))])),
        "createToken({ttl: 3600})",
    )
    .await;
    let id = string(&with_ttl, "token").unwrap_or_default();
    assert_token_id(&id);
    assert_eq!(
        number(&with_ttl, "ttl"),
        Some(3600.0),
        "{}",
        json(&with_ttl)
    );
    assert_eq!(
        date_ms(&with_ttl, "expiresAt") - date_ms(&with_ttl, "createdAt"),
        3_600_000.0,
        "{}",
        json(&with_ttl)
    );

    let forever = resolved(client.create_token(object(&[])), "createToken({})").await;
    assert_token_id(&string(&forever, "token").unwrap_or_default());
    assert_eq!(number(&forever, "ttl"), Some(0.0), "{}", json(&forever));
    date_ms(&forever, "createdAt");
    let expires = get(&forever, "expiresAt");
    assert!(
        expires.is_undefined() || expires.is_null(),
        "a token without ttl should not expire: {}",
        json(&forever)
    );

    let fetched = resolved(client.get_token(id.clone()), "getToken").await;
    assert_eq!(
        json(&fetched),
        json(&with_ttl),
        "getToken should give the created token back"
    );
}

/// list() sorts by createdAt and by ttl (time left) in both orders, and pages with pageSize:
/// this test's three tokens come in creation order ascending and the reverse descending, in
/// ttl order by ttl, and a page of 1 holds one token with matching pagination.
#[wasm_bindgen_test]
async fn list_sorts_and_pages() {
    let client = tokens_client(api_key());
    let mut ours = Vec::new();
    // Distinct, large ttls: created in the order short, long, middle.
    for ttl in [2_000_000_001u32, 2_000_000_003, 2_000_000_002] {
        let token = resolved(
            client.create_token(object(&[("ttl", JsValue::from(ttl))])),
            "createToken",
        )
        .await;
        ours.push(string(&token, "token").expect("a token id"));
    }
    let ours: Vec<&str> = ours.iter().map(String::as_str).collect();
    let (short, long, middle) = (ours[0], ours[1], ours[2]);
    let query = |sort_by: &str, order: &str| {
        vec![
            ("sortBy", JsValue::from_str(sort_by)),
            ("sortOrder", JsValue::from_str(order)),
            ("pageSize", JsValue::from(100)),
        ]
    };

    let by_creation = listed_ids(&list(&client, &query("createdAt", "asc")).await);
    assert_eq!(
        order_of(&by_creation, &ours),
        [short, long, middle],
        "createdAt asc"
    );
    let by_creation_desc = listed_ids(&list(&client, &query("createdAt", "desc")).await);
    assert_eq!(
        order_of(&by_creation_desc, &ours),
        [middle, long, short],
        "createdAt desc"
    );
    let by_ttl = listed_ids(&list(&client, &query("ttl", "asc")).await);
    assert_eq!(order_of(&by_ttl, &ours), [short, middle, long], "ttl asc");
    let by_ttl_desc = listed_ids(&list(&client, &query("ttl", "desc")).await);
    assert_eq!(
        order_of(&by_ttl_desc, &ours),
        [long, middle, short],
        "ttl desc"
    );

    let page = list(
        &client,
        &[
            ("pageSize", JsValue::from(1)),
            ("currentPage", JsValue::from(2)),
        ],
    )
    .await;
    assert_eq!(listed_ids(&page).len(), 1, "pageSize 1: {}", json(&page));
    let pagination = get(&page, "pagination");
    assert_eq!(
        number(&pagination, "pageSize"),
        Some(1.0),
        "{}",
        json(&pagination)
    );
    assert_eq!(
        number(&pagination, "currentPage"),
        Some(2.0),
        "{}",
        json(&pagination)
    );
    assert_eq!(
        number(&pagination, "currentPageItems"),
        Some(1.0),
        "{}",
        json(&pagination)
    );
    let items = number(&pagination, "itemsTotal").unwrap_or(0.0);
    assert!(
        items >= 3.0,
        "itemsTotal counts at least this test's tokens: {}",
        json(&pagination)
    );
    assert_eq!(
        number(&pagination, "pagesTotal"),
        Some(items),
        "one token a page: {}",
        json(&pagination)
    );
    assert_eq!(
        by_creation.len() as f64,
        items.min(100.0),
        "the full listing and itemsTotal disagree"
    );
}

/// deleteToken resolves; afterwards getToken and a second deleteToken reject with the
/// server's 404 problem (`status`, `type`, `title`, `name`), and the token is no longer listed.
#[wasm_bindgen_test]
async fn delete_then_get_is_404() {
    let client = tokens_client(api_key());
    let created = resolved(
        client.create_token(object(&[("ttl", JsValue::from(600))])),
        "createToken",
    )
    .await;
    let id = string(&created, "token").expect("a token id");

    let deleted = resolved(client.delete_token(id.clone()), "deleteToken").await;
    assert!(
        deleted.is_undefined(),
        "deleteToken should resolve with undefined: {}",
        json(&deleted)
    );

    rejected(client.get_token(id.clone()), "getToken after deleteToken")
        .await
        .assert_server_problem(404, "uploadToken");
    rejected(client.delete_token(id.clone()), "deleteToken twice")
        .await
        .assert_server_problem(404, "uploadToken");
    let listing = listed_ids(&list(&client, &[("pageSize", JsValue::from(100))]).await);
    assert!(!listing.contains(&id), "a deleted token is still listed");
}

/// A wrong API key: every call rejects with the server's 401 problem (name "Authorization").
#[wasm_bindgen_test]
async fn a_wrong_api_key_is_refused() {
    let client = tokens_client("not-the-api-key");
    rejected(
        client.create_token(object(&[])),
        "createToken with a wrong key",
    )
    .await
    .assert_server_problem(401, "Authorization");
    rejected(client.list(object(&[])), "list with a wrong key")
        .await
        .assert_server_problem(401, "Authorization");
}

/// A ttl or page that is not a whole number in range is refused before any request, with a
/// message word for word (built without `format!` in the wasm; see core::text).
#[wasm_bindgen_test]
async fn out_of_range_numbers_are_refused_word_for_word() {
    let client = tokens_client(api_key());
    let failure = rejected(
        client.create_token(object(&[("ttl", JsValue::from(1.5))])),
        "createToken({ttl: 1.5})",
    )
    .await;
    assert_eq!(
        failure.reason.as_deref(),
        Some("INVALID_OPTION"),
        "{failure:?}"
    );
    assert_eq!(
        failure.title.as_deref(),
        Some("'ttl' must be a whole number from 0 to 2147483647 (got 1.5).")
    );
    let failure = rejected(
        client.list(object(&[("pageSize", JsValue::from(101))])),
        "list({pageSize: 101})",
    )
    .await;
    assert_eq!(
        failure.title.as_deref(),
        Some("'pageSize' must be a whole number from 1 to 100 (got 101).")
    );
}
