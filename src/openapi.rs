//! The OpenAPI document: paths come from the handlers' annotations on the routes
//! of `crate::routes` (collected by `utoipa_actix_web`); here are the info,
//! security schemes and shared errors.

use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{
    ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Scopes, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, OpenApi as Document, Ref, RefOr};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::common::csv_out::CsvDialect;
use crate::error::{FieldError, Problem};

mod exact;
mod headers;
mod limits;
mod webhooks;

/// Where Swagger UI and clients find the document.
pub const DOCUMENT_PATH: &str = "/api-docs/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "client-safety",
        description = "Client-safety work of Finland's wellbeing services counties and the Centre for Client and \
                       Patient Safety: areas, events, surveys, survey responses, privacy-preserving results and \
                       development proposals.\n\nGet a token with `POST /api/v1/auth/token` (OAuth2 client \
                       credentials) and send it as `Authorization: Bearer <token>`. Errors are RFC 9457 problem \
                       details.\n\nBesides each operation's own answers, any request may get `405 Method Not Allowed` (with \
                       `Allow`) when its path exists without its method, and a `GET` with `If-None-Match` naming \
                       the current `ETag` gets `304 Not Modified` without a body.",
        license(name = "MIT")
    ),
    components(schemas(Problem, FieldError, CsvDialect, crate::webhooks::dto::WebhookPing)),
    modifiers(&SecurityAddon),
    tags(
        (name = "auth", description = "OAuth2 client-credentials tokens"),
        (name = "clients", description = "API clients (admin)"),
        (name = "areas", description = "Collaboration areas and the organisations under them"),
        (name = "events", description = "Workshops and other events, with their headcounts"),
        (name = "proposals", description = "Development proposals, their workflow and county endorsements"),
        (name = "reports", description = "The report tables: events with headcounts, proposal counts"),
        (name = "audit", description = "Who changed what (admin)"),
        (name = "changes", description = "Every change in commit order, to keep a copy up to date"),
        (name = "webhooks", description = "Changes pushed as signed POSTs (Standard Webhooks), with a delivery log"),
        (name = "surveys", description = "Surveys, their responses and privacy-preserving results"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
struct ApiDoc;

struct SecurityAddon;

impl Modify for SecurityAddon {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [Flow::ClientCredentials(ClientCredentials::new("/api/v1/auth/token", Scopes::new()))],
                "Client id and secret from an admin; the token's role is the client's.",
            )),
        );
        let problem = ResponseBuilder::new()
            .description("A problem (RFC 9457)")
            .content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .build();
        components.responses.insert("Problem".to_owned(), RefOr::T(problem));
    }
}

/// The secured status codes every `/api/v1` operation may answer with, besides its own.
fn add_shared_responses(path: &str, method: &str, op: &mut Operation) {
    let secured = path.starts_with("/api/v1") && path != "/api/v1/auth/token";
    // An empty list says "no authentication" explicitly (linters want every
    // operation's security stated; `[{}]` would read as "optional").
    op.security = Some(if secured {
        vec![
            SecurityRequirement::new("bearer", Vec::<String>::new()),
            SecurityRequirement::new("oauth2", Vec::<String>::new()),
        ]
    } else {
        Vec::new()
    });
    // Before routing, the guard answers 414 (target over 8 KiB), 431 (over 64
    // header fields or 32 KiB of them) and 406 (an `Accept` none of the
    // operation's media types meets) on every route.
    let mut codes = vec!["400", "406", "414", "431", "500"];
    if secured {
        codes.extend(["401", "403"]);
    }
    if path.contains('{') {
        codes.push("404");
    }
    if matches!(method, "post" | "patch" | "put") {
        codes.extend(["413", "415", "422"]);
    }
    if matches!(method, "patch" | "delete") {
        codes.push("412");
    }
    if secured && matches!(method, "post" | "patch" | "put" | "delete") {
        codes.push("409");
    }
    for code in codes {
        op.responses
            .responses
            .entry(code.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Problem")));
    }
}

/// Adds the shared error responses and security to every operation.
fn finish(mut doc: Document) -> Document {
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in operations_mut(item) {
            add_shared_responses(path, method, op);
        }
    }
    doc
}

fn operations_mut(item: &mut PathItem) -> Vec<(&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("post", item.post.as_mut()),
        ("put", item.put.as_mut()),
        ("patch", item.patch.as_mut()),
        ("delete", item.delete.as_mut()),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.map(|op| (m, op)))
    .collect()
}

/// The methods each path template allows, for 405 answers.
pub fn route_table(doc: &Document) -> Vec<(String, Vec<&'static str>)> {
    let mut table = Vec::new();
    for (path, item) in &doc.paths.paths {
        let mut item = item.clone();
        let methods: Vec<&'static str> = operations_mut(&mut item).into_iter().map(|(m, _)| m).collect();
        table.push((path.clone(), methods));
    }
    table
}

/// The whole document as utoipa builds it from the routes (the served routes'
/// methods and media types are read from it).
pub fn document() -> Document {
    let (_, doc) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    finish(doc)
}

/// The document as served and committed: [`document`] made exact (see [`exact`]).
pub fn document_value() -> serde_json::Value {
    exact::exact(&document())
}

/// The document as pretty JSON with a final newline.
pub fn document_json() -> String {
    let mut json = serde_json::to_string_pretty(&document_value()).unwrap_or_default();
    json.push('\n');
    json
}
