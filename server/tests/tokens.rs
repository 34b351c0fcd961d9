//! Upload tokens: create, list (sorting, paging), get, delete.

mod support;

use serde_json::json;
use support::*;

#[tokio::test]
async fn create_token_returns_token_ttl_and_dates() {
    let srv = TestServer::start();
    let token = srv.create_token(Some(3600)).await;
    assert_token_id(&token["token"]);
    assert_eq!(token["ttl"], 3600, "{token}");
    let created = parse_date(&token["createdAt"]);
    let expires = parse_date(&token["expiresAt"]);
    assert_eq!(
        (expires - created).num_seconds(),
        3600,
        "expiresAt - createdAt: {token}"
    );
    let now = chrono::Utc::now();
    let skew = (now - created.with_timezone(&chrono::Utc))
        .num_seconds()
        .abs();
    assert!(skew <= 5, "createdAt {created} is not now ({now})");
}

#[tokio::test]
async fn token_without_ttl_never_expires() {
    let srv = TestServer::start();
    for ttl in [None, Some(0)] {
        let token = srv.create_token(ttl).await;
        assert_eq!(token["ttl"], 0, "ttl {ttl:?}: {token}");
        assert!(
            token["expiresAt"].is_null(),
            "ttl {ttl:?}: expiresAt should be absent or null: {token}"
        );
        parse_date(&token["createdAt"]);
    }
}

#[tokio::test]
async fn token_ids_are_unique() {
    let srv = TestServer::start();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..20 {
        assert!(
            seen.insert(srv.new_token(None).await),
            "a token id came twice"
        );
    }
}

/// Creates tokens with these ttls, in this order, and returns their ids in creation order.
async fn tokens_with_ttls(api: &Api, ttls: &[i64]) -> Vec<String> {
    let mut out = Vec::new();
    for &ttl in ttls {
        out.push(api.new_token(Some(ttl)).await);
    }
    out
}

fn pick(ids: &[String], order: &[usize]) -> Vec<String> {
    order.iter().map(|&i| ids[i].clone()).collect()
}

/// Tokens created within the same second tie on `createdAt`; creation order breaks the tie,
/// so ascending is creation order and descending its reverse.
#[tokio::test]
async fn list_sorted_by_created_at_both_orders() {
    let srv = TestServer::start();
    let ids = tokens_with_ttls(&srv, &[300, 0, 100, 1000, 200]).await;
    let mut reversed = ids.clone();
    reversed.reverse();

    assert_eq!(
        srv.list_token_ids("").await,
        ids,
        "default order (createdAt asc)"
    );
    assert_eq!(
        srv.list_token_ids("?sortBy=createdAt").await,
        ids,
        "sortBy=createdAt"
    );
    assert_eq!(
        srv.list_token_ids("?sortBy=createdAt&sortOrder=asc").await,
        ids,
        "createdAt asc"
    );
    assert_eq!(
        srv.list_token_ids("?sortBy=createdAt&sortOrder=desc").await,
        reversed,
        "createdAt desc"
    );

    let list = srv.list_tokens("?sortBy=createdAt&sortOrder=asc").await;
    assert_pagination(
        &list,
        "/upload-tokens",
        "&sortBy=createdAt&sortOrder=asc",
        1,
        25,
        5,
    );
}

/// `sortBy=ttl` orders by time left; ttl 0 (never expires) has the most time left.
#[tokio::test]
async fn list_sorted_by_ttl_both_orders() {
    let srv = TestServer::start();
    // index:                               0    1  2    3     4
    let ids = tokens_with_ttls(&srv, &[300, 0, 100, 1000, 200]).await;
    let asc = pick(&ids, &[2, 4, 0, 3, 1]);
    let desc = pick(&ids, &[1, 3, 0, 4, 2]);
    assert_eq!(
        srv.list_token_ids("?sortBy=ttl").await,
        asc,
        "sortBy=ttl (asc by default)"
    );
    assert_eq!(
        srv.list_token_ids("?sortBy=ttl&sortOrder=asc").await,
        asc,
        "ttl asc"
    );
    assert_eq!(
        srv.list_token_ids("?sortBy=ttl&sortOrder=desc").await,
        desc,
        "ttl desc"
    );
}

#[tokio::test]
async fn list_pages_across_three_pages_with_links() {
    let srv = TestServer::start();
    let ids = tokens_with_ttls(&srv, &[300, 0, 100, 1000, 200]).await;

    // Without sort parameters: creation order, links without sortBy/sortOrder.
    let mut seen = Vec::new();
    for page in 1..=3u64 {
        let list = srv
            .list_tokens(&format!("?currentPage={page}&pageSize=2"))
            .await;
        assert_pagination(&list, "/upload-tokens", "", page, 2, 5);
        seen.extend(ids_of(&list));
    }
    assert_eq!(seen, ids, "pages 1..3 of the default order");

    // With sort parameters: they are carried in the links.
    let desc = pick(&ids, &[1, 3, 0, 4, 2]);
    let mut seen = Vec::new();
    for page in 1..=3u64 {
        let list = srv
            .list_tokens(&format!(
                "?sortBy=ttl&sortOrder=desc&currentPage={page}&pageSize=2"
            ))
            .await;
        assert_pagination(
            &list,
            "/upload-tokens",
            "&sortBy=ttl&sortOrder=desc",
            page,
            2,
            5,
        );
        seen.extend(ids_of(&list));
    }
    assert_eq!(seen, desc, "pages 1..3 of ttl desc");

    let list = srv
        .list_tokens("?sortBy=createdAt&sortOrder=desc&currentPage=2&pageSize=2")
        .await;
    assert_pagination(
        &list,
        "/upload-tokens",
        "&sortBy=createdAt&sortOrder=desc",
        2,
        2,
        5,
    );
    assert_eq!(
        ids_of(&list),
        pick(&ids, &[2, 1]),
        "page 2 of createdAt desc"
    );
}

fn ids_of(list: &serde_json::Value) -> Vec<String> {
    ids(list, "token")
}

#[tokio::test]
async fn page_past_the_last_is_empty() {
    let srv = TestServer::start();
    tokens_with_ttls(&srv, &[10, 20, 30]).await;
    let list = srv.list_tokens("?currentPage=4&pageSize=1").await;
    assert!(ids_of(&list).is_empty(), "page 4 of 3: {list}");
    assert_eq!(list["pagination"]["itemsTotal"], 3, "{list}");
    assert_eq!(list["pagination"]["pagesTotal"], 3, "{list}");
    assert_eq!(list["pagination"]["currentPage"], 4, "{list}");
    assert_eq!(list["pagination"]["currentPageItems"], 0, "{list}");
}

#[tokio::test]
async fn empty_list_has_one_page() {
    let srv = TestServer::start();
    let list = srv.list_tokens("").await;
    assert_pagination(&list, "/upload-tokens", "", 1, 25, 0);
}

#[tokio::test]
async fn listed_token_matches_created_token() {
    let srv = TestServer::start();
    let created = srv.create_token(Some(600)).await;
    let list = srv.list_tokens("").await;
    let listed = &list["data"][0];
    for field in ["token", "ttl", "createdAt", "expiresAt"] {
        assert_eq!(
            listed[field], created[field],
            "field {field}: listed {listed}, created {created}"
        );
    }
}

#[tokio::test]
async fn get_token_returns_it() {
    let srv = TestServer::start();
    let created = srv.create_token(Some(120)).await;
    let id = created["token"].as_str().expect("token id");
    let got = expect_json(send(srv.get(&format!("/upload-tokens/{id}"))).await, 200).await;
    for field in ["token", "ttl", "createdAt", "expiresAt"] {
        assert_eq!(
            got[field], created[field],
            "field {field}: got {got}, created {created}"
        );
    }
}

#[tokio::test]
async fn get_and_delete_unknown_token_are_404() {
    let srv = TestServer::start();
    srv.new_token(None).await;
    let unknown = "to0000000000000000000000";
    assert_problem_status(
        send(srv.get(&format!("/upload-tokens/{unknown}"))).await,
        404,
    )
    .await;
    assert_problem_status(
        send(srv.delete(&format!("/upload-tokens/{unknown}"))).await,
        404,
    )
    .await;
    assert_problem_status(send(srv.get("/upload-tokens/not-a-token")).await, 404).await;
}

#[tokio::test]
async fn deleted_token_is_gone_and_cannot_upload() {
    let srv = TestServer::start();
    let keep = srv.new_token(None).await;
    let gone = srv.new_token(Some(3600)).await;

    expect_empty(
        send(srv.delete(&format!("/upload-tokens/{gone}"))).await,
        204,
    )
    .await;

    assert_problem_status(send(srv.get(&format!("/upload-tokens/{gone}"))).await, 404).await;
    assert_problem_status(
        send(srv.delete(&format!("/upload-tokens/{gone}"))).await,
        404,
    )
    .await;
    assert_eq!(
        srv.list_token_ids("").await,
        vec![keep.clone()],
        "the deleted token is still listed"
    );

    let data = test_data(1000, 7);
    let resp = srv.upload(&Target::token(&gone), Chunk::whole(&data)).await;
    assert_problem(resp, 404, "token").await;

    // The other token is untouched.
    let video = srv
        .upload_ok(&Target::token(&keep), Chunk::whole(&data))
        .await;
    srv.assert_source(&video, &data).await;
}

/// A token created by the API accepts an upload straight away.
#[tokio::test]
async fn new_token_can_upload() {
    let srv = TestServer::start();
    let token = srv.new_token(Some(60)).await;
    let data = test_data(4096, 3);
    let video = srv
        .upload_ok(&Target::token(&token), Chunk::whole(&data))
        .await;
    srv.assert_source(&video, &data).await;
}

#[tokio::test]
async fn create_token_accepts_the_largest_ttl() {
    let srv = TestServer::start();
    let resp = send(
        srv.post("/upload-tokens")
            .json(&json!({ "ttl": 2147483647i64 })),
    )
    .await;
    let token = expect_json(resp, 200).await;
    assert_eq!(token["ttl"], 2147483647i64, "{token}");
}
