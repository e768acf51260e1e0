//! `Accept: text/csv` answers, written by the csv crate (quoting included).

use actix_web::http::header::{self, Quality};
use actix_web::{mime, HttpRequest, HttpResponse};

use super::accept::{accepted, rank};
use crate::error::ApiError;

pub const TEXT_CSV: &str = "text/csv; charset=utf-8";

/// Whether the client prefers CSV to JSON, honouring q-values: CSV when it ranks
/// higher, or as high and named explicitly (`Accept: text/csv, application/json`).
pub fn wants_csv(req: &HttpRequest) -> bool {
    let accept = accepted(req);
    let (csv, named) = rank(accept.as_ref(), &mime::TEXT_CSV);
    let (json, _) = rank(accept.as_ref(), &mime::APPLICATION_JSON);
    csv > Quality::ZERO && (csv > json || (csv == json && named == 2))
}

/// A UTF-8 CSV document with a header row.
pub fn csv_response<I, R>(filename: &str, header_row: &[&str], rows: I) -> Result<HttpResponse, ApiError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header_row).map_err(ApiError::internal)?;
    for row in rows {
        writer.write_record(row).map_err(ApiError::internal)?;
    }
    let body = writer.into_inner().map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(TEXT_CSV)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")))
        .body(body))
}
