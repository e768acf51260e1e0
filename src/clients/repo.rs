//! Queries on `api_clients`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::dto::ClientResponse;
use super::model::ClientRow;
use crate::db::{schema::api_clients as ac, DbConn};
use crate::error::ApiError;
use crate::write::Versioned;

/// Clients are never deleted (they are deactivated), and lists read the rows:
/// no stored representation is kept.
impl Versioned for ClientRow {
    const KIND: &'static str = "client";
    type View = ClientResponse;

    fn id(&self) -> &str {
        &self.id
    }
    fn version(&self) -> i32 {
        self.version
    }
    fn stamp(&mut self, version: i32, now: NaiveDateTime) {
        (self.version, self.updated_at) = (version, now);
        if version == 1 {
            self.created_at = now;
        }
    }
    fn find(c: &mut DbConn, id: &str) -> QueryResult<Option<Self>> {
        ac::table.find(id).select(ClientRow::as_select()).first(c).optional()
    }
    fn insert(&self, c: &mut DbConn) -> QueryResult<()> {
        diesel::insert_into(ac::table).values(self.clone()).execute(c).map(drop)
    }
    fn save(&self, c: &mut DbConn, expected: i32) -> QueryResult<bool> {
        let target = ac::table.find(&self.id).filter(ac::version.eq(expected));
        Ok(diesel::update(target).set(self.clone()).execute(c)? == 1)
    }
    fn remove(c: &mut DbConn, id: &str, expected: i32) -> QueryResult<bool> {
        Ok(diesel::delete(ac::table.find(id).filter(ac::version.eq(expected))).execute(c)? == 1)
    }
    fn view(&self, _c: &mut DbConn) -> Result<ClientResponse, ApiError> {
        Ok(ClientResponse::from(self.clone()))
    }
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
