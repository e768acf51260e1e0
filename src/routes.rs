//! Every documented route in one place: the health checks and the `/api/v1`
//! scopes. The application serves them (`startup`) and the OpenAPI document is
//! built from them (`openapi`), so the two cannot disagree.

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{
    areas, audit, auth, changes, clients, events, health, proposals, reports, responses, results, surveys,
    webhooks,
};

/// Registers every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(scope::scope("/health").configure(health::configure))
        .service(scope::scope("/api/v1/auth").service(auth::token::issue_token))
        .service(scope::scope("/api/v1/clients").configure(clients::configure))
        .service(scope::scope("/api/v1/areas").configure(areas::configure))
        .service(scope::scope("/api/v1/events").configure(events::configure))
        .service(scope::scope("/api/v1/proposals").configure(proposals::configure))
        .service(scope::scope("/api/v1/reports").configure(reports::configure))
        .service(scope::scope("/api/v1/audit").configure(audit::configure))
        .service(scope::scope("/api/v1/changes").configure(changes::configure))
        .service(scope::scope("/api/v1/webhooks").configure(webhooks::configure))
        .service(
            scope::scope("/api/v1/surveys")
                .configure(surveys::configure)
                .configure(responses::configure)
                .configure(results::configure),
        );
}
