//! The body of `GET /api/v1/surveys/{id}/results`.

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use utoipa::ToSchema;

use crate::common::LocalizedText;

/// How results are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// Counties, the city and the joint authority rolled up to their collaboration area.
    CollaborationArea,
    /// The responding organisation.
    Area,
    /// The event a response names (responses without an event are left out).
    Event,
}

/// Answers per possible value (`"1"`..`"5"`, or option codes), zeros included, in scale order.
#[derive(Debug, Clone, PartialEq, Default, ToSchema)]
#[schema(value_type = std::collections::HashMap<String, i64>)]
pub struct Distribution(pub Vec<(String, i64)>);

impl Serialize for Distribution {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Figures of one scale or choice question; all null when `suppressed`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct QuestionResult {
    /// Respondents who answered the question.
    pub n: Option<i64>,
    /// The exact mean of the values (not rounded); null for choice questions.
    pub mean: Option<f64>,
    pub distribution: Option<Distribution>,
    /// The share (a fraction from 0 to 1) answering 4–5 on `likert5` ("somewhat or
    /// fully agree") or 4 on `rating4` ("excellent/good"); null for other types.
    pub positive_share: Option<f64>,
    /// True when too few answered this question to show it.
    pub suppressed: bool,
}

/// Questions by code, in the survey's order.
#[derive(Debug, Clone, PartialEq, Default, ToSchema)]
#[schema(value_type = std::collections::HashMap<String, QuestionResult>)]
pub struct QuestionResults(pub Vec<(String, QuestionResult)>);

impl Serialize for QuestionResults {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One group; `n` and `questions` are null when it is suppressed (never zeros).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct GroupResult {
    /// An area code, or an event id.
    pub key: String,
    /// The area's name, or the event's title.
    pub name: Option<LocalizedText>,
    pub n: Option<i64>,
    pub suppressed: bool,
    pub questions: Option<QuestionResults>,
}

/// Every group together; withheld when it would let a sum or difference of published figures count fewer than `min_group_size`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TotalResult {
    pub n: Option<i64>,
    pub suppressed: bool,
    pub questions: Option<QuestionResults>,
}

/// Results of a survey (text answers never appear).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ResultsResponse {
    pub survey_id: String,
    pub group_by: GroupBy,
    /// The calendar year the results cover; null when every response (or a date range) is covered.
    pub year: Option<i32>,
    /// Groups with fewer respondents are suppressed.
    pub min_group_size: i64,
    /// Only groups with responses, ordered by key.
    pub groups: Vec<GroupResult>,
    pub total: TotalResult,
}
