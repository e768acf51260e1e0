//! The 2023 workshop data set (`seed/workshops-2023.json`), loaded on request.

use crate::db::DbPool;

/// Loads the demo data set into the database; loading twice adds nothing.
pub fn load(_pool: &DbPool) -> anyhow::Result<()> {
    anyhow::bail!("the demo data set is not available in this build yet")
}
