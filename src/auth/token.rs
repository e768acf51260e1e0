//! `POST /api/v1/auth/token`: the OAuth2 client-credentials grant (RFC 6749 §4.4),
//! with errors in RFC 6749 §5.2 form rather than problem+json.

use actix_web::http::{header, StatusCode};
use actix_web::{post, web, HttpRequest, HttpResponse};
use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::secret;
use super::store::{self, Credentials};
use super::throttle::Key;
use crate::common::extract::{is_json, read_body};
use crate::db;
use crate::error::{excerpt, ApiError};
use crate::state::AppState;

/// The grant, as a form (or JSON); the id and secret may come as HTTP Basic instead.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// Always `client_credentials`.
    pub grant_type: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    /// Ignored: a token's scope is the client's role.
    pub scope: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
    /// The client's role.
    pub scope: String,
}

/// An RFC 6749 §5.2 error.
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client` or `unsupported_grant_type`.
    pub error: String,
    pub error_description: String,
}

fn oauth_error(status: StatusCode, error: &str, description: &str, basic: bool) -> HttpResponse {
    let mut res = HttpResponse::build(status);
    res.insert_header((header::CACHE_CONTROL, "no-store"));
    if status == StatusCode::UNAUTHORIZED {
        let scheme = if basic { "Basic" } else { "Bearer" };
        res.insert_header((header::WWW_AUTHENTICATE, format!("{scheme} realm=\"client-safety\"")));
    }
    res.json(OAuthError { error: error.to_owned(), error_description: description.to_owned() })
}

/// 429 (RFC 6585) after too many failures for a client id or source address.
fn too_many(wait: u64) -> HttpResponse {
    let description = format!("too many failed attempts; try again in {wait} s");
    let mut res = oauth_error(StatusCode::TOO_MANY_REQUESTS, "temporarily_unavailable", &description, false);
    if let Ok(v) = header::HeaderValue::from_str(&wait.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// `Authorization: Basic`: the id and secret, split on the first colon.
fn basic_credentials(req: &HttpRequest) -> Option<Result<(String, String), ()>> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).map_err(|_| ());
    let text = decoded.and_then(|d| String::from_utf8(d).map_err(|_| ()));
    Some(text.and_then(|t| {
        let (id, secret) = t.split_once(':').ok_or(())?;
        let decode =
            |s: &str| form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned());
        Ok((decode(id).unwrap_or_default(), decode(secret).unwrap_or_default()))
    }))
}

fn parse_body(req: &HttpRequest, body: &[u8]) -> Result<TokenRequest, &'static str> {
    if body.is_empty() {
        return Ok(TokenRequest::default());
    }
    if is_json(req) {
        return serde_json::from_slice(body).map_err(|_| "the JSON body is malformed");
    }
    serde_urlencoded::from_bytes(body).map_err(|_| "the form body is malformed")
}

/// The client id and secret of a grant; or why it is refused with a 400, as
/// the RFC 6749 §5.2 error code and its description.
fn grant(req: &HttpRequest, body: &[u8]) -> Result<(String, String), (&'static str, &'static str)> {
    let bad = |d: &'static str| ("invalid_request", d);
    let form = parse_body(req, body).map_err(bad)?;
    let pair = match (basic_credentials(req), form.client_id, form.client_secret) {
        (Some(Err(())), _, _) => return Err(bad("the Basic credentials are malformed")),
        (Some(Ok(_)), Some(_), _) | (Some(Ok(_)), _, Some(_)) => {
            return Err(bad("send the client credentials either as HTTP Basic or in the body, not both"))
        }
        (Some(Ok(pair)), None, None) => pair,
        (None, Some(id), Some(secret)) => (id, secret),
        (None, _, _) => return Err(bad("client_id and client_secret are required")),
    };
    match form.grant_type.as_deref() {
        Some("client_credentials") => Ok(pair),
        None => Err(bad("grant_type is required")),
        Some(_) => Err(("unsupported_grant_type", "only client_credentials is supported")),
    }
}

/// The active client whose secret this is; otherwise the answer refusing it
/// (401, or 429 once the client id or address has failed too often).
async fn authenticate(
    state: &AppState,
    req: &HttpRequest,
    (client_id, client_secret): (String, String),
) -> Result<Result<Credentials, HttpResponse>, ApiError> {
    let mut keys = vec![Key::Client(excerpt(&client_id, 64))];
    keys.extend(req.peer_addr().map(|a| Key::Address(a.ip())));
    let guard = &state.token_guard;
    if let Some(wait) = guard.retry_after(&keys) {
        return Ok(Err(too_many(wait)));
    }
    // Client ids are UUIDs: anything else is unknown without asking the database.
    let row = match uuid::Uuid::parse_str(&client_id) {
        Ok(_) => db::run(&state.pool, move |c| Ok(store::credentials(c, &client_id)?)).await?,
        Err(_) => None,
    };
    let hash = row.as_ref().map(|r| r.secret_hash.clone());
    let verified = guard.check(move || match hash {
        Some(hash) => secret::verify(&client_secret, &hash),
        None => {
            secret::verify_dummy(&client_secret);
            false
        }
    });
    let Some(verified) = verified.await else {
        return Err(ApiError::unavailable("every secret checker is busy"));
    };
    match row {
        Some(r) if verified && r.active => Ok(Ok(r)),
        _ => Ok(Err(match guard.failed(&keys) {
            Some(wait) => too_many(wait),
            None => {
                let used_basic = req.headers().contains_key(header::AUTHORIZATION);
                let description = "unknown client, wrong secret or deactivated client";
                oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description, used_basic)
            }
        })),
    }
}

/// Exchange client credentials for an access token.
#[utoipa::path(tag = "auth",
    request_body(content((TokenRequest = "application/x-www-form-urlencoded"), (TokenRequest = "application/json"))),
    responses(
        (status = 200, body = TokenResponse),
        (status = 400, body = OAuthError, description = "invalid_request or unsupported_grant_type"),
        (status = 401, body = OAuthError, description = "invalid_client"),
        (status = 429, body = OAuthError, description = "Too many failed attempts for this client id or address; see Retry-After"),
    ))]
#[post("/token")]
pub async fn issue_token(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let body = read_body(&req, &mut payload.into_inner()).await?;
    let pair = match grant(&req, &body) {
        Ok(pair) => pair,
        Err((error, description)) => {
            return Ok(oauth_error(StatusCode::BAD_REQUEST, error, description, false))
        }
    };
    let client = match authenticate(&state, &req, pair).await? {
        Ok(client) => client,
        Err(refused) => return Ok(refused),
    };
    let not_before = client.tokens_valid_after.map(crate::auth::caller::ceil_secs);
    let token = state
        .tokens
        .issue(&client.id, client.role, client.area_code, not_before)
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(TokenResponse {
        access_token: token,
        token_type: "Bearer".to_owned(),
        expires_in: state.tokens.ttl_seconds,
        scope: client.role.as_str().to_owned(),
    }))
}
