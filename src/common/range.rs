//! `from`/`to` date ranges of list and report filters.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};

use crate::error::ApiError;

/// The years a date filter may name: four digits, inside what both databases
/// store (PostgreSQL refuses, with an error, dates like `-262143-01-01`).
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// `updated_since`: an RFC 3339 time as UTC (400 naming the parameter otherwise).
pub fn parse_since(raw: Option<&str>) -> Result<Option<NaiveDateTime>, ApiError> {
    let Some(raw) = raw else { return Ok(None) };
    let bad =
        || ApiError::bad_parameter("updated_since", "must be an RFC 3339 time such as 2026-11-29T12:00:00Z");
    let at = DateTime::parse_from_rfc3339(raw).map_err(|_| bad())?.naive_utc();
    if !YEARS.contains(&at.year()) {
        return Err(bad());
    }
    Ok(Some(at))
}

/// 400 naming the parameter when a date lies outside [`YEARS`]; 400 when `to` is before `from`.
pub fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), ApiError> {
    for (name, day) in [("from", from), ("to", to)] {
        if day.is_some_and(|d| !YEARS.contains(&d.year())) {
            return Err(ApiError::bad_parameter(name, "must be a date with a four-digit year"));
        }
    }
    match (from, to) {
        (Some(f), Some(t)) if t < f => Err(ApiError::bad_parameter("to", "must not be before `from`")),
        _ => Ok(()),
    }
}
