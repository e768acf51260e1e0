//! Content negotiation of the report: JSON or HTML from `Accept`, and the page's
//! language from `lang`, else `Accept-Language` (q-values honoured), else Finnish.

use actix_web::http::header::{Accept, AcceptLanguage, Header, Preference, Quality, QualityItem};
use actix_web::HttpRequest;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::common::LocalizedText;
use crate::error::ApiError;

/// A language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fi,
    Sv,
    En,
}

impl Lang {
    /// The BCP 47 code (`<html lang>`, `Content-Language`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Fi => "fi",
            Self::Sv => "sv",
            Self::En => "en",
        }
    }

    /// The language of a tag's primary subtag (`sv-FI` → Swedish), if it is one of ours.
    fn from_primary(primary: &str) -> Option<Self> {
        [Self::Fi, Self::Sv, Self::En].into_iter().find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// `text` in this language, Finnish when it has none.
    pub fn pick(self, text: &LocalizedText) -> &str {
        let own = match self {
            Self::Fi => None,
            Self::Sv => text.sv.as_deref(),
            Self::En => text.en.as_deref(),
        };
        own.unwrap_or(&text.fi)
    }

    /// `explicit` (the `lang` parameter), else the best of `Accept-Language`, else Finnish.
    pub fn negotiate(explicit: Option<Lang>, req: &HttpRequest) -> Lang {
        explicit.or_else(|| from_accept_language(req)).unwrap_or(Lang::Fi)
    }
}

/// Items with q > 0, best first (stable: equal q keep the header's order).
fn ranked<T: Clone>(items: &[QualityItem<T>]) -> Vec<T> {
    let mut kept: Vec<&QualityItem<T>> = items.iter().filter(|i| i.quality > Quality::ZERO).collect();
    kept.sort_by_key(|i| std::cmp::Reverse(i.quality));
    kept.into_iter().map(|i| i.item.clone()).collect()
}

/// The first of our languages in `Accept-Language` order of preference; an
/// unparsable header counts as absent.
fn from_accept_language(req: &HttpRequest) -> Option<Lang> {
    let header = AcceptLanguage::parse(req).ok()?;
    ranked(&header.0).into_iter().find_map(|p| match p {
        Preference::Specific(tag) => Lang::from_primary(tag.primary_language()),
        Preference::Any => None,
    })
}

/// How the report is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

/// JSON unless `Accept` prefers `text/html`; 406 when it accepts neither. A missing
/// or unparsable header accepts anything.
pub fn format(req: &HttpRequest) -> Result<Format, ApiError> {
    if !req.headers().contains_key(actix_web::http::header::ACCEPT) {
        return Ok(Format::Json);
    }
    let Ok(accept) = Accept::parse(req) else { return Ok(Format::Json) };
    if accept.0.is_empty() {
        return Ok(Format::Json);
    }
    for mime in ranked(&accept.0) {
        match (mime.type_().as_str(), mime.subtype().as_str()) {
            ("application", "json") | ("application", "*") | ("*", "*") => return Ok(Format::Json),
            ("text", "html") | ("text", "*") => return Ok(Format::Html),
            _ => {}
        }
    }
    Err(ApiError::not_acceptable("the report is available as application/json or text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn lang(header: &str) -> Lang {
        Lang::negotiate(
            None,
            &TestRequest::default().insert_header(("accept-language", header)).to_http_request(),
        )
    }

    fn fmt(header: &str) -> Result<Format, ApiError> {
        format(&TestRequest::default().insert_header(("accept", header)).to_http_request())
    }

    #[test]
    fn accept_language_is_ranked_by_q_and_unknown_languages_are_skipped() {
        assert_eq!(lang("de, en;q=0.5, sv;q=0.8"), Lang::Sv);
        assert_eq!(lang("sv-FI;q=0.2, en-GB"), Lang::En);
        assert_eq!(lang("en;q=0, sv;q=0.1"), Lang::Sv, "q=0 means not acceptable");
        assert_eq!(lang("de, *"), Lang::Fi);
        assert_eq!(lang("@@@"), Lang::Fi, "an unparsable header counts as absent");
        let req = TestRequest::default().insert_header(("accept-language", "sv")).to_http_request();
        assert_eq!(Lang::negotiate(Some(Lang::En), &req), Lang::En, "lang wins over the header");
    }

    #[test]
    fn html_only_when_accept_prefers_it() {
        assert_eq!(fmt("text/html").unwrap(), Format::Html);
        assert_eq!(fmt("text/html,application/xhtml+xml,*/*;q=0.8").unwrap(), Format::Html);
        assert_eq!(fmt("text/html;q=0.5, application/json").unwrap(), Format::Json);
        assert_eq!(fmt("*/*").unwrap(), Format::Json);
        assert_eq!(fmt("text/csv").unwrap_err().status(), 406);
    }

    #[test]
    fn names_fall_back_to_finnish() {
        let t = LocalizedText { fi: "Suojaukset".into(), sv: None, en: Some("Safeguards".into()) };
        assert_eq!(Lang::Sv.pick(&t), "Suojaukset");
        assert_eq!(Lang::En.pick(&t), "Safeguards");
    }
}
