//! Gathers a year's workshop report from the database (inside `db::run`).

use chrono::NaiveDate;

use super::dto::{ReportProposal, WorkshopReport};
use super::figures::{AreaIndex, Scope};
use super::{repo, sections};
use crate::common::text;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::proposals::model::ProposalRow;
use crate::reports::repo::EventReportFilter;
use crate::reports::service::event_report;
use crate::surveys::SurveyKind;

/// What a report request asked for.
#[derive(Debug, Clone, Copy)]
pub struct Ask {
    pub year: i32,
    /// False only for staff asking `suppress=false`.
    pub suppress: bool,
    pub min_group_size: i64,
}

/// 1 January and 31 December of `year`.
fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?))
}

fn proposal(r: ProposalRow) -> Result<ReportProposal, ApiError> {
    Ok(ReportProposal {
        id: r.id,
        title: text(r.title_fi, r.title_sv, r.title_en),
        category: r.category,
        tier: r.tier,
        status: r.status,
        parent: r.parent_id,
        selected_order: r.selected_order,
    })
}

/// The survey of `kind` that the year's report uses, if any survey of it has respondents.
fn survey_of(
    c: &mut DbConn,
    kind: SurveyKind,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Option<crate::surveys::model::SurveyRow>, ApiError> {
    match repo::busiest_survey(c, kind.as_str(), from, to)? {
        Some(id) => Ok(crate::surveys::repo::find(c, &id)?),
        None => Ok(None),
    }
}

/// The whole report of `ask.year`.
pub fn build(c: &mut DbConn, ask: Ask) -> Result<WorkshopReport, ApiError> {
    let (from, to) =
        year_bounds(ask.year).ok_or_else(|| ApiError::bad_parameter("year", "is not a calendar year"))?;
    let events = event_report(c, &EventReportFilter { from: Some(from), to: Some(to), areas: None })?;
    let areas = AreaIndex::load(c)?;
    let scope =
        Scope { year: ask.year, suppress: ask.suppress, min_group_size: ask.min_group_size, areas: &areas };
    let pre_assignment = match survey_of(c, SurveyKind::PreAssignment, from, to)? {
        Some(s) => Some(sections::pre_assignment(c, &scope, &s, &events)?),
        None => None,
    };
    let feedback = match survey_of(c, SurveyKind::Feedback, from, to)? {
        Some(s) => Some(sections::feedback(c, &scope, &s, &events)?),
        None => None,
    };
    let proposals: Vec<ReportProposal> =
        repo::year_proposals(c, from, to)?.into_iter().map(proposal).collect::<Result<_, _>>()?;
    let mut selected_measures: Vec<ReportProposal> =
        proposals.iter().filter(|p| p.selected_order.is_some()).cloned().collect();
    selected_measures.sort_by_key(|p| p.selected_order);
    Ok(WorkshopReport {
        year: ask.year,
        from,
        to,
        min_group_size: ask.min_group_size,
        suppressed_small_groups: ask.suppress,
        events,
        pre_assignment,
        feedback,
        proposals,
        selected_measures,
    })
}
