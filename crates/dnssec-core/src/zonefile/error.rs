//! What can go wrong reading a zone file, always with the file and line (the shape of BIND's
//! `db.example:12: ...` messages), and the warnings BIND would print while loading.

use std::fmt;

use crate::error::Location;
use crate::name::NameError;
use crate::rr::rdata::RdataError;
use crate::rr::RrType;
use crate::zonefile::lexer::LexError;

/// The kinds of zone-file errors (RFC 1035 section 5 syntax and the zone rules of RFC 1034
/// section 3.6.2 / RFC 2181 section 10.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZoneErrorKind {
    /// Unbalanced parentheses or quotes.
    Lex(LexError),
    /// A TTL that is not a number with optional units.
    BadTtl(String),
    /// A token in type position that is no type.
    UnknownType(String),
    /// An owner name that is not valid.
    BadOwner {
        /// The text.
        text: String,
        /// Why.
        reason: NameError,
    },
    /// A relative name or `@` before any origin is known.
    NoOrigin,
    /// No TTL given, no `$TTL` and no earlier TTL (BIND: "no TTL specified").
    NoTtl,
    /// An entry without a type.
    MissingType,
    /// The rdata does not parse.
    Rdata {
        /// The record type.
        rtype: RrType,
        /// Why.
        error: RdataError,
    },
    /// A file could not be read (`$INCLUDE` or the zone file itself).
    Io {
        /// The path as given.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// An unknown `$` directive.
    UnknownDirective(String),
    /// A directive with bad or missing arguments.
    BadDirective {
        /// The directive.
        directive: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// `$INCLUDE` nested too deep (a loop).
    IncludeDepth,
    /// A class other than the zone's.
    ClassMismatch(String),
    /// A CNAME beside other data (RFC 1034 section 3.6.2, RFC 2181 section 10.1).
    CnameAndOtherData(String),
    /// More data than the compact zone can index (over 4 GiB of names or rdata).
    TooLarge,
}

impl fmt::Display for ZoneErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneErrorKind::Lex(e) => write!(f, "{e}"),
            ZoneErrorKind::BadTtl(t) => write!(f, "bad TTL '{t}'"),
            ZoneErrorKind::UnknownType(t) => write!(f, "unknown RR type '{t}'"),
            ZoneErrorKind::BadOwner { text, reason } => {
                write!(f, "bad owner name '{text}': {reason}")
            }
            ZoneErrorKind::NoOrigin => f.write_str("no current origin for relative name"),
            ZoneErrorKind::NoTtl => f.write_str("no TTL specified"),
            ZoneErrorKind::MissingType => f.write_str("unexpected end of line: missing type"),
            ZoneErrorKind::Rdata { rtype, error } => write!(f, "{rtype}: {error}"),
            ZoneErrorKind::Io { path, reason } => write!(f, "{path}: {reason}"),
            ZoneErrorKind::UnknownDirective(d) => write!(f, "unknown directive '{d}'"),
            ZoneErrorKind::BadDirective { directive, detail } => write!(f, "{directive}: {detail}"),
            ZoneErrorKind::IncludeDepth => f.write_str("$INCLUDE nested too deep"),
            ZoneErrorKind::ClassMismatch(c) => {
                write!(f, "class '{c}' does not match the zone class")
            }
            ZoneErrorKind::CnameAndOtherData(n) => write!(f, "{n}: CNAME and other data"),
            ZoneErrorKind::TooLarge => f.write_str("zone too large"),
        }
    }
}

/// A zone-file error: where, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneError {
    /// File and line, when the error comes from input text.
    pub location: Option<Location>,
    /// What went wrong.
    pub kind: ZoneErrorKind,
}

impl ZoneError {
    /// An error at a place in a file.
    pub fn at(location: Location, kind: ZoneErrorKind) -> ZoneError {
        ZoneError {
            location: Some(location),
            kind,
        }
    }
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for ZoneError {}

/// A warning BIND would print while loading (for example `using RFC1035 TTL semantics`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// File and line.
    pub location: Location,
    /// The message without the location.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}
