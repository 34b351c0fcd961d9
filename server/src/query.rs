//! Query strings and list pages, shared by the token and video lists.
//!
//! Parsed by hand rather than with the `Query` extractor so that every bad value gets a
//! problem body naming the parameter, and repeated keys (`tags[]=a&tags[]=b`) are kept.

use serde::Serialize;

use crate::problem::Problem;
use crate::storage::db::Order;

/// The decoded `key=value` pairs of a query string, in order.
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>) -> Self {
        Params(
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .into_owned()
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// `asc` (default) or `desc`.
    pub fn order(&self) -> Result<Order, Problem> {
        match self.get("sortOrder") {
            None | Some("asc") => Ok(Order::Asc),
            Some("desc") => Ok(Order::Desc),
            Some(other) => Err(Problem::bad_request(
                "sortOrder",
                format!("sortOrder `{other}` is not allowed: use `asc` or `desc`."),
            )),
        }
    }

    pub fn page(&self) -> Result<Page, Problem> {
        let current = self.integer("currentPage", 1, 1, u32::MAX as u64)?;
        let size = self.integer("pageSize", 25, 1, 100)?;
        Ok(Page { current, size })
    }

    fn integer(&self, key: &str, default: u64, min: u64, max: u64) -> Result<u64, Problem> {
        let Some(text) = self.get(key) else {
            return Ok(default);
        };
        text.parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                Problem::bad_request(
                    key,
                    format!(
                        "{key} `{text}` is out of range: give a whole number from {min} to {max}."
                    ),
                )
            })
    }
}

/// A page of a list (OpenAPI `token-list-response`, `videos-list-response`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct List<T> {
    pub data: Vec<T>,
    pub pagination: Pagination,
}

/// The API's `pagination` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub current_page: u64,
    pub current_page_items: usize,
    pub page_size: u64,
    /// At least 1, even for an empty list.
    pub pages_total: u64,
    pub items_total: u64,
    /// `self`, `first`, `previous` (past the first page), `next` (before the last), `last`.
    pub links: Vec<Link>,
}

/// One of [`Pagination::links`] (OpenAPI `pagination-link`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub rel: &'static str,
    pub uri: String,
}

/// A page request: 1-based page number and page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub current: u64,
    pub size: u64,
}

impl Page {
    pub fn offset(&self) -> u64 {
        (self.current - 1).saturating_mul(self.size)
    }

    /// The API's `pagination` object. `keep` are the parameters the links repeat
    /// (sort and filters) after `currentPage` and `pageSize`.
    pub fn pagination(
        &self,
        path: &str,
        items: usize,
        total: u64,
        keep: &[(&str, String)],
    ) -> Pagination {
        let pages = total.div_ceil(self.size).max(1);
        let link = |rel: &'static str, page: u64| {
            let mut uri = format!("{path}?currentPage={page}&pageSize={}", self.size);
            for (key, value) in keep {
                let pair: String = form_urlencoded::Serializer::new(String::new())
                    .append_pair(key, value)
                    .finish();
                uri.push('&');
                uri.push_str(&pair);
            }
            Link { rel, uri }
        };
        let mut links = vec![link("self", self.current), link("first", 1)];
        if self.current > 1 {
            links.push(link("previous", (self.current - 1).min(pages)));
        }
        if self.current < pages {
            links.push(link("next", self.current + 1));
        }
        links.push(link("last", pages));
        Pagination {
            current_page: self.current,
            current_page_items: items,
            page_size: self.size,
            pages_total: pages,
            items_total: total,
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_links() {
        let page = Page {
            current: 2,
            size: 10,
        };
        let p = page.pagination("/upload-tokens", 10, 25, &[("sortBy", "ttl".into())]);
        assert_eq!(p.pages_total, 3);
        let rels: Vec<_> = p.links.iter().map(|l| l.rel).collect();
        assert_eq!(rels, ["self", "first", "previous", "next", "last"]);
        assert_eq!(
            p.links[3].uri,
            "/upload-tokens?currentPage=3&pageSize=10&sortBy=ttl"
        );
        let first = Page {
            current: 1,
            size: 25,
        }
        .pagination("/videos", 0, 0, &[]);
        assert_eq!(first.pages_total, 1);
        let rels: Vec<_> = first.links.iter().map(|l| l.rel).collect();
        assert_eq!(rels, ["self", "first", "last"]);
    }

    #[test]
    fn bad_parameters_name_themselves() {
        let params = Params::parse(Some(
            "currentPage=0&pageSize=101&sortOrder=up&tags%5B%5D=a&tags[]=b",
        ));
        assert_eq!(params.page().unwrap_err().name, "currentPage");
        assert_eq!(
            Params::parse(Some("pageSize=101")).page().unwrap_err().name,
            "pageSize"
        );
        assert_eq!(
            Params::parse(Some("pageSize=x")).page().unwrap_err().name,
            "pageSize"
        );
        assert_eq!(params.order().unwrap_err().name, "sortOrder");
        assert_eq!(params.all("tags[]"), ["a", "b"]);
        assert_eq!(
            Params::parse(None).page().unwrap(),
            Page {
                current: 1,
                size: 25
            }
        );
    }
}
