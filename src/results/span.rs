//! What a caller can compute from published figures by adding and subtracting
//! them, with any coefficients: the span of the figures' 0/1 vectors over the
//! cells of a results cube, kept in reduced row echelon form.
//!
//! Arithmetic is modulo the prime 2^61 − 1 rather than over the rationals: exact,
//! fast, and for vectors of 0s and 1s a set that lies in the rational span always
//! lies in this one (so no derivable set is missed); the converse can fail only if
//! the prime divides a minor of the figure matrix, which would merely suppress more.

/// The modulus, 2^61 − 1.
const P: u64 = (1 << 61) - 1;

fn add(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= P {
        s - P
    } else {
        s
    }
}

fn sub(a: u64, b: u64) -> u64 {
    add(a, P - b)
}

fn mul(a: u64, b: u64) -> u64 {
    let x = u128::from(a) * u128::from(b);
    let r = (x as u64 & P) + (x >> 61) as u64;
    add(r & P, r >> 61)
}

fn inv(a: u64) -> u64 {
    let (mut base, mut exp, mut acc) = (a, P - 2, 1);
    while exp > 0 {
        if exp & 1 == 1 {
            acc = mul(acc, base);
        }
        base = mul(base, base);
        exp >>= 1;
    }
    acc
}

/// `target -= factor * source`, entry by entry.
fn sub_scaled(target: &mut [u64], factor: u64, source: &[u64]) {
    for (t, s) in target.iter_mut().zip(source) {
        if *s != 0 {
            *t = sub(*t, mul(factor, *s));
        }
    }
}

/// One row: a vector over the cells, and which generators combine to it.
struct Row {
    pivot: usize,
    cells: Vec<u64>,
    combo: Vec<u64>,
}

/// The span of some generators (figures), each a 0/1 vector over `width` cells.
pub struct Span {
    width: usize,
    generators: usize,
    rows: Vec<Row>,
}

impl Span {
    /// An empty span over `width` cells, for generators numbered below `generators`.
    pub fn new(width: usize, generators: usize) -> Self {
        Self { width, generators, rows: Vec::new() }
    }

    /// `x` (given by the cells where it is 1) minus its projection on the rows,
    /// and the generators' coefficients of that projection.
    fn reduce(&self, ones: &[usize]) -> (Vec<u64>, Vec<u64>) {
        let mut x = vec![0; self.width];
        ones.iter().for_each(|&c| x[c] = 1);
        let mut combo = vec![0; self.generators];
        for row in &self.rows {
            let f = x[row.pivot];
            if f != 0 {
                sub_scaled(&mut x, f, &row.cells);
                sub_scaled(&mut combo, P - f, &row.combo);
            }
        }
        (x, combo)
    }

    /// Adds generator `g`, which is 1 on the cells `ones`.
    pub fn add(&mut self, g: usize, ones: &[usize]) {
        let (mut x, mut combo) = self.reduce(ones);
        // reduce() gave the coefficients of the projection; the new row is x itself.
        combo.iter_mut().for_each(|v| *v = sub(0, *v));
        combo[g] = add(combo[g], 1);
        let Some(pivot) = x.iter().position(|v| *v != 0) else { return };
        let scale = inv(x[pivot]);
        x.iter_mut().for_each(|v| *v = mul(*v, scale));
        combo.iter_mut().for_each(|v| *v = mul(*v, scale));
        for row in &mut self.rows {
            let f = row.cells[pivot];
            if f != 0 {
                sub_scaled(&mut row.cells, f, &x);
                sub_scaled(&mut row.combo, f, &combo);
            }
        }
        self.rows.push(Row { pivot, cells: x, combo });
    }

    /// When the set of cells `ones` can be computed from the generators: the
    /// generators that take part (nonzero coefficient) in one way of computing it.
    pub fn express(&self, ones: &[usize]) -> Option<Vec<usize>> {
        let (rest, combo) = self.reduce(ones);
        rest.iter().all(|v| *v == 0).then(|| (0..self.generators).filter(|&g| combo[g] != 0).collect())
    }

    /// A fixed pseudo-random vector orthogonal to every generator: a set of cells
    /// in the span sums its entries to zero (the converse holds but for a chance
    /// of about 2^-61, and `express` confirms it).
    pub fn annihilator(&self) -> Vec<u64> {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) % (P - 1) + 1
        };
        let mut h = vec![0; self.width];
        let mut is_pivot = vec![false; self.width];
        self.rows.iter().for_each(|r| is_pivot[r.pivot] = true);
        for (c, v) in h.iter_mut().enumerate() {
            if !is_pivot[c] {
                *v = next();
            }
        }
        for row in &self.rows {
            let s = (0..self.width).filter(|&c| !is_pivot[c]).fold(0, |s, c| add(s, mul(row.cells[c], h[c])));
            h[row.pivot] = sub(0, s);
        }
        h
    }

    /// The sum of `h` over the cells `ones`.
    pub fn weigh(h: &[u64], ones: &[usize]) -> u64 {
        ones.iter().fold(0, |s, &c| add(s, h[c]))
    }

    /// The additive inverse of `v`.
    pub fn negate(v: u64) -> u64 {
        sub(0, v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_modulo_the_prime_inverts_and_multiplies() {
        assert_eq!(mul(inv(12345), 12345), 1);
        assert_eq!(mul(P - 1, P - 1), 1);
        assert_eq!(sub(3, 5), P - 2);
    }

    #[test]
    fn a_difference_of_nested_sets_is_in_the_span_and_names_its_terms() {
        // cells 0..4; generators: {0,1,2,3} (a total), {0,1} and {2} (two groups).
        let mut s = Span::new(4, 3);
        s.add(0, &[0, 1, 2, 3]);
        s.add(1, &[0, 1]);
        s.add(2, &[2]);
        assert_eq!(s.express(&[3]), Some(vec![0, 1, 2]), "total − {{0,1}} − {{2}}");
        assert_eq!(s.express(&[0, 1]), Some(vec![1]));
        assert_eq!(s.express(&[0]), None, "cell 0 cannot be told from cell 1");
        let h = s.annihilator();
        assert_eq!(Span::weigh(&h, &[3]), 0);
        assert_ne!(Span::weigh(&h, &[0]), 0);
        assert_eq!(add(Span::weigh(&h, &[0]), Span::weigh(&h, &[1])), 0);
    }

    #[test]
    fn a_dependent_generator_adds_no_row() {
        let mut s = Span::new(3, 3);
        s.add(0, &[0, 1]);
        s.add(1, &[2]);
        s.add(2, &[0, 1, 2]);
        assert_eq!(s.rows.len(), 2);
        assert!(s.express(&[0, 1, 2]).is_some());
    }
}
