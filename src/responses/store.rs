//! The write path: inserts new responses and counts them in one transaction;
//! a known `(client, survey, external_id)` is answered with its stored id.

use std::collections::{BTreeSet, HashMap};

use super::counts::{self, Tally};
use super::dto::ResponseOut;
use super::model::NewResponseRow;
use super::repo;
use super::validate::{require_open, Context, Valid};
use crate::db::DbConn;
use crate::error::{ApiError, FieldError};
use crate::surveys::answers::Answers;
use crate::surveys::service::load as load_survey;

/// The id of each item in order, and whether it was stored now (false: known before).
pub type Stored = Vec<(String, bool)>;

/// Checked responses ready to store: the rows, and the answers to count, in item order.
pub struct Checked {
    pub rows: Vec<NewResponseRow>,
    pub answers: Vec<Answers>,
}

impl TryFrom<Vec<Valid>> for Checked {
    type Error = ApiError;

    /// Also renders each row's representation, which is stored beside it.
    fn try_from(valid: Vec<Valid>) -> Result<Self, ApiError> {
        let (mut rows, answers): (Vec<NewResponseRow>, _) =
            valid.into_iter().map(|v| (v.row, v.answers)).unzip();
        for row in &mut rows {
            row.doc = ResponseOut::render(row)?;
        }
        Ok(Self { rows, answers })
    }
}

/// Stores `checked` (inside the caller's write transaction, which may run it
/// again: it only borrows). `batch` says how to name fields in errors
/// (`responses[i].event_id` or `event_id`).
pub fn store(
    c: &mut DbConn,
    ctx: &Context,
    client_id: &str,
    checked: &Checked,
    batch: bool,
) -> Result<Stored, ApiError> {
    let rows = &checked.rows;
    check_survey_unchanged(c, ctx)?;
    check_events(c, rows, batch)?;
    let inserted = repo::insert_new(c, rows)?;
    // Only retried items were skipped: look up the stored ids of those alone.
    let skipped: Vec<&str> =
        rows.iter().filter(|r| !inserted.contains(&r.id)).filter_map(|r| r.external_id.as_deref()).collect();
    let known = if skipped.is_empty() {
        HashMap::new()
    } else {
        repo::known_ids(c, client_id, &ctx.survey_id, &skipped)?
    };
    let mut out = Vec::with_capacity(rows.len());
    let mut tally = Tally::default();
    for (row, answers) in rows.iter().zip(&checked.answers) {
        if inserted.contains(&row.id) {
            tally.add(&row.area_code, row.event_id.as_deref(), row.submitted_at.date(), answers, 1);
            out.push((row.id.clone(), true));
            continue;
        }
        let stored = row.external_id.as_ref().and_then(|e| known.get(e));
        let id = stored
            .ok_or_else(|| ApiError::conflict("a response with the same identity was stored meanwhile"))?;
        out.push((id.clone(), false));
    }
    counts::apply(c, &ctx.survey_id, tally)?;
    Ok(out)
}

/// 409 unless the survey is still open with the questions the responses were
/// checked against. Questions change only before the first response; a title
/// edit meanwhile is harmless.
fn check_survey_unchanged(c: &mut DbConn, ctx: &Context) -> Result<(), ApiError> {
    let survey = load_survey(c, &ctx.survey_id)?;
    require_open(survey.status)?;
    if survey.questions != ctx.questions_json {
        return Err(ApiError::conflict(
            "the survey's questions changed while the responses were checked; send them again",
        ));
    }
    Ok(())
}

/// 422 naming each item whose event does not exist (one lookup per distinct event).
fn check_events(c: &mut DbConn, rows: &[NewResponseRow], batch: bool) -> Result<(), ApiError> {
    let events: BTreeSet<&str> = rows.iter().filter_map(|r| r.event_id.as_deref()).collect();
    let mut missing = BTreeSet::new();
    for e in events {
        if !repo::event_exists(c, e)? {
            missing.insert(e);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let errors = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.event_id.as_deref().is_some_and(|e| missing.contains(e)))
        .map(|(i, r)| {
            let message = format!("unknown event `{}`", r.event_id.as_deref().unwrap_or(""));
            FieldError::new(
                if !batch { "event_id".to_owned() } else { format!("responses[{i}].event_id") },
                message,
            )
        })
        .collect();
    Err(ApiError::validation(errors))
}
