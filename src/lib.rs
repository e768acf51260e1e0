//! client-safety: a REST/JSON API for the client-safety work of Finland's
//! wellbeing services counties and the Centre for Client and Patient Safety.

pub mod areas;
pub mod audit;
pub mod auth;
pub mod bootstrap;
pub mod changes;
pub mod cli;
pub mod clients;
pub mod common;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod events;
pub mod health;
pub mod logging;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod proposals;
pub mod reports;
pub mod responses;
pub mod results;
pub mod routes;
pub mod startup;
pub mod state;
pub mod surveys;
pub mod webhooks;
pub mod write;
