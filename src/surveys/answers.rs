//! Answers checked against a survey's questions: types, ranges, option codes,
//! text length, required questions and unknown codes.

use serde_json::{Map, Value};

use super::domain::{QuestionType, Questions};
use crate::error::FieldError;

/// The longest text answer, in characters.
pub const MAX_TEXT_CHARS: usize = 4000;

/// One valid answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A `likert5`, `rating4` or `grade10` level.
    Scale(i64),
    /// A `choice` option code.
    Choice(String),
    Text(String),
}

impl Answer {
    /// The value counted in results; `None` for text, which results never show.
    pub fn counted_value(&self) -> Option<String> {
        match self {
            Self::Scale(v) => Some(v.to_string()),
            Self::Choice(c) => Some(c.clone()),
            Self::Text(_) => None,
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Self::Scale(v) => Value::from(*v),
            Self::Choice(s) | Self::Text(s) => Value::from(s.as_str()),
        }
    }
}

impl serde::Serialize for Answers {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (code, answer) in &self.0 {
            match answer {
                Answer::Scale(v) => map.serialize_entry(code, v)?,
                Answer::Choice(t) | Answer::Text(t) => map.serialize_entry(code, t)?,
            }
        }
        map.end()
    }
}

/// The valid answers of one response, keyed by question code (nulls dropped).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answers(pub Vec<(String, Answer)>);

impl Answers {
    /// Checks every answer; errors name `answers.<code>`.
    pub fn parse(questions: &Questions, raw: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        for code in raw.keys() {
            if questions.get(code).is_none() {
                errors.push(FieldError::new(format!("answers.{code}"), "is not a question of this survey"));
            }
        }
        let mut answers = Vec::with_capacity(raw.len());
        for q in questions.iter() {
            let field = || format!("answers.{}", q.code);
            match raw.get(&q.code) {
                None | Some(Value::Null) if q.required => {
                    errors.push(FieldError::new(field(), "is required"));
                }
                None | Some(Value::Null) => {}
                Some(v) => match check_one(q.qtype, q.options.as_deref(), v) {
                    Ok(a) => answers.push((q.code.clone(), a)),
                    Err(m) => errors.push(FieldError::new(field(), m)),
                },
            }
        }
        if errors.is_empty() {
            Ok(Self(answers))
        } else {
            Err(errors)
        }
    }

    /// The answers as a JSON object.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.iter().map(|(k, a)| (k.clone(), a.to_json())).collect())
    }

    /// The answers as JSON text, written straight from the list (no tree of values first).
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| self.to_json().to_string())
    }
}

fn check_one(
    qtype: QuestionType,
    options: Option<&[super::domain::ChoiceOption]>,
    v: &Value,
) -> Result<Answer, String> {
    if let Some((lo, hi)) = qtype.scale() {
        return match v.as_i64() {
            Some(n) if v.is_number() && (lo..=hi).contains(&n) => Ok(Answer::Scale(n)),
            _ => Err(format!("must be an integer from {lo} to {hi}")),
        };
    }
    match (qtype, v.as_str()) {
        (QuestionType::Choice, Some(s)) if options.unwrap_or_default().iter().any(|o| o.code == s) => {
            Ok(Answer::Choice(s.to_owned()))
        }
        (QuestionType::Choice, _) => {
            let codes: Vec<&str> = options.unwrap_or_default().iter().map(|o| o.code.as_str()).collect();
            Err(format!("must be one of {}", codes.join(", ")))
        }
        (_, Some(s)) if s.chars().count() <= MAX_TEXT_CHARS => Ok(Answer::Text(s.to_owned())),
        _ => Err(format!("must be a text of at most {MAX_TEXT_CHARS} characters")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::common::LocalizedText;
    use crate::surveys::domain::{ChoiceOption, Question};

    fn survey() -> Questions {
        let t = || LocalizedText { fi: "K".into(), sv: None, en: None };
        let q = |code: &str, qtype, required, options| Question {
            code: code.into(),
            qtype,
            text: t(),
            required,
            options,
        };
        let opts = Some(vec![
            ChoiceOption { code: "yes".into(), text: t() },
            ChoiceOption { code: "no".into(), text: t() },
        ]);
        Questions::trusted(vec![
            q("safe", QuestionType::Likert5, true, None),
            q("content", QuestionType::Rating4, false, None),
            q("grade", QuestionType::Grade10, false, None),
            q("again", QuestionType::Choice, false, opts),
            q("free", QuestionType::Text, false, None),
        ])
    }

    fn errors(v: Value) -> Vec<String> {
        let Value::Object(map) = v else { return vec!["not an object".into()] };
        Answers::parse(&survey(), map).err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn valid_answers_are_kept_in_question_order_and_nulls_dropped() {
        let Value::Object(map) =
            json!({"free": "ok", "safe": 4, "grade": 10, "again": "no", "content": null})
        else {
            unreachable!()
        };
        let a = Answers::parse(&survey(), map).unwrap();
        assert_eq!(a.to_json(), json!({"safe": 4, "grade": 10, "again": "no", "free": "ok"}));
        let counted: Vec<_> = a.0.iter().map(|(_, a)| a.counted_value()).collect();
        assert_eq!(counted, [Some("4".into()), Some("10".into()), Some("no".into()), None]);
    }

    #[test]
    fn every_bad_answer_is_named() {
        assert_eq!(errors(json!({})), ["answers.safe"]);
        assert_eq!(errors(json!({"safe": null})), ["answers.safe"]);
        for bad in [json!(0), json!(6), json!(2.5), json!("3"), json!(true), json!(3.0)] {
            assert_eq!(errors(json!({"safe": bad})), ["answers.safe"], "{bad}");
        }
        assert_eq!(
            errors(json!({"safe": 1, "content": 5, "grade": 0})),
            ["answers.content", "answers.grade"]
        );
        assert_eq!(errors(json!({"safe": 1, "again": "maybe"})), ["answers.again"]);
        assert_eq!(errors(json!({"safe": 1, "free": 3})), ["answers.free"]);
        assert_eq!(errors(json!({"safe": 1, "free": "x".repeat(4001)})), ["answers.free"]);
        assert!(errors(json!({"safe": 1, "free": "ä".repeat(4000)})).is_empty());
        assert_eq!(errors(json!({"safe": 1, "nope": 1})), ["answers.nope"]);
    }
}
