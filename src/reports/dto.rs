//! Bodies of `/api/v1/reports/*`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::common::LocalizedText;
use crate::proposals::{Category, ProposalStatus};

/// One event in the report's Table 1.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventReportRow {
    pub event_id: String,
    pub area: String,
    pub area_name: LocalizedText,
    pub city: Option<LocalizedText>,
    pub starts_on: NaiveDate,
    pub registered_count: Option<i32>,
    pub attended_count: Option<i32>,
    pub attended_is_estimate: bool,
}

/// Sums over the rows; unknown (null) counts are left out of the sums.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventReportTotals {
    pub registered_count: i64,
    pub attended_count: i64,
    /// How many events the rows hold.
    pub events: i64,
    /// True when any row's attendance is an estimate.
    pub attended_is_estimate: bool,
}

/// The report's Table 1: events with their headcounts, oldest first, and the totals.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventReport {
    pub rows: Vec<EventReportRow>,
    pub totals: EventReportTotals,
}

/// How many proposals share a category, tier and status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposalReportRow {
    pub category: Category,
    pub tier: i32,
    pub status: ProposalStatus,
    pub count: i64,
}

/// Totals of the proposal report; every category, tier and status is present, zeros included.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposalReportTotals {
    pub proposals: i64,
    /// Proposals with a `selected_order`: the chosen development measures.
    pub selected: i64,
    pub by_category: BTreeMap<String, i64>,
    pub by_tier: BTreeMap<String, i64>,
    pub by_status: BTreeMap<String, i64>,
}

/// The report's Appendix 1 as counts by category × tier × status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposalReport {
    /// Only combinations that occur, by category, tier and status.
    pub rows: Vec<ProposalReportRow>,
    pub totals: ProposalReportTotals,
}

impl ProposalReport {
    /// Sorts the grouped rows and sums them up (a few dozen rows at most).
    pub fn new(mut rows: Vec<ProposalReportRow>, selected: i64) -> Self {
        rows.sort_by_key(|r| (r.category, r.tier, r.status));
        let mut by_category: BTreeMap<String, i64> =
            Category::ALL.iter().map(|c| (c.as_str().to_owned(), 0)).collect();
        let mut by_tier: BTreeMap<String, i64> = (1..=3).map(|t: i32| (t.to_string(), 0)).collect();
        let mut by_status: BTreeMap<String, i64> =
            ProposalStatus::ALL.iter().map(|s| (s.as_str().to_owned(), 0)).collect();
        for r in &rows {
            *by_category.entry(r.category.as_str().to_owned()).or_default() += r.count;
            *by_tier.entry(r.tier.to_string()).or_default() += r.count;
            *by_status.entry(r.status.as_str().to_owned()).or_default() += r.count;
        }
        let proposals = rows.iter().map(|r| r.count).sum();
        Self { rows, totals: ProposalReportTotals { proposals, selected, by_category, by_tier, by_status } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposal_totals_sum_the_grouped_rows_with_zeros_for_the_rest() {
        let row = |category, tier, status, count| ProposalReportRow { category, tier, status, count };
        let report = ProposalReport::new(
            vec![
                row(Category::Safeguards, 2, ProposalStatus::Prioritized, 1),
                row(Category::OrganisationManagement, 1, ProposalStatus::Selected, 2),
                row(Category::OrganisationManagement, 1, ProposalStatus::Prioritized, 2),
            ],
            2,
        );
        assert_eq!(report.rows[0].status, ProposalStatus::Prioritized, "sorted by category, tier, status");
        assert_eq!(report.totals.proposals, 5);
        assert_eq!(report.totals.by_category["organisation_management"], 4);
        assert_eq!(report.totals.by_category["human_error"], 0);
        assert_eq!(report.totals.by_tier["1"], 4);
        assert_eq!(report.totals.by_tier["3"], 0);
        assert_eq!(report.totals.by_status["selected"], 2);
        assert_eq!(report.totals.by_category.len(), 6);
    }
}
