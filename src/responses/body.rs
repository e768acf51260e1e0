//! The batch body, read raw and parsed straight into typed items; only a body
//! that does not parse is read again as JSON values, to name every bad item.

use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::dto::{BatchRequest, ResponseInput};
use crate::common::extract::{is_json, parse_json, read_body};
use crate::error::{ApiError, FieldError};

/// A JSON request body, not parsed yet (415 and 413 as problem+json).
pub struct RawJson(pub web::Bytes);

impl FromRequest for RawJson {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json(&req) {
                return Err(ApiError::unsupported_media_type("the request body must be application/json"));
            }
            read_body(&req, &mut payload).await.map(RawJson)
        })
    }
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct TypedBatch {
    responses: Vec<ResponseInput>,
}

/// The items of a batch: each parsed, or the errors of its fields.
pub type Items = Vec<Result<ResponseInput, Vec<FieldError>>>;

/// Parses a batch body: 400 for malformed JSON, 422 for a bad top level.
pub fn parse_batch(bytes: &[u8]) -> Result<Items, ApiError> {
    if let Ok(batch) = serde_json::from_slice::<TypedBatch>(bytes) {
        return Ok(batch.responses.into_iter().map(Ok).collect());
    }
    let raw: BatchRequest = parse_json(bytes)?;
    Ok(raw.responses.iter().map(parse_item).collect())
}

/// Parses one item, naming its bad fields like a whole body would.
fn parse_item(v: &Value) -> Result<ResponseInput, Vec<FieldError>> {
    ResponseInput::deserialize(v).map_err(|_| {
        let bytes = serde_json::to_vec(v).unwrap_or_default();
        match parse_json::<ResponseInput>(&bytes) {
            Err(e) if !e.field_errors().is_empty() => e.field_errors().to_vec(),
            _ => vec![FieldError::new("", "must be a response object")],
        }
    })
}
