//! The workshop report's own queries: which survey of a kind a year's report uses,
//! and the proposals that came up in the year's events.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Date, Text};

use crate::db::schema::{events as e, proposal_events as pe, proposals as p};
use crate::db::DbConn;
use crate::proposals::model::ProposalRow;

/// At most this many proposals appear in one report.
pub const MAX_PROPOSALS: i64 = 1000;

#[derive(QueryableByName)]
struct BusiestSurvey {
    #[diesel(sql_type = Text)]
    survey_id: String,
}

/// The survey of `kind` with the most respondents submitted within `from..=to`
/// (the older one on a tie), summed from the per-day counters; None when no survey
/// of that kind has any.
pub fn busiest_survey(
    c: &mut DbConn,
    kind: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Option<String>> {
    let rows: Vec<BusiestSurvey> = diesel::sql_query(
        "SELECT rc.survey_id AS survey_id \
         FROM response_counts rc JOIN surveys s ON s.id = rc.survey_id \
         WHERE s.kind = $1 AND rc.question_code = '*' AND rc.day >= $2 AND rc.day <= $3 \
         GROUP BY rc.survey_id \
         ORDER BY CAST(SUM(rc.count) AS BIGINT) DESC, rc.survey_id ASC LIMIT 1",
    )
    .bind::<Text, _>(kind)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .load(c)?;
    Ok(rows.into_iter().next().map(|r| r.survey_id))
}

/// Proposals (sub-proposals included) linked to a non-cancelled event held within
/// `from..=to`, oldest first, at most `MAX_PROPOSALS`.
pub fn year_proposals(c: &mut DbConn, from: NaiveDate, to: NaiveDate) -> QueryResult<Vec<ProposalRow>> {
    let events = e::table
        .filter(e::starts_on.ge(from))
        .filter(e::starts_on.le(to))
        .filter(e::status.ne("cancelled"))
        .select(e::id);
    let linked = pe::table.filter(pe::event_id.eq_any(events)).select(pe::proposal_id);
    p::table
        .filter(p::id.eq_any(linked))
        .select(ProposalRow::as_select())
        .order(p::id.asc())
        .limit(MAX_PROPOSALS)
        .load(c)
}
