//! A thin adapter over the results module: a survey's results for a period, built by
//! the same queries and the same assembly (suppression included) as
//! `GET /api/v1/surveys/{id}/results?from=&to=`, so the report and results agree.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::common::LocalizedText;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::results::build::{assemble, Request};
use crate::results::dto::{GroupBy, QuestionResult, QuestionResults, ResultsResponse};
use crate::results::repo::{self as results, ResultsFilter};
use crate::surveys::model::SurveyRow;
use crate::surveys::Questions;

/// Names of every area and the collaboration area each organisation belongs to.
pub struct AreaIndex {
    pub names: HashMap<String, LocalizedText>,
    pub parents: HashMap<String, String>,
}

impl AreaIndex {
    /// Loads every area (a few dozen rows).
    pub fn load(c: &mut DbConn) -> Result<Self, ApiError> {
        let areas = crate::areas::repo::list(c, &Default::default(), 10_000)?;
        let parents =
            areas.iter().filter_map(|r| r.parent_code.clone().map(|p| (r.code.clone(), p))).collect();
        let names = areas
            .into_iter()
            .map(|r| (r.code, LocalizedText { fi: r.name_fi, sv: r.name_sv, en: r.name_en }))
            .collect();
        Ok(Self { names, parents })
    }

    /// The collaboration area of `code` (itself when it has no parent).
    pub fn region_of<'a>(&'a self, code: &'a str) -> &'a str {
        self.parents.get(code).map_or(code, String::as_str)
    }
}

/// What every results call of one report shares.
pub struct Scope<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// False only for staff asking `suppress=false`.
    pub suppress: bool,
    pub min_group_size: i64,
    pub areas: &'a AreaIndex,
}

/// The results of `survey` for the scope's period, grouped by `group_by`.
pub fn results_for(
    c: &mut DbConn,
    scope: &Scope<'_>,
    survey: &SurveyRow,
    questions: &Questions,
    group_by: GroupBy,
) -> Result<ResultsResponse, ApiError> {
    let filter = ResultsFilter { from: Some(scope.from), to: Some(scope.to), ..Default::default() };
    let sums = results::sums(c, &survey.id, group_by, &filter)?;
    let mut event_names = HashMap::new();
    if group_by == GroupBy::Event {
        let ids: BTreeSet<String> = sums.iter().filter_map(|s| s.group_key.clone()).collect();
        event_names.extend(crate::events::repo::titles(c, ids.into_iter().collect())?);
    }
    let cells = if scope.suppress { results::cells(c, &survey.id, group_by, &filter)? } else { Vec::new() };
    let names = if group_by == GroupBy::Event { &event_names } else { &scope.areas.names };
    let req = Request {
        survey_id: survey.id.clone(),
        group_by,
        min_group_size: scope.min_group_size,
        suppress: scope.suppress,
        questions,
        names,
        parents: &scope.areas.parents,
        cells: &cells,
    };
    Ok(assemble(&req, sums))
}

/// The figures of question `code`, if the results hold them.
pub fn question<'a>(qs: Option<&'a QuestionResults>, code: &str) -> Option<&'a QuestionResult> {
    qs?.0.iter().find(|(k, _)| k == code).map(|(_, q)| q)
}

/// How many answered `value` (a distribution key such as `"4"`).
pub fn count_of(q: &QuestionResult, value: &str) -> Option<i64> {
    let dist = q.distribution.as_ref()?;
    Some(dist.0.iter().find(|(k, _)| k == value).map_or(0, |(_, n)| *n))
}
