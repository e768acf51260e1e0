//! The two 2023 surveys (pre-assignment and feedback) from `seed/workshops-2023.json`.

use serde::Deserialize;

use super::domain::{Question, SurveyKind, SurveyStatus};
use super::dto::CreateSurveyRequest;
use super::{repo, service};
use crate::common::LocalizedText;
use crate::db::{self, DbConn};

/// Who the audit log names for demo rows (the whole demo data set's loader,
/// `crate::demo`, names the same).
pub const ACTOR: &str = "demo-loader";

const WORKSHOPS_JSON: &str = include_str!("../../seed/workshops-2023.json");

#[derive(Deserialize)]
struct File {
    surveys: Vec<SeedSurvey>,
}

#[derive(Deserialize)]
struct SeedSurvey {
    code: String,
    kind: SurveyKind,
    title: LocalizedText,
    questions: Vec<SeedQuestion>,
}

#[derive(Deserialize)]
struct SeedQuestion {
    code: String,
    #[serde(rename = "type")]
    qtype: super::QuestionType,
    text: LocalizedText,
}

/// Creates the 2023 surveys that are missing (by code), `open` so that the 2023
/// answers can be imported through the API; returns how many were created.
/// Every question is optional: the report does not say any was compulsory.
/// The audit log names [`ACTOR`].
pub fn load(c: &mut DbConn) -> anyhow::Result<usize> {
    load_as(c, ACTOR)
}

/// [`load`], with the audit log naming `actor`.
pub fn load_as(c: &mut DbConn, actor: &str) -> anyhow::Result<usize> {
    let file: File = serde_json::from_str(WORKSHOPS_JSON)?;
    let mut created = 0;
    for s in file.surveys {
        let req = CreateSurveyRequest {
            code: s.code,
            title: s.title,
            kind: s.kind,
            status: Some(SurveyStatus::Open),
            questions: s
                .questions
                .into_iter()
                .map(|q| Question {
                    code: q.code,
                    qtype: q.qtype,
                    text: q.text,
                    required: false,
                    options: None,
                })
                .collect(),
        };
        let row = service::new_row(&req).map_err(|e| anyhow::anyhow!("demo survey `{}`: {e}", req.code))?;
        let added = db::write_tx(c, |c| {
            if repo::find_by_code(c, &row.code)?.is_some() {
                return Ok(false);
            }
            service::create(c, actor, &row).map(|_| true)
        })
        .map_err(|e| anyhow::anyhow!("demo survey `{}`: {e}", req.code))?;
        created += usize::from(added);
    }
    Ok(created)
}
