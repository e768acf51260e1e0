//! Logging: env_logger with `LOG_FORMAT=text` (the default) or `json` (one
//! object per line), and the request id of the request being served on every
//! line logged while serving it.
//!
//! The id travels in a task-local set around the whole middleware chain, so
//! any line logged on the request's task carries it (the request line, a 500's
//! cause). Work sent to the blocking pool (`db::run`) runs on other threads and
//! logs without it.

use std::future::Future;
use std::io::Write;

use clap::ValueEnum;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// How log lines are written.
#[derive(ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// `[time LEVEL target] message request_id=...`
    #[default]
    Text,
    /// `{"ts", "level", "target", "message", "request_id"?}` per line.
    Json,
}

/// Installs the logger: `RUST_LOG` filters (default `info`), `format` shapes the lines.
pub fn init(format: LogFormat) {
    let mut builder = env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info"));
    match format {
        LogFormat::Text => builder.format(|buf, record| {
            write!(
                buf,
                "[{} {} {}] {}",
                buf.timestamp_millis(),
                record.level(),
                record.target(),
                record.args()
            )?;
            if let Some(id) = current_request_id() {
                write!(buf, " request_id={id}")?;
            }
            writeln!(buf)
        }),
        LogFormat::Json => builder.format(|buf, record| {
            let line = json_line(&buf.timestamp_millis().to_string(), record, current_request_id());
            writeln!(buf, "{line}")
        }),
    };
    builder.init();
}

/// One log record as a JSON object.
fn json_line(ts: &str, record: &log::Record<'_>, request_id: Option<String>) -> serde_json::Value {
    let mut line = serde_json::json!({
        "ts": ts,
        "level": record.level().as_str(),
        "target": record.target(),
        "message": record.args().to_string(),
    });
    if let Some(id) = request_id {
        line["request_id"] = serde_json::Value::String(id);
    }
    line
}

/// Runs `fut` with `id` as the request id of its log lines.
pub async fn with_request_id<F: Future>(id: String, fut: F) -> F::Output {
    REQUEST_ID.scope(id, fut).await
}

/// The id of the request being served on this task, if any.
fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_line_escapes_the_message_and_names_the_request() {
        let args = format_args!("say \"hi\"\n");
        let record = log::Record::builder().args(args).level(log::Level::Warn).target("t").build();
        let line = json_line("2026-01-01T00:00:00.000Z", &record, Some("abc".into()));
        let text = line.to_string();
        assert!(!text.contains('\n'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["message"], "say \"hi\"\n");
        assert_eq!(back["level"], "WARN");
        assert_eq!(back["request_id"], "abc");
    }

    #[actix_web::test]
    async fn the_request_id_is_visible_inside_its_scope_only() {
        assert_eq!(current_request_id(), None);
        let seen = with_request_id("r-1".into(), async { current_request_id() }).await;
        assert_eq!(seen.as_deref(), Some("r-1"));
    }
}
