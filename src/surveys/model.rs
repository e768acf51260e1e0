//! diesel rows of `surveys`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::domain::{Question, Questions, SurveyStatus};
use crate::common::LocalizedText;
use crate::db::schema::surveys;
use crate::error::ApiError;

/// A survey as stored: `title` and `questions` are JSON text.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = surveys, treat_none_as_default_value = false)]
pub struct SurveyRow {
    pub id: String,
    pub code: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub questions: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SurveyRow {
    /// The stored questions, parsed.
    pub fn questions(&self) -> Result<Questions, ApiError> {
        let list: Vec<Question> = serde_json::from_str(&self.questions).map_err(ApiError::internal)?;
        Ok(Questions::trusted(list))
    }

    pub fn title(&self) -> Result<LocalizedText, ApiError> {
        serde_json::from_str(&self.title).map_err(ApiError::internal)
    }

    pub fn status(&self) -> SurveyStatus {
        SurveyStatus::parse(&self.status).unwrap_or(SurveyStatus::Closed)
    }
}
