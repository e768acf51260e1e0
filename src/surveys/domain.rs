//! Survey kinds, statuses, question definitions and their rules, validated on parse.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::common::LocalizedText;
use crate::error::FieldError;

crate::stored_enum! {
    /// What a survey is for.
    pub enum SurveyKind { PreAssignment = "pre_assignment", Feedback = "feedback", Other = "other" }
}

crate::stored_enum! {
    /// Where a survey is in its life: responses are accepted only while `open`.
    pub enum SurveyStatus { Draft = "draft", Open = "open", Closed = "closed" }
}

impl SurveyStatus {
    /// draft → open → closed, and closed → open (reopen); never back to draft.
    pub fn can_move_to(self, to: Self) -> bool {
        use SurveyStatus::*;
        matches!((self, to), (Draft, Open) | (Open, Closed) | (Closed, Open)) || self == to
    }
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// 1..5: fully disagree .. fully agree.
    Likert5,
    /// 1..4: poor, passable, satisfactory, excellent/good.
    Rating4,
    /// 1..10.
    Grade10,
    /// One of the question's `options[].code`.
    Choice,
    /// Free text of at most 4000 characters; never part of results.
    Text,
}

impl QuestionType {
    /// The integer range of a scale type.
    pub fn scale(self) -> Option<(i64, i64)> {
        match self {
            Self::Likert5 => Some((1, 5)),
            Self::Rating4 => Some((1, 4)),
            Self::Grade10 => Some((1, 10)),
            Self::Choice | Self::Text => None,
        }
    }

    /// The values that count as positive in `positive_share`.
    pub fn positive_from(self) -> Option<i64> {
        match self {
            Self::Likert5 | Self::Rating4 => Some(4),
            _ => None,
        }
    }
}

/// One answer option of a `choice` question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Lowercase snake_case, unique within the question.
    pub code: String,
    pub text: LocalizedText,
}

/// A question of a survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Lowercase snake_case, unique within the survey; the key of answers.
    pub code: String,
    #[serde(rename = "type")]
    pub qtype: QuestionType,
    pub text: LocalizedText,
    /// Whether every response must answer it (default false).
    #[serde(default)]
    pub required: bool,
    /// The options of a `choice` question (required for, and only for, `choice`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<ChoiceOption>>,
}

/// Lowercase snake_case: `a-z` first, then `a-z`, `0-9`, `_`; at most 64 characters.
pub fn is_snake_code(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && s.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A survey code: a lowercase slug (`a-z`, `0-9`, inner hyphens), 2..=64 characters.
pub fn check_survey_code(code: &str) -> Result<(), String> {
    crate::areas::AreaCode::parse(code).map(|_| ())
}

/// A survey's questions: at least one, at most 200, codes unique, options only on choices.
#[derive(Debug, Clone, PartialEq)]
pub struct Questions(Vec<Question>);

impl Questions {
    /// Validates and cleans the questions, naming every bad field under `questions[i]`.
    pub fn parse(raw: Vec<Question>) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        if raw.is_empty() || raw.len() > 200 {
            errors.push(FieldError::new("questions", "must hold 1 to 200 questions"));
        }
        let mut seen = HashSet::new();
        let mut clean = Vec::with_capacity(raw.len());
        for (i, q) in raw.into_iter().enumerate() {
            let at = format!("questions[{i}]");
            if !is_snake_code(&q.code) {
                errors.push(FieldError::new(
                    format!("{at}.code"),
                    "must be lowercase snake_case (a-z, 0-9, _)",
                ));
            } else if !seen.insert(q.code.clone()) {
                errors.push(FieldError::new(format!("{at}.code"), format!("`{}` is used twice", q.code)));
            }
            let text = q.text.validate(&format!("{at}.text"), 1000, &mut errors);
            let options = parse_options(q.qtype, q.options, &at, &mut errors);
            if let Some(text) = text {
                clean.push(Question { text, options, ..q });
            }
        }
        if errors.is_empty() {
            Ok(Self(clean))
        } else {
            Err(errors)
        }
    }

    /// Questions read back from storage (validated when they were written).
    pub fn trusted(questions: Vec<Question>) -> Self {
        Self(questions)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Question> {
        self.0.iter()
    }

    pub fn get(&self, code: &str) -> Option<&Question> {
        self.0.iter().find(|q| q.code == code)
    }

    pub fn into_inner(self) -> Vec<Question> {
        self.0
    }
}

fn parse_options(
    qtype: QuestionType,
    options: Option<Vec<ChoiceOption>>,
    at: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Vec<ChoiceOption>> {
    let field = format!("{at}.options");
    match (qtype, options) {
        (QuestionType::Choice, None) => {
            errors.push(FieldError::new(field, "is required for a choice question"));
            None
        }
        (QuestionType::Choice, Some(opts)) => {
            if opts.is_empty() || opts.len() > 100 {
                errors.push(FieldError::new(&field, "must hold 1 to 100 options"));
            }
            let mut seen = HashSet::new();
            let mut clean = Vec::with_capacity(opts.len());
            for (j, o) in opts.into_iter().enumerate() {
                if !is_snake_code(&o.code) || !seen.insert(o.code.clone()) {
                    errors.push(FieldError::new(
                        format!("{field}[{j}].code"),
                        "must be a unique snake_case code",
                    ));
                }
                if let Some(text) = o.text.validate(&format!("{field}[{j}].text"), 500, errors) {
                    clean.push(ChoiceOption { code: o.code, text });
                }
            }
            Some(clean)
        }
        (_, Some(_)) => {
            errors.push(FieldError::new(field, "is only allowed on choice questions"));
            None
        }
        (_, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(code: &str, qtype: QuestionType, options: Option<Vec<ChoiceOption>>) -> Question {
        Question { code: code.into(), qtype, text: text("Kysymys"), required: true, options }
    }

    fn text(fi: &str) -> LocalizedText {
        LocalizedText { fi: fi.into(), sv: None, en: None }
    }

    fn fields(r: Result<Questions, Vec<FieldError>>) -> Vec<String> {
        r.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn statuses_move_forward_and_reopen_but_never_back_to_draft() {
        use SurveyStatus::*;
        assert!(Draft.can_move_to(Open) && Open.can_move_to(Closed) && Closed.can_move_to(Open));
        assert!(!Open.can_move_to(Draft) && !Closed.can_move_to(Draft) && !Draft.can_move_to(Closed));
        assert!(Open.can_move_to(Open));
    }

    #[test]
    fn question_codes_are_unique_snake_case() {
        assert!(is_snake_code("would_feel_safe") && is_snake_code("q1"));
        for bad in ["", "1q", "Q", "a-b", "a b", "*"] {
            assert!(!is_snake_code(bad), "{bad}");
        }
        let twice = vec![q("a", QuestionType::Likert5, None), q("a", QuestionType::Text, None)];
        assert_eq!(fields(Questions::parse(twice)), ["questions[1].code"]);
        assert_eq!(fields(Questions::parse(vec![])), ["questions"]);
    }

    #[test]
    fn options_belong_to_choice_questions_only() {
        let opt = || Some(vec![ChoiceOption { code: "yes".into(), text: text("Kyllä") }]);
        assert!(Questions::parse(vec![q("c", QuestionType::Choice, opt())]).is_ok());
        assert_eq!(
            fields(Questions::parse(vec![q("c", QuestionType::Choice, None)])),
            ["questions[0].options"]
        );
        assert_eq!(
            fields(Questions::parse(vec![q("l", QuestionType::Likert5, opt())])),
            ["questions[0].options"]
        );
        let dup = Some(vec![
            ChoiceOption { code: "yes".into(), text: text("Kyllä") },
            ChoiceOption { code: "yes".into(), text: text("Joo") },
        ]);
        assert_eq!(
            fields(Questions::parse(vec![q("c", QuestionType::Choice, dup)])),
            ["questions[0].options[1].code"]
        );
    }

    #[test]
    fn scale_ranges_and_positive_levels() {
        assert_eq!(QuestionType::Likert5.scale(), Some((1, 5)));
        assert_eq!(QuestionType::Rating4.scale(), Some((1, 4)));
        assert_eq!(QuestionType::Grade10.scale(), Some((1, 10)));
        assert_eq!(QuestionType::Choice.scale(), None);
        assert_eq!(QuestionType::Rating4.positive_from(), Some(4));
        assert_eq!(QuestionType::Grade10.positive_from(), None);
    }
}
