//! The responses CSV export, streamed: keyset pages of [`EXPORT_CHUNK`] rows are
//! read from the database one at a time and written out as they come, so memory
//! stays flat however many responses a survey has. Filters, `cursor` and `limit`
//! apply as to the JSON list (without `limit`, every match after the cursor).

use actix_web::web::Bytes;
use actix_web::HttpResponse;
use futures_util::stream;

use super::model::ResponseRow;
use super::repo::{self, ResponseFilter};
use crate::common::csv_out::{csv_ok, CsvDialect, CsvEncoder};
use crate::db::{self, DbPool};
use crate::error::ApiError;

/// Rows per database query while exporting.
const EXPORT_CHUNK: i64 = 1000;

/// What the export needs besides the rows.
pub struct Export {
    pub filename: String,
    pub question_codes: Vec<String>,
    pub dialect: CsvDialect,
    /// At most this many rows; `None` for every match.
    pub limit: Option<i64>,
}

/// Where a streamed export stands between two chunks.
struct State {
    pool: DbPool,
    filter: ResponseFilter,
    codes: Vec<String>,
    encoder: CsvEncoder,
    remaining: Option<i64>,
    header_sent: bool,
    done: bool,
}

/// The `200 OK` answer whose body is the streamed CSV.
pub fn csv_export(pool: DbPool, filter: ResponseFilter, export: Export) -> HttpResponse {
    let state = State {
        pool,
        filter,
        codes: export.question_codes,
        encoder: CsvEncoder::new(export.dialect),
        remaining: export.limit,
        header_sent: false,
        done: false,
    };
    csv_ok(&export.filename).streaming(stream::unfold(state, next_chunk))
}

/// The next piece of the body: the header row first, then one chunk of rows per call.
async fn next_chunk(mut st: State) -> Option<(Result<Bytes, ApiError>, State)> {
    if !st.header_sent {
        st.header_sent = true;
        let mut header = ["id", "survey_id", "external_id", "event_id", "area", "submitted_at", "created_at"]
            .map(str::to_owned)
            .to_vec();
        header.extend(st.codes.iter().cloned());
        let bytes = st.encoder.encode([header]);
        return Some((bytes, st));
    }
    if st.done {
        return None;
    }
    let chunk = st.remaining.map_or(EXPORT_CHUNK, |r| r.min(EXPORT_CHUNK));
    let filter = st.filter.clone();
    let rows = match db::run(&st.pool, move |c| Ok(repo::list(c, &filter, chunk)?)).await {
        Ok(rows) => rows,
        Err(e) => {
            st.done = true;
            return Some((Err(e), st));
        }
    };
    let got = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    st.remaining = st.remaining.map(|r| r - got);
    st.filter.after_seq = rows.last().map(|r| r.seq).or(st.filter.after_seq);
    st.done = got < chunk || st.remaining == Some(0);
    let codes = &st.codes;
    let rows = match rows.into_iter().map(|r| csv_row(r, codes)).collect::<Result<Vec<_>, _>>() {
        Ok(rows) => rows,
        Err(e) => {
            st.done = true;
            return Some((Err(e), st));
        }
    };
    let bytes = st.encoder.encode(rows);
    Some((bytes, st))
}

/// One response as cells: its fields, then one answer per question code
/// (stored answers that are not a JSON object fail the export).
fn csv_row(r: ResponseRow, codes: &[String]) -> Result<Vec<String>, ApiError> {
    let answers: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&r.answers).map_err(ApiError::internal)?;
    let mut row = vec![
        r.id,
        r.survey_id,
        r.external_id.unwrap_or_default(),
        r.event_id.unwrap_or_default(),
        r.area_code,
        r.submitted_at.to_string(),
        r.created_at.to_string(),
    ];
    row.extend(codes.iter().map(|c| match answers.get(c) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => String::new(),
    }));
    Ok(row)
}
