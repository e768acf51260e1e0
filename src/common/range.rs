//! `from`/`to` date ranges of list and report filters.

use chrono::NaiveDate;

use crate::error::ApiError;

/// 400 when `to` is before `from`.
pub fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), ApiError> {
    match (from, to) {
        (Some(f), Some(t)) if t < f => Err(ApiError::bad_parameter("to", "must not be before `from`")),
        _ => Ok(()),
    }
}
