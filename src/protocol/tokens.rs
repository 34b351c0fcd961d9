//! The shapes of the upload-token endpoints (`/upload-tokens`), as the OpenAPI description
//! gives them: what `UploadTokens` reads off the answers and hands to JavaScript.

use serde::{Deserialize, Serialize};

/// A delegated upload token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadToken {
    pub token: String,
    /// Seconds; 0 for a token that never expires.
    pub ttl: u64,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// One page of `GET /upload-tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadTokenList {
    pub data: Vec<UploadToken>,
    pub pagination: Pagination,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub current_page: u64,
    pub current_page_items: u64,
    pub page_size: u64,
    pub pages_total: u64,
    pub items_total: u64,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub rel: String,
    pub uri: String,
}

/// The body of `POST /upload-tokens`: `{}` for a token that never expires.
#[derive(Debug, Default, Serialize)]
pub struct CreateToken {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u32>,
}

/// The query of `GET /upload-tokens`, each parameter left out when not given.
#[derive(Debug, Default, PartialEq)]
pub struct ListQuery {
    pub sort_by: Option<String>,
    pub sort_order: Option<String>,
    pub current_page: Option<u32>,
    pub page_size: Option<u32>,
}

impl ListQuery {
    /// `?sortBy=…&pageSize=…`, form-encoded (`form_urlencoded`, as the URL standard's
    /// `URLSearchParams` writes it); empty when nothing is given.
    pub fn to_query_string(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        let texts = [("sortBy", &self.sort_by), ("sortOrder", &self.sort_order)];
        for (name, value) in texts {
            if let Some(value) = value {
                query.append_pair(name, value);
            }
        }
        let numbers = [
            ("currentPage", self.current_page),
            ("pageSize", self.page_size),
        ];
        for (name, value) in numbers {
            if let Some(value) = value {
                query.append_pair(name, &value.to_string());
            }
        }
        let query = query.finish();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_token_reads_and_shows_as_the_api_gives_it() {
        let answer = json!({"token": "to1", "ttl": 3600, "createdAt": "2026-11-25T10:00:00+00:00", "expiresAt": "2026-11-25T11:00:00+00:00"});
        let token: UploadToken = serde_json::from_value(answer.clone()).expect("a token");
        assert_eq!(serde_json::to_value(&token).expect("serializable"), answer);
        let forever = json!({"token": "to2", "ttl": 0, "createdAt": "2026-11-25T10:00:00+00:00"});
        let token: UploadToken = serde_json::from_value(forever.clone()).expect("a token");
        assert_eq!(token.expires_at, None);
        assert_eq!(serde_json::to_value(&token).expect("serializable"), forever);
    }

    #[test]
    fn a_list_reads_and_shows_as_the_api_gives_it() {
        let answer = json!({
            "data": [{"token": "to1", "ttl": 0, "createdAt": "2026-11-25T10:00:00+00:00"}],
            "pagination": {
                "currentPage": 1, "currentPageItems": 1, "pageSize": 25, "pagesTotal": 1, "itemsTotal": 1,
                "links": [{"rel": "self", "uri": "/upload-tokens?currentPage=1&pageSize=25"}],
            },
        });
        let list: UploadTokenList = serde_json::from_value(answer.clone()).expect("a list");
        assert_eq!(list.data[0].token, "to1");
        assert_eq!(serde_json::to_value(&list).expect("serializable"), answer);
    }

    #[test]
    fn the_create_body_and_the_list_query() {
        assert_eq!(
            serde_json::to_string(&CreateToken::default()).expect("json"),
            "{}"
        );
        assert_eq!(
            serde_json::to_string(&CreateToken { ttl: Some(60) }).expect("json"),
            r#"{"ttl":60}"#
        );
        assert_eq!(ListQuery::default().to_query_string(), "");
        let query = ListQuery {
            sort_by: Some("ttl".into()),
            sort_order: Some("a&b c".into()),
            current_page: Some(2),
            page_size: None,
        };
        assert_eq!(
            query.to_query_string(),
            "?sortBy=ttl&sortOrder=a%26b+c&currentPage=2"
        );
    }
}
