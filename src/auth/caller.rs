//! `Caller`: the authenticated client of a request, as a typed extractor.
//!
//! The token is verified on every request; whether its client is still active
//! comes from the database through a short-lived cache, so a deactivated client
//! is locked out within `STATUS_TTL` on every instance sharing the database.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpMessage, HttpRequest};

use super::Role;
use crate::error::ApiError;
use crate::state::AppState;

/// How long a client's active flag may be served from memory by default
/// (the default of the `client_status_ttl` setting).
pub const STATUS_TTL: Duration = crate::config::CLIENT_STATUS_TTL;

/// The authenticated client.
#[derive(Debug, Clone)]
pub struct Caller {
    pub client_id: String,
    pub role: Role,
    /// The county of an integration client.
    pub area: Option<String>,
}

/// The client id of a request, for the request log.
#[derive(Clone)]
pub struct LoggedClient(pub String);

impl Caller {
    /// 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            return Ok(());
        }
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        Err(ApiError::forbidden(format!(
            "this action needs the role {}; this client is {}",
            names.join(" or "),
            self.role
        )))
    }

    /// Admins and editors: may write shared data and see unsuppressed results.
    pub fn require_staff(&self) -> Result<(), ApiError> {
        self.require(&[Role::Admin, Role::Editor])
    }

    pub fn require_admin(&self) -> Result<(), ApiError> {
        self.require(&[Role::Admin])
    }

    pub fn is_staff(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Editor)
    }

    /// The county an integration client is bound to (`None` for other roles).
    pub fn county(&self) -> Option<&str> {
        match self.role {
            Role::Integration => self.area.as_deref(),
            _ => None,
        }
    }

    /// Who to name in the audit log.
    pub fn actor(&self) -> String {
        self.client_id.clone()
    }
}

/// Whether a client's tokens are honoured: it is active, and tokens issued
/// (`iat`) before `valid_after` (unix seconds) are revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientStatus {
    pub active: bool,
    pub valid_after: Option<i64>,
}

impl ClientStatus {
    fn honours(&self, issued_at: i64) -> bool {
        self.active && self.valid_after.is_none_or(|after| issued_at >= after)
    }
}

/// A revocation stamp as whole unix seconds, rounded up.
pub fn ceil_secs(t: chrono::NaiveDateTime) -> i64 {
    let t = t.and_utc();
    t.timestamp() + i64::from(t.timestamp_subsec_nanos() > 0)
}

/// Client statuses, cached for a short time.
pub struct ClientStatusCache {
    entries: Mutex<HashMap<String, (ClientStatus, Instant)>>,
    ttl: Duration,
}

impl ClientStatusCache {
    pub fn new(ttl: Duration) -> Self {
        Self { entries: Mutex::default(), ttl }
    }

    fn get(&self, id: &str) -> Option<ClientStatus> {
        let entries = self.entries.lock().ok()?;
        entries.get(id).filter(|(_, at)| at.elapsed() < self.ttl).map(|(active, _)| *active)
    }

    fn put(&self, id: &str, active: ClientStatus) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() > 10_000 {
                let ttl = self.ttl;
                entries.retain(|_, (_, at)| at.elapsed() < ttl);
            }
            entries.insert(id.to_owned(), (active, Instant::now()));
        }
    }

    /// Forgets a client, after a change made through this instance.
    pub fn invalidate(&self, id: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(id);
        }
    }
}

fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req.headers().get(header::AUTHORIZATION).ok_or_else(ApiError::missing_credentials)?;
    let value =
        value.to_str().map_err(|_| ApiError::unauthorized("the Authorization header is not valid text"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim().to_owned())
        }
        _ => Err(ApiError::unauthorized("the Authorization header must be `Bearer <token>`")),
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal("application state is missing"))?
                .clone();
            let claims = state.tokens.verify(&bearer_token(&req)?).map_err(ApiError::unauthorized)?;
            if claims.role == Role::Integration && claims.area.is_none() {
                return Err(ApiError::unauthorized("an integration token must name its county"));
            }
            let status = match state.client_status.get(&claims.sub) {
                Some(status) => status,
                None => {
                    let id = claims.sub.clone();
                    let found =
                        crate::db::run(&state.pool, move |c| Ok(super::store::status(c, &id)?)).await?;
                    let status = found.map_or(ClientStatus { active: false, valid_after: None }, |(a, v)| {
                        ClientStatus { active: a, valid_after: v.map(ceil_secs) }
                    });
                    state.client_status.put(&claims.sub, status);
                    status
                }
            };
            if !status.active {
                return Err(ApiError::unauthorized("the client is deactivated or unknown"));
            }
            if !status.honours(claims.iat) {
                return Err(ApiError::unauthorized(
                    "the token was revoked (the client's secret was rotated or it was deactivated); get a new one",
                ));
            }
            req.extensions_mut().insert(LoggedClient(claims.sub.clone()));
            Ok(Caller { client_id: claims.sub, role: claims.role, area: claims.area })
        })
    }
}
