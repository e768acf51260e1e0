//! Guards for the token endpoint: secret checks (argon2, deliberately slow) run
//! on a bounded number of threads and never while a database connection is held,
//! and failures are rate-limited per client id and per source address, so that a
//! flood of wrong secrets cannot starve the rest of the API.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

/// Failed attempts allowed per key and minute before `429`.
pub const FAILURES_PER_MINUTE: u32 = 10;

/// How long a request waits for a free secret checker before `503`.
const CHECK_WAIT: Duration = Duration::from_secs(3);

/// Keys whose limiter entries are kept before stale ones are forgotten.
const MAX_KEYS: usize = 100_000;

/// What a failure is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    Client(String),
    Address(IpAddr),
}

/// The token endpoint's failure limiter and secret-check pool.
pub struct TokenGuard {
    failures: DefaultKeyedRateLimiter<Key>,
    blocked: Mutex<std::collections::HashMap<Key, Instant>>,
    checkers: Semaphore,
}

impl Default for TokenGuard {
    fn default() -> Self {
        Self::new(FAILURES_PER_MINUTE)
    }
}

impl TokenGuard {
    pub fn new(failures_per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(failures_per_minute).unwrap_or(NonZeroU32::MIN);
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self {
            failures: RateLimiter::keyed(Quota::per_minute(per_minute)),
            blocked: Mutex::default(),
            checkers: Semaphore::new(cores),
        }
    }

    /// Seconds to wait if any of `keys` failed too often lately.
    pub fn retry_after(&self, keys: &[Key]) -> Option<u64> {
        let mut blocked = self.blocked.lock().ok()?;
        let now = Instant::now();
        blocked.retain(|_, until| *until > now);
        keys.iter().filter_map(|k| blocked.get(k)).max().map(|until| (*until - now).as_secs() + 1)
    }

    /// Counts a failed attempt; returns the seconds to wait if a key is now over its limit.
    pub fn failed(&self, keys: &[Key]) -> Option<u64> {
        if self.failures.len() > MAX_KEYS {
            self.failures.retain_recent();
            self.failures.shrink_to_fit();
        }
        let clock = DefaultClock::default();
        let mut wait = None;
        for key in keys {
            if let Err(not_until) = self.failures.check_key(key) {
                let pause = not_until.wait_time_from(clock.now());
                if let Ok(mut blocked) = self.blocked.lock() {
                    blocked.insert(key.clone(), Instant::now() + pause);
                }
                wait = Some(wait.unwrap_or(0).max(pause.as_secs() + 1));
            }
        }
        wait
    }

    /// Runs the secret check `f` on a thread of its own, at most one per core at a
    /// time; `None` if no checker came free within a few seconds.
    pub async fn check<F>(&self, f: F) -> Option<bool>
    where
        F: FnOnce() -> bool + Send + 'static,
    {
        let _permit = actix_web::rt::time::timeout(CHECK_WAIT, self.checkers.acquire()).await.ok()?.ok()?;
        // A thread of its own, not the blocking pool: that pool has as many
        // threads as database connections, and a hash there held up database
        // work (seen: the event list's p99 under a token flood 9 → 25 ms).
        let (done, result) = tokio::sync::oneshot::channel();
        std::thread::Builder::new().name("secret-check".into()).spawn(move || done.send(f())).ok()?;
        result.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleventh_failure_in_a_minute_is_refused_and_blocks_the_key() {
        let guard = TokenGuard::new(10);
        let key = [Key::Client("c".into())];
        for _ in 0..10 {
            assert_eq!(guard.failed(&key), None);
        }
        assert!(guard.retry_after(&key).is_none());
        assert!(guard.failed(&key).is_some_and(|s| (1..=7).contains(&s)));
        assert!(guard.retry_after(&key).is_some());
        assert!(guard.retry_after(&[Key::Client("other".into())]).is_none());
    }
}
