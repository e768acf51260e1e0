//! Creating clients and rotating secrets: shared by the API, the CLI and the
//! first-start bootstrap. Blocking (argon2): call from the blocking pool.

use super::dto::{ClientCredentials, ClientResponse};
use super::{model::ClientRow, repo};
use crate::areas::{repo as areas, AreaKind};
use crate::audit;
use crate::auth::{secret, Role};
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError};

/// A trimmed name of 1..=100 characters.
pub fn parse_name(raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(FieldError::new("name", "must be 1 to 100 characters"));
    }
    Ok(name.to_owned())
}

/// Checks that `area` is given for, and only for, integration clients, and is a county.
pub fn check_area(c: &mut DbConn, role: Role, area: Option<&str>) -> Result<(), ApiError> {
    match (role, area) {
        (Role::Integration, None) => Err(ApiError::invalid("area", "is required for an integration client")),
        (Role::Integration, Some(code)) => match areas::find(c, code)? {
            Some(a) if AreaKind::parse(&a.kind).is_some_and(AreaKind::is_organisation) => Ok(()),
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
    check_area(c, role, area)?;
    let client_secret = secret::generate();
    let now = db::now();
    let row = ClientRow {
        id: uuid::Uuid::now_v7().to_string(),
        name,
        role: role.as_str().to_owned(),
        area_code: area.map(str::to_owned),
        secret_hash: secret::hash(&client_secret).map_err(ApiError::internal)?,
        active: true,
        version: 1,
        created_at: now,
        updated_at: now,
        tokens_valid_after: None,
    };
    let client = ClientResponse::from(repo::insert(c, &row)?);
    audit::record(c, actor, "create", "client", &client.client_id, None::<&()>, Some(&client))?;
    Ok(ClientCredentials { client, client_secret })
}

/// Deactivates a client for `actor`, audited like an API update; its tokens are revoked.
pub fn deactivate(c: &mut DbConn, actor: &str, id: &str) -> Result<ClientRow, ApiError> {
    let before = repo::find(c, id)?.ok_or_else(|| ApiError::not_found(format!("no client `{id}`")))?;
    let stored = repo::update(c, &before.clone().deactivated(), before.version)?
        .ok_or_else(|| ApiError::precondition_failed("the client changed meanwhile; try again"))?;
    let (b, a) = (ClientResponse::from(before), ClientResponse::from(stored.clone()));
    audit::record(c, actor, "update", "client", id, Some(&b), Some(&a))?;
    Ok(stored)
}

/// Replaces the secret: the old one stops working at once, and so do tokens issued with it.
pub fn rotate(c: &mut DbConn, row: ClientRow) -> Result<(ClientRow, String), ApiError> {
    let client_secret = secret::generate();
    let version = row.version;
    let updated = ClientRow {
        secret_hash: secret::hash(&client_secret).map_err(ApiError::internal)?,
        tokens_valid_after: Some(db::now()),
        ..row
    };
    let stored = repo::update(c, &updated, version)?
        .ok_or_else(|| ApiError::precondition_failed("the client changed meanwhile; try again"))?;
    Ok((stored, client_secret))
}
