//! The workshop report (`GET /api/v1/reports/workshops`): the figures of the
//! Centre's yearly report, gathered from events, surveys (through the results
//! module) and proposals, as JSON or as a printable page with charts in fi/sv/en.

mod charts;
pub mod dto;
mod figures;
mod format;
pub mod handler;
mod names;
pub mod negotiate;
mod page;
mod page_ctx;
mod page_proposals;
mod page_surveys;
mod repo;
mod sections;
pub mod service;
mod texts;
