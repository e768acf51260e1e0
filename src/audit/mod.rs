//! The audit log: who changed what, when, with the state before and after.

pub mod handlers;
pub mod repo;

pub use repo::record;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_audit);
}
