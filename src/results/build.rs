//! Turns counter sums into the results body, applying suppression. Pure: no I/O.

use std::collections::{BTreeMap, HashMap};

use super::dto::{
    Distribution, GroupBy, GroupResult, QuestionResult, QuestionResults, ResultsResponse, TotalResult,
};
use super::repo::{Cell, CountSum};
use super::suppression::{is_small, suppress_within, total_withheld, withheld_given};
use crate::common::LocalizedText;
use crate::responses::counts::RESPONDENTS;
use crate::surveys::{Question, QuestionType, Questions};

/// Respondents and answers per (question, value) of one group.
#[derive(Debug, Default, Clone)]
struct Acc {
    n: i64,
    answers: HashMap<(String, String), i64>,
}

impl Acc {
    fn add(&mut self, question: String, value: String, count: i64) {
        if question == RESPONDENTS {
            self.n += count;
        } else {
            *self.answers.entry((question, value)).or_insert(0) += count;
        }
    }
}

/// What a results request asked for.
pub struct Request<'a> {
    pub survey_id: String,
    pub group_by: GroupBy,
    pub min_group_size: i64,
    /// False only for staff asking `suppress=false`.
    pub suppress: bool,
    pub questions: &'a Questions,
    pub names: &'a HashMap<String, LocalizedText>,
    /// The collaboration area of each organisation.
    pub parents: &'a HashMap<String, String>,
    /// Respondents per (organisation, event) over the same responses.
    pub cells: &'a [Cell],
}

fn figures(q: &Question, acc: &Acc) -> QuestionResult {
    let values: Vec<String> = match (q.qtype.scale(), &q.options) {
        (Some((lo, hi)), _) => (lo..=hi).map(|v| v.to_string()).collect(),
        (None, Some(opts)) => opts.iter().map(|o| o.code.clone()).collect(),
        (None, None) => Vec::new(),
    };
    let dist: Vec<(String, i64)> = values
        .into_iter()
        .map(|v| {
            let c = acc.answers.get(&(q.code.clone(), v.clone())).copied().unwrap_or(0);
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

/// Sums per group (groups without respondents dropped) and over all groups.
fn accumulate(sums: Vec<CountSum>) -> (BTreeMap<String, Acc>, Acc) {
    let mut groups: BTreeMap<String, Acc> = BTreeMap::new();
    for s in sums {
        if let Some(key) = s.group_key {
            groups.entry(key).or_default().add(s.question_code, s.value, s.total);
        }
    }
    groups.retain(|_, acc| acc.n > 0);
    let mut total = Acc::default();
    for acc in groups.values() {
        total.n += acc.n;
        for (k, c) in &acc.answers {
            *total.answers.entry(k.clone()).or_insert(0) += c;
        }
    }
    (groups, total)
}

/// The total's question figures, each withheld when the groups hiding it
/// (suppressed, or too few answers in them) hold fewer than `min` answers together,
/// or when too few answered in all.
fn total_questions(
    mut total: Vec<QuestionResult>,
    per_group: &[Vec<QuestionResult>],
    hidden: &[bool],
    min: i64,
) -> Vec<QuestionResult> {
    for (i, tq) in total.iter_mut().enumerate() {
        let qn = |g: usize| per_group[g][i].n.unwrap_or(0);
        let hidden_ns: Vec<i64> =
            (0..per_group.len()).filter(|&g| hidden[g] || is_small(qn(g), min)).map(qn).collect();
        if total_withheld(&hidden_ns, tq.n.unwrap_or(0), min) {
            *tq = hidden_question();
        }
    }
    total
}

/// Whether the area, collaboration-area or event partition of the same responses
/// would let the total reveal a suppressed group by subtraction.
fn partitions_withhold(cells: &[Cell], parents: &HashMap<String, String>, min: i64) -> bool {
    let (mut areas, mut regions, mut events) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for c in cells.iter().filter(|c| c.total > 0) {
        *areas.entry(c.area_code.as_str()).or_insert(0) += c.total;
        *regions.entry(parents.get(&c.area_code).map_or("", String::as_str)).or_insert(0) += c.total;
        *events.entry(c.event_key.as_str()).or_insert(0) += c.total;
    }
    let area_groups: Vec<(Option<&str>, i64)> =
        areas.iter().map(|(a, n)| (parents.get(*a).map(String::as_str), *n)).collect();
    let area_ns: Vec<i64> = area_groups.iter().map(|g| g.1).collect();
    let primary = |ns: Vec<i64>| {
        let hidden: Vec<bool> = ns.iter().map(|&n| is_small(n, min)).collect();
        withheld_given(&ns, &hidden, min)
    };
    withheld_given(&area_ns, &suppress_within(&area_groups, min), min)
        || primary(regions.into_values().collect())
        || primary(events.into_values().collect())
}

/// Builds the body from the counter sums of every group.
pub fn assemble(req: &Request<'_>, sums: Vec<CountSum>) -> ResultsResponse {
    let (groups, total) = accumulate(sums);
    let min = if req.suppress { req.min_group_size } else { i64::MIN };
    let ns: Vec<i64> = groups.values().map(|a| a.n).collect();
    let parent = |k: &String| {
        if req.group_by == GroupBy::Area {
            req.parents.get(k).map(String::as_str)
        } else {
            None
        }
    };
    let hidden = suppress_within(&groups.iter().map(|(k, a)| (parent(k), a.n)).collect::<Vec<_>>(), min);
    // Where this grouping hides nothing, its total is the sum of what it shows:
    // withholding it would protect nobody, so other partitions only matter otherwise.
    let hides_any = hidden.iter().any(|h| *h);
    let total_hidden =
        withheld_given(&ns, &hidden, min) || (hides_any && partitions_withhold(req.cells, req.parents, min));
    let questions = counted(req.questions);
    let codes = || questions.iter().map(|q| q.code.clone());
    let per_group: Vec<Vec<QuestionResult>> =
        groups.values().map(|acc| questions.iter().map(|q| figures(q, acc)).collect()).collect();
    let total_q =
        total_questions(questions.iter().map(|q| figures(q, &total)).collect(), &per_group, &hidden, min);
    let render = |figs: Vec<QuestionResult>| {
        let shown =
            figs.into_iter().map(|f| if is_small(f.n.unwrap_or(0), min) { hidden_question() } else { f });
        QuestionResults(codes().zip(shown).collect())
    };
    let group_results = groups
        .into_iter()
        .zip(per_group)
        .zip(&hidden)
        .map(|(((key, acc), figs), &hide)| GroupResult {
            name: req.names.get(&key).cloned(),
            key,
            n: (!hide).then_some(acc.n),
            suppressed: hide,
            questions: (!hide).then(|| render(figs)),
        })
        .collect();
    let total = TotalResult {
        n: (!total_hidden).then_some(total.n),
        suppressed: total_hidden,
        questions: (!total_hidden).then(|| QuestionResults(codes().zip(total_q).collect())),
    };
    let (survey_id, group_by, min_group_size) = (req.survey_id.clone(), req.group_by, req.min_group_size);
    ResultsResponse { survey_id, group_by, min_group_size, groups: group_results, total }
}
