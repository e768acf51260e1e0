//! Request and response bodies of `/api/v1/events`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::EventRow;
use super::{EventFormat, EventStatus};
use crate::common::patch::{non_null, nullable};
use crate::common::{opt_text, text, LocalizedText};

/// A workshop or other event of a collaboration area or an organisation under one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EventResponse {
    #[schema(format = Uuid)]
    pub id: String,
    pub title: LocalizedText,
    /// The area code of the collaboration area or organisation holding the event.
    pub area: String,
    pub city: Option<LocalizedText>,
    /// Where on site, e.g. a building or an address.
    pub venue: Option<String>,
    pub starts_on: NaiveDate,
    pub format: EventFormat,
    pub status: EventStatus,
    /// Registrations; null when unknown.
    #[schema(minimum = 0, maximum = 100000)]
    pub registered_count: Option<i32>,
    /// Attendance of a held event; null when unknown or not held.
    #[schema(minimum = 0, maximum = 100000)]
    pub attended_count: Option<i32>,
    /// Whether `attended_count` is an estimate ("about 100").
    pub attended_is_estimate: bool,
    /// How many took part in the workshop part; null when unknown.
    #[schema(minimum = 0, maximum = 100000)]
    pub workshop_participants: Option<i32>,
    pub description: Option<LocalizedText>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<EventRow> for EventResponse {
    fn from(r: EventRow) -> Self {
        Self {
            id: r.id,
            title: text(r.title_fi, r.title_sv, r.title_en),
            area: r.area_code,
            city: opt_text(r.city_fi, r.city_sv, r.city_en),
            venue: r.venue,
            starts_on: r.starts_on,
            format: r.format,
            status: r.status,
            registered_count: r.registered_count,
            attended_count: r.attended_count,
            attended_is_estimate: r.attended_is_estimate,
            workshop_participants: r.workshop_participants,
            description: opt_text(r.description_fi, r.description_sv, r.description_en),
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            version: r.version,
        }
    }
}

/// A new event.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateEventRequest {
    /// `fi` is required.
    pub title: LocalizedText,
    /// A collaboration area or an organisation under one.
    pub area: String,
    #[serde(default)]
    pub city: Option<LocalizedText>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub venue: Option<String>,
    pub starts_on: NaiveDate,
    pub format: EventFormat,
    /// `planned` when absent.
    #[serde(default)]
    pub status: Option<EventStatus>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000)]
    pub registered_count: Option<i64>,
    /// Only for a `held` event.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000)]
    pub attended_count: Option<i64>,
    #[serde(default)]
    pub attended_is_estimate: bool,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000)]
    pub workshop_participants: Option<i64>,
    #[serde(default)]
    pub description: Option<LocalizedText>,
}

/// Fields to change; absent fields stay as they are, `null` clears an optional field.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateEventRequest {
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub title: Option<LocalizedText>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub area: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<LocalizedText>)]
    pub city: Option<Option<LocalizedText>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub venue: Option<Option<String>>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub format: Option<EventFormat>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub status: Option<EventStatus>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100000)]
    pub registered_count: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100000)]
    pub attended_count: Option<Option<i64>>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub attended_is_estimate: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0, maximum = 100000)]
    pub workshop_participants: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<LocalizedText>)]
    pub description: Option<Option<LocalizedText>>,
}
