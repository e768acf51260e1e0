//! Files the service keeps beside its SQLite database: the generated JWT key and
//! the first admin's credentials. Both are created 0600 and never overwritten.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use base64::Engine;
use rand::RngCore;

/// Reads `jwt-secret` in `dir`, creating it (0600, random) the first time.
pub fn load_or_create(dir: &Path) -> anyhow::Result<Vec<u8>> {
    let path = dir.join("jwt-secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let key = existing.trim();
        anyhow::ensure!(
            key.len() >= 32,
            "{} is shorter than 32 bytes; delete it or set JWT_SECRET",
            path.display()
        );
        return Ok(key.as_bytes().to_vec());
    }
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    write_private(&path, key.as_bytes())?;
    log::warn!(
        "JWT_SECRET is not set: generated a signing key in {} (set JWT_SECRET when running several instances)",
        path.display()
    );
    Ok(key.into_bytes())
}

/// Writes a new file readable by its owner only; fails if it exists.
pub fn write_private(path: &Path, contents: &[u8]) -> anyhow::Result<PathBuf> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(contents).with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(b"\n")?;
    Ok(path.to_path_buf())
}
