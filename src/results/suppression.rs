//! Small-group suppression that holds across every table a caller may ask for.
//!
//! The tables (by collaboration area, by area, by event, and their totals) are
//! margins of one hidden cross tab of respondents per (organisation, event)
//! cell. A figure is a set of cells; a caller who adds and subtracts published
//! figures computes the respondents of other sets of cells, so suppression is
//! decided once, for all figures of the cube together, in one universe at a time
//! (the respondents, then the answerers of each question):
//!
//! 1. primary: a figure with fewer than `min` is hidden;
//! 2. secondary, repeated until nothing small is left to find: a hidden figure
//!    that the visible ones still determine, a difference of two known figures,
//!    or any set of cells in the span of the visible figures (see `span`), that
//!    counts each respondent once and between 1 and `min - 1` of them, hides one
//!    visible figure taking part. Sets of up to `min - 1` small cells are all
//!    searched when there are few enough small cells (up to about 600 for a
//!    `min` of 5); that covers every combination of any number of figures, since
//!    fewer than `min` respondents sit in fewer than `min` cells. Beyond that
//!    budget, smaller sets are searched and so is every `a + b − c` and
//!    `a − b − c` of known figures. The figure hidden is a total if
//!    one does (a total joins every partition, so hiding it ends the most
//!    subtractions and keeps the groups the tables are for), else the smallest;
//! 3. a hidden figure that the visible ones determine anyway, and that is large
//!    enough, is shown (withholding it would protect nobody).
//!
//! Only cells holding someone in the universe count (a caller may know which are
//! empty). Sets of cells each holding `min` or more can never add up to fewer,
//! so data whose every cell is large skip step 2. Hiding only shrinks what can be
//! computed, so the loop ends, after at most one round per figure.

mod universe;

use universe::Universe;

/// Most cell subsets tried per round when looking for small computable sets.
const HALVES_BUDGET: usize = 200_000;

/// Which figures may be shown, in one universe.
///
/// `sets[f]` are figure `f`'s cells; `weights[c]` who in this universe cell `c`
/// holds; `allowed[f]` whether `f` may be shown at all; `rank[f]` orders the
/// figures to hide before size does (lower first; ties go to the lower index).
pub fn protect(sets: &[Vec<usize>], weights: &[i64], allowed: &[bool], rank: &[u8], min: i64) -> Vec<bool> {
    protect_within(sets, weights, allowed, rank, min, HALVES_BUDGET)
}

/// `protect`, trying at most `budget` sets of small cells per half.
fn protect_within(
    sets: &[Vec<usize>],
    weights: &[i64],
    allowed: &[bool],
    rank: &[u8],
    min: i64,
    budget: usize,
) -> Vec<bool> {
    let u = Universe::new(sets, weights, min, budget);
    let mut visible: Vec<bool> = (0..sets.len()).map(|f| allowed[f] && u.n[f] >= min).collect();
    if u.weights.iter().all(|&w| w >= min) {
        return visible;
    }
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by_key(|&f| (rank[f], f));
    loop {
        let span = u.span(&visible, &order);
        let Some(terms) = u.leak(&span, &visible) else {
            for f in 0..sets.len() {
                if !visible[f] && allowed[f] && u.n[f] >= min && span.express(&u.sets[f]).is_some() {
                    visible[f] = true;
                }
            }
            return visible;
        };
        let smallest = terms.into_iter().filter(|&f| visible[f]).min_by_key(|&f| (rank[f], u.n[f], f));
        match smallest {
            Some(f) => visible[f] = false,
            // Unreachable (a computed set needs a visible figure); fail closed.
            None => return vec![false; sets.len()],
        }
    }
}

#[cfg(test)]
mod tests;
