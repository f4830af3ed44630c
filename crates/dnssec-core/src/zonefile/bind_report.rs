//! BIND's words for zone-loading problems (docs/bind-compat.md, "signzone: errors" and
//! "verify"): the lines its loader logs before giving up
//! (`dns_rdata_fromtext: F:L: near 'TOKEN': TEXT`, `dns_master_load: F:L: TEXT`,
//! `F:L: unknown RR type 'X'`, ...) and the short result word that ends its
//! `failed loading zone from 'F': RESULT` line. signzone and verify print these for text zones,
//! so that scripts and eyes used to BIND see the same text. Everything here is computed from
//! the typed errors of the reader; nothing parses our own messages.

use std::fmt;

use super::error::{
    GenerateError, IoFailure, Near, Warning, WarningKind, ZoneError, ZoneErrorKind,
};
use super::lexer::LexError;
use crate::error::Location;
use crate::name::NameError;
use crate::rr::rdata::{Problem, RdataError};

/// The result BIND's loader ends with: the text of its result code, which scripts match in
/// the `failed loading zone from 'F': ...` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadResult {
    /// `bad dotted quad`
    BadDottedQuad,
    /// `bad IPv6 address`
    BadIpv6,
    /// `unexpected end of input`
    UnexpectedEnd,
    /// `extra input text`: a token after the last field.
    ExtraInputText,
    /// `extra input data`: `\#` data longer than the type's fields.
    ExtraInputData,
    /// `out of range`
    OutOfRange,
    /// `not a valid number`
    NotANumber,
    /// `syntax error`
    Syntax,
    /// `bad hex encoding`
    BadHex,
    /// `bad base64 encoding`
    BadBase64,
    /// `bad base32 encoding`
    BadBase32,
    /// `unknown class/type`
    UnknownClassType,
    /// `unexpected token`: a quoted string where a bare word belongs.
    UnexpectedToken,
    /// `label too long`
    LabelTooLong,
    /// `ran out of space`: a name over 255 octets, or data over its length.
    NoSpace,
    /// `bad escape`
    BadEscape,
    /// `empty label`
    EmptyLabel,
    /// `bad label type`: a wire name that does not decode.
    BadLabelType,
    /// `unbalanced parentheses`
    UnbalancedParentheses,
    /// `unbalanced quotes`
    UnbalancedQuotes,
    /// `invalid use of a meta type`
    MetaType,
    /// `FORMERR`
    FormErr,
    /// `unknown service` (WKS)
    UnknownService,
    /// `unknown protocol` (WKS)
    UnknownProtocol,
    /// `not implemented`
    NotImplemented,
    /// `bad bitmap`
    BadBitmap,
    /// `unknown flag` (DNSKEY and KEY flags)
    UnknownFlag,
    /// `duplicate query` (a service parameter given twice)
    DuplicateQuery,
    /// `disallowed (by application policy)`
    Disallowed,
    /// `inconsistent resource record`
    InconsistentRr,
    /// `bad ttl`
    BadTtl,
    /// `no ttl`
    NoTtl,
    /// `no owner`
    NoOwner,
    /// `bad class`
    BadClass,
    /// `CNAME and other data`
    CnameAndOtherData,
    /// `multiple RRs of singleton type`
    MultipleSingleton,
    /// `not at top of zone`
    NotAtTop,
    /// A file that could not be read (`file not found`, `permission denied`, ...).
    Io(IoFailure),
    /// A problem BIND has no word for (limits of our own); our description.
    Other(String),
}

impl fmt::Display for LoadResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LoadResult::BadDottedQuad => "bad dotted quad",
            LoadResult::BadIpv6 => "bad IPv6 address",
            LoadResult::UnexpectedEnd => "unexpected end of input",
            LoadResult::ExtraInputText => "extra input text",
            LoadResult::ExtraInputData => "extra input data",
            LoadResult::OutOfRange => "out of range",
            LoadResult::NotANumber => "not a valid number",
            LoadResult::Syntax => "syntax error",
            LoadResult::BadHex => "bad hex encoding",
            LoadResult::BadBase64 => "bad base64 encoding",
            LoadResult::BadBase32 => "bad base32 encoding",
            LoadResult::UnknownClassType => "unknown class/type",
            LoadResult::UnexpectedToken => "unexpected token",
            LoadResult::LabelTooLong => "label too long",
            LoadResult::NoSpace => "ran out of space",
            LoadResult::BadEscape => "bad escape",
            LoadResult::EmptyLabel => "empty label",
            LoadResult::BadLabelType => "bad label type",
            LoadResult::UnbalancedParentheses => "unbalanced parentheses",
            LoadResult::UnbalancedQuotes => "unbalanced quotes",
            LoadResult::MetaType => "invalid use of a meta type",
            LoadResult::FormErr => "FORMERR",
            LoadResult::UnknownService => "unknown service",
            LoadResult::UnknownProtocol => "unknown protocol",
            LoadResult::NotImplemented => "not implemented",
            LoadResult::BadBitmap => "bad bitmap",
            LoadResult::UnknownFlag => "unknown flag",
            LoadResult::DuplicateQuery => "duplicate query",
            LoadResult::Disallowed => "disallowed (by application policy)",
            LoadResult::InconsistentRr => "inconsistent resource record",
            LoadResult::BadTtl => "bad ttl",
            LoadResult::NoTtl => "no ttl",
            LoadResult::NoOwner => "no owner",
            LoadResult::BadClass => "bad class",
            LoadResult::CnameAndOtherData => "CNAME and other data",
            LoadResult::MultipleSingleton => "multiple RRs of singleton type",
            LoadResult::NotAtTop => "not at top of zone",
            LoadResult::Io(failure) => return write!(f, "{failure}"),
            LoadResult::Other(text) => text,
        })
    }
}

/// How a logged line is labelled (`prog: error: ...` or `prog: warning: ...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// An error line.
    Error,
    /// A warning line.
    Warning,
}

/// One line BIND's loader logs, without the `prog: error: ` prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportLine {
    /// Error or warning.
    pub severity: Severity,
    /// The text.
    pub text: String,
}

/// What BIND prints for one load failure: the logged lines, then the result word of the
/// fatal line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadReport {
    /// The lines before the fatal one, in order.
    pub lines: Vec<ReportLine>,
    /// The result word.
    pub result: LoadResult,
}

/// The name a `$GENERATE` record's rdata is read from in BIND's messages: BIND names the
/// memory buffer after its address, which no one can match; we print a fixed one of the
/// same shape.
pub const GENERATE_BUFFER: &str = "buffer-0x0";

/// The result word for a problem in a name (RFC 1035 section 2.3.4 limits).
pub fn name_result(e: &NameError) -> LoadResult {
    match e {
        NameError::EmptyLabel => LoadResult::EmptyLabel,
        NameError::LabelTooLong => LoadResult::LabelTooLong,
        NameError::NameTooLong => LoadResult::NoSpace,
        NameError::BadEscape => LoadResult::BadEscape,
        NameError::BadWire => LoadResult::BadLabelType,
        NameError::NoOrigin => LoadResult::Other(e.to_string()),
    }
}

fn lex_result(e: &LexError) -> LoadResult {
    match e {
        LexError::UnbalancedParentheses => LoadResult::UnbalancedParentheses,
        LexError::UnbalancedQuotes => LoadResult::UnbalancedQuotes,
        LexError::UnexpectedEnd => LoadResult::UnexpectedEnd,
        LexError::Nul => LoadResult::UnexpectedToken,
    }
}

/// The result word for an rdata that does not parse.
pub fn rdata_result(e: &RdataError) -> LoadResult {
    match e {
        RdataError::Missing { .. } => LoadResult::UnexpectedEnd,
        RdataError::Bad { problem, .. } => match problem {
            Problem::NotANumber => LoadResult::NotANumber,
            Problem::OutOfRange | Problem::OutOfRangeAtEnd => LoadResult::OutOfRange,
            Problem::UnknownService => LoadResult::UnknownService,
            Problem::UnknownProtocol => LoadResult::UnknownProtocol,
            Problem::NotImplemented => LoadResult::NotImplemented,
            Problem::FormErr => LoadResult::FormErr,
            Problem::UnknownFlag => LoadResult::UnknownFlag,
            Problem::DuplicateKey => LoadResult::DuplicateQuery,
            Problem::Disallowed => LoadResult::Disallowed,
            Problem::Inconsistent => LoadResult::InconsistentRr,
            Problem::BadIpv4 => LoadResult::BadDottedQuad,
            Problem::BadIpv6 => LoadResult::BadIpv6,
            Problem::BadHex => LoadResult::BadHex,
            Problem::BadBase64 => LoadResult::BadBase64,
            Problem::BadBase32 => LoadResult::BadBase32,
            Problem::Truncated | Problem::OddDigits => LoadResult::UnexpectedEnd,
            Problem::UnknownMnemonic => LoadResult::UnknownClassType,
            Problem::Syntax => LoadResult::Syntax,
            Problem::Quoted => LoadResult::UnexpectedToken,
        },
        RdataError::BadName { reason, .. } => name_result(reason),
        RdataError::NoOrigin => LoadResult::Other(e.to_string()),
        RdataError::Trailing => LoadResult::ExtraInputText,
        RdataError::BadWire { .. } | RdataError::GenericLength | RdataError::DigestLength => {
            LoadResult::UnexpectedEnd
        }
        RdataError::TrailingWire => LoadResult::ExtraInputData,
        RdataError::TooLong | RdataError::GenericOverflow => LoadResult::NoSpace,
        RdataError::MetaType => LoadResult::MetaType,
        RdataError::EmptyBitmap | RdataError::Refused { .. } => LoadResult::FormErr,
        RdataError::BadBitmap => LoadResult::BadBitmap,
        RdataError::Lex(l) => lex_result(l),
    }
}

/// The result word for any zone-file error.
pub fn result(kind: &ZoneErrorKind) -> LoadResult {
    match kind {
        ZoneErrorKind::Lex { error, .. } => lex_result(error),
        ZoneErrorKind::BadTtl(_) => LoadResult::BadTtl,
        ZoneErrorKind::UnknownType(_) => LoadResult::UnknownClassType,
        ZoneErrorKind::QuotedField
        | ZoneErrorKind::UnknownDirective(_)
        | ZoneErrorKind::UnexpectedNul => LoadResult::Syntax,
        ZoneErrorKind::BadOwner { reason, .. } => name_result(reason),
        ZoneErrorKind::NoOwner => LoadResult::NoOwner,
        ZoneErrorKind::NoTtl => LoadResult::NoTtl,
        ZoneErrorKind::UnexpectedEnd { .. } => LoadResult::UnexpectedEnd,
        ZoneErrorKind::ExtraTokens => LoadResult::ExtraInputText,
        ZoneErrorKind::Rdata { error, .. } => rdata_result(error),
        ZoneErrorKind::Io { reason, .. } => LoadResult::Io(reason.clone()),
        ZoneErrorKind::Generate(GenerateError::BadRange(_) | GenerateError::BadModifier(_)) => {
            LoadResult::Syntax
        }
        ZoneErrorKind::Generate(GenerateError::OutOfRange) => LoadResult::OutOfRange,
        ZoneErrorKind::Generate(g @ GenerateError::TooManyLines { .. }) => {
            LoadResult::Other(g.to_string())
        }
        ZoneErrorKind::Generate(GenerateError::NoSpace)
        | ZoneErrorKind::RdataTooLarge
        | ZoneErrorKind::RrsetTooLarge(_) => LoadResult::NoSpace,
        ZoneErrorKind::InGenerate(inner) => result(inner),
        ZoneErrorKind::ClassMismatch { .. } => LoadResult::BadClass,
        ZoneErrorKind::CnameAndOtherData(_) => LoadResult::CnameAndOtherData,
        ZoneErrorKind::MultipleSingleton(_) => LoadResult::MultipleSingleton,
        ZoneErrorKind::NotAtTop(_) => LoadResult::NotAtTop,
        ZoneErrorKind::NoOrigin
        | ZoneErrorKind::EntryTooLong { .. }
        | ZoneErrorKind::IncludeDepth
        | ZoneErrorKind::TooLarge => LoadResult::Other(kind.to_string()),
    }
}

fn near_text(near: &Near) -> String {
    match near {
        Near::Token(t) => format!("near '{t}': "),
        Near::EndOfLine => "near eol: ".to_string(),
        Near::EndOfFile => "near eof: ".to_string(),
        Near::Quoted | Near::Nothing => String::new(),
    }
}

/// `F:L` of an error, or just `F` or nothing when the error has no line.
fn place(location: Option<&Location>) -> String {
    match location {
        Some(l) => l.to_string(),
        None => String::new(),
    }
}

/// The lines BIND logs for `e`, and its result word.
pub fn report(e: &ZoneError) -> LoadReport {
    let at = place(e.location.as_ref());
    let mut lines = Vec::new();
    let mut error = |text: String| {
        lines.push(ReportLine {
            severity: Severity::Error,
            text,
        })
    };
    let result = result(&e.kind);
    match &e.kind {
        ZoneErrorKind::Lex {
            error: lex,
            fault_line,
        } => {
            let file = e
                .location
                .as_ref()
                .map(|l| l.file.to_string())
                .unwrap_or_default();
            error(format!(
                "dns_master_load: {file}:{fault_line}: isc_lex_gettoken() failed: {lex}"
            ));
            error(format!("dns_master_load: {at}: {lex}"));
        }
        // BIND refuses a single rdata past its rdataset limit without naming a place.
        ZoneErrorKind::BadTtl(_) | ZoneErrorKind::TooLarge | ZoneErrorKind::RdataTooLarge => {}
        // BIND opens a directory, and its lexer then fails on it at line 1 of that name,
        // whether it is the zone file or an `$INCLUDE`.
        ZoneErrorKind::Io {
            path,
            reason: IoFailure::NotAFile,
        } => error(format!(
            "dns_master_load: {path}:1: isc_lex_gettoken() failed: not a file"
        )),
        ZoneErrorKind::Io { path, reason } => {
            if e.location.is_some() {
                error(format!("dns_master_load: {at}: {path}: {reason}"));
            }
        }
        ZoneErrorKind::UnknownType(t) => lines.push(ReportLine {
            severity: Severity::Warning,
            text: format!("{at}: unknown RR type '{t}'"),
        }),
        ZoneErrorKind::NoTtl => lines.push(ReportLine {
            severity: Severity::Warning,
            text: format!("{at}: no TTL specified; zone rejected"),
        }),
        ZoneErrorKind::NoOwner => error(format!("{at}: no current owner name")),
        ZoneErrorKind::ClassMismatch { found, zone } => {
            error(format!("{at}: class '{found}' != zone class '{zone}'"))
        }
        ZoneErrorKind::UnexpectedEnd { at_eof } => {
            let what = if *at_eof { "file" } else { "line" };
            error(format!("dns_master_load: {at}: unexpected end of {what}"));
            error(format!("dns_master_load: {at}: {result}"));
        }
        ZoneErrorKind::UnknownDirective(d) => {
            error(format!("dns_master_load: {at}: unknown $ directive '{d}'"))
        }
        ZoneErrorKind::Rdata {
            error: rd, near, ..
        } => error(format!(
            "dns_rdata_fromtext: {at}: {}{}",
            near_text(near),
            rdata_result(rd)
        )),
        ZoneErrorKind::Generate(GenerateError::BadRange(r)) => {
            error(format!("$GENERATE: {at}: invalid range '{r}'"))
        }
        ZoneErrorKind::Generate(_) => error(format!("$GENERATE: {at}: {result}")),
        ZoneErrorKind::InGenerate(inner) => match inner.as_ref() {
            ZoneErrorKind::Rdata {
                error: rd, near, ..
            } => {
                error(format!(
                    "dns_rdata_fromtext: {GENERATE_BUFFER}:1: {}{}",
                    near_text(near),
                    rdata_result(rd)
                ));
                error(format!("$GENERATE: {at}: {result}"));
            }
            ZoneErrorKind::UnknownType(t) => {
                error(format!("$GENERATE: {at}: unknown RR type '{t}'"))
            }
            // The class is checked where the directive is read, as for any record.
            ZoneErrorKind::ClassMismatch { .. } => {
                let inner = ZoneError {
                    location: e.location.clone(),
                    kind: inner.as_ref().clone(),
                };
                return report(&inner);
            }
            _ => error(format!("$GENERATE: {at}: {result}")),
        },
        ZoneErrorKind::CnameAndOtherData(n)
        | ZoneErrorKind::RrsetTooLarge(n)
        | ZoneErrorKind::MultipleSingleton(n)
        | ZoneErrorKind::NotAtTop(n) => error(format!("dns_master_load: {at}: {n}: {result}")),
        ZoneErrorKind::QuotedField
        | ZoneErrorKind::UnexpectedNul
        | ZoneErrorKind::BadOwner { .. }
        | ZoneErrorKind::ExtraTokens
        | ZoneErrorKind::NoOrigin
        | ZoneErrorKind::EntryTooLong { .. }
        | ZoneErrorKind::IncludeDepth => error(format!("dns_master_load: {at}: {result}")),
    }
    LoadReport { lines, result }
}

/// BIND's line for a load warning, without the `prog: warning: ` prefix.
pub fn warning_line(w: &Warning) -> String {
    match w.kind {
        WarningKind::TtlAboveMax(_) => format!("dns_master_load: {}: {}", w.location, w.kind),
        // From BIND's database, not its file reader: no file and line.
        WarningKind::NsecNodeExists => w.kind.to_string(),
        _ => format!("{}: {}", w.location, w.kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(kind: ZoneErrorKind) -> ZoneError {
        ZoneError::at(Location::new("z.db", 4), kind)
    }

    fn texts(r: &LoadReport) -> Vec<String> {
        r.lines.iter().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn rdata_errors_name_the_token_they_stopped_at() {
        let r = report(&at(ZoneErrorKind::Rdata {
            rtype: crate::RrType::A,
            error: RdataError::Bad {
                field: "IPv4 address",
                text: "10.0.0.1999".into(),
                problem: Problem::BadIpv4,
            },
            near: Near::Token("10.0.0.1999".into()),
        }));
        assert_eq!(
            texts(&r),
            ["dns_rdata_fromtext: z.db:4: near '10.0.0.1999': bad dotted quad"]
        );
        assert_eq!(r.result.to_string(), "bad dotted quad");
        let r = report(&at(ZoneErrorKind::Rdata {
            rtype: crate::RrType::A,
            error: RdataError::Missing {
                field: "IPv4 address",
            },
            near: Near::EndOfLine,
        }));
        assert_eq!(
            texts(&r),
            ["dns_rdata_fromtext: z.db:4: near eol: unexpected end of input"]
        );
    }

    #[test]
    fn loader_errors_keep_their_own_shapes() {
        let r = report(&at(ZoneErrorKind::UnknownType("3x00".into())));
        assert_eq!(r.lines[0].severity, Severity::Warning);
        assert_eq!(texts(&r), ["z.db:4: unknown RR type '3x00'"]);
        assert_eq!(r.result.to_string(), "unknown class/type");
        let r = report(&at(ZoneErrorKind::UnexpectedEnd { at_eof: false }));
        assert_eq!(
            texts(&r),
            [
                "dns_master_load: z.db:4: unexpected end of line",
                "dns_master_load: z.db:4: unexpected end of input"
            ]
        );
        let r = report(&at(ZoneErrorKind::Lex {
            error: LexError::UnbalancedParentheses,
            fault_line: 5,
        }));
        assert_eq!(
            texts(&r),
            [
                "dns_master_load: z.db:5: isc_lex_gettoken() failed: unbalanced parentheses",
                "dns_master_load: z.db:4: unbalanced parentheses"
            ]
        );
        let r = report(&ZoneError {
            location: None,
            kind: ZoneErrorKind::Io {
                path: "z.db".into(),
                reason: IoFailure::NotFound,
            },
        });
        assert!(r.lines.is_empty());
        assert_eq!(r.result.to_string(), "file not found");
        let r = report(&at(ZoneErrorKind::BadTtl("1x".into())));
        assert!(r.lines.is_empty());
        assert_eq!(r.result.to_string(), "bad ttl");
    }

    #[test]
    fn generated_records_report_through_the_directive() {
        let inner = ZoneErrorKind::Rdata {
            rtype: crate::RrType::A,
            error: RdataError::Bad {
                field: "IPv4 address",
                text: "10.0.0.256".into(),
                problem: Problem::BadIpv4,
            },
            near: Near::Token("10.0.0.256".into()),
        };
        let r = report(&at(ZoneErrorKind::InGenerate(Box::new(inner))));
        assert_eq!(
            texts(&r),
            [
                "dns_rdata_fromtext: buffer-0x0:1: near '10.0.0.256': bad dotted quad",
                "$GENERATE: z.db:4: bad dotted quad"
            ]
        );
    }

    #[test]
    fn only_the_max_ttl_warning_names_the_loader() {
        let w = |kind| Warning::new(Location::new("z.db", 2), kind);
        assert_eq!(
            w(WarningKind::TtlAboveMax(2147483648)).to_string(),
            "dns_master_load: z.db:2: $TTL 2147483648 > MAXTTL, setting $TTL to 0"
        );
        assert_eq!(
            w(WarningKind::PriorTtl(300)).to_string(),
            "z.db:2: TTL set to prior TTL (300)"
        );
    }
}
