//! The document's `webhooks` (OpenAPI 3.1): what a subscription's URL receives.
//! utoipa has no model for them, so they are added to the JSON form.

use serde_json::{json, Value};

const SIGNED: &str = "Signed per the Standard Webhooks specification: verify `webhook-signature` over \
    `<webhook-id>.<webhook-timestamp>.<body>` with the subscription's `whsec_` secret (the published \
    Standard Webhooks libraries do it), refuse stale timestamps, and dedupe by `webhook-id` (delivery is at \
    least once, and deliveries may arrive out of order: `seq` orders changes). Answer 2xx within 10 s; any \
    other answer, a redirect or no answer is retried after 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h \
    and 12 h, and a subscription failing for a day is disabled.";

fn header(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "header", "required": true, "description": description,
           "schema": {"type": "string"}})
}

fn hook(id: &str, summary: &str, schema: &str) -> Value {
    json!({"post": {
        "operationId": id,
        "tags": ["webhooks"],
        "summary": summary,
        "description": SIGNED,
        "security": [],
        "parameters": [
            header("webhook-id", "The message id, the same on every attempt (`msg_…`)."),
            header("webhook-timestamp", "When this attempt was signed, in Unix seconds."),
            header("webhook-signature", "`v1,` and the base64 HMAC-SHA256 signature."),
        ],
        "requestBody": {"required": true, "content": {"application/json": {
            "schema": {"$ref": format!("#/components/schemas/{schema}")}}}},
        "responses": {
            "2XX": {"description": "Received."},
            "default": {"description": "Not received: the delivery is attempted again later."}
        }
    }})
}

/// Adds `webhooks` to the document.
pub fn document_webhooks(v: &mut Value) {
    v["webhooks"] = json!({
        "change": hook("receive_change", "A change, as the change feed lists it", "ChangeEntry"),
        "ping": hook("receive_ping", "A ping, queued with `POST /api/v1/webhooks/{id}/ping`", "WebhookPing"),
    });
}
