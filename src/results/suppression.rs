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

use std::collections::HashMap;

use super::span::Span;

/// Most cell subsets tried per round when looking for small computable sets.
const HALVES_BUDGET: usize = 200_000;

/// One universe: the figures' cells that hold someone, and their sizes.
struct Universe {
    min: i64,
    weights: Vec<i64>,
    sets: Vec<Vec<usize>>,
    bits: Vec<Vec<u64>>,
    n: Vec<i64>,
    /// The cells holding fewer than `min`.
    small: Vec<usize>,
    /// How many small cells each half of a searched set may hold.
    half: usize,
    /// Whether every set of small cells that could hold fewer than `min` is searched.
    complete: bool,
}

/// A known figure: visible, or computable from the visible ones as `terms`.
struct Known {
    figure: usize,
    terms: Vec<usize>,
}

impl Universe {
    fn new(sets: &[Vec<usize>], weights: &[i64], min: i64, budget: usize) -> Self {
        let mut compact = vec![usize::MAX; weights.len()];
        let mut kept = Vec::new();
        for (c, &w) in weights.iter().enumerate() {
            if w > 0 {
                compact[c] = kept.len();
                kept.push(w);
            }
        }
        let sets: Vec<Vec<usize>> = sets
            .iter()
            .map(|s| s.iter().map(|&c| compact[c]).filter(|&c| c != usize::MAX).collect())
            .collect();
        let words = kept.len().div_ceil(64);
        let bits = sets
            .iter()
            .map(|s| {
                let mut b = vec![0u64; words];
                s.iter().for_each(|&c| b[c / 64] |= 1 << (c % 64));
                b
            })
            .collect();
        let n = sets.iter().map(|s| s.iter().map(|&c| kept[c]).sum()).collect();
        let small: Vec<usize> = (0..kept.len()).filter(|&c| kept[c] < min).collect();
        let need = usize::try_from(min - 1).unwrap_or(0).div_ceil(2);
        let half = affordable_half(small.len(), need, budget);
        Self { min, weights: kept, sets, bits, n, small, half, complete: half == need }
    }

    fn is_small(&self, size: i64) -> bool {
        (1..self.min).contains(&size)
    }

    /// The span of the visible figures, taken in `order` (so that the ways of
    /// computing a set it finds use the figures to hide first where they can).
    fn span(&self, visible: &[bool], order: &[usize]) -> Span {
        let mut span = Span::new(self.weights.len(), self.sets.len());
        for &f in order.iter().filter(|&&f| visible[f]) {
            span.add(f, &self.sets[f]);
        }
        span
    }

    /// Visible figures, and hidden ones the visible determine; or the terms of a
    /// hidden small figure they determine.
    fn known(&self, span: &Span, visible: &[bool]) -> Result<Vec<Known>, Vec<usize>> {
        let mut known = Vec::new();
        for (figure, &shown) in visible.iter().enumerate() {
            if shown {
                known.push(Known { figure, terms: vec![figure] });
            } else if let Some(terms) = span.express(&self.sets[figure]) {
                if self.is_small(self.n[figure]) {
                    return Err(terms);
                }
                known.push(Known { figure, terms });
            }
        }
        known.retain(|k| self.n[k.figure] > 0);
        known.sort_by_key(|k| (self.n[k.figure], k.figure));
        Ok(known)
    }

    fn subset(&self, a: usize, b: usize) -> bool {
        self.bits[a].iter().zip(&self.bits[b]).all(|(x, y)| x & !y == 0)
    }

    fn disjoint(&self, a: usize, b: usize) -> bool {
        self.bits[a].iter().zip(&self.bits[b]).all(|(x, y)| x & y == 0)
    }

    /// `a + b − c` counts everyone 0 or 1 times.
    fn sum_less_ok(&self, a: usize, b: usize, c: usize) -> bool {
        let (ba, bb, bc) = (&self.bits[a], &self.bits[b], &self.bits[c]);
        (0..ba.len()).all(|w| bc[w] & !(ba[w] | bb[w]) == 0 && ba[w] & bb[w] & !bc[w] == 0)
    }

    /// The first difference of two known figures that counts between 1 and
    /// `min − 1` respondents once each.
    fn small_difference(&self, known: &[Known]) -> Option<Vec<usize>> {
        let ns: Vec<i64> = known.iter().map(|k| self.n[k.figure]).collect();
        let fig = |i: usize| known[i].figure;
        for i in 0..known.len() {
            let lo = ns.partition_point(|&n| n < ns[i] - (self.min - 1));
            for j in (lo..i).filter(|&j| self.is_small(ns[i] - ns[j])) {
                if self.subset(fig(j), fig(i)) {
                    return Some(terms(known, &[i, j]));
                }
            }
        }
        None
    }

    /// The first `a + b − c` or `c − a − b` of known figures that counts between
    /// 1 and `min − 1` respondents once each. Known figures hold `min` or more, so
    /// in `a + b − c` the set `c` is larger than `a` and `b` yet inside `a ∪ b`: it
    /// overlaps both; in `c − a − b` both lie inside `c`. So only figures
    /// overlapping `c` are paired, the second found by size.
    fn small_triple(&self, known: &[Known]) -> Option<Vec<usize>> {
        let ns: Vec<i64> = known.iter().map(|k| self.n[k.figure]).collect();
        let fig = |i: usize| known[i].figure;
        let top = self.min - 1;
        for c in 0..known.len() {
            let fc = fig(c);
            let near: Vec<usize> =
                (0..known.len()).filter(|&a| a != c && !self.disjoint(fig(a), fc)).collect();
            let ns = &ns;
            let within = |lo: i64, hi: i64| {
                let from = near.partition_point(|&b| ns[b] < lo);
                near[from..].iter().copied().take_while(move |&b| ns[b] <= hi)
            };
            for &a in &near {
                let rest = ns[c] - ns[a];
                for b in within(rest + 1, rest + top).filter(|&b| b != a) {
                    if self.sum_less_ok(fig(a), fig(b), fc) {
                        return Some(terms(known, &[a, b, c]));
                    }
                }
                if !self.subset(fig(a), fc) {
                    continue;
                }
                for b in within(rest - top, rest - 1).filter(|&b| b != a) {
                    if self.subset(fig(b), fc) && self.disjoint(fig(a), fig(b)) {
                        return Some(terms(known, &[a, b, c]));
                    }
                }
            }
        }
        None
    }

    /// The figures taking part in computing some set of up to `2 * half` small
    /// cells that holds between 1 and `min − 1` respondents (meet in the middle on
    /// the annihilator's sums: a set in the span sums to zero).
    fn small_cell_set(&self, span: &Span) -> Option<Vec<usize>> {
        let h = span.annihilator();
        let halves = self.halves(&h);
        let mut by_sum: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, half) in halves.iter().enumerate() {
            by_sum.entry(half.0).or_default().push(i);
        }
        for (i, (sum, weight, cells)) in halves.iter().enumerate() {
            let partners = by_sum.get(&Span::negate(*sum)).map_or(&[][..], Vec::as_slice);
            let alone = (*sum == 0).then_some(usize::MAX);
            for j in partners.iter().copied().filter(|&j| j > i).chain(alone) {
                let mut set = cells.clone();
                if j != usize::MAX {
                    let (_, w, other) = &halves[j];
                    if weight + w >= self.min || other.iter().any(|c| cells.contains(c)) {
                        continue;
                    }
                    set.extend(other);
                }
                if let Some(terms) = span.express(&set) {
                    return Some(terms);
                }
            }
        }
        None
    }

    /// Every set of 1 to `half` small cells holding fewer than `min`, with its sum under `h`.
    fn halves(&self, h: &[u64]) -> Vec<(u64, i64, Vec<usize>)> {
        let mut out = Vec::new();
        self.extend_halves(h, 0, 0, &mut Vec::new(), &mut out);
        out
    }

    /// Adds to `out` every extension of `stack` by small cells from the `from`-th on.
    fn extend_halves(
        &self,
        h: &[u64],
        from: usize,
        weight: i64,
        stack: &mut Vec<usize>,
        out: &mut Vec<(u64, i64, Vec<usize>)>,
    ) {
        if stack.len() == self.half {
            return;
        }
        for (k, &c) in self.small.iter().enumerate().skip(from) {
            let w = weight + self.weights[c];
            if w >= self.min {
                continue;
            }
            stack.push(c);
            out.push((Span::weigh(h, stack), w, stack.clone()));
            self.extend_halves(h, k + 1, w, stack, out);
            stack.pop();
        }
    }

    /// The terms of some small set the visible figures determine, if any.
    fn leak(&self, span: &Span, visible: &[bool]) -> Option<Vec<usize>> {
        let known = match self.known(span, visible) {
            Ok(known) => known,
            Err(terms) => return Some(terms),
        };
        self.small_difference(&known)
            .or_else(|| if self.complete { None } else { self.small_triple(&known) })
            .or_else(|| self.small_cell_set(span))
    }
}

/// The terms of the known figures numbered `ids`.
fn terms(known: &[Known], ids: &[usize]) -> Vec<usize> {
    ids.iter().flat_map(|&i| known[i].terms.iter().copied()).collect()
}

/// The most cells per half (up to `need`) whose subsets of `small` cells stay within `budget`.
fn affordable_half(small: usize, need: usize, budget: usize) -> usize {
    let (mut half, mut count, mut choose) = (0, 0usize, 1usize);
    while half < need {
        choose = choose.saturating_mul(small.saturating_sub(half)) / (half + 1);
        if count.saturating_add(choose) > budget {
            break;
        }
        count += choose;
        half += 1;
    }
    half
}

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
