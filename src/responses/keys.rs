//! The keys of the counters that `counts` and `year_counts` keep.

use chrono::NaiveDate;

/// The `question_code` whose counter counts respondents.
pub const RESPONDENTS: &str = "*";

/// `event_key` of responses that name no event.
pub const NO_EVENT: &str = "";

/// A counter's key: (area, event, day, question, value).
pub type Key<'a> = (&'a str, &'a str, NaiveDate, &'a str, &'a str);
