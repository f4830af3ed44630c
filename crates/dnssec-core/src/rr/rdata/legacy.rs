//! Fields of the older and rarer types whose text is not a plain list of numbers, names and
//! strings: WKS (RFC 1035 section 3.4.2), NXT (RFC 2535 section 5.2), A6 (RFC 2874 section
//! 3.1), ATMA (ATM Forum AF-DANS-0152.000), AMTRELAY (RFC 8777 section 4), DSYNC (RFC 9859
//! section 2), DOA and TKEY (RFC 2930 section 2). What BIND accepts and prints for each is in docs/bind-compat.md,
//! "zone reader: record types".

use std::fmt::Write;
use std::net::Ipv6Addr;
use std::sync::OnceLock;

use super::kinds::Field;
use super::text::{bad, name_into, number, parse_field, push_wire_name, Cursor};
use super::{Problem, RdataError};
use crate::name::{wire_name_len, Name};
use crate::rr::RrType;

fn wire_bad(kind: Field) -> RdataError {
    RdataError::BadWire {
        field: super::field_label(kind),
    }
}

// ---------------------------------------------------------------- WKS

/// One line of a services(5) or protocols(5) file: the number and every name (the
/// official one and its aliases), with the protocol for services.
struct DbEntry {
    names: Vec<String>,
    number: u32,
    protocol: String,
}

/// Reads a services(5) or protocols(5) file. BIND resolves WKS names through the system's
/// databases, so a name it accepts depends on the machine; ours reads the same files. A file
/// that cannot be read gives an empty table (every name is then unknown, as with BIND).
fn read_db(path: &str, services: bool) -> Vec<DbEntry> {
    let Ok(text) = std::fs::read(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.split(|&c| c == b'\n') {
        let line = line.split(|&c| c == b'#').next().unwrap_or(&[]);
        let line = String::from_utf8_lossy(line);
        let mut words = line.split_whitespace();
        let (Some(name), Some(second)) = (words.next(), words.next()) else {
            continue;
        };
        let (num, protocol) = if services {
            match second.split_once('/') {
                Some((n, p)) => (n, p.to_ascii_lowercase()),
                None => continue,
            }
        } else {
            (second, String::new())
        };
        let Ok(number) = num.parse::<u32>() else {
            continue;
        };
        let mut names = vec![name.to_ascii_lowercase()];
        names.extend(words.map(str::to_ascii_lowercase));
        out.push(DbEntry {
            names,
            number,
            protocol,
        });
    }
    out
}

fn services() -> &'static [DbEntry] {
    static DB: OnceLock<Vec<DbEntry>> = OnceLock::new();
    DB.get_or_init(|| read_db("/etc/services", true))
}

fn protocols() -> &'static [DbEntry] {
    static DB: OnceLock<Vec<DbEntry>> = OnceLock::new();
    DB.get_or_init(|| read_db("/etc/protocols", false))
}

/// A WKS protocol or port: decimal digits are the number, anything else a name looked up
/// without regard to case (BIND lowercases the token before asking the system).
fn wks_number(
    text: &[u8],
    max: u32,
    lookup: impl FnOnce(&str) -> Option<u32>,
    unknown: Problem,
) -> Result<u32, RdataError> {
    if !text.is_empty() && text.iter().all(u8::is_ascii_digit) {
        let v: u64 = number(Field::Wks, text)?;
        return u32::try_from(v)
            .ok()
            .filter(|&v| v <= max)
            .ok_or_else(|| bad(Field::Wks, text, Problem::OutOfRange));
    }
    let name = std::str::from_utf8(text)
        .map_err(|_| bad(Field::Wks, text, unknown))?
        .to_ascii_lowercase();
    lookup(&name).ok_or_else(|| bad(Field::Wks, text, unknown))
}

/// The protocol octet and the port bitmap of a WKS record (RFC 1035 section 3.4.2): the
/// bitmap ends at the highest port listed.
fn parse_wks(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let t = cur.next_text(Field::Wks)?;
    let proto = wks_number(
        t,
        255,
        |n| {
            protocols()
                .iter()
                .find(|e| e.names.iter().any(|x| x == n))
                .map(|e| e.number)
        },
        Problem::UnknownProtocol,
    )?;
    // Services are looked up under the protocol's official name (tcp, udp).
    let proto_name = protocols()
        .iter()
        .find(|e| e.number == proto)
        .and_then(|e| e.names.first().cloned())
        .unwrap_or_default();
    let mut bitmap = vec![0u8; 0];
    while !cur.at_end() {
        let t = cur.next_text(Field::Wks)?;
        let port = wks_number(
            t,
            65535,
            |n| {
                services()
                    .iter()
                    .find(|e| e.protocol == proto_name && e.names.iter().any(|x| x == n))
                    .map(|e| e.number)
                    .filter(|&p| p <= 65535)
            },
            Problem::UnknownService,
        )? as usize;
        if bitmap.len() <= port / 8 {
            bitmap.resize(port / 8 + 1, 0);
        }
        bitmap[port / 8] |= 0x80 >> (port % 8);
    }
    out.push(proto as u8);
    out.extend_from_slice(&bitmap);
    Ok(())
}

fn print_wks(bytes: &[u8], out: &mut String) {
    let _ = write!(out, "{}", bytes.first().copied().unwrap_or(0));
    for (i, &b) in bytes.iter().skip(1).enumerate() {
        for bit in 0..8 {
            if b & (0x80 >> bit) != 0 {
                let _ = write!(out, " {}", i * 8 + bit);
            }
        }
    }
}

// ---------------------------------------------------------------- NXT

/// The NXT type bitmap (RFC 2535 section 5.2): bit N for type N, types 1 to 127 only, no
/// trailing zero octet. An empty bitmap is allowed, as BIND reads one.
fn parse_nxt_bitmap(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let mut bitmap = [0u8; 16];
    let mut last = None;
    while !cur.at_end() {
        let text = cur.next_text(Field::NxtBitmap)?;
        // A bare number is a type too: BIND writes types without a mnemonic that way here.
        let ty = if !text.is_empty() && text.iter().all(u8::is_ascii_digit) {
            RrType(number::<u32>(Field::NxtBitmap, text)?.min(65535) as u16)
        } else {
            std::str::from_utf8(text)
                .ok()
                .and_then(RrType::from_mnemonic)
                .ok_or_else(|| bad(Field::NxtBitmap, text, Problem::UnknownMnemonic))?
        };
        // BIND reads every type first and then says the list is out of range, at the end.
        if ty.0 == 0 || ty.0 > 127 {
            cur.i = cur.toks.len();
            return Err(RdataError::Bad {
                field: super::field_label(Field::NxtBitmap),
                text: String::new(),
                problem: Problem::OutOfRangeAtEnd,
            });
        }
        let t = ty.0 as usize;
        bitmap[t / 8] |= 0x80 >> (t % 8);
        last = Some(last.map_or(t / 8, |l: usize| l.max(t / 8)));
    }
    if let Some(l) = last {
        out.extend_from_slice(&bitmap[..=l]);
    }
    Ok(())
}

fn nxt_bitmap_ok(rest: &[u8]) -> bool {
    // Bit 0 would announce an extended bitmap, which RFC 2535 leaves undefined.
    rest.len() <= 16 && rest.last() != Some(&0) && rest.first().is_none_or(|b| b & 0x80 == 0)
}

fn print_nxt_bitmap(bytes: &[u8], out: &mut String) {
    let mut first = true;
    for (i, &b) in bytes.iter().enumerate() {
        for bit in 0..8 {
            if b & (0x80 >> bit) == 0 {
                continue;
            }
            if !first {
                out.push(' ');
            }
            first = false;
            let ty = RrType((i * 8 + bit) as u16);
            // BIND writes a type without a mnemonic as its bare number here.
            match ty.mnemonic() {
                Some(m) => out.push_str(m),
                None => {
                    let _ = write!(out, "{}", ty.0);
                }
            }
        }
    }
}

// ---------------------------------------------------------------- A6

/// Octets of address suffix an A6 record with prefix length `plen` carries (RFC 2874
/// section 3.1).
fn a6_suffix_len(plen: u8) -> usize {
    16 - plen as usize / 8
}

/// `plen suffix`: the prefix length and the address suffix, the bits covered by the prefix
/// cleared (BIND clears them rather than refusing them).
fn parse_a6_suffix(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let t = cur.next_text(Field::U8)?;
    let plen: u8 = number(Field::U8, t)?;
    if plen > 128 {
        return Err(bad(Field::U8, t, Problem::OutOfRange));
    }
    out.push(plen);
    if plen == 128 {
        return Ok(());
    }
    let t = cur.next_text(Field::Ipv6)?;
    let a: Ipv6Addr = std::str::from_utf8(t)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(Field::Ipv6, t, Problem::BadIpv6))?;
    let octets = a.octets();
    let n = a6_suffix_len(plen);
    let at = out.len();
    out.extend_from_slice(&octets[16 - n..]);
    out[at] &= 0xffu8 >> (plen % 8);
    Ok(())
}

fn print_a6_suffix(bytes: &[u8], out: &mut String) {
    let plen = bytes.first().copied().unwrap_or(0);
    let _ = write!(out, "{plen} ");
    if plen < 128 {
        let suffix = bytes.get(1..).unwrap_or(&[]);
        let mut o = [0u8; 16];
        o[16 - suffix.len()..].copy_from_slice(suffix);
        super::encoding::ipv6_text(&o, out);
    }
}

// ---------------------------------------------------------------- ATMA

fn parse_atma(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let kind = Field::Atma;
    let t = cur.next_text(kind)?;
    if let Some(digits) = t.strip_prefix(b"+") {
        // E.164 (format 1): decimal digits.
        if digits.is_empty() {
            return Err(bad(kind, t, Problem::OddDigits));
        }
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(bad(kind, t, Problem::Syntax));
        }
        out.push(1);
        out.extend_from_slice(digits);
        return Ok(());
    }
    // AESA (format 0): hex digits in pairs, a dot allowed between pairs.
    out.push(0);
    let mut high: Option<u8> = None;
    let mut octets = 0;
    for &c in t {
        if c == b'.' && high.is_none() && octets > 0 {
            continue;
        }
        let v = crate::encoding::hex_val(c).ok_or_else(|| bad(kind, t, Problem::Syntax))?;
        match high.take() {
            None => high = Some(v),
            Some(h) => {
                out.push(h << 4 | v);
                octets += 1;
            }
        }
    }
    if high.is_some() || octets == 0 {
        return Err(bad(kind, t, Problem::OddDigits));
    }
    Ok(())
}

fn atma_ok(rest: &[u8]) -> bool {
    match rest.split_first() {
        Some((0, addr)) => !addr.is_empty(),
        Some((1, addr)) => !addr.is_empty(),
        // Other formats are kept and written generically.
        Some((_, addr)) => !addr.is_empty(),
        None => false,
    }
}

fn print_atma(bytes: &[u8], out: &mut String) -> Result<(), RdataError> {
    match bytes.split_first() {
        Some((0, addr)) => {
            for b in addr {
                let _ = write!(out, "{b:02x}");
            }
        }
        Some((1, addr)) => {
            out.push('+');
            out.extend(addr.iter().map(|&b| b as char));
        }
        _ => return Err(wire_bad(Field::Atma)),
    }
    Ok(())
}

// ---------------------------------------------------------------- AMTRELAY

/// `D type`: the discovery-optional bit and the 7-bit relay type (RFC 8777 section 4.2).
fn parse_amt_type(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let t = cur.next_text(Field::U8)?;
    let d: u32 = number(Field::U8, t)?;
    if d > 1 {
        return Err(bad(Field::U8, t, Problem::OutOfRange));
    }
    let t = cur.next_text(Field::U8)?;
    let ty: u8 = number(Field::U8, t)?;
    if ty > 0x7f {
        return Err(bad(Field::U8, t, Problem::OutOfRange));
    }
    out.push((d as u8) << 7 | ty);
    Ok(())
}

fn print_amt_type(bytes: &[u8], out: &mut String) {
    let b = bytes.first().copied().unwrap_or(0);
    let _ = write!(out, "{} {}", b >> 7, b & 0x7f);
}

/// The relay, whose form the type in the octet before it says (RFC 8777 section 4.2.3).
fn parse_amt_relay(
    cur: &mut Cursor<'_>,
    origin: Option<&Name>,
    out: &mut Vec<u8>,
    start: usize,
) -> Result<(), RdataError> {
    let ty = out.get(start + 1).map(|b| b & 0x7f);
    if ty > Some(3) {
        // BIND takes the relay token before it finds the type unsupported.
        cur.i = (cur.i + 1).min(cur.toks.len());
        return Err(RdataError::Bad {
            field: super::field_label(Field::AmtRelay),
            text: String::new(),
            problem: Problem::NotImplemented,
        });
    }
    let t = cur.next_text(Field::AmtRelay)?;
    let mut one = Cursor {
        buf: cur.buf,
        toks: cur.toks.get(cur.i - 1..cur.i).unwrap_or(&[]),
        i: 0,
        rtype: cur.rtype,
    };
    match ty {
        Some(0) if t == b"." => Ok(()),
        Some(1) => parse_field(Field::Ipv4, &mut one, origin, out, start),
        Some(2) => parse_field(Field::Ipv6, &mut one, origin, out, start),
        Some(3) => name_into(t, origin, out),
        _ => Err(bad(Field::AmtRelay, t, Problem::Syntax)),
    }
}

// ---------------------------------------------------------------- DSYNC

/// The DSYNC scheme mnemonics (RFC 9859 section 2.1 and its IANA registry).
const DSYNC_SCHEMES: &[(u8, &str)] = &[(1, "NOTIFY")];

fn parse_dsync_scheme(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let t = cur.next_text(Field::DsyncScheme)?;
    if !t.is_empty() && t.iter().all(u8::is_ascii_digit) {
        out.push(number::<u8>(Field::DsyncScheme, t)?);
        return Ok(());
    }
    match DSYNC_SCHEMES
        .iter()
        .find(|(_, m)| m.as_bytes().eq_ignore_ascii_case(t))
    {
        Some(&(v, _)) => {
            out.push(v);
            Ok(())
        }
        None => Err(bad(Field::DsyncScheme, t, Problem::UnknownMnemonic)),
    }
}

fn print_dsync_scheme(bytes: &[u8], out: &mut String) {
    let v = bytes.first().copied().unwrap_or(0);
    match DSYNC_SCHEMES.iter().find(|(c, _)| *c == v) {
        Some((_, m)) => out.push_str(m),
        None => {
            let _ = write!(out, "{v}");
        }
    }
}

// ---------------------------------------------------------------- key flags

/// The flag mnemonics BIND's key-flag reader knows, in the order it tries them: a word
/// picks the first entry that starts with it, without regard to case (so `Z` is `ZONE` and
/// an empty word, from `|ZONE`, is `NOCONF`). Bit names of RFC 2535 section 3.1.2, `KSK`
/// for the SEP bit of RFC 4034 section 2.1.1 (docs/bind-compat.md, "zone reader: record
/// types").
const KEY_FLAGS: &[(&str, u16)] = &[
    ("NOCONF", 0x4000),
    ("NOAUTH", 0x8000),
    ("NOKEY", 0xC000),
    ("FLAG2", 0x2000),
    ("EXTEND", 0x1000),
    ("FLAG4", 0x0800),
    ("FLAG5", 0x0400),
    ("USER", 0x0000),
    ("ZONE", 0x0100),
    ("HOST", 0x0200),
    ("NTYP3", 0x0300),
    ("FLAG8", 0x0080),
    ("FLAG9", 0x0040),
    ("FLAG10", 0x0020),
    ("FLAG11", 0x0010),
    ("SIG0", 0),
    ("SIG1", 1),
    ("SIG2", 2),
    ("SIG3", 3),
    ("SIG4", 4),
    ("SIG5", 5),
    ("SIG6", 6),
    ("SIG7", 7),
    ("SIG8", 8),
    ("SIG9", 9),
    ("SIG10", 10),
    ("SIG11", 11),
    ("SIG12", 12),
    ("SIG13", 13),
    ("SIG14", 14),
    ("SIG15", 15),
    ("KSK", 0x0001),
];

/// DNSKEY/KEY flags as BIND reads them: a decimal number, `0x` and hex digits, or
/// mnemonics joined by `|` (a `|` at the end adds nothing).
fn parse_key_flags(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let kind = Field::KeyFlags;
    let t = cur.next_text(kind)?;
    let unknown = || bad(kind, t, Problem::UnknownFlag);
    let value: u16 = if t.first().is_some_and(u8::is_ascii_digit) {
        let (digits, radix) = match t {
            [b'0', b'x' | b'X', rest @ ..] => (rest, 16),
            _ => (t, 10),
        };
        if digits.is_empty() || !digits.iter().all(|&c| (c as char).is_digit(radix)) {
            return Err(unknown());
        }
        let mut v: u64 = 0;
        for &c in digits {
            let d = (c as char).to_digit(radix).unwrap_or(0) as u64;
            v = (v * radix as u64 + d).min(1 << 20);
        }
        u16::try_from(v).map_err(|_| bad(kind, t, Problem::OutOfRange))?
    } else {
        let mut v = 0u16;
        let mut rest = t;
        while !rest.is_empty() {
            let (word, tail) = match rest.iter().position(|&c| c == b'|') {
                Some(p) => (&rest[..p], &rest[p + 1..]),
                None => (rest, &[][..]),
            };
            let flag = KEY_FLAGS
                .iter()
                .find(|(m, _)| {
                    m.len() >= word.len() && m.as_bytes()[..word.len()].eq_ignore_ascii_case(word)
                })
                .ok_or_else(unknown)?;
            v |= flag.1;
            rest = tail;
        }
        v
    };
    out.extend_from_slice(&value.to_be_bytes());
    Ok(())
}

// ---------------------------------------------------------------- TKEY

/// The rcode mnemonics BIND reads in a TKEY error field: the DNS rcodes of RFC 1035 section
/// 4.1.1 and RFC 2136 section 2.2, and the TSIG ones of RFC 8945 section 3 and RFC 2930
/// section 2.6 (BADVERS and BADCOOKIE are refused, as BIND does).
const TSIG_RCODES: &[(u16, &str)] = &[
    (0, "NOERROR"),
    (1, "FORMERR"),
    (2, "SERVFAIL"),
    (3, "NXDOMAIN"),
    (4, "NOTIMP"),
    (5, "REFUSED"),
    (6, "YXDOMAIN"),
    (7, "YXRRSET"),
    (8, "NXRRSET"),
    (9, "NOTAUTH"),
    (10, "NOTZONE"),
    (16, "BADSIG"),
    (17, "BADKEY"),
    (18, "BADTIME"),
    (19, "BADMODE"),
    (20, "BADNAME"),
    (21, "BADALG"),
    (22, "BADTRUNC"),
];

fn parse_tsig_error(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let kind = Field::TsigError;
    let t = cur.next_text(kind)?;
    let v = if !t.is_empty() && t.iter().all(u8::is_ascii_digit) {
        number::<u16>(kind, t)?
    } else {
        TSIG_RCODES
            .iter()
            .find(|(_, m)| m.as_bytes().eq_ignore_ascii_case(t))
            .map(|&(v, _)| v)
            .ok_or_else(|| bad(kind, t, Problem::UnknownMnemonic))?
    };
    out.extend_from_slice(&v.to_be_bytes());
    Ok(())
}

/// Reads a length, then base64 tokens until exactly that many octets are decoded: more is
/// bad base64; running out of tokens, a quadruple left open, or padding (which ends the
/// data) before the length is reached is a cut-off input. Both errors name the token after
/// the last one read, as BIND's do.
fn parse_sized_base64(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let t = cur.next_text(Field::U16)?;
    let want = usize::from(number::<u16>(Field::U16, t)?);
    out.extend_from_slice(&(want as u16).to_be_bytes());
    let kind = Field::SizedBase64;
    if want == 0 {
        return Ok(());
    }
    // Decoded a quadruple at a time as tokens come, so the work stays linear in the text.
    let mut raw: Vec<u8> = Vec::with_capacity(want);
    let mut pending: Vec<u8> = Vec::with_capacity(4);
    loop {
        let tok = cur.next(kind)?;
        let piece = tok.text(cur.buf);
        let mut padded = false;
        for (k, &c) in piece.iter().enumerate() {
            pending.push(c);
            if pending.len() < 4 {
                continue;
            }
            let quad = crate::encoding::base64_decode(&pending)
                .ok_or_else(|| bad(kind, piece, Problem::BadBase64))?;
            padded = pending.ends_with(b"=");
            pending.clear();
            raw.extend_from_slice(&quad);
            // More octets than announced, or text after the padding that ends the data.
            if raw.len() > want || (padded && k + 1 < piece.len()) {
                return Err(bad(kind, piece, Problem::BadBase64));
            }
        }
        if !pending.is_empty() {
            continue;
        }
        if raw.len() == want {
            out.extend_from_slice(&raw);
            return Ok(());
        }
        if padded {
            return Err(RdataError::Missing {
                field: super::field_label(kind),
            });
        }
    }
}

fn sized_len(rest: &[u8]) -> Option<usize> {
    let n = usize::from(u16::from_be_bytes([*rest.first()?, *rest.get(1)?]));
    (rest.len() >= 2 + n).then_some(2 + n)
}

// ---------------------------------------------------------------- entry points

/// Reads a field of one of this module's kinds.
pub(crate) fn parse(
    kind: Field,
    cur: &mut Cursor<'_>,
    origin: Option<&Name>,
    out: &mut Vec<u8>,
    start: usize,
) -> Result<(), RdataError> {
    match kind {
        Field::Wks => parse_wks(cur, out),
        Field::NxtBitmap => parse_nxt_bitmap(cur, out),
        Field::A6Suffix => parse_a6_suffix(cur, out),
        Field::A6Prefix => match out.get(start) {
            Some(0) | None => Ok(()),
            Some(_) => {
                let t = cur.next_text(kind)?;
                name_into(t, origin, out)
            }
        },
        Field::Atma => parse_atma(cur, out),
        Field::AmtRelayType => parse_amt_type(cur, out),
        Field::AmtRelay => parse_amt_relay(cur, origin, out, start),
        Field::DsyncScheme => parse_dsync_scheme(cur, out),
        Field::KeyFlags => parse_key_flags(cur, out),
        Field::RkeyFlags => {
            let t = cur.next_text(kind)?;
            if number::<u16>(kind, t)? != 0 {
                return Err(bad(kind, t, Problem::FormErr));
            }
            out.extend_from_slice(&[0, 0]);
            Ok(())
        }
        Field::TypeOrNumber => {
            let t = cur.next_text(kind)?;
            let ty = if !t.is_empty() && t.iter().all(u8::is_ascii_digit) {
                RrType(number::<u16>(kind, t)?)
            } else {
                std::str::from_utf8(t)
                    .ok()
                    .and_then(RrType::from_mnemonic)
                    .ok_or_else(|| bad(kind, t, Problem::UnknownMnemonic))?
            };
            out.extend_from_slice(&ty.0.to_be_bytes());
            Ok(())
        }
        Field::TsigError => parse_tsig_error(cur, out),
        Field::SizedBase64 => parse_sized_base64(cur, out),
        _ => Err(wire_bad(kind)),
    }
}

/// The wire length of a field of one of this module's kinds at `pos`, after checking it.
pub(crate) fn field_len(kind: Field, wire: &[u8], pos: usize) -> Result<usize, RdataError> {
    let rest = wire.get(pos..).unwrap_or(&[]);
    let ok = |good: bool, n: usize| if good { Ok(n) } else { Err(wire_bad(kind)) };
    match kind {
        Field::Wks => ok(!rest.is_empty(), rest.len()),
        Field::NxtBitmap if nxt_bitmap_ok(rest) => Ok(rest.len()),
        Field::NxtBitmap => Err(RdataError::BadBitmap),
        Field::A6Suffix => {
            let plen = rest.first().copied().unwrap_or(255);
            let n = 1 + a6_suffix_len(plen.min(128));
            ok(plen <= 128 && rest.len() >= n, n)
        }
        Field::A6Prefix => match wire.first() {
            Some(0) => Ok(0),
            _ => wire_name_len(rest).map_err(|_| wire_bad(kind)),
        },
        Field::Atma if rest.first() == Some(&1) && !rest[1..].iter().all(u8::is_ascii_digit) => {
            Err(RdataError::Refused {
                what: "E.164 address",
            })
        }
        Field::Atma => ok(atma_ok(rest), rest.len()),
        Field::AmtRelayType | Field::DsyncScheme => ok(!rest.is_empty(), 1),
        Field::TypeOrNumber | Field::KeyFlags | Field::TsigError => ok(rest.len() >= 2, 2),
        Field::SizedBase64 => sized_len(rest).ok_or_else(|| wire_bad(kind)),
        Field::RkeyFlags if rest.len() < 2 => Err(wire_bad(kind)),
        Field::RkeyFlags if rest[..2] != [0, 0] => Err(RdataError::Refused { what: "RKEY flags" }),
        Field::RkeyFlags => Ok(2),
        Field::AmtRelay => match wire.get(1).map(|b| b & 0x7f) {
            Some(0) => Ok(0),
            Some(1) => ok(rest.len() >= 4, 4),
            Some(2) => ok(rest.len() >= 16, 16),
            Some(3) => wire_name_len(rest).map_err(|_| wire_bad(kind)),
            // Other relay types are kept (BIND loads them in the generic form) and written
            // generically: the printer refuses them.
            _ => Ok(rest.len()),
        },
        _ => Err(wire_bad(kind)),
    }
}

/// Writes a field of one of this module's kinds; an error sends the whole rdata to the
/// generic form.
pub(crate) fn print(
    kind: Field,
    bytes: &[u8],
    whole: &[u8],
    out: &mut String,
) -> Result<(), RdataError> {
    match kind {
        Field::Wks => print_wks(bytes, out),
        Field::NxtBitmap => print_nxt_bitmap(bytes, out),
        Field::A6Suffix => print_a6_suffix(bytes, out),
        Field::A6Prefix if bytes.is_empty() => {}
        Field::A6Prefix => push_wire_name(bytes, out),
        Field::Atma => print_atma(bytes, out)?,
        Field::AmtRelayType => print_amt_type(bytes, out),
        Field::AmtRelay => match whole.get(1).map(|b| b & 0x7f) {
            Some(0) => out.push('.'),
            Some(1) => super::text::print_field(Field::Ipv4, bytes, whole, out)?,
            Some(2) => super::text::print_field(Field::Ipv6, bytes, whole, out)?,
            Some(3) => push_wire_name(bytes, out),
            _ => return Err(wire_bad(kind)),
        },
        Field::DsyncScheme => print_dsync_scheme(bytes, out),
        Field::RkeyFlags => out.push('0'),
        Field::KeyFlags => {
            let v = u16::from_be_bytes([
                bytes.first().copied().unwrap_or(0),
                bytes.get(1).copied().unwrap_or(0),
            ]);
            let _ = write!(out, "{v}");
        }
        Field::TypeOrNumber => {
            let v = u16::from_be_bytes([
                bytes.first().copied().unwrap_or(0),
                bytes.get(1).copied().unwrap_or(0),
            ]);
            let _ = write!(out, "{}", RrType(v));
        }
        Field::TsigError => {
            let v = u16::from_be_bytes([
                bytes.first().copied().unwrap_or(0),
                bytes.get(1).copied().unwrap_or(0),
            ]);
            match TSIG_RCODES.iter().find(|(c, _)| *c == v) {
                Some((_, m)) => out.push_str(m),
                None => {
                    let _ = write!(out, "{v}");
                }
            }
        }
        Field::SizedBase64 => {
            let data = bytes.get(2..).unwrap_or(&[]);
            let _ = write!(out, "{}", data.len());
            if !data.is_empty() {
                out.push(' ');
                crate::encoding::base64_encode(data, out);
            }
        }
        _ => return Err(wire_bad(kind)),
    }
    Ok(())
}
