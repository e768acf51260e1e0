//! Reports: the 2023 workshop report's Table 1 (events and headcounts) and
//! Appendix 1 (development proposals by category, tier and status), as JSON or CSV.

pub mod dto;
pub mod handlers;
pub mod repo;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::events_report).service(handlers::proposals_report);
}
