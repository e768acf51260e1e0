//! Request and response bodies of `/api/v1/surveys/{id}/responses`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;
use utoipa::ToSchema;

use super::answer_map::AnswerMap;
use super::model::{NewResponseRow, ResponseRow};
use crate::common::Stamp;
use crate::error::{ApiError, FieldError};

/// One response to submit.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseInput {
    /// The sender's own id for the response (1..200 characters): resending a
    /// known one stores nothing new.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 200)]
    pub external_id: Option<String>,
    /// The event the response is about.
    #[serde(default)]
    pub event_id: Option<String>,
    /// The responding organisation (county, city or joint authority); an
    /// integration client may only name its own county.
    pub area: String,
    /// When it was answered (default now; not in the future).
    #[serde(default)]
    pub submitted_at: Option<DateTime<Utc>>,
    /// Answers by question code: integers for scales, option codes for choices,
    /// text; at most 200, each code once.
    #[schema(value_type = Object)]
    pub answers: AnswerMap,
}

/// The items of a batch as read: each parsed, or the errors of its fields.
pub type Items = Vec<Result<ResponseInput, Vec<FieldError>>>;

/// Up to 5000 responses, stored all or nothing.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    #[schema(value_type = Vec<ResponseInput>)]
    #[schema(max_items = 5000)]
    pub responses: Vec<Value>,
}

/// The ids of a batch, in item order (known external ids give the stored id).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BatchCreated {
    pub ids: Vec<String>,
}

// Borrowed from its row: nothing is copied before it is written out.
/// A stored response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseOut<'a> {
    #[schema(format = Uuid)]
    pub id: &'a str,
    #[schema(format = Uuid)]
    pub survey_id: &'a str,
    pub external_id: Option<&'a str>,
    #[schema(format = Uuid)]
    pub event_id: Option<&'a str>,
    pub area: &'a str,
    #[schema(value_type = DateTime<Utc>)]
    pub submitted_at: Stamp,
    // Copied as stored (checked to be JSON), not parsed into values and written again.
    #[schema(value_type = Object)]
    pub answers: &'a RawValue,
    #[schema(value_type = DateTime<Utc>)]
    pub created_at: Stamp,
}

impl ResponseOut<'_> {
    /// The representation of a response about to be stored, kept beside it
    /// for pages to copy (the same JSON as a read of the stored row gives).
    pub fn render(row: &NewResponseRow) -> Result<String, ApiError> {
        let out = ResponseOut {
            answers: serde_json::from_str(&row.answers).map_err(ApiError::internal)?,
            id: &row.id,
            survey_id: &row.survey_id,
            external_id: row.external_id.as_deref(),
            event_id: row.event_id.as_deref(),
            area: &row.area_code,
            submitted_at: Stamp(row.submitted_at),
            created_at: Stamp(row.created_at),
        };
        serde_json::to_string(&out).map_err(ApiError::internal)
    }
}

impl<'a> TryFrom<&'a ResponseRow> for ResponseOut<'a> {
    type Error = ApiError;

    /// Fails (a logged 500) when the stored answers are not JSON.
    fn try_from(r: &'a ResponseRow) -> Result<Self, ApiError> {
        Ok(Self {
            answers: serde_json::from_str(&r.answers).map_err(ApiError::internal)?,
            id: &r.id,
            survey_id: &r.survey_id,
            external_id: r.external_id.as_deref(),
            event_id: r.event_id.as_deref(),
            area: &r.area_code,
            submitted_at: r.submitted_at,
            created_at: r.created_at,
        })
    }
}
