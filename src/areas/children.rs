//! An area and the areas directly under it, as a query other modules' queries
//! can hold (the change feed's county filter). It needs nothing but the
//! schema, so the modules that use it import nothing of areas' writes.

use diesel::prelude::*;

use crate::db::schema::areas as a;

/// The query of [`query`], to use as a subquery (one bind however many areas
/// it names, so a statement holding it stays prepared).
pub type WithChildren = diesel::dsl::Select<
    diesel::dsl::Filter<
        a::table,
        diesel::dsl::Or<diesel::dsl::Eq<a::code, String>, diesel::dsl::Eq<a::parent_code, String>>,
    >,
    a::code,
>;

/// The codes of `code` and the areas directly under it, as a query.
pub fn query(code: &str) -> WithChildren {
    a::table.filter(a::code.eq(code.to_owned()).or(a::parent_code.eq(code.to_owned()))).select(a::code)
}
