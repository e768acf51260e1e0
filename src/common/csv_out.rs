//! Every `Accept: text/csv` answer is written here, so that all of them share
//! one set of rules:
//!
//! - cells that a spreadsheet would read as a formula (starting with `=`, `+`,
//!   `-`, `@`, a tab or a carriage return) are neutralised per OWASP's "CSV
//!   injection" advice by a leading `'`; plain numbers such as `-3` are left
//!   alone, since they are data and no formula;
//! - the default dialect is RFC 4180 (`,`, CRLF, quotes only where needed);
//!   `?dialect=excel` gives what Excel opens correctly in every locale,
//!   including fi-FI: a UTF-8 byte-order mark, `;` separators and CRLF;
//! - large exports are streamed chunk by chunk ([`CsvEncoder`] keeps the state).

use std::borrow::Cow;

use actix_web::http::header::{self, Quality};
use actix_web::web::Bytes;
use actix_web::{mime, HttpRequest, HttpResponse, HttpResponseBuilder};
use serde::Deserialize;
use utoipa::ToSchema;

use super::accept::{accepted, rank};
use crate::error::ApiError;

pub const TEXT_CSV: &str = "text/csv; charset=utf-8";

/// The UTF-8 byte-order mark, by which Excel knows the file is UTF-8.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How a CSV answer is written (`?dialect=`; ignored for JSON answers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CsvDialect {
    /// RFC 4180: `,` separators, CRLF line ends, no byte-order mark.
    #[default]
    Rfc4180,
    /// For spreadsheets in any locale: a UTF-8 byte-order mark, `;` separators, CRLF.
    Excel,
}

/// Whether the client prefers CSV to JSON, honouring q-values: CSV when it ranks
/// higher, or as high and named explicitly (`Accept: text/csv, application/json`).
pub fn wants_csv(req: &HttpRequest) -> bool {
    let accept = accepted(req);
    let (csv, named) = rank(accept.as_ref(), &mime::TEXT_CSV);
    let (json, _) = rank(accept.as_ref(), &mime::APPLICATION_JSON);
    csv > Quality::ZERO && (csv > json || (csv == json && named == 2))
}

/// Whether a cell is a plain decimal number (`-12`, `3.5`): data, never a formula.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && parts.next().is_none_or(all_digits)
}

/// The cell as a spreadsheet may safely show it: a leading `'` before anything
/// that would start a formula (OWASP CSV injection), plain numbers unchanged.
fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = matches!(cell.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes rows in one dialect; the first chunk it writes starts with the BOM
/// when the dialect wants one, so a streamed file can be written piece by piece.
#[derive(Debug)]
pub struct CsvEncoder {
    dialect: CsvDialect,
    started: bool,
}

impl CsvEncoder {
    pub fn new(dialect: CsvDialect) -> Self {
        Self { dialect, started: false }
    }

    /// The rows as bytes, every cell neutralised.
    pub fn encode<I, R>(&mut self, rows: I) -> Result<Bytes, ApiError>
    where
        I: IntoIterator<Item = R>,
        R: IntoIterator,
        R::Item: AsRef<str>,
    {
        let mut out = Vec::new();
        if !self.started && self.dialect == CsvDialect::Excel {
            out.extend_from_slice(BOM);
        }
        self.started = true;
        let delimiter = if self.dialect == CsvDialect::Excel { b';' } else { b',' };
        let mut writer =
            csv::WriterBuilder::new().delimiter(delimiter).terminator(csv::Terminator::CRLF).from_writer(out);
        for row in rows {
            let cells: Vec<String> = row.into_iter().map(|c| neutralise(c.as_ref()).into_owned()).collect();
            writer.write_record(&cells).map_err(ApiError::internal)?;
        }
        writer.into_inner().map(Bytes::from).map_err(ApiError::internal)
    }
}

/// The `200 OK` head of a CSV answer, offered for download as `filename`.
pub fn csv_ok(filename: &str) -> HttpResponseBuilder {
    let mut res = HttpResponse::Ok();
    res.content_type(TEXT_CSV)
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")));
    res
}

/// A whole CSV document (header row first) built at once: for small reports.
pub fn csv_response<I, R>(
    filename: &str,
    dialect: CsvDialect,
    header_row: &[&str],
    rows: I,
) -> Result<HttpResponse, ApiError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<str>,
{
    let mut encoder = CsvEncoder::new(dialect);
    let mut body = encoder.encode([header_row])?.to_vec();
    body.extend_from_slice(&encoder.encode(rows)?);
    Ok(csv_ok(filename).body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_and_text_are_not() {
        for (cell, want) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1+2", "'+1+2"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-", "'-"),
            ("-12", "-12"),
            ("3.5", "3.5"),
            ("Hyvä", "Hyvä"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn the_excel_dialect_has_a_bom_semicolons_and_crlf_once() {
        let mut e = CsvEncoder::new(CsvDialect::Excel);
        assert_eq!(&e.encode([["a", "b;c"]]).unwrap()[..], b"\xEF\xBB\xBFa;\"b;c\"\r\n");
        assert_eq!(&e.encode([["d", "e"]]).unwrap()[..], b"d;e\r\n");
        let mut e = CsvEncoder::new(CsvDialect::Rfc4180);
        assert_eq!(&e.encode([["a", "b,c"]]).unwrap()[..], b"a,\"b,c\"\r\n");
    }
}
