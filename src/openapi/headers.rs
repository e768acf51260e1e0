//! The response headers the service sends, documented on every answer that
//! carries them: `X-Request-Id` everywhere, `ETag` on versioned resources,
//! `Location` on creations, `Idempotent-Replayed` where `Idempotency-Key` is
//! honoured, `Content-Disposition` on CSV, `WWW-Authenticate` on 401 and
//! `Retry-After` on 429. The rules follow the conventions of API.md, which every
//! handler keeps through the shared helpers (`ok_with_etag`, `Created`, `csv_out`).

use serde_json::{json, Map, Value};

const SCHEMA_REF: &str = "#/components/schemas/";

fn header(description: &str) -> Value {
    json!({"description": description, "schema": {"type": "string"}})
}

fn add(response: &mut Value, name: &str, description: &str) {
    if let Some(r) = response.as_object_mut() {
        let headers = r.entry("headers").or_insert_with(|| json!({}));
        headers[name] = header(description);
    }
}

/// Whether the schema the response's JSON content names (or one of its `allOf`
/// parts) has a `version`: such answers carry that version as their `ETag`.
fn is_versioned(response: &Value, schemas: &Map<String, Value>) -> bool {
    let named = |v: &Value| v["$ref"].as_str().and_then(|r| r.strip_prefix(SCHEMA_REF)).map(str::to_owned);
    let Some(name) = named(&response["content"]["application/json"]["schema"]) else { return false };
    let schema = &schemas[&name];
    let parts = schema["allOf"].as_array().cloned().unwrap_or_default();
    schema["properties"].get("version").is_some()
        || parts.iter().filter_map(named).any(|n| schemas[&n]["properties"].get("version").is_some())
}

/// `304` on a `GET` whose 200 carries an `ETag` (`middleware::conditional`).
fn not_modified(method: &str, op: &mut Value) {
    let tagged = op["responses"]["200"]["headers"].get("ETag").is_some();
    if method == "get" && tagged {
        let mut res =
            json!({"description": "Not Modified: `If-None-Match` names the current `ETag`; no body"});
        add(&mut res, "ETag", "The resource's version, as in the 200 answer");
        add(&mut res, "X-Request-Id", "The request's id");
        op["responses"]["304"] = res;
    }
}

/// The headers of one operation's answers.
fn operation_headers(path: &str, method: &str, op: &mut Value, schemas: &Map<String, Value>) {
    let idempotent = op["parameters"]
        .as_array()
        .is_some_and(|ps| ps.iter().any(|p| p["name"] == "Idempotency-Key" && p["in"] == "header"));
    let Some(responses) = op["responses"].as_object_mut() else { return };
    for (code, res) in responses.iter_mut().filter(|(_, r)| r.get("$ref").is_none()) {
        add(
            res,
            "X-Request-Id",
            "The request's id: the client's own `X-Request-Id` if valid, else a new UUID",
        );
        if code.starts_with('2') {
            success_headers(path, method, code, res, idempotent, schemas);
        }
        if res["content"].get("text/csv").is_some() {
            add(res, "Content-Disposition", "`attachment; filename=\"...\"` when the answer is CSV");
        }
        if code == "429" {
            add(res, "Retry-After", "Seconds to wait before trying again");
        }
        if code == "401" {
            add(
                res,
                "WWW-Authenticate",
                "The challenge: `Basic` after HTTP Basic credentials, else `Bearer`",
            );
        }
    }
}

/// The headers of a success answer: the replay flag, the version, the created resource.
fn success_headers(
    path: &str,
    method: &str,
    code: &str,
    res: &mut Value,
    idempotent: bool,
    schemas: &Map<String, Value>,
) {
    if idempotent {
        add(
            res,
            "Idempotent-Replayed",
            "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`",
        );
    }
    if is_versioned(res, schemas) || (code == "201" && !path.contains('{')) {
        add(res, "ETag", "The resource's version, for `If-Match` (and `If-None-Match` on GET)");
    }
    if method == "post" && ((code == "201" && !path.contains('{')) || path.ends_with("/endorsements")) {
        add(res, "Location", "The created resource's path");
    }
}

/// Documents the headers of every answer, shared problem answers included.
pub fn document_headers(v: &mut Value) {
    let schemas = v["components"]["schemas"].as_object().cloned().unwrap_or_default();
    if let Some(paths) = v["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            for (method, op) in item.as_object_mut().into_iter().flat_map(|i| i.iter_mut()) {
                operation_headers(path, method, op, &schemas);
                not_modified(method, op);
            }
        }
    }
    let problem = &mut v["components"]["responses"]["Problem"];
    add(problem, "X-Request-Id", "The request's id, also in the server's log line about it");
    let mut unauthorized = problem.clone();
    unauthorized["description"] = json!("No valid bearer token (RFC 9457 problem)");
    add(&mut unauthorized, "WWW-Authenticate", "The Bearer challenge (RFC 6750)");
    // The per-address limit answers before authentication, with `Retry-After`.
    let mut limited = problem.clone();
    limited["description"] = json!("Too many requests (RFC 9457 problem)");
    add(&mut limited, "Retry-After", "Seconds to wait before trying again");
    v["components"]["responses"]["Unauthorized"] = unauthorized;
    v["components"]["responses"]["TooManyRequests"] = limited;
    for op in v["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|p| p.values_mut())
        .flat_map(|i| i.as_object_mut().into_iter().flat_map(|m| m.values_mut()))
    {
        let Some(responses) = op["responses"].as_object_mut() else { continue };
        if responses.get("401").is_some_and(|r| r["$ref"] == "#/components/responses/Problem") {
            responses.insert("401".into(), json!({"$ref": "#/components/responses/Unauthorized"}));
        }
        // Every route may meet the per-address limit on requests in flight.
        responses.entry("429").or_insert_with(|| json!({"$ref": "#/components/responses/TooManyRequests"}));
    }
}
