//! `from`/`to` date ranges of list and report filters.

use chrono::{Datelike, NaiveDate};

use crate::error::ApiError;

/// The years a date filter may name: four digits, inside what both databases
/// store (PostgreSQL refuses, with an error, dates like `-262143-01-01`).
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

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
