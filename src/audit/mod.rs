//! The audit log: who changed what, when, with the state before and after.
//!
//! Entries are written by `write::record`, the one place of a write's side
//! effects, in the transaction of the change they describe (`repo::insert`);
//! this module stores and lists them.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_audit);
}
