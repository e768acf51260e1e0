//! Request and response bodies of `/api/v1/surveys`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::domain::{Question, SurveyKind, SurveyStatus};
use super::model::SurveyRow;
use crate::common::LocalizedText;
use crate::error::ApiError;

/// A survey with its questions.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SurveyResponse {
    pub id: String,
    /// Unique lowercase slug, e.g. `feedback-2023`.
    pub code: String,
    pub title: LocalizedText,
    pub kind: SurveyKind,
    /// Responses are accepted only while `open`.
    pub status: SurveyStatus,
    /// Frozen once the survey has a response.
    pub questions: Vec<Question>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<SurveyRow> for SurveyResponse {
    type Error = ApiError;

    fn try_from(r: SurveyRow) -> Result<Self, ApiError> {
        Ok(Self {
            title: r.title()?,
            questions: r.questions()?.into_inner(),
            status: r.status,
            kind: r.kind,
            id: r.id,
            code: r.code,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        })
    }
}

/// A new survey (admin, editor).
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSurveyRequest {
    pub code: String,
    pub title: LocalizedText,
    pub kind: SurveyKind,
    /// `draft` (the default) or `open`.
    #[serde(default)]
    pub status: Option<SurveyStatus>,
    pub questions: Vec<Question>,
}

/// Fields to change; absent fields stay as they are.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateSurveyRequest {
    #[serde(default)]
    pub title: Option<LocalizedText>,
    #[serde(default)]
    pub kind: Option<SurveyKind>,
    /// draft → open → closed, closed → open; never back to draft (409).
    #[serde(default)]
    pub status: Option<SurveyStatus>,
    /// Replaces every question; 409 once the survey has a response.
    #[serde(default)]
    pub questions: Option<Vec<Question>>,
}
