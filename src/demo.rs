//! The 2023 workshop data set (`seed/workshops-2023.json`), loaded on request
//! (`serve --demo`, `demo load`): the five workshops with their headcounts and
//! the twelve development proposals with their sub-items, and the definitions
//! of the two 2023 surveys (pre-assignment and feedback).
//!
//! Loading is idempotent: every row has a deterministic id derived from its key
//! in the data set, and an event already present for the same area and day (or
//! a proposal with the same Finnish title) counts as present. Nothing that is
//! there is changed; only what is missing is added, in one transaction.

use anyhow::Context;
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::common::LocalizedText;
use crate::db::{self, DbPool};

mod items;

const DATA: &str = include_str!("../seed/workshops-2023.json");

/// Who the audit log names for demo rows (defined beside the demo surveys,
/// which load on their own too).
pub use crate::surveys::demo::ACTOR;

#[derive(Deserialize)]
struct DataSet {
    events: Vec<DemoEvent>,
    development_proposals: DemoProposals,
}

#[derive(Deserialize)]
struct DemoEvent {
    collaboration_area: String,
    city: LocalizedText,
    date: NaiveDate,
    format: String,
    registered: i32,
    attended: i32,
    attended_approximate: bool,
}

#[derive(Deserialize)]
struct DemoProposals {
    items: Vec<DemoItem>,
}

#[derive(Deserialize)]
struct DemoItem {
    key: String,
    #[serde(default)]
    tier: Option<i32>,
    category: String,
    fi: String,
    en: String,
    #[serde(default)]
    selected_measure: Option<i32>,
    #[serde(default)]
    sub_items: Vec<DemoItem>,
}

/// How many rows a load added.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Added {
    pub events: usize,
    pub proposals: usize,
}

/// A stable, time-ordered UUID (version 7 layout) for a key of the data set.
fn demo_id(key: &str, millis: i64) -> String {
    let digest = Sha256::digest(format!("client-safety demo 2023/{key}"));
    let mut bytes = [0u8; 10];
    bytes.copy_from_slice(&digest[..10]);
    uuid::Builder::from_unix_timestamp_millis(u64::try_from(millis).unwrap_or(0), &bytes)
        .into_uuid()
        .to_string()
}

fn millis(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp_millis()
}

/// Loads the demo data set into the database; loading twice adds nothing.
pub fn load(pool: &DbPool) -> anyhow::Result<()> {
    let data: DataSet = serde_json::from_str(DATA).context("the demo data set does not parse")?;
    let mut conn = pool.get().context("no database connection")?;
    let added = db::write_tx(&mut conn, |c| -> anyhow::Result<Added> {
        let events = items::load_events(c, &data.events)?;
        let proposals = items::load_proposals(c, &data.development_proposals.items, &events)?;
        Ok(Added { events: events.added, proposals })
    })?;
    // The survey definitions (no answers: the report holds none), each in its own transaction.
    let surveys = crate::surveys::demo::load_as(&mut conn, ACTOR)?;
    log::info!(
        "demo data set 2023: added {} event(s), {} proposal(s) and {} survey(s); the rest was there already",
        added.events,
        added.proposals,
        surveys
    );
    Ok(())
}

/// The ids of the data set's events, and how many of them were added now.
pub struct LoadedEvents {
    pub ids: Vec<String>,
    pub added: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_ids_are_stable_time_ordered_uuids() {
        let a = demo_id("p1", 1_700_000_000_000);
        assert_eq!(a, demo_id("p1", 1_700_000_000_000));
        assert_ne!(a, demo_id("p2", 1_700_000_000_000));
        assert!(demo_id("p9", 1_700_000_000_001) > demo_id("p1", 1_700_000_000_000));
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 7);
    }

    #[test]
    fn the_data_set_parses_with_five_events_and_twelve_proposals() {
        let data: DataSet = serde_json::from_str(DATA).unwrap();
        assert_eq!(data.events.len(), 5);
        assert_eq!(data.events.iter().map(|e| e.registered).sum::<i32>(), 396);
        assert_eq!(data.events.iter().map(|e| e.attended).sum::<i32>(), 315);
        let items = &data.development_proposals.items;
        assert_eq!(items.len(), 12);
        assert_eq!(items.iter().map(|i| i.sub_items.len()).sum::<usize>(), 5);
        assert_eq!(items.iter().filter(|i| i.selected_measure.is_some()).count(), 4);
        let mut titles: Vec<&str> = items
            .iter()
            .flat_map(|i| std::iter::once(i).chain(&i.sub_items))
            .map(|i| i.fi.as_str())
            .collect();
        titles.sort();
        titles.dedup();
        assert_eq!(titles.len(), 17, "Finnish titles are unique, so they can identify demo proposals");
    }
}
