//! Rdata conversion driven by one table of field kinds (`table::layout`): presentation text
//! to wire form, wire form to BIND's presentation text, wire checks and the canonical form of
//! RFC 4034 section 6.2. Types without a layout use the generic `\# len hex` form of RFC 3597
//! section 5, which is also accepted for every known type.
//!
//! Entry points (stable API):
//! - [`parse_tokens`]: one rdata from [`Token`]s (the zone-file lexer makes them; for a
//!   single string, `zonefile::parse_rdata`).
//! - [`to_text`]`(rtype, wire) -> String`: BIND's one-line form, generic form when the wire
//!   does not fit the type; [`try_to_text`] reports that case instead.
//! - [`validate`], [`canonicalize`]: wire checks and RFC 4034 section 6.2 lowercasing.

/// The field kinds `legacy.rs` reads, writes and checks, as one match pattern, so that the
/// text, print and wire dispatchers route the same set there (a new kind is added here once).
macro_rules! legacy_fields {
    () => {
        Field::Wks
            | Field::NxtBitmap
            | Field::A6Suffix
            | Field::A6Prefix
            | Field::Atma
            | Field::AmtRelayType
            | Field::AmtRelay
            | Field::DsyncScheme
            | Field::RkeyFlags
            | Field::KeyFlags
            | Field::TypeOrNumber
            | Field::TsigError
            | Field::SizedBase64
    };
}

mod apl;
mod digest;
mod encoding;
mod kinds;
mod legacy;
mod loc;
pub mod multiline;
mod svcb;
pub(crate) mod table;
mod text;
mod token;
mod wire;

use std::fmt;

pub use kinds::Field;
pub(crate) use text::parse_period;
pub use text::push_wire_name;
pub use token::{LexError, Token};
pub(crate) use wire::canonicalize;
pub use wire::validate;

use crate::name::{Name, NameError};
use crate::rr::RrType;

/// What is wrong with a field's text. Kept apart from the field so that the zone loader can
/// report it in BIND's words (`zonefile::bind_report`) and so that the parser knows whether
/// the offending token counts as read (see [`RdataFailure::next`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// Not a decimal number (RFC 1035 section 5.1 numbers are bare digits).
    NotANumber,
    /// A number too large for its field.
    OutOfRange,
    /// Not an IPv4 address in dotted-quad form (RFC 1035 section 3.4.1).
    BadIpv4,
    /// Not an IPv6 address (RFC 4291 section 2.2).
    BadIpv6,
    /// A character that is not a hex digit (RFC 4648 section 8).
    BadHex,
    /// Text that is not base64 (RFC 4648 section 4).
    BadBase64,
    /// Text that is not base32hex (RFC 4648 section 7).
    BadBase32,
    /// Hex data that ends in the middle of an octet, or fewer octets than announced.
    Truncated,
    /// A type or algorithm mnemonic that is not known.
    UnknownMnemonic,
    /// Text that does not have the field's form (a string over 255 octets, a cut-off
    /// escape, a malformed time or period).
    Syntax,
    /// A quoted string where the field is written bare (RFC 1035 section 5.1 allows quotes
    /// only around `<character-string>`s).
    Quoted,
    /// A WKS service name the system's services database does not know for the protocol.
    UnknownService,
    /// A WKS protocol name the system's protocols database does not know.
    UnknownProtocol,
    /// A list of types that an old-style bitmap cannot hold (NXT: types 1 to 127 only);
    /// BIND finds it after reading the whole list.
    OutOfRangeAtEnd,
    /// A form BIND knows but does not implement (an AMTRELAY relay type above 3).
    NotImplemented,
    /// A service parameter key given twice (BIND's `duplicate query`, found at the end).
    DuplicateKey,
    /// Service parameters that break a rule of RFC 9460 section 8 (`mandatory` alone or
    /// listing itself, `no-default-alpn` without `alpn`): BIND's `disallowed (by
    /// application policy)`, found at the end.
    Disallowed,
    /// A key listed in `mandatory` that is not there: BIND's `inconsistent resource
    /// record`, found at the end.
    Inconsistent,
    /// A key flags word that is neither a number nor known flag mnemonics.
    UnknownFlag,
    /// A value the type's rules refuse although it has the field's form (RKEY flags other
    /// than 0): BIND's `FORMERR`, near the token.
    FormErr,
    /// A one-token hex field with an odd number of digits or none (an NSAP address): BIND
    /// reports the missing digit as the end of the input, near the token itself.
    OddDigits,
}

impl Problem {
    /// True when the parser has used up the offending token: data fields that span tokens
    /// (hex, base64) read a token before they can judge it, while one-token fields leave the
    /// token in place for the error report, as BIND's parser does.
    fn uses_token(self) -> bool {
        matches!(
            self,
            Problem::BadHex
                | Problem::BadBase64
                | Problem::Truncated
                | Problem::OutOfRangeAtEnd
                | Problem::NotImplemented
                | Problem::DuplicateKey
                | Problem::Disallowed
                | Problem::Inconsistent
        )
    }
}

/// Why rdata could not be read or printed. The `field` strings name the field kind the way
/// the messages show it (`bad base64 'xx'`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RdataError {
    /// The text ended before this field.
    Missing {
        /// The field that was expected.
        field: &'static str,
    },
    /// A field's text is not valid for its kind.
    Bad {
        /// The field kind.
        field: &'static str,
        /// The offending text.
        text: String,
        /// What is wrong with it.
        problem: Problem,
    },
    /// A name field that is not a valid name (RFC 1035 section 2.3.4).
    BadName {
        /// The offending text.
        text: String,
        /// Why.
        reason: NameError,
    },
    /// A relative name or `@` with no origin known.
    NoOrigin,
    /// Tokens left over after the last field.
    Trailing,
    /// Wire data that does not fit a field of the type's layout.
    BadWire {
        /// The field kind.
        field: &'static str,
    },
    /// Wire data longer than the type's layout uses.
    TrailingWire,
    /// Rdata longer than 65535 octets (RFC 1035 section 3.2.1 RDLENGTH).
    TooLong,
    /// The `\#` length does not match the hex data (RFC 3597 section 5).
    GenericLength,
    /// The `\#` hex data is longer than its length (RFC 3597 section 5).
    GenericOverflow,
    /// Rdata given for a meta type (RFC 6895 section 3.1: types 0, 41, 128-255 are not
    /// data and cannot appear in a zone).
    MetaType,
    /// A digest whose length is not the one its digest type fixes (RFC 4034 section 5.1.4,
    /// RFC 4255 section 3.1.2, RFC 8976 section 2.2.4).
    DigestLength,
    /// An NSEC whose type bitmap is empty: BIND refuses to read one, since every NSEC owner
    /// has at least the NSEC and RRSIG types (RFC 4035 section 2.3).
    EmptyBitmap,
    /// Wire data whose fields fit but that the type's rules refuse (an RKEY with flags, an
    /// ATMA E.164 address with a non-digit), as BIND refuses it (`FORMERR`).
    Refused {
        /// What is refused.
        what: &'static str,
    },
    /// An old-style (NXT) type bitmap that is malformed in wire form: a trailing zero
    /// octet, bit 0 set, or more than 16 octets (RFC 2535 section 5.2).
    BadBitmap,
    /// The text could not be tokenized.
    Lex(LexError),
}

impl fmt::Display for RdataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RdataError::Missing { field } => write!(f, "unexpected end of input: missing {field}"),
            RdataError::Bad { field, text, .. } => write!(f, "bad {field} '{text}'"),
            RdataError::BadName { text, reason } => write!(f, "bad name '{text}': {reason}"),
            RdataError::NoOrigin => f.write_str("relative name with no origin"),
            RdataError::Trailing => f.write_str("extra input text"),
            RdataError::BadWire { field } => write!(f, "bad wire data in {field}"),
            RdataError::TrailingWire => f.write_str("trailing wire data"),
            RdataError::TooLong => f.write_str("rdata too long"),
            RdataError::GenericLength => f.write_str("bad \\# length"),
            RdataError::GenericOverflow => f.write_str("more \\# data than its length"),
            RdataError::MetaType => f.write_str("rdata for a meta type"),
            RdataError::EmptyBitmap => f.write_str("empty type bitmap"),
            RdataError::DigestLength => f.write_str("digest length does not fit its type"),
            RdataError::Refused { what } => write!(f, "refused: {what}"),
            RdataError::BadBitmap => f.write_str("bad bitmap"),
            RdataError::Lex(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RdataError {}

/// An rdata parse failure and how far the parser got: `next` is the index (into the tokens
/// given to [`parse_tokens`]) of the first token not used, which is the offending token
/// itself when it was a one-token field, or the token after it when a multi-token field had
/// to read it first. Equal to the number of tokens when everything was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RdataFailure {
    /// What went wrong.
    pub error: RdataError,
    /// The first token not used.
    pub next: usize,
}

/// The canonical form of one rdata (RFC 4034 section 6.2): a copy with the embedded names of
/// the types that list them lowercased; the wire is checked against the type's layout first.
/// The form signatures are computed over, and the form in which two servers' copies of an
/// RRset compare equal.
pub fn canonical_rdata(rtype: RrType, wire: &[u8]) -> Result<Vec<u8>, RdataError> {
    validate(rtype, wire)?;
    let mut owned = wire.to_vec();
    canonicalize(rtype, &mut owned)?;
    Ok(owned)
}

/// How a field kind is named in messages.
pub fn field_label(kind: Field) -> &'static str {
    match kind {
        Field::Name { .. } => "name",
        Field::U8 | Field::U16 | Field::U32 => "number",
        Field::Period => "period",
        Field::Ipv4 => "IPv4 address",
        Field::Ipv6 => "IPv6 address",
        Field::CharString | Field::OptionalCharString | Field::CharStrings | Field::StringToEnd => {
            "text"
        }
        Field::Nsap => "NSAP address",
        Field::CaaTag => "CAA tag",
        Field::Base64 { .. } => "base64",
        Field::Hex => "hex",
        Field::HexWithLength => "salt",
        Field::Base32WithLength => "base32hex hash",
        Field::TypeBitmap | Field::TypeCode => "type",
        Field::Time | Field::Timestamp => "time",
        Field::Algorithm | Field::AlgorithmMnemonic => "algorithm",
        Field::CertType => "certificate type",
        Field::Loc => "LOC",
        Field::Apl => "APL item",
        Field::SvcParams => "service parameter",
        Field::IpseckeyGateway => "gateway",
        Field::Hip => "HIP",
        Field::Eui48 => "EUI48",
        Field::Eui64 => "EUI64",
        Field::Ilnp64 => "locator",
        Field::Wks => "service",
        Field::NxtBitmap => "type",
        Field::A6Suffix => "A6 address",
        Field::A6Prefix => "name",
        Field::TsigError => "error",
        Field::SizedBase64 => "base64",
        Field::Atma => "ATM address",
        Field::AmtRelayType => "number",
        Field::AmtRelay => "relay",
        Field::DsyncScheme => "scheme",
        Field::RkeyFlags | Field::KeyFlags => "flags",
        Field::TypeOrNumber => "type",
        Field::OptionalBase64 { .. } => "base64",
    }
}

/// Parses rdata from tokens over `buf` and appends the wire form to `out` (which may hold
/// other data before; only the appended part is this rdata). On error `out` is left with
/// its original length.
pub fn parse_tokens(
    rtype: RrType,
    buf: &[u8],
    tokens: &[Token],
    origin: Option<&Name>,
    out: &mut Vec<u8>,
) -> Result<(), RdataFailure> {
    let start = out.len();
    let result = parse_inner(rtype, buf, tokens, origin, out, start);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

fn parse_inner(
    rtype: RrType,
    buf: &[u8],
    tokens: &[Token],
    origin: Option<&Name>,
    out: &mut Vec<u8>,
    start: usize,
) -> Result<(), RdataFailure> {
    if let Some(first) = tokens.first() {
        if !first.quoted && first.text(buf) == b"\\#" {
            return parse_generic(rtype, buf, tokens, out, start);
        }
    }
    let mut cur = text::Cursor {
        buf,
        toks: tokens,
        i: 0,
        rtype,
    };
    let failed = |error: RdataError, cur: &text::Cursor<'_>| {
        let next = match &error {
            RdataError::Bad { problem, .. } if problem.uses_token() => cur.i,
            RdataError::Bad { .. } | RdataError::BadName { .. } | RdataError::NoOrigin => {
                cur.i.saturating_sub(1)
            }
            _ => cur.i,
        };
        RdataFailure { error, next }
    };
    let Some(fields) = table::text_layout(rtype) else {
        return Err(RdataFailure {
            error: RdataError::Bad {
                field: "generic rdata",
                text: tokens
                    .first()
                    .map(|t| crate::error::message_text(t.text(buf)))
                    .unwrap_or_default(),
                // BIND has a reader for NULL that refuses every text but the generic form.
                problem: if rtype == RrType::NULL {
                    Problem::Syntax
                } else {
                    Problem::UnknownMnemonic
                },
            },
            next: 0,
        });
    };
    for &kind in fields {
        text::parse_field(kind, &mut cur, origin, out, start).map_err(|e| failed(e, &cur))?;
    }
    if !cur.at_end() {
        return Err(failed(RdataError::Trailing, &cur));
    }
    if rtype == RrType::NSEC
        && crate::name::wire_name_len(&out[start..]).ok() == Some(out.len() - start)
    {
        return Err(failed(RdataError::EmptyBitmap, &cur));
    }
    if out.len() - start > u16::MAX as usize {
        return Err(failed(RdataError::TooLong, &cur));
    }
    Ok(())
}

/// The generic form `\# length hex...` of RFC 3597 section 5.
fn parse_generic(
    rtype: RrType,
    buf: &[u8],
    tokens: &[Token],
    out: &mut Vec<u8>,
    start: usize,
) -> Result<(), RdataFailure> {
    let fail = |error: RdataError, next: usize| Err(RdataFailure { error, next });
    let Some(len_tok) = tokens.get(1) else {
        return fail(
            RdataError::Missing {
                field: "\\# length",
            },
            1,
        );
    };
    let len_text = len_tok.text(buf);
    let number =
        (!len_tok.quoted && !len_text.is_empty() && len_text.iter().all(u8::is_ascii_digit))
            .then(|| std::str::from_utf8(len_text).ok()?.parse::<u64>().ok())
            .flatten();
    let bad_len = |problem| RdataError::Bad {
        field: "\\# length",
        text: crate::error::message_text(len_text),
        problem,
    };
    let len = match number {
        None => return fail(bad_len(Problem::NotANumber), 1),
        Some(l) if l > u16::MAX as u64 => return fail(bad_len(Problem::OutOfRange), 2),
        Some(l) => l as usize,
    };
    if rtype.0 == 0 || rtype.is_meta() {
        return fail(RdataError::MetaType, 1);
    }
    let mut i = 2;
    while out.len() - start < len {
        let Some(t) = tokens.get(i) else {
            return fail(RdataError::GenericLength, i);
        };
        i += 1;
        let text = t.text(buf);
        if t.quoted || crate::encoding::hex_decode(text, out).is_none() {
            let problem = if !t.quoted && text.iter().all(u8::is_ascii_hexdigit) {
                Problem::Truncated
            } else {
                Problem::BadHex
            };
            return fail(
                RdataError::Bad {
                    field: "hex",
                    text: crate::error::message_text(text),
                    problem,
                },
                i,
            );
        }
    }
    if out.len() - start > len {
        return fail(RdataError::GenericOverflow, i);
    }
    if i < tokens.len() {
        return fail(RdataError::Trailing, i);
    }
    validate(rtype, &out[start..]).map_err(|error| RdataFailure { error, next: i })
}

/// Appends the generic form `\# len HEX` (RFC 3597 section 5), the hex in 56-character
/// pieces as BIND's one-line output has it.
pub fn generic_text(wire: &[u8], out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "\\# {}", wire.len());
    for piece in wire.chunks(28) {
        out.push(' ');
        crate::encoding::hex_upper(piece, out);
    }
}

/// Appends BIND's presentation form of `wire` as rdata of `rtype`, or an error when the
/// wire data does not fit the type's layout. Types without a layout print generically.
pub fn try_to_text(rtype: RrType, wire: &[u8], out: &mut String) -> Result<(), RdataError> {
    let mark = out.len();
    let mut first = true;
    let result = wire::walk(rtype, wire, |kind, _, bytes| {
        if !first {
            out.push(' ');
        }
        first = false;
        text::print_field(kind, bytes, wire, out)
    });
    match result {
        Ok(true) => {
            // A field that prints nothing (empty bitmap, no key) leaves a trailing space.
            while out.len() > mark && out.ends_with(' ') {
                out.pop();
            }
            Ok(())
        }
        Ok(false) => {
            generic_text(wire, out);
            Ok(())
        }
        Err(e) => {
            out.truncate(mark);
            Err(e)
        }
    }
}

/// BIND's presentation form of `wire` as rdata of `rtype`; falls back to the generic form
/// of RFC 3597 section 5 when the wire data does not fit the type.
pub fn to_text(rtype: RrType, wire: &[u8]) -> String {
    let mut out = String::new();
    if try_to_text(rtype, wire, &mut out).is_err() {
        out.clear();
        generic_text(wire, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;
