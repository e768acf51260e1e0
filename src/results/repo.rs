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

/// The query for a grouping; with `days`, over the per-day counters and a date range.
fn sql_for(group_by: GroupBy, days: bool) -> String {
    let (key, join, only_events) = match group_by {
        GroupBy::CollaborationArea => ("a.parent_code", "JOIN areas a ON a.code = rc.area_code", ""),
        GroupBy::Area => ("rc.area_code", "", ""),
        GroupBy::Event => ("rc.event_key", "", "AND rc.event_key <> ''"),
    };
    let (table, range) = if days {
        ("response_counts", "AND ($4 IS NULL OR rc.day >= $4) AND ($5 IS NULL OR rc.day <= $5)")
    } else {
        ("response_totals", "")
    };
    format!(
        "SELECT {key} AS group_key, rc.question_code, rc.value, CAST(SUM(rc.count) AS BIGINT) AS total \
         FROM {table} rc {join} \
         WHERE rc.survey_id = $1 \
           AND ($2 IS NULL OR rc.area_code IN (SELECT code FROM areas WHERE code = $2 OR parent_code = $2)) \
           AND ($3 IS NULL OR rc.event_key = $3) {range} {only_events} \
         GROUP BY {key}, rc.question_code, rc.value"
    )
}

/// Counter sums per group, question and value: from `response_totals` unless a
/// date range asks for the per-day counters.
pub fn sums(
    c: &mut DbConn,
    survey_id: &str,
    group_by: GroupBy,
    f: &ResultsFilter,
) -> QueryResult<Vec<CountSum>> {
    let query = |days: bool| {
        diesel::sql_query(sql_for(group_by, days))
            .bind::<Text, _>(survey_id.to_owned())
            .bind::<Nullable<Text>, _>(f.area.clone())
            .bind::<Nullable<Text>, _>(f.event_id.clone())
    };
    if f.from.is_none() && f.to.is_none() {
        return query(false).load(c);
    }
    query(true).bind::<Nullable<Date>, _>(f.from).bind::<Nullable<Date>, _>(f.to).load(c)
}
