//! The one integration-test binary. Every test talks HTTP to a real server on a
//! fresh database: SQLite by default, PostgreSQL when `TEST_DATABASE_URL` is a
//! `postgres://` URL (each test then gets its own database, dropped afterwards).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod areas;
mod auth;
mod changes;
mod cli;
mod clients;
mod contract;
mod conventions;
mod csv_export;
mod demo;
mod disclosure;
mod endorsements;
mod events;
mod feed_copies;
mod feed_pages;
mod hardening;
mod http;
mod load;
mod operations;
mod outage;
mod proposals;
mod receiver;
mod reports;
mod response_listing;
mod responses;
mod results;
mod results_differencing;
mod results_suppression;
mod results_years;
mod storage;
mod stored_entries;
mod surveys;
mod webhook_restart;
mod webhook_scope;
mod webhooks;
mod workshop_data;
mod workshop_report;
