//! diesel rows of `events`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{EventFormat, EventStatus};
use crate::db::schema::events;

/// An event as stored; every field but `id` and `created_at` is written by an update.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = events, primary_key(id))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct EventRow {
    pub id: String,
    pub title_fi: String,
    pub title_sv: Option<String>,
    pub title_en: Option<String>,
    pub area_code: String,
    pub city_fi: Option<String>,
    pub city_sv: Option<String>,
    pub city_en: Option<String>,
    pub venue: Option<String>,
    pub starts_on: NaiveDate,
    pub format: EventFormat,
    pub status: EventStatus,
    pub registered_count: Option<i32>,
    pub attended_count: Option<i32>,
    pub attended_is_estimate: bool,
    pub workshop_participants: Option<i32>,
    pub description_fi: Option<String>,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
