//! The reference areas from `data/areas.json`, inserted where missing.

use serde::Deserialize;

use super::model::AreaRow;
use super::{repo, AreaKind};
use crate::common::LocalizedText;
use crate::db::{self, DbConn};

const AREAS_JSON: &str = include_str!("../../seed/areas.json");

#[derive(Deserialize)]
struct File {
    collaboration_areas: Vec<Entry>,
    organisations: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    code: String,
    statistics_code: Option<String>,
    /// Absent for wellbeing services counties.
    #[serde(default)]
    kind: Option<AreaKind>,
    #[serde(default)]
    collaboration_area: Option<String>,
    name: LocalizedText,
}

/// Every reference area as a row, collaboration areas first.
pub fn reference_rows() -> anyhow::Result<Vec<AreaRow>> {
    let file: File = serde_json::from_str(AREAS_JSON)?;
    let now = db::now();
    let row = |e: Entry, kind: AreaKind| AreaRow {
        code: e.code,
        kind,
        parent_code: e.collaboration_area,
        name_fi: e.name.fi,
        name_sv: e.name.sv,
        name_en: e.name.en,
        statistics_code: e.statistics_code,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let mut rows: Vec<AreaRow> =
        file.collaboration_areas.into_iter().map(|e| row(e, AreaKind::CollaborationArea)).collect();
    for e in file.organisations {
        let kind = e.kind.unwrap_or(AreaKind::WellbeingServicesCounty);
        rows.push(row(e, kind));
    }
    Ok(rows)
}

/// Inserts the reference areas that are missing; edits made through the API stay.
pub fn ensure_reference_areas(c: &mut DbConn) -> anyhow::Result<()> {
    let rows = reference_rows()?;
    let added = db::write_tx(c, |c| repo::insert_missing(c, &rows))?;
    if added > 0 {
        log::info!("added {added} reference area(s)");
    }
    Ok(())
}
