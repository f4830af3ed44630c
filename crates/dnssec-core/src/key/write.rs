//! Writing key files safely (docs/bind-compat.md, "key files: names, modes and lookup"): each
//! file goes to a temporary file in the same directory, is flushed to disk and renamed over the
//! target, so a reader never sees a half-written key. `.private` files get mode 0600, `.key`
//! and `.state` 0644.
//!
//! [`write_file_set`] writes several files (a key's `.key`, `.private` and `.state`) so that
//! a failure part-way leaves every old file as it was: all temporaries are written first,
//! the old files are kept under backup names until every rename has succeeded, and put back
//! if one fails.

use super::error::KeyError;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The mode of `.private` files (docs/bind-compat.md, "key files: names, modes and lookup").
pub const PRIVATE_MODE: u32 = 0o600;
/// The mode of `.key` and `.state` files (docs/bind-compat.md,
/// "key files: names, modes and lookup").
pub const PUBLIC_MODE: u32 = 0o644;

/// Whether an existing target may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    /// Replace existing files (settime rewriting a key).
    Allow,
    /// Fail with [`KeyError::Exists`] if any target exists (keygen, revoke without `-f`).
    Refuse,
}

/// One file to write.
#[derive(Clone, Debug)]
pub struct PendingFile {
    /// Where it goes.
    pub path: PathBuf,
    /// Its full contents.
    pub contents: Vec<u8>,
    /// Its permission bits.
    pub mode: u32,
}

/// A file whose permissions changed because an existing file was replaced, for the warning
/// `Permissions on the file X have changed from 0644 to 0600 as a result of this operation.`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModeChange {
    /// The file.
    pub path: PathBuf,
    /// Its permission bits before.
    pub old: u32,
    /// Its permission bits now.
    pub new: u32,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn io_err(err: std::io::Error, path: &Path) -> KeyError {
    KeyError::from_io(&err, path)
}

/// Creates `<target>.XXXXXX` beside the target with `mode`, writes and syncs `contents`.
fn write_temp(target: &Path, contents: &[u8], mode: u32) -> Result<PathBuf, KeyError> {
    let name = target
        .file_name()
        .ok_or_else(|| KeyError::Io("not a file name".to_string()))?;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let suffix =
            (std::process::id() ^ nanos.rotate_left(7) ^ n.wrapping_mul(0x9e37_79b9)) % 0x100_0000;
        let mut temp_name = name.to_os_string();
        temp_name.push(format!(".{suffix:06x}"));
        let temp = target.with_file_name(temp_name);
        // Listed so that a tool stopped by a signal removes it (crate::temp_files).
        let file = crate::temp_files::create(
            &temp,
            OpenOptions::new().write(true).create_new(true).mode(mode),
        );
        let mut file = match file {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_err(e, &temp)),
        };
        let result = (|| {
            // The umask may have narrowed the mode; set it exactly.
            file.set_permissions(fs::Permissions::from_mode(mode))?;
            file.write_all(contents)?;
            file.sync_all()
        })();
        return match result {
            Ok(()) => Ok(temp),
            Err(e) => {
                let _ = crate::temp_files::remove(&temp);
                Err(io_err(e, target))
            }
        };
    }
    Err(KeyError::Io("cannot create a temporary file".to_string()))
}

fn sync_dir(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes one file atomically with `mode`, replacing an existing file only if `overwrite`
/// allows it (with [`Overwrite::Refuse`] the check and the placement are one atomic step).
#[cfg(test)]
fn write_atomic(
    path: &Path,
    contents: &[u8],
    mode: u32,
    overwrite: Overwrite,
) -> Result<Option<ModeChange>, KeyError> {
    let mut changes = write_file_set(
        &[PendingFile {
            path: path.to_path_buf(),
            contents: contents.to_vec(),
            mode,
        }],
        overwrite,
    )?;
    Ok(changes.pop())
}

/// Writes all `files` or none of them (see the module comment). Returns the permission
/// changes of replaced files.
pub fn write_file_set(
    files: &[PendingFile],
    overwrite: Overwrite,
) -> Result<Vec<ModeChange>, KeyError> {
    if overwrite == Overwrite::Refuse {
        if let Some(existing) = files.iter().find(|f| f.path.symlink_metadata().is_ok()) {
            return Err(KeyError::Exists(existing.path.clone()));
        }
    }
    let mut temps: Vec<PathBuf> = Vec::with_capacity(files.len());
    let cleanup = |temps: &[PathBuf]| {
        for t in temps {
            let _ = crate::temp_files::remove(t);
        }
    };
    for f in files {
        match write_temp(&f.path, &f.contents, f.mode) {
            Ok(t) => temps.push(t),
            Err(e) => {
                cleanup(&temps);
                return Err(e);
            }
        }
    }
    let mut changes = Vec::new();
    // (target, backup of the old file if there was one)
    let mut placed: Vec<(PathBuf, Option<PathBuf>)> = Vec::with_capacity(files.len());
    let mut failure = None;
    for (f, temp) in files.iter().zip(&temps) {
        let old_mode = fs::metadata(&f.path)
            .ok()
            .map(|m| m.permissions().mode() & 0o7777);
        let step = if overwrite == Overwrite::Refuse {
            // hard_link refuses to replace, so a file that appeared since the check survives.
            fs::hard_link(temp, &f.path).map(|_| None).map_err(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    KeyError::Exists(f.path.clone())
                } else {
                    io_err(e, &f.path)
                }
            })
        } else {
            backup(&f.path).and_then(|b| match crate::temp_files::rename(temp, &f.path) {
                Ok(()) => Ok(b),
                Err(e) => {
                    if let Some(b) = &b {
                        let _ = crate::temp_files::remove(b);
                    }
                    Err(io_err(e, &f.path))
                }
            })
        };
        match step {
            Ok(b) => {
                placed.push((f.path.clone(), b));
                if let Some(old) = old_mode.filter(|&m| m != f.mode) {
                    changes.push(ModeChange {
                        path: f.path.clone(),
                        old,
                        new: f.mode,
                    });
                }
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    if let Some(e) = failure {
        for (target, b) in placed.iter().rev() {
            match b {
                Some(b) => {
                    let _ = crate::temp_files::rename(b, target);
                }
                None => {
                    let _ = fs::remove_file(target);
                }
            }
        }
        cleanup(&temps);
        return Err(e);
    }
    for (_, b) in &placed {
        if let Some(b) = b {
            let _ = crate::temp_files::remove(b);
        }
    }
    if overwrite == Overwrite::Refuse {
        cleanup(&temps);
    }
    if let Some(f) = files.first() {
        sync_dir(&f.path);
    }
    Ok(changes)
}

/// Keeps a hard link to the current file under a temporary name, so it can be put back.
fn backup(path: &Path) -> Result<Option<PathBuf>, KeyError> {
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    for i in 0..100u32 {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".old{}-{i}", std::process::id()));
        let b = path.with_file_name(name);
        match fs::hard_link(path, &b) {
            Ok(()) => {
                // A second name of the old file: removed with the temporaries on a signal.
                crate::temp_files::register(&b);
                return Ok(Some(b));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io_err(e, path)),
        }
    }
    Err(KeyError::Io("cannot back up a key file".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("dnssec-core-write-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn modes_and_refusal() {
        let dir = scratch("modes");
        let private = dir.join("K.private");
        let key = dir.join("K.key");
        write_atomic(&private, b"secret", PRIVATE_MODE, Overwrite::Refuse).unwrap();
        write_atomic(&key, b"public", PUBLIC_MODE, Overwrite::Refuse).unwrap();
        assert_eq!(mode(&private), 0o600);
        assert_eq!(mode(&key), 0o644);
        assert_eq!(
            write_atomic(&key, b"again", PUBLIC_MODE, Overwrite::Refuse),
            Err(KeyError::Exists(key.clone()))
        );
        assert_eq!(fs::read(&key).unwrap(), b"public");
        fs::set_permissions(&private, fs::Permissions::from_mode(0o644)).unwrap();
        let change = write_atomic(&private, b"new secret", PRIVATE_MODE, Overwrite::Allow).unwrap();
        assert_eq!(
            change,
            Some(ModeChange {
                path: private.clone(),
                old: 0o644,
                new: 0o600
            })
        );
        assert_eq!(fs::read(&private).unwrap(), b"new secret");
        assert_eq!(mode(&private), 0o600);
        // nothing but the two files is left behind
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// New contents for `a` and `b` and a third file at `third`, whose writing is made to fail.
    fn new_set(a: &Path, b: &Path, third: PathBuf) -> [PendingFile; 3] {
        let file = |path: PathBuf, contents: &[u8], mode| PendingFile {
            path,
            contents: contents.to_vec(),
            mode,
        };
        [
            file(a.to_path_buf(), b"new a", PUBLIC_MODE),
            file(b.to_path_buf(), b"new b", PRIVATE_MODE),
            file(third, b"x", PUBLIC_MODE),
        ]
    }

    #[test]
    fn failed_set_leaves_old_files() {
        let dir = scratch("set");
        let a = dir.join("Ka.key");
        let b = dir.join("Ka.private");
        fs::write(&a, b"old a").unwrap();
        fs::write(&b, b"old b").unwrap();
        // the third target's directory does not exist, so its temporary cannot be made
        let files = new_set(&a, &b, dir.join("missing/Ka.state"));
        assert!(write_file_set(&files, Overwrite::Allow).is_err());
        assert_eq!(fs::read(&a).unwrap(), b"old a");
        assert_eq!(fs::read(&b).unwrap(), b"old b");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
        // a directory where a target should go makes the rename fail after others succeeded
        fs::create_dir(dir.join("Ka.state")).unwrap();
        fs::write(dir.join("Ka.state/inside"), b"").unwrap();
        let files = new_set(&a, &b, dir.join("Ka.state"));
        assert!(write_file_set(&files, Overwrite::Allow).is_err());
        assert_eq!(fs::read(&a).unwrap(), b"old a");
        assert_eq!(fs::read(&b).unwrap(), b"old b");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 3);
        let ok = &files[..2];
        write_file_set(ok, Overwrite::Allow).unwrap();
        assert_eq!(fs::read(&a).unwrap(), b"new a");
        assert_eq!(fs::read(&b).unwrap(), b"new b");
        fs::remove_dir_all(&dir).unwrap();
    }
}
