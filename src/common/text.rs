//! Multilingual text: `{"fi": ..., "sv"?: ..., "en"?: ...}` with `fi` required.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldError;

/// Text in Finnish, and optionally Swedish and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalizedText {
    pub fi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl LocalizedText {
    /// Trims every language; `fi` must be non-empty and all at most `max` characters.
    pub fn validate(self, field: &str, max: usize, errors: &mut Vec<FieldError>) -> Option<LocalizedText> {
        let clean = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let text = LocalizedText { fi: self.fi.trim().to_owned(), sv: clean(self.sv), en: clean(self.en) };
        let before = errors.len();
        if text.fi.is_empty() {
            errors.push(FieldError::new(format!("{field}.fi"), "must not be empty"));
        }
        for (lang, value) in [("fi", Some(&text.fi)), ("sv", text.sv.as_ref()), ("en", text.en.as_ref())] {
            if value.is_some_and(|v| v.chars().count() > max) {
                errors.push(FieldError::new(
                    format!("{field}.{lang}"),
                    format!("must be at most {max} characters"),
                ));
            }
        }
        (errors.len() == before).then_some(text)
    }
}

/// Text from three language columns.
pub fn text(fi: String, sv: Option<String>, en: Option<String>) -> LocalizedText {
    LocalizedText { fi, sv, en }
}

/// Optional text from three language columns (absent when there is no Finnish).
pub fn opt_text(fi: Option<String>, sv: Option<String>, en: Option<String>) -> Option<LocalizedText> {
    fi.map(|fi| LocalizedText { fi, sv, en })
}
