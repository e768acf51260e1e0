//! The aggregate behind results: respondents and answers per (area, event, day,
//! question, value), tallied in memory per write and applied with one upsert,
//! in the same transaction as the responses it counts.

use std::collections::HashMap;

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::upsert::excluded;

use super::model::CountRow;
use crate::db::{schema::response_counts as rc, DbConn};
use crate::on_backend;
use crate::surveys::answers::Answers;

/// The `question_code` whose counter counts respondents.
pub const RESPONDENTS: &str = "*";

/// `event_key` of responses that name no event.
pub const NO_EVENT: &str = "";

type Key = (String, String, NaiveDate, String, String);

/// Counter changes of one write, keyed by (area, event, day, question, value).
#[derive(Debug, Default)]
pub struct Tally(HashMap<Key, i64>);

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

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn rows(self, survey_id: &str) -> Vec<CountRow> {
        self.0
            .into_iter()
            .map(|((area_code, event_key, day, question_code, value), count)| CountRow {
                survey_id: survey_id.to_owned(),
                area_code,
                event_key,
                day,
                question_code,
                value,
                count,
            })
            .collect()
    }
}

/// Adds the tally to the stored counters (multi-row upserts, no per-row round trips).
pub fn apply(c: &mut DbConn, survey_id: &str, tally: Tally) -> QueryResult<()> {
    let rows = tally.rows(survey_id);
    for chunk in rows.chunks(2000) {
        on_backend!(c, |c| diesel::insert_into(rc::table)
            .values(chunk)
            .on_conflict((rc::survey_id, rc::area_code, rc::event_key, rc::day, rc::question_code, rc::value))
            .do_update()
            .set(rc::count.eq(rc::count + excluded(rc::count)))
            .execute(c))?;
    }
    Ok(())
}

/// Drops counters that erasures brought to zero in one (survey, area, event, day) cell.
pub fn prune(
    c: &mut DbConn,
    survey_id: &str,
    area: &str,
    event: Option<&str>,
    day: NaiveDate,
) -> QueryResult<usize> {
    diesel::delete(
        rc::table
            .filter(rc::survey_id.eq(survey_id))
            .filter(rc::area_code.eq(area))
            .filter(rc::event_key.eq(event.unwrap_or(NO_EVENT)))
            .filter(rc::day.eq(day))
            .filter(rc::count.le(0)),
    )
    .execute(c)
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
