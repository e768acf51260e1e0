//! diesel rows of `areas`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::AreaKind;
use crate::db::schema::areas;

/// An area as stored; an update writes every field but `code`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = areas, primary_key(code))]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
pub struct AreaRow {
    pub code: String,
    pub kind: AreaKind,
    pub parent_code: Option<String>,
    pub name_fi: String,
    pub name_sv: Option<String>,
    pub name_en: Option<String>,
    pub statistics_code: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
