//! diesel rows of `areas`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::areas;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = areas, treat_none_as_default_value = false)]
pub struct AreaRow {
    pub code: String,
    pub kind: String,
    pub parent_code: Option<String>,
    pub name_fi: String,
    pub name_sv: Option<String>,
    pub name_en: Option<String>,
    pub statistics_code: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}
