//! Turns counter sums per cell into the results body: the cube's suppression is
//! decided for every figure at once (see `suppression`), then the asked table is
//! cut from it, so every table of the same survey and period agrees. Pure: no I/O.

use std::collections::HashMap;

use super::cube::{Cube, Kind, Tally};
use super::dto::{
    Distribution, GroupBy, GroupResult, QuestionResult, QuestionResults, ResultsResponse, TotalResult,
};
use super::repo::CellCount;
use super::suppression::protect;
use crate::common::LocalizedText;
use crate::surveys::{Question, QuestionType, Questions};

/// What a results request asked for.
pub struct Request<'a> {
    pub survey_id: String,
    pub group_by: GroupBy,
    /// The calendar year asked for, if any.
    pub year: Option<i32>,
    pub min_group_size: i64,
    /// False only for staff asking `suppress=false`.
    pub suppress: bool,
    pub questions: &'a Questions,
    pub names: &'a HashMap<String, LocalizedText>,
    /// The collaboration area of each organisation.
    pub parents: &'a HashMap<String, String>,
}

/// The values a question's distribution lists, in scale order.
fn values(q: &Question) -> Vec<String> {
    match (q.qtype.scale(), &q.options) {
        (Some((lo, hi)), _) => (lo..=hi).map(|v| v.to_string()).collect(),
        (None, Some(opts)) => opts.iter().map(|o| o.code.clone()).collect(),
        (None, None) => Vec::new(),
    }
}

/// How many in `t` answered `q` (with a value its distribution lists).
fn answered(q: &Question, values: &[String], t: &Tally) -> i64 {
    values.iter().filter_map(|v| t.answers.get(&(q.code.clone(), v.clone()))).sum()
}

fn figures(q: &Question, t: &Tally) -> QuestionResult {
    let dist: Vec<(String, i64)> = values(q)
        .into_iter()
        .map(|v| {
            let c = t.answers.get(&(q.code.clone(), v.clone())).copied().unwrap_or(0);
            (v, c)
        })
        .collect();
    let n: i64 = dist.iter().map(|(_, c)| c).sum();
    let weighted = |keep: &dyn Fn(i64) -> bool, times: &dyn Fn(i64) -> i64| -> i64 {
        dist.iter()
            .filter_map(|(v, c)| v.parse::<i64>().ok().filter(|v| keep(*v)).map(|v| times(v) * c))
            .sum()
    };
    let share = |x: i64| (n > 0).then(|| x as f64 / n as f64);
    let mean = q.qtype.scale().and_then(|_| share(weighted(&|_| true, &|v| v)));
    let positive_share = q.qtype.positive_from().and_then(|p| share(weighted(&|v| v >= p, &|_| 1)));
    QuestionResult {
        n: Some(n),
        mean,
        distribution: Some(Distribution(dist)),
        positive_share,
        suppressed: false,
    }
}

fn hidden_question() -> QuestionResult {
    QuestionResult { n: None, mean: None, distribution: None, positive_share: None, suppressed: true }
}

/// The aggregated questions: every type but text, in survey order.
fn counted(questions: &Questions) -> Vec<&Question> {
    questions.iter().filter(|q| q.qtype != QuestionType::Text).collect()
}

/// Which figures show respondents, and for each counted question which show it.
struct Shown {
    groups: Vec<bool>,
    questions: Vec<Vec<bool>>,
}

impl Shown {
    fn all(cube: &Cube, questions: usize) -> Self {
        let all = vec![true; cube.figures.len()];
        Self { groups: all.clone(), questions: vec![all; questions] }
    }

    /// Suppression of the whole cube: respondents first, then each question among
    /// the figures whose respondents are shown (identical universes decided once).
    fn protected(cube: &Cube, questions: &[&Question], min: i64) -> Self {
        let sets: Vec<Vec<usize>> = cube.figures.iter().map(|f| f.cells.clone()).collect();
        let rank: Vec<u8> = cube
            .figures
            .iter()
            .map(|f| u8::from(!matches!(f.kind, Kind::Total | Kind::EventTotal)))
            .collect();
        let respondents: Vec<i64> = cube.cells.iter().map(|c| c.n).collect();
        let groups = protect(&sets, &respondents, &vec![true; sets.len()], &rank, min);
        let mut decided: Vec<(Vec<i64>, Vec<bool>)> = vec![(respondents, groups.clone())];
        let questions = questions
            .iter()
            .map(|q| {
                let vals = values(q);
                let weights: Vec<i64> = cube.cells.iter().map(|c| answered(q, &vals, c)).collect();
                if let Some((_, shown)) = decided.iter().find(|(w, _)| *w == weights) {
                    return shown.clone();
                }
                let shown = protect(&sets, &weights, &groups, &rank, min);
                decided.push((weights, shown.clone()));
                shown
            })
            .collect();
        Self { groups, questions }
    }

    fn questions_of(&self, f: usize, questions: &[&Question], t: &Tally) -> QuestionResults {
        let shown = questions.iter().zip(&self.questions).map(|(q, shown)| {
            let result = if shown[f] { figures(q, t) } else { hidden_question() };
            (q.code.clone(), result)
        });
        QuestionResults(shown.collect())
    }
}

/// Builds the body of the asked table from counter sums per (area, event) cell.
pub fn assemble(req: &Request<'_>, rows: &[CellCount]) -> ResultsResponse {
    let cube = Cube::new(rows, req.parents);
    let questions = counted(req.questions);
    let shown = if req.suppress {
        Shown::protected(&cube, &questions, req.min_group_size)
    } else {
        Shown::all(&cube, questions.len())
    };
    let (groups, total) = cube.table(req.group_by);
    let groups = groups
        .into_iter()
        .map(|f| {
            let (key, visible, t) = (cube.figures[f].key.clone(), shown.groups[f], cube.tally(f));
            GroupResult {
                name: req.names.get(&key).cloned(),
                key,
                n: visible.then_some(t.n),
                suppressed: !visible,
                questions: visible.then(|| shown.questions_of(f, &questions, &t)),
            }
        })
        .collect();
    let (visible, t) = (shown.groups[total], cube.tally(total));
    let total = TotalResult {
        n: visible.then_some(t.n),
        suppressed: !visible,
        questions: visible.then(|| shown.questions_of(total, &questions, &t)),
    };
    ResultsResponse {
        survey_id: req.survey_id.clone(),
        group_by: req.group_by,
        year: req.year,
        min_group_size: req.min_group_size,
        groups,
        total,
    }
}
