//! Database errors as the API answers them: conflicts, 503s a retry of the
//! transaction may cure, opaque 500s. The conversions live here, beside the
//! classification of driver messages they use, so that `crate::error` knows
//! nothing of the database.

use super::storage;
use crate::error::ApiError;

/// What a database error message says about retrying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transient {
    /// Another transaction won a lock race: running the transaction again may succeed.
    Retry,
    /// The database cannot serve now (full disk, read-only, timed out, shutting down): 503.
    Unavailable,
    /// A real error.
    No,
}

/// Classifies backend error messages that diesel reports only as `Unknown`
/// (PostgreSQL's deadlock and disk-full SQLSTATEs, SQLite's result codes).
pub fn classify(message: &str) -> Transient {
    const RETRY: [&str; 3] = ["deadlock detected", "could not serialize access", "database is locked"];
    const UNAVAILABLE: [&str; 9] = [
        "database or disk is full",
        "No space left on device",
        "could not extend file",
        "readonly database",
        "read-only transaction",
        "disk I/O error",
        "canceling statement due to",
        "terminating connection",
        "the database system is",
    ];
    if RETRY.iter().any(|m| message.contains(m)) {
        Transient::Retry
    } else if UNAVAILABLE.iter().any(|m| message.contains(m)) {
        storage::failed();
        Transient::Unavailable
    } else {
        Transient::No
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind as K, Error as E};
        match e {
            E::NotFound => Self::not_found("no such resource"),
            E::DatabaseError(K::UniqueViolation, _) => {
                Self::conflict("a resource with the same identity already exists")
            }
            E::DatabaseError(K::ForeignKeyViolation, _) => Self::conflict(
                "the change conflicts with resources that refer to this one or that it refers to",
            ),
            E::DatabaseError(K::SerializationFailure, _) => Self::retryable(e),
            E::DatabaseError(K::ReadOnlyTransaction, _) => {
                storage::failed();
                Self::unavailable(e)
            }
            E::DatabaseError(K::ClosedConnection | K::UnableToSendCommand, _) => Self::unavailable(e),
            E::DatabaseError(_, ref info) => match classify(info.message()) {
                Transient::Retry => Self::retryable(e),
                Transient::Unavailable => Self::unavailable(e),
                Transient::No => Self::internal(e),
            },
            other => Self::internal(other),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::unavailable(format!("no database connection: {e}"))
    }
}
