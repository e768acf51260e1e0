//! `/api/v1/areas`: everyone authenticated reads; admins and editors write.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use super::dto::{AreaResponse, CreateAreaRequest, UpdateAreaRequest};
use super::model::AreaRow;
use super::repo::{self, AreaFilter};
use super::{AreaCode, AreaKind};
use crate::audit;
use crate::auth::Caller;
use crate::common::{
    idempotency, ok_with_etag, pagination, ApiJson, ApiQuery, Created, Cursor, Fingerprint, IdempotencyKey,
    IfMatch, Page,
};
use crate::db::{self, DbConn};
use crate::error::{ApiError, FieldError};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AreaQuery {
    /// `collaboration_area`, `wellbeing_services_county`, `city` or `joint_authority`.
    kind: Option<AreaKind>,
    /// Areas under this collaboration area.
    parent: Option<String>,
    /// Items per page: 1..500, default 50.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    cursor: Option<String>,
}

fn load(c: &mut DbConn, code: &str) -> Result<AreaRow, ApiError> {
    repo::find(c, code)?.ok_or_else(|| ApiError::not_found(format!("no area `{code}`")))
}

/// The parent rule: organisations sit under a collaboration area, which sits under nothing.
fn check_parent(c: &mut DbConn, kind: AreaKind, parent: Option<&str>) -> Result<(), ApiError> {
    match (kind, parent) {
        (AreaKind::CollaborationArea, Some(_)) => {
            Err(ApiError::invalid("parent", "a collaboration area has no parent"))
        }
        (AreaKind::CollaborationArea, None) => Ok(()),
        (_, None) => Err(ApiError::invalid("parent", "is required: the collaboration area this belongs to")),
        (_, Some(p)) => match repo::find(c, p)? {
            Some(row) if row.kind == AreaKind::CollaborationArea.as_str() => Ok(()),
            Some(_) => Err(ApiError::invalid("parent", format!("`{p}` is not a collaboration area"))),
            None => Err(ApiError::invalid("parent", format!("unknown area `{p}`"))),
        },
    }
}

fn check_statistics_code(code: Option<&str>, errors: &mut Vec<FieldError>) {
    if code.is_some_and(|s| s.is_empty() || s.len() > 16 || !s.chars().all(|c| c.is_ascii_alphanumeric())) {
        errors.push(FieldError::new("statistics_code", "must be 1 to 16 letters or digits"));
    }
}

/// List areas, ordered by code.
#[utoipa::path(tag = "areas", params(AreaQuery), responses((status = 200, body = Page<AreaResponse>)))]
#[get("")]
pub async fn list_areas(
    state: web::Data<AppState>,
    _caller: Caller,
    query: ApiQuery<AreaQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.0;
    let limit = pagination::limit(q.limit)?;
    let filter = AreaFilter {
        kind: q.kind.map(|k| k.as_str().to_owned()),
        parent: q.parent,
        after_code: Cursor::decode(q.cursor.as_deref(), 1)?.map(|c| c.part(0).to_owned()),
    };
    let rows = db::run(&state.pool, move |c| Ok(repo::list(c, &filter, limit + 1)?)).await?;
    Ok(HttpResponse::Ok().json(pagination::page(
        rows,
        limit,
        |r| Cursor::encode(&[&r.code]),
        AreaResponse::from,
    )))
}

/// Get an area by code.
#[utoipa::path(tag = "areas", responses((status = 200, body = AreaResponse)))]
#[get("/{code}")]
pub async fn get_area(
    state: web::Data<AppState>,
    _caller: Caller,
    code: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = db::run(&state.pool, move |c| load(c, &code)).await?;
    let version = row.version;
    Ok(ok_with_etag(&AreaResponse::from(row), version))
}

/// Add an area (admin, editor).
#[utoipa::path(tag = "areas", request_body = CreateAreaRequest, params(("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = AreaResponse)))]
#[post("")]
pub async fn create_area(
    state: web::Data<AppState>,
    caller: Caller,
    key: IdempotencyKey,
    body: ApiJson<CreateAreaRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let req = body.0;
    let mut errors = Vec::new();
    if let Err(m) = AreaCode::parse(&req.code) {
        errors.push(FieldError::new("code", m));
    }
    let name = req.name.clone().validate("name", 200, &mut errors);
    check_statistics_code(req.statistics_code.as_deref(), &mut errors);
    let Some(name) = name.filter(|_| errors.is_empty()) else { return Err(ApiError::validation(errors)) };
    let actor = caller.actor();
    let fingerprint = Fingerprint::of("/api/v1/areas", &req)?;
    idempotency::create(&state.pool, &caller.client_id, key, fingerprint, move |c| {
        check_parent(c, req.kind, req.parent.as_deref())?;
        if repo::find(c, &req.code)?.is_some() {
            return Err(ApiError::conflict(format!("an area `{}` already exists", req.code)));
        }
        let now = db::now();
        let row = repo::insert(
            c,
            &AreaRow {
                code: req.code.clone(),
                kind: req.kind.as_str().to_owned(),
                parent_code: req.parent.clone(),
                name_fi: name.fi.clone(),
                name_sv: name.sv.clone(),
                name_en: name.en.clone(),
                statistics_code: req.statistics_code.clone(),
                version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        let area = AreaResponse::from(row);
        audit::record(c, &actor, "create", "area", &area.code, None::<&()>, Some(&area))?;
        let location = format!("/api/v1/areas/{}", area.code);
        Created::new(&area, area.version, location)
    })
    .await
}

/// Change an area's names, statistics code or collaboration area (admin, editor).
#[utoipa::path(tag = "areas", request_body = UpdateAreaRequest, params(("If-Match" = Option<String>, Header)),
    responses((status = 200, body = AreaResponse)))]
#[patch("/{code}")]
pub async fn update_area(
    state: web::Data<AppState>,
    caller: Caller,
    code: web::Path<String>,
    if_match: IfMatch,
    body: ApiJson<UpdateAreaRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_staff()?;
    let req = body.0;
    let mut errors = Vec::new();
    let name = req.name.map(|n| n.validate("name", 200, &mut errors));
    check_statistics_code(req.statistics_code.as_deref(), &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let actor = caller.actor();
    let row = db::run(&state.pool, move |c| {
        db::write_tx(c, |c| {
            let before = load(c, &code)?;
            if_match.check(before.version)?;
            let mut after = before.clone();
            if let Some(Some(n)) = name {
                (after.name_fi, after.name_sv, after.name_en) = (n.fi, n.sv, n.en);
            }
            if let Some(s) = req.statistics_code {
                after.statistics_code = Some(s);
            }
            if let Some(p) = req.parent {
                let kind = AreaKind::parse(&before.kind).unwrap_or(AreaKind::WellbeingServicesCounty);
                check_parent(c, kind, Some(&p))?;
                after.parent_code = Some(p);
            }
            let stored = repo::update(c, &after, before.version)?
                .ok_or_else(|| ApiError::precondition_failed("the area changed meanwhile; fetch it again"))?;
            let (b, a) = (AreaResponse::from(before), AreaResponse::from(stored.clone()));
            audit::record(c, &actor, "update", "area", &stored.code, Some(&b), Some(&a))?;
            Ok(stored)
        })
    })
    .await?;
    let version = row.version;
    Ok(ok_with_etag(&AreaResponse::from(row), version))
}
