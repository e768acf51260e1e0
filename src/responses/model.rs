//! diesel rows of `survey_responses` and `response_counts`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::common::Stamp;
use crate::db::schema::{response_counts, response_totals, response_year_counts, survey_responses};

/// What a page of responses reads: the cursor and the stored representation
/// (none for a response stored before representations were kept).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = survey_responses)]
pub struct ListedResponse {
    pub seq: i64,
    pub doc: Option<String>,
}

/// What the `after=<seq>` listing reads of a response a feed entry announced:
/// [`ListedResponse`] with the id, to put them in the entries' order.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = survey_responses)]
pub struct AnnouncedResponse {
    pub id: String,
    #[diesel(embed)]
    pub listed: ListedResponse,
}

/// A stored response; `seq` is the insert order (the listing's cursor).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = survey_responses)]
pub struct ResponseRow {
    pub seq: i64,
    pub id: String,
    pub survey_id: String,
    pub client_id: String,
    pub external_id: Option<String>,
    pub event_id: Option<String>,
    pub area_code: String,
    pub submitted_at: Stamp,
    pub answers: String,
    pub created_at: Stamp,
}

/// A response to insert (`seq` comes from the database).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = survey_responses, treat_none_as_default_value = false)]
pub struct NewResponseRow {
    pub id: String,
    pub survey_id: String,
    pub client_id: String,
    pub external_id: Option<String>,
    pub event_id: Option<String>,
    pub area_code: String,
    pub submitted_at: NaiveDateTime,
    pub answers: String,
    pub created_at: NaiveDateTime,
    /// The response as the API answers it (see [`super::dto::ResponseOut::render`]).
    pub doc: String,
}

/// A change to one counter of `response_counts`.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = response_counts, treat_none_as_default_value = false)]
pub struct CountRow {
    pub survey_id: String,
    pub area_code: String,
    pub event_key: String,
    pub day: NaiveDate,
    pub question_code: String,
    pub value: String,
    pub count: i64,
}

/// A change to one counter of `response_totals` (the counters without the day).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = response_totals, treat_none_as_default_value = false)]
pub struct TotalRow {
    pub survey_id: String,
    pub area_code: String,
    pub event_key: String,
    pub question_code: String,
    pub value: String,
    pub count: i64,
}

/// A change to one counter of `response_year_counts` (the counters per calendar year).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = response_year_counts, treat_none_as_default_value = false)]
pub struct YearRow {
    pub survey_id: String,
    pub year: i32,
    pub area_code: String,
    pub event_key: String,
    pub question_code: String,
    pub value: String,
    pub count: i64,
}
