//! Request and response bodies of `/api/v1/areas`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{model::AreaRow, AreaKind};
use crate::common::LocalizedText;

/// A collaboration area, county, city or joint authority.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AreaResponse {
    /// Stable lowercase slug, e.g. `lansi-suomi`, `varsinais-suomi`, `hus`.
    pub code: String,
    pub kind: AreaKind,
    /// The collaboration area an organisation belongs to; null for collaboration areas.
    pub parent: Option<String>,
    pub name: LocalizedText,
    /// Statistics Finland's code, where one exists.
    pub statistics_code: Option<String>,
    pub version: i32,
}

impl From<AreaRow> for AreaResponse {
    fn from(r: AreaRow) -> Self {
        Self {
            kind: r.kind,
            code: r.code,
            parent: r.parent_code,
            name: LocalizedText { fi: r.name_fi, sv: r.name_sv, en: r.name_en },
            statistics_code: r.statistics_code,
            version: r.version,
        }
    }
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAreaRequest {
    pub code: String,
    pub kind: AreaKind,
    /// Required for every kind but `collaboration_area`: a collaboration area's code.
    #[serde(default)]
    pub parent: Option<String>,
    pub name: LocalizedText,
    #[serde(default)]
    pub statistics_code: Option<String>,
}

/// Fields to change; absent fields stay as they are.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAreaRequest {
    #[serde(default)]
    pub name: Option<LocalizedText>,
    #[serde(default)]
    pub statistics_code: Option<String>,
    /// A new collaboration area for an organisation.
    #[serde(default)]
    pub parent: Option<String>,
}
