//! What the response handlers do apart from HTTP: storing checked responses
//! (one or a batch) and erasing one, each with its audit and change-feed entries
//! through `crate::write::record`, the single place of a write's side effects.

use std::collections::BTreeMap;

use serde::Serialize;

use super::counts::{self, Tally};
use super::dto::{BatchCreated, ResponseOut};
use super::model::{ListedResponse, ResponseRow};
use super::repo::{self, ResponseFilter};
use super::store::{store, Checked};
use super::validate::Context;
use crate::changes::dto::StoredResponses;
use crate::changes::{ChangeAction, ChangeKind, NewChange};
use crate::common::pagination::{self, DocPage};
use crate::common::Cursor;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::surveys::answers::Answers;
use crate::surveys::service::load as load_survey;
use crate::write::{record, Audit};

/// The type name of responses in audit entries.
const KIND: &str = "survey_response";

/// What the audit log keeps of a response: never its answers.
#[derive(Serialize)]
struct AuditedResponse<'a> {
    id: &'a str,
    survey_id: &'a str,
    area: &'a str,
    external_id: Option<&'a str>,
}

impl<'a> AuditedResponse<'a> {
    /// The audited fields of `row`, as JSON; `external_id` only if `with_external_id`.
    fn json(row: &'a ResponseRow, with_external_id: bool) -> Result<String, ApiError> {
        let audited = AuditedResponse {
            id: &row.id,
            survey_id: &row.survey_id,
            area: &row.area_code,
            external_id: row.external_id.as_deref().filter(|_| with_external_id),
        };
        serde_json::to_string(&audited).map_err(ApiError::internal)
    }
}

/// Stores one checked response (inside the caller's write transaction): the
/// stored response, and whether it was stored now (false: its `external_id`
/// was known, and the response stored then is answered).
pub fn store_one(
    c: &mut DbConn,
    ctx: &Context,
    client_id: &str,
    actor: &str,
    checked: &Checked,
) -> Result<(ResponseRow, bool), ApiError> {
    let stored = store(c, ctx, client_id, checked, false)?;
    let Some((id, new)) = stored.into_iter().next() else {
        return Err(ApiError::internal("nothing stored"));
    };
    let row =
        repo::find(c, &ctx.survey_id, &id)?.ok_or_else(|| ApiError::internal("stored response vanished"))?;
    if new {
        let after = AuditedResponse::json(&row, true)?;
        let audit =
            Audit { actor, action: "create", kind: KIND, id: &row.id, before: None, after: Some(&after) };
        let feed = feed_resource(&ctx.survey_id, &row.area_code, vec![&row.id])?;
        record(c, audit, &[created(&ctx.survey_id, &row.id, &row.area_code, &feed)])?;
    }
    Ok((row, new))
}

/// Stores a checked batch (inside the caller's write transaction): the ids in
/// item order, and how many were stored now.
pub fn store_batch(
    c: &mut DbConn,
    ctx: &Context,
    client_id: &str,
    actor: &str,
    checked: &Checked,
) -> Result<(BatchCreated, usize), ApiError> {
    let stored = store(c, ctx, client_id, checked, true)?;
    let new = stored.iter().filter(|(_, new)| *new).count();
    let summary = serde_json::json!({"stored": new, "already_stored": stored.len() - new});
    let after = serde_json::to_string(&summary).map_err(ApiError::internal)?;
    let audit = Audit {
        actor,
        action: "create_responses",
        kind: "survey",
        id: &ctx.survey_id,
        before: None,
        after: Some(&after),
    };
    // One feed entry per area (a batch is usually of one), listing the new ids.
    let mut by_area: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (row, (id, new)) in checked.rows.iter().zip(&stored) {
        if *new {
            by_area.entry(&row.area_code).or_default().push(id);
        }
    }
    let feeds = by_area
        .into_iter()
        .map(|(area, ids)| Ok((area, ids[0], feed_resource(&ctx.survey_id, area, ids)?)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let changes: Vec<_> =
        feeds.iter().map(|(area, first, feed)| created(&ctx.survey_id, first, area, feed)).collect();
    record(c, audit, &changes)?;
    Ok((BatchCreated { ids: stored.into_iter().map(|(id, _)| id).collect() }, new))
}

/// Erases a response and its counts (inside the caller's write transaction);
/// the audit entry keeps its id, survey and area, never its answers.
pub fn erase(c: &mut DbConn, actor: &str, survey_id: &str, response_id: &str) -> Result<(), ApiError> {
    let survey = load_survey(c, survey_id)?;
    let row = repo::find(c, survey_id, response_id)?
        .ok_or_else(|| ApiError::not_found(format!("no response `{response_id}` in this survey")))?;
    let raw = serde_json::from_str(&row.answers).map_err(ApiError::internal)?;
    let answers = Answers::parse(&survey.questions()?, raw)
        .map_err(|_| ApiError::internal("stored answers do not parse"))?;
    let day = row.submitted_at.0.date();
    let mut tally = Tally::default();
    tally.add(&row.area_code, row.event_id.as_deref(), day, &answers, -1);
    repo::delete(c, row.seq)?;
    counts::apply(c, survey_id, tally)?;
    counts::prune(c, survey_id, &row.area_code, row.event_id.as_deref(), day)?;
    let before = AuditedResponse::json(&row, false)?;
    let audit = Audit { actor, action: "erase", kind: KIND, id: &row.id, before: Some(&before), after: None };
    let tombstone = NewChange {
        kind: ChangeKind::SurveyResponse,
        id: &row.id,
        action: ChangeAction::Deleted,
        version: None,
        area: Some(&row.area_code),
        survey: Some(survey_id),
        resource: None,
    };
    record(c, audit, &[tombstone])
}

/// The feed's view of responses stored now: ids only, never answers.
fn feed_resource(survey_id: &str, area: &str, response_ids: Vec<&str>) -> Result<String, ApiError> {
    let count = response_ids.len();
    serde_json::to_string(&StoredResponses { survey_id, area, count, response_ids })
        .map_err(ApiError::internal)
}

/// The feed entry of responses stored now in `area` (`id`: the first of them).
fn created<'a>(survey: &'a str, id: &'a str, area: &'a str, resource: &'a str) -> NewChange<'a> {
    NewChange {
        kind: ChangeKind::SurveyResponse,
        id,
        action: ChangeAction::Created,
        version: None,
        area: Some(area),
        survey: Some(survey),
        resource: Some(resource),
    }
}

/// A page of responses: the representations stored with them (one stored
/// before they were kept is rendered from its row; one erased meanwhile is
/// left out).
pub fn page(c: &mut DbConn, filter: &ResponseFilter, limit: i64) -> Result<DocPage, ApiError> {
    let rows = repo::page(c, filter, limit + 1)?;
    let (rows, next_cursor) = pagination::cut(rows, limit, |r| Cursor::encode(&[&r.seq.to_string()]));
    Ok(DocPage { docs: stored_docs(c, rows)?, next_cursor })
}

/// The representations of `rows`, in their order (see [`page`]).
pub fn stored_docs(c: &mut DbConn, rows: Vec<ListedResponse>) -> Result<Vec<String>, ApiError> {
    let mut docs = Vec::with_capacity(rows.len());
    for row in rows {
        match row.doc {
            Some(doc) => docs.push(doc),
            None => docs.extend(render_stored(c, row.seq)?),
        }
    }
    Ok(docs)
}

/// The representation of the response at `seq`, rendered from its row.
fn render_stored(c: &mut DbConn, seq: i64) -> Result<Option<String>, ApiError> {
    let Some(row) = repo::at(c, seq)? else { return Ok(None) };
    Ok(Some(serde_json::to_string(&ResponseOut::try_from(&row)?).map_err(ApiError::internal)?))
}
