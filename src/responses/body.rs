//! The batch body, read raw, split into at most 5000 raw items while it is
//! parsed, and each item parsed into its type (an item that does not parse is
//! read again only to name its bad fields).

use std::future::Future;
use std::pin::Pin;

use std::fmt;
use std::marker::PhantomData;

use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::dto::{Items, ResponseInput};
use crate::common::extract::{is_json, parse_json, read_body};
use crate::error::{ApiError, FieldError};

/// The most responses one batch may hold.
pub const MAX_BATCH: usize = 5000;

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

/// The batch envelope: `responses` is only split into raw items here.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    #[serde(borrow)]
    responses: BoundedItems<'a>,
}

/// The items of `responses`, counted while they are read: reading stops at
/// the first item past [`MAX_BATCH`], so a body of millions of tiny items
/// costs no more than one of 5001.
struct BoundedItems<'a>(Vec<&'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for BoundedItems<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(ItemsVisitor(PhantomData))
    }
}

struct ItemsVisitor<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ItemsVisitor<'a> {
    type Value = BoundedItems<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an array of 1 to {MAX_BATCH} responses")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<&'de RawValue>()? {
            if items.len() == MAX_BATCH {
                return Err(de::Error::custom(format!("must hold 1 to {MAX_BATCH} responses")));
            }
            items.push(item);
        }
        Ok(BoundedItems(items))
    }
}

/// Parses a batch body: 400 for malformed JSON, 422 for a bad top level or
/// more than [`MAX_BATCH`] items. CPU-bound: call it off the async workers.
pub fn parse_batch(bytes: &[u8]) -> Result<Items, ApiError> {
    let envelope: Envelope = parse_json(bytes)?;
    let items = envelope.responses.0;
    if items.is_empty() {
        return Err(ApiError::invalid("responses", format!("must hold 1 to {MAX_BATCH} responses")));
    }
    Ok(items.into_iter().map(parse_item).collect())
}

/// Parses one item, naming its bad fields like a whole body would.
fn parse_item(raw: &RawValue) -> Result<ResponseInput, Vec<FieldError>> {
    let input = serde_json::from_str(raw.get()).map_err(|_| {
        match parse_json::<ResponseInput>(raw.get().as_bytes()) {
            Err(e) if !e.field_errors().is_empty() => e.field_errors().to_vec(),
            _ => vec![FieldError::new("", "must be a response object")],
        }
    })?;
    crate::common::nul::reject_in_json(raw.get().as_bytes()).map_err(|e| e.field_errors().to_vec())?;
    Ok(input)
}
