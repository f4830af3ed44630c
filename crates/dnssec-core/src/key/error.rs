//! The one error type of key-file handling. Its Display gives the words BIND's tools print
//! after `Invalid keyfile K…: ` or `can't load K….key: ` (docs/bind-compat.md, "keygen",
//! "settime" and "dsfromkey"), so a tool only adds its own prefix.

use std::fmt;
use std::path::PathBuf;

/// Why a key file could not be read or written (docs/bind-compat.md, "key files: .key",
/// "key files: .private", "key files: .state", "settime" and "dsfromkey" error tables).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
    /// docs/bind-compat.md, "quirks" item 15): `private key does not match public key`.
    KeyMismatch,
    /// The `.state` names another algorithm or size than the key (docs/bind-compat.md,
    /// "key files: .state").
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
    /// A key file naming an algorithm BIND's tools do not load keys of (docs/bind-compat.md,
    /// "algorithms, digests and key sizes", [`crate::Algorithm::bind_supports`]):
    /// `algorithm is unsupported`.
    UnsupportedAlgorithm(crate::Algorithm),
    /// A calendar field outside its range in a key-file time stamp (BIND's words), or a time
    /// outside 1970..2106 that BIND would read as another date (docs/bind-compat.md, "keys:
    /// times, fields and checks"): `out of range`.
    OutOfRange,
    /// A `.state` record state that is not one of the four names: BIND says `not found`.
    UnknownState,
    /// A public key that is no point of its curve (RFC 6605 section 4): BIND's `crypto failure`.
    CryptoFailure,
    /// BIND's buffer for a key is full, `ran out of space`: an RSA `.private` whose modulus is
    /// over 4096 bits (512 octets; docs/bind-compat.md, "keys: RSA over 4096 bits"), or a key
    /// field over 1276 octets in a `.key` or a key file to be written (docs/bind-compat.md,
    /// "keys: key fields over 1276 octets").
    NoSpace,
    /// A key time that a key file cannot carry with its meaning (outside 1970..2106,
    /// docs/bind-compat.md, "keys: times, fields and checks"); refused before writing.
    TimeNotWritable {
        /// The `.private` tag (or `.state` name) of the time.
        field: &'static str,
        /// The time in seconds since the epoch.
        time: i64,
    },
    /// A problem at a line of a key file, with the field it was found in. Displays as BIND's
    /// words; [`KeyError::detail`] gives `FILE:LINE: FIELD: words` (the file is left empty by
    /// the text parsers and filled in by the loader, see [`KeyError::in_file`]).
    At {
        /// The file and line.
        location: crate::error::Location,
        /// The tag of the line (`Publish`, `Algorithm`, ...), when the line has one.
        field: Option<String>,
        /// The problem, in BIND's words.
        error: Box<KeyError>,
    },
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
            KeyError::OutOfRange => f.write_str("out of range"),
            KeyError::NoSpace => f.write_str("ran out of space"),
            KeyError::UnknownState => f.write_str("not found"),
            KeyError::CryptoFailure => f.write_str("crypto failure"),
            KeyError::TimeNotWritable { field, time } => write!(
                f,
                "{field} time {time} is outside 1970-2106 and cannot be written to a key file"
            ),
            // The fatal line keeps BIND's words; where they were found is in `detail`.
            KeyError::At { error, .. } => write!(f, "{error}"),
            KeyError::Io(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for KeyError {}

impl KeyError {
    /// Where the problem was found and what it is, `FILE:LINE: FIELD: words` (the field when
    /// the line has a tag), for the line a tool prints before BIND's fatal line (as BIND
    /// prints `FILE:LINE: ...` for zone-file problems; docs/bind-compat.md, "keys: times,
    /// fields and checks"). None for problems of a whole file.
    pub fn detail(&self) -> Option<String> {
        match self {
            KeyError::At {
                location,
                field,
                error,
            } => {
                let place = if location.file.is_empty() {
                    format!("line {}", location.line)
                } else {
                    location.to_string()
                };
                Some(match field {
                    Some(field) => format!("{place}: {field}: {error}"),
                    None => format!("{place}: {error}"),
                })
            }
            KeyError::Parse { message, location } => Some(format!("{location}: {message}")),
            _ => None,
        }
    }

    /// The problem itself, without the line and field an [`KeyError::At`] adds.
    pub fn kind(&self) -> &KeyError {
        match self {
            KeyError::At { error, .. } => error.kind(),
            other => other,
        }
    }

    /// `error` at `line` of a key file, in the line's `field` (the file is named later by
    /// [`KeyError::in_file`]).
    pub fn at_line(error: KeyError, line: usize, field: Option<&str>) -> KeyError {
        KeyError::At {
            location: crate::error::Location::new("", u32::try_from(line).unwrap_or(u32::MAX)),
            // A tag comes from the file: keep a bounded, printable prefix of it.
            field: field.map(|f| {
                f.chars()
                    .take(64)
                    .map(|c| if c.is_control() { '?' } else { c })
                    .collect()
            }),
            error: Box::new(error),
        }
    }

    /// Names `file` in a located error that does not name its file yet; other errors are
    /// returned as they are.
    pub fn in_file(self, file: &std::path::Path) -> KeyError {
        match self {
            KeyError::At {
                location,
                field,
                error,
            } if location.file.is_empty() => KeyError::At {
                // `./K…` is how a key without -K is found; the user named it `K…`.
                location: crate::error::Location::new(
                    file.strip_prefix("./")
                        .unwrap_or(file)
                        .to_string_lossy()
                        .as_ref(),
                    location.line,
                ),
                field,
                error,
            },
            other => other,
        }
    }

    /// Maps an I/O error on `path` to BIND's wording (a missing file is `file not found`).
    pub fn from_io(err: &std::io::Error, path: &std::path::Path) -> KeyError {
        match err.kind() {
            std::io::ErrorKind::NotFound => KeyError::NotFound(path.to_path_buf()),
            std::io::ErrorKind::PermissionDenied => KeyError::Io("permission denied".to_string()),
            _ => KeyError::Io(err.to_string()),
        }
    }
}
