//! The limits the validation code enforces (`*/input.rs`, `*/domain.rs`,
//! `responses/validate.rs`, `surveys/answers.rs`) written into the request
//! schemas, one table row each, so that the document states every rule a
//! request must keep. Each row must name a property of the document (tested
//! below), so a renamed field cannot leave its limit behind.

use serde_json::{json, Value};

/// Not empty once trimmed: at least one character that is not Unicode
/// `White_Space` (what `str::trim` removes), spelled out because regex
/// dialects disagree on `\s`.
pub const NOT_BLANK: &str =
    "[^\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/// An area or survey code: a lowercase slug, 2..64 characters.
const SLUG: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// A question or option code: lowercase snake_case, at most 64 characters.
const SNAKE: &str = "^[a-z][a-z0-9_]{0,63}$";

/// `LocalizedText` properties and the most characters each language may hold.
const TEXTS: [(&str, &str, u32); 16] = [
    ("CreateAreaRequest", "name", 200),
    ("UpdateAreaRequest", "name", 200),
    ("CreateEventRequest", "title", 200),
    ("CreateEventRequest", "city", 100),
    ("CreateEventRequest", "description", 4000),
    ("UpdateEventRequest", "title", 200),
    ("UpdateEventRequest", "city", 100),
    ("UpdateEventRequest", "description", 4000),
    ("CreateProposalRequest", "title", 500),
    ("CreateProposalRequest", "description", 4000),
    ("UpdateProposalRequest", "title", 500),
    ("UpdateProposalRequest", "description", 4000),
    ("CreateSurveyRequest", "title", 300),
    ("UpdateSurveyRequest", "title", 300),
    ("Question", "text", 1000),
    ("ChoiceOption", "text", 500),
];

/// Other properties: the keywords added to each one's schema.
fn fields() -> Vec<(&'static str, &'static str, Value)> {
    let slug = json!({"minLength": 2, "maxLength": 64, "pattern": SLUG});
    let name = json!({"maxLength": 100, "pattern": NOT_BLANK});
    let links = json!({"maxItems": 100});
    let questions = json!({"minItems": 1, "maxItems": 200});
    vec![
        ("CreateAreaRequest", "code", slug.clone()),
        ("CreateAreaRequest", "statistics_code", json!({"pattern": "^[A-Za-z0-9]{1,16}$"})),
        ("UpdateAreaRequest", "statistics_code", json!({"pattern": "^[A-Za-z0-9]{1,16}$"})),
        ("CreateSurveyRequest", "code", slug),
        ("CreateSurveyRequest", "questions", questions.clone()),
        ("UpdateSurveyRequest", "questions", questions),
        ("Question", "code", json!({"pattern": SNAKE})),
        ("Question", "options", json!({"minItems": 1, "maxItems": 100})),
        ("ChoiceOption", "code", json!({"pattern": SNAKE})),
        ("CreateClientRequest", "name", name.clone()),
        ("UpdateClientRequest", "name", name),
        ("CreateProposalRequest", "tier", json!({"minimum": 1, "maximum": 3})),
        ("UpdateProposalRequest", "tier", json!({"minimum": 1, "maximum": 3})),
        ("CreateProposalRequest", "selected_order", json!({"minimum": 1, "maximum": 1000})),
        ("UpdateProposalRequest", "selected_order", json!({"minimum": 1, "maximum": 1000})),
        ("CreateProposalRequest", "event_ids", links.clone()),
        ("CreateProposalRequest", "areas", links.clone()),
        ("UpdateProposalRequest", "event_ids", links.clone()),
        ("UpdateProposalRequest", "areas", links),
        ("ResponseInput", "answers", answers()),
    ]
}

/// Answers by question code: a scale's integer, a choice's option code or a
/// text of at most 4000 characters (`null` = not answered); a survey has at
/// most 200 questions.
fn answers() -> Value {
    json!({
        "maxProperties": 200,
        "propertyNames": {"pattern": SNAKE},
        "additionalProperties": {"type": ["integer", "string", "null"], "maxLength": 4000},
    })
}

/// The keywords that bound a localized text of at most `max` characters a language.
fn text_limit(max: u32) -> Value {
    json!({"properties": {
        "fi": {"maxLength": max, "pattern": NOT_BLANK},
        "sv": {"maxLength": max},
        "en": {"maxLength": max},
    }})
}

/// Merges `keywords` into a property's schema: into its own object, or into
/// the non-null branch of a nullable `oneOf`.
fn merge(prop: &mut Value, keywords: &Value) {
    let target = match prop.get_mut("oneOf").and_then(Value::as_array_mut) {
        Some(branches) => branches.iter_mut().find(|b| b["type"] != "null"),
        None => Some(prop),
    };
    if let (Some(Value::Object(target)), Value::Object(add)) = (target, keywords) {
        target.extend(add.clone());
    }
}

/// Years the date filters take (`common::range::YEARS`, 1000..9999): the first digit is not 0.
const FOUR_DIGIT_YEAR: &str = "^[1-9]";

/// The keywords added to a query parameter's schema, by its name and its
/// schema as utoipa writes it.
fn query_limit(name: &str, schema: &Value) -> Option<Value> {
    let types = "(area|event|proposal|survey|survey_response|client)";
    Some(match (name, schema["format"].as_str()) {
        ("from" | "to", Some("date")) => json!({"pattern": FOUR_DIGIT_YEAR}),
        // The audit log's bounds: a date or an RFC 3339 time.
        ("from" | "to", None) => json!({"anyOf": [
            {"format": "date", "pattern": FOUR_DIGIT_YEAR},
            {"format": "date-time", "pattern": FOUR_DIGIT_YEAR},
        ]}),
        ("updated_since", _) => json!({"format": "date-time", "pattern": FOUR_DIGIT_YEAR}),
        ("types", _) => json!({"pattern": format!("^{types}(,{types})*$")}),
        _ => return None,
    })
}

/// Adds every limit of the tables above.
pub fn document_limits(v: &mut Value) {
    query_limits(v);
    let texts = TEXTS.iter().map(|&(s, p, max)| (s, p, text_limit(max)));
    for (schema, prop, keywords) in texts.chain(fields()) {
        if let Some(prop) = v.pointer_mut(&format!("/components/schemas/{schema}/properties/{prop}")) {
            merge(prop, &keywords);
        }
    }
}

fn query_limits(v: &mut Value) {
    let ops = v["paths"].as_object_mut().into_iter().flat_map(|p| p.values_mut());
    let ops = ops.filter_map(Value::as_object_mut).flat_map(|item| item.values_mut());
    for op in ops {
        let params = op.get_mut("parameters").and_then(Value::as_array_mut).into_iter().flatten();
        for p in params.filter(|p| p["in"] == "query") {
            let name = p["name"].as_str().unwrap_or_default().to_owned();
            if let Some(keywords) = query_limit(&name, &p["schema"]) {
                merge(&mut p["schema"], &keywords);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_names_a_property_of_the_document() {
        let v = serde_json::to_value(crate::openapi::document()).unwrap();
        let texts = TEXTS.iter().map(|&(s, p, _)| (s, p));
        for (schema, prop) in texts.chain(fields().into_iter().map(|(s, p, _)| (s, p))) {
            let at = format!("/components/schemas/{schema}/properties/{prop}");
            assert!(v.pointer(&at).is_some(), "{at} is not in the document");
        }
    }
}
