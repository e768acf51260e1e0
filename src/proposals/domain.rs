//! The systems-model categories, tiers and the status workflow of proposals.

crate::stored_enum! {
    /// The systems-model category (Vincent 2010, as in the 2023 report's Appendix 1).
    pub enum Category {
        OrganisationManagement = "organisation_management",
        CompetencePractices = "competence_practices",
        EnvironmentSystems = "environment_systems",
        ClientFactors = "client_factors",
        HumanError = "human_error",
        Safeguards = "safeguards",
    }
}

crate::stored_enum! {
    /// Where a proposal stands in the workflow.
    pub enum ProposalStatus {
        Proposed = "proposed",
        Prioritized = "prioritized",
        Selected = "selected",
        InProgress = "in_progress",
        Done = "done",
        Rejected = "rejected",
    }
}

impl ProposalStatus {
    /// `proposed → prioritized → selected → in_progress → done`, or to `rejected`
    /// from any state but `done`. Staying in the same state is no move and allowed.
    pub fn can_move_to(self, next: Self) -> bool {
        use ProposalStatus::*;
        self == next
            || matches!(
                (self, next),
                (Proposed, Prioritized)
                    | (Prioritized, Selected)
                    | (Selected, InProgress)
                    | (InProgress, Done)
            )
            || (next == Rejected && !matches!(self, Done | Rejected))
    }
}

/// Who works on a proposal: 1 the Centre leads, 2 the Centre supports, 3 other networks.
pub fn check_tier(tier: i64) -> Result<i32, String> {
    match i32::try_from(tier) {
        Ok(t) if (1..=3).contains(&t) => Ok(t),
        _ => Err(format!("must be 1, 2 or 3, not {tier}")),
    }
}

/// The largest `selected_order` accepted.
pub const MAX_SELECTED_ORDER: i64 = 1000;

/// The place of a chosen development measure: 1..=`MAX_SELECTED_ORDER`.
pub fn check_selected_order(order: i64) -> Result<i32, String> {
    match i32::try_from(order) {
        Ok(o) if (1..=MAX_SELECTED_ORDER).contains(&order) => Ok(o),
        _ => Err(format!("must be between 1 and {MAX_SELECTED_ORDER}, not {order}")),
    }
}

#[cfg(test)]
mod tests {
    use super::ProposalStatus::*;
    use super::*;

    #[test]
    fn the_workflow_moves_forward_one_step_or_to_rejected() {
        for (from, to) in
            [(Proposed, Prioritized), (Prioritized, Selected), (Selected, InProgress), (InProgress, Done)]
        {
            assert!(from.can_move_to(to), "{from:?} → {to:?}");
            assert!(!to.can_move_to(from), "{to:?} → {from:?} goes back");
        }
        for from in [Proposed, Prioritized, Selected, InProgress] {
            assert!(from.can_move_to(Rejected));
        }
        assert!(!Done.can_move_to(Rejected));
        assert!(!Rejected.can_move_to(Proposed));
        assert!(!Proposed.can_move_to(Selected), "no skipping");
        assert!(!Proposed.can_move_to(Done));
        assert!(Selected.can_move_to(Selected), "no move at all");
    }

    #[test]
    fn names_round_trip_and_numbers_are_bounded() {
        for &c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        for &s in ProposalStatus::ALL {
            assert_eq!(ProposalStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(check_tier(2), Ok(2));
        assert!(check_tier(0).is_err() && check_tier(4).is_err() && check_tier(i64::MAX).is_err());
        assert_eq!(check_selected_order(4), Ok(4));
        assert!(check_selected_order(0).is_err() && check_selected_order(1001).is_err());
    }
}
