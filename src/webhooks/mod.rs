//! Webhooks: subscriptions that receive the change feed as signed POSTs
//! (Standard Webhooks), delivered at least once from rows in the database.
//!
//! Handlers → `service` (subscriptions) and `deliveries` (the log, redelivery,
//! pings) → `repo`. The background side: `dispatch` runs `fan_out` (feed
//! entries → delivery rows) and sends due deliveries through `send`, signed by
//! `sign`, to URLs `target` allows.

pub mod deliveries;
pub mod dispatch;
pub mod dto;
pub mod fan_out;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod send;
pub mod service;
pub mod sign;
pub mod target;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_webhooks)
        .service(handlers::create_webhook)
        .service(handlers::get_webhook)
        .service(handlers::update_webhook)
        .service(handlers::delete_webhook)
        .service(handlers::rotate_webhook_secret)
        .service(handlers::list_deliveries)
        .service(handlers::redeliver)
        .service(handlers::ping);
}
