//! Request and response bodies of `/api/v1/clients`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::ClientRow;
use crate::auth::Role;

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateClientRequest {
    /// A name to recognise the client by (1..100 characters).
    pub name: String,
    pub role: Role,
    /// The county an `integration` client speaks for; required for, and only for, that role.
    #[serde(default)]
    pub area: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateClientRequest {
    #[serde(default)]
    pub name: Option<String>,
    /// `false` deactivates the client: its tokens stop working at once on this instance and
    /// within 20 seconds on the others.
    #[serde(default)]
    pub active: Option<bool>,
}

/// An API client (never its secret).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClientResponse {
    pub client_id: String,
    pub name: String,
    pub role: Role,
    pub area: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// A client with its secret, shown only when created or rotated.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClientCredentials {
    #[serde(flatten)]
    pub client: ClientResponse,
    /// Shown this once; only a slow hash is stored.
    pub client_secret: String,
}

/// The answer to a client creation: the client with its secret; or, when the same
/// `Idempotency-Key` replays the creation (`Idempotent-Replayed: true`), the
/// client without it, since a secret is shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientCreated {
    #[serde(flatten)]
    pub client: ClientResponse,
    /// In the first answer only; absent when the creation is replayed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub client_secret: Option<String>,
}

impl From<ClientRow> for ClientResponse {
    fn from(r: ClientRow) -> Self {
        Self {
            client_id: r.id,
            name: r.name,
            role: r.role,
            area: r.area_code,
            active: r.active,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
            version: r.version,
        }
    }
}
