//! Keyset (cursor) pagination: a cursor is the sort key of the last item seen,
//! so inserts between pages neither skip nor repeat items.

use base64::Engine;
use serde::Serialize;
use utoipa::ToSchema;

use super::items::ItemsBody;
use crate::error::ApiError;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 500;

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// `?limit=`, checked against 1..=500.
pub fn limit(raw: Option<i64>) -> Result<i64, ApiError> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => {
            Err(ApiError::bad_parameter("limit", format!("must be between 1 and {MAX_LIMIT}, not {n}")))
        }
    }
}

/// The decoded position after which the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(pub Vec<String>);

impl Cursor {
    pub fn encode(parts: &[&str]) -> String {
        let json = serde_json::to_vec(parts).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    /// Decodes `?cursor=`, which must hold exactly `arity` key parts.
    pub fn decode(raw: Option<&str>, arity: usize) -> Result<Option<Cursor>, ApiError> {
        let Some(raw) = raw else { return Ok(None) };
        let invalid = || ApiError::bad_parameter("cursor", "is not a cursor returned by this list");
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
        let parts: Vec<String> = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
        if parts.len() != arity {
            return Err(invalid());
        }
        Ok(Some(Cursor(parts)))
    }

    pub fn part(&self, i: usize) -> &str {
        self.0.get(i).map(String::as_str).unwrap_or("")
    }
}

/// Builds a page from up to `limit + 1` rows (the extra one only says there is more).
pub fn page<R, T>(rows: Vec<R>, limit: i64, key: impl Fn(&R) -> String, map: impl Fn(R) -> T) -> Page<T> {
    let (rows, next_cursor) = cut(rows, limit, key);
    Page { items: rows.into_iter().map(map).collect(), next_cursor }
}

/// Cuts up to `limit + 1` rows to a page, and the cursor to the next one when
/// the extra row says there is more.
pub fn cut<R>(mut rows: Vec<R>, limit: i64, key: impl Fn(&R) -> String) -> (Vec<R>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = if more { rows.last().map(&key) } else { None };
    (rows, next_cursor)
}

/// The query of a list with no filters: `limit` and `cursor`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// A page of stored JSON representations, written out as they are.
#[derive(Debug)]
pub struct DocPage {
    pub docs: Vec<String>,
    pub next_cursor: Option<String>,
}

impl DocPage {
    /// `{"items": [...], "next_cursor": ...}`, the same shape as [`Page`].
    pub fn into_response(self) -> actix_web::HttpResponse {
        let next = match &self.next_cursor {
            Some(c) => serde_json::Value::from(c.as_str()).to_string(),
            None => "null".to_owned(),
        };
        let room = self.docs.iter().map(|d| d.len() + 1).sum::<usize>() + next.len();
        let mut items = ItemsBody::with_capacity(room);
        for doc in &self.docs {
            items.push(doc);
        }
        items.finish("next_cursor", &next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_round_trips_and_rejects_foreign_input() {
        let c = Cursor::encode(&["2023-09-06", "abc"]);
        assert_eq!(Cursor::decode(Some(&c), 2).unwrap().unwrap().0, vec!["2023-09-06", "abc"]);
        assert!(Cursor::decode(Some(&c), 1).is_err());
        assert!(Cursor::decode(Some("!!"), 2).is_err());
        assert!(Cursor::decode(None, 2).unwrap().is_none());
    }

    #[test]
    fn limit_is_bounded() {
        assert_eq!(limit(None).unwrap(), 50);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(501)).is_err());
        assert_eq!(limit(Some(500)).unwrap(), 500);
    }

    #[test]
    fn a_doc_page_is_the_same_json_as_a_page() {
        let (rows, next) = cut(vec![1, 2, 3], 2, |r| r.to_string());
        let docs = rows.iter().map(|r| format!("{{\"n\":{r}}}")).collect();
        let res = DocPage { docs, next_cursor: next }.into_response();
        let body = actix_web::body::to_bytes(res.into_body());
        let body = futures_util::FutureExt::now_or_never(body).unwrap().unwrap();
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value, serde_json::json!({"items": [{"n": 1}, {"n": 2}], "next_cursor": "2"}));
    }

    #[test]
    fn page_sets_a_cursor_only_when_more_rows_exist() {
        let p = page(vec![1, 2, 3], 2, |r| r.to_string(), |r| r);
        assert_eq!(p.items, vec![1, 2]);
        assert_eq!(p.next_cursor.as_deref(), Some("2"));
        let p = page(vec![1, 2], 2, |r| r.to_string(), |r| r);
        assert!(p.next_cursor.is_none());
    }
}
