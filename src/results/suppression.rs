//! Small-group suppression, as pure functions: what may be shown without
//! letting anyone derive a small group's figures.
//!
//! - a group with fewer than `min` respondents is suppressed (`n` and figures null);
//! - the total is withheld when exactly one group is suppressed (it could be
//!   derived by subtraction) or when the total itself is under `min`;
//! - inside a visible group, a question answered by fewer than `min`
//!   respondents is suppressed, and the same two rules then apply to that
//!   question's total across groups.

/// Whether a group (or a question within one) of `n` respondents is too small to show.
pub fn is_small(n: i64, min: i64) -> bool {
    n < min
}

/// Whether the total must be withheld, given how many groups are hidden.
pub fn total_withheld(hidden_groups: usize, total_n: i64, min: i64) -> bool {
    hidden_groups == 1 || is_small(total_n, min)
}

/// Which of `group_ns` are suppressed, and whether their total is withheld.
pub fn suppress(group_ns: &[i64], min: i64) -> (Vec<bool>, bool) {
    let hidden: Vec<bool> = group_ns.iter().map(|&n| is_small(n, min)).collect();
    let count = hidden.iter().filter(|h| **h).count();
    let total = total_withheld(count, group_ns.iter().sum(), min);
    (hidden, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundary_is_min_group_size_itself() {
        assert!(is_small(4, 5));
        assert!(!is_small(5, 5));
        assert!(is_small(0, 5));
    }

    #[test]
    fn exactly_one_small_group_withholds_the_total() {
        assert_eq!(suppress(&[28, 11, 27, 14, 3], 5), (vec![false, false, false, false, true], true));
    }

    #[test]
    fn two_small_groups_leave_the_total_visible() {
        assert_eq!(suppress(&[10, 3, 2], 5), (vec![false, true, true], false));
    }

    #[test]
    fn all_groups_small_but_total_large_shows_the_total() {
        assert_eq!(suppress(&[4, 4], 5), (vec![true, true], false));
    }

    #[test]
    fn a_small_total_is_withheld_even_without_small_groups() {
        assert_eq!(suppress(&[], 5), (vec![], true));
        assert_eq!(suppress(&[2, 2], 5), (vec![true, true], true));
        assert_eq!(suppress(&[4], 5), (vec![true], true));
    }

    #[test]
    fn no_small_group_and_a_large_total_hides_nothing() {
        assert_eq!(suppress(&[5, 5], 5), (vec![false, false], false));
    }
}
