//! Checking submitted responses against their survey, the areas and the caller,
//! before anything is written. Every bad field of every item is collected.

use std::collections::HashMap;

use super::dto::{Items, ResponseInput};
use super::model::NewResponseRow;
use crate::areas::AreaKind;
use crate::auth::Caller;
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError, MAX_LISTED_ERRORS};
use crate::surveys::answers::Answers;
use crate::surveys::service::load as load_survey;
use crate::surveys::{Questions, SurveyStatus};
use chrono::{Datelike, NaiveDateTime, SubsecRound};

/// The earliest year a response may be dated.
pub const EARLIEST_YEAR: i32 = 2000;

/// How far in the future `submitted_at` may be (clock skew).
pub const CLOCK_SKEW_MINUTES: i64 = 5;

/// A response that passed every check, ready to insert and count.
#[derive(Debug)]
pub struct Valid {
    pub row: NewResponseRow,
    pub answers: Answers,
}

/// What responses are checked against, read once per request.
pub struct Context {
    pub survey_id: String,
    /// The questions as stored when the responses were checked.
    pub questions_json: String,
    questions: Questions,
    areas: HashMap<String, AreaKind>,
    client_id: String,
    now: NaiveDateTime,
}

/// 409 unless the survey accepts responses.
pub fn require_open(status: SurveyStatus) -> Result<(), ApiError> {
    if status == SurveyStatus::Open {
        Ok(())
    } else {
        Err(ApiError::conflict(format!(
            "the survey is {}: responses are accepted only while it is open",
            status
        )))
    }
}

impl Context {
    /// The survey (404; 409 unless open) and the areas.
    pub fn load(c: &mut DbConn, survey_id: &str, client_id: &str) -> Result<Self, ApiError> {
        let survey = load_survey(c, survey_id)?;
        require_open(survey.status)?;
        let areas = crate::areas::repo::list(c, &Default::default(), 10_000)?
            .into_iter()
            .map(|a| (a.code, a.kind))
            .collect();
        Ok(Self {
            questions: survey.questions()?,
            survey_id: survey.id,
            questions_json: survey.questions.clone(),
            areas,
            client_id: client_id.to_owned(),
            now: db::now(),
        })
    }

    /// Checks one response; errors name the fields (`answers.<code>`, `area`, ...).
    pub fn check(&self, input: ResponseInput) -> Result<Valid, Vec<FieldError>> {
        let mut errors = Vec::new();
        match self.areas.get(&input.area) {
            Some(kind) if kind.is_organisation() => {}
            Some(_) => errors.push(FieldError::new(
                "area",
                "must be a county, city or joint authority, not a collaboration area",
            )),
            None => errors.push(FieldError::new("area", format!("unknown area `{}`", input.area))),
        }
        if input.external_id.as_ref().is_some_and(|e| e.is_empty() || e.chars().count() > 200) {
            errors.push(FieldError::new("external_id", "must be 1 to 200 characters"));
        }
        if input.event_id.as_ref().is_some_and(|e| uuid::Uuid::parse_str(e).is_err()) {
            errors.push(FieldError::new("event_id", "must be an event id (a UUID)"));
        }
        // To microseconds, what PostgreSQL keeps: the stored representation shows
        // what a read of the row gives on both databases.
        let submitted_at = input.submitted_at.map_or(self.now, |t| t.naive_utc().trunc_subsecs(6));
        if submitted_at > self.now + chrono::Duration::minutes(CLOCK_SKEW_MINUTES) {
            errors.push(FieldError::new("submitted_at", "must not be in the future"));
        } else if submitted_at.year() < EARLIEST_YEAR {
            errors.push(FieldError::new("submitted_at", format!("must not be before {EARLIEST_YEAR}")));
        }
        let answers = Answers::parse(&self.questions, input.answers.0).map_err(|e| errors.extend(e)).ok();
        let Some(answers) = answers.filter(|_| errors.is_empty()) else { return Err(errors) };
        let row = NewResponseRow {
            id: uuid::Uuid::now_v7().to_string(),
            survey_id: self.survey_id.clone(),
            client_id: self.client_id.clone(),
            external_id: input.external_id,
            event_id: input.event_id,
            area_code: input.area,
            submitted_at,
            answers: answers.to_json_string(),
            created_at: self.now,
            doc: String::new(),
        };
        Ok(Valid { row, answers })
    }
}

/// 403 unless the caller may submit for `area` (integration clients: their own county only).
pub fn check_county(caller: &Caller, area: &str) -> Result<(), ApiError> {
    match caller.county() {
        Some(county) if county != area => {
            Err(ApiError::forbidden(format!("this client submits for `{county}` only, not for `{area}`")))
        }
        _ => Ok(()),
    }
}

/// Checks a whole batch: 403 if any item names another county, else 422 listing
/// every bad item by index (`responses[17].answers.overall_grade`).
pub fn check_batch(ctx: &Context, caller: &Caller, items: Items) -> Result<Vec<Valid>, ApiError> {
    let mut errors = Errors::default();
    let mut parsed = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Ok(input) => parsed.push((i, input)),
            Err(e) => errors.extend(i, e),
        }
    }
    for (_, input) in &parsed {
        check_county(caller, &input.area)?;
    }
    let mut valid = Vec::with_capacity(parsed.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, input) in parsed {
        if let Some(ext) = &input.external_id {
            if let Some(first) = seen.insert(ext.clone(), i) {
                let message = format!("repeats the external_id of responses[{first}]");
                errors.extend(i, vec![FieldError::new("external_id", message)]);
            }
        }
        match ctx.check(input) {
            Ok(v) => valid.push(v),
            Err(e) => errors.extend(i, e),
        }
    }
    errors.into_result(valid)
}

/// The field errors of a batch: the first [`MAX_LISTED_ERRORS`] kept, all counted.
#[derive(Default)]
struct Errors {
    listed: Vec<FieldError>,
    count: usize,
}

impl Errors {
    fn extend(&mut self, item: usize, errors: Vec<FieldError>) {
        self.count += errors.len();
        let room = MAX_LISTED_ERRORS.saturating_sub(self.listed.len());
        let prefix = format!("responses[{item}]");
        self.listed.extend(errors.into_iter().take(room).map(|e| e.nested(&prefix)));
    }

    fn into_result<T>(self, ok: T) -> Result<T, ApiError> {
        if self.count == 0 {
            Ok(ok)
        } else {
            Err(ApiError::validation_counted(self.listed, self.count))
        }
    }
}
