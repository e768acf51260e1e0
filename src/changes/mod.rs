//! The change feed: every committed change of areas, events, proposals,
//! surveys, survey responses and clients, in commit order.
//!
//! Entries are appended by `write::record`, the one place of a write's side
//! effects, in the transaction of the change (`repo::append`); this module
//! stores, serves and forgets them (after `CHANGES_RETENTION_DAYS`).

pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;

pub use model::{ChangeAction, ChangeKind, NewChange};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_changes);
}
