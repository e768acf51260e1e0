//! What authentication reads of the stored clients (`api_clients`); the clients
//! module writes them.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Role;
use crate::db::{schema::api_clients as ac, DbConn};

/// What the token endpoint needs to know of a client.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = crate::db::schema::api_clients)]
pub struct Credentials {
    pub id: String,
    pub role: Role,
    pub area_code: Option<String>,
    pub secret_hash: String,
    pub active: bool,
    /// Tokens issued before this instant are refused.
    pub tokens_valid_after: Option<NaiveDateTime>,
}

pub fn credentials(c: &mut DbConn, id: &str) -> QueryResult<Option<Credentials>> {
    ac::table.find(id).select(Credentials::as_select()).first(c).optional()
}

/// Whether the client is active, and since when its tokens are valid (`None` if unknown).
pub fn status(c: &mut DbConn, id: &str) -> QueryResult<Option<(bool, Option<NaiveDateTime>)>> {
    ac::table.find(id).select((ac::active, ac::tokens_valid_after)).first(c).optional()
}
