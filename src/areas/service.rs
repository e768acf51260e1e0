//! What the area handlers and other modules need, apart from HTTP: the parent
//! rule, reads, and every write through the one versioned-write path.

use super::dto::AreaResponse;
use super::input::{AreaChanges, NewArea};
use super::model::AreaRow;
use super::repo::{self, AreaFilter};
use super::AreaKind;
use crate::common::pagination::DocPage;
use crate::common::{Cursor, IfMatch};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::{self, Written};

/// The parent rule: organisations sit under a collaboration area, which sits under nothing.
pub fn check_parent(c: &mut DbConn, kind: AreaKind, parent: Option<&str>) -> Result<(), ApiError> {
    match (kind, parent) {
        (AreaKind::CollaborationArea, Some(_)) => {
            Err(ApiError::invalid("parent", "a collaboration area has no parent"))
        }
        (AreaKind::CollaborationArea, None) => Ok(()),
        (_, None) => Err(ApiError::invalid("parent", "is required: the collaboration area this belongs to")),
        (_, Some(p)) => match repo::find(c, p)? {
            Some(row) if row.kind == AreaKind::CollaborationArea => Ok(()),
            Some(_) => Err(ApiError::invalid("parent", format!("`{p}` is not a collaboration area"))),
            None => Err(ApiError::invalid("parent", format!("unknown area `{p}`"))),
        },
    }
}

/// The code after which a page starts.
pub fn decode_cursor(raw: Option<&str>) -> Result<Option<String>, ApiError> {
    Ok(Cursor::decode(raw, 1)?.map(|c| c.part(0).to_owned()))
}

/// One page of areas, as their stored representations.
pub fn list(c: &mut DbConn, filter: &AreaFilter, limit: i64) -> Result<DocPage, ApiError> {
    let rows = repo::listed(c, filter, limit + 1)?;
    write::page::<AreaRow, _>(c, rows, limit, |r| Cursor::encode(&[&r.code]), |r| (r.code, r.doc))
}

/// An area, or 404.
pub fn get(c: &mut DbConn, code: &str) -> Result<AreaResponse, ApiError> {
    Ok(AreaResponse::from(write::load::<AreaRow>(c, code)?))
}

/// Adds an area; 409 if the code is taken.
pub fn create(c: &mut DbConn, actor: &str, new: NewArea) -> Result<Written<AreaRow>, ApiError> {
    write::create(c, actor, |c| {
        check_parent(c, new.kind, new.parent.as_deref())?;
        if repo::find(c, new.code.as_str())?.is_some() {
            return Err(ApiError::conflict(format!("an area `{}` already exists", new.code.as_str())));
        }
        let now = crate::db::now();
        Ok(AreaRow {
            code: new.code.as_str().to_owned(),
            kind: new.kind,
            parent_code: new.parent,
            name_fi: new.name.fi,
            name_sv: new.name.sv,
            name_en: new.name.en,
            statistics_code: new.statistics_code,
            version: 1,
            created_at: now,
            updated_at: now,
        })
    })
}

/// Changes an area's names, statistics code or collaboration area.
pub fn update(
    c: &mut DbConn,
    actor: &str,
    code: &str,
    if_match: &IfMatch,
    changes: AreaChanges,
) -> Result<Written<AreaRow>, ApiError> {
    write::update(c, actor, code, if_match, |c, before: &AreaRow| {
        let mut next = before.clone();
        if let Some(n) = changes.name {
            (next.name_fi, next.name_sv, next.name_en) = (n.fi, n.sv, n.en);
        }
        if let Some(s) = changes.statistics_code {
            next.statistics_code = Some(s);
        }
        if let Some(p) = changes.parent {
            check_parent(c, before.kind, Some(&p))?;
            next.parent_code = Some(p);
        }
        Ok(next)
    })
}
