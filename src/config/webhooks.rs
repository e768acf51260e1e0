//! Webhook delivery settings.

use std::time::Duration;

use anyhow::bail;
use clap::Args;

#[derive(Args, Debug, Clone)]
pub struct WebhookArgs {
    /// Allow `http` webhook URLs and loopback, private and link-local receivers
    /// (local receivers and tests only; never on a shared network).
    #[arg(long, env = "WEBHOOK_ALLOW_INSECURE", default_value_t = false, action = clap::ArgAction::Set)]
    pub webhook_allow_insecure: bool,
    /// The first retry's delay in milliseconds; later ones are multiples of it
    /// (5 s: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h).
    #[arg(long, env = "WEBHOOK_RETRY_BASE_MS", default_value_t = 5000)]
    pub webhook_retry_base_ms: u64,
    /// A subscription failing for this many seconds without a success is disabled.
    #[arg(long, env = "WEBHOOK_DISABLE_AFTER_SECONDS", default_value_t = 86_400)]
    pub webhook_disable_after_seconds: u64,
}

/// How webhooks are delivered.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    pub allow_insecure: bool,
    pub retry_base: Duration,
    pub disable_after: Duration,
    /// How often the dispatcher looks for new changes and due deliveries.
    pub poll: Duration,
    /// How long one delivery may take.
    pub timeout: Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allow_insecure: false,
            retry_base: Duration::from_secs(5),
            disable_after: Duration::from_secs(86_400),
            poll: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
        }
    }
}

impl WebhookSettings {
    pub fn from_args(args: &WebhookArgs) -> anyhow::Result<Self> {
        if !(10..=3_600_000).contains(&args.webhook_retry_base_ms) {
            bail!("WEBHOOK_RETRY_BASE_MS must be between 10 and 3600000");
        }
        if !(1..=30 * 86_400).contains(&args.webhook_disable_after_seconds) {
            bail!("WEBHOOK_DISABLE_AFTER_SECONDS must be between 1 and 2592000");
        }
        Ok(Self {
            allow_insecure: args.webhook_allow_insecure,
            retry_base: Duration::from_millis(args.webhook_retry_base_ms),
            disable_after: Duration::from_secs(args.webhook_disable_after_seconds),
            ..Self::default()
        })
    }
}
