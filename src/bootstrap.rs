//! The first admin: on first start of an empty database an admin client is
//! created and its credentials written once to a 0600 file; the log says where.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::auth::Role;
use crate::clients::{repo, service};
use crate::config::keyfile;
use crate::db::{self, DbPool};

/// Creates the first admin if there are no clients at all; returns the file written.
pub fn first_admin(pool: &DbPool, data_dir: &Path) -> anyhow::Result<Option<PathBuf>> {
    let mut conn = pool.get().context("no database connection")?;
    let created = db::write_tx(&mut conn, |c| {
        if repo::count(c)? > 0 {
            return Ok(None);
        }
        service::create(c, "bootstrap", "initial-admin", Role::Admin, None).map(Some)
    })
    .map_err(|e| anyhow::anyhow!("cannot create the first admin client: {e}"))?;
    let Some(creds) = created else { return Ok(None) };
    let json = serde_json::json!({"client_id": creds.client.client_id, "client_secret": creds.client_secret});
    let mut path = data_dir.join("initial-admin.json");
    if path.exists() {
        path = data_dir.join(format!("initial-admin-{}.json", creds.client.client_id));
    }
    let written = keyfile::write_private(&path, serde_json::to_string_pretty(&json)?.as_bytes())?;
    log::warn!(
        "created the first admin client {}; its credentials are in {} (readable by this user only): \
         move them somewhere safe and delete the file",
        creds.client.client_id,
        written.display()
    );
    Ok(Some(written))
}
