//! One universe of the suppression (see the parent module): its cells and
//! figures, and the searches for a small set of cells the visible figures
//! determine.

use std::collections::HashMap;

use crate::results::span::Span;

/// One universe: the figures' cells that hold someone, and their sizes.
pub(super) struct Universe {
    min: i64,
    /// Who each kept cell (one holding someone) holds.
    pub(super) weights: Vec<i64>,
    /// Each figure's kept cells, and the same as bit sets.
    pub(super) sets: Vec<Vec<usize>>,
    bits: Vec<Vec<u64>>,
    /// Each figure's size.
    pub(super) n: Vec<i64>,
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
    /// `sets` and `weights` as `protect` takes them; `budget` bounds the search
    /// over sets of small cells.
    pub(super) fn new(sets: &[Vec<usize>], weights: &[i64], min: i64, budget: usize) -> Self {
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
    pub(super) fn span(&self, visible: &[bool], order: &[usize]) -> Span {
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
    pub(super) fn leak(&self, span: &Span, visible: &[bool]) -> Option<Vec<usize>> {
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
