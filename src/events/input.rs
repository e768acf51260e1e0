//! `EventFields`: an event's fields, validated, from a create or a patch.

use chrono::NaiveDate;

use super::domain::{check_attendance, check_date, headcount, plain_text};
use super::dto::{CreateEventRequest, UpdateEventRequest};
use super::model::EventRow;
use super::{EventFormat, EventStatus};
use crate::common::{opt_text, text, LocalizedText};
use crate::error::{ApiError, FieldError};

pub const TITLE_MAX: usize = 200;
pub const CITY_MAX: usize = 100;
pub const VENUE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;

/// Every field of an event, each already checked on its own.
#[derive(Debug, Clone)]
pub struct EventFields {
    pub title: LocalizedText,
    pub area: String,
    pub city: Option<LocalizedText>,
    pub venue: Option<String>,
    pub starts_on: NaiveDate,
    pub format: EventFormat,
    pub status: EventStatus,
    pub registered_count: Option<i32>,
    pub attended_count: Option<i32>,
    pub attended_is_estimate: bool,
    pub workshop_participants: Option<i32>,
    pub description: Option<LocalizedText>,
}

fn opt_localized(
    field: &str,
    v: Option<LocalizedText>,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<LocalizedText> {
    v.and_then(|t| t.validate(field, max, errors))
}

impl EventFields {
    /// Checks a new event; every bad field is named in one 422.
    pub fn from_create(req: CreateEventRequest) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let title = req.title.validate("title", TITLE_MAX, &mut errors);
        check_date("starts_on", req.starts_on, &mut errors);
        let fields = Self {
            title: title.unwrap_or_else(|| text(String::new(), None, None)),
            area: req.area,
            city: opt_localized("city", req.city, CITY_MAX, &mut errors),
            venue: plain_text("venue", req.venue, VENUE_MAX, &mut errors),
            starts_on: req.starts_on,
            format: req.format,
            status: req.status.unwrap_or(EventStatus::Planned),
            registered_count: headcount("registered_count", req.registered_count, &mut errors),
            attended_count: headcount("attended_count", req.attended_count, &mut errors),
            attended_is_estimate: req.attended_is_estimate,
            workshop_participants: headcount("workshop_participants", req.workshop_participants, &mut errors),
            description: opt_localized("description", req.description, DESCRIPTION_MAX, &mut errors),
        };
        fields.finish(errors)
    }

    /// The stored event with a patch applied, checked as a whole.
    pub fn patched(row: &EventRow, req: UpdateEventRequest) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let mut f = Self::from_row(row);
        if let Some(t) = req.title.and_then(|t| t.validate("title", TITLE_MAX, &mut errors)) {
            f.title = t;
        }
        if let Some(a) = req.area {
            f.area = a;
        }
        if let Some(c) = req.city {
            f.city = opt_localized("city", c, CITY_MAX, &mut errors);
        }
        if let Some(v) = req.venue {
            f.venue = plain_text("venue", v, VENUE_MAX, &mut errors);
        }
        if let Some(d) = req.starts_on {
            check_date("starts_on", d, &mut errors);
            f.starts_on = d;
        }
        f.format = req.format.unwrap_or(f.format);
        f.status = req.status.unwrap_or(f.status);
        if let Some(n) = req.registered_count {
            f.registered_count = headcount("registered_count", n, &mut errors);
        }
        if let Some(n) = req.attended_count {
            f.attended_count = headcount("attended_count", n, &mut errors);
        }
        f.attended_is_estimate = req.attended_is_estimate.unwrap_or(f.attended_is_estimate);
        if let Some(n) = req.workshop_participants {
            f.workshop_participants = headcount("workshop_participants", n, &mut errors);
        }
        if let Some(d) = req.description {
            f.description = opt_localized("description", d, DESCRIPTION_MAX, &mut errors);
        }
        f.finish(errors)
    }

    /// The rules between fields, then one 422 for everything found.
    fn finish(self, mut errors: Vec<FieldError>) -> Result<Self, ApiError> {
        check_attendance(self.status, self.attended_count, &mut errors);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(ApiError::validation(errors))
        }
    }

    pub fn from_row(r: &EventRow) -> Self {
        let r = r.clone();
        Self {
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
        }
    }

    /// A new row (version 1) with these fields.
    pub fn into_row(self, id: String, now: chrono::NaiveDateTime) -> EventRow {
        let mut row = EventRow {
            id,
            title_fi: String::new(),
            title_sv: None,
            title_en: None,
            area_code: String::new(),
            city_fi: None,
            city_sv: None,
            city_en: None,
            venue: None,
            starts_on: self.starts_on,
            format: self.format,
            status: self.status,
            registered_count: None,
            attended_count: None,
            attended_is_estimate: false,
            workshop_participants: None,
            description_fi: None,
            description_sv: None,
            description_en: None,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        self.write_to(&mut row);
        row
    }

    /// Copies the fields onto `row` (id, version and times stay).
    pub fn write_to(self, row: &mut EventRow) {
        let split = |t: Option<LocalizedText>| match t {
            Some(t) => (Some(t.fi), t.sv, t.en),
            None => (None, None, None),
        };
        (row.title_fi, row.title_sv, row.title_en) = (self.title.fi, self.title.sv, self.title.en);
        row.area_code = self.area;
        (row.city_fi, row.city_sv, row.city_en) = split(self.city);
        row.venue = self.venue;
        row.starts_on = self.starts_on;
        row.format = self.format;
        row.status = self.status;
        row.registered_count = self.registered_count;
        row.attended_count = self.attended_count;
        row.attended_is_estimate = self.attended_is_estimate;
        row.workshop_participants = self.workshop_participants;
        (row.description_fi, row.description_sv, row.description_en) = split(self.description);
    }
}
