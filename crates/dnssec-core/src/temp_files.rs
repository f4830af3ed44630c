//! The temporary files this process has created and not yet renamed into place or removed.
//!
//! Every writer that puts a file in place through a temporary name (key files, the signed
//! zone, the dsset file) registers the temporary here, so a tool that is stopped by a
//! signal can remove them all before it exits: BIND's signer removes its temporary output
//! when interrupted (docs/bind-compat.md, "signzone: validity, limits and signals").
//!
//! One lock guards the list and every step that creates, renames or removes a registered
//! file, so [`remove_all`] never removes a path in the moment between a rename and its
//! deregistration, and never misses a file that was created but not yet listed.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the lock was held leaves a list that is still a list of paths.
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

fn unlist(list: &mut Vec<PathBuf>, path: &Path) {
    if let Some(i) = list.iter().position(|p| p == path) {
        list.swap_remove(i);
    }
}

/// Opens `path` with `options` (which must ask for `create_new`) and lists it when that
/// succeeds, as one step with respect to [`remove_all`].
pub fn create(path: &Path, options: &OpenOptions) -> io::Result<File> {
    let mut list = live();
    let file = options.open(path)?;
    list.push(path.to_path_buf());
    Ok(file)
}

/// Lists a file this process has just made under a temporary name by other means (a hard
/// link kept as a backup).
pub fn register(path: &Path) {
    live().push(path.to_path_buf());
}

/// Renames a listed temporary over `target` and takes it off the list, as one step.
pub fn rename(temp: &Path, target: &Path) -> io::Result<()> {
    let mut list = live();
    std::fs::rename(temp, target)?;
    unlist(&mut list, temp);
    Ok(())
}

/// Removes a listed file and takes it off the list (also when it is already gone).
pub fn remove(path: &Path) -> io::Result<()> {
    let mut list = live();
    unlist(&mut list, path);
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Takes a file off the list without touching it (it was linked into place under its
/// final name and the temporary name is removed by the caller, or it now belongs to the
/// user).
pub fn forget(path: &Path) {
    unlist(&mut live(), path);
}

/// Removes every listed file and empties the list; returns how many were removed. The lock
/// stays held afterwards until the caller's process exits, so no writer can make a new one
/// in between: callers exit right after.
pub fn remove_all() -> usize {
    let mut list = live();
    let mut removed = 0;
    for p in list.drain(..) {
        if std::fs::remove_file(&p).is_ok() {
            removed += 1;
        }
    }
    // Hold the lock for the rest of the process's life: a writer that wants to create or
    // rename a temporary now waits for the exit instead.
    std::mem::forget(list);
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_files_are_removed_and_renamed_ones_are_not() {
        let dir = std::env::temp_dir().join(format!("dnssec-core-temps-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.tmp");
        let b = dir.join("b.tmp");
        let target = dir.join("b");
        let mut o = OpenOptions::new();
        o.write(true).create_new(true);
        create(&a, &o).unwrap();
        create(&b, &o).unwrap();
        assert!(
            create(&a, &o).is_err(),
            "create_new refuses an existing file"
        );
        rename(&b, &target).unwrap();
        // Not remove_all (it keeps the lock for the rest of the process): remove one.
        assert!(live().contains(&a) && !live().contains(&b));
        remove(&a).unwrap();
        assert!(!a.exists() && target.exists() && live().iter().all(|p| !p.starts_with(&dir)));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
