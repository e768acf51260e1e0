//! What every handler shares: the pool, the token service, the client cache.

use crate::auth::throttle::TokenGuard;
use crate::auth::{ClientStatusCache, TokenService};
use crate::db::DbPool;

pub struct AppState {
    pub pool: DbPool,
    pub tokens: TokenService,
    pub client_status: ClientStatusCache,
    /// Bounded secret checks and the failure limiter of the token endpoint.
    pub token_guard: TokenGuard,
    /// Results groups smaller than this are suppressed.
    pub min_group_size: i64,
    /// Webhook URLs may be `http` and point at private addresses (tests, local receivers).
    pub allow_insecure_webhooks: bool,
}
