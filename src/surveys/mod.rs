//! Surveys: typed questions in Finnish, Swedish and English, and the
//! draft → open → closed life cycle. Responses live in `crate::responses`,
//! results in `crate::results`.

pub mod answers;
pub mod demo;
pub mod domain;
pub mod dto;
pub mod handlers;
pub mod model;
pub mod repo;
pub mod service;

pub use domain::{Question, QuestionType, Questions, SurveyKind, SurveyStatus};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_surveys)
        .service(handlers::create_survey)
        .service(handlers::get_survey)
        .service(handlers::update_survey);
}
