//! Pages of stored JSON written straight into their body: each document is
//! copied once, from the row that held it into the answer.

use std::fmt::Write;

use actix_web::http::header::ContentType;
use actix_web::HttpResponse;

use crate::error::ApiError;

/// The body of a page, `{"items":[...],"<key>":<value>}`, being written.
#[derive(Debug)]
pub struct ItemsBody {
    body: String,
    items: usize,
}

impl ItemsBody {
    /// A body with room for `bytes` of items and closing value, and 64 more
    /// for its own punctuation and key.
    pub fn with_capacity(bytes: usize) -> Self {
        let mut body = String::with_capacity(bytes + 64);
        body.push_str("{\"items\":[");
        Self { body, items: 0 }
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> usize {
        self.body.len()
    }

    fn next(&mut self) {
        if self.items > 0 {
            self.body.push(',');
        }
        self.items += 1;
    }

    /// Appends a JSON document as it is.
    pub fn push(&mut self, doc: &str) {
        self.next();
        self.body.push_str(doc);
    }

    /// Appends a stored JSON object with `fields` (`"name":value` pairs,
    /// comma-separated, known to be JSON) put first: how a row's own key (a
    /// database-assigned id, say) joins the representation stored with it.
    /// An error, and nothing written, if `doc` is not an object with a field.
    pub fn push_with_fields_first(&mut self, fields: std::fmt::Arguments, doc: &str) -> Result<(), ApiError> {
        let rest = object_fields(doc)?;
        self.next();
        write_joined(&mut self.body, fields, rest)
    }

    /// 200 with the items, then `"<key>":<value>` (`value` is JSON).
    pub fn finish(mut self, key: &str, value: &str) -> HttpResponse {
        self.body.push_str("],\"");
        self.body.push_str(key);
        self.body.push_str("\":");
        self.body.push_str(value);
        self.body.push('}');
        HttpResponse::Ok().insert_header(ContentType::json()).body(self.body)
    }
}

/// A stored JSON object alone with `fields` put first (see
/// [`ItemsBody::push_with_fields_first`]).
pub fn with_fields_first(fields: std::fmt::Arguments, doc: &str) -> Result<String, ApiError> {
    let rest = object_fields(doc)?;
    let mut out = String::with_capacity(doc.len() + 48);
    write_joined(&mut out, fields, rest)?;
    Ok(out)
}

/// Writes `{`, `fields`, `,` and `rest` (what followed an object's `{`).
fn write_joined(out: &mut String, fields: std::fmt::Arguments, rest: &str) -> Result<(), ApiError> {
    out.push('{');
    out.write_fmt(fields).map_err(ApiError::internal)?;
    out.push(',');
    out.push_str(rest);
    Ok(())
}

/// What follows the `{` of a JSON object with at least one field.
fn object_fields(doc: &str) -> Result<&str, ApiError> {
    let rest = doc.strip_prefix('{').filter(|r| r.trim_start().starts_with('"'));
    rest.ok_or_else(|| ApiError::internal("a stored representation is not a JSON object"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(res: HttpResponse) -> serde_json::Value {
        let bytes = actix_web::body::to_bytes(res.into_body());
        let bytes = futures_util::FutureExt::now_or_never(bytes).unwrap().unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn fields_join_a_stored_object_first() {
        let mut items = ItemsBody::with_capacity(0);
        items.push("{\"n\":0}");
        let who = serde_json::to_string("a\"b").unwrap();
        items
            .push_with_fields_first(format_args!("\"id\":7,\"who\":{who}"), "{\"at\":1, \"x\":[{}]}")
            .unwrap();
        for not_an_object in ["{}", "[1]", "", "{ }", "\"s\""] {
            assert!(items.push_with_fields_first(format_args!("\"id\":1"), not_an_object).is_err());
        }
        let value = body(items.finish("next_after", "7"));
        let expected = serde_json::json!({"items": [{"n": 0}, {"id": 7, "who": "a\"b", "at": 1, "x": [{}]}],
            "next_after": 7});
        assert_eq!(value, expected);
        let alone = with_fields_first(format_args!("\"seq\":3"), "{\"a\":null}").unwrap();
        assert_eq!(alone, "{\"seq\":3,\"a\":null}");
    }

    #[test]
    fn an_empty_page_is_an_empty_list() {
        let items = ItemsBody::with_capacity(10);
        assert_eq!(items.bytes(), "{\"items\":[".len());
        assert_eq!(
            body(items.finish("next_cursor", "null")),
            serde_json::json!({"items": [], "next_cursor": null})
        );
    }
}
