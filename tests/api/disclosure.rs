//! An independent check that published results cannot be added and subtracted
//! down to a small group of respondents.
//!
//! It knows nothing of the server's algorithm: every figure a results body shows
//! (a group's `n`, a total's `n`, a question's `n` inside either) is mapped back
//! to the very respondents it counts, by the query's own meaning; then every sum
//! and difference of one, two or three figures counted in the same universe
//! (respondents, or the answerers of one question, whose answers the figures'
//! distributions describe) is tried respondent by respondent. A combination that
//! counts each respondent 0 or 1 times, and between 1 and `k - 1` of them, is a
//! leak: those few respondents' figures follow by subtraction.

use std::collections::BTreeMap;

use serde_json::{json, Value};

/// One respondent of the generated data.
#[derive(Debug, Clone)]
pub struct Respondent {
    pub org: &'static str,
    pub region: &'static str,
    pub event: Option<String>,
    /// `YYYY-MM-DD` of `submitted_at`.
    pub day: String,
    /// Scale and choice answers by question code (absent: not answered).
    pub answers: BTreeMap<&'static str, Value>,
}

impl Respondent {
    pub fn year(&self) -> i32 {
        self.day[..4].parse().unwrap()
    }

    /// The response as the batch endpoint takes it.
    pub fn item(&self) -> Value {
        let mut item = json!({"area": self.org, "submitted_at": format!("{}T12:00:00Z", self.day),
                              "answers": self.answers});
        if let Some(e) = &self.event {
            item["event_id"] = json!(e);
        }
        item
    }
}

/// A results query as a caller wrote it.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub group_by: &'static str,
    pub year: Option<i32>,
    pub area: Option<&'static str>,
    pub event_id: Option<String>,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
}

impl Query {
    pub fn grouped(group_by: &'static str, year: i32) -> Self {
        Self { group_by, year: Some(year), ..Self::default() }
    }

    pub fn query_string(&self) -> String {
        let mut parts = vec![format!("group_by={}", self.group_by)];
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{k}={v}"));
            }
        };
        push("year", self.year.map(|y| y.to_string()));
        push("area", self.area.map(str::to_owned));
        push("event_id", self.event_id.clone());
        push("from", self.from.map(str::to_owned));
        push("to", self.to.map(str::to_owned));
        parts.join("&")
    }

    /// Whether the query's filters take in `r`.
    fn takes(&self, r: &Respondent) -> bool {
        self.year.is_none_or(|y| r.year() == y)
            && self.area.is_none_or(|a| r.org == a || r.region == a)
            && self.event_id.as_ref().is_none_or(|e| r.event.as_ref() == Some(e))
            && self.from.is_none_or(|f| r.day.as_str() >= f)
            && self.to.is_none_or(|t| r.day.as_str() <= t)
    }

    /// The group `r` falls in; `None` when the grouping leaves it out.
    fn key(&self, r: &Respondent) -> Option<String> {
        match self.group_by {
            "area" => Some(r.org.to_owned()),
            "event" => r.event.clone(),
            _ => Some(r.region.to_owned()),
        }
    }
}

/// One visible figure: what it counts in, and whom.
#[derive(Debug, Clone)]
pub struct Figure {
    /// `*` for respondents, else the question whose answerers it counts.
    pub universe: String,
    pub members: Vec<bool>,
    pub n: i64,
    pub label: String,
}

/// Every figure a results body shows, checked against the data it claims to count.
pub fn figures(data: &[Respondent], query: &Query, body: &Value) -> Vec<Figure> {
    let mut out = Vec::new();
    let scope: Vec<bool> = data.iter().map(|r| query.takes(r) && query.key(r).is_some()).collect();
    let q = query.query_string();
    for g in body["groups"].as_array().unwrap() {
        let key = g["key"].as_str().unwrap();
        let members: Vec<bool> =
            data.iter().zip(&scope).map(|(r, s)| *s && query.key(r).as_deref() == Some(key)).collect();
        collect(data, &members, g, &format!("{q}: {key}"), &mut out);
    }
    collect(data, &scope, &body["total"], &format!("{q}: total"), &mut out);
    out
}

fn collect(data: &[Respondent], members: &[bool], fig: &Value, label: &str, out: &mut Vec<Figure>) {
    let count = |m: &[bool]| m.iter().filter(|x| **x).count() as i64;
    if let Some(n) = fig["n"].as_i64() {
        assert_eq!(n, count(members), "{label}: n is not the number of its respondents");
        out.push(Figure { universe: "*".into(), members: members.to_vec(), n, label: label.into() });
    }
    let Some(questions) = fig["questions"].as_object() else { return };
    for (code, qf) in questions {
        let Some(n) = qf["n"].as_i64() else { continue };
        let answered: Vec<bool> =
            data.iter().zip(members).map(|(r, m)| *m && r.answers.contains_key(code.as_str())).collect();
        assert_eq!(n, count(&answered), "{label}: {code}.n is not the number who answered");
        out.push(Figure { universe: code.clone(), members: answered, n, label: format!("{label} {code}") });
    }
}

/// The first sum or difference of up to three figures of one universe that counts
/// between 1 and `k - 1` respondents once each (and nobody else), described.
pub fn find_leak(figures: &[Figure], k: i64) -> Option<String> {
    let mut by_universe: BTreeMap<&str, Vec<&Figure>> = BTreeMap::new();
    for f in figures {
        let same = by_universe.entry(&f.universe).or_default();
        if !same.iter().any(|g| g.members == f.members) {
            same.push(f);
        }
    }
    by_universe.values().find_map(|figs| leak_among(figs, k))
}

fn leak_among(figs: &[&Figure], k: i64) -> Option<String> {
    let m = figs.len();
    let mut combos: Vec<Vec<usize>> = (0..m).map(|i| vec![i]).collect();
    for i in 0..m {
        for j in i + 1..m {
            combos.push(vec![i, j]);
            combos.extend((j + 1..m).map(|l| vec![i, j, l]));
        }
    }
    for terms in combos {
        for signs in 0..(1u32 << terms.len()) {
            let sign = |t: usize| if signs & (1 << t) == 0 { 1 } else { -1 };
            let size: i64 = terms.iter().enumerate().map(|(t, &i)| sign(t) * figs[i].n).sum();
            if !(1..k).contains(&size) {
                continue;
            }
            let people = figs[0].members.len();
            let once = (0..people).all(|p| {
                let v: i64 =
                    terms.iter().enumerate().map(|(t, &i)| sign(t) * i64::from(figs[i].members[p])).sum();
                v == 0 || v == 1
            });
            if once {
                let parts: Vec<String> = terms
                    .iter()
                    .enumerate()
                    .map(|(t, &i)| {
                        format!("{}[{} = {}]", if sign(t) > 0 { "+" } else { "-" }, figs[i].label, figs[i].n)
                    })
                    .collect();
                return Some(format!("{} counts {size} respondent(s)", parts.join(" ")));
            }
        }
    }
    None
}
