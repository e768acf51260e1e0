//! The delivery log of a subscription, redelivery and pings.

use super::dto::{DeliveryResponse, WebhookPing};
use super::model::{DeliveryRow, DeliveryStatus};
use super::{repo, service};
use crate::auth::Caller;
use crate::db::DbConn;
use crate::error::ApiError;

/// A page of a subscription's deliveries, newest first.
pub fn list(
    c: &mut DbConn,
    caller: &Caller,
    webhook: &str,
    status: Option<DeliveryStatus>,
    before: Option<&str>,
    limit: i64,
) -> Result<Vec<DeliveryRow>, ApiError> {
    service::load_visible(c, caller, webhook)?;
    Ok(repo::deliveries(c, webhook, status, before, limit)?)
}

fn find(c: &mut DbConn, webhook: &str, id: &str) -> Result<DeliveryRow, ApiError> {
    repo::delivery(c, webhook, id)?.ok_or_else(|| ApiError::not_found(format!("no delivery `{id}`")))
}

/// Makes a delivery due again now, whatever its status (same message id, so
/// the receiver can tell it is the same message).
pub fn redeliver(
    c: &mut DbConn,
    caller: &Caller,
    webhook: &str,
    id: &str,
) -> Result<DeliveryResponse, ApiError> {
    let hook = service::load_visible(c, caller, webhook)?;
    require_active(hook.active)?;
    find(c, webhook, id)?;
    repo::make_due(c, id, crate::db::now())?;
    Ok(find(c, webhook, id)?.into())
}

/// Queues a ping: a small signed message that shows the receiver is reached.
pub fn ping(c: &mut DbConn, caller: &Caller, webhook: &str) -> Result<DeliveryResponse, ApiError> {
    let hook = service::load_visible(c, caller, webhook)?;
    require_active(hook.active)?;
    let body = WebhookPing { kind: "ping", webhook_id: hook.id.clone(), sent_at: chrono::Utc::now() };
    let payload = serde_json::to_string(&body).map_err(ApiError::internal)?;
    let row = DeliveryRow::new(&hook.id, None, "ping".into(), payload);
    repo::insert_deliveries(c, std::slice::from_ref(&row))?;
    Ok(row.into())
}

/// An inactive subscription delivers nothing until it is activated.
fn require_active(active: bool) -> Result<(), ApiError> {
    if active {
        Ok(())
    } else {
        Err(ApiError::conflict("the subscription is inactive; activate it first (PATCH `active: true`)"))
    }
}

/// Forgets finished deliveries older than `days` days (housekeeping).
pub fn prune(c: &mut DbConn, days: u32) -> Result<usize, ApiError> {
    let cutoff = crate::db::now() - chrono::Duration::days(i64::from(days));
    crate::db::write_tx(c, |c| Ok(repo::prune(c, cutoff)?))
}
