//! `GET /api/v1/reports/workshops`: the year's workshop report as JSON, or as one
//! printable HTML page in Finnish, Swedish or English.

use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::WorkshopReport;
use super::negotiate::{format, Format, Lang};
use super::page;
use super::service::{build, Ask};
use crate::auth::Caller;
use crate::common::ApiQuery;
use crate::db;
use crate::error::{ApiError, Problem};
use crate::state::AppState;

/// The years a report may be asked for.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkshopReportQuery {
    /// The calendar year, 2000..=2100: events held and responses submitted in it.
    #[param(minimum = 2000, maximum = 2100)]
    year: i32,
    /// The page's language; else `Accept-Language` (q-values honoured), else Finnish.
    /// JSON keeps every language whatever this says.
    #[param(inline)]
    lang: Option<Lang>,
    /// `false` shows small groups too (admin, editor only), as results do.
    suppress: Option<bool>,
}

/// The workshop report of a year (every role): Table 1, the pre-assignment by
/// collaboration area, the feedback ratings and grades, the proposals by category ×
/// tier and the selected measures. Survey figures are the year's results, suppressed
/// as the caller's results are. `Accept: text/html` gives one self-contained page with
/// SVG charts (no scripts, nothing fetched) to save, open or print.
#[utoipa::path(tag = "reports", params(WorkshopReportQuery), responses(
    (status = 200, description = "The report", content((WorkshopReport = "application/json"), (String = "text/html"))),
    (status = 406, description = "Neither JSON nor HTML is acceptable", body = Problem, content_type = "application/problem+json")))]
#[get("/workshops")]
pub async fn workshop_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: ApiQuery<WorkshopReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let format = format(&req)?;
    if !YEARS.contains(&q.year) {
        return Err(ApiError::bad_parameter("year", "must be a year from 2000 to 2100"));
    }
    let suppress = q.suppress.unwrap_or(true);
    if !suppress && !caller.is_staff() {
        return Err(ApiError::forbidden("only admins and editors may see unsuppressed figures"));
    }
    let ask = Ask { year: q.year, suppress, min_group_size: state.min_group_size };
    let report = db::run(&state.pool, move |c| build(c, ask)).await?;
    match format {
        Format::Json => Ok(HttpResponse::Ok().insert_header((header::VARY, "Accept")).json(report)),
        Format::Html => html(&req, q.lang, report).await,
    }
}

/// Renders the page on the blocking pool (drawing charts is CPU work).
async fn html(
    req: &HttpRequest,
    lang: Option<Lang>,
    report: WorkshopReport,
) -> Result<HttpResponse, ApiError> {
    let lang = Lang::negotiate(lang, req);
    let today = chrono::Utc::now().date_naive();
    let filename = format!("workshop-report-{}-{}.html", report.year, lang.code());
    let body = web::block(move || page::render(&report, lang, today)).await.map_err(ApiError::internal)??;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, lang.code()))
        .insert_header((header::VARY, "Accept, Accept-Language"))
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")))
        .body(body))
}
