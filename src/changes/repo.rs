//! Appending, reading and forgetting change entries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{ChangeKind, ChangeRow, FeedRow, NewChange, TypedFeedRow};
use crate::common::Stamp;
use crate::db::schema::{changes as ch, changes_horizon as hz};
use crate::db::DbConn;
use crate::error::ApiError;

/// The key of the transaction-level advisory lock that orders appends on
/// PostgreSQL (any constant; this one spells "changes").
const APPEND_LOCK: i64 = 0x0063_6861_6e67_6573;

/// Appends `change` (inside the caller's write transaction).
///
/// Readers serve "every seq above the last one seen", so an entry must never
/// become visible after one with a higher seq. SQLite writers are serialised
/// by `BEGIN IMMEDIATE`. On PostgreSQL a sequence value taken earlier can
/// commit later, so the seq is taken under a lock held until commit: appends
/// commit in seq order, and writers wait for each other only at this last step.
pub fn append(c: &mut DbConn, actor: &str, change: &NewChange) -> Result<(), ApiError> {
    let changed_at = crate::db::now();
    let doc = change.render(Stamp(changed_at))?;
    if let DbConn::Pg(pg) = c {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({APPEND_LOCK})")).execute(pg)?;
    }
    diesel::insert_into(ch::table)
        .values((
            ch::kind.eq(change.kind),
            ch::entity_id.eq(change.id),
            ch::action.eq(change.action),
            ch::version.eq(change.version),
            ch::changed_at.eq(changed_at),
            ch::actor.eq(actor),
            ch::area_code.eq(change.area),
            ch::survey_id.eq(change.survey),
            ch::resource.eq(change.resource),
            ch::doc.eq(doc),
        ))
        .execute(c)?;
    Ok(())
}

/// What a feed read asks for.
#[derive(Debug, Clone)]
pub struct FeedFilter {
    pub after: i64,
    pub kinds: Vec<ChangeKind>,
    /// When set, `survey_response` entries of this county and the
    /// organisations under it only.
    pub response_county: Option<String>,
}

/// Entries after `f.after`, in seq order, at most `limit`.
pub fn list(c: &mut DbConn, f: &FeedFilter, limit: i64) -> QueryResult<Vec<FeedRow>> {
    filtered(f).select(FeedRow::as_select()).order(ch::seq.asc()).limit(limit).load(c)
}

/// [`list`] with each entry's type and action.
pub fn list_typed(c: &mut DbConn, f: &FeedFilter, limit: i64) -> QueryResult<Vec<TypedFeedRow>> {
    filtered(f).select(TypedFeedRow::as_select()).order(ch::seq.asc()).limit(limit).load(c)
}

fn filtered(f: &FeedFilter) -> ch::BoxedQuery<'static, crate::db::MultiBackend> {
    let mut q = ch::table.filter(ch::seq.gt(f.after)).into_boxed();
    // Forms diesel keeps prepared (it parses an IN list of binds anew every
    // time on SQLite), read in seq order without a sort: one type through the
    // (kind, seq) index, several as the types left out.
    if let [kind] = f.kinds.as_slice() {
        q = q.filter(ch::kind.eq(*kind));
    } else {
        for kind in ChangeKind::ALL.iter().filter(|k| !f.kinds.contains(k)) {
            q = q.filter(ch::kind.ne(*kind));
        }
    }
    if let Some(county) = &f.response_county {
        // A subquery, not a list of area codes: kept prepared too.
        let areas = crate::areas::children::query(county);
        q = q.filter(
            ch::kind.ne(ChangeKind::SurveyResponse).or(ch::area_code.assume_not_null().eq_any(areas)),
        );
    }
    q
}

/// Entry `seq`, if it is still kept.
pub fn at(c: &mut DbConn, seq: i64) -> QueryResult<Option<ChangeRow>> {
    ch::table.find(seq).select(ChangeRow::as_select()).first(c).optional()
}

/// The `survey_response` entries of responses stored in `survey` after seq
/// `after` (in `areas` when given), in seq order: `(seq, resource)`.
pub fn stored_responses(
    c: &mut DbConn,
    survey: &str,
    areas: Option<&[String]>,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<(i64, Option<String>)>> {
    let mut q = ch::table
        .filter(ch::survey_id.eq(survey))
        .filter(ch::kind.eq(ChangeKind::SurveyResponse))
        .filter(ch::action.eq(super::ChangeAction::Created))
        .filter(ch::seq.gt(after))
        .select((ch::seq, ch::resource))
        .into_boxed();
    if let Some(areas) = areas {
        q = q.filter(ch::area_code.assume_not_null().eq_any(areas.to_vec()));
    }
    q.order(ch::seq.asc()).limit(limit).load(c)
}

/// The highest seq retention has removed (0: none).
pub fn horizon(c: &mut DbConn) -> QueryResult<i64> {
    Ok(hz::table.find(1).select(hz::pruned_through).first(c).optional()?.unwrap_or(0))
}

/// Removes the entries made before `cutoff` (inside the caller's write
/// transaction) and moves the horizon past them; how many went.
pub fn prune(c: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    let last: Option<i64> =
        ch::table.filter(ch::changed_at.lt(cutoff)).select(diesel::dsl::max(ch::seq)).first(c)?;
    let Some(last) = last else { return Ok(0) };
    let removed = diesel::delete(ch::table.filter(ch::seq.le(last))).execute(c)?;
    let moved = diesel::update(hz::table.find(1)).set(hz::pruned_through.eq(last)).execute(c)?;
    if moved == 0 {
        diesel::insert_into(hz::table).values((hz::id.eq(1), hz::pruned_through.eq(last))).execute(c)?;
    }
    Ok(removed)
}

impl crate::db::backfill::AppendOnly for ChangeRow {
    const TABLE: &'static str = "changes";

    fn without_doc(c: &mut DbConn, after: i64, limit: i64) -> QueryResult<Vec<Self>> {
        let q =
            ch::table.filter(ch::doc.is_null()).filter(ch::seq.gt(after)).order(ch::seq.asc()).limit(limit);
        q.select(ChangeRow::as_select()).load(c)
    }

    fn key(&self) -> i64 {
        self.seq
    }

    /// What the entry would have stored when appended (see [`append`]).
    fn render(&self) -> Result<String, ApiError> {
        let change = NewChange {
            kind: self.kind,
            id: &self.entity_id,
            action: self.action,
            version: self.version,
            area: self.area_code.as_deref(),
            survey: self.survey_id.as_deref(),
            resource: self.resource.as_deref(),
        };
        change.render(self.changed_at)
    }

    fn store_doc(c: &mut DbConn, key: i64, doc: &str) -> QueryResult<usize> {
        diesel::update(ch::table.find(key).filter(ch::doc.is_null())).set(ch::doc.eq(doc)).execute(c)
    }
}
