//! Rdata conversion driven by one table of field kinds (`table::layout`): presentation text
//! to wire form, wire form to BIND's presentation text, wire checks and the canonical form of
//! RFC 4034 section 6.2. Types without a layout use the generic `\# len hex` form of RFC 3597
//! section 5, which is also accepted for every known type.
//!
//! Entry points (stable API):
//! - [`parse_text`]`(rtype, "10 mx.example.", origin) -> Vec<u8>`: one rdata from text.
//! - [`parse_tokens`]: the same from lexer tokens (what the zone reader uses).
//! - [`to_text`]`(rtype, wire) -> String`: BIND's one-line form, generic form when the wire
//!   does not fit the type; [`try_to_text`] reports that case instead.
//! - [`validate`], [`canonicalize`]: wire checks and RFC 4034 section 6.2 lowercasing.

mod apl;
pub mod encoding;
pub mod kinds;
mod loc;
pub mod multiline;
mod svcb;
pub mod table;
pub mod text;
pub mod wire;

use std::fmt;

pub use kinds::Field;
pub use wire::{canonicalize, validate};

use crate::name::{Name, NameError};
use crate::rr::RrType;
use crate::zonefile::lexer::{tokenize_all, LexError, Token};

/// Why rdata could not be read or printed. The `field` strings name the field kind the way
/// the messages show it (`bad base64 'xx'`).
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// The text could not be tokenized.
    Lex(LexError),
}

impl fmt::Display for RdataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RdataError::Missing { field } => write!(f, "unexpected end of input: missing {field}"),
            RdataError::Bad { field, text } => write!(f, "bad {field} '{text}'"),
            RdataError::BadName { text, reason } => write!(f, "bad name '{text}': {reason}"),
            RdataError::NoOrigin => f.write_str("relative name with no origin"),
            RdataError::Trailing => f.write_str("extra input text"),
            RdataError::BadWire { field } => write!(f, "bad wire data in {field}"),
            RdataError::TrailingWire => f.write_str("trailing wire data"),
            RdataError::TooLong => f.write_str("rdata too long"),
            RdataError::GenericLength => f.write_str("bad \\# length"),
            RdataError::Lex(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RdataError {}

/// How a field kind is named in messages.
pub fn field_label(kind: Field) -> &'static str {
    match kind {
        Field::Name { .. } => "name",
        Field::U8 | Field::U16 | Field::U32 => "number",
        Field::Period => "period",
        Field::Ipv4 => "IPv4 address",
        Field::Ipv6 => "IPv6 address",
        Field::CharString | Field::CharStrings | Field::StringToEnd => "text",
        Field::CaaTag => "CAA tag",
        Field::Base64 { .. } => "base64",
        Field::Hex => "hex",
        Field::HexWithLength => "salt",
        Field::Base32WithLength => "base32hex hash",
        Field::TypeBitmap | Field::TypeCode => "type",
        Field::Time => "time",
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
    }
}

/// Parses the presentation form of one rdata (RFC 1035 section 5.1 and the per-type RFCs in
/// `table.rs`; RFC 3597 section 5 for `\#`). Relative names are completed with `origin`.
pub fn parse_text(rtype: RrType, text: &str, origin: Option<&Name>) -> Result<Vec<u8>, RdataError> {
    let buf = text.as_bytes();
    let tokens = tokenize_all(buf).map_err(RdataError::Lex)?;
    let mut out = Vec::new();
    parse_tokens(rtype, buf, &tokens, origin, &mut out)?;
    Ok(out)
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
) -> Result<(), RdataError> {
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
) -> Result<(), RdataError> {
    if let Some(first) = tokens.first() {
        if !first.quoted && first.text(buf) == b"\\#" {
            parse_generic(buf, &tokens[1..], out)?;
            return validate(rtype, &out[start..]);
        }
    }
    let Some(fields) = table::layout(rtype) else {
        return Err(RdataError::Bad {
            field: "generic rdata",
            text: tokens
                .first()
                .map(|t| String::from_utf8_lossy(t.text(buf)).into_owned())
                .unwrap_or_default(),
        });
    };
    let mut cur = text::Cursor {
        buf,
        toks: tokens,
        i: 0,
    };
    for &kind in fields {
        text::parse_field(kind, &mut cur, origin, out, start)?;
    }
    if !cur.at_end() {
        return Err(RdataError::Trailing);
    }
    if out.len() - start > u16::MAX as usize {
        return Err(RdataError::TooLong);
    }
    Ok(())
}

fn parse_generic(buf: &[u8], tokens: &[Token], out: &mut Vec<u8>) -> Result<(), RdataError> {
    let len_tok = tokens.first().ok_or(RdataError::Missing {
        field: "\\# length",
    })?;
    let len_text = len_tok.text(buf);
    let len: usize = std::str::from_utf8(len_text)
        .ok()
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse().ok())
        .filter(|&l| l <= u16::MAX as usize)
        .ok_or_else(|| RdataError::Bad {
            field: "\\# length",
            text: String::from_utf8_lossy(len_text).into_owned(),
        })?;
    let before = out.len();
    for t in &tokens[1..] {
        let text = t.text(buf);
        encoding::hex_decode(text, out).ok_or_else(|| RdataError::Bad {
            field: "hex",
            text: String::from_utf8_lossy(text).into_owned(),
        })?;
    }
    if out.len() - before != len {
        return Err(RdataError::GenericLength);
    }
    Ok(())
}

/// Appends the generic form `\# len HEX` (RFC 3597 section 5), the hex in 56-character
/// pieces as BIND's one-line output has it.
pub fn generic_text(wire: &[u8], out: &mut String) {
    use std::fmt::Write;
    let _ = write!(out, "\\# {}", wire.len());
    for piece in wire.chunks(28) {
        out.push(' ');
        encoding::hex_upper(piece, out);
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
