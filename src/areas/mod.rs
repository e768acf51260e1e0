//! Areas: the five collaboration areas and the counties, city and joint
//! authority under them. Reference data, present in every database.

pub mod children;
pub mod domain;
pub mod dto;
pub mod filter;
pub mod handlers;
pub mod input;
pub mod model;
pub mod repo;
pub mod seed;
pub mod service;

pub use domain::{AreaCode, AreaKind};
pub use filter::area_filter;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_areas)
        .service(handlers::create_area)
        .service(handlers::get_area)
        .service(handlers::update_area);
}
