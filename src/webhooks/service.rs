//! Subscriptions: who may manage which, their checks, and every write through
//! the one versioned-write path (audited as `webhook`). Admins manage any
//! client's subscriptions, integration clients their own; others none.

use super::dto::{CreateWebhookRequest, UpdateWebhookRequest, WebhookResponse};
use super::model::{encode_kinds, WebhookRow};
use super::{repo, sign, target};
use crate::auth::{Caller, Role};
use crate::changes::{service::readable, ChangeKind};
use crate::clients::model::ClientRow;
use crate::common::pagination::DocPage;
use crate::common::{Cursor, IfMatch};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::write::{self, Written};

/// The actor of the dispatcher's own writes (disabling a failing subscription).
pub const DISPATCHER: &str = "webhooks";

/// 403 unless the caller may have subscriptions at all.
pub fn require_manager(caller: &Caller) -> Result<(), ApiError> {
    caller.require(&[Role::Admin, Role::Integration])
}

/// The client a new subscription is for: an admin's choice, else the caller.
fn owner(caller: &Caller, asked: Option<&str>) -> Result<String, ApiError> {
    match asked {
        None => Ok(caller.client_id.clone()),
        Some(id) if id == caller.client_id => Ok(id.to_owned()),
        Some(_) if caller.role != Role::Admin => {
            Err(ApiError::forbidden_parameter("client_id", "only admins subscribe for another client"))
        }
        Some(id) if uuid::Uuid::parse_str(id).is_err() => {
            Err(ApiError::invalid("client_id", "must be a UUID"))
        }
        Some(id) => Ok(id.to_owned()),
    }
}

/// The subscription, if the caller may see it (404 otherwise: no hint that it exists).
pub fn load_visible(c: &mut DbConn, caller: &Caller, id: &str) -> Result<WebhookRow, ApiError> {
    let row = write::load::<WebhookRow>(c, id)?;
    if caller.role == Role::Admin || row.client_id == caller.client_id {
        Ok(row)
    } else {
        Err(write::not_found::<WebhookRow>(id))
    }
}

/// The types asked for, each one `role` may read (none asked: all it may).
fn check_types(role: Role, asked: Option<Vec<ChangeKind>>) -> Result<Vec<ChangeKind>, ApiError> {
    let allowed = readable(role);
    let Some(mut asked) = asked else { return Ok(allowed.to_vec()) };
    if asked.is_empty() {
        return Err(ApiError::invalid("types", "must name at least one type (or be left out: every type)"));
    }
    if let Some(k) = asked.iter().find(|k| !allowed.contains(k)) {
        return Err(ApiError::invalid("types", format!("a {role} client cannot read `{k}` changes")));
    }
    asked.sort();
    asked.dedup();
    Ok(asked)
}

fn check_url(raw: &str, allow_insecure: bool) -> Result<String, ApiError> {
    target::check_url(raw, allow_insecure).map(String::from).map_err(|e| ApiError::invalid("url", e))
}

/// The owner, if it exists and is active (422 otherwise).
fn active_owner(c: &mut DbConn, id: &str) -> Result<ClientRow, ApiError> {
    match write::load::<ClientRow>(c, id) {
        Ok(client) if client.active => Ok(client),
        Ok(_) => Err(ApiError::invalid("client_id", "the client is deactivated")),
        Err(e) if e.status() == actix_web::http::StatusCode::NOT_FOUND => {
            Err(ApiError::invalid("client_id", format!("no client `{id}`")))
        }
        Err(e) => Err(e),
    }
}

/// Creates a subscription; deliveries start with the changes after this one.
/// Returns it with its secret.
pub fn create(
    c: &mut DbConn,
    caller: &Caller,
    req: &CreateWebhookRequest,
    allow_insecure: bool,
) -> Result<(Written<WebhookRow>, String), ApiError> {
    let client_id = owner(caller, req.client_id.as_deref())?;
    let url = check_url(&req.url, allow_insecure)?;
    let client = active_owner(c, &client_id)?;
    let types = check_types(client.role, req.types.clone())?;
    let secret = sign::new_secret();
    let written = write::create(c, &caller.actor(), |_| {
        let now = crate::db::now();
        Ok(WebhookRow {
            id: uuid::Uuid::now_v7().to_string(),
            client_id,
            url,
            types: encode_kinds(&types),
            active: req.active.unwrap_or(true),
            disabled_reason: None,
            secret: secret.clone(),
            version: 1,
            created_at: now,
            updated_at: now,
            doc: None,
        })
    })?;
    let from = repo::last_seq(c)?;
    repo::set_after_seq(c, &written.row.id, from)?;
    Ok((written, secret))
}

/// Changes the URL, types or active flag. Activation clears a disabled reason
/// and the failing run; the subscription resumes where it stopped.
pub fn update(
    c: &mut DbConn,
    caller: &Caller,
    id: &str,
    if_match: &IfMatch,
    req: &UpdateWebhookRequest,
    allow_insecure: bool,
) -> Result<Written<WebhookRow>, ApiError> {
    let current = load_visible(c, caller, id)?;
    let url = req.url.as_deref().map(|u| check_url(u, allow_insecure)).transpose()?;
    let activating = req.active == Some(true);
    // New types are checked against the owner's role; both need it active.
    let owner =
        (req.types.is_some() || activating).then(|| active_owner(c, &current.client_id)).transpose()?;
    let types = req.types.clone().zip(owner).map(|(t, o)| check_types(o.role, Some(t))).transpose()?;
    let written = write::update(c, &caller.actor(), id, if_match, |_, before: &WebhookRow| {
        let mut next = before.clone();
        next.url = url.unwrap_or(next.url);
        next.types = types.as_deref().map_or(next.types, encode_kinds);
        if let Some(active) = req.active {
            next.active = active;
            next.disabled_reason = None;
        }
        Ok(next)
    })?;
    if activating {
        repo::not_failing(c, id)?;
    }
    Ok(written)
}

/// Deletes a subscription and its deliveries.
pub fn delete(c: &mut DbConn, caller: &Caller, id: &str, if_match: &IfMatch) -> Result<(), ApiError> {
    load_visible(c, caller, id)?;
    write::delete(c, &caller.actor(), id, if_match, |c, _: &WebhookRow| {
        Ok(repo::remove_deliveries(c, id).map(drop)?)
    })
}

/// Replaces the signing secret; deliveries are signed with the new one from now on.
pub fn rotate(c: &mut DbConn, caller: &Caller, id: &str) -> Result<(Written<WebhookRow>, String), ApiError> {
    load_visible(c, caller, id)?;
    let secret = sign::new_secret();
    let written = write::update_as(
        c,
        &caller.actor(),
        "rotate_secret",
        id,
        &IfMatch::default(),
        |_, b: &WebhookRow| Ok(WebhookRow { secret: secret.clone(), ..b.clone() }),
    )?;
    Ok((written, secret))
}

/// Disables an active subscription for `reason` (the dispatcher's write).
pub fn disable(c: &mut DbConn, id: &str, reason: &str) -> Result<(), ApiError> {
    if !write::load::<WebhookRow>(c, id)?.active {
        return Ok(());
    }
    write::update(c, DISPATCHER, id, &IfMatch::default(), |_, b: &WebhookRow| {
        Ok(WebhookRow { active: false, disabled_reason: Some(reason.to_owned()), ..b.clone() })
    })
    .map(drop)
}

/// A page of the subscriptions the caller may see, as their stored representations.
pub fn list(c: &mut DbConn, caller: &Caller, cursor: Option<&str>, limit: i64) -> Result<DocPage, ApiError> {
    let after = Cursor::decode(cursor, 1)?.map(|c| c.part(0).to_owned());
    let own = (caller.role != Role::Admin).then_some(caller.client_id.as_str());
    let rows = repo::list(c, own, after.as_deref(), limit + 1)?;
    write::page::<WebhookRow, _>(c, rows, limit, |r| Cursor::encode(&[&r.0]), |r| r)
}

pub fn get(c: &mut DbConn, caller: &Caller, id: &str) -> Result<WebhookResponse, ApiError> {
    Ok(WebhookResponse::from(&load_visible(c, caller, id)?))
}
