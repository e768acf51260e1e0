//! The responses export as CSV, read as a stream, with the server's memory
//! peak during it alone (the kernel's high-water mark is reset first).

use std::time::Instant;

use anyhow::ensure;

use super::api::Api;
use super::server::memory_mb;

/// Resets the process's VmHWM to its current VmRSS (Linux `clear_refs`, value 5).
fn reset_peak(pid: u32) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// Streams `GET /api/v1/surveys/{id}/responses` as CSV and prints its size,
/// speed and the server's VmHWM while it ran.
pub async fn export(api: &Api, survey: &str, pid: u32) -> anyhow::Result<()> {
    let reset = reset_peak(pid);
    let started = Instant::now();
    let url = format!("{}/api/v1/surveys/{survey}/responses", api.base);
    let mut res = api.http.get(url).bearer_auth(&api.token).header("Accept", "text/csv").send().await?;
    ensure!(res.status().is_success(), "export: {}", res.status());
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = res.chunk().await? {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let secs = started.elapsed().as_secs_f64();
    let hwm = memory_mb(pid).map_or(0.0, |m| m.1);
    let scope = if reset { "during the export alone" } else { "since start (could not reset)" };
    println!(
        "export: {} responses as CSV, {:.0} MB streamed in {secs:.1} s; server VmHWM {hwm:.0} MB {scope}",
        lines.saturating_sub(1),
        bytes as f64 / 1e6
    );
    Ok(())
}
