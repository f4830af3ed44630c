//! The one error type of key-file handling. Its Display gives the words BIND's tools print
//! after `Invalid keyfile K…: ` or `can't load K….key: ` (REFERENCE.md 2, 3, 4), so a tool
//! only adds its own prefix.

use std::fmt;
use std::path::PathBuf;

/// Why a key file could not be read or written (REFERENCE.md 1.1-1.3, 3 and 4 error tables).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyError {
    /// A file does not exist: `file not found`.
    NotFound(PathBuf),
    /// A `.key` file holds no record (empty or only comments): `end of file`.
    EndOfFile,
    /// Base64 that does not decode: `bad base64 encoding`.
    BadBase64,
    /// A `.private` with an unknown tag, a missing field, an unsupported format version or
    /// material of the wrong algorithm: `private key is invalid`.
    PrivateKeyInvalid,
    /// A `.key` whose record cannot be a key of this kind: `public key is invalid`.
    PublicKeyInvalid,
    /// A malformed date or token: `syntax error`.
    Syntax,
    /// The `.private` holds a different key than the `.key` (a check BIND does not make,
    /// QUIRK 15): `private key does not match public key`.
    KeyMismatch,
    /// The `.state` names another algorithm or size than the key (REFERENCE.md 1.3).
    StateMismatch,
    /// A file the caller asked not to overwrite exists already.
    Exists(PathBuf),
    /// A `.key` whose first token is not a name (`@`, `$TTL`), or whose fields are out of
    /// order (`IN 300`) or of another record type: `unexpected token`.
    UnexpectedToken,
    /// A `.key` holding a KEY record where a DNSKEY is needed, as every dnssec tool that
    /// reads keys requires: `bad key type`.
    BadKeyType,
    /// A problem inside the record text of a `.key` (`unbalanced parentheses`, `unexpected
    /// end of input`, `bad base64 encoding`), with where it was found; BIND also logs
    /// `dns_rdata_fromtext: FILE:LINE: ...` for these.
    Parse {
        /// BIND's words for the problem.
        message: String,
        /// The file and line.
        location: crate::error::Location,
    },
    /// A key file naming an algorithm BIND's tools do not load keys of (REFERENCE.md 0.4,
    /// [`crate::Algorithm::bind_supports`]): `algorithm is unsupported`.
    UnsupportedAlgorithm(crate::Algorithm),
    /// Any other I/O failure, with the system's description.
    Io(String),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::NotFound(_) => f.write_str("file not found"),
            KeyError::EndOfFile => f.write_str("end of file"),
            KeyError::BadBase64 => f.write_str("bad base64 encoding"),
            KeyError::PrivateKeyInvalid => f.write_str("private key is invalid"),
            KeyError::PublicKeyInvalid => f.write_str("public key is invalid"),
            KeyError::Syntax => f.write_str("syntax error"),
            KeyError::KeyMismatch => f.write_str("private key does not match public key"),
            KeyError::StateMismatch => f.write_str("key state does not match the key"),
            KeyError::Exists(p) => write!(f, "{} already exists", crate::error::path_text(p)),
            KeyError::UnexpectedToken => f.write_str("unexpected token"),
            KeyError::BadKeyType => f.write_str("bad key type"),
            KeyError::Parse { message, .. } => f.write_str(message),
            KeyError::UnsupportedAlgorithm(_) => f.write_str("algorithm is unsupported"),
            KeyError::Io(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for KeyError {}

impl KeyError {
    /// Maps an I/O error on `path` to BIND's wording (a missing file is `file not found`).
    pub fn from_io(err: &std::io::Error, path: &std::path::Path) -> KeyError {
        match err.kind() {
            std::io::ErrorKind::NotFound => KeyError::NotFound(path.to_path_buf()),
            std::io::ErrorKind::PermissionDenied => KeyError::Io("permission denied".to_string()),
            _ => KeyError::Io(err.to_string()),
        }
    }
}
