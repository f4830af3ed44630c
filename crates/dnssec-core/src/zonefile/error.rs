//! What can go wrong reading a zone file, always with the file and line (the shape of BIND's
//! `db.example:12: ...` messages), and the warnings BIND would print while loading. The
//! errors say what is wrong in our words; `bind_report` turns the same values into the lines
//! BIND's loader prints.

use std::fmt;

use crate::error::Location;
use crate::name::NameError;
use crate::rr::rdata::LexError;
use crate::rr::rdata::RdataError;
use crate::rr::{Class, RrType};

/// What the rdata parser would have read next when it failed: the reader needs it to say
/// where the failure was (BIND's `near 'TOKEN'`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Near {
    /// A bare token.
    Token(String),
    /// A quoted string.
    Quoted,
    /// The end of the entry's line.
    EndOfLine,
    /// The end of the file (a last line without a newline).
    EndOfFile,
    /// Nothing could be read (the input could not be tokenized).
    Nothing,
}

/// Why a `$GENERATE` directive could not be expanded (BIND's extension;
/// the checks are listed in docs/bind-compat.md, "zone reader: limits and $GENERATE").
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GenerateError {
    /// A range that is not `start-stop[/step]` with start <= stop, step >= 1 and no value
    /// above 2^31-1 (BIND: "invalid range").
    BadRange(String),
    /// A `${offset,width,base}` modifier that does not parse (BIND: "syntax error").
    BadModifier(String),
    /// Counter plus offset outside a 32-bit signed integer (BIND: "out of range").
    OutOfRange,
    /// A modifier width above 127 (BIND: "ran out of space").
    NoSpace,
    /// More lines than the reader was configured to accept from one directive
    /// ([`Reader::with_generate_limit`](super::Reader::with_generate_limit)).
    TooManyLines {
        /// The configured limit.
        limit: u64,
    },
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::BadRange(r) => write!(f, "invalid range '{r}'"),
            GenerateError::BadModifier(m) => write!(f, "bad modifier '{m}'"),
            GenerateError::OutOfRange => f.write_str("out of range"),
            GenerateError::NoSpace => f.write_str("ran out of space"),
            GenerateError::TooManyLines { limit } => {
                write!(f, "range makes more than {limit} records")
            }
        }
    }
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IoFailure {
    /// It does not exist.
    NotFound,
    /// The system refused to open it.
    PermissionDenied,
    /// It is a directory: BIND's lexer opens it and then finds it is not a file.
    NotAFile,
    /// Anything else, in the system's words.
    Other(String),
}

impl fmt::Display for IoFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IoFailure::NotFound => f.write_str("file not found"),
            IoFailure::PermissionDenied => f.write_str("permission denied"),
            IoFailure::NotAFile => f.write_str("not a file"),
            IoFailure::Other(s) => f.write_str(s),
        }
    }
}

impl From<&std::io::Error> for IoFailure {
    fn from(e: &std::io::Error) -> IoFailure {
        match e.kind() {
            std::io::ErrorKind::NotFound => IoFailure::NotFound,
            std::io::ErrorKind::PermissionDenied => IoFailure::PermissionDenied,
            std::io::ErrorKind::IsADirectory => IoFailure::NotAFile,
            _ => IoFailure::Other(e.to_string()),
        }
    }
}

/// The kinds of zone-file errors (RFC 1035 section 5 syntax and the zone rules of RFC 1034
/// section 3.6.2 / RFC 2181 section 10.1).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ZoneErrorKind {
    /// Unbalanced parentheses or quotes where an owner, TTL, class, type or directive
    /// argument was being read. `fault_line` is where the lexer was when it noticed.
    Lex {
        /// What went wrong.
        error: LexError,
        /// The line the lexer had reached.
        fault_line: u32,
    },
    /// A `$TTL` value that is not a number with optional units (RFC 2308 section 4).
    BadTtl(String),
    /// A token in type position that is no type (after trying it as TTL and class).
    UnknownType(String),
    /// A quoted string where a TTL, class or type belongs.
    QuotedField,
    /// An owner name (or a `$ORIGIN`/`$INCLUDE` origin) that is not valid.
    BadOwner {
        /// The text.
        text: String,
        /// Why.
        reason: NameError,
    },
    /// A relative name or `@` before any origin is known.
    NoOrigin,
    /// A record that begins with whitespace before any owner was given.
    NoOwner,
    /// No TTL given, no `$TTL` and no earlier TTL (BIND: "no TTL specified").
    NoTtl,
    /// An entry or directive that ends before its type or arguments.
    UnexpectedEnd {
        /// True when the file ended (without a newline) rather than the line.
        at_eof: bool,
    },
    /// Arguments left over after a directive's last one.
    ExtraTokens,
    /// The rdata does not parse. The location's line is where the parser had got to.
    Rdata {
        /// The record type.
        rtype: RrType,
        /// Why.
        error: RdataError,
        /// What came next.
        near: Near,
    },
    /// A file could not be read (`$INCLUDE` or the zone file itself).
    Io {
        /// The path as given.
        path: String,
        /// Why.
        reason: IoFailure,
    },
    /// An unknown `$` directive.
    UnknownDirective(String),
    /// A `$GENERATE` that cannot be expanded.
    Generate(GenerateError),
    /// An error in a record that `$GENERATE` made; the location is the directive's.
    InGenerate(Box<ZoneErrorKind>),
    /// `$INCLUDE` nested too deep (a loop).
    IncludeDepth,
    /// A NUL octet outside quotes where the loader wanted an owner, TTL, class, type or a
    /// directive's argument: BIND's lexer hands it back as a token of its own, and its
    /// loader reports a syntax error (docs/bind-compat.md, "zone reader: NUL octets").
    UnexpectedNul,
    /// A class other than the zone's.
    ClassMismatch {
        /// The class as written.
        found: String,
        /// The zone's class.
        zone: Class,
    },
    /// A CNAME beside other data (RFC 1034 section 3.6.2, RFC 2181 section 10.1); the name
    /// is written without its final dot, as BIND writes it.
    CnameAndOtherData(String),
    /// Two different records of a type that allows one per name (SOA, CNAME, DNAME:
    /// RFC 1035 section 5.2, RFC 2181 section 10.1, RFC 6672 section 2.4).
    MultipleSingleton(String),
    /// An SOA away from the zone's origin (RFC 1035 section 5.2): the file is for another
    /// zone, or `-o` names the wrong one.
    NotAtTop(String),
    /// More data than the compact zone can index (over 4 GiB of names or rdata).
    TooLarge,
    /// An entry of a source that is not a regular file (a pipe, a device) ran past
    /// [`reader::MAX_STREAM_ENTRY`](super::reader::MAX_STREAM_ENTRY) octets without
    /// ending: endless input such as `/dev/zero` is refused at that point.
    EntryTooLong {
        /// The limit in octets.
        limit: usize,
    },
    /// One rdata too large for BIND's rdataset (over 65,512 octets; docs/bind-compat.md,
    /// "zone reader: limits and $GENERATE"): it could never be served.
    RdataTooLarge,
    /// An RRset whose rdata (each counted with its 2-octet length) exceed 65,512 octets,
    /// where BIND's loader refuses it; the name is written without its final dot.
    RrsetTooLarge(String),
}

impl fmt::Display for ZoneErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneErrorKind::Lex { error, .. } => write!(f, "{error}"),
            ZoneErrorKind::BadTtl(t) => write!(f, "bad TTL '{t}'"),
            ZoneErrorKind::UnknownType(t) => write!(f, "unknown RR type '{t}'"),
            ZoneErrorKind::QuotedField => f.write_str("quoted string in TTL, class or type"),
            ZoneErrorKind::BadOwner { text, reason } => {
                write!(f, "bad owner name '{text}': {reason}")
            }
            ZoneErrorKind::NoOrigin => f.write_str("no current origin for relative name"),
            ZoneErrorKind::NoOwner => f.write_str("no current owner name"),
            ZoneErrorKind::NoTtl => f.write_str("no TTL specified"),
            ZoneErrorKind::UnexpectedEnd { .. } => f.write_str("unexpected end of input"),
            ZoneErrorKind::ExtraTokens => f.write_str("extra input text"),
            ZoneErrorKind::Rdata { rtype, error, .. } => write!(f, "{rtype}: {error}"),
            ZoneErrorKind::Io { path, reason } => write!(f, "{path}: {reason}"),
            ZoneErrorKind::UnknownDirective(d) => write!(f, "unknown directive '{d}'"),
            ZoneErrorKind::Generate(e) => write!(f, "$GENERATE: {e}"),
            ZoneErrorKind::InGenerate(k) => write!(f, "$GENERATE: {k}"),
            ZoneErrorKind::IncludeDepth => f.write_str("$INCLUDE nested too deep"),
            ZoneErrorKind::UnexpectedNul => f.write_str("unexpected NUL octet"),
            ZoneErrorKind::ClassMismatch { found, zone } => {
                write!(f, "class '{found}' != zone class '{zone}'")
            }
            ZoneErrorKind::CnameAndOtherData(n) => write!(f, "{n}: CNAME and other data"),
            ZoneErrorKind::MultipleSingleton(n) => {
                write!(f, "{n}: multiple RRs of singleton type")
            }
            ZoneErrorKind::NotAtTop(n) => write!(f, "{n}: not at top of zone"),
            ZoneErrorKind::TooLarge => f.write_str("zone too large"),
            ZoneErrorKind::EntryTooLong { limit } => {
                write!(f, "entry longer than {limit} octets")
            }
            ZoneErrorKind::RdataTooLarge => f.write_str("rdata too large"),
            ZoneErrorKind::RrsetTooLarge(n) => write!(f, "{n}: RRset too large"),
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

/// The kinds of warnings BIND's loader prints (docs/bind-compat.md,
/// "zone reader: TTLs and warnings", observed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// A TTL above 2^31-1, which RFC 2181 section 8 says to treat as 0 (BIND words it as
    /// `$TTL` even for a record's TTL).
    TtlAboveMax(u32),
    /// A record without a TTL took the previous record's, as RFC 1035 section 5.1 says;
    /// printed once.
    Rfc1035Ttl,
    /// No `$TTL` and no TTL on the SOA: its MINIMUM field serves (RFC 2308 section 4).
    SoaMinimumTtl,
    /// A record of an RRset whose TTL differs from the first's takes the first's (RFC 2181
    /// section 5.2).
    PriorTtl(u32),
    /// A record whose owner is outside the zone, dropped; the name is written as BIND
    /// writes it, without the final dot.
    OutOfZone(String),
    /// The last line has no newline.
    NoFinalNewline,
    /// A record that inherits its owner right after a `$ORIGIN`, which likely meant the
    /// new origin (names without the final dot, as BIND writes them).
    InheritedOwner {
        /// The owner the record inherits.
        owner: String,
        /// The origin the `$ORIGIN` set.
        origin: String,
    },
    /// An NSEC read for a name after the NSECs of two names below it that part right under
    /// it, which BIND's loader reports from its tree of NSEC owners (docs/bind-compat.md,
    /// "zone reader: the tree of NSEC owners"; RFC 4034 section 4).
    NsecNodeExists,
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::TtlAboveMax(v) => write!(f, "$TTL {v} > MAXTTL, setting $TTL to 0"),
            WarningKind::Rfc1035Ttl => f.write_str("using RFC1035 TTL semantics"),
            WarningKind::SoaMinimumTtl => f.write_str("no TTL specified; using SOA MINTTL instead"),
            WarningKind::PriorTtl(t) => write!(f, "TTL set to prior TTL ({t})"),
            WarningKind::OutOfZone(n) => write!(f, "ignoring out-of-zone data ({n})"),
            WarningKind::NoFinalNewline => f.write_str("file does not end with newline"),
            WarningKind::InheritedOwner { owner, origin } => write!(
                f,
                "record with inherited owner ({owner}) immediately after $ORIGIN ({origin})"
            ),
            WarningKind::NsecNodeExists => f.write_str("addnode: NSEC node already exists"),
        }
    }
}

/// A warning BIND would print while loading (for example `using RFC1035 TTL semantics`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// File and line.
    pub location: Location,
    /// What.
    pub kind: WarningKind,
    /// Where the warning falls among the records of a zone being loaded (twice the number
    /// of records read before it, plus one when it concerns that record after it was read),
    /// so that warnings found at different stages come out in input order, as BIND prints
    /// them.
    pub(crate) order: u64,
}

impl Warning {
    /// A warning at `location`.
    pub fn new(location: Location, kind: WarningKind) -> Warning {
        Warning {
            location,
            kind,
            order: 0,
        }
    }
}

impl fmt::Display for Warning {
    /// BIND's line for the warning, without the program's `prog: warning: ` prefix.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::bind_report::warning_line(self))
    }
}
