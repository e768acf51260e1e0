//! Results of one survey as every caller builds them (the results endpoint and
//! the workshop report): the same counters, names and suppression, so they agree.

use std::collections::{BTreeSet, HashMap};

use super::build::{assemble, Request};
use super::dto::{GroupBy, ResultsResponse};
use super::repo::{self, Period, ResultsFilter};
use crate::common::LocalizedText;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::surveys::Questions;

/// Names of every area and the collaboration area of each organisation.
pub struct AreaIndex {
    pub names: HashMap<String, LocalizedText>,
    pub parents: HashMap<String, String>,
}

impl AreaIndex {
    /// Loads every area (a few dozen rows).
    pub fn load(c: &mut DbConn) -> Result<Self, ApiError> {
        let areas = crate::areas::repo::list(c, &Default::default(), 10_000)?;
        let parents =
            areas.iter().filter_map(|r| r.parent_code.clone().map(|p| (r.code.clone(), p))).collect();
        let names = areas
            .into_iter()
            .map(|r| (r.code, LocalizedText { fi: r.name_fi, sv: r.name_sv, en: r.name_en }))
            .collect();
        Ok(Self { names, parents })
    }

    /// The collaboration area of `code` (itself when it has no parent).
    pub fn region_of<'a>(&'a self, code: &'a str) -> &'a str {
        self.parents.get(code).map_or(code, String::as_str)
    }
}

/// How a survey's results are asked for.
pub struct Ask<'a> {
    pub group_by: GroupBy,
    pub filter: &'a ResultsFilter,
    /// False only for staff asking `suppress=false`.
    pub suppress: bool,
    pub min_group_size: i64,
}

/// The results of survey `survey_id` (with `questions`) as `ask` says.
pub fn results(
    c: &mut DbConn,
    survey_id: &str,
    questions: &Questions,
    ask: &Ask<'_>,
    areas: &AreaIndex,
) -> Result<ResultsResponse, ApiError> {
    if let Some(a) = &ask.filter.area {
        if !areas.names.contains_key(a) {
            return Err(ApiError::bad_parameter("area", format!("unknown area `{a}`")));
        }
    }
    let rows = repo::cell_counts(c, survey_id, ask.filter)?;
    let event_names = if ask.group_by == GroupBy::Event {
        let ids: BTreeSet<String> =
            rows.iter().filter(|r| !r.event_key.is_empty()).map(|r| r.event_key.clone()).collect();
        crate::events::repo::titles(c, ids.into_iter().collect())?.into_iter().collect()
    } else {
        HashMap::new()
    };
    let year = match ask.filter.period {
        Period::Year(y) => Some(y),
        _ => None,
    };
    let req = Request {
        survey_id: survey_id.to_owned(),
        group_by: ask.group_by,
        year,
        min_group_size: ask.min_group_size,
        suppress: ask.suppress,
        questions,
        names: if ask.group_by == GroupBy::Event { &event_names } else { &areas.names },
        parents: &areas.parents,
    };
    Ok(assemble(&req, &rows))
}
