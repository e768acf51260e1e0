//! How a versioned row is kept in its table: [`Stored`], and [`stored_row!`],
//! which implements it for a row whose table has `version`, `created_at` and
//! `updated_at` columns (and `doc`, the stored representation, if asked).

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::db::DbConn;

/// The table side of a versioned resource; see [`stored_row!`].
pub trait Stored: Sized {
    fn id(&self) -> &str;
    fn version(&self) -> i32;
    /// Sets `version` and `updated_at` of the next state (and `created_at` of the first).
    fn stamp(&mut self, version: i32, now: NaiveDateTime);
    fn find(c: &mut DbConn, id: &str) -> QueryResult<Option<Self>>;
    fn insert(&self, c: &mut DbConn) -> QueryResult<()>;
    /// Writes every field if the stored version is still `expected`; false when it is not.
    fn save(&self, c: &mut DbConn, expected: i32) -> QueryResult<bool>;
    /// Deletes the row if its version is still `expected`; false when it is not.
    fn remove(c: &mut DbConn, id: &str, expected: i32) -> QueryResult<bool>;
    /// Keeps the rendered representation beside the row, for lists to copy.
    fn store_doc(c: &mut DbConn, id: &str, doc: &str) -> QueryResult<()>;
    /// Rows whose representation is not stored yet (written before it was kept).
    fn without_doc(c: &mut DbConn) -> QueryResult<Vec<Self>>;
}

/// `stored_row!(Row, crate::db::schema::table, key_field)`, or with `, doc` at
/// the end when the table keeps the rendered representation in `doc`. The row
/// derives `Queryable`, `Selectable`, `Insertable` and `AsChangeset` (the key
/// as its `primary_key`, so that a save writes every other field).
#[macro_export]
macro_rules! stored_row {
    ($row:ty, $($table:ident)::+, $key:ident $(, $doc:ident)?) => {
        impl $crate::write::Stored for $row {
            fn id(&self) -> &str {
                &self.$key
            }
            fn version(&self) -> i32 {
                self.version
            }
            fn stamp(&mut self, version: i32, now: chrono::NaiveDateTime) {
                (self.version, self.updated_at) = (version, now);
                if version == 1 {
                    self.created_at = now;
                }
            }
            fn find(c: &mut $crate::db::DbConn, id: &str) -> diesel::QueryResult<Option<Self>> {
                use diesel::prelude::*;
                $($table)::+::table.find(id).select(<$row>::as_select()).first(c).optional()
            }
            fn insert(&self, c: &mut $crate::db::DbConn) -> diesel::QueryResult<()> {
                use diesel::prelude::*;
                diesel::insert_into($($table)::+::table).values(self.clone()).execute(c).map(drop)
            }
            fn save(&self, c: &mut $crate::db::DbConn, expected: i32) -> diesel::QueryResult<bool> {
                use diesel::prelude::*;
                let target = $($table)::+::table.find(&self.$key).filter($($table)::+::version.eq(expected));
                Ok(diesel::update(target).set(self.clone()).execute(c)? == 1)
            }
            fn remove(c: &mut $crate::db::DbConn, id: &str, expected: i32) -> diesel::QueryResult<bool> {
                use diesel::prelude::*;
                let target = $($table)::+::table.find(id).filter($($table)::+::version.eq(expected));
                Ok(diesel::delete(target).execute(c)? == 1)
            }
            $crate::stored_row!(@doc $row, $($table)::+ $(, $doc)?);
        }
    };
    (@doc $row:ty, $($table:ident)::+) => {
        fn store_doc(_: &mut $crate::db::DbConn, _: &str, _: &str) -> diesel::QueryResult<()> {
            Ok(())
        }
        fn without_doc(_: &mut $crate::db::DbConn) -> diesel::QueryResult<Vec<Self>> {
            Ok(Vec::new())
        }
    };
    (@doc $row:ty, $($table:ident)::+, doc) => {
        fn store_doc(c: &mut $crate::db::DbConn, id: &str, doc: &str) -> diesel::QueryResult<()> {
            use diesel::prelude::*;
            diesel::update($($table)::+::table.find(id)).set($($table)::+::doc.eq(doc)).execute(c).map(drop)
        }
        fn without_doc(c: &mut $crate::db::DbConn) -> diesel::QueryResult<Vec<Self>> {
            use diesel::prelude::*;
            $($table)::+::table.filter($($table)::+::doc.is_null()).select(<$row>::as_select()).load(c)
        }
    };
}
