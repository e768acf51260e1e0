//! Small-group suppression, as pure functions: what may be shown without
//! letting anyone derive a small group's figures, by subtraction included.
//!
//! - a group with fewer than `min` respondents is suppressed (`n` and figures null);
//! - secondary suppression: where an organisation is suppressed, its
//!   collaboration area's figure minus its visible siblings would reveal it,
//!   so siblings are suppressed too (smallest first) until the suppressed ones
//!   of that area hold at least `min` together;
//! - a total is withheld when its suppressed groups together (what the total
//!   minus the visible groups reveals) hold fewer than `min` — in particular when
//!   exactly one group is suppressed — or when the total itself is under `min`.
//!   Where the grouping asked for hides some group, the handler also checks the
//!   area, collaboration-area and event partitions of the same responses, so that
//!   no grouping's total undoes another's suppression (a grouping that hides
//!   nothing shows its total: it is the sum of what it shows anyway);
//! - inside a visible group, a question answered by fewer than `min`
//!   respondents is suppressed, and the total rule then applies to that question.

use std::collections::BTreeMap;

/// Whether a group (or a question within one) of `n` respondents is too small to show.
pub fn is_small(n: i64, min: i64) -> bool {
    n < min
}

/// Whether a total must be withheld, given the sizes of its suppressed groups.
pub fn total_withheld(hidden_ns: &[i64], total_n: i64, min: i64) -> bool {
    let revealed: i64 = hidden_ns.iter().sum();
    (!hidden_ns.is_empty() && revealed < min) || is_small(total_n, min)
}

/// Primary suppression, then secondary suppression among the children of each parent.
pub fn suppress_within<P: Ord + Copy>(groups: &[(Option<P>, i64)], min: i64) -> Vec<bool> {
    let mut hidden: Vec<bool> = groups.iter().map(|(_, n)| is_small(*n, min)).collect();
    let mut by_parent: BTreeMap<P, Vec<usize>> = BTreeMap::new();
    for (i, (parent, _)) in groups.iter().enumerate() {
        if let Some(p) = parent {
            by_parent.entry(*p).or_default().push(i);
        }
    }
    for children in by_parent.values() {
        let hidden_sum = |h: &[bool]| children.iter().filter(|&&i| h[i]).map(|&i| groups[i].1).sum::<i64>();
        while children.iter().any(|&i| hidden[i]) && hidden_sum(&hidden) < min {
            let smallest = children.iter().filter(|&&i| !hidden[i]).min_by_key(|&&i| groups[i].1);
            match smallest {
                Some(&i) => hidden[i] = true,
                None => break,
            }
        }
    }
    hidden
}

/// Which of `group_ns` are suppressed, and whether their total is withheld.
pub fn suppress(group_ns: &[i64], min: i64) -> (Vec<bool>, bool) {
    let hidden: Vec<bool> = group_ns.iter().map(|&n| is_small(n, min)).collect();
    let total = withheld_given(group_ns, &hidden, min);
    (hidden, total)
}

/// The total rule for groups of `ns` of which `hidden` are suppressed.
pub fn withheld_given(ns: &[i64], hidden: &[bool], min: i64) -> bool {
    let hidden_ns: Vec<i64> = ns.iter().zip(hidden).filter(|(_, h)| **h).map(|(n, _)| *n).collect();
    total_withheld(&hidden_ns, ns.iter().sum(), min)
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
    fn small_groups_holding_min_together_leave_the_total_visible() {
        assert_eq!(suppress(&[10, 3, 2], 5), (vec![false, true, true], false));
    }

    #[test]
    fn small_groups_holding_less_than_min_together_withhold_the_total() {
        assert_eq!(suppress(&[10, 2, 2], 5), (vec![false, true, true], true));
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

    #[test]
    fn a_lone_small_sibling_takes_the_smallest_visible_sibling_with_it() {
        let groups = [(Some("w"), 20), (Some("w"), 6), (Some("w"), 3), (Some("s"), 9), (Some("s"), 8)];
        assert_eq!(suppress_within(&groups, 5), [false, true, true, false, false]);
    }

    #[test]
    fn secondary_suppression_stops_once_the_hidden_siblings_hold_min() {
        let groups = [(Some("w"), 20), (Some("w"), 1), (Some("w"), 2), (Some("w"), 6), (Some("w"), 7)];
        assert_eq!(suppress_within(&groups, 5), [false, true, true, true, false]);
        let enough = [(Some("w"), 20), (Some("w"), 3), (Some("w"), 2)];
        assert_eq!(suppress_within(&enough, 5), [false, true, true]);
        let no_parent: [(Option<&str>, i64); 2] = [(None, 20), (None, 3)];
        assert_eq!(suppress_within(&no_parent, 5), [false, true]);
    }
}
