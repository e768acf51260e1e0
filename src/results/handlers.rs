//! `GET /api/v1/surveys/{id}/results`.

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{GroupBy, ResultsResponse};
use super::repo::{Period, ResultsFilter};
use super::service::{results, AreaIndex, Ask};
use crate::auth::Caller;
use crate::common::ApiQuery;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::surveys::service::load as load_survey;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// `collaboration_area` (the default), `area` or `event`.
    group_by: Option<GroupBy>,
    /// The calendar year (UTC) of `submitted_at`, e.g. `2025`. Required for viewers
    /// and integration clients, whose results are suppressed: they get whole years
    /// of the whole survey only. Admins and editors may leave it out (every
    /// response), or give `from`/`to` instead.
    #[param(minimum = 1, maximum = 9999)]
    year: Option<i32>,
    /// Admins and editors only (403 otherwise): only responses from this area (an
    /// organisation, or a collaboration area's organisations).
    area: Option<String>,
    /// Admins and editors only (403 otherwise): only responses about this event.
    event_id: Option<String>,
    /// Admins and editors only (403 otherwise): first day (`YYYY-MM-DD`, UTC) of
    /// `submitted_at`, inclusive; not with `year`.
    from: Option<NaiveDate>,
    /// Admins and editors only (403 otherwise): last day, inclusive; not with `year`.
    to: Option<NaiveDate>,
    /// `false` shows small groups too (admins and editors only).
    suppress: Option<bool>,
    /// How a CSV answer is written: `rfc4180` (default) or `excel`.
    dialect: Option<crate::common::csv_out::CsvDialect>,
}

const STAFF_ONLY: &str = "results are suppressed for this role, and suppression holds across queries only \
                          for whole calendar years of the whole survey: ask `year` and `group_by` alone";

/// The responses the query covers, and whether to suppress; refuses what the
/// caller's role may not ask (see `get_results`).
fn scope(caller: &Caller, q: &ResultsQuery) -> Result<(Period, bool), ApiError> {
    let suppress = q.suppress.unwrap_or(true);
    if !caller.is_staff() {
        if !suppress {
            return Err(ApiError::forbidden_parameter(
                "suppress",
                "only admins and editors may see unsuppressed results",
            ));
        }
        let given = [("area", q.area.is_some()), ("event_id", q.event_id.is_some())];
        let dates = [("from", q.from.is_some()), ("to", q.to.is_some())];
        if let Some((name, _)) = given.into_iter().chain(dates).find(|(_, g)| *g) {
            return Err(ApiError::forbidden_parameter(name, STAFF_ONLY));
        }
        if q.year.is_none() {
            return Err(ApiError::bad_parameter("year", "required: results are given per calendar year"));
        }
    }
    crate::common::check_range(q.from, q.to)?;
    match q.year {
        Some(y) if !(1..=9999).contains(&y) => Err(ApiError::bad_parameter("year", "must be 1 to 9999")),
        Some(_) if q.from.is_some() || q.to.is_some() => {
            Err(ApiError::bad_parameter("year", "give either `year` or `from`/`to`, not both"))
        }
        Some(y) => Ok((Period::Year(y), suppress)),
        None if q.from.is_none() && q.to.is_none() => Ok((Period::All, suppress)),
        None => Ok((Period::Days(q.from, q.to), suppress)),
    }
}

/// Survey results per group and in total, with small groups suppressed across queries.
///
/// Per group and in total: respondents, and per scale or choice question n, the
/// exact mean, the distribution and the positive share (computed from counters).
///
/// Suppression, for viewers and integration clients: they get whole calendar
/// years of the whole survey only (`year`, required: 400 without it), grouped by
/// collaboration area, area or event. Every table of a survey and year is cut
/// from one suppression decided for all its groups, totals and questions
/// together: a figure (a group's or total's `n`, or a question's figures within
/// one) under `min_group_size` is null with `suppressed: true`, never a zero, and
/// so is every further figure needed so that no sum or difference of published
/// figures, within one answer or across answers, counts between 1 and
/// `min_group_size − 1` respondents (or answerers of a question); a suppressed
/// figure that published ones determine anyway is shown. Years do not overlap,
/// so answers for different years cannot be subtracted either. The filters
/// `area`, `event_id`, `from` and `to` are for admins and editors only (403
/// naming the parameter otherwise); their suppressed answers are consistent
/// within one answer, and `suppress=false` lifts suppression.
///
/// `Accept: text/csv`: one row per group × question, suppressed figures empty.
#[utoipa::path(tag = "surveys", params(ResultsQuery), responses((status = 200, description = "Results",
    content((ResultsResponse = "application/json"), (String = "text/csv")))))]
#[get("/{id}/results")]
pub async fn get_results(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    survey_id: web::Path<String>,
    query: ApiQuery<ResultsQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let (period, suppress) = scope(&caller, &q)?;
    let group_by = q.group_by.unwrap_or(GroupBy::CollaborationArea);
    let filter = ResultsFilter { area: q.area, event_id: q.event_id, period };
    let min_group_size = state.min_group_size;
    let body = db::run(&state.pool, move |c| {
        let survey = load_survey(c, &survey_id)?;
        let areas = AreaIndex::load(c)?;
        let ask = Ask { group_by, filter: &filter, suppress, min_group_size };
        results(c, &survey.id, &survey.questions()?, &ask, &areas)
    })
    .await?;
    if crate::common::csv_out::wants_csv(&req) {
        return super::csv::results_csv(&body, q.dialect.unwrap_or_default());
    }
    Ok(HttpResponse::Ok().json(body))
}
