//! Survey responses: single and batch submission with full validation and
//! retry semantics, listing, CSV export and erasure. Every write also updates
//! the `response_counts` aggregates (per day, in total and per year) that
//! `crate::results` reads.

pub mod answer_map;
pub mod body;
pub mod counts;
pub mod dto;
pub mod export;
pub mod handlers;
pub mod keys;
pub mod listing;
pub mod model;
pub mod repo;
pub mod service;
pub mod since;
pub mod store;
pub mod validate;
pub mod year_counts;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::create_batch)
        .service(handlers::create_response)
        .service(listing::list_responses)
        .service(listing::erase_response);
}
