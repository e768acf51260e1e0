//! Queries on `webhooks` and `webhook_deliveries`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::WebhookResponse;
use super::model::{DeliveryRow, DeliveryStatus, WebhookRow};
use crate::db::schema::{changes as ch, webhook_deliveries as wd, webhooks as wh};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::Versioned;

crate::stored_row!(WebhookRow, crate::db::schema::webhooks, id, doc);

impl Versioned for WebhookRow {
    const KIND: &'static str = "webhook";
    const IN_FEED: bool = false;
    type View = WebhookResponse;

    fn view(&self, _c: &mut DbConn) -> Result<WebhookResponse, ApiError> {
        Ok(WebhookResponse::from(self))
    }
}

/// Subscriptions in creation order after the cursor id (of `client` only, when
/// given): each id and stored representation.
pub fn list(
    c: &mut DbConn,
    client: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(String, Option<String>)>> {
    let mut q = wh::table.select((wh::id, wh::doc)).into_boxed();
    if let Some(client) = client {
        q = q.filter(wh::client_id.eq(client.to_owned()));
    }
    if let Some(id) = after {
        q = q.filter(wh::id.gt(id.to_owned()));
    }
    q.order(wh::id.asc()).limit(limit).load(c)
}

/// An active subscription and its fan-out position, locked for this
/// transaction; `None` when it is inactive, gone, or (PostgreSQL) another
/// instance holds it.
pub fn lock_active(c: &mut DbConn, id: &str) -> QueryResult<Option<(WebhookRow, i64)>> {
    let q = wh::table.find(id).filter(wh::active.eq(true)).select(wh::after_seq);
    let after: Option<i64> = match c {
        DbConn::Pg(pg) => q.for_update().skip_locked().first(pg).optional()?,
        DbConn::Sqlite(lite) => q.first(lite).optional()?,
    };
    let Some(after) = after else { return Ok(None) };
    Ok(<WebhookRow as crate::write::Stored>::find(c, id)?.map(|row| (row, after)))
}

/// Moves the fan-out position.
pub fn set_after_seq(c: &mut DbConn, id: &str, seq: i64) -> QueryResult<()> {
    diesel::update(wh::table.find(id)).set(wh::after_seq.eq(seq)).execute(c).map(drop)
}

/// The highest change seq (0: none yet).
pub fn last_seq(c: &mut DbConn) -> QueryResult<i64> {
    Ok(ch::table.select(diesel::dsl::max(ch::seq)).first::<Option<i64>>(c)?.unwrap_or(0))
}

/// Marks a subscription failing since `now` unless it already was; the start of the run.
pub fn failing_since(c: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<Option<NaiveDateTime>> {
    diesel::update(wh::table.find(id).filter(wh::failing_since.is_null()))
        .set(wh::failing_since.eq(now))
        .execute(c)?;
    wh::table.find(id).select(wh::failing_since).first(c).optional().map(Option::flatten)
}

/// A success ends a subscription's failing run.
pub fn not_failing(c: &mut DbConn, id: &str) -> QueryResult<()> {
    diesel::update(wh::table.find(id).filter(wh::failing_since.is_not_null()))
        .set(wh::failing_since.eq(None::<NaiveDateTime>))
        .execute(c)
        .map(drop)
}

pub fn insert_deliveries(c: &mut DbConn, rows: &[DeliveryRow]) -> QueryResult<()> {
    for chunk in rows.chunks(100) {
        crate::on_backend!(c, |c| diesel::insert_into(wd::table).values(chunk).execute(c))?;
    }
    Ok(())
}

/// A subscription's deliveries, newest first, after the cursor id.
pub fn deliveries(
    c: &mut DbConn,
    webhook: &str,
    status: Option<DeliveryStatus>,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<DeliveryRow>> {
    let mut q =
        wd::table.filter(wd::webhook_id.eq(webhook.to_owned())).select(DeliveryRow::as_select()).into_boxed();
    if let Some(status) = status {
        q = q.filter(wd::status.eq(status));
    }
    if let Some(id) = before {
        q = q.filter(wd::id.lt(id.to_owned()));
    }
    q.order(wd::id.desc()).limit(limit).load(c)
}

pub fn delivery(c: &mut DbConn, webhook: &str, id: &str) -> QueryResult<Option<DeliveryRow>> {
    wd::table.find(id).filter(wd::webhook_id.eq(webhook)).select(DeliveryRow::as_select()).first(c).optional()
}

/// Makes a delivery due now again (its attempts are kept).
pub fn make_due(c: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(wd::table.find(id))
        .set((
            wd::status.eq(DeliveryStatus::Pending),
            wd::next_attempt_at.eq(now),
            wd::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(c)
        .map(drop)
}

/// A claimed delivery with where it goes.
pub struct Claimed {
    pub delivery: DeliveryRow,
    pub url: String,
    pub secret: String,
}

/// Claims up to `limit` due deliveries of active subscriptions until `lease`
/// (inside a write transaction): no other instance takes them meanwhile
/// (PostgreSQL: rows locked by another claim are skipped, not waited for).
pub fn claim(
    c: &mut DbConn,
    now: NaiveDateTime,
    lease: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Claimed>> {
    let due = wd::table
        .filter(wd::status.eq(DeliveryStatus::Pending))
        .filter(wd::next_attempt_at.le(now))
        .filter(wd::claimed_until.is_null().or(wd::claimed_until.lt(now)))
        .filter(wd::webhook_id.eq_any(wh::table.filter(wh::active.eq(true)).select(wh::id)))
        .order((wd::next_attempt_at.asc(), wd::id.asc()))
        .limit(limit)
        .select(wd::id);
    let ids: Vec<String> = match c {
        DbConn::Pg(pg) => due.for_update().skip_locked().load(pg)?,
        DbConn::Sqlite(lite) => due.load(lite)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(wd::table.filter(wd::id.eq_any(&ids))).set(wd::claimed_until.eq(lease)).execute(c)?;
    let rows: Vec<(DeliveryRow, String, String)> = wd::table
        .inner_join(wh::table)
        .filter(wd::id.eq_any(&ids))
        .select((DeliveryRow::as_select(), wh::url, wh::secret))
        .load(c)?;
    Ok(rows.into_iter().map(|(delivery, url, secret)| Claimed { delivery, url, secret }).collect())
}

/// What one attempt leaves on its delivery.
pub struct Attempted<'a> {
    pub status: DeliveryStatus,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub at: NaiveDateTime,
    pub response_status: Option<i32>,
    pub duration_ms: i32,
    pub error: Option<&'a str>,
}

/// Records an attempt and releases the claim.
pub fn attempted(c: &mut DbConn, id: &str, a: Attempted) -> QueryResult<()> {
    let delivered = (a.status == DeliveryStatus::Delivered).then_some(a.at);
    diesel::update(wd::table.find(id))
        .set((
            wd::status.eq(a.status),
            wd::attempts.eq(wd::attempts + 1),
            wd::next_attempt_at.eq(a.next_attempt_at),
            wd::claimed_until.eq(None::<NaiveDateTime>),
            wd::last_attempt_at.eq(a.at),
            wd::response_status.eq(a.response_status),
            wd::duration_ms.eq(a.duration_ms),
            wd::error.eq(a.error),
            wd::delivered_at.eq(delivered),
        ))
        .execute(c)
        .map(drop)
}

/// Removes a subscription's deliveries (before the subscription goes).
pub fn remove_deliveries(c: &mut DbConn, webhook: &str) -> QueryResult<usize> {
    diesel::delete(wd::table.filter(wd::webhook_id.eq(webhook))).execute(c)
}

/// `(id, fan-out position)` of every active subscription.
pub fn active_positions(c: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    wh::table.filter(wh::active.eq(true)).select((wh::id, wh::after_seq)).order(wh::id.asc()).load(c)
}

/// Forgets finished deliveries (delivered or failed) made before `cutoff`; how many went.
pub fn prune(c: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(wd::table.filter(wd::status.ne(DeliveryStatus::Pending)).filter(wd::created_at.lt(cutoff)))
        .execute(c)
}
