//! Area requests checked on their own, before anything is read from the database.

use super::dto::{CreateAreaRequest, UpdateAreaRequest};
use super::{AreaCode, AreaKind};
use crate::common::LocalizedText;
use crate::error::{ApiError, FieldError};

/// A new area whose code, name and statistics code are valid.
#[derive(Debug, Clone)]
pub struct NewArea {
    pub code: AreaCode,
    pub kind: AreaKind,
    pub parent: Option<String>,
    pub name: LocalizedText,
    pub statistics_code: Option<String>,
}

/// The changes of a PATCH; absent fields stay as they are.
#[derive(Debug, Clone)]
pub struct AreaChanges {
    pub name: Option<LocalizedText>,
    pub statistics_code: Option<String>,
    pub parent: Option<String>,
}

fn check_statistics_code(code: Option<&str>, errors: &mut Vec<FieldError>) {
    if code.is_some_and(|s| s.is_empty() || s.len() > 16 || !s.chars().all(|c| c.is_ascii_alphanumeric())) {
        errors.push(FieldError::new("statistics_code", "must be 1 to 16 letters or digits"));
    }
}

impl NewArea {
    /// 422 naming every invalid field.
    pub fn parse(req: CreateAreaRequest) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let code = AreaCode::parse(&req.code).map_err(|m| errors.push(FieldError::new("code", m))).ok();
        let name = req.name.validate("name", 200, &mut errors);
        check_statistics_code(req.statistics_code.as_deref(), &mut errors);
        match (code, name) {
            (Some(code), Some(name)) if errors.is_empty() => Ok(Self {
                code,
                kind: req.kind,
                parent: req.parent,
                name,
                statistics_code: req.statistics_code,
            }),
            _ => Err(ApiError::validation(errors)),
        }
    }
}

impl AreaChanges {
    /// 422 naming every invalid field.
    pub fn parse(req: UpdateAreaRequest) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let name = req.name.map(|n| n.validate("name", 200, &mut errors));
        check_statistics_code(req.statistics_code.as_deref(), &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        Ok(Self { name: name.flatten(), statistics_code: req.statistics_code, parent: req.parent })
    }
}
