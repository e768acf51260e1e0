//! diesel rows of `webhooks` and `webhook_deliveries`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::changes::ChangeKind;
use crate::db::schema::{webhook_deliveries, webhooks};

crate::stored_enum! {
    /// Where a delivery stands: `pending` (waiting for its next attempt),
    /// `delivered` (a 2xx answer), `failed` (its retries ran out).
    pub enum DeliveryStatus {
        Pending = "pending",
        Delivered = "delivered",
        Failed = "failed",
    }
}

/// A subscription as stored; an update writes every field but `id`. The fan-out
/// position (`after_seq`) and `failing_since` are kept apart by the dispatcher.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhooks, primary_key(id))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct WebhookRow {
    pub id: String,
    pub client_id: String,
    pub url: String,
    /// Comma-separated change types.
    pub types: String,
    pub active: bool,
    pub disabled_reason: Option<String>,
    /// `whsec_` and the base64 key the deliveries are signed with.
    pub secret: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The stored representation (see [`crate::write`]).
    pub doc: Option<String>,
}

impl WebhookRow {
    /// The change types it asked for (unknown stored names are skipped and logged).
    pub fn kinds(&self) -> Vec<ChangeKind> {
        decode_kinds(&self.types)
    }
}

/// Change types as stored: comma-separated names.
pub fn encode_kinds(kinds: &[ChangeKind]) -> String {
    kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(",")
}

pub fn decode_kinds(stored: &str) -> Vec<ChangeKind> {
    let parse = |name: &str| {
        let kind = ChangeKind::parse(name);
        if kind.is_none() {
            log::error!("webhook types: unknown stored type `{name}` skipped");
        }
        kind
    };
    stored.split(',').filter(|n| !n.is_empty()).filter_map(parse).collect()
}

/// One message to one subscription and its latest attempt.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    /// The message id (`webhook-id`), the same on every attempt.
    pub id: String,
    pub webhook_id: String,
    /// The change delivered (none for a ping).
    pub seq: Option<i64>,
    /// `<type>.<action>` of the change, or `ping`.
    pub kind: String,
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub response_status: Option<i32>,
    pub duration_ms: Option<i32>,
    pub error: Option<String>,
    pub created_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
}

impl DeliveryRow {
    /// A message due now.
    pub fn new(webhook_id: &str, seq: Option<i64>, kind: String, payload: String) -> Self {
        let now = crate::db::now();
        Self {
            id: format!("msg_{}", uuid::Uuid::now_v7().simple()),
            webhook_id: webhook_id.to_owned(),
            seq,
            kind,
            payload,
            status: DeliveryStatus::Pending,
            attempts: 0,
            next_attempt_at: Some(now),
            claimed_until: None,
            last_attempt_at: None,
            response_status: None,
            duration_ms: None,
            error: None,
            created_at: now,
            delivered_at: None,
        }
    }
}
