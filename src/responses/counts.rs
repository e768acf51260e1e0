//! The aggregates behind results: respondents and answers per (area, event, day,
//! question, value) in `response_counts`, and the same without the day in
//! `response_totals`. Tallied in memory per write and applied with multi-row
//! upserts, in the same transaction as the responses they count.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::upsert::excluded;

use super::model::{CountRow, TotalRow};
use crate::db::schema::{response_counts as rc, response_totals as rt};
use crate::db::DbConn;
use crate::on_backend;
use crate::surveys::answers::Answers;

pub use super::keys::{Key, NO_EVENT, RESPONDENTS};

/// Counter changes of one write. The strings of a batch repeat (a few areas,
/// events, questions and values), so they are interned once and counters are
/// keyed by small ids: counting an answer allocates nothing. Rows come out
/// sorted by key, so every writer upserts counter rows in the same order and
/// concurrent writers on PostgreSQL wait for each other instead of deadlocking.
#[derive(Debug, Default)]
pub struct Tally {
    ids: HashMap<String, u32>,
    strings: Vec<String>,
    counts: HashMap<(u32, u32, NaiveDate, u32, u32), i64>,
}

impl Tally {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.push(s.to_owned());
        self.ids.insert(s.to_owned(), id);
        id
    }

    /// Counts one response (`sign` 1) or its erasure (`sign` -1).
    pub fn add(&mut self, area: &str, event: Option<&str>, day: NaiveDate, answers: &Answers, sign: i64) {
        let (area, event) = (self.intern(area), self.intern(event.unwrap_or(NO_EVENT)));
        let (respondents, none) = (self.intern(RESPONDENTS), self.intern(""));
        *self.counts.entry((area, event, day, respondents, none)).or_insert(0) += sign;
        for (code, answer) in &answers.0 {
            if let Some(v) = answer.counted_value() {
                let (q, v) = (self.intern(code), self.intern(&v));
                *self.counts.entry((area, event, day, q, v)).or_insert(0) += sign;
            }
        }
    }

    /// Every counter change, sorted by key.
    pub fn entries(&self) -> Vec<(Key<'_>, i64)> {
        let s = |id: u32| self.strings[id as usize].as_str();
        let mut out: Vec<(Key<'_>, i64)> =
            self.counts.iter().map(|(&(a, e, d, q, v), &n)| ((s(a), s(e), d, s(q), s(v)), n)).collect();
        out.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        out
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

/// One counter change per row of `response_counts`.
fn rows(survey_id: &str, entries: &[(Key<'_>, i64)]) -> Vec<CountRow> {
    entries
        .iter()
        .map(|&((area, event, day, question, value), count)| CountRow {
            survey_id: survey_id.to_owned(),
            area_code: area.to_owned(),
            event_key: event.to_owned(),
            day,
            question_code: question.to_owned(),
            value: value.to_owned(),
            count,
        })
        .collect()
}

/// The changes summed over days, one per row of `response_totals`, in key order.
fn total_rows(survey_id: &str, entries: &[(Key<'_>, i64)]) -> Vec<TotalRow> {
    let mut merged: BTreeMap<(&str, &str, &str, &str), i64> = BTreeMap::new();
    for &((area, event, _, question, value), count) in entries {
        *merged.entry((area, event, question, value)).or_insert(0) += count;
    }
    merged
        .into_iter()
        .map(|((area, event, question, value), count)| TotalRow {
            survey_id: survey_id.to_owned(),
            area_code: area.to_owned(),
            event_key: event.to_owned(),
            question_code: question.to_owned(),
            value: value.to_owned(),
            count,
        })
        .collect()
}

/// Adds the tally to both counter tables (multi-row upserts in key order, no
/// per-row round trips).
pub fn apply(c: &mut DbConn, survey_id: &str, tally: Tally) -> QueryResult<()> {
    // Sorted once, for all three counter tables.
    let entries = tally.entries();
    for chunk in rows(survey_id, &entries).chunks(2000) {
        on_backend!(c, |c| diesel::insert_into(rc::table)
            .values(chunk)
            .on_conflict((rc::survey_id, rc::area_code, rc::event_key, rc::day, rc::question_code, rc::value))
            .do_update()
            .set(rc::count.eq(rc::count + excluded(rc::count)))
            .execute(c))?;
    }
    for chunk in total_rows(survey_id, &entries).chunks(2000) {
        on_backend!(c, |c| diesel::insert_into(rt::table)
            .values(chunk)
            .on_conflict((rt::survey_id, rt::area_code, rt::event_key, rt::question_code, rt::value))
            .do_update()
            .set(rt::count.eq(rt::count + excluded(rt::count)))
            .execute(c))?;
    }
    super::year_counts::apply(c, survey_id, &entries)?;
    Ok(())
}

/// Drops counters that erasures brought to zero in one (survey, area, event, day) cell.
pub fn prune(
    c: &mut DbConn,
    survey_id: &str,
    area: &str,
    event: Option<&str>,
    day: NaiveDate,
) -> QueryResult<()> {
    let event = event.unwrap_or(NO_EVENT);
    diesel::delete(
        rt::table
            .filter(rt::survey_id.eq(survey_id))
            .filter(rt::area_code.eq(area))
            .filter(rt::event_key.eq(event))
            .filter(rt::count.le(0)),
    )
    .execute(c)?;
    diesel::delete(
        rc::table
            .filter(rc::survey_id.eq(survey_id))
            .filter(rc::area_code.eq(area))
            .filter(rc::event_key.eq(event))
            .filter(rc::day.eq(day))
            .filter(rc::count.le(0)),
    )
    .execute(c)?;
    super::year_counts::prune(c, survey_id, area, Some(event), day)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surveys::answers::Answer;

    #[test]
    fn a_tally_counts_respondents_and_scale_values_but_not_text() {
        let day = NaiveDate::from_ymd_opt(2023, 9, 6).unwrap_or_default();
        let answers = Answers(vec![
            ("safe".into(), Answer::Scale(4)),
            ("again".into(), Answer::Choice("yes".into())),
            ("free".into(), Answer::Text("secret".into())),
        ]);
        let mut t = Tally::default();
        t.add("hus", None, day, &answers, 1);
        t.add("hus", None, day, &answers, 1);
        t.add("hus", Some("e1"), day, &answers, 1);
        assert_eq!(t.len(), 6);
        let entries = t.entries();
        let get = |e: &str, q: &str, v: &str| {
            entries.iter().find(|(k, _)| *k == ("hus", e, day, q, v)).map(|x| x.1)
        };
        assert_eq!(get("", "*", ""), Some(2));
        assert_eq!(get("", "safe", "4"), Some(2));
        assert_eq!(get("e1", "again", "yes"), Some(1));
        assert!(!entries.iter().any(|(k, _)| k.3 == "free"));
        let keys: Vec<_> = entries.iter().map(|(k, _)| *k).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "entries come sorted by key");
    }
}
