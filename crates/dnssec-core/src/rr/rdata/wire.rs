//! Walking rdata in wire form field by field (RFC 1035 section 3.3 and the RFCs named in
//! `table.rs`): checking that wire data fits its type's layout, and rewriting it into the
//! canonical form of RFC 4034 section 6.2 (embedded names lowercased, RFC 6840 section 5.1
//! leaving NSEC's next name alone).

use super::kinds::Field;
use super::{digest, svcb, table, RdataError};
use crate::name::wire_name_len;
use crate::rr::{bitmap, RrType};

/// The length of the field of kind `kind` that starts at `pos` in `wire`, after checking its
/// inner structure. Fields that run to the end return the rest of the rdata.
pub(crate) fn field_len(kind: Field, wire: &[u8], pos: usize) -> Result<usize, RdataError> {
    let rest = wire.get(pos..).unwrap_or(&[]);
    let bad = || RdataError::BadWire {
        field: super::field_label(kind),
    };
    let fixed = |n: usize| if rest.len() >= n { Ok(n) } else { Err(bad()) };
    match kind {
        Field::Name { .. } => wire_name_len(rest).map_err(|_| bad()),
        Field::U8 | Field::Algorithm | Field::AlgorithmMnemonic => fixed(1),
        Field::U16 | Field::TypeCode | Field::CertType => fixed(2),
        Field::U32 | Field::Period | Field::Time | Field::Timestamp | Field::Ipv4 => fixed(4),
        Field::Ipv6 => fixed(16),
        Field::Loc => {
            // Only version 0 is defined (RFC 1876 section 2).
            if rest.first() != Some(&0) {
                return Err(bad());
            }
            fixed(16)
        }
        Field::Eui48 => fixed(6),
        Field::Eui64 | Field::Ilnp64 => fixed(8),
        Field::CharString | Field::CaaTag | Field::HexWithLength | Field::Base32WithLength => {
            let len = *rest.first().ok_or_else(bad)? as usize;
            // A CAA tag is one or more ASCII letters and digits (RFC 8659 section 4.1.1).
            if kind == Field::CaaTag
                && (len == 0 || !rest.iter().skip(1).take(len).all(u8::is_ascii_alphanumeric))
            {
                return Err(bad());
            }
            fixed(1 + len)
        }
        Field::OptionalCharString if rest.is_empty() => Ok(0),
        Field::OptionalCharString => field_len(Field::CharString, wire, pos),
        Field::Nsap if rest.is_empty() => Err(bad()),
        Field::Nsap => Ok(rest.len()),
        Field::CharStrings => {
            let mut i = 0;
            while i < rest.len() {
                i += 1 + rest[i] as usize;
            }
            if i != rest.len() || rest.is_empty() {
                return Err(bad());
            }
            Ok(i)
        }
        Field::StringToEnd => Ok(rest.len()),
        // Digests, fingerprints and certificate data are never empty.
        Field::Hex if rest.is_empty() => Err(bad()),
        Field::Hex => Ok(rest.len()),
        Field::Base64 { may_be_empty } => {
            if rest.is_empty() && !may_be_empty {
                return Err(bad());
            }
            Ok(rest.len())
        }
        Field::TypeBitmap => bitmap::decode(rest).map(|_| rest.len()).map_err(|_| bad()),
        Field::Apl => {
            let mut i = 0;
            while i < rest.len() {
                let head = rest.get(i..i + 4).ok_or_else(bad)?;
                let family = u16::from_be_bytes([head[0], head[1]]);
                let len = (head[3] & 0x7f) as usize;
                let max = match family {
                    1 => 4,
                    2 => 16,
                    _ => return Err(bad()),
                };
                if len > max || head[2] as usize > max * 8 {
                    return Err(bad());
                }
                i += 4 + len;
            }
            if i != rest.len() {
                return Err(bad());
            }
            Ok(i)
        }
        Field::SvcParams => svcb::check_wire(rest).map(|_| rest.len()),
        Field::IpseckeyGateway => match wire.get(1) {
            Some(0) => Ok(0),
            Some(1) => fixed(4),
            Some(2) => fixed(16),
            Some(3) => wire_name_len(rest).map_err(|_| bad()),
            _ => Err(bad()),
        },
        legacy_fields!() => super::legacy::field_len(kind, wire, pos),
        Field::OptionalBase64 { .. } => Ok(rest.len()),
        Field::Hip => {
            if rest.len() < 4 {
                return Err(bad());
            }
            let hit = rest[0] as usize;
            let key = u16::from_be_bytes([rest[2], rest[3]]) as usize;
            let mut i = 4 + hit + key;
            if hit == 0 || i > rest.len() {
                return Err(bad());
            }
            while i < rest.len() {
                i += wire_name_len(&rest[i..]).map_err(|_| bad())?;
            }
            Ok(rest.len())
        }
    }
}

/// Calls `visit` with each field of `rtype`'s layout and the octets it covers, checking
/// that the fields use up the rdata exactly. `Ok(false)` when the type has no layout.
pub(crate) fn walk(
    rtype: RrType,
    wire: &[u8],
    mut visit: impl FnMut(Field, usize, &[u8]) -> Result<(), RdataError>,
) -> Result<bool, RdataError> {
    let Some(fields) = table::layout(rtype) else {
        return Ok(false);
    };
    let mut pos = 0;
    for &kind in fields {
        let len = field_len(kind, wire, pos)?;
        visit(kind, pos, &wire[pos..pos + len])?;
        pos += len;
    }
    if pos != wire.len() {
        return Err(RdataError::TrailingWire);
    }
    Ok(true)
}

/// Checks that `wire` is well-formed rdata of type `rtype` (any octets are well-formed for a
/// type the kit knows only generically, RFC 3597 section 5).
/// Beyond the layout, a digest must have the length its digest type fixes
/// ([`digest::expected_len`]) and an NSEC must list at least one type (RFC 4035 section
/// 2.3), as BIND requires of wire data too.
pub fn validate(rtype: RrType, wire: &[u8]) -> Result<(), RdataError> {
    if wire.len() > u16::MAX as usize {
        return Err(RdataError::TooLong);
    }
    let mut digest_at = None;
    let mut empty_bitmap = false;
    walk(rtype, wire, |kind, pos, bytes| {
        match kind {
            Field::Hex => digest_at = Some(pos),
            Field::TypeBitmap => empty_bitmap = bytes.is_empty(),
            _ => {}
        }
        Ok(())
    })?;
    if let Some(pos) = digest_at {
        let found = wire.len() - pos;
        let fits = match digest::expected_len(rtype, &wire[..pos]) {
            Some(digest::Length::Exactly(n)) => found == n,
            Some(digest::Length::AtLeast(n)) => found >= n,
            None => true,
        };
        if !fits {
            return Err(RdataError::DigestLength);
        }
    }
    if rtype == RrType::NSEC && empty_bitmap {
        return Err(RdataError::EmptyBitmap);
    }
    Ok(())
}

/// Rewrites `wire` in place into canonical form (RFC 4034 section 6.2, RFC 6840 section
/// 5.1): the embedded names of the listed types lowercased. Returns whether anything changed.
pub(crate) fn canonicalize(rtype: RrType, wire: &mut [u8]) -> Result<bool, RdataError> {
    if !table::has_lowercased_names(rtype) {
        return Ok(false);
    }
    let mut spans: [(usize, usize); 4] = [(0, 0); 4];
    let mut n = 0;
    walk(rtype, wire, |kind, pos, bytes| {
        if kind.is_lowercased_name() && bytes.iter().any(u8::is_ascii_uppercase) && n < spans.len()
        {
            spans[n] = (pos, bytes.len());
            n += 1;
        }
        Ok(())
    })?;
    for &(pos, len) in &spans[..n] {
        wire[pos..pos + len].make_ascii_lowercase();
    }
    Ok(n > 0)
}
