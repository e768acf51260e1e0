//! Events: the workshops and other events of the collaboration areas and the
//! organisations under them, with their headcounts.

pub mod domain;
pub mod dto;
pub mod handlers;
pub mod input;
pub mod model;
pub mod repo;
pub mod service;

pub use domain::{EventFormat, EventStatus};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_events)
        .service(handlers::create_event)
        .service(handlers::get_event)
        .service(handlers::update_event)
        .service(handlers::delete_event);
}
