//! Queries on `survey_responses`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{AnnouncedResponse, ListedResponse, NewResponseRow, ResponseRow};
use crate::db::{schema::survey_responses as sr, DbConn};
use crate::on_backend;

/// Rows per multi-row INSERT: 9 parameters each stays far under both backends' limits.
const INSERT_CHUNK: usize = 1000;

/// Whether the event a response names exists.
pub fn event_exists(c: &mut DbConn, id: &str) -> QueryResult<bool> {
    crate::events::repo::exists(c, id)
}

/// Inserts responses with multi-row INSERTs (one statement per chunk), skipping
/// those whose `(client, survey, external_id)` is already stored; returns the
/// ids of the rows inserted. The unique index decides, so no lookup precedes.
pub fn insert_new(c: &mut DbConn, rows: &[NewResponseRow]) -> QueryResult<HashSet<String>> {
    let mut inserted = HashSet::with_capacity(rows.len());
    for chunk in rows.chunks(INSERT_CHUNK) {
        let ids: Vec<String> = on_backend!(c, |c| diesel::insert_into(sr::table)
            .values(chunk)
            .on_conflict_do_nothing()
            .returning(sr::id)
            .get_results(c))?;
        inserted.extend(ids);
    }
    Ok(inserted)
}

/// The stored ids of those `external_ids` this client already sent for the survey.
pub fn known_ids(
    c: &mut DbConn,
    client_id: &str,
    survey_id: &str,
    external_ids: &[&str],
) -> QueryResult<HashMap<String, String>> {
    let mut known = HashMap::new();
    for chunk in external_ids.chunks(INSERT_CHUNK) {
        let found: Vec<(Option<String>, String)> = sr::table
            .filter(sr::client_id.eq(client_id))
            .filter(sr::survey_id.eq(survey_id))
            .filter(sr::external_id.eq_any(chunk))
            .select((sr::external_id, sr::id))
            .load(c)?;
        known.extend(found.into_iter().filter_map(|(e, id)| e.map(|e| (e, id))));
    }
    Ok(known)
}

pub fn find(c: &mut DbConn, survey_id: &str, id: &str) -> QueryResult<Option<ResponseRow>> {
    sr::table
        .filter(sr::id.eq(id))
        .filter(sr::survey_id.eq(survey_id))
        .select(ResponseRow::as_select())
        .first(c)
        .optional()
}

/// Filters of the response list; `areas` empty means every area.
#[derive(Debug, Default, Clone)]
pub struct ResponseFilter {
    pub survey_id: String,
    pub areas: Vec<String>,
    pub event_id: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub before: Option<NaiveDateTime>,
    pub after_seq: Option<i64>,
}

/// Responses in insert order, after the cursor.
pub fn list(c: &mut DbConn, f: &ResponseFilter, limit: i64) -> QueryResult<Vec<ResponseRow>> {
    filtered(f).select(ResponseRow::as_select()).order(sr::seq.asc()).limit(limit).load(c)
}

/// The stored representations of [`list`]'s responses.
pub fn page(c: &mut DbConn, f: &ResponseFilter, limit: i64) -> QueryResult<Vec<ListedResponse>> {
    filtered(f).select(ListedResponse::as_select()).order(sr::seq.asc()).limit(limit).load(c)
}

/// The response at `seq`, if it is still stored.
pub fn at(c: &mut DbConn, seq: i64) -> QueryResult<Option<ResponseRow>> {
    sr::table.find(seq).select(ResponseRow::as_select()).first(c).optional()
}

/// Those of `ids` (at most a page) that match `f`, in no particular order.
pub fn with_ids(c: &mut DbConn, f: &ResponseFilter, ids: &[String]) -> QueryResult<Vec<AnnouncedResponse>> {
    filtered(f).select(AnnouncedResponse::as_select()).filter(sr::id.eq_any(ids.to_vec())).load(c)
}

fn filtered(f: &ResponseFilter) -> sr::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut q = sr::table.filter(sr::survey_id.eq(f.survey_id.clone())).into_boxed();
    if !f.areas.is_empty() {
        q = q.filter(sr::area_code.eq_any(f.areas.clone()));
    }
    if let Some(v) = &f.event_id {
        q = q.filter(sr::event_id.eq(v.clone()));
    }
    if let Some(v) = f.from {
        q = q.filter(sr::submitted_at.ge(v));
    }
    if let Some(v) = f.before {
        q = q.filter(sr::submitted_at.lt(v));
    }
    if let Some(v) = f.after_seq {
        q = q.filter(sr::seq.gt(v));
    }
    q
}

pub fn delete(c: &mut DbConn, seq: i64) -> QueryResult<usize> {
    diesel::delete(sr::table.find(seq)).execute(c)
}

impl crate::db::backfill::AppendOnly for ResponseRow {
    const TABLE: &'static str = "survey_responses";

    fn without_doc(c: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<Self>> {
        let q =
            sr::table.filter(sr::doc.is_null()).filter(sr::seq.gt(after)).order(sr::seq.asc()).limit(limit);
        q.select(ResponseRow::as_select()).load(c)
    }

    fn key(&self) -> i64 {
        self.seq
    }

    fn render(&self) -> Result<String, crate::error::ApiError> {
        let out = super::dto::ResponseOut::try_from(self)?;
        serde_json::to_string(&out).map_err(crate::error::ApiError::internal)
    }

    fn store_doc(c: &mut DbConn, key: i64, doc: &str) -> QueryResult<usize> {
        diesel::update(sr::table.find(key).filter(sr::doc.is_null())).set(sr::doc.eq(doc)).execute(c)
    }
}
