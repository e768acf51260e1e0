//! The write path: inserts new responses and counts them in one transaction;
//! a known `(client, survey, external_id)` is answered with its stored id.

use std::collections::{BTreeSet, HashMap};

use super::counts::{self, Tally};
use super::repo;
use super::validate::{require_open, Context, Valid};
use crate::db::DbConn;
use crate::error::{ApiError, FieldError};
use crate::surveys::handlers::load as load_survey;

/// The id of each item in order, and whether it was stored now (false: known before).
pub type Stored = Vec<(String, bool)>;

/// Stores `valid` (inside the caller's write transaction).
/// `batch` says how to name fields in errors (`responses[i].event_id` or `event_id`).
pub fn store(
    c: &mut DbConn,
    ctx: &Context,
    client_id: &str,
    valid: &[Valid],
    batch: bool,
) -> Result<Stored, ApiError> {
    let survey = load_survey(c, &ctx.survey_id)?;
    require_open(survey.status())?;
    // Questions change only before the first response; a title edit meanwhile is harmless.
    if survey.questions != ctx.questions_json {
        return Err(ApiError::conflict(
            "the survey's questions changed while the responses were checked; send them again",
        ));
    }
    check_events(c, valid, batch)?;
    let rows: Vec<_> = valid.iter().map(|v| v.row.clone()).collect();
    let inserted = repo::insert_new(c, &rows)?;
    // Only retried items were skipped: look up the stored ids of those alone.
    let skipped: Vec<&str> =
        rows.iter().filter(|r| !inserted.contains(&r.id)).filter_map(|r| r.external_id.as_deref()).collect();
    let known = if skipped.is_empty() {
        HashMap::new()
    } else {
        repo::known_ids(c, client_id, &ctx.survey_id, &skipped)?
    };
    let mut out = Vec::with_capacity(valid.len());
    let mut tally = Tally::default();
    for v in valid {
        if inserted.contains(&v.row.id) {
            tally.add(&v.row.area_code, v.row.event_id.as_deref(), v.day(), &v.answers, 1);
            out.push((v.row.id.clone(), true));
            continue;
        }
        let stored = v.row.external_id.as_ref().and_then(|e| known.get(e));
        let id = stored
            .ok_or_else(|| ApiError::conflict("a response with the same identity was stored meanwhile"))?;
        out.push((id.clone(), false));
    }
    counts::apply(c, &ctx.survey_id, tally)?;
    Ok(out)
}

/// 422 naming each item whose event does not exist (one lookup per distinct event).
fn check_events(c: &mut DbConn, valid: &[Valid], batch: bool) -> Result<(), ApiError> {
    let events: BTreeSet<&str> = valid.iter().filter_map(|v| v.row.event_id.as_deref()).collect();
    let mut missing = BTreeSet::new();
    for e in events {
        if !repo::event_exists(c, e)? {
            missing.insert(e);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let errors = valid
        .iter()
        .enumerate()
        .filter(|(_, v)| v.row.event_id.as_deref().is_some_and(|e| missing.contains(e)))
        .map(|(i, v)| {
            let message = format!("unknown event `{}`", v.row.event_id.as_deref().unwrap_or(""));
            FieldError::new(
                if !batch { "event_id".to_owned() } else { format!("responses[{i}].event_id") },
                message,
            )
        })
        .collect();
    Err(ApiError::validation(errors))
}
