//! Queries on `api_clients`.

use diesel::prelude::*;

use super::dto::ClientResponse;
use super::model::ClientRow;
use crate::db::{schema::api_clients as ac, DbConn};
use crate::error::ApiError;
use crate::write::Versioned;

crate::stored_row!(ClientRow, crate::db::schema::api_clients, id, doc);

/// Clients are never deleted (they are deactivated).
impl Versioned for ClientRow {
    const KIND: &'static str = "client";
    type View = ClientResponse;

    fn view(&self, _c: &mut DbConn) -> Result<ClientResponse, ApiError> {
        Ok(ClientResponse::from(self.clone()))
    }
}

pub fn count(c: &mut DbConn) -> QueryResult<i64> {
    ac::table.count().get_result(c)
}

/// Clients in creation order (ids are time-ordered) after the cursor id:
/// each id and stored representation.
pub fn list(
    c: &mut DbConn,
    after_id: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(String, Option<String>)>> {
    let mut q = ac::table.select((ac::id, ac::doc)).into_boxed();
    if let Some(id) = after_id {
        q = q.filter(ac::id.gt(id.to_owned()));
    }
    q.order(ac::id.asc()).limit(limit).load(c)
}
