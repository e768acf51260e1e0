//! diesel rows of `proposals` and its endorsements.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Category, ProposalStatus};
use crate::db::schema::{proposal_endorsements, proposals};

/// A proposal as stored; every field but `id` and `created_at` is written by an
/// update. Its event and area links and endorsements live in their own tables.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = proposals, primary_key(id))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct ProposalRow {
    pub id: String,
    pub title_fi: String,
    pub title_sv: Option<String>,
    pub title_en: Option<String>,
    pub description_fi: Option<String>,
    pub description_sv: Option<String>,
    pub description_en: Option<String>,
    pub category: Category,
    pub tier: i32,
    pub status: ProposalStatus,
    pub parent_id: Option<String>,
    pub selected_order: Option<i32>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A county's endorsement of a proposal.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = proposal_endorsements)]
pub struct EndorsementRow {
    pub proposal_id: String,
    pub area_code: String,
    pub client_id: String,
    pub created_at: NaiveDateTime,
}
