//! The response listing's `after=<seq>`: the responses stored by the change
//! feed's `survey_response` entries after that seq, in feed order, so that a
//! copy follows the feed and fetches what each entry announced.

use serde::Deserialize;

use super::repo::{self, ResponseFilter};
use crate::common::Cursor;
use crate::db::DbConn;
use crate::error::ApiError;

/// Feed entries read at a time while gathering a page.
const ENTRIES_PER_READ: i64 = 20;

/// A response's place in the feed: the entry's seq and the index in its ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub seq: i64,
    pub index: usize,
}

impl Position {
    /// The first position after feed seq `after`.
    pub fn after(seq: i64) -> Self {
        Self { seq, index: usize::MAX }
    }

    pub fn encode(self) -> String {
        Cursor::encode(&[&self.seq.to_string(), &self.index.to_string()])
    }

    /// A cursor this listing returned with `after` (400 otherwise).
    pub fn decode(cursor: &str) -> Result<Self, ApiError> {
        let bad = || ApiError::bad_parameter("cursor", "is not a cursor returned by this list");
        let c = Cursor::decode(Some(cursor), 2)?.ok_or_else(bad)?;
        Ok(Self { seq: c.part(0).parse().map_err(|_| bad())?, index: c.part(1).parse().map_err(|_| bad())? })
    }
}

#[derive(Deserialize)]
struct Announced {
    response_ids: Vec<String>,
}

/// The stored representations of up to `limit` responses announced after
/// `from` (those erased or outside `filter` left out, so a page may be
/// short), and where the next page starts.
pub fn list(
    c: &mut DbConn,
    filter: &ResponseFilter,
    from: Position,
    limit: usize,
) -> Result<(Vec<String>, Option<Position>), ApiError> {
    let areas = (!filter.areas.is_empty()).then_some(filter.areas.as_slice());
    let mut wanted: Vec<(Position, String)> = Vec::new();
    // The entry holding `from` is read again when the page ended inside it.
    let mut after = if from.index == usize::MAX { from.seq } else { from.seq - 1 };
    while wanted.len() <= limit {
        let entries =
            crate::changes::repo::stored_responses(c, &filter.survey_id, areas, after, ENTRIES_PER_READ)?;
        for (seq, resource) in &entries {
            let ids: Announced =
                serde_json::from_str(resource.as_deref().unwrap_or("{}")).map_err(ApiError::internal)?;
            let positions = ids
                .response_ids
                .into_iter()
                .enumerate()
                .map(|(index, id)| (Position { seq: *seq, index }, id));
            wanted.extend(positions.filter(|(p, _)| *p > from || from.index == usize::MAX));
        }
        match entries.last() {
            Some((seq, _)) if entries.len() as i64 == ENTRIES_PER_READ => after = *seq,
            _ => break,
        }
    }
    let next = (wanted.len() > limit).then(|| wanted[limit - 1].0);
    wanted.truncate(limit);
    let ids: Vec<String> = wanted.iter().map(|(_, id)| id.clone()).collect();
    let mut rows = repo::with_ids(c, filter, &ids)?;
    let order: std::collections::HashMap<&str, usize> =
        ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    rows.sort_by_key(|r| order.get(r.id.as_str()).copied().unwrap_or(usize::MAX));
    let docs = super::service::stored_docs(c, rows.into_iter().map(|r| r.listed).collect())?;
    Ok((docs, next))
}
