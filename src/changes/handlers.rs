//! `GET /api/v1/changes`: the change feed.

use actix_web::{get, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::ChangesPage;
use super::service;
use crate::auth::Caller;
use crate::common::ApiQuery;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// Entries per read by default, and at most.
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// The `seq` (or `next_after`) last seen; 0 or absent: from the oldest kept change.
    #[param(minimum = 0)]
    after: Option<i64>,
    /// Comma-separated types to follow (`area`, `event`, `proposal`, `survey`,
    /// `survey_response`, `client`); absent: every type the caller may read.
    types: Option<String>,
    /// Entries per read: 1..1000, default 100 (fewer once their representations
    /// pass 4 MiB; follow `next_after`).
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

/// Follow every change in commit order: created, updated (status moves and
/// endorsements included) and deleted resources, each with its representation
/// after the change. Read with `after=0` after a full copy, then keep asking
/// with `after=<next_after>`: no change is skipped or repeated. Integration
/// clients see their own county's responses only; only admins see clients.
/// 410 when `after` is older than what is kept (`CHANGES_RETENTION_DAYS`).
#[utoipa::path(tag = "changes", params(ChangesQuery),
    responses((status = 200, body = ChangesPage),
              (status = 410, description = "Changes after `after` are no longer kept: copy afresh",
               body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("")]
pub async fn list_changes(
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let limit = match q.limit {
        None => DEFAULT_LIMIT,
        Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(n) => {
            return Err(ApiError::bad_parameter(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}, not {n}"),
            ))
        }
    };
    let after = q.after.unwrap_or(0);
    if after < 0 {
        return Err(ApiError::bad_parameter("after", "must be a seq the feed returned, or 0"));
    }
    let kinds = service::scope(&caller, service::parse_types(q.types.as_deref())?)?;
    let page = db::run(&state.pool, move |c| service::read(c, &caller, kinds, after, limit)).await?;
    Ok(page.into_response())
}
