//! `ProposalFields`: a proposal's fields, validated, from a create or a patch,
//! and the checks against other rows (parent, links, `selected_order`).

use super::domain::{check_selected_order, check_tier};
use super::dto::{CreateProposalRequest, Links, UpdateProposalRequest};
use super::model::ProposalRow;
use super::{repo, Category, ProposalStatus};
use crate::common::LocalizedText;
use crate::common::{opt_text, text};
use crate::db::DbConn;
use crate::error::{ApiError, FieldError};
use crate::write::Stored;

pub const TITLE_MAX: usize = 500;
pub const DESCRIPTION_MAX: usize = 4000;
/// The most events or areas one proposal links to.
pub const MAX_LINKS: usize = 100;

/// Every field of a proposal, each already checked on its own.
#[derive(Debug, Clone)]
pub struct ProposalFields {
    pub title: LocalizedText,
    pub description: Option<LocalizedText>,
    pub category: Category,
    pub tier: i32,
    pub status: ProposalStatus,
    pub parent: Option<String>,
    pub selected_order: Option<i32>,
    pub event_ids: Vec<String>,
    pub areas: Vec<String>,
}

fn number(field: &str, v: i64, check: fn(i64) -> Result<i32, String>, errors: &mut Vec<FieldError>) -> i32 {
    check(v).unwrap_or_else(|m| {
        errors.push(FieldError::new(field, m));
        0
    })
}

/// Drops repeats, keeping the first of each, and bounds the length.
fn link_list(field: &str, list: Vec<String>, errors: &mut Vec<FieldError>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in list {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    if out.len() > MAX_LINKS {
        errors.push(FieldError::new(field, format!("must hold at most {MAX_LINKS} entries")));
    }
    out
}

fn done(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// What is wrong with making `id` (None when new) a sub-proposal of `parent`, if anything.
fn parent_problem(c: &mut DbConn, parent: &str, id: Option<&str>) -> Result<Option<String>, ApiError> {
    if Some(parent) == id {
        return Ok(Some("must not be the proposal itself".to_owned()));
    }
    Ok(match ProposalRow::find(c, parent)? {
        None => Some(format!("unknown proposal `{parent}`")),
        Some(row) if row.parent_id.is_some() => {
            Some("is itself a sub-proposal; sub-proposals go one level deep".to_owned())
        }
        Some(_) => match id {
            Some(id) if repo::children(c, id)? > 0 => {
                Some("this proposal has sub-proposals, so it cannot become one".to_owned())
            }
            _ => None,
        },
    })
}

impl ProposalFields {
    pub fn from_create(req: CreateProposalRequest) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let title = req.title.validate("title", TITLE_MAX, &mut errors);
        let fields = Self {
            title: title.unwrap_or_else(|| text(String::new(), None, None)),
            description: req
                .description
                .and_then(|d| d.validate("description", DESCRIPTION_MAX, &mut errors)),
            category: req.category,
            tier: number("tier", req.tier, check_tier, &mut errors),
            status: req.status.unwrap_or(ProposalStatus::Proposed),
            parent: req.parent,
            selected_order: req
                .selected_order
                .map(|o| number("selected_order", o, check_selected_order, &mut errors)),
            event_ids: link_list("event_ids", req.event_ids, &mut errors),
            areas: link_list("areas", req.areas, &mut errors),
        };
        done(errors).map(|()| fields)
    }

    /// The stored proposal with a patch applied: 422 for bad fields, then 409 for an illegal move.
    pub fn patched(row: &ProposalRow, links: &Links, req: UpdateProposalRequest) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let mut f = Self::from_row(row, links);
        if let Some(t) = req.title.and_then(|t| t.validate("title", TITLE_MAX, &mut errors)) {
            f.title = t;
        }
        if let Some(d) = req.description {
            f.description = d.and_then(|d| d.validate("description", DESCRIPTION_MAX, &mut errors));
        }
        f.category = req.category.unwrap_or(f.category);
        if let Some(t) = req.tier {
            f.tier = number("tier", t, check_tier, &mut errors);
        }
        if let Some(p) = req.parent {
            f.parent = p;
        }
        if let Some(o) = req.selected_order {
            f.selected_order = o.map(|o| number("selected_order", o, check_selected_order, &mut errors));
        }
        if let Some(list) = req.event_ids {
            f.event_ids = link_list("event_ids", list, &mut errors);
        }
        if let Some(list) = req.areas {
            f.areas = link_list("areas", list, &mut errors);
        }
        done(errors)?;
        if let Some(next) = req.status {
            if !f.status.can_move_to(next) {
                return Err(ApiError::conflict(format!(
                    "a proposal cannot move from `{}` to `{}`",
                    f.status.as_str(),
                    next.as_str()
                )));
            }
            f.status = next;
        }
        Ok(f)
    }

    pub fn from_row(r: &ProposalRow, links: &Links) -> Self {
        let r = r.clone();
        Self {
            title: text(r.title_fi, r.title_sv, r.title_en),
            description: opt_text(r.description_fi, r.description_sv, r.description_en),
            category: r.category,
            tier: r.tier,
            status: r.status,
            parent: r.parent_id,
            selected_order: r.selected_order,
            event_ids: links.event_ids.clone(),
            areas: links.areas.clone(),
        }
    }

    /// Checks against other rows; `id` is the proposal itself (None when new).
    pub fn check_references(&self, c: &mut DbConn, id: Option<&str>) -> Result<(), ApiError> {
        let mut errors = Vec::new();
        if let Some(p) = &self.parent {
            if let Some(m) = parent_problem(c, p, id)? {
                errors.push(FieldError::new("parent", m));
            }
        }
        let known = crate::events::repo::existing(c, &self.event_ids)?;
        for (i, e) in self.event_ids.iter().enumerate().filter(|(_, e)| !known.contains(e)) {
            errors.push(FieldError::new(format!("event_ids[{i}]"), format!("unknown event `{e}`")));
        }
        let known = repo::existing_areas(c, &self.areas)?;
        for (i, a) in self.areas.iter().enumerate().filter(|(_, a)| !known.contains(a)) {
            errors.push(FieldError::new(format!("areas[{i}]"), format!("unknown area `{a}`")));
        }
        done(errors)?;
        match self.selected_order.map(|o| repo::holder_of_order(c, o, id)).transpose()?.flatten() {
            Some(other) => Err(ApiError::conflict(format!(
                "selected_order {} is already taken by proposal `{other}`",
                self.selected_order.unwrap_or_default()
            ))),
            None => Ok(()),
        }
    }

    /// The row with these fields; the write path sets `version` and `updated_at`
    /// (and `created_at` of a new one).
    pub fn to_row(&self, id: String, created_at: chrono::NaiveDateTime) -> ProposalRow {
        let f = self.clone();
        let (dfi, dsv, den) = match f.description {
            Some(d) => (Some(d.fi), d.sv, d.en),
            None => (None, None, None),
        };
        ProposalRow {
            id,
            title_fi: f.title.fi,
            title_sv: f.title.sv,
            title_en: f.title.en,
            description_fi: dfi,
            description_sv: dsv,
            description_en: den,
            category: f.category,
            tier: f.tier,
            status: f.status,
            parent_id: f.parent,
            selected_order: f.selected_order,
            version: 0,
            created_at,
            updated_at: created_at,
        }
    }
}
