//! Queries on `api_clients`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::ClientRow;
use crate::db::{schema::api_clients as ac, DbConn};

pub fn insert(c: &mut DbConn, row: &ClientRow) -> QueryResult<ClientRow> {
    diesel::insert_into(ac::table).values(row.clone()).returning(ac::all_columns).get_result(c)
}

pub fn find(c: &mut DbConn, id: &str) -> QueryResult<Option<ClientRow>> {
    ac::table.find(id).select(ClientRow::as_select()).first(c).optional()
}

/// Whether the client is active, and since when its tokens are valid (`None` if unknown).
pub fn status(c: &mut DbConn, id: &str) -> QueryResult<Option<(bool, Option<NaiveDateTime>)>> {
    ac::table.find(id).select((ac::active, ac::tokens_valid_after)).first(c).optional()
}

pub fn count(c: &mut DbConn) -> QueryResult<i64> {
    ac::table.count().get_result(c)
}

/// Clients in creation order (ids are time-ordered), after the cursor id.
pub fn list(c: &mut DbConn, after_id: Option<&str>, limit: i64) -> QueryResult<Vec<ClientRow>> {
    let mut q = ac::table.select(ClientRow::as_select()).into_boxed();
    if let Some(id) = after_id {
        q = q.filter(ac::id.gt(id.to_owned()));
    }
    q.order(ac::id.asc()).limit(limit).load(c)
}

/// Writes name, active flag and secret hash if `version` is still current.
pub fn update(c: &mut DbConn, row: &ClientRow, expected_version: i32) -> QueryResult<Option<ClientRow>> {
    diesel::update(ac::table.find(&row.id).filter(ac::version.eq(expected_version)))
        .set((
            ac::name.eq(&row.name),
            ac::active.eq(row.active),
            ac::secret_hash.eq(&row.secret_hash),
            ac::tokens_valid_after.eq(row.tokens_valid_after),
            ac::version.eq(expected_version + 1),
            ac::updated_at.eq(crate::db::now()),
        ))
        .returning(ac::all_columns)
        .get_result(c)
        .optional()
}
