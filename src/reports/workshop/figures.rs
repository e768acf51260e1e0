//! The report's survey figures: a survey's results for the report's calendar year,
//! built by the results service exactly as `GET /api/v1/surveys/{id}/results?year=`
//! builds them (suppression included), so the report and results agree.

use crate::db::DbConn;
use crate::error::ApiError;
use crate::results::dto::{GroupBy, QuestionResult, QuestionResults, ResultsResponse};
use crate::results::repo::{Period, ResultsFilter};
pub use crate::results::service::AreaIndex;
use crate::results::service::{results, Ask};
use crate::surveys::model::SurveyRow;
use crate::surveys::Questions;

/// What every results call of one report shares.
pub struct Scope<'a> {
    /// The calendar year (UTC) of the responses counted.
    pub year: i32,
    /// False only for staff asking `suppress=false`.
    pub suppress: bool,
    pub min_group_size: i64,
    pub areas: &'a AreaIndex,
}

/// The results of `survey` for the scope's year, grouped by `group_by`.
pub fn results_for(
    c: &mut DbConn,
    scope: &Scope<'_>,
    survey: &SurveyRow,
    questions: &Questions,
    group_by: GroupBy,
) -> Result<ResultsResponse, ApiError> {
    let filter = ResultsFilter { area: None, event_id: None, period: Period::Year(scope.year) };
    let ask =
        Ask { group_by, filter: &filter, suppress: scope.suppress, min_group_size: scope.min_group_size };
    results(c, &survey.id, questions, &ask, scope.areas)
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
