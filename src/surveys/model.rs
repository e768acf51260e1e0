//! diesel rows of `surveys`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::domain::{Question, Questions, SurveyKind, SurveyStatus};
use crate::common::LocalizedText;
use crate::db::schema::surveys;
use crate::error::ApiError;

/// A survey as stored: `title` and `questions` are JSON text. Every field but
/// `id` and `created_at` is written by an update.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = surveys, primary_key(id), treat_none_as_default_value = false)]
pub struct SurveyRow {
    pub id: String,
    pub code: String,
    pub title: String,
    pub kind: SurveyKind,
    pub status: SurveyStatus,
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
}
