//! Results as CSV (`Accept: text/csv`): one row per group × question, then the
//! total's rows. A suppressed figure is an empty cell, never a zero that looks
//! like data; the `row` column tells group rows from total rows, so no label
//! sits in a data column. Written by `common::csv_out` like every CSV answer.

use actix_web::HttpResponse;

use super::dto::{QuestionResult, QuestionResults, ResultsResponse};
use crate::common::csv_out::{csv_response, CsvDialect};
use crate::error::ApiError;

const HEADER: [&str; 10] = [
    "row",
    "group_key",
    "group_name",
    "group_n",
    "suppressed",
    "question",
    "n",
    "mean",
    "positive_share",
    "distribution",
];

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The question codes in the order the results give them (a suppressed group has none).
fn question_codes(body: &ResultsResponse) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    let all = body.groups.iter().map(|g| &g.questions).chain([&body.total.questions]);
    for qs in all.flatten() {
        for (code, _) in &qs.0 {
            if !codes.contains(code) {
                codes.push(code.clone());
            }
        }
    }
    codes
}

/// The figures of one question: empty cells when suppressed or absent.
fn figures(questions: Option<&QuestionResults>, code: &str) -> [String; 4] {
    let q: Option<&QuestionResult> = questions
        .and_then(|qs| qs.0.iter().find(|(c, _)| c == code))
        .map(|(_, q)| q)
        .filter(|q| !q.suppressed);
    let Some(q) = q else { return Default::default() };
    let distribution = q
        .distribution
        .as_ref()
        .map(|d| d.0.iter().map(|(value, count)| format!("{value}={count}")).collect::<Vec<_>>().join(" "));
    [num(q.n), num(q.mean), num(q.positive_share), distribution.unwrap_or_default()]
}

/// The results as rows of cells, header excluded.
fn rows(body: &ResultsResponse) -> Vec<Vec<String>> {
    let codes = question_codes(body);
    let codes = if codes.is_empty() { vec![String::new()] } else { codes };
    let groups = body.groups.iter().map(|g| {
        let name = g.name.as_ref().map(|n| n.fi.clone()).unwrap_or_default();
        ("group", g.key.clone(), name, g.n, g.suppressed, g.questions.as_ref())
    });
    let t = &body.total;
    let total = ("total", String::new(), String::new(), t.n, t.suppressed, t.questions.as_ref());
    let mut out = Vec::new();
    for (kind, key, name, n, suppressed, questions) in groups.chain([total]) {
        for code in &codes {
            let mut row = vec![
                kind.to_owned(),
                key.clone(),
                name.clone(),
                num(n),
                suppressed.to_string(),
                code.clone(),
            ];
            row.extend(figures(questions, code));
            out.push(row);
        }
    }
    out
}

/// The CSV answer of a results request.
pub fn results_csv(body: &ResultsResponse, dialect: CsvDialect) -> Result<HttpResponse, ApiError> {
    csv_response(&format!("results-{}.csv", body.survey_id), dialect, &HEADER, rows(body))
}
