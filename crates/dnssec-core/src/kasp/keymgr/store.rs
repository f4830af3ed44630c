//! The key manager's files (docs/bind-compat.md, "keymgr: the key manager", files): the
//! zone's keys read from the key directory in file-name order, changed keys written
//! atomically, purged keys' files removed.

use super::error::KeymgrError;
use super::model::ManagedKey;
use super::step::KeyMaker;
use crate::algorithm::Algorithm;
use crate::key::{list_zone_keys, FormatVersion, Key, KeyPath, KeyTagIndex, Overwrite};
use crate::name::Name;
use crate::rr::Dnskey;
use chrono::TimeZone;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Reads every key of `zone` in `dir` whose `.private` is there, in file-name order (BIND
/// takes directory order, which is unspecified; docs/bind-compat.md, "keymgr: the key
/// manager"). Keys in the old v1.2 format, which cannot carry timing metadata, are skipped
/// as BIND skips them.
pub fn load_keys(dir: &Path, zone: &Name) -> Result<Vec<ManagedKey>, KeymgrError> {
    let paths = list_zone_keys(dir, zone).map_err(|error| KeymgrError::Directory {
        path: dir.to_path_buf(),
        error,
    })?;
    load_key_paths(&paths)
}

/// As [`load_keys`], from the zone's key paths already listed (by
/// [`crate::key::index_zone_keys`] when many zones share a directory).
pub fn load_key_paths(paths: &[KeyPath]) -> Result<Vec<ManagedKey>, KeymgrError> {
    let mut keys = Vec::with_capacity(paths.len());
    for path in paths {
        let key = Key::load_path(path).map_err(|error| KeymgrError::Key {
            path: path.file("private"),
            error,
        })?;
        if key.version < FormatVersion::V1_3 {
            continue;
        }
        keys.push(ManagedKey::new(key));
    }
    Ok(keys)
}

/// Writes every changed key's three files (new keys never replace a file) and removes the
/// files of purged keys. Returns the files written and removed. Comments in `tz`.
pub fn store_keys<Tz: TimeZone>(
    dir: &Path,
    keys: &mut [ManagedKey],
    tz: &Tz,
) -> Result<Vec<PathBuf>, KeymgrError>
where
    Tz::Offset: fmt::Display,
{
    let mut touched = Vec::new();
    for k in keys.iter_mut() {
        let base = KeyPath::new(dir, k.key.basename());
        if k.purged {
            for ext in ["key", "private", "state"] {
                let path = base.file(ext);
                match std::fs::remove_file(&path) {
                    Ok(()) => touched.push(path),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(KeymgrError::Remove {
                            path,
                            error: e.to_string(),
                        })
                    }
                }
            }
            continue;
        }
        if !k.modified {
            continue;
        }
        let overwrite = if k.created {
            Overwrite::Refuse
        } else {
            Overwrite::Allow
        };
        let (written, _) =
            k.key
                .write_in(dir, overwrite, tz)
                .map_err(|error| KeymgrError::Key {
                    path: base.file("key"),
                    error,
                })?;
        k.modified = false;
        k.created = false;
        touched.extend(written);
    }
    Ok(touched)
}

/// Fresh random keys for a zone, steering clear of tags used by key files in the key
/// directory (as keygen does, docs/bind-compat.md, "keygen").
pub struct FreshKeys {
    owner: Name,
    dir: PathBuf,
    taken: HashMap<Algorithm, KeyTagIndex>,
}

impl FreshKeys {
    /// Keys for `owner`, checked against the files in `dir`.
    pub fn new(owner: Name, dir: &Path) -> FreshKeys {
        FreshKeys {
            owner,
            dir: dir.to_path_buf(),
            taken: HashMap::new(),
        }
    }
}

impl KeyMaker for FreshKeys {
    fn make(&mut self, algorithm: Algorithm, bits: u32, flags: u16) -> Result<Key, KeymgrError> {
        if !self.taken.contains_key(&algorithm) {
            let index = KeyTagIndex::scan(&self.dir, &self.owner, algorithm).map_err(|error| {
                KeymgrError::Directory {
                    path: self.dir.clone(),
                    error,
                }
            })?;
            self.taken.insert(algorithm, index);
        }
        let size = algorithm.is_rsa().then_some(bits);
        Key::generate(self.owner.clone(), algorithm, size, flags).map_err(KeymgrError::Generate)
    }

    fn reserved(&self, candidate: &Dnskey) -> bool {
        self.taken
            .get(&candidate.algorithm)
            .is_some_and(|t| t.collides(candidate))
    }
}
