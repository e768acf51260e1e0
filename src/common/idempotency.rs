//! `Idempotency-Key` on creating POSTs: the same key from the same client with
//! the same body replays the first answer; with another body it is a 422.
//!
//! The key is claimed in the same write transaction that creates the resource:
//! a concurrent retry waits on the key's row and then replays, never creates.

use actix_web::http::{header, StatusCode};
use actix_web::{dev::Payload, FromRequest, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::{self, schema::idempotency_keys as ik, DbConn, DbPool};
use crate::error::ApiError;
use crate::on_backend;

/// How long a key is remembered.
pub const KEY_TTL_HOURS: i64 = 24;

/// The `Idempotency-Key` request header, if any.
#[derive(Debug, Clone)]
pub struct IdempotencyKey(Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match req.headers().get("Idempotency-Key") {
            None => Ok(IdempotencyKey(None)),
            // Visible ASCII and inner spaces only (`to_str` would also pass tabs).
            Some(v) => match v.to_str() {
                Ok(s)
                    if !s.trim().is_empty()
                        && s.len() <= 255
                        && s.bytes().all(|b| (b' '..=b'~').contains(&b)) =>
                {
                    Ok(IdempotencyKey(Some(s.trim().to_owned())))
                }
                _ => Err(ApiError::bad_parameter(
                    "Idempotency-Key",
                    "must be 1 to 255 visible ASCII characters",
                )),
            },
        };
        std::future::ready(result)
    }
}

/// What a creating operation answered, kept for replays.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Created {
    pub status: u16,
    pub body: serde_json::Value,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    /// What a replay shows instead of `body`, when the first answer held a secret.
    #[serde(skip)]
    pub replay_body: Option<serde_json::Value>,
}

impl Created {
    /// 201 with an ETag and Location.
    pub fn new(body: &impl Serialize, version: i32, location: String) -> Result<Self, ApiError> {
        Ok(Self {
            status: 201,
            body: serde_json::to_value(body).map_err(ApiError::internal)?,
            etag: Some(super::etag::etag_value(version)),
            location: Some(location),
            replay_body: None,
        })
    }

    /// An answer with this status and body, without ETag or Location.
    pub fn with_status(
        status: u16,
        body: &impl Serialize,
        location: Option<String>,
    ) -> Result<Self, ApiError> {
        let body = serde_json::to_value(body).map_err(ApiError::internal)?;
        Ok(Self { status, body, etag: None, location, replay_body: None })
    }

    /// Replays show `replay` instead of the body (which is never stored).
    pub fn replayed_as(mut self, replay: &impl Serialize) -> Result<Self, ApiError> {
        self.replay_body = Some(serde_json::to_value(replay).map_err(ApiError::internal)?);
        Ok(self)
    }

    fn into_response(self, replayed: bool) -> HttpResponse {
        let mut res = HttpResponse::build(StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK));
        if let Some(etag) = self.etag {
            res.insert_header((header::ETAG, etag));
        }
        if let Some(location) = self.location {
            res.insert_header((header::LOCATION, location));
        }
        if replayed {
            res.insert_header(("Idempotent-Replayed", "true"));
        }
        res.json(self.body)
    }
}

/// A digest of the request a key was used with (path and canonical JSON body).
pub struct Fingerprint(String);

impl Fingerprint {
    pub fn of(request_path: &str, request: &impl Serialize) -> Result<Self, ApiError> {
        let canonical = serde_json::to_string(request).map_err(ApiError::internal)?;
        Ok(Self(format!("{:x}", Sha256::digest(format!("{request_path}\n{canonical}")))))
    }
}

/// Runs `op` in a write transaction (again if it loses a lock race), at most
/// once per idempotency key.
pub async fn create<F>(
    pool: &DbPool,
    client_id: &str,
    key: IdempotencyKey,
    fingerprint: Fingerprint,
    mut op: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnMut(&mut DbConn) -> Result<Created, ApiError> + Send + 'static,
{
    let Some(key) = key.0 else {
        let created = db::run(pool, move |c| db::write_tx_retrying(c, &mut op)).await?;
        return Ok(created.into_response(false));
    };
    let fingerprint = fingerprint.0;
    let client = client_id.to_owned();
    let (created, replayed) = db::run(pool, move |c| {
        db::write_tx_retrying(c, |c| {
            if let Some(stored) = claim(c, &client, &key, &fingerprint)? {
                return Ok((stored, true));
            }
            let created = op(c)?;
            let stored = Created {
                body: created.replay_body.clone().unwrap_or_else(|| created.body.clone()),
                ..created.clone()
            };
            let body = serde_json::to_string(&stored).map_err(ApiError::internal)?;
            diesel::update(ik::table.find((&client, &key)))
                .set((ik::status.eq(i32::from(created.status)), ik::body.eq(body)))
                .execute(c)?;
            Ok((created, false))
        })
    })
    .await?;
    Ok(created.into_response(replayed))
}

/// Claims the key; returns the stored answer if it was claimed before.
fn claim(c: &mut DbConn, client: &str, key: &str, fingerprint: &str) -> Result<Option<Created>, ApiError> {
    let now = db::now();
    let expired = now - chrono::Duration::hours(KEY_TTL_HOURS);
    diesel::delete(ik::table.find((client, key)).filter(ik::created_at.lt(expired))).execute(c)?;
    let row = (
        ik::client_id.eq(client),
        ik::idem_key.eq(key),
        ik::fingerprint.eq(fingerprint),
        ik::status.eq(0),
        ik::body.eq(""),
        ik::created_at.eq(now),
    );
    let inserted =
        on_backend!(c, |c| diesel::insert_into(ik::table).values(row).on_conflict_do_nothing().execute(c))?;
    if inserted == 1 {
        return Ok(None);
    }
    let (stored_fingerprint, body): (String, String) =
        ik::table.find((client, key)).select((ik::fingerprint, ik::body)).first(c)?;
    if stored_fingerprint != fingerprint {
        return Err(ApiError::unprocessable(
            "this Idempotency-Key was already used with a different request; use a new key",
        ));
    }
    serde_json::from_str(&body).map(Some).map_err(ApiError::internal)
}

/// Forgets keys older than the TTL; run periodically.
pub fn purge_expired(c: &mut DbConn) -> QueryResult<usize> {
    let expired = db::now() - chrono::Duration::hours(KEY_TTL_HOURS);
    diesel::delete(ik::table.filter(ik::created_at.lt(expired))).execute(c)
}
