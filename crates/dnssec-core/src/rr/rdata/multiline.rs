//! The multi-line presentation of rdata that BIND's explicit-TTL master file style uses
//! (what `dnssec-signzone` writes by default, docs/bind-compat.md,
//! "signzone: output formats and order"): long digests, keys and signatures broken over lines
//! inside `( … )`, each continuation indented to the rdata column, SOA timers one per line with
//! comments, and a comment after keys and DHCIDs.
//!
//! Like the one-line printer it is driven by the field table (`table.rs`): a second, small
//! table here says for each type how its fields group into lines. Types without an entry
//! print on one line exactly as [`super::try_to_text`] does.

use std::fmt::Write as _;

use super::kinds::Field;
use super::text::{print_field, push_wire_name};
use super::{wire, RdataError};
use crate::encoding::{base64_encode, hex_upper};
use crate::rr::Dnskey;
use crate::rr::RrType;

/// What starts each continuation line: a newline and the indent to the rdata column (five
/// tabs reach column 40, the explicit-TTL style's rdata column).
pub const LINE_BREAK: &str = "\n\t\t\t\t\t";

/// How many characters of base64 or hex go on one continuation line (the style's 80-column
/// line less the rdata column and the room BIND keeps for the closing parenthesis).
pub const WIDTH: usize = 36;

/// Where a type's parenthesis opens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `f0 f1 (` then the other lines: the fixed fields stay on the record's line.
    AfterFirstLine,
    /// `( f0 f1` then the other lines: everything is inside.
    BeforeFirstLine,
    /// ` (f0` then the other lines: a blank before the parenthesis and none after it, as
    /// BIND writes HHIT and BRID.
    BeforeFirstLineTight,
}

/// The comment written after the closing parenthesis.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Note {
    None,
    /// DNSKEY, CDNSKEY: ` ; KSK; alg = ED25519 ; key id = 123` (`revoked ` before the role).
    KeyRole,
    /// KEY: `; alg = ED25519 ; key id = 123`.
    KeyAlgorithm,
    /// DHCID: ` ; <identifier type> <digest type> <digest length>` (RFC 4701 section 3.5).
    Dhcid,
}

/// How one type's fields group into lines.
struct Shape {
    open: Open,
    /// Fields per line; the last line takes the fields that remain.
    lines: &'static [usize],
    /// `)` alone on its own line instead of ` )` after the last field.
    close_alone: bool,
    note: Note,
}

const fn after(lines: &'static [usize]) -> Shape {
    Shape {
        open: Open::AfterFirstLine,
        lines,
        close_alone: false,
        note: Note::None,
    }
}

const fn inside_tight(lines: &'static [usize]) -> Shape {
    Shape {
        open: Open::BeforeFirstLineTight,
        lines,
        close_alone: false,
        note: Note::None,
    }
}

const fn inside(lines: &'static [usize]) -> Shape {
    Shape {
        open: Open::BeforeFirstLine,
        lines,
        close_alone: false,
        note: Note::None,
    }
}

/// The multi-line shape of `rtype`, or `None` when BIND keeps it on one line. Observed
/// from BIND 9.18's dnssec-signzone output for every type of `table.rs`.
fn shape(rtype: RrType) -> Option<Shape> {
    Some(match rtype.0 {
        46 => after(&[4, 4, 1]),                   // RRSIG: type alg labels ttl (
        24 => after(&[5, 3, 1]),                   // SIG: ... expiration (
        43 | 59 | 32768 | 32769 => after(&[3, 1]), // DS CDS TA DLV
        44 => after(&[2, 1]),                      // SSHFP
        52 | 53 => after(&[3, 1]),                 // TLSA SMIMEA
        63 => after(&[3, 1]),                      // ZONEMD
        37 => after(&[3, 1]),                      // CERT
        50 => after(&[4, 1, 1]),                   // NSEC3: hash, then types
        48 | 60 => Shape {
            close_alone: true,
            note: Note::KeyRole,
            ..after(&[3, 1])
        }, // DNSKEY CDNSKEY
        25 | 57 => Shape {
            close_alone: true,
            note: Note::KeyAlgorithm,
            ..after(&[3, 1])
        }, // KEY RKEY
        40 => after(&[3, 1]),                      // SINK
        31 | 32 => inside(&[1]),                   // EID NIMLOC
        67 | 68 => inside_tight(&[1]),             // HHIT BRID
        61 => inside(&[1]),                        // OPENPGPKEY
        45 => inside(&[4, 1]),                     // IPSECKEY: key on the second line
        55 => inside(&[1]),                        // HIP: the field breaks its own lines
        49 => Shape {
            note: Note::Dhcid,
            ..inside(&[1])
        }, // DHCID
        _ => return None,
    })
}

/// Appends the multi-line presentation of `wire` as rdata of `rtype` (continuation lines
/// start with [`LINE_BREAK`]); an error when the wire data does not fit the type. Types BIND
/// keeps on one line print as [`super::try_to_text`] does; types without a layout print in
/// the generic form of RFC 3597 section 5 with the hex inside parentheses.
pub fn try_to_multiline_text(
    rtype: RrType,
    wire_data: &[u8],
    out: &mut String,
) -> Result<(), RdataError> {
    if rtype == RrType::SOA {
        return soa(wire_data, out);
    }
    // A SINK without data stays on one line (BIND opens no parenthesis for nothing).
    let shape = shape(rtype).filter(|_| !(rtype.0 == 40 && wire_data.len() <= 3));
    let Some(shape) = shape else {
        if super::table::layout(rtype).is_none() {
            generic(wire_data, out);
            return Ok(());
        }
        return super::try_to_text(rtype, wire_data, out);
    };
    // The walker checks every field; remember where each one lies.
    let mut spans: [(Field, usize, usize); 10] = [(Field::U8, 0, 0); 10];
    let mut n = 0;
    wire::walk(rtype, wire_data, |kind, pos, bytes| {
        if let Some(slot) = spans.get_mut(n) {
            *slot = (kind, pos, bytes.len());
            n += 1;
        }
        Ok(())
    })?;
    let mut fields: [(Field, &[u8]); 10] = [(Field::U8, &[]); 10];
    for (slot, &(kind, pos, len)) in fields.iter_mut().zip(&spans[..n]) {
        *slot = (kind, wire_data.get(pos..pos + len).unwrap_or(&[]));
    }
    let fields = &fields[..n];
    let mark = out.len();
    let result = layout(&shape, fields, wire_data, out);
    if result.is_err() {
        out.truncate(mark);
        return result;
    }
    note(shape.note, wire_data, out);
    Ok(())
}

/// Appends the generic form `\# len ( HEX )` with the hex broken over lines; `\# 0` when
/// empty (RFC 3597 section 5).
pub fn generic(wire_data: &[u8], out: &mut String) {
    let _ = write!(out, "\\# {}", wire_data.len());
    if !wire_data.is_empty() {
        out.push_str(" ( ");
        hex_lines(wire_data, out);
        out.push_str(" )");
    }
}

fn layout(
    shape: &Shape,
    fields: &[(Field, &[u8])],
    whole: &[u8],
    out: &mut String,
) -> Result<(), RdataError> {
    match shape.open {
        Open::BeforeFirstLine => out.push_str("( "),
        Open::BeforeFirstLineTight => out.push_str(" ("),
        Open::AfterFirstLine => {}
    }
    let mut rest = fields;
    let last = shape.lines.len().saturating_sub(1);
    for (i, &count) in shape.lines.iter().enumerate() {
        let take = if i == last {
            rest.len()
        } else {
            count.min(rest.len())
        };
        let (line, tail) = rest.split_at(take);
        rest = tail;
        let start = out.len();
        if i > 0 {
            out.push_str(LINE_BREAK);
        }
        let text_start = out.len();
        for (j, &(kind, bytes)) in line.iter().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            field(kind, bytes, whole, out)?;
        }
        // A field that prints nothing (an empty type bitmap) leaves no line behind.
        while out.len() > text_start && out.ends_with(' ') {
            out.pop();
        }
        if i > 0 && out.len() == text_start {
            out.truncate(start);
        }
        if i == 0 && shape.open == Open::AfterFirstLine {
            out.push_str(" (");
        }
    }
    if shape.close_alone {
        out.push_str(LINE_BREAK);
        out.push(')');
    } else {
        out.push_str(" )");
    }
    Ok(())
}

/// One field: digests and keys broken into [`WIDTH`]-character lines, HIP over its own
/// lines, everything else as on one line.
fn field(kind: Field, bytes: &[u8], whole: &[u8], out: &mut String) -> Result<(), RdataError> {
    match kind {
        Field::Base64 { .. } | Field::OptionalBase64 { dash: false } => base64_lines(bytes, out),
        Field::Hex => hex_lines(bytes, out),
        Field::Hip => hip(bytes, out)?,
        Field::TypeBitmap => bitmap_lines(bytes, out)?,
        _ => print_field(kind, bytes, whole, out)?,
    }
    Ok(())
}

/// Base64 in lines of [`WIDTH`] characters: each line encodes 27 octets, so the pieces can
/// be encoded one by one with no padding inside.
fn base64_lines(data: &[u8], out: &mut String) {
    const PER_LINE: usize = WIDTH / 4 * 3;
    for (i, piece) in data.chunks(PER_LINE).enumerate() {
        if i > 0 {
            out.push_str(LINE_BREAK);
        }
        base64_encode(piece, out);
    }
}

/// Upper-case hex in lines of [`WIDTH`] characters.
fn hex_lines(data: &[u8], out: &mut String) {
    for (i, piece) in data.chunks(WIDTH / 2).enumerate() {
        if i > 0 {
            out.push_str(LINE_BREAK);
        }
        hex_upper(piece, out);
    }
}

/// A type bitmap (RFC 4034 section 4.1.2) with each window block's types on a line of
/// their own.
fn bitmap_lines(bytes: &[u8], out: &mut String) -> Result<(), RdataError> {
    let types =
        crate::rr::bitmap::decode(bytes).map_err(|_| RdataError::BadWire { field: "type" })?;
    let mut window = None;
    for t in types {
        let w = t.0 >> 8;
        match window {
            None => {}
            Some(prev) if prev == w => out.push(' '),
            Some(_) => out.push_str(LINE_BREAK),
        }
        window = Some(w);
        let _ = write!(out, "{t}");
    }
    Ok(())
}

/// HIP (RFC 8005 section 5): `alg HIT` on the first line, the public key whole on the next,
/// then each rendezvous server on a line of its own.
fn hip(bytes: &[u8], out: &mut String) -> Result<(), RdataError> {
    let bad = || RdataError::BadWire { field: "HIP" };
    let (&hit_len, rest) = bytes.split_first().ok_or_else(bad)?;
    let (&alg, rest) = rest.split_first().ok_or_else(bad)?;
    let key_len = match rest {
        [a, b, ..] => u16::from_be_bytes([*a, *b]) as usize,
        _ => return Err(bad()),
    };
    let rest = rest.get(2..).ok_or_else(bad)?;
    let hit = rest.get(..hit_len as usize).ok_or_else(bad)?;
    let key = rest
        .get(hit_len as usize..hit_len as usize + key_len)
        .ok_or_else(bad)?;
    let _ = write!(out, "{alg} ");
    hex_upper(hit, out);
    out.push_str(LINE_BREAK);
    base64_encode(key, out);
    let mut servers = rest.get(hit_len as usize + key_len..).unwrap_or(&[]);
    while !servers.is_empty() {
        let len = crate::name::wire_name_len(servers).map_err(|_| bad())?;
        out.push_str(LINE_BREAK);
        push_wire_name(&servers[..len], out);
        servers = &servers[len..];
    }
    Ok(())
}

fn note(note: Note, wire_data: &[u8], out: &mut String) {
    match note {
        Note::None => {}
        Note::KeyRole | Note::KeyAlgorithm => {
            let Ok(key) = Dnskey::from_wire(wire_data) else {
                return;
            };
            if note == Note::KeyRole {
                out.push_str(" ; ");
                if key.is_revoked() {
                    out.push_str("revoked ");
                }
                out.push_str(if key.is_ksk() { "KSK" } else { "ZSK" });
            }
            let _ = write!(
                out,
                "; alg = {} ; key id = {}",
                key.algorithm,
                key.key_tag()
            );
        }
        Note::Dhcid => {
            if let [a, b, digest_type, ..] = wire_data {
                let _ = write!(
                    out,
                    " ; {} {} {}",
                    u16::from_be_bytes([*a, *b]),
                    digest_type,
                    wire_data.len() - 3
                );
            }
        }
    }
}

/// SOA (RFC 1035 section 3.3.13): the two names and ` (` on the record's line, then each
/// number on its own line, left-justified in ten columns and followed by a comment naming
/// it (with the timers also in words), and `)` on a line of its own.
fn soa(wire_data: &[u8], out: &mut String) -> Result<(), RdataError> {
    const LABELS: [&str; 5] = ["serial", "refresh", "retry", "expire", "minimum"];
    let mname =
        crate::name::wire_name_len(wire_data).map_err(|_| RdataError::BadWire { field: "name" })?;
    let rname = crate::name::wire_name_len(&wire_data[mname..])
        .map_err(|_| RdataError::BadWire { field: "name" })?;
    let numbers = &wire_data[mname + rname..];
    if numbers.len() != 20 {
        return Err(RdataError::TrailingWire);
    }
    push_wire_name(&wire_data[..mname], out);
    out.push(' ');
    push_wire_name(&wire_data[mname..mname + rname], out);
    out.push_str(" (");
    for (i, (label, value)) in LABELS.iter().zip(numbers.chunks_exact(4)).enumerate() {
        let value = u32::from_be_bytes([value[0], value[1], value[2], value[3]]);
        out.push_str(LINE_BREAK);
        let _ = write!(out, "{value:<10} ; {label}");
        if i > 0 {
            out.push_str(" (");
            push_duration_words(value, out);
            out.push(')');
        }
    }
    out.push_str(LINE_BREAK);
    out.push(')');
    Ok(())
}

/// A number of seconds in words, largest unit first, zero units left out:
/// `1 week 2 days 1 second`; `0 seconds` for zero.
pub fn push_duration_words(seconds: u32, out: &mut String) {
    const UNITS: [(u32, &str); 5] = [
        (604_800, "week"),
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    if seconds == 0 {
        out.push_str("0 seconds");
        return;
    }
    let mut left = seconds;
    let mut first = true;
    for (size, unit) in UNITS {
        let count = left / size;
        left %= size;
        if count == 0 {
            continue;
        }
        if !first {
            out.push(' ');
        }
        first = false;
        let plural = if count == 1 { "" } else { "s" };
        let _ = write!(out, "{count} {unit}{plural}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::parse_text;

    fn multi(rtype: RrType, text: &str) -> String {
        let wire = parse_text(rtype, text, None).unwrap();
        let mut out = String::new();
        try_to_multiline_text(rtype, &wire, &mut out).unwrap();
        out
    }

    #[test]
    fn durations_in_words() {
        let words = |s| {
            let mut o = String::new();
            push_duration_words(s, &mut o);
            o
        };
        assert_eq!(words(0), "0 seconds");
        assert_eq!(words(1), "1 second");
        assert_eq!(words(694_861), "1 week 1 day 1 hour 1 minute 1 second");
        assert_eq!(
            words(u32::MAX),
            "7101 weeks 3 days 6 hours 28 minutes 15 seconds"
        );
        assert_eq!(words(7200), "2 hours");
    }

    #[test]
    fn soa_one_timer_per_line() {
        let text = multi(RrType::SOA, "a. b. 1 7200 3600 1209600 300");
        assert_eq!(
            text,
            "a. b. (\n\t\t\t\t\t1          ; serial\n\t\t\t\t\t7200       ; refresh (2 hours)\
             \n\t\t\t\t\t3600       ; retry (1 hour)\n\t\t\t\t\t1209600    ; expire (2 weeks)\
             \n\t\t\t\t\t300        ; minimum (5 minutes)\n\t\t\t\t\t)"
        );
    }

    #[test]
    fn digests_break_at_36_and_keys_carry_their_role() {
        let ds = multi(
            RrType::DS,
            "1 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
        );
        let lines: Vec<&str> = ds.split('\n').collect();
        assert_eq!(lines[0], "1 13 2 (");
        assert_eq!(lines[1].trim_start_matches('\t').len(), 36);
        assert!(ds.ends_with("0123456789ABCDEF )"));
        let key = multi(RrType::DNSKEY, "385 3 15 AAECAwQ=");
        assert!(key.starts_with(
            "385 3 15 (\n\t\t\t\t\tAAECAwQ=\n\t\t\t\t\t) ; revoked KSK; alg = ED25519 ; key id = "
        ));
        let key = multi(RrType::KEY, "0 3 15 AAECAwQ=");
        assert!(key.contains("\n\t\t\t\t\t); alg = ED25519 ; key id = "));
    }

    #[test]
    fn inside_parentheses_and_empty_lines() {
        assert_eq!(multi(RrType::OPENPGPKEY, "AA=="), "( AA== )");
        assert_eq!(multi(RrType::DHCID, "AAIB"), "( AAIB ) ; 2 1 0");
        assert_eq!(
            multi(RrType(45), "10 1 2 192.0.2.38 AAECAwQ="),
            "( 10 1 2 192.0.2.38\n\t\t\t\t\tAAECAwQ= )"
        );
        // An NSEC3 with no types ends after the next hashed owner.
        assert_eq!(
            multi(RrType::NSEC3, "1 1 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR"),
            "1 1 0 - (\n\t\t\t\t\t2T7B4G4VSA5SMI47K61MV5BV1A22BOJR )"
        );
        assert_eq!(
            multi(RrType::NSEC3, "1 0 0 AB 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG URI"),
            "1 0 0 AB (\n\t\t\t\t\t2T7B4G4VSA5SMI47K61MV5BV1A22BOJR\n\t\t\t\t\tA RRSIG\n\t\t\t\t\tURI )"
        );
        assert_eq!(multi(RrType::A, "192.0.2.1"), "192.0.2.1");
        let mut g = String::new();
        generic(&[1, 2], &mut g);
        assert_eq!(g, "\\# 2 ( 0102 )");
        g.clear();
        generic(&[], &mut g);
        assert_eq!(g, "\\# 0");
    }
}
