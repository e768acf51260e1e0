//! Event formats and statuses, and the rules an event must keep.

use chrono::NaiveDate;

use crate::error::FieldError;

crate::stored_enum! {
    /// How an event is held.
    pub enum EventFormat { OnSite = "on_site", Online = "online", Hybrid = "hybrid" }
}

crate::stored_enum! {
    /// Where an event stands.
    pub enum EventStatus { Planned = "planned", Held = "held", Cancelled = "cancelled" }
}

/// The largest headcount accepted (a national event fits many times over).
pub const MAX_HEADCOUNT: i64 = 100_000;

/// A headcount: absent (unknown) or 0..=`MAX_HEADCOUNT`.
pub fn headcount(field: &str, value: Option<i64>, errors: &mut Vec<FieldError>) -> Option<i32> {
    let v = value?;
    match i32::try_from(v) {
        Ok(n) if (0..=MAX_HEADCOUNT).contains(&v) => Some(n),
        _ => {
            errors.push(FieldError::new(field, format!("must be between 0 and {MAX_HEADCOUNT}, not {v}")));
            None
        }
    }
}

/// Dates within reason: 2000-01-01 ..= 2100-12-31.
pub fn check_date(field: &str, date: NaiveDate, errors: &mut Vec<FieldError>) {
    let (min, max) = (NaiveDate::from_ymd_opt(2000, 1, 1), NaiveDate::from_ymd_opt(2100, 12, 31));
    if min.is_some_and(|m| date < m) || max.is_some_and(|m| date > m) {
        errors.push(FieldError::new(field, "must be between 2000-01-01 and 2100-12-31"));
    }
}

/// Attendance exists only for an event that was held.
pub fn check_attendance(status: EventStatus, attended: Option<i32>, errors: &mut Vec<FieldError>) {
    if attended.is_some() && status != EventStatus::Held {
        errors.push(FieldError::new(
            "attended_count",
            format!("must be null for a {} event: only a held event has attendance", status.as_str()),
        ));
    }
}

/// Trims an optional plain text; empty becomes absent; longer than `max`
/// characters as sent is an error.
pub fn plain_text(
    field: &str,
    value: Option<String>,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        errors.push(FieldError::new(field, format!("must be at most {max} characters")));
    }
    value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_statuses_round_trip() {
        for f in EventFormat::ALL {
            assert_eq!(EventFormat::parse(f.as_str()), Some(*f));
        }
        for s in EventStatus::ALL {
            assert_eq!(EventStatus::parse(s.as_str()), Some(*s));
        }
        assert_eq!(EventStatus::parse("done"), None);
    }

    #[test]
    fn headcounts_are_non_negative_and_bounded() {
        let mut errors = Vec::new();
        assert_eq!(headcount("n", Some(131), &mut errors), Some(131));
        assert_eq!(headcount("n", Some(0), &mut errors), Some(0));
        assert_eq!(headcount("n", None, &mut errors), None);
        assert!(errors.is_empty());
        assert_eq!(headcount("n", Some(-1), &mut errors), None);
        assert_eq!(headcount("n", Some(i64::MAX), &mut errors), None);
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn only_held_events_have_attendance_and_dates_are_within_reason() {
        let mut errors = Vec::new();
        check_attendance(EventStatus::Held, Some(10), &mut errors);
        check_attendance(EventStatus::Planned, None, &mut errors);
        assert!(errors.is_empty());
        check_attendance(EventStatus::Planned, Some(10), &mut errors);
        check_attendance(EventStatus::Cancelled, Some(0), &mut errors);
        assert_eq!(errors.len(), 2);
        let mut errors = Vec::new();
        check_date("d", NaiveDate::from_ymd_opt(2023, 9, 6).unwrap(), &mut errors);
        assert!(errors.is_empty());
        check_date("d", NaiveDate::from_ymd_opt(1999, 12, 31).unwrap(), &mut errors);
        check_date("d", NaiveDate::from_ymd_opt(2101, 1, 1).unwrap(), &mut errors);
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn plain_text_is_trimmed_and_bounded() {
        let mut errors = Vec::new();
        assert_eq!(
            plain_text("v", Some("  Tampere-talo ".into()), 20, &mut errors).as_deref(),
            Some("Tampere-talo")
        );
        assert_eq!(plain_text("v", Some("   ".into()), 20, &mut errors), None);
        assert!(errors.is_empty());
        plain_text("v", Some("x".repeat(21)), 20, &mut errors);
        assert_eq!(errors.len(), 1);
    }
}
