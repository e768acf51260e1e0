//! The aggregates behind results: respondents and answers per (area, event, day,
//! question, value) in `response_counts`, and the same without the day in
//! `response_totals`. Tallied in memory per write and applied with multi-row
//! upserts, in the same transaction as the responses they count.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::upsert::excluded;

use super::model::{CountRow, TotalRow};
use crate::db::schema::{response_counts as rc, response_totals as rt};
use crate::db::DbConn;
use crate::on_backend;
use crate::surveys::answers::Answers;

/// The `question_code` whose counter counts respondents.
pub const RESPONDENTS: &str = "*";

/// `event_key` of responses that name no event.
pub const NO_EVENT: &str = "";

pub type Key = (String, String, NaiveDate, String, String);

/// Counter changes of one write, keyed by (area, event, day, question, value).
/// Sorted: every writer upserts counter rows in the same order, so concurrent
/// writers on PostgreSQL wait for each other instead of deadlocking.
#[derive(Debug, Default)]
pub struct Tally(BTreeMap<Key, i64>);

impl Tally {
    /// Counts one response (`sign` 1) or its erasure (`sign` -1).
    pub fn add(&mut self, area: &str, event: Option<&str>, day: NaiveDate, answers: &Answers, sign: i64) {
        let event = event.unwrap_or(NO_EVENT);
        let mut bump = |q: &str, v: String| {
            *self.0.entry((area.to_owned(), event.to_owned(), day, q.to_owned(), v)).or_insert(0) += sign;
        };
        bump(RESPONDENTS, String::new());
        for (code, answer) in &answers.0 {
            if let Some(v) = answer.counted_value() {
                bump(code, v);
            }
        }
    }

    /// Every counter change, keyed by (area, event, day, question, value).
    pub fn entries(&self) -> impl Iterator<Item = (&Key, &i64)> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn rows(&self, survey_id: &str) -> Vec<CountRow> {
        self.0
            .iter()
            .map(|((area_code, event_key, day, question_code, value), count)| CountRow {
                survey_id: survey_id.to_owned(),
                area_code: area_code.clone(),
                event_key: event_key.clone(),
                day: *day,
                question_code: question_code.clone(),
                value: value.clone(),
                count: *count,
            })
            .collect()
    }

    fn total_rows(&self, survey_id: &str) -> Vec<TotalRow> {
        let mut merged: BTreeMap<(&str, &str, &str, &str), i64> = BTreeMap::new();
        for ((area, event, _, question, value), count) in &self.0 {
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
}

/// Adds the tally to both counter tables (multi-row upserts in key order, no
/// per-row round trips).
pub fn apply(c: &mut DbConn, survey_id: &str, tally: Tally) -> QueryResult<()> {
    for chunk in tally.rows(survey_id).chunks(2000) {
        on_backend!(c, |c| diesel::insert_into(rc::table)
            .values(chunk)
            .on_conflict((rc::survey_id, rc::area_code, rc::event_key, rc::day, rc::question_code, rc::value))
            .do_update()
            .set(rc::count.eq(rc::count + excluded(rc::count)))
            .execute(c))?;
    }
    for chunk in tally.total_rows(survey_id).chunks(2000) {
        on_backend!(c, |c| diesel::insert_into(rt::table)
            .values(chunk)
            .on_conflict((rt::survey_id, rt::area_code, rt::event_key, rt::question_code, rt::value))
            .do_update()
            .set(rt::count.eq(rt::count + excluded(rt::count)))
            .execute(c))?;
    }
    super::year_counts::apply(c, survey_id, &tally)?;
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
        let k =
            |e: &str, q: &str, v: &str| (String::from("hus"), e.to_owned(), day, q.to_owned(), v.to_owned());
        assert_eq!(t.0[&k("", "*", "")], 2);
        assert_eq!(t.0[&k("", "safe", "4")], 2);
        assert_eq!(t.0[&k("e1", "again", "yes")], 1);
        assert!(!t.0.keys().any(|k| k.3 == "free"));
    }
}
