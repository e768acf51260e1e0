//! `/api/v1/reports`: the 2023 report's Table 1 and Appendix 1, as JSON or CSV.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{EventReport, ProposalReport};
use super::repo::EventReportFilter;
use super::service;
use crate::areas::area_filter;
use crate::auth::Caller;
use crate::common::check_range;
use crate::common::csv_out::{csv_response, wants_csv, CsvDialect};
use crate::common::ApiQuery;
use crate::db;
use crate::error::ApiError;
use crate::proposals::repo::ProposalFilter;
use crate::proposals::service::base_filter;
use crate::proposals::{Category, ProposalStatus};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventReportQuery {
    /// Events on or after this day.
    from: Option<NaiveDate>,
    /// Events on or before this day.
    to: Option<NaiveDate>,
    /// Events of this area and of every organisation under it.
    area: Option<String>,
    /// How a CSV answer is written: `rfc4180` (default) or `excel`.
    dialect: Option<CsvDialect>,
}

fn opt(n: Option<i32>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// Table 1 as CSV: a `row` column says `event` or `total`, so the total row's
/// label never sits in a data column, and `events` counts the events a row covers.
fn event_csv(report: EventReport, dialect: CsvDialect) -> Result<HttpResponse, ApiError> {
    let header = [
        "row",
        "event_id",
        "area",
        "area_name",
        "city",
        "starts_on",
        "registered_count",
        "attended_count",
        "attended_is_estimate",
        "events",
    ];
    let t = &report.totals;
    let mut total = vec![String::from("total")];
    total.extend(std::iter::repeat_n(String::new(), 5));
    total.extend([
        t.registered_count.to_string(),
        t.attended_count.to_string(),
        t.attended_is_estimate.to_string(),
        t.events.to_string(),
    ]);
    let lines = report.rows.into_iter().map(|r| {
        vec![
            "event".to_owned(),
            r.event_id,
            r.area,
            r.area_name.fi,
            r.city.map(|c| c.fi).unwrap_or_default(),
            r.starts_on.to_string(),
            opt(r.registered_count),
            opt(r.attended_count),
            r.attended_is_estimate.to_string(),
            "1".to_owned(),
        ]
    });
    csv_response("events-report.csv", dialect, &header, lines.chain(std::iter::once(total)))
}

/// The report's Table 1: held and planned events (not cancelled) with their headcounts
/// and totals. `Accept: text/csv` gives the same as CSV, ending in a `total` row
/// (the `row` column tells event rows from it); `?dialect=excel` for spreadsheets.
#[utoipa::path(tag = "reports", params(EventReportQuery), responses((status = 200, description = "Table 1",
    content((EventReport = "application/json"), (String = "text/csv")))))]
#[get("/events")]
pub async fn events_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    _caller: Caller,
    query: ApiQuery<EventReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let dialect = q.dialect.unwrap_or_default();
    check_range(q.from, q.to)?;
    let report = db::run(&state.pool, move |c| {
        let f = EventReportFilter { from: q.from, to: q.to, areas: area_filter(c, q.area.as_deref())? };
        Ok(service::event_report(c, &f)?)
    })
    .await?;
    if wants_csv(&req) {
        event_csv(report, dialect)
    } else {
        Ok(HttpResponse::Ok().json(report))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProposalReportQuery {
    category: Option<Category>,
    /// 1, 2 or 3.
    #[param(minimum = 1, maximum = 3)]
    tier: Option<i64>,
    status: Option<ProposalStatus>,
    /// Proposals linked to this area or to an organisation under it.
    area: Option<String>,
    event_id: Option<String>,
    /// Count sub-proposals too (default false: top-level proposals only).
    include_sub_proposals: Option<bool>,
    /// How a CSV answer is written: `rfc4180` (default) or `excel`.
    dialect: Option<CsvDialect>,
}

impl ProposalReportQuery {
    fn filter(&self) -> Result<ProposalFilter, ApiError> {
        Ok(ProposalFilter {
            parent: (!self.include_sub_proposals.unwrap_or(false)).then_some(None),
            ..base_filter(self.category, self.tier, self.status, self.event_id.clone())?
        })
    }
}

/// Appendix 1 as CSV: a `row` column says `count` or `total`, as in Table 1.
fn proposal_csv(report: ProposalReport, dialect: CsvDialect) -> Result<HttpResponse, ApiError> {
    let total = vec![
        "total".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        report.totals.proposals.to_string(),
    ];
    let lines = report.rows.into_iter().map(|r| {
        vec![
            "count".to_owned(),
            r.category.as_str().to_owned(),
            r.tier.to_string(),
            r.status.as_str().to_owned(),
            r.count.to_string(),
        ]
    });
    let header = ["row", "category", "tier", "status", "count"];
    csv_response("proposals-report.csv", dialect, &header, lines.chain([total]))
}

/// Proposal counts by category × tier × status (the report's Appendix 1), with totals;
/// top-level proposals unless `include_sub_proposals=true`. `Accept: text/csv` gives CSV.
#[utoipa::path(tag = "reports", params(ProposalReportQuery), responses((status = 200, description = "Counts",
    content((ProposalReport = "application/json"), (String = "text/csv")))))]
#[get("/proposals")]
pub async fn proposals_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    _caller: Caller,
    query: ApiQuery<ProposalReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let dialect = q.dialect.unwrap_or_default();
    let mut f = q.filter()?;
    let report = db::run(&state.pool, move |c| {
        f.areas = area_filter(c, q.area.as_deref())?;
        Ok(service::proposal_report(c, &f)?)
    })
    .await?;
    if wants_csv(&req) {
        proposal_csv(report, dialect)
    } else {
        Ok(HttpResponse::Ok().json(report))
    }
}
