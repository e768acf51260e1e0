use super::*;

/// Figures over cells given as lists; every figure allowed, equal ranks.
fn run(sets: &[&[usize]], weights: &[i64], min: i64) -> Vec<bool> {
    let sets: Vec<Vec<usize>> = sets.iter().map(|s| s.to_vec()).collect();
    protect(&sets, weights, &vec![true; sets.len()], &vec![0; sets.len()], min)
}

#[test]
fn large_cells_hide_only_small_figures() {
    // cells: (hus, A) 9, (hus, none) 7; figures: total, hus, A, an empty event.
    assert_eq!(run(&[&[0, 1], &[0, 1], &[0], &[]], &[9, 7], 5), [true, true, true, false]);
}

#[test]
fn an_organisation_minus_an_event_it_holds_cannot_single_out_another_event() {
    // cells: (hus, A) 5, (hus, B) 1. figures: total, hus, A, B.
    let shown = run(&[&[0, 1], &[0, 1], &[0], &[1]], &[5, 1], 5);
    assert_eq!(shown, [true, true, false, false], "hus − A would be B's one respondent");
}

#[test]
fn subtracting_any_number_of_events_cannot_single_out_the_last_one() {
    // cells: (hus, A) 5, (hus, C) 6, (hus, D) 7, (hus, B) 1; hus − A − C − D = B.
    let shown = run(&[&[0, 1, 2, 3], &[0], &[1], &[2], &[3]], &[5, 6, 7, 1], 5);
    assert!(!shown[1], "the smallest event goes: {shown:?}");
    assert!(shown[0] && shown[2] && shown[3] && !shown[4]);
}

#[test]
fn a_lone_small_sibling_takes_the_smallest_visible_sibling_with_it() {
    // region = a ∪ b ∪ c with 20, 6, 3.
    let shown = run(&[&[0, 1, 2], &[0], &[1], &[2]], &[20, 6, 3], 5);
    assert_eq!(shown, [true, true, false, false]);
}

#[test]
fn small_siblings_holding_enough_together_leave_the_parent_visible() {
    let shown = run(&[&[0, 1, 2], &[0], &[1], &[2]], &[20, 3, 2], 5);
    assert_eq!(shown, [true, true, false, false]);
    let too_few = run(&[&[0, 1, 2], &[1], &[2]], &[1, 3, 2], 5);
    assert_eq!(too_few, [true, false, false], "a parent of 6 with hidden children of 5 shows");
}

#[test]
fn a_hidden_figure_the_visible_ones_determine_is_shown_when_large() {
    // total = a ∪ b, both large: nothing to hide, nothing to withhold.
    assert_eq!(run(&[&[0, 1], &[0], &[1]], &[8, 6], 5), [true, true, true]);
    // Not allowed to show stays hidden even when determined.
    let sets = vec![vec![0, 1], vec![0], vec![1]];
    assert_eq!(protect(&sets, &[8, 6], &[true, true, false], &[0; 3], 5), [true, true, false]);
}

#[test]
fn a_figure_ranked_first_is_hidden_before_a_smaller_one() {
    // total = a ∪ b with 5 and 1: b is small, and total − a would give it away.
    let sets = vec![vec![0, 1], vec![0], vec![1]];
    let all = [true; 3];
    assert_eq!(protect(&sets, &[5, 1], &all, &[0; 3], 5), [true, false, false], "by size: a goes");
    // Results rank totals first (see `build`): the total goes and keeps the group.
    assert_eq!(protect(&sets, &[5, 1], &all, &[0, 1, 1], 5), [false, true, false]);
}

#[test]
fn nested_events_and_organisations_hide_until_no_difference_is_small() {
    // cells: (hus, E1) 6, (hel, E1) 2, (hel, E2) 3, (vs, E2) 5.
    // figures: total, etela (hus, hel), lansi (vs), hus, hel, vs, E1, E2.
    let sets: &[&[usize]] = &[&[0, 1, 2, 3], &[0, 1, 2], &[3], &[0], &[1, 2], &[3], &[0, 1], &[2, 3]];
    let shown = run(sets, &[6, 2, 3, 5], 5);
    let sets: Vec<Vec<usize>> = sets.iter().map(|s| s.to_vec()).collect();
    assert_no_small_combination(&sets, &[6, 2, 3, 5], &shown, 5);
}

/// Every combination with coefficients −1, 0, 1 of the shown figures (any number
/// of them) that counts each cell 0 or 1 times holds 0 or at least `min`.
fn assert_no_small_combination(sets: &[Vec<usize>], weights: &[i64], shown: &[bool], min: i64) {
    assert_no_small_combination_of(sets, weights, shown, min, usize::MAX);
}

/// The same, for combinations of at most `terms` figures.
fn assert_no_small_combination_of(
    sets: &[Vec<usize>],
    weights: &[i64],
    shown: &[bool],
    min: i64,
    terms: usize,
) {
    let visible: Vec<&Vec<usize>> = sets.iter().zip(shown).filter(|(_, s)| **s).map(|(f, _)| f).collect();
    assert!(visible.len() <= 12, "too many figures for the exhaustive check");
    let mut coef = vec![-1i64; visible.len()];
    loop {
        let mut per_cell = vec![0i64; weights.len()];
        for (f, c) in visible.iter().zip(&coef) {
            f.iter().for_each(|&cell| per_cell[cell] += c);
        }
        let few = coef.iter().filter(|c| **c != 0).count() <= terms;
        let ok = few && per_cell.iter().zip(weights).all(|(v, w)| *w == 0 || *v == 0 || *v == 1);
        let size: i64 = per_cell.iter().zip(weights).map(|(v, w)| v * w).sum();
        assert!(!ok || !(1..min).contains(&size), "coefficients {coef:?} of {visible:?} count {size}");
        let Some(i) = coef.iter().position(|c| *c < 1) else { return };
        coef[i] += 1;
        coef[..i].iter_mut().for_each(|c| *c = -1);
    }
}

#[test]
#[should_panic(expected = "count 1")]
fn the_exhaustive_check_finds_an_organisation_minus_its_event() {
    let sets = vec![vec![0, 1], vec![0]];
    assert_no_small_combination(&sets, &[5, 1], &[true, true], 5);
}

/// Random cubes: 2 regions × 2 organisations each, 2 events + none (12 cells;
/// 10 figures: the total, the event total, 2 regions, 4 organisations, 2 events).
fn random_cube(rng: &mut impl rand::Rng) -> (Vec<Vec<usize>>, Vec<i64>) {
    let weights: Vec<i64> =
        (0..12).map(|_| if rng.gen_bool(0.4) { 0 } else { rng.gen_range(1..=8) }).collect();
    let cell = |org: usize, event: usize| org * 3 + event;
    let mut sets: Vec<Vec<usize>> = vec![(0..12).collect(), (0..12).filter(|c| c % 3 != 2).collect()];
    sets.extend((0..2).map(|r| (0..12).filter(|c| c / 6 == r).collect()));
    sets.extend((0..4).map(|o| (0..3).map(|e| cell(o, e)).collect()));
    sets.extend((0..2).map(|e| (0..4).map(|o| cell(o, e)).collect()));
    (sets, weights)
}

#[test]
fn beyond_the_cell_budget_no_sum_or_difference_of_three_figures_is_small() {
    use rand::SeedableRng;
    let mut rng = rand::rngs::StdRng::seed_from_u64(11);
    for case in 0..120 {
        let min = if case % 2 == 0 { 5 } else { 7 };
        let (sets, weights) = random_cube(&mut rng);
        let shown = protect_within(&sets, &weights, &vec![true; sets.len()], &vec![0; sets.len()], min, 0);
        assert_no_small_combination_of(&sets, &weights, &shown, min, 3);
    }
}

#[test]
fn random_cubes_leave_no_small_combination_of_any_length() {
    use rand::SeedableRng;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for case in 0..120 {
        let min = if case % 2 == 0 { 5 } else { 3 };
        let (sets, weights) = random_cube(&mut rng);
        let shown = protect(&sets, &weights, &vec![true; sets.len()], &vec![0; sets.len()], min);
        assert_no_small_combination(&sets, &weights, &shown, min);
    }
}
