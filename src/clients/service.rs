//! What the client handlers, the command line and the first-start bootstrap
//! share: checks, reads, and every write through the one versioned-write path.
//! Blocking (argon2): call from the blocking pool.

use super::dto::{ClientCredentials, ClientResponse};
use super::model::ClientRow;
use crate::areas::repo as areas;
use crate::auth::{secret, Role};
use crate::common::pagination::DocPage;
use crate::common::{Cursor, IfMatch};
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError};
use crate::write::{self, Written};

/// A trimmed name, not empty, of at most 100 characters as sent.
pub fn parse_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() || raw.chars().count() > 100 {
        return Err(FieldError::new("name", "must be 1 to 100 characters"));
    }
    Ok(name.to_owned())
}

/// Checks that `area` is given for, and only for, integration clients, and is a county.
pub fn check_area(c: &mut DbConn, role: Role, area: Option<&str>) -> Result<(), ApiError> {
    match (role, area) {
        (Role::Integration, None) => Err(ApiError::invalid("area", "is required for an integration client")),
        (Role::Integration, Some(code)) => match areas::find(c, code)? {
            Some(a) if a.kind.is_organisation() => Ok(()),
            Some(_) => Err(ApiError::invalid(
                "area",
                "must be a county, city or joint authority, not a collaboration area",
            )),
            None => Err(ApiError::invalid("area", format!("unknown area `{code}`"))),
        },
        (_, Some(_)) => Err(ApiError::invalid("area", "is only for integration clients")),
        (_, None) => Ok(()),
    }
}

/// One page of clients (creation order) after `cursor`, as their stored representations.
pub fn list(c: &mut DbConn, cursor: Option<&str>, limit: i64) -> Result<DocPage, ApiError> {
    let after = Cursor::decode(cursor, 1)?.map(|c| c.part(0).to_owned());
    let rows = super::repo::list(c, after.as_deref(), limit + 1)?;
    write::page::<ClientRow, _>(c, rows, limit, |r| Cursor::encode(&[&r.0]), |r| r)
}

/// A client, or 404.
pub fn get(c: &mut DbConn, id: &str) -> Result<ClientResponse, ApiError> {
    Ok(ClientResponse::from(write::load::<ClientRow>(c, id)?))
}

/// Creates a client with a fresh secret, in the audit log as done by `actor`
/// (a client id, `cli` for the command line, `bootstrap` for the first admin).
pub fn create(
    c: &mut DbConn,
    actor: &str,
    name: &str,
    role: Role,
    area: Option<&str>,
) -> Result<ClientCredentials, ApiError> {
    let name = parse_name(name).map_err(|e| ApiError::validation(vec![e]))?;
    let client_secret = secret::generate();
    let written = write::create(c, actor, |c| {
        check_area(c, role, area)?;
        let now = db::now();
        Ok(ClientRow {
            id: uuid::Uuid::now_v7().to_string(),
            name,
            role,
            area_code: area.map(str::to_owned),
            secret_hash: secret::hash(&client_secret).map_err(ApiError::internal)?,
            active: true,
            version: 1,
            created_at: now,
            updated_at: now,
            tokens_valid_after: None,
            doc: None,
        })
    })?;
    Ok(ClientCredentials { client: written.view, client_secret })
}

/// Renames, deactivates or reactivates a client. Deactivation revokes its
/// tokens; they stay revoked if it is activated again.
pub fn update(
    c: &mut DbConn,
    actor: &str,
    id: &str,
    if_match: &IfMatch,
    name: Option<String>,
    active: Option<bool>,
) -> Result<Written<ClientRow>, ApiError> {
    write::update(c, actor, id, if_match, |_, before: &ClientRow| {
        let mut next = before.clone();
        if let Some(name) = name {
            next.name = name;
        }
        match active {
            Some(false) if next.active => next = next.deactivated(),
            Some(active) => next.active = active,
            None => {}
        }
        Ok(next)
    })
}

/// Deactivates a client for `actor` (the command line), audited like an API
/// update; its tokens are revoked.
pub fn deactivate(c: &mut DbConn, actor: &str, id: &str) -> Result<Written<ClientRow>, ApiError> {
    write::update(c, actor, id, &IfMatch::default(), |_, before: &ClientRow| Ok(before.clone().deactivated()))
}

/// Replaces the secret: the old one stops working at once, and so do tokens
/// issued with it. Audited as `rotate_secret` (the entry never holds a secret).
pub fn rotate(c: &mut DbConn, actor: &str, id: &str) -> Result<ClientCredentials, ApiError> {
    let client_secret = secret::generate();
    let secret_hash = secret::hash(&client_secret).map_err(ApiError::internal)?;
    let written =
        write::update_as(c, actor, "rotate_secret", id, &IfMatch::default(), |_, before: &ClientRow| {
            Ok(ClientRow { secret_hash, tokens_valid_after: Some(db::now()), ..before.clone() })
        })?;
    Ok(ClientCredentials { client: written.view, client_secret })
}
