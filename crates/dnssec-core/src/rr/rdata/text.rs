//! Presentation form of rdata fields: reading tokens into wire form and printing wire form
//! the way BIND's `named-checkzone -D` does (RFC 1035 section 5.1 and the per-type RFCs named
//! in `table.rs`).

use std::fmt::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::encoding::{self, quoted};
use super::kinds::Field;
use super::Token;
use super::{apl, digest, field_label, loc, svcb, Problem, RdataError};
use crate::algorithm::Algorithm;
use crate::encoding::hex_upper;
use crate::name::{parse_name_into, push_label_text, Name, NameError};
use crate::rr::{bitmap, RrType};

/// Tokens of one rdata, consumed field by field.
pub(crate) struct Cursor<'a> {
    pub(crate) buf: &'a [u8],
    pub(crate) toks: &'a [Token],
    pub(crate) i: usize,
    /// The record type, for the few checks that depend on it (digest lengths).
    pub(crate) rtype: RrType,
}

impl<'a> Cursor<'a> {
    /// The next token for a field of `kind`. A quoted string is refused except where
    /// RFC 1035 section 5.1 allows one (`<character-string>`s); the refused token counts as
    /// taken, so that the failure names it.
    pub(crate) fn next(&mut self, kind: Field) -> Result<Token, RdataError> {
        let t = *self.toks.get(self.i).ok_or(RdataError::Missing {
            field: field_label(kind),
        })?;
        self.i += 1;
        let quotes_allowed = matches!(
            kind,
            Field::CharString | Field::CharStrings | Field::StringToEnd
        );
        if t.quoted && !quotes_allowed {
            let problem = match kind {
                Field::U8 | Field::U16 | Field::U32 => Problem::NotANumber,
                _ => Problem::Quoted,
            };
            return Err(bad(kind, t.text(self.buf), problem));
        }
        Ok(t)
    }

    pub(crate) fn next_text(&mut self, kind: Field) -> Result<&'a [u8], RdataError> {
        let t = self.next(kind)?;
        Ok(t.text(self.buf))
    }

    pub(crate) fn peek(&self) -> Option<Token> {
        self.toks.get(self.i).copied()
    }

    pub(crate) fn at_end(&self) -> bool {
        self.i >= self.toks.len()
    }
}

pub(crate) fn bad(kind: Field, text: &[u8], problem: Problem) -> RdataError {
    RdataError::Bad {
        field: field_label(kind),
        text: crate::error::message_text(text),
        problem,
    }
}

pub(crate) fn number<T: TryFrom<u64>>(kind: Field, text: &[u8]) -> Result<T, RdataError> {
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return Err(bad(kind, text, Problem::NotANumber));
    }
    let mut v: u64 = 0;
    for &d in text {
        v = v
            .checked_mul(10)
            .and_then(|v| v.checked_add((d - b'0') as u64))
            .ok_or_else(|| bad(kind, text, Problem::OutOfRange))?;
    }
    T::try_from(v).map_err(|_| bad(kind, text, Problem::OutOfRange))
}

/// Parses a name field: `@` is the origin, a relative name is completed with it.
pub(crate) fn name_into(
    text: &[u8],
    origin: Option<&Name>,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    if text == b"@" {
        let o = origin.ok_or(RdataError::NoOrigin)?;
        out.extend_from_slice(o.as_wire());
        return Ok(());
    }
    let start = out.len();
    parse_name_into(text, origin, out).map_err(|reason| {
        out.truncate(start);
        match reason {
            NameError::NoOrigin => RdataError::NoOrigin,
            reason => RdataError::BadName {
                text: crate::error::message_text(text),
                reason,
            },
        }
    })
}

/// Parses a period with optional TTL units (`1w2d3h4m5s`, any case), as BIND accepts for TTLs
/// and SOA timers.
pub(crate) fn parse_period(text: &[u8]) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.iter().all(u8::is_ascii_digit) {
        return std::str::from_utf8(text).ok()?.parse::<u32>().ok();
    }
    let mut total: u64 = 0;
    let mut cur: u64 = 0;
    let mut have_digit = false;
    for &c in text {
        if c.is_ascii_digit() {
            cur = cur.checked_mul(10)?.checked_add((c - b'0') as u64)?;
            have_digit = true;
            continue;
        }
        let mult = match c.to_ascii_lowercase() {
            b'w' => 604_800,
            b'd' => 86_400,
            b'h' => 3_600,
            b'm' => 60,
            b's' => 1,
            _ => return None,
        };
        if !have_digit {
            return None;
        }
        total = total.checked_add(cur.checked_mul(mult)?)?;
        cur = 0;
        have_digit = false;
    }
    total = total.checked_add(cur)?;
    u32::try_from(total).ok()
}

/// Reads base64 data over as many tokens as it takes (RFC 4648 section 4): a token with a
/// character outside the alphabet ends it at once, and so does a token that ends the data
/// with padding, leaving any later token to the caller (BIND's reader does both). The
/// common case, good data, is decoded in one go; the tokens are looked at one by one only
/// to say where bad data stops.
fn base64_field(kind: Field, cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let first = cur.i;
    let mut all = Vec::new();
    while let Some(t) = cur.peek() {
        cur.i += 1;
        let text = t.text(cur.buf);
        all.extend_from_slice(text);
        if t.quoted || text.contains(&b'=') {
            break;
        }
    }
    // Even where the wire form may hold no octets (an IPSECKEY without a key), the text
    // form needs a token: BIND's reader refuses the keyless text, and a zone we accept must
    // load in named.
    if all.is_empty() && cur.i == first {
        return Err(RdataError::Missing {
            field: field_label(kind),
        });
    }
    if let Some(raw) = cur.toks[first..cur.i]
        .iter()
        .all(|t| !t.quoted)
        .then(|| crate::encoding::base64_decode(&all))
        .flatten()
    {
        out.extend_from_slice(&raw);
        return Ok(());
    }
    let in_alphabet = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=');
    let bad_token = cur.toks[first..cur.i]
        .iter()
        .position(|t| t.quoted || !t.text(cur.buf).iter().all(in_alphabet));
    match bad_token {
        Some(k) => {
            cur.i = first + k + 1;
            Err(bad(
                kind,
                cur.toks[first + k].text(cur.buf),
                Problem::BadBase64,
            ))
        }
        None => Err(bad(kind, &all, Problem::BadBase64)),
    }
}

/// Reads hex data filling the rest of the rdata, over as many tokens as it takes. When the
/// type fixes the length (a known digest type, [`digest::expected_len`]) the data must have
/// exactly that many octets: fewer is a cut-off input, more is bad hex, as BIND reports them.
fn hex_field(cur: &mut Cursor<'_>, out: &mut Vec<u8>, start: usize) -> Result<(), RdataError> {
    let kind = Field::Hex;
    let expected = digest::expected_len(cur.rtype, out.get(start..).unwrap_or(&[]));
    let at = out.len();
    let first = cur.i;
    let mut stream = encoding::HexStream::default();
    let mut last: &[u8] = &[];
    while let Some(t) = cur.peek() {
        cur.i += 1;
        last = t.text(cur.buf);
        if t.quoted || stream.feed(last, out).is_none() {
            return Err(bad(kind, last, Problem::BadHex));
        }
    }
    if cur.i == first {
        return Err(RdataError::Missing {
            field: field_label(kind),
        });
    }
    let got = out.len() - at;
    match expected {
        Some(digest::Length::Exactly(n)) if got < n => Err(bad(kind, last, Problem::Truncated)),
        Some(digest::Length::AtLeast(n)) if got < n => Err(bad(kind, last, Problem::Truncated)),
        Some(digest::Length::Exactly(n)) if got > n => Err(bad(kind, last, Problem::BadHex)),
        _ if stream.has_half_octet() => Err(bad(kind, last, Problem::BadHex)),
        _ => Ok(()),
    }
}

/// Reads one field from the cursor and appends its wire form. `start` is where this rdata
/// begins in `out` (the IPSECKEY gateway looks back at its type octet).
pub(crate) fn parse_field(
    kind: Field,
    cur: &mut Cursor<'_>,
    origin: Option<&Name>,
    out: &mut Vec<u8>,
    start: usize,
) -> Result<(), RdataError> {
    match kind {
        Field::Name { .. } => {
            let t = cur.next_text(kind)?;
            name_into(t, origin, out)
        }
        Field::U8 => {
            let t = cur.next_text(kind)?;
            out.push(number::<u8>(kind, t)?);
            Ok(())
        }
        Field::U16 => {
            let t = cur.next_text(kind)?;
            out.extend_from_slice(&number::<u16>(kind, t)?.to_be_bytes());
            Ok(())
        }
        Field::U32 => {
            let t = cur.next_text(kind)?;
            out.extend_from_slice(&number::<u32>(kind, t)?.to_be_bytes());
            Ok(())
        }
        Field::Period => {
            let t = cur.next_text(kind)?;
            let v = parse_period(t).ok_or_else(|| bad(kind, t, Problem::Syntax))?;
            out.extend_from_slice(&v.to_be_bytes());
            Ok(())
        }
        Field::Timestamp => {
            let t = cur.next_text(kind)?;
            if t.len() != 14 {
                return Err(bad(kind, t, Problem::Syntax));
            }
            let v = encoding::sig_time_parse(t).map_err(|p| bad(kind, t, p))?;
            out.extend_from_slice(&v.to_be_bytes());
            Ok(())
        }
        Field::Time => {
            let t = cur.next_text(kind)?;
            let v = encoding::sig_time_parse(t).map_err(|p| bad(kind, t, p))?;
            out.extend_from_slice(&v.to_be_bytes());
            Ok(())
        }
        Field::Ipv4 => {
            let t = cur.next_text(kind)?;
            let a: Ipv4Addr = std::str::from_utf8(t)
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad(kind, t, Problem::BadIpv4))?;
            out.extend_from_slice(&a.octets());
            Ok(())
        }
        Field::Ipv6 => {
            let t = cur.next_text(kind)?;
            let a: Ipv6Addr = std::str::from_utf8(t)
                .ok()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad(kind, t, Problem::BadIpv6))?;
            out.extend_from_slice(&a.octets());
            Ok(())
        }
        Field::OptionalCharString if cur.at_end() => Ok(()),
        Field::OptionalCharString => parse_field(Field::CharString, cur, origin, out, start),
        Field::Nsap => {
            let t = cur.next_text(kind)?;
            let digits = match t {
                [b'0', b'x' | b'X', rest @ ..] => rest,
                _ => return Err(bad(kind, t, Problem::Syntax)),
            };
            let hex: Vec<u8> = digits.iter().copied().filter(|&c| c != b'.').collect();
            if hex.is_empty() || !hex.len().is_multiple_of(2) {
                // BIND reads the digits in pairs and reports a missing one as the end.
                return Err(bad(kind, t, Problem::OddDigits));
            }
            crate::encoding::hex_decode(&hex, out).ok_or_else(|| bad(kind, t, Problem::Syntax))
        }
        Field::CharString | Field::CaaTag => {
            let t = cur.next_text(kind)?;
            let at = out.len();
            out.push(0);
            encoding::unescape(t, out).ok_or_else(|| bad(kind, t, Problem::Syntax))?;
            let len = out.len() - at - 1;
            if len > 255
                || (kind == Field::CaaTag
                    && (len == 0 || !out[at + 1..].iter().all(u8::is_ascii_alphanumeric)))
            {
                return Err(bad(kind, t, Problem::Syntax));
            }
            out[at] = len as u8;
            Ok(())
        }
        Field::CharStrings => {
            parse_field(Field::CharString, cur, origin, out, start)?;
            while !cur.at_end() {
                parse_field(Field::CharString, cur, origin, out, start)?;
            }
            Ok(())
        }
        Field::StringToEnd => {
            let t = cur.next_text(kind)?;
            encoding::unescape(t, out).ok_or_else(|| bad(kind, t, Problem::Syntax))
        }
        Field::Base64 { .. } => base64_field(kind, cur, out),
        Field::Hex => hex_field(cur, out, start),
        Field::HexWithLength => {
            let t = cur.next_text(kind)?;
            let at = out.len();
            out.push(0);
            if t != b"-" {
                crate::encoding::hex_decode(t, out).ok_or_else(|| bad(kind, t, Problem::BadHex))?;
            }
            let len = out.len() - at - 1;
            out[at] = u8::try_from(len).map_err(|_| bad(kind, t, Problem::BadHex))?;
            Ok(())
        }
        Field::Base32WithLength => {
            let t = cur.next_text(kind)?;
            let at = out.len();
            out.push(0);
            crate::encoding::base32hex_decode(t, out)
                .ok_or_else(|| bad(kind, t, Problem::BadBase32))?;
            let len = out.len() - at - 1;
            if len == 0 {
                return Err(bad(kind, t, Problem::BadBase32));
            }
            out[at] = u8::try_from(len).map_err(|_| bad(kind, t, Problem::BadBase32))?;
            Ok(())
        }
        Field::TypeBitmap => {
            let mut types = Vec::new();
            while !cur.at_end() {
                let text = cur.next_text(kind)?;
                let ty = std::str::from_utf8(text)
                    .ok()
                    .and_then(RrType::from_mnemonic)
                    .ok_or_else(|| bad(kind, text, Problem::UnknownMnemonic))?;
                types.push(ty);
            }
            bitmap::encode(&types, out);
            Ok(())
        }
        Field::TypeCode => {
            let t = cur.next_text(kind)?;
            let ty = std::str::from_utf8(t)
                .ok()
                .and_then(RrType::from_mnemonic)
                .ok_or_else(|| bad(kind, t, Problem::UnknownMnemonic))?;
            out.extend_from_slice(&ty.0.to_be_bytes());
            Ok(())
        }
        Field::Algorithm | Field::AlgorithmMnemonic => {
            let t = cur.next_text(kind)?;
            if !t.is_empty() && t.iter().all(u8::is_ascii_digit) {
                out.push(number::<u8>(kind, t)?);
                return Ok(());
            }
            let alg = std::str::from_utf8(t)
                .ok()
                .and_then(Algorithm::from_text)
                .ok_or_else(|| bad(kind, t, Problem::UnknownMnemonic))?;
            out.push(alg.0);
            Ok(())
        }
        Field::CertType => {
            let t = cur.next_text(kind)?;
            let v = match CERT_TYPES
                .iter()
                .find(|(_, m)| m.as_bytes().eq_ignore_ascii_case(t))
            {
                Some(&(v, _)) => v,
                None if t.first().is_some_and(u8::is_ascii_digit) => number::<u16>(kind, t)?,
                None => return Err(bad(kind, t, Problem::UnknownMnemonic)),
            };
            out.extend_from_slice(&v.to_be_bytes());
            Ok(())
        }
        Field::Loc => loc::parse(cur, out),
        Field::Apl => apl::parse(cur, out),
        Field::OptionalBase64 { dash } => {
            match cur.peek() {
                None if !dash => return Ok(()),
                Some(t) if dash && !t.quoted && t.text(cur.buf) == b"-" => {
                    cur.i += 1;
                    return Ok(());
                }
                _ => {}
            }
            base64_field(kind, cur, out)
        }
        legacy_fields!() => super::legacy::parse(kind, cur, origin, out, start),
        Field::SvcParams => svcb::parse(cur, out),
        Field::IpseckeyGateway => {
            let t = cur.next_text(kind)?;
            let mut one = Cursor {
                buf: cur.buf,
                toks: cur.toks.get(cur.i - 1..cur.i).unwrap_or(&[]),
                i: 0,
                rtype: cur.rtype,
            };
            match out.get(start + 1) {
                Some(0) if t == b"." => Ok(()),
                Some(1) => parse_field(Field::Ipv4, &mut one, origin, out, start),
                Some(2) => parse_field(Field::Ipv6, &mut one, origin, out, start),
                Some(3) => name_into(t, origin, out),
                _ => Err(bad(kind, t, Problem::Syntax)),
            }
        }
        Field::Hip => {
            let alg_text = cur.next_text(Field::U8)?;
            let alg = number::<u8>(Field::U8, alg_text)?;
            let hit_text = cur.next_text(Field::Hex)?;
            let mut hit = Vec::new();
            crate::encoding::hex_decode(hit_text, &mut hit)
                .ok_or_else(|| bad(Field::Hex, hit_text, Problem::BadHex))?;
            let b64 = Field::Base64 {
                may_be_empty: false,
            };
            let key_text = cur.next_text(b64)?;
            let key = crate::encoding::base64_decode(key_text)
                .ok_or_else(|| bad(b64, key_text, Problem::BadBase64))?;
            if hit.is_empty() || hit.len() > 255 || key.len() > u16::MAX as usize {
                return Err(bad(kind, hit_text, Problem::Syntax));
            }
            out.push(hit.len() as u8);
            out.push(alg);
            out.extend_from_slice(&(key.len() as u16).to_be_bytes());
            out.extend_from_slice(&hit);
            out.extend_from_slice(&key);
            while !cur.at_end() {
                let t = cur.next_text(Field::Name { lowercase: false })?;
                name_into(t, origin, out)?;
            }
            Ok(())
        }
        Field::Eui48 | Field::Eui64 => {
            let t = cur.next_text(kind)?;
            let n = if kind == Field::Eui48 { 6 } else { 8 };
            let parts: Vec<&[u8]> = t.split(|&c| c == b'-').collect();
            if parts.len() != n || parts.iter().any(|p| p.len() != 2) {
                return Err(bad(kind, t, Problem::Syntax));
            }
            for p in parts {
                crate::encoding::hex_decode(p, out).ok_or_else(|| bad(kind, t, Problem::Syntax))?;
            }
            Ok(())
        }
        Field::Ilnp64 => {
            let t = cur.next_text(kind)?;
            let parts: Vec<&[u8]> = t.split(|&c| c == b':').collect();
            if parts.len() != 4 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
                return Err(bad(kind, t, Problem::Syntax));
            }
            for p in parts {
                let s = std::str::from_utf8(p).map_err(|_| bad(kind, t, Problem::Syntax))?;
                let v = u16::from_str_radix(s, 16).map_err(|_| bad(kind, t, Problem::Syntax))?;
                out.extend_from_slice(&v.to_be_bytes());
            }
            Ok(())
        }
    }
}

/// The CERT type mnemonics (RFC 4398 section 2.1).
pub(crate) const CERT_TYPES: &[(u16, &str)] = &[
    (1, "PKIX"),
    (2, "SPKI"),
    (3, "PGP"),
    (4, "IPKIX"),
    (5, "ISPKI"),
    (6, "IPGP"),
    (7, "ACPKIX"),
    (8, "IACPKIX"),
    (253, "URI"),
    (254, "OID"),
];

/// Appends a wire name (already checked) in absolute presentation form (RFC 1035 section
/// 5.1 escapes, as [`Name`]'s `Display` prints).
pub fn push_wire_name(wire: &[u8], out: &mut String) {
    if wire.first().copied().unwrap_or(0) == 0 {
        out.push('.');
        return;
    }
    let mut pos = 0;
    while let Some(&len) = wire.get(pos) {
        if len == 0 {
            break;
        }
        let label = wire.get(pos + 1..pos + 1 + len as usize).unwrap_or(&[]);
        push_label_text(out, label);
        out.push('.');
        pos += 1 + len as usize;
    }
}

/// Appends `text` split into 56-character chunks joined by single spaces: the layout BIND
/// uses for long base64 and hex fields in one-line output.
fn push_chunked(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    for (i, chunk) in bytes.chunks(56).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
    }
}

fn be16(b: &[u8]) -> u16 {
    match b {
        [x, y, ..] => u16::from_be_bytes([*x, *y]),
        _ => 0,
    }
}

fn be32(b: &[u8]) -> u32 {
    match b {
        [a, b2, c, d, ..] => u32::from_be_bytes([*a, *b2, *c, *d]),
        _ => 0,
    }
}

/// Appends the presentation form of one field whose octets (already checked by the wire
/// walker) are `bytes`.
pub(crate) fn print_field(
    kind: Field,
    bytes: &[u8],
    whole: &[u8],
    out: &mut String,
) -> Result<(), RdataError> {
    match kind {
        Field::Name { .. } => push_wire_name(bytes, out),
        Field::U8 | Field::Algorithm => {
            let _ = write!(out, "{}", bytes.first().copied().unwrap_or(0));
        }
        Field::U16 => {
            let _ = write!(out, "{}", be16(bytes));
        }
        Field::U32 | Field::Period => {
            let _ = write!(out, "{}", be32(bytes));
        }
        Field::Time | Field::Timestamp => encoding::sig_time_text(be32(bytes), out),
        Field::Ipv4 => {
            let mut o = [0u8; 4];
            o.copy_from_slice(bytes.get(..4).ok_or(RdataError::TrailingWire)?);
            let _ = write!(out, "{}", Ipv4Addr::from(o));
        }
        Field::Ipv6 => {
            let mut o = [0u8; 16];
            o.copy_from_slice(bytes.get(..16).ok_or(RdataError::TrailingWire)?);
            encoding::ipv6_text(&o, out);
        }
        Field::CharString => quoted(bytes.get(1..).unwrap_or(&[]), out),
        Field::OptionalCharString if bytes.is_empty() => {}
        Field::OptionalCharString => quoted(bytes.get(1..).unwrap_or(&[]), out),
        Field::Nsap => {
            out.push_str("0x");
            for b in bytes {
                let _ = write!(out, "{b:02x}");
            }
        }
        Field::CaaTag => {
            for &b in bytes.get(1..).unwrap_or(&[]) {
                out.push(b as char);
            }
        }
        Field::CharStrings => {
            let mut i = 0;
            while i < bytes.len() {
                let len = bytes[i] as usize;
                if i > 0 {
                    out.push(' ');
                }
                quoted(bytes.get(i + 1..i + 1 + len).unwrap_or(&[]), out);
                i += 1 + len;
            }
        }
        Field::StringToEnd => quoted(bytes, out),
        Field::Base64 { .. } => {
            let mut s = String::new();
            crate::encoding::base64_encode(bytes, &mut s);
            push_chunked(&s, out);
        }
        Field::Hex => {
            let mut s = String::new();
            hex_upper(bytes, &mut s);
            push_chunked(&s, out);
        }
        Field::HexWithLength => {
            let data = bytes.get(1..).unwrap_or(&[]);
            if data.is_empty() {
                out.push('-');
            } else {
                hex_upper(data, out);
            }
        }
        Field::Base32WithLength => {
            crate::encoding::base32hex_encode(bytes.get(1..).unwrap_or(&[]), out)
        }
        Field::TypeBitmap => {
            let types = bitmap::decode(bytes).map_err(|_| RdataError::BadWire {
                field: field_label(kind),
            })?;
            for (i, t) in types.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                let _ = write!(out, "{t}");
            }
        }
        Field::TypeCode => {
            let _ = write!(out, "{}", RrType(be16(bytes)));
        }
        Field::AlgorithmMnemonic => {
            let alg = Algorithm(bytes.first().copied().unwrap_or(0));
            match alg.mnemonic() {
                Some(m) => out.push_str(m),
                None => {
                    let _ = write!(out, "{}", alg.0);
                }
            }
        }
        Field::CertType => {
            let v = be16(bytes);
            match CERT_TYPES.iter().find(|(c, _)| *c == v) {
                Some((_, m)) => out.push_str(m),
                None => {
                    let _ = write!(out, "{v}");
                }
            }
        }
        Field::Loc => loc::print(bytes, out),
        Field::OptionalBase64 { dash } if bytes.is_empty() => {
            if dash {
                out.push('-');
            }
        }
        // BIND writes DOA data in one piece, SINK data in pieces like other base64.
        Field::OptionalBase64 { dash: true } => crate::encoding::base64_encode(bytes, out),
        Field::OptionalBase64 { dash: false } => {
            let mut s = String::new();
            crate::encoding::base64_encode(bytes, &mut s);
            push_chunked(&s, out);
        }
        legacy_fields!() => super::legacy::print(kind, bytes, whole, out)?,
        Field::Apl => apl::print(bytes, out),
        Field::SvcParams => svcb::print(bytes, out)?,
        Field::IpseckeyGateway => match whole.get(1) {
            Some(1) => print_field(Field::Ipv4, bytes, whole, out)?,
            Some(2) => print_field(Field::Ipv6, bytes, whole, out)?,
            Some(3) => push_wire_name(bytes, out),
            _ => out.push('.'),
        },
        Field::Hip => {
            let hit_len = bytes.first().copied().unwrap_or(0) as usize;
            let alg = bytes.get(1).copied().unwrap_or(0);
            let key_len = be16(bytes.get(2..).unwrap_or(&[])) as usize;
            let hit = bytes.get(4..4 + hit_len).unwrap_or(&[]);
            let key = bytes.get(4 + hit_len..4 + hit_len + key_len).unwrap_or(&[]);
            let _ = write!(out, "{alg} ");
            hex_upper(hit, out);
            out.push(' ');
            crate::encoding::base64_encode(key, out);
            let mut rest = bytes.get(4 + hit_len + key_len..).unwrap_or(&[]);
            while !rest.is_empty() {
                let len = crate::name::wire_name_len(rest)
                    .map_err(|_| RdataError::BadWire { field: "HIP" })?;
                out.push(' ');
                push_wire_name(&rest[..len], out);
                rest = &rest[len..];
            }
        }
        Field::Eui48 | Field::Eui64 => {
            for (i, b) in bytes.iter().enumerate() {
                if i > 0 {
                    out.push('-');
                }
                let _ = write!(out, "{b:02x}");
            }
        }
        Field::Ilnp64 => {
            for (i, pair) in bytes.chunks(2).enumerate() {
                if i > 0 {
                    out.push(':');
                }
                let _ = write!(out, "{:x}", be16(pair));
            }
        }
    }
    Ok(())
}
