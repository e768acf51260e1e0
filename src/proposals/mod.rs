//! Development proposals: the systems-model categories, tiers 1–3, the status
//! workflow, sub-proposals, links to events and areas, and county endorsements.

pub mod domain;
pub mod dto;
pub mod endorsements;
pub mod handlers;
pub mod input;
pub mod links;
pub mod model;
pub mod repo;
pub mod service;

pub use domain::{Category, ProposalStatus};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_proposals)
        .service(handlers::create_proposal)
        .service(handlers::get_proposal)
        .service(handlers::update_proposal)
        .service(handlers::delete_proposal)
        .service(endorsements::endorse_proposal)
        .service(endorsements::list_endorsements);
}
