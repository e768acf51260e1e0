//! Results of a survey: figures per collaboration area, area or event, summed
//! by the database from the `response_counts` aggregate, with small groups
//! suppressed (see `suppression`).

pub mod build;
pub mod csv;
pub mod dto;
pub mod handlers;
pub mod repo;
pub mod suppression;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::get_results);
}
