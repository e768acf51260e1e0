//! The results query: sums over `response_counts` (a few rows per area, event,
//! day and value), never a scan of the responses.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Text};

use super::dto::GroupBy;
use crate::db::DbConn;

/// One summed counter: respondents (`question_code` `*`) or answers of one value.
#[derive(Debug, Clone, QueryableByName)]
pub struct CountSum {
    #[diesel(sql_type = Nullable<Text>)]
    pub group_key: Option<String>,
    #[diesel(sql_type = Text)]
    pub question_code: String,
    #[diesel(sql_type = Text)]
    pub value: String,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

/// Filters of a results request.
#[derive(Debug, Clone, Default)]
pub struct ResultsFilter {
    /// An area and the areas directly under it.
    pub area: Option<String>,
    pub event_id: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Respondents in one (organisation, event) cell: what cross-grouping checks use.
#[derive(Debug, Clone, QueryableByName)]
pub struct Cell {
    #[diesel(sql_type = Text)]
    pub area_code: String,
    #[diesel(sql_type = Text)]
    pub event_key: String,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

/// FROM and WHERE of every results query; with `days`, the per-day counters and a date range.
fn from_where(days: bool, only_events: bool, join: &str) -> String {
    let (table, range) = if days {
        ("response_counts", "AND ($4 IS NULL OR rc.day >= $4) AND ($5 IS NULL OR rc.day <= $5)")
    } else {
        ("response_totals", "")
    };
    let events = if only_events { "AND rc.event_key <> ''" } else { "" };
    format!(
        "FROM {table} rc {join} \
         WHERE rc.survey_id = $1 \
           AND ($2 IS NULL OR rc.area_code IN (SELECT code FROM areas WHERE code = $2 OR parent_code = $2)) \
           AND ($3 IS NULL OR rc.event_key = $3) {range} {events}"
    )
}

fn sums_sql(group_by: GroupBy, days: bool) -> String {
    let (key, join) = match group_by {
        GroupBy::CollaborationArea => ("a.parent_code", "JOIN areas a ON a.code = rc.area_code"),
        GroupBy::Area => ("rc.area_code", ""),
        GroupBy::Event => ("rc.event_key", ""),
    };
    format!(
        "SELECT {key} AS group_key, rc.question_code, rc.value, CAST(SUM(rc.count) AS BIGINT) AS total {} \
         GROUP BY {key}, rc.question_code, rc.value",
        from_where(days, group_by == GroupBy::Event, join)
    )
}

fn cells_sql(group_by: GroupBy, days: bool) -> String {
    format!(
        "SELECT rc.area_code, rc.event_key, CAST(SUM(rc.count) AS BIGINT) AS total {} \
         AND rc.question_code = '*' GROUP BY rc.area_code, rc.event_key",
        from_where(days, group_by == GroupBy::Event, "")
    )
}

/// Runs `sql` with the filter's parameters (the date range only where asked).
fn load<T>(
    c: &mut DbConn,
    sql: impl Fn(bool) -> String,
    survey_id: &str,
    f: &ResultsFilter,
) -> QueryResult<Vec<T>>
where
    T: QueryableByName<crate::db::MultiBackend> + 'static,
{
    let days = f.from.is_some() || f.to.is_some();
    let query = diesel::sql_query(sql(days))
        .bind::<Text, _>(survey_id.to_owned())
        .bind::<Nullable<Text>, _>(f.area.clone())
        .bind::<Nullable<Text>, _>(f.event_id.clone());
    if !days {
        return query.load(c);
    }
    query.bind::<Nullable<Date>, _>(f.from).bind::<Nullable<Date>, _>(f.to).load(c)
}

/// Counter sums per group, question and value: from `response_totals` unless a
/// date range asks for the per-day counters.
pub fn sums(
    c: &mut DbConn,
    survey_id: &str,
    group_by: GroupBy,
    f: &ResultsFilter,
) -> QueryResult<Vec<CountSum>> {
    load(c, |days| sums_sql(group_by, days), survey_id, f)
}

/// Respondents per (organisation, event) over the same responses as `sums`.
pub fn cells(
    c: &mut DbConn,
    survey_id: &str,
    group_by: GroupBy,
    f: &ResultsFilter,
) -> QueryResult<Vec<Cell>> {
    load(c, |days| cells_sql(group_by, days), survey_id, f)
}
