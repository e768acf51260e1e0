//! The dispatcher, one per instance: every `poll` it runs the fan-out, and
//! (on its own task) sends what is due until nothing is, each delivery claimed
//! by one instance at a time and retried with backoff. Writes never wait for
//! it: it reads what they committed. Deliveries are rows, so nothing is lost when an instance stops
//! (even by `kill -9`): a claim lapses and the delivery is sent again.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use tokio::sync::Semaphore;

use super::model::DeliveryStatus;
use super::repo::{self, Attempted, Claimed};
use super::send::{self, Message, Outcome};
use super::{fan_out, service};
use crate::config::webhooks::WebhookSettings;
use crate::db::{self, DbConn, DbPool};
use crate::error::ApiError;

/// Deliveries in flight per instance.
const IN_FLIGHT: usize = 16;

/// Multiples of `WEBHOOK_RETRY_BASE_MS` between attempts: with 5 s, the retries
/// come 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h and 12 h after the
/// attempt before (ten attempts over about 23 hours); then the delivery is `failed`.
const RETRY_STEPS: [u32; 9] = [1, 6, 24, 120, 360, 720, 2160, 4320, 8640];

/// The wait after failed attempt number `attempts` (1-based); none when the
/// retries ran out.
pub fn retry_delay(base: Duration, attempts: i32) -> Option<Duration> {
    let step = usize::try_from(attempts).ok()?.checked_sub(1)?;
    RETRY_STEPS.get(step).map(|m| base * *m)
}

/// Starts the dispatcher on the current runtime: the fan-out and the sender,
/// each every `poll`, apart, so that slow receivers never hold up the fan-out.
pub fn spawn(pool: DbPool, settings: WebhookSettings) {
    let http = match send::client(&settings) {
        Ok(http) => http,
        Err(e) => return log::error!("webhooks: no HTTP client, nothing will be delivered: {e}"),
    };
    let settings = Arc::new(settings);
    let (fan_pool, poll) = (pool.clone(), settings.poll);
    actix_web::rt::spawn(async move {
        let mut tick = every(poll);
        loop {
            tick.tick().await;
            match db::run(&fan_pool, fan_out::run).await {
                Ok(n) if n > 0 => log::debug!("webhooks: queued {n} deliveries"),
                Ok(_) => {}
                Err(e) => log::warn!("webhooks: fan-out failed: {e}"),
            }
        }
    });
    let slots = Arc::new(Semaphore::new(IN_FLIGHT));
    actix_web::rt::spawn(async move {
        let mut tick = every(poll);
        loop {
            tick.tick().await;
            send_due(&pool, &http, &settings, &slots).await;
        }
    });
}

fn every(poll: Duration) -> actix_web::rt::time::Interval {
    let mut tick = actix_web::rt::time::interval(poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tick
}

/// Sends what is due until nothing is: claims as many as there are free
/// slots (waiting for one when all are taken), each sent on its own task.
async fn send_due(
    pool: &DbPool,
    http: &reqwest::Client,
    settings: &Arc<WebhookSettings>,
    slots: &Arc<Semaphore>,
) {
    let lease = settings.timeout + Duration::from_secs(20);
    loop {
        let Ok(first) = slots.clone().acquire_owned().await else { return };
        let free = slots.available_permits() as i64 + 1;
        let Some(claimed) = claim(pool, lease, free).await else { return };
        let full = claimed.len() as i64 == free;
        let mut first = Some(first);
        for one in claimed {
            let slot = match first.take() {
                Some(slot) => slot,
                None => match slots.clone().acquire_owned().await {
                    Ok(slot) => slot,
                    Err(_) => return,
                },
            };
            let (pool, http, settings) = (pool.clone(), http.clone(), settings.clone());
            actix_web::rt::spawn(async move {
                deliver(&pool, &http, &settings, one).await;
                drop(slot);
            });
        }
        if !full {
            return;
        }
    }
}

/// Claims up to `free` due deliveries for `lease`; `None` (logged) if the
/// database failed.
async fn claim(pool: &DbPool, lease: Duration, free: i64) -> Option<Vec<Claimed>> {
    let claimed = db::run(pool, move |c| {
        let now = db::now();
        let until = now + chrono::Duration::from_std(lease).unwrap_or_default();
        db::write_tx(c, |c| Ok(repo::claim(c, now, until, free)?))
    })
    .await;
    claimed.map_err(|e| log::warn!("webhooks: claiming deliveries failed: {e}")).ok()
}

/// One attempt and its record.
async fn deliver(pool: &DbPool, http: &reqwest::Client, settings: &WebhookSettings, one: Claimed) {
    let d = &one.delivery;
    let msg = Message { url: &one.url, secret: &one.secret, id: &d.id, body: &d.payload };
    let outcome = send::attempt(http, msg).await;
    let (id, webhook, attempts) = (d.id.clone(), d.webhook_id.clone(), d.attempts + 1);
    let (base, disable_after) = (settings.retry_base, settings.disable_after);
    let recorded = db::run(pool, move |c| {
        db::write_tx(c, |c| record(c, &id, &webhook, attempts, &outcome, base, disable_after))
    })
    .await;
    if let Err(e) = recorded {
        log::warn!("webhooks: recording delivery {} failed: {e}", one.delivery.id);
    }
}

/// Writes an attempt's outcome; a subscription failing for `disable_after`
/// without a success is disabled with the reason.
fn record(
    c: &mut DbConn,
    id: &str,
    webhook: &str,
    attempts: i32,
    outcome: &Outcome,
    base: Duration,
    disable_after: Duration,
) -> Result<(), ApiError> {
    let now = db::now();
    let later = |d: Duration| now + chrono::Duration::from_std(d).unwrap_or_default();
    let next = if outcome.ok { None } else { retry_delay(base, attempts).map(later) };
    let status = match (outcome.ok, next) {
        (true, _) => DeliveryStatus::Delivered,
        (false, Some(_)) => DeliveryStatus::Pending,
        (false, None) => DeliveryStatus::Failed,
    };
    let attempt = Attempted {
        status,
        next_attempt_at: next,
        at: now,
        response_status: outcome.status.map(i32::from),
        duration_ms: i32::try_from(outcome.duration.as_millis()).unwrap_or(i32::MAX),
        error: outcome.error.as_deref(),
    };
    repo::attempted(c, id, attempt)?;
    if outcome.ok {
        return Ok(repo::not_failing(c, webhook)?);
    }
    match repo::failing_since(c, webhook, now)? {
        Some(since) if now >= since + chrono::Duration::from_std(disable_after).unwrap_or_default() => {
            disable(c, webhook, since)
        }
        _ => Ok(()),
    }
}

fn disable(c: &mut DbConn, webhook: &str, since: NaiveDateTime) -> Result<(), ApiError> {
    let reason = format!("every delivery failed since {} UTC", since.format("%Y-%m-%d %H:%M:%S"));
    log::warn!("webhooks: subscription {webhook} disabled: {reason}");
    service::disable(c, webhook, &reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_follow_the_documented_schedule() {
        let base = Duration::from_secs(5);
        let delays: Vec<u64> = (1..=9).filter_map(|n| retry_delay(base, n)).map(|d| d.as_secs()).collect();
        assert_eq!(delays, [5, 30, 120, 600, 1800, 3600, 10_800, 21_600, 43_200]);
        assert_eq!(retry_delay(base, 10), None);
        assert_eq!(retry_delay(base, 0), None);
        let total: u64 = delays.iter().sum();
        assert!(total > 22 * 3600 && total < 24 * 3600, "{total}");
    }
}
