//! API clients: who may call the API, with which role and for which county.

pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_clients)
        .service(handlers::create_client)
        .service(handlers::get_client)
        .service(handlers::update_client)
        .service(handlers::rotate_secret);
}
