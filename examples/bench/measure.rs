//! Timing helpers, the memory sampler and the conventional query compared with.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

/// p50, p95 and max of durations, in milliseconds.
pub fn percentiles(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.95), at(1.0))
}

/// Samples the server's resident memory every 20 ms; keeps the peak.
pub struct MemorySampler {
    peak_kb: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl MemorySampler {
    pub fn start(pid: u32) -> Self {
        let (peak_kb, stop) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicBool::new(false)));
        let (p, s) = (peak_kb.clone(), stop.clone());
        tokio::spawn(async move {
            while !s.load(Ordering::Relaxed) {
                if let Some((rss, _)) = super::server::memory_mb(pid) {
                    p.fetch_max((rss * 1024.0) as u64, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        Self { peak_kb, stop }
    }

    /// The peak VmRSS seen so far, in MB.
    pub fn peak_mb(&self) -> f64 {
        self.peak_kb.load(Ordering::Relaxed) as f64 / 1024.0
    }
}

impl Drop for MemorySampler {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[derive(QueryableByName)]
#[allow(dead_code)]
struct Row {
    #[diesel(sql_type = Nullable<Text>)]
    g: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    v: Option<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The conventional implementation of results by collaboration area: a GROUP BY
/// over every response's JSON answers, one query per question. Returns ms per run.
pub fn conventional(url: &str, survey_id: &str, questions: &[&str], runs: usize) -> anyhow::Result<Vec<f64>> {
    let pool = client_safety::db::connect(&client_safety::db::DbUrl::parse(url)?, 1)?;
    let mut conn = pool.get()?;
    let postgres = url.starts_with("postgres");
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        for q in questions {
            let value = if postgres {
                format!("(r.answers::jsonb ->> '{q}')")
            } else {
                format!("CAST(json_extract(r.answers, '$.{q}') AS TEXT)")
            };
            let sql = format!(
                "SELECT a.parent_code AS g, {value} AS v, COUNT(*) AS n FROM survey_responses r \
                 JOIN areas a ON a.code = r.area_code WHERE r.survey_id = $1 GROUP BY a.parent_code, {value}"
            );
            let rows: Vec<Row> = diesel::sql_query(sql).bind::<Text, _>(survey_id).load(&mut *conn)?;
            anyhow::ensure!(!rows.is_empty(), "the conventional query found nothing");
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(times)
}
