//! `response_year_counts`: the counters of a write summed per calendar year of
//! `submitted_at`, upserted in the same transaction as `response_counts` (see
//! `counts`). Results for callers whose results are suppressed read whole
//! years only, so they sum a few rows per area, event and value, never days.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use diesel::upsert::excluded;

use super::keys::{Key, NO_EVENT};
use super::model::YearRow;
use crate::db::schema::response_year_counts as ry;
use crate::db::DbConn;
use crate::on_backend;

/// The tally's counters merged per year, in key order (upserts in a stable order).
fn rows(survey_id: &str, entries: &[(Key<'_>, i64)]) -> Vec<YearRow> {
    let mut merged: BTreeMap<(i32, &str, &str, &str, &str), i64> = BTreeMap::new();
    for &((area, event, day, question, value), count) in entries {
        *merged.entry((day.year(), area, event, question, value)).or_insert(0) += count;
    }
    merged
        .into_iter()
        .map(|((year, area, event, question, value), count)| YearRow {
            survey_id: survey_id.to_owned(),
            year,
            area_code: area.to_owned(),
            event_key: event.to_owned(),
            question_code: question.to_owned(),
            value: value.to_owned(),
            count,
        })
        .collect()
}

/// Adds the tally to the yearly counters (multi-row upserts).
pub fn apply(c: &mut DbConn, survey_id: &str, entries: &[(Key<'_>, i64)]) -> QueryResult<()> {
    for chunk in rows(survey_id, entries).chunks(2000) {
        on_backend!(c, |c| diesel::insert_into(ry::table)
            .values(chunk)
            .on_conflict((
                ry::survey_id,
                ry::year,
                ry::area_code,
                ry::event_key,
                ry::question_code,
                ry::value
            ))
            .do_update()
            .set(ry::count.eq(ry::count + excluded(ry::count)))
            .execute(c))?;
    }
    Ok(())
}

/// Drops yearly counters that erasures brought to zero in one (survey, area, event, year) cell.
pub fn prune(
    c: &mut DbConn,
    survey_id: &str,
    area: &str,
    event: Option<&str>,
    day: NaiveDate,
) -> QueryResult<()> {
    diesel::delete(
        ry::table
            .filter(ry::survey_id.eq(survey_id))
            .filter(ry::year.eq(day.year()))
            .filter(ry::area_code.eq(area))
            .filter(ry::event_key.eq(event.unwrap_or(NO_EVENT)))
            .filter(ry::count.le(0)),
    )
    .execute(c)?;
    Ok(())
}
