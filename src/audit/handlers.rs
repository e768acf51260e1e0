//! `GET /api/v1/audit` (admin).

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::AuditEntry;
use super::repo::AuditFilter;
use super::service;
use crate::auth::Caller;
use crate::common::{pagination, ApiQuery, Cursor, Page};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// e.g. `event`, `proposal`, `client`, `area`.
    entity_type: Option<String>,
    entity_id: Option<String>,
    /// A client id.
    actor: Option<String>,
    /// Entries on or after this date or time (RFC 3339 or YYYY-MM-DD).
    from: Option<String>,
    /// Entries before this date or time (a date includes that whole day).
    to: Option<String>,
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

/// A date or time bound; a bare date `to` means the end of that day.
fn parse_bound(field: &str, raw: &str, end_of_day: bool) -> Result<chrono::NaiveDateTime, ApiError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        crate::common::check_range(Some(t.date_naive()), None)
            .map_err(|_| ApiError::bad_parameter(field, "must be a time with a four-digit year"))?;
        return Ok(t.with_timezone(&Utc).naive_utc());
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| ApiError::bad_parameter(field, "must be a date (YYYY-MM-DD) or an RFC 3339 time"))?;
    crate::common::check_range(Some(date), None)
        .map_err(|_| ApiError::bad_parameter(field, "must be a date with a four-digit year"))?;
    let date = if end_of_day { date.succ_opt().unwrap_or(date) } else { date };
    Ok(date.and_hms_opt(0, 0, 0).unwrap_or_default())
}

/// List audit entries, newest first.
#[utoipa::path(tag = "audit", params(AuditQuery), responses((status = 200, body = Page<AuditEntry>)))]
#[get("")]
pub async fn list_audit(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let q = query.0;
    let limit = pagination::limit(q.limit)?;
    let before_id = match Cursor::decode(q.cursor.as_deref(), 1)? {
        Some(c) => Some(c.part(0).parse().map_err(|_| ApiError::bad_parameter("cursor", "is not valid"))?),
        None => None,
    };
    let filter = AuditFilter {
        from: q.from.as_deref().map(|v| parse_bound("from", v, false)).transpose()?,
        to: q.to.as_deref().map(|v| parse_bound("to", v, true)).transpose()?,
        entity_type: q.entity_type,
        entity_id: q.entity_id,
        actor: q.actor,
        before_id,
    };
    let page = db::run(&state.pool, move |c| service::page(c, &filter, limit)).await?;
    Ok(page.into_response())
}
