//! Request and response bodies of `/api/v1/webhooks`, and what receivers get.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{DeliveryRow, DeliveryStatus, WebhookRow};
use crate::changes::ChangeKind;

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// Where deliveries are POSTed: an `https` URL of a public host (at most 2000 characters).
    #[schema(max_length = 2000, format = Uri)]
    pub url: String,
    /// The change types to deliver; absent: every type the client may read.
    #[serde(default)]
    #[schema(max_items = 6, min_items = 1)]
    pub types: Option<Vec<ChangeKind>>,
    /// Whether deliveries start now (default true).
    #[serde(default)]
    pub active: Option<bool>,
    /// The client the subscription is for (admins only; default: the caller).
    /// It receives what that client may read.
    #[serde(default)]
    #[schema(format = Uuid)]
    pub client_id: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateWebhookRequest {
    #[serde(default)]
    #[schema(max_length = 2000, format = Uri)]
    pub url: Option<String>,
    #[serde(default)]
    #[schema(max_items = 6, min_items = 1)]
    pub types: Option<Vec<ChangeKind>>,
    /// `true` (re)activates a subscription (a disabled one resumes where it
    /// stopped, its waiting deliveries included); `false` pauses it.
    #[serde(default)]
    pub active: Option<bool>,
}

/// A webhook subscription (never its secret).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WebhookResponse {
    pub id: String,
    /// The client whose reading rights decide what is delivered.
    pub client_id: String,
    pub url: String,
    pub types: Vec<ChangeKind>,
    pub active: bool,
    /// Why the service disabled it (e.g. failing for a day); null while active.
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<&WebhookRow> for WebhookResponse {
    fn from(r: &WebhookRow) -> Self {
        Self {
            id: r.id.clone(),
            client_id: r.client_id.clone(),
            url: r.url.clone(),
            types: r.kinds(),
            active: r.active,
            disabled_reason: r.disabled_reason.clone(),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            version: r.version,
        }
    }
}

/// A subscription with its signing secret, shown only when created or rotated.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookCreated {
    #[serde(flatten)]
    pub webhook: WebhookResponse,
    /// The Standard Webhooks signing secret (`whsec_…`), shown this once;
    /// absent when a creation is replayed with the same `Idempotency-Key`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub secret: Option<String>,
}

/// A new signing secret: deliveries are signed with it from now on.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSecret {
    #[serde(flatten)]
    pub webhook: WebhookResponse,
    pub secret: String,
}

/// One message to a subscription and its latest attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryResponse {
    /// The message id, sent as `webhook-id` on every attempt (receivers dedupe by it).
    pub id: String,
    /// The change delivered (null for a ping).
    pub seq: Option<i64>,
    /// `<type>.<action>` of the change (e.g. `event.deleted`), or `ping`.
    #[serde(rename = "type")]
    pub kind: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    /// When the next attempt is due (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The receiver's HTTP status on the latest attempt.
    pub response_status: Option<i32>,
    pub duration_ms: Option<i32>,
    /// Why the latest attempt failed (the start of the receiver's answer at most).
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl From<DeliveryRow> for DeliveryResponse {
    fn from(r: DeliveryRow) -> Self {
        Self {
            id: r.id,
            seq: r.seq,
            kind: r.kind,
            status: r.status,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at.map(|t| t.and_utc()),
            last_attempt_at: r.last_attempt_at.map(|t| t.and_utc()),
            response_status: r.response_status,
            duration_ms: r.duration_ms,
            error: r.error,
            created_at: r.created_at.and_utc(),
            delivered_at: r.delivered_at.map(|t| t.and_utc()),
        }
    }
}

/// What a ping delivers.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookPing {
    /// Always `ping`.
    #[serde(rename = "type")]
    #[schema(pattern = "^ping$")]
    pub kind: &'static str,
    pub webhook_id: String,
    pub sent_at: DateTime<Utc>,
}
