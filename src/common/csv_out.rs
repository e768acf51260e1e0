//! `Accept: text/csv` answers, written by the csv crate (quoting included).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};

use crate::error::ApiError;

pub const TEXT_CSV: &str = "text/csv; charset=utf-8";

/// Whether the client asked for CSV rather than JSON.
pub fn wants_csv(req: &HttpRequest) -> bool {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|accept| {
        accept
            .split(',')
            .any(|part| part.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("text/csv")))
    })
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
