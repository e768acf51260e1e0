//! diesel rows of `proposals` and its link tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{proposal_endorsements, proposals};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = proposals, treat_none_as_default_value = false)]
pub struct ProposalRow {
    pub id: String,
    pub title_fi: String,
    pub title_sv: Option<String>,
    pub title_en: Option<String>,
    pub description_fi: Option<String>,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    pub category: String,
    pub tier: i32,
    pub status: String,
    pub parent_id: Option<String>,
    pub selected_order: Option<i32>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The mutable fields, written by an update.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = proposals, treat_none_as_null = true)]
pub struct ProposalChanges {
    pub title_fi: String,
    pub title_sv: Option<String>,
    pub title_en: Option<String>,
    pub description_fi: Option<String>,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    pub category: String,
    pub tier: i32,
    pub status: String,
    pub parent_id: Option<String>,
    pub selected_order: Option<i32>,
    pub version: i32,
    pub updated_at: NaiveDateTime,
}

impl ProposalRow {
    /// The row's mutable fields, as the next version.
    pub fn changes(&self) -> ProposalChanges {
        let r = self.clone();
        ProposalChanges {
            title_fi: r.title_fi,
            title_sv: r.title_sv,
            title_en: r.title_en,
            description_fi: r.description_fi,
            description_sv: r.description_sv,
            description_en: r.description_en,
            category: r.category,
            tier: r.tier,
            status: r.status,
            parent_id: r.parent_id,
            selected_order: r.selected_order,
            version: r.version + 1,
            updated_at: crate::db::now(),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = proposal_endorsements)]
pub struct EndorsementRow {
    pub proposal_id: String,
    pub area_code: String,
    pub client_id: String,
    pub created_at: NaiveDateTime,
}
