//! diesel rows of `api_clients`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::Role;
use crate::db::schema::api_clients;

/// A client as stored; an update writes every field but `id`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = api_clients, primary_key(id))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct ClientRow {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub area_code: Option<String>,
    pub secret_hash: String,
    pub active: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Tokens issued before this instant are refused (set by rotation and deactivation).
    pub tokens_valid_after: Option<NaiveDateTime>,
    /// The stored representation (see [`crate::write`]).
    pub doc: Option<String>,
}

impl ClientRow {
    /// Deactivates the client; its tokens stay revoked if it is activated again.
    pub fn deactivated(self) -> Self {
        Self { active: false, tokens_valid_after: Some(crate::db::now()), ..self }
    }
}
