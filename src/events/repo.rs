//! Queries on `events`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::dto::EventResponse;
use super::model::EventRow;
use super::EventStatus;
use crate::common::LocalizedText;
use crate::db::schema::{events as e, proposal_events as pe};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::Versioned;

crate::stored_row!(EventRow, crate::db::schema::events, id, doc);

impl Versioned for EventRow {
    const KIND: &'static str = "event";
    type View = EventResponse;

    fn view(&self, _c: &mut DbConn) -> Result<EventResponse, ApiError> {
        Ok(EventResponse::from(self.clone()))
    }
}

/// An event of a list: its sort key and stored representation. The date is
/// read as the text both backends print (`YYYY-MM-DD`): the cursor needs no more,
/// and a page of 50 does not parse 50 dates.
#[derive(Debug, Queryable)]
pub struct Listed {
    pub starts_on: String,
    pub id: String,
    pub doc: Option<String>,
}

/// Filters of the event list.
#[derive(Debug, Default, Clone)]
pub struct EventFilter {
    /// Events of any of these areas.
    pub areas: Option<Vec<String>>,
    /// On or after this day.
    pub from: Option<NaiveDate>,
    /// On or before this day.
    pub to: Option<NaiveDate>,
    pub status: Option<EventStatus>,
    /// Changed at or after this time.
    pub updated_since: Option<NaiveDateTime>,
    /// Oldest first instead of newest first.
    pub ascending: bool,
    /// The sort key of the last item of the previous page.
    pub after: Option<(NaiveDate, String)>,
}

/// `CAST(events.starts_on AS TEXT)`. Not `dsl::sql`: diesel never keeps a
/// statement holding literal SQL, so every page would be parsed and planned
/// again (measured: a third more server CPU on a page of 50 events).
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId, diesel::expression::ValidGrouping)]
struct DayText;

impl diesel::Expression for DayText {
    type SqlType = diesel::sql_types::Text;
}

impl diesel::SelectableExpression<e::table> for DayText {}
impl diesel::AppearsOnTable<e::table> for DayText {}

impl<DB: diesel::backend::Backend> diesel::query_builder::QueryFragment<DB> for DayText {
    fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("CAST(events.starts_on AS TEXT)");
        Ok(())
    }
}

/// Events by `starts_on`, then `id` (newest first unless `ascending`).
pub fn list(c: &mut DbConn, f: &EventFilter, limit: i64) -> QueryResult<Vec<Listed>> {
    let mut q = e::table.select((DayText, e::id, e::doc)).into_boxed();
    if let Some(areas) = &f.areas {
        q = q.filter(e::area_code.eq_any(areas.clone()));
    }
    if let Some(d) = f.from {
        q = q.filter(e::starts_on.ge(d));
    }
    if let Some(d) = f.to {
        q = q.filter(e::starts_on.le(d));
    }
    if let Some(s) = f.status {
        q = q.filter(e::status.eq(s));
    }
    if let Some(t) = f.updated_since {
        q = q.filter(e::updated_at.ge(t));
    }
    match (&f.after, f.ascending) {
        (Some((d, id)), false) => {
            q = q.filter(e::starts_on.lt(*d).or(e::starts_on.eq(*d).and(e::id.lt(id.clone()))));
        }
        (Some((d, id)), true) => {
            q = q.filter(e::starts_on.gt(*d).or(e::starts_on.eq(*d).and(e::id.gt(id.clone()))));
        }
        (None, _) => {}
    }
    q = if f.ascending {
        q.order((e::starts_on.asc(), e::id.asc()))
    } else {
        q.order((e::starts_on.desc(), e::id.desc()))
    };
    q.limit(limit).load(c)
}

/// How many proposals link to the event.
pub fn proposal_links(c: &mut DbConn, id: &str) -> QueryResult<i64> {
    pe::table.filter(pe::event_id.eq(id)).count().get_result(c)
}

/// Which of `ids` are events.
pub fn existing(c: &mut DbConn, ids: &[String]) -> QueryResult<Vec<String>> {
    e::table.filter(e::id.eq_any(ids.to_vec())).select(e::id).load(c)
}

/// Whether an event exists (responses may name one).
pub fn exists(c: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(e::table.find(id))).get_result(c)
}

/// The titles of these events, by id (results grouped by event name them).
pub fn titles(c: &mut DbConn, ids: Vec<String>) -> QueryResult<Vec<(String, LocalizedText)>> {
    let rows: Vec<(String, String, Option<String>, Option<String>)> =
        e::table.filter(e::id.eq_any(ids)).select((e::id, e::title_fi, e::title_sv, e::title_en)).load(c)?;
    Ok(rows.into_iter().map(|(id, fi, sv, en)| (id, LocalizedText { fi, sv, en })).collect())
}
