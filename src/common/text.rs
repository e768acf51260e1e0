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
    /// Trims every language; `fi` must be non-empty and all at most `max`
    /// characters as sent (as the document's `maxLength` counts them).
    pub fn validate(self, field: &str, max: usize, errors: &mut Vec<FieldError>) -> Option<LocalizedText> {
        let before = errors.len();
        for (lang, value) in [("fi", Some(&self.fi)), ("sv", self.sv.as_ref()), ("en", self.en.as_ref())] {
            if value.is_some_and(|v| v.chars().count() > max) {
                errors.push(FieldError::new(
                    format!("{field}.{lang}"),
                    format!("must be at most {max} characters"),
                ));
            }
        }
        let clean = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let text = LocalizedText { fi: self.fi.trim().to_owned(), sv: clean(self.sv), en: clean(self.en) };
        if text.fi.is_empty() {
            errors.push(FieldError::new(format!("{field}.fi"), "must not be empty"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_as_sent_and_the_kept_text_is_trimmed() {
        let t = |fi: &str| LocalizedText { fi: fi.to_owned(), sv: Some("  ".into()), en: None };
        let mut errors = Vec::new();
        let kept = t("  abc ").validate("title", 6, &mut errors).unwrap();
        assert_eq!((kept.fi.as_str(), kept.sv), ("abc", None));
        assert!(t(" abcdef ").validate("title", 6, &mut errors).is_none(), "8 characters as sent");
        assert!(t("   ").validate("title", 6, &mut errors).is_none());
        let fields: Vec<_> = errors.iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["title.fi", "title.fi"]);
    }
}
