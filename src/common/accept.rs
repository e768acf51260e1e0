//! Content negotiation on `Accept` (RFC 9110 §12.5.1), with actix's parser for
//! the header and its q-values: the most specific range that matches a media
//! type gives its quality, and `q=0` excludes it.

use actix_web::http::header::{Accept, Header, Quality};
use actix_web::mime::{Mime, STAR};
use actix_web::HttpMessage;

/// How well the client's `Accept` matches a media type: its quality, then how
/// specifically it was named (2 `type/subtype`, 1 `type/*`, 0 `*/*`).
pub type Rank = (Quality, u8);

/// The ranges the client accepts; `None` when it sent no (or an unreadable, or
/// an empty) `Accept`, which accepts anything.
pub fn accepted(req: &impl HttpMessage) -> Option<Accept> {
    Accept::parse(req).ok().filter(|a| !a.0.is_empty())
}

/// The rank of `media` under `accept` (anything ranks `(1, 0)` without an `Accept`).
pub fn rank(accept: Option<&Accept>, media: &Mime) -> Rank {
    let Some(accept) = accept else { return (Quality::MAX, 0) };
    accept
        .0
        .iter()
        .filter_map(|range| {
            let r = &range.item;
            let specificity = if r.type_() == STAR && r.subtype() == STAR {
                0
            } else if r.type_() == media.type_() && r.subtype() == STAR {
                1
            } else if r.type_() == media.type_() && r.subtype() == media.subtype() {
                2
            } else {
                return None;
            };
            Some((specificity, range.quality))
        })
        .max_by_key(|(specificity, _)| *specificity)
        .map_or((Quality::ZERO, 0), |(specificity, quality)| (quality, specificity))
}

/// Whether the client accepts at least one of `offers`.
pub fn accepts_any(accept: Option<&Accept>, offers: &[Mime]) -> bool {
    offers.iter().any(|m| rank(accept, m).0 > Quality::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn accept(value: &str) -> Option<Accept> {
        accepted(&TestRequest::default().insert_header(("accept", value)).to_http_request())
    }

    fn json() -> Mime {
        actix_web::mime::APPLICATION_JSON
    }

    #[test]
    fn the_most_specific_range_decides() {
        let a = accept("application/*;q=0.2, application/json;q=0, */*;q=0.9");
        assert_eq!(rank(a.as_ref(), &json()).0, Quality::ZERO);
        assert!(rank(a.as_ref(), &"application/xml".parse().unwrap()).0 > Quality::ZERO);
        assert!(!accepts_any(accept("application/xml").as_ref(), &[json()]));
        assert!(accepts_any(accept("text/html, */*;q=0.8").as_ref(), &[json()]));
    }

    #[test]
    fn no_or_unreadable_or_empty_accept_takes_anything() {
        assert!(accepted(&TestRequest::default().to_http_request()).is_none());
        assert!(accept("").is_none());
        assert!(accept("not a media type;;").is_none());
        assert_eq!(rank(None, &json()), (Quality::MAX, 0));
    }
}
