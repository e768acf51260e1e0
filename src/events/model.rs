//! diesel rows of `events`.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::events;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = events, treat_none_as_default_value = false)]
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
    pub format: String,
    pub status: String,
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

/// The mutable fields, written by an update.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = events, treat_none_as_null = true)]
pub struct EventChanges {
    pub title_fi: String,
    pub title_sv: Option<String>,
    pub title_en: Option<String>,
    pub area_code: String,
    pub city_fi: Option<String>,
    pub city_sv: Option<String>,
    pub city_en: Option<String>,
    pub venue: Option<String>,
    pub starts_on: NaiveDate,
    pub format: String,
    pub status: String,
    pub registered_count: Option<i32>,
    pub attended_count: Option<i32>,
    pub attended_is_estimate: bool,
    pub workshop_participants: Option<i32>,
    pub description_fi: Option<String>,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

impl EventRow {
    /// The row's mutable fields, as the next version.
    pub fn changes(&self) -> EventChanges {
        let r = self.clone();
        EventChanges {
            title_fi: r.title_fi,
            title_sv: r.title_sv,
            title_en: r.title_en,
            area_code: r.area_code,
            city_fi: r.city_fi,
            city_sv: r.city_sv,
            city_en: r.city_en,
            venue: r.venue,
            starts_on: r.starts_on,
            format: r.format,
            status: r.status,
            registered_count: r.registered_count,
            attended_count: r.attended_count,
            attended_is_estimate: r.attended_is_estimate,
            workshop_participants: r.workshop_participants,
            description_fi: r.description_fi,
            description_sv: r.description_sv,
            description_en: r.description_en,
            version: r.version + 1,
            updated_at: crate::db::now(),
        }
    }
}
