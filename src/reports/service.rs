//! What other parts of the reports share: Table 1 built from its queries.

use diesel::QueryResult;

use super::dto::{EventReport, EventReportRow, EventReportTotals};
use super::repo::{self, EventLine, EventReportFilter};
use crate::common::LocalizedText;
use crate::db::DbConn;

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
