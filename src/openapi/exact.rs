//! Finishing touches that make the generated document say exactly what the
//! service does where utoipa's derive cannot: page items as `$ref`s to their
//! named schemas, every always-sent response field `required`, one request
//! body schema per media type, a relative `servers` entry, and every operation
//! with a short summary and a description. Done on the JSON form of the
//! document, so that each rule is a few lines over plain data.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};
use utoipa::openapi::OpenApi as Document;

const SCHEMA_REF: &str = "#/components/schemas/";

/// Response schemas with fields that are left out when empty (not always sent).
const SOMETIMES_OMITTED: [&str; 6] =
    ["Problem", "FieldError", "LocalizedText", "Question", "ClientCreated", "ChangeEntry"];

/// The document as JSON with every rule of this module applied (utoipa's types
/// do not all read back from JSON, so the result stays JSON).
pub fn exact(doc: &Document) -> Value {
    let mut v = serde_json::to_value(doc).unwrap_or_default();
    v["info"]["license"]["identifier"] = json!("MIT");
    v["servers"] = json!([{"url": "/", "description": "This server (paths are absolute from its root)"}]);
    page_items_by_ref(&mut v);
    split_form_bodies(&mut v);
    require_response_fields(&mut v);
    describe_operations(&mut v);
    constrain_idempotency_keys(&mut v);
    allow_empty_query_values(&mut v);
    super::limits::document_limits(&mut v);
    super::headers::document_headers(&mut v);
    super::webhooks::document_webhooks(&mut v);
    v
}

/// Every operation object of the document.
fn operations(v: &mut Value) -> impl Iterator<Item = &mut Map<String, Value>> {
    let paths = v["paths"].as_object_mut().into_iter().flat_map(|p| p.values_mut());
    paths.filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()).filter_map(Value::as_object_mut)
}

/// `Page_X.items` refers to `X` instead of repeating it inline; `next_cursor`
/// is always sent (null on the last page).
fn page_items_by_ref(v: &mut Value) {
    let Some(schemas) = v.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    let names: Vec<String> = schemas.keys().cloned().collect();
    for name in &names {
        let Some(item) = name.strip_prefix("Page_").filter(|i| names.iter().any(|n| n == i)) else {
            continue;
        };
        let page = &mut schemas[name];
        page["properties"]["items"]["items"] = json!({"$ref": format!("{SCHEMA_REF}{item}")});
        page["required"] = json!(["items", "next_cursor"]);
    }
}

/// A schema offered under two media types gets a copy named `<Name>Form` for
/// the form type, since client generators make one class per media type.
fn split_form_bodies(v: &mut Value) {
    const FORM: &str = "application/x-www-form-urlencoded";
    let mut copies = Vec::new();
    for op in operations(v) {
        let Some(content) = op.get_mut("requestBody").and_then(|b| b.get_mut("content")) else { continue };
        let json_ref = content.pointer("/application~1json/schema/$ref").cloned();
        let Some(form_schema) = content.get_mut(FORM).and_then(|f| f.get_mut("schema")) else { continue };
        if json_ref.is_some() && form_schema.get("$ref") == json_ref.as_ref() {
            let name = json_ref.as_ref().and_then(Value::as_str).unwrap_or("").trim_start_matches(SCHEMA_REF);
            copies.push((name.to_owned(), format!("{name}Form")));
            *form_schema = json!({"$ref": format!("{SCHEMA_REF}{name}Form")});
        }
    }
    let Some(schemas) = v.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for (name, copy) in copies {
        if let Some(schema) = schemas.get(&name).cloned() {
            schemas.insert(copy, schema);
        }
    }
}

/// Schema names referred to from `value`, and from those, transitively.
fn closure(roots: &Value, schemas: &Map<String, Value>) -> BTreeSet<String> {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(name) =
                    m.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(SCHEMA_REF))
                {
                    out.push(name.to_owned());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let (mut seen, mut todo) = (BTreeSet::new(), Vec::new());
    refs(roots, &mut todo);
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            if let Some(s) = schemas.get(&name) {
                refs(s, &mut todo);
            }
        }
    }
    seen
}

/// Response-only schemas list every property as `required`: the service always
/// sends them (an absent value as `null`, which the property's type allows).
fn require_response_fields(v: &mut Value) {
    let (mut requests, mut responses) = (Vec::new(), Vec::new());
    for op in operations(v) {
        requests.extend(op.get("requestBody").cloned());
        requests.extend(op.get("parameters").cloned());
        responses.extend(op.get("responses").cloned());
    }
    let Some(schemas) = v.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    let in_requests = closure(&Value::Array(requests), schemas);
    let in_responses = closure(&Value::Array(responses), schemas);
    for name in in_responses.difference(&in_requests) {
        if SOMETIMES_OMITTED.contains(&name.as_str()) {
            continue;
        }
        let Some(schema) = schemas.get_mut(name) else { continue };
        let Some(props) = schema.get("properties").and_then(Value::as_object) else { continue };
        let all: Vec<Value> = props.keys().cloned().map(Value::String).collect();
        schema["required"] = Value::Array(all);
    }
}

/// `Idempotency-Key`: 1..255 visible ASCII characters (spaces inside only), as checked.
fn constrain_idempotency_keys(v: &mut Value) {
    let key = json!({"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]([ -~]*[!-~])?$"});
    for op in operations(v) {
        let params = op.get_mut("parameters").and_then(Value::as_array_mut).into_iter().flatten();
        for p in params.filter(|p| p["name"] == "Idempotency-Key" && p["in"] == "header") {
            p["schema"] = key.clone();
        }
    }
}

/// Every optional query parameter may be sent empty, meaning absent (the one
/// rule of `common::extract::parse_query`).
fn allow_empty_query_values(v: &mut Value) {
    for op in operations(v) {
        let params = op.get_mut("parameters").and_then(Value::as_array_mut).into_iter().flatten();
        for p in params.filter(|p| p["in"] == "query" && p["required"] != true) {
            p["allowEmptyValue"] = json!(true);
        }
    }
}

/// The doc comment's first paragraph is utoipa's summary: keep its first
/// sentence as the summary and the whole paragraph as the description.
fn describe_operations(v: &mut Value) {
    for op in operations(v) {
        let summary = op.get("summary").and_then(Value::as_str).unwrap_or("").replace('\n', " ");
        if !op.contains_key("description") || op["description"] == "" {
            op.insert("description".into(), Value::String(summary.clone()));
        }
        let short = summary.split_once(". ").map_or(summary.as_str(), |(s, _)| s).trim_end_matches('.');
        let short = short.split_once("; ").map_or(short, |(s, _)| s);
        op.insert("summary".into(), Value::String(short.to_owned()));
    }
}
