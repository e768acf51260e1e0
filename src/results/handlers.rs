//! `GET /api/v1/surveys/{id}/results`.

use std::collections::{BTreeSet, HashMap};

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::build::{assemble, Request};
use super::dto::{GroupBy, ResultsResponse};
use super::repo::{self, ResultsFilter};
use crate::auth::Caller;
use crate::common::{ApiQuery, LocalizedText};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;
use crate::surveys::handlers::load as load_survey;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    /// `collaboration_area` (the default), `area` or `event`.
    group_by: Option<GroupBy>,
    /// Only responses from this area (an organisation, or a collaboration area's organisations).
    area: Option<String>,
    /// Only responses about this event.
    event_id: Option<String>,
    /// First day (`YYYY-MM-DD`, UTC) of `submitted_at`, inclusive.
    from: Option<NaiveDate>,
    /// Last day, inclusive.
    to: Option<NaiveDate>,
    /// `false` shows small groups too (admin, editor only).
    suppress: Option<bool>,
    /// How a CSV answer is written: `rfc4180` (default) or `excel`.
    dialect: Option<crate::common::csv_out::CsvDialect>,
}

/// Results computed by the database: per group and in total, respondents, and per
/// scale or choice question n, exact mean, distribution and positive share. Groups
/// under `min_group_size` respondents are suppressed (null figures), and the
/// total too when exactly one group is suppressed or the total is small.
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
    let suppress = q.suppress.unwrap_or(true);
    if !suppress && !caller.is_staff() {
        return Err(ApiError::forbidden("only admins and editors may see unsuppressed results"));
    }
    crate::common::check_range(q.from, q.to)?;
    let group_by = q.group_by.unwrap_or(GroupBy::CollaborationArea);
    let filter = ResultsFilter { area: q.area, event_id: q.event_id, from: q.from, to: q.to };
    let min_group_size = state.min_group_size;
    let body = db::run(&state.pool, move |c| {
        let survey = load_survey(c, &survey_id)?;
        let areas = crate::areas::repo::list(c, &Default::default(), 10_000)?;
        if let Some(a) = &filter.area {
            if !areas.iter().any(|r| &r.code == a) {
                return Err(ApiError::bad_parameter("area", format!("unknown area `{a}`")));
            }
        }
        let parents: HashMap<String, String> =
            areas.iter().filter_map(|r| r.parent_code.clone().map(|p| (r.code.clone(), p))).collect();
        let mut names: HashMap<String, LocalizedText> = areas
            .into_iter()
            .map(|r| (r.code, LocalizedText { fi: r.name_fi, sv: r.name_sv, en: r.name_en }))
            .collect();
        let sums = repo::sums(c, &survey.id, group_by, &filter)?;
        if group_by == GroupBy::Event {
            let ids: BTreeSet<String> = sums.iter().filter_map(|s| s.group_key.clone()).collect();
            names.extend(crate::events::repo::titles(c, ids.into_iter().collect())?);
        }
        let cells = if suppress { repo::cells(c, &survey.id, group_by, &filter)? } else { Vec::new() };
        let questions = survey.questions()?;
        let req = Request {
            survey_id: survey.id,
            group_by,
            min_group_size,
            suppress,
            questions: &questions,
            names: &names,
            parents: &parents,
            cells: &cells,
        };
        Ok(assemble(&req, sums))
    })
    .await?;
    if crate::common::csv_out::wants_csv(&req) {
        return super::csv::results_csv(&body, q.dialect.unwrap_or_default());
    }
    Ok(HttpResponse::Ok().json(body))
}
