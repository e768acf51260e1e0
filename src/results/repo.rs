//! The results query: counter sums per (organisation, event) cell, question and
//! value, from the counter table that fits the period (a few rows per cell and
//! value), never a scan of the responses.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text};

use crate::db::DbConn;

/// One summed counter of a cell: respondents (`question_code` `*`) or answers of one value.
#[derive(Debug, Clone, QueryableByName)]
pub struct CellCount {
    #[diesel(sql_type = Text)]
    pub area_code: String,
    /// The event id, or empty for responses that name no event.
    #[diesel(sql_type = Text)]
    pub event_key: String,
    #[diesel(sql_type = Text)]
    pub question_code: String,
    #[diesel(sql_type = Text)]
    pub value: String,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

/// The responses a results request covers, by `submitted_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Every response.
    All,
    /// One calendar year (UTC).
    Year(i32),
    /// Inclusive days (UTC), either end open.
    Days(Option<NaiveDate>, Option<NaiveDate>),
}

/// Filters of a results request.
#[derive(Debug, Clone)]
pub struct ResultsFilter {
    /// An area and the areas directly under it.
    pub area: Option<String>,
    pub event_id: Option<String>,
    pub period: Period,
}

fn sql(period: Period) -> String {
    let (table, range) = match period {
        Period::All => ("response_totals", ""),
        Period::Year(_) => ("response_year_counts", "AND rc.year = $4"),
        Period::Days(..) => {
            ("response_counts", "AND ($4 IS NULL OR rc.day >= $4) AND ($5 IS NULL OR rc.day <= $5)")
        }
    };
    format!(
        "SELECT rc.area_code, rc.event_key, rc.question_code, rc.value, CAST(SUM(rc.count) AS BIGINT) AS total \
         FROM {table} rc \
         WHERE rc.survey_id = $1 \
           AND ($2 IS NULL OR rc.area_code IN (SELECT code FROM areas WHERE code = $2 OR parent_code = $2)) \
           AND ($3 IS NULL OR rc.event_key = $3) {range} \
         GROUP BY rc.area_code, rc.event_key, rc.question_code, rc.value"
    )
}

/// Counter sums per cell, question and value of the responses `f` covers.
pub fn cell_counts(c: &mut DbConn, survey_id: &str, f: &ResultsFilter) -> QueryResult<Vec<CellCount>> {
    let query = diesel::sql_query(sql(f.period))
        .bind::<Text, _>(survey_id.to_owned())
        .bind::<Nullable<Text>, _>(f.area.clone())
        .bind::<Nullable<Text>, _>(f.event_id.clone());
    match f.period {
        Period::All => query.load(c),
        Period::Year(y) => query.bind::<Integer, _>(y).load(c),
        Period::Days(from, to) => query.bind::<Nullable<Date>, _>(from).bind::<Nullable<Date>, _>(to).load(c),
    }
}
