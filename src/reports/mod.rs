//! Reports: the 2023 workshop report's Table 1 (events and headcounts) and
//! Appendix 1 (development proposals by category, tier and status), as JSON or CSV,
//! and the whole workshop report of a year as JSON or a printable page (`workshop`).

pub mod dto;
pub mod handlers;
pub mod repo;
pub mod service;
pub mod workshop;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::events_report)
        .service(handlers::proposals_report)
        .service(workshop::handler::workshop_report);
}
