//! `answers` as read from a request: counted and checked while it is parsed, so
//! that no body can make the service build a large tree of values first.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The most answers one response may hold (a survey has at most 200 questions).
pub const MAX_ANSWERS: usize = 200;

/// Answers by question code: at most [`MAX_ANSWERS`], each code once, each value
/// a number, a string or null (arrays and objects are refused before they are built).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct AnswerMap(pub Map<String, Value>);

impl<'de> Deserialize<'de> for AnswerMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(MapVisitor)
    }
}

struct MapVisitor;

impl<'de> Visitor<'de> for MapVisitor {
    type Value = AnswerMap;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object of at most {MAX_ANSWERS} answers by question code")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<AnswerMap, A::Error> {
        let mut map = Map::new();
        while let Some(code) = access.next_key::<String>()? {
            if map.len() == MAX_ANSWERS {
                return Err(de::Error::custom(format!("must hold at most {MAX_ANSWERS} answers")));
            }
            if map.contains_key(&code) {
                let code = crate::error::excerpt(&code, 60);
                return Err(de::Error::custom(format!("answers `{code}` twice")));
            }
            let value = access.next_value::<Scalar>()?;
            map.insert(code, value.0);
        }
        Ok(AnswerMap(map))
    }
}

/// One answer value: a JSON scalar.
struct Scalar(Value);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a string or null")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar(Value::from(v)))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar(Value::from(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar(Value::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<AnswerMap, String> {
        serde_json::from_str(s).map_err(|e| e.to_string())
    }

    #[test]
    fn scalars_are_kept_and_containers_refused() {
        assert_eq!(parse(r#"{"a": 1, "b": "x", "c": null}"#).map(|m| m.0.len()), Ok(3));
        assert!(parse(r#"{"a": [1, 2]}"#).is_err());
        assert!(parse(r#"{"a": {"b": 1}}"#).is_err());
    }

    #[test]
    fn a_code_given_twice_is_refused() {
        assert!(parse(r#"{"a": 1, "a": 2}"#).is_err_and(|e| e.contains("`a` twice")));
    }

    #[test]
    fn more_answers_than_questions_can_exist_are_refused() {
        let many: Vec<String> = (0..=MAX_ANSWERS).map(|i| format!("\"q{i}\": 1")).collect();
        assert!(parse(&format!("{{{}}}", many.join(","))).is_err());
    }
}
