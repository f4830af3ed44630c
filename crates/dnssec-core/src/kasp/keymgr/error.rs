//! What can stop the key manager, each with the file it concerns (docs/bind-compat.md,
//! "keymgr: the key manager").

use crate::crypto::CryptoError;
use crate::key::KeyError;
use std::fmt;
use std::path::PathBuf;

/// Why a key manager run, checkds or rollover failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum KeymgrError {
    /// A key file could not be read or written.
    Key {
        /// The file (or base name) concerned.
        path: PathBuf,
        /// What went wrong.
        error: KeyError,
    },
    /// The key directory could not be listed.
    Directory {
        /// The directory.
        path: PathBuf,
        /// What went wrong.
        error: KeyError,
    },
    /// Key generation failed.
    Generate(CryptoError),
    /// No fresh key tag could be found.
    TagsExhausted,
    /// checkds/rollover without `-key` found several candidate keys (BIND's words).
    MultipleKeys,
    /// checkds/rollover found no key to act on.
    NoKeyMatch,
    /// rollover of a key that is not active yet (BIND's words).
    NotActivelySigning,
    /// A purged key's file could not be removed.
    Remove {
        /// The file.
        path: PathBuf,
        /// The system's words.
        error: String,
    },
}

impl fmt::Display for KeymgrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // A problem at a line names that file and line itself.
            KeymgrError::Key { path, error } => match error.detail() {
                Some(detail) => f.write_str(&detail),
                None => write!(f, "{}: {error}", crate::error::path_text(path)),
            },
            KeymgrError::Directory { path, error } => {
                write!(
                    f,
                    "key directory {}: {error}",
                    crate::error::path_text(path)
                )
            }
            KeymgrError::Generate(e) => write!(f, "failed to generate key: {e}"),
            KeymgrError::TagsExhausted => f.write_str("failed to find an unused key tag"),
            KeymgrError::MultipleKeys => {
                f.write_str("multiple possible keys found, retry command with -key id")
            }
            KeymgrError::NoKeyMatch => f.write_str("no matching key found"),
            KeymgrError::NotActivelySigning => f.write_str("key is not actively signing"),
            KeymgrError::Remove { path, error } => {
                write!(
                    f,
                    "cannot remove {}: {error}",
                    crate::error::path_text(path)
                )
            }
        }
    }
}

impl std::error::Error for KeymgrError {}
