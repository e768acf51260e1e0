//! The cube behind every results table of one survey and period: respondents
//! and answers per (organisation, event) cell, and the figures a caller can ask
//! for — the total, the total of responses naming an event, each collaboration
//! area, each organisation and each event — as sets of those cells. Pure: no I/O.

use std::collections::{BTreeMap, HashMap};

use super::dto::GroupBy;
use super::repo::CellCount;
use crate::responses::counts::{NO_EVENT, RESPONDENTS};

/// Respondents and answers per (question, value) of a cell, or of a figure's cells.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub n: i64,
    pub answers: HashMap<(String, String), i64>,
}

impl Tally {
    fn add(&mut self, question: &str, value: &str, count: i64) {
        if question == RESPONDENTS {
            self.n += count;
        } else {
            *self.answers.entry((question.to_owned(), value.to_owned())).or_insert(0) += count;
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.n += other.n;
        for (k, c) in &other.answers {
            *self.answers.entry(k.clone()).or_insert(0) += c;
        }
    }
}

/// What a figure is (figures are numbered in this order, then by key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Event,
    Area,
    CollaborationArea,
    /// Every response naming an event: the total of the grouping by event.
    EventTotal,
    /// Every response: the total of the groupings by area and collaboration area.
    Total,
}

/// One figure: its kind, its key (an area code or event id; empty for totals) and cells.
#[derive(Debug, Clone)]
pub struct Figure {
    pub kind: Kind,
    pub key: String,
    pub cells: Vec<usize>,
}

/// The cells (those with respondents) and the figures over them.
#[derive(Debug)]
pub struct Cube {
    pub cells: Vec<Tally>,
    pub figures: Vec<Figure>,
}

impl Cube {
    /// Builds the cube from counter sums per cell; `parents` gives each
    /// organisation's collaboration area.
    pub fn new(rows: &[CellCount], parents: &HashMap<String, String>) -> Self {
        let mut by_cell: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
        for r in rows {
            by_cell.entry((&r.area_code, &r.event_key)).or_default().add(&r.question_code, &r.value, r.total);
        }
        by_cell.retain(|_, t| t.n > 0);
        let mut keyed: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
        keyed.insert((Kind::Total, String::new()), Vec::new());
        keyed.insert((Kind::EventTotal, String::new()), Vec::new());
        for (i, (area, event)) in by_cell.keys().enumerate() {
            let mut put = |kind: Kind, key: &str| keyed.entry((kind, key.to_owned())).or_default().push(i);
            put(Kind::Total, "");
            put(Kind::Area, area);
            if let Some(parent) = parents.get(*area) {
                put(Kind::CollaborationArea, parent);
            }
            if *event != NO_EVENT {
                put(Kind::EventTotal, "");
                put(Kind::Event, event);
            }
        }
        let figures = keyed.into_iter().map(|((kind, key), cells)| Figure { kind, key, cells }).collect();
        Self { cells: by_cell.into_values().collect(), figures }
    }

    /// Respondents and answers of figure `f`.
    pub fn tally(&self, f: usize) -> Tally {
        let mut t = Tally::default();
        self.figures[f].cells.iter().for_each(|&c| t.merge(&self.cells[c]));
        t
    }

    /// The groups of a grouping (in key order) and its total.
    pub fn table(&self, group_by: GroupBy) -> (Vec<usize>, usize) {
        let (kind, total) = match group_by {
            GroupBy::CollaborationArea => (Kind::CollaborationArea, Kind::Total),
            GroupBy::Area => (Kind::Area, Kind::Total),
            GroupBy::Event => (Kind::Event, Kind::EventTotal),
        };
        let of = |k: Kind| (0..self.figures.len()).filter(move |&f| self.figures[f].kind == k);
        let total = of(total).next().unwrap_or_default();
        (of(kind).collect(), total)
    }
}
