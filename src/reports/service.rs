//! The reports built from their queries: Table 1 (which the workshop report
//! shares) and Appendix 1.

use diesel::QueryResult;

use super::dto::{EventReport, EventReportRow, EventReportTotals, ProposalReport, ProposalReportRow};
use super::repo::{self, EventLine, EventReportFilter};
use crate::common::LocalizedText;
use crate::db::DbConn;
use crate::proposals::repo::ProposalFilter;

fn row(l: EventLine) -> EventReportRow {
    let (event_id, area, nfi, nsv, nen, cfi, csv, cen, starts_on, registered, attended, estimate) = l;
    EventReportRow {
        event_id,
        area,
        area_name: LocalizedText { fi: nfi, sv: nsv, en: nen },
        city: cfi.map(|fi| LocalizedText { fi, sv: csv, en: cen }),
        starts_on,
        registered_count: registered,
        attended_count: attended,
        attended_is_estimate: estimate,
    }
}

/// Table 1: the filtered events, oldest first, with totals summed by the database.
pub fn event_report(c: &mut DbConn, f: &EventReportFilter) -> QueryResult<EventReport> {
    let rows = repo::event_lines(c, f)?.into_iter().map(row).collect();
    let (events, registered_count, attended_count, estimated) = repo::event_totals(c, f)?;
    let totals =
        EventReportTotals { registered_count, attended_count, events, attended_is_estimate: estimated > 0 };
    Ok(EventReport { rows, totals })
}

/// Appendix 1: the filtered proposals counted by category, tier and status.
pub fn proposal_report(c: &mut DbConn, f: &ProposalFilter) -> QueryResult<ProposalReport> {
    let rows = repo::proposal_counts(c, f)?
        .into_iter()
        .map(|(category, tier, status, count)| ProposalReportRow { category, tier, status, count })
        .collect();
    Ok(ProposalReport::new(rows, repo::selected_count(c, f)?))
}
