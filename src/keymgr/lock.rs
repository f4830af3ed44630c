//! One run per key directory at a time: an exclusive lock on `keymgr.lock` in the key
//! directory, held until the run ends. std's `File::try_lock` (flock on Linux) does it
//! without a crate; the lock goes with the process, so a killed run leaves nothing stale.

use anyhow::{anyhow, Result};
use std::fs::{File, OpenOptions};
use std::path::Path;

/// The name of the lock file in the key directory.
pub(super) const LOCK_FILE: &str = "keymgr.lock";

/// Holds the lock while alive.
pub(super) struct DirLock {
    _file: File,
}

/// Takes the key directory's lock, or fails at once when another run holds it.
pub(super) fn lock(dir: &Path) -> Result<DirLock> {
    let path = dir.join(LOCK_FILE);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| anyhow!("{}: {e}", crate::cli::show(&path)))?;
    match file.try_lock() {
        Ok(()) => Ok(DirLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(anyhow!(
            "key directory {} is in use by another keymgr run",
            crate::cli::show(dir)
        )),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(anyhow!("{}: cannot lock: {e}", crate::cli::show(&path)))
        }
    }
}
