//! The report queries: the database filters, groups and sums.

use chrono::NaiveDate;
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;

use crate::db::schema::{areas as a, events as e, proposals as p};
use crate::db::DbConn;
use crate::events::EventStatus;
use crate::proposals::repo::{filtered, proposal_filter, ProposalFilter};
use crate::proposals::{Category, ProposalStatus};

/// Which events Table 1 covers. Cancelled events never count.
#[derive(Debug, Default, Clone)]
pub struct EventReportFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub areas: Option<Vec<String>>,
}

/// Applies the report's filter to a boxed query over `events`.
macro_rules! report_filter {
    ($q:expr, $f:expr) => {{
        let mut q = $q.filter(e::status.ne(EventStatus::Cancelled));
        if let Some(d) = $f.from {
            q = q.filter(e::starts_on.ge(d));
        }
        if let Some(d) = $f.to {
            q = q.filter(e::starts_on.le(d));
        }
        if let Some(codes) = &$f.areas {
            q = q.filter(e::area_code.eq_any(codes.clone()));
        }
        q
    }};
}

/// (id, area, area name fi/sv/en, city fi/sv/en, date, registered, attended, estimate)
pub type EventLine = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    NaiveDate,
    Option<i32>,
    Option<i32>,
    bool,
);

/// The rows of Table 1, oldest first.
pub fn event_lines(c: &mut DbConn, f: &EventReportFilter) -> QueryResult<Vec<EventLine>> {
    let q = report_filter!(e::table.inner_join(a::table).into_boxed(), f);
    q.select((
        e::id,
        e::area_code,
        a::name_fi,
        a::name_sv,
        a::name_en,
        e::city_fi,
        e::city_sv,
        e::city_en,
        e::starts_on,
        e::registered_count,
        e::attended_count,
        e::attended_is_estimate,
    ))
    .order((e::starts_on.asc(), e::id.asc()))
    .load(c)
}

/// (events, registered, attended, estimated rows), summed by the database.
pub fn event_totals(c: &mut DbConn, f: &EventReportFilter) -> QueryResult<(i64, i64, i64, i64)> {
    let (n, registered, attended): (i64, Option<i64>, Option<i64>) = report_filter!(e::table.into_boxed(), f)
        .select((count_star(), sum(e::registered_count), sum(e::attended_count)))
        .first(c)?;
    let estimated: i64 = report_filter!(e::table.into_boxed(), f)
        .filter(e::attended_is_estimate.eq(true))
        .count()
        .get_result(c)?;
    Ok((n, registered.unwrap_or(0), attended.unwrap_or(0), estimated))
}

/// Proposal counts grouped by category, tier and status.
pub fn proposal_counts(
    c: &mut DbConn,
    f: &ProposalFilter,
) -> QueryResult<Vec<(Category, i32, ProposalStatus, i64)>> {
    let grouped = p::table
        .group_by((p::category, p::tier, p::status))
        .select((p::category, p::tier, p::status, count_star()))
        .into_boxed();
    proposal_filter!(grouped, f).load(c)
}

/// How many of the filtered proposals have a `selected_order`.
pub fn selected_count(c: &mut DbConn, f: &ProposalFilter) -> QueryResult<i64> {
    filtered(f).filter(p::selected_order.is_not_null()).count().get_result(c)
}
