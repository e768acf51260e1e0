//! `X-Request-Id`: a sane id from the client is kept, anything else replaced by
//! a fresh UUID; the id is echoed on every answer, logged with every line of
//! the request (see [`crate::logging`]) and put in problem bodies.

use actix_web::http::header::{HeaderMap, HeaderName};

/// The header carrying the id, both ways.
pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest client id kept.
const MAX_LEN: usize = 128;

/// The id of the request being served (in the request's extensions).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl RequestId {
    /// The client's id if it is 1..=128 characters of `A-Za-z0-9._:-`, else a new UUIDv7.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let given = headers.get(&X_REQUEST_ID).and_then(|v| v.to_str().ok()).map(str::trim);
        match given {
            Some(id) if is_sane(id) => Self(id.to_owned()),
            _ => Self(uuid::Uuid::now_v7().to_string()),
        }
    }
}

/// Short, and nothing that could forge a log line or a header.
fn is_sane(id: &str) -> bool {
    (1..=MAX_LEN).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn id_for(value: &str) -> String {
        let mut headers = HeaderMap::new();
        headers.insert(X_REQUEST_ID, HeaderValue::from_bytes(value.as_bytes()).unwrap());
        RequestId::from_headers(&headers).0
    }

    #[test]
    fn a_sane_client_id_is_kept_and_anything_else_replaced() {
        assert_eq!(id_for("abc-123_x.y:z"), "abc-123_x.y:z");
        for bad in ["", "a b", "a\"b", "x".repeat(129).as_str(), "käyttäjä", "a=b"] {
            let got = id_for(bad);
            assert_ne!(got, bad);
            assert!(uuid::Uuid::parse_str(&got).is_ok(), "{got}");
        }
        assert!(uuid::Uuid::parse_str(&RequestId::from_headers(&HeaderMap::new()).0).is_ok());
    }
}
