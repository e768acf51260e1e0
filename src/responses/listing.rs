//! Reading responses (JSON pages or a CSV export) and erasing one (admin).

use actix_web::{delete, get, web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::ResponseOut;
use super::export::{csv_export, Export};
use super::repo::ResponseFilter;
use super::service;
use super::since::{self, Position};
use crate::auth::{Caller, Role};
use crate::common::csv_out::{wants_csv, CsvDialect};
use crate::common::pagination::{self, DocPage};
use crate::common::{ApiQuery, Cursor, Page};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::state::AppState;
use crate::surveys::service::{check_exists as check_survey, load as load_survey};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResponseQuery {
    /// An organisation, or a collaboration area (its organisations).
    area: Option<String>,
    event_id: Option<String>,
    /// First day (`YYYY-MM-DD`, UTC) of `submitted_at`, inclusive.
    from: Option<NaiveDate>,
    /// Last day, inclusive.
    to: Option<NaiveDate>,
    /// Items per page (1..500, default 50); for CSV, at most this many rows
    /// (default: every match).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
    /// A change-feed `seq`: only the responses stored after it, in feed order
    /// (those the feed's `survey_response` entries announce), to bring a copy
    /// up to date. Not with CSV.
    #[param(minimum = 0)]
    after: Option<i64>,
    /// How a CSV answer is written: `rfc4180` (default) or `excel`.
    dialect: Option<CsvDialect>,
}

fn day_start(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap_or_default()
}

/// The filter a caller may use: integration clients see their own county only.
fn scoped_filter(
    caller: &Caller,
    survey_id: String,
    q: &ResponseQuery,
) -> Result<(ResponseFilter, Option<String>), ApiError> {
    caller.require(&[Role::Admin, Role::Editor, Role::Integration])?;
    crate::common::check_range(q.from, q.to)?;
    let area = match (caller.county(), &q.area) {
        (Some(county), Some(a)) if a != county => {
            return Err(ApiError::forbidden(format!("this client reads `{county}` only, not `{a}`")))
        }
        (Some(county), _) => Some(county.to_owned()),
        (None, a) => a.clone(),
    };
    let cursor = if q.after.is_some() { None } else { q.cursor.as_deref() };
    let after_seq = match Cursor::decode(cursor, 1)? {
        Some(c) => Some(
            c.part(0)
                .parse::<i64>()
                .map_err(|_| ApiError::bad_parameter("cursor", "is not a cursor returned by this list"))?,
        ),
        None => None,
    };
    let filter = ResponseFilter {
        survey_id,
        areas: Vec::new(),
        event_id: q.event_id.clone(),
        from: q.from.map(day_start),
        before: q.to.and_then(|d| d.succ_opt()).map(day_start),
        after_seq,
    };
    Ok((filter, area))
}

/// List a survey's responses in submission order (admin, editor; integration
/// clients their own county only); `Accept: text/csv` exports them, streamed.
#[utoipa::path(tag = "surveys", params(ResponseQuery),
    responses((status = 200, description = "A page of responses, or (`Accept: text/csv`) the CSV export with one column per question",
        content((Page<ResponseOut> = "application/json"), (String = "text/csv")))))]
#[get("/{id}/responses")]
pub async fn list_responses(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    survey_id: web::Path<String>,
    query: ApiQuery<ResponseQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let limit = pagination::limit(q.limit)?;
    let (mut filter, area) = scoped_filter(&caller, survey_id.into_inner(), &q)?;
    let csv = wants_csv(&req);
    if let Some(after) = q.after {
        return list_after(&state, filter, area, after, q.cursor.as_deref(), limit, csv).await;
    }
    if csv {
        let (dialect, rows) = (q.dialect.unwrap_or_default(), q.limit.map(|_| limit));
        return export_csv(&state, filter, area, dialect, rows).await;
    }
    let page = db::run(&state.pool, move |c| {
        check_survey(c, &filter.survey_id)?;
        narrow(c, &mut filter, area)?;
        service::page(c, &filter, limit)
    })
    .await?;
    Ok(page.into_response())
}

/// The CSV export, in `dialect`, of at most `rows` responses if given (its
/// columns are the survey's questions).
async fn export_csv(
    state: &AppState,
    mut filter: ResponseFilter,
    area: Option<String>,
    dialect: CsvDialect,
    rows: Option<i64>,
) -> Result<HttpResponse, ApiError> {
    let (survey, filter) = db::run(&state.pool, move |c| {
        let survey = load_survey(c, &filter.survey_id)?;
        narrow(c, &mut filter, area)?;
        Ok((survey, filter))
    })
    .await?;
    let export = Export {
        filename: format!("responses-{}.csv", survey.code),
        question_codes: survey.questions()?.iter().map(|q| q.code.clone()).collect(),
        dialect,
        limit: rows,
    };
    Ok(csv_export(state.pool.clone(), filter, export))
}

/// Narrows `filter` to `area` and the organisations under it (400 if unknown).
fn narrow(c: &mut DbConn, filter: &mut ResponseFilter, area: Option<String>) -> Result<(), ApiError> {
    if let Some(a) = area {
        filter.areas = crate::areas::area_filter(c, Some(&a))?.unwrap_or_default();
    }
    Ok(())
}

/// The `after=<seq>` listing (see [`super::since`]).
async fn list_after(
    state: &AppState,
    mut filter: ResponseFilter,
    area: Option<String>,
    after: i64,
    cursor: Option<&str>,
    limit: i64,
    csv: bool,
) -> Result<HttpResponse, ApiError> {
    if csv {
        return Err(ApiError::bad_parameter("after", "is for JSON pages, not the CSV export"));
    }
    if after < 0 {
        return Err(ApiError::bad_parameter("after", "must be a change-feed seq, or 0"));
    }
    let from = cursor.map(Position::decode).transpose()?.unwrap_or(Position::after(after));
    let limit = usize::try_from(limit).map_err(ApiError::internal)?;
    let (docs, next) = db::run(&state.pool, move |c| {
        check_survey(c, &filter.survey_id)?;
        crate::changes::service::check_kept(c, after)?;
        narrow(c, &mut filter, area)?;
        since::list(c, &filter, from, limit)
    })
    .await?;
    Ok(DocPage { docs, next_cursor: next.map(Position::encode) }.into_response())
}

/// Erase a response (admin): it and its counts are gone; the audit log keeps
/// its id, survey and area, never its answers.
#[utoipa::path(tag = "surveys", responses((status = 204, description = "Erased")))]
#[delete("/{id}/responses/{response_id}")]
pub async fn erase_response(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.require_admin()?;
    let (survey_id, response_id) = path.into_inner();
    let actor = caller.actor();
    db::run_tx(&state.pool, move |c| service::erase(c, &actor, &survey_id, &response_id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
