//! What can be wrong with a raw zone file, always with the file and the byte offset where
//! the problem was found (raw files have no lines), and the short result text BIND ends its
//! `failed loading zone` message with.

use std::fmt;
use std::sync::Arc;

use crate::name::NameError;
use crate::rr::rdata::RdataError;
use crate::rr::{Class, RrType};
use crate::zonefile::ZoneErrorKind;

/// The kinds of raw-file errors (docs/bind-compat.md, "signzone: output formats and order"
/// layout).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RawErrorKind {
    /// The file could not be read.
    Io {
        /// The system's reason (`file not found`, ...).
        reason: String,
    },
    /// The file ends inside the header.
    ShortHeader {
        /// Octets the header needs.
        needed: usize,
        /// Octets the file has.
        found: usize,
    },
    /// The first word is not the raw format (for example a text zone file).
    NotRaw {
        /// The word found.
        format: u32,
    },
    /// A version other than 0 and 1.
    UnsupportedVersion(u32),
    /// The file ends inside an rdataset.
    Truncated {
        /// Octets the rdataset needs from its start.
        needed: u64,
        /// Octets left in the file from its start.
        left: u64,
    },
    /// An rdataset's total length is smaller than its fixed fields.
    LengthTooSmall(u32),
    /// An rdataset's fields do not use up its total length exactly.
    LengthMismatch {
        /// The declared total length.
        declared: u32,
        /// The octets its fields use.
        used: u64,
    },
    /// An rdataset with no rdata.
    NoRdata,
    /// The owner name is not a valid uncompressed wire name of the declared length.
    BadOwner(NameError),
    /// A type that cannot be zone data (0, OPT, the meta and question types).
    BadType(RrType),
    /// An rdata that does not fit its type (RFC 1035 section 3.3 and the type's RFC).
    BadRdata {
        /// The record type.
        rtype: RrType,
        /// Which rdata of the set (from 0).
        index: u32,
        /// Why.
        error: RdataError,
    },
    /// An RRSIG whose type-covered field differs from the rdataset's covered type.
    CoversMismatch {
        /// The rdataset's covered type.
        rdataset: RrType,
        /// The signature's type-covered field.
        signature: RrType,
    },
    /// A class other than the zone's.
    ClassMismatch {
        /// The class found.
        found: Class,
        /// The zone's class.
        zone: Class,
    },
    /// An SOA away from the origin: the file is for another zone.
    NotAtTop(String),
    /// The compact zone refused the data.
    Zone(ZoneErrorKind),
}

impl RawErrorKind {
    /// The short result text of BIND's `failed loading zone from 'F': ...` line for this
    /// kind (docs/bind-compat.md, "verify"), so that scripts matching it keep working.
    pub fn result_text(&self) -> String {
        match self {
            RawErrorKind::Io { reason } => reason.clone(),
            RawErrorKind::ShortHeader { .. } | RawErrorKind::Truncated { .. } => {
                "end of file".into()
            }
            RawErrorKind::NotRaw { .. } | RawErrorKind::UnsupportedVersion(_) => {
                "not implemented".into()
            }
            RawErrorKind::LengthTooSmall(_)
            | RawErrorKind::LengthMismatch { .. }
            | RawErrorKind::NoRdata => "out of range".into(),
            RawErrorKind::BadOwner(NameError::NameTooLong) => "name too long".into(),
            RawErrorKind::BadOwner(_) => "bad label type".into(),
            RawErrorKind::BadType(_) => "FORMERR".into(),
            RawErrorKind::BadRdata { .. } | RawErrorKind::CoversMismatch { .. } => {
                "bad rdata".into()
            }
            RawErrorKind::ClassMismatch { .. } => "bad class".into(),
            RawErrorKind::NotAtTop(_) => "not at top of zone".into(),
            RawErrorKind::Zone(ZoneErrorKind::CnameAndOtherData(_)) => {
                "CNAME and other data".into()
            }
            RawErrorKind::Zone(k) => k.to_string(),
        }
    }
}

impl fmt::Display for RawErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawErrorKind::Io { reason } => f.write_str(reason),
            RawErrorKind::ShortHeader { needed, found } => write!(
                f,
                "file too short for a raw header ({found} of {needed} octets)"
            ),
            RawErrorKind::NotRaw { .. } => f.write_str("file format mismatch (not raw)"),
            RawErrorKind::UnsupportedVersion(v) => {
                write!(f, "unsupported file format version ({v})")
            }
            RawErrorKind::Truncated { needed, left } => write!(
                f,
                "rdataset needs {needed} octets but the file has {left} left"
            ),
            RawErrorKind::LengthTooSmall(n) => {
                write!(f, "rdataset length {n} is smaller than its fixed fields")
            }
            RawErrorKind::LengthMismatch { declared, used } => write!(
                f,
                "rdataset length {declared} does not match the {used} octets of its fields"
            ),
            RawErrorKind::NoRdata => f.write_str("rdataset with no rdata"),
            RawErrorKind::BadOwner(e) => write!(f, "bad owner name: {e}"),
            RawErrorKind::BadType(t) => write!(f, "type {t} cannot be zone data"),
            RawErrorKind::BadRdata {
                rtype,
                index,
                error,
            } => write!(f, "{rtype} rdata {index}: {error}"),
            RawErrorKind::CoversMismatch {
                rdataset,
                signature,
            } => write!(
                f,
                "RRSIG rdataset covering {rdataset} holds a signature covering {signature}"
            ),
            RawErrorKind::ClassMismatch { found, zone } => {
                write!(f, "class '{found}' != zone class '{zone}'")
            }
            RawErrorKind::NotAtTop(owner) => write!(f, "{owner}: not at top of zone"),
            RawErrorKind::Zone(k) => write!(f, "{k}"),
        }
    }
}

/// A raw-file error: the file as named by the caller, the byte offset, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawError {
    /// The file name as given.
    pub file: Arc<str>,
    /// Offset from the start of the file of the field at fault.
    pub offset: u64,
    /// What went wrong.
    pub kind: RawErrorKind,
}

impl fmt::Display for RawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: offset {}: {}", self.file, self.offset, self.kind)
    }
}

impl std::error::Error for RawError {}

/// Something odd but harmless found while loading (BIND's wording where it has one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawWarning {
    /// The file name as given.
    pub file: Arc<str>,
    /// Offset of the rdataset concerned.
    pub offset: u64,
    /// The message.
    pub message: String,
    /// The rdataset's owner is outside the zone (BIND's loader: `ignoring out-of-zone
    /// data`), which a tool may count rather than print (docs/bind-compat.md, "signzone:
    /// operator experience", "Out-of-zone data").
    pub out_of_zone: bool,
}

impl fmt::Display for RawWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: offset {}: {}", self.file, self.offset, self.message)
    }
}
