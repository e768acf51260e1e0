//! What the event handlers do, apart from HTTP: checks that need the database,
//! and every write through the one versioned-write path (`crate::write`).

use chrono::NaiveDate;

use super::dto::{EventResponse, UpdateEventRequest};
use super::input::EventFields;
use super::model::EventRow;
use super::repo::{self, EventFilter};
use crate::common::pagination::DocPage;
use crate::common::{Cursor, IfMatch};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::{self, Written};

/// 422 unless `code` is a known area.
pub fn check_area(c: &mut DbConn, field: &str, code: &str) -> Result<(), ApiError> {
    match crate::areas::repo::find(c, code)? {
        Some(_) => Ok(()),
        None => Err(ApiError::invalid(field, format!("unknown area `{code}`"))),
    }
}

/// The `(starts_on, id)` after which a page starts.
pub fn decode_cursor(raw: Option<&str>) -> Result<Option<(NaiveDate, String)>, ApiError> {
    let Some(cursor) = Cursor::decode(raw, 2)? else { return Ok(None) };
    let date = NaiveDate::parse_from_str(cursor.part(0), "%Y-%m-%d")
        .map_err(|_| ApiError::bad_parameter("cursor", "is not a cursor returned by this list"))?;
    Ok(Some((date, cursor.part(1).to_owned())))
}

/// One page of events, as their stored representations.
pub fn list(
    c: &mut DbConn,
    area: Option<&str>,
    mut filter: EventFilter,
    limit: i64,
) -> Result<DocPage, ApiError> {
    filter.areas = crate::areas::area_filter(c, area)?;
    let rows = repo::list(c, &filter, limit + 1)?;
    write::page::<EventRow, _>(c, rows, limit, |r| Cursor::encode(&[&r.starts_on, &r.id]), |r| (r.id, r.doc))
}

pub fn get(c: &mut DbConn, id: &str) -> Result<EventResponse, ApiError> {
    Ok(EventResponse::from(write::load::<EventRow>(c, id)?))
}

pub fn create(c: &mut DbConn, actor: &str, fields: EventFields) -> Result<Written<EventRow>, ApiError> {
    write::create(c, actor, |c| {
        check_area(c, "area", &fields.area)?;
        Ok(fields.into_row(uuid::Uuid::now_v7().to_string(), crate::db::now()))
    })
}

/// Applies a PATCH, checked as a whole against the stored event.
pub fn update(
    c: &mut DbConn,
    actor: &str,
    id: &str,
    if_match: &IfMatch,
    req: UpdateEventRequest,
) -> Result<Written<EventRow>, ApiError> {
    write::update(c, actor, id, if_match, |c, before: &EventRow| {
        let area_changed = req.area.is_some();
        let fields = EventFields::patched(before, req)?;
        if area_changed {
            check_area(c, "area", &fields.area)?;
        }
        let mut next = before.clone();
        fields.write_to(&mut next);
        Ok(next)
    })
}

/// Deletes an event; 409 while proposals link to it.
pub fn delete(c: &mut DbConn, actor: &str, id: &str, if_match: &IfMatch) -> Result<(), ApiError> {
    write::delete(c, actor, id, if_match, |c, _: &EventRow| {
        let links = repo::proposal_links(c, id)?;
        if links > 0 {
            return Err(ApiError::conflict(format!(
                "{links} proposal(s) link to this event; remove the links first"
            )));
        }
        Ok(())
    })
}
