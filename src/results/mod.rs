//! Results of a survey: figures per collaboration area, area or event, summed
//! from the response counters per (organisation, event) cell, with small groups
//! suppressed across every table of a survey and period at once (see `suppression`).

pub mod build;
pub mod csv;
pub mod cube;
pub mod dto;
pub mod handlers;
pub mod repo;
pub mod service;
pub mod span;
pub mod suppression;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::get_results);
}
