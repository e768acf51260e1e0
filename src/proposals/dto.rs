//! Request and response bodies of `/api/v1/proposals`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{EndorsementRow, ProposalRow};
use super::{Category, ProposalStatus};
use crate::common::patch::{non_null, nullable};
use crate::common::{opt_text, text, LocalizedText};

/// A development proposal (or a sub-proposal under one).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProposalResponse {
    pub id: String,
    pub title: LocalizedText,
    pub description: Option<LocalizedText>,
    pub category: Category,
    /// 1 the Centre leads, 2 the Centre supports with tools or existing networks, 3 other networks.
    pub tier: i32,
    pub status: ProposalStatus,
    /// The proposal this one is a sub-proposal of.
    pub parent: Option<String>,
    /// The place among the chosen development measures (1, 2, ...); null when not chosen.
    pub selected_order: Option<i32>,
    /// Events the proposal came up in.
    pub event_ids: Vec<String>,
    /// Areas the proposal concerns.
    pub areas: Vec<String>,
    /// How many counties endorse it.
    pub endorsement_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// What a proposal links to, loaded beside its row.
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub event_ids: Vec<String>,
    pub areas: Vec<String>,
    pub endorsement_count: i64,
}

impl ProposalResponse {
    pub fn new(r: ProposalRow, links: Links) -> Self {
        Self {
            id: r.id,
            title: text(r.title_fi, r.title_sv, r.title_en),
            description: opt_text(r.description_fi, r.description_sv, r.description_en),
            category: r.category,
            tier: r.tier,
            status: r.status,
            parent: r.parent_id,
            selected_order: r.selected_order,
            event_ids: links.event_ids,
            areas: links.areas,
            endorsement_count: links.endorsement_count,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            version: r.version,
        }
    }
}

/// A new proposal.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProposalRequest {
    /// `fi` is required.
    pub title: LocalizedText,
    #[serde(default)]
    pub description: Option<LocalizedText>,
    pub category: Category,
    pub tier: i64,
    /// `proposed` when absent.
    #[serde(default)]
    pub status: Option<ProposalStatus>,
    /// A top-level proposal's id, making this a sub-proposal.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub selected_order: Option<i64>,
    #[serde(default)]
    pub event_ids: Vec<String>,
    #[serde(default)]
    pub areas: Vec<String>,
}

/// Fields to change; absent fields stay, `null` clears an optional one. A new
/// `status` must be a legal move (409 otherwise); `event_ids`/`areas` replace the lists.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProposalRequest {
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub title: Option<LocalizedText>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<LocalizedText>)]
    pub description: Option<Option<LocalizedText>>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub category: Option<Category>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub tier: Option<i64>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub status: Option<ProposalStatus>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub parent: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    pub selected_order: Option<Option<i64>>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub event_ids: Option<Vec<String>>,
    #[serde(default, deserialize_with = "non_null")]
    #[schema(nullable = false)]
    pub areas: Option<Vec<String>>,
}

/// A county's endorsement of a proposal.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EndorsementResponse {
    pub proposal_id: String,
    /// The endorsing county.
    pub area: String,
    /// The integration client that endorsed.
    pub client_id: String,
    pub created_at: DateTime<Utc>,
}

impl From<EndorsementRow> for EndorsementResponse {
    fn from(r: EndorsementRow) -> Self {
        Self {
            proposal_id: r.proposal_id,
            area: r.area_code,
            client_id: r.client_id,
            created_at: r.created_at.and_utc(),
        }
    }
}
