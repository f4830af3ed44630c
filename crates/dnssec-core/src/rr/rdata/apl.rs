//! APL items (RFC 3123 sections 4 and 5): `[!]afi:address/prefix`, with the address cut to
//! its significant octets on the wire.

use std::fmt::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::kinds::Field;
use super::text::{bad, Cursor};
use super::{Problem, RdataError};

/// Reads every remaining token as an APL item and appends the wire items.
pub(crate) fn parse(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    while let Some(t) = cur.peek() {
        cur.i += 1;
        let text = t.text(cur.buf);
        let err = || bad(Field::Apl, text, Problem::Syntax);
        let s = std::str::from_utf8(text).map_err(|_| err())?;
        let (negated, s) = match s.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (family, rest) = s.split_once(':').ok_or_else(err)?;
        let (addr, prefix) = rest.rsplit_once('/').ok_or_else(err)?;
        // BIND's words for each part: the family and prefix are numbers, the address a
        // dotted quad or IPv6 address; a family other than 1 and 2 is not implemented.
        let problem = |p| bad(Field::Apl, text, p);
        let number = |v: &str| -> Result<u64, RdataError> {
            if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(problem(Problem::NotANumber));
            }
            v.parse::<u64>().map_err(|_| problem(Problem::OutOfRange))
        };
        let family = number(family)?;
        let prefix = number(prefix)?;
        let (family, mut bytes): (u16, Vec<u8>) = match family {
            1 => (
                1,
                addr.parse::<Ipv4Addr>()
                    .map_err(|_| problem(Problem::BadIpv4))?
                    .octets()
                    .to_vec(),
            ),
            2 => (
                2,
                addr.parse::<Ipv6Addr>()
                    .map_err(|_| problem(Problem::BadIpv6))?
                    .octets()
                    .to_vec(),
            ),
            f if f > u16::MAX as u64 => return Err(problem(Problem::OutOfRange)),
            _ => {
                // Reported near this item: step back over it (the problem counts the
                // token after it otherwise).
                cur.i -= 1;
                return Err(problem(Problem::NotImplemented));
            }
        };
        if prefix > bytes.len() as u64 * 8 {
            return Err(problem(Problem::OutOfRange));
        }
        let prefix = prefix as u8;
        while bytes.last() == Some(&0) {
            bytes.pop();
        }
        out.extend_from_slice(&family.to_be_bytes());
        out.push(prefix);
        out.push(bytes.len() as u8 | if negated { 0x80 } else { 0 });
        out.extend_from_slice(&bytes);
    }
    Ok(())
}

/// Appends the text of checked APL wire items, space separated.
pub(crate) fn print(mut b: &[u8], out: &mut String) {
    let mut first = true;
    while b.len() >= 4 {
        let family = u16::from_be_bytes([b[0], b[1]]);
        let prefix = b[2];
        let len = (b[3] & 0x7f) as usize;
        let negated = b[3] & 0x80 != 0;
        let addr = b.get(4..4 + len).unwrap_or(&[]);
        if !first {
            out.push(' ');
        }
        first = false;
        if negated {
            out.push('!');
        }
        if family == 1 {
            let mut o = [0u8; 4];
            o[..addr.len().min(4)].copy_from_slice(&addr[..addr.len().min(4)]);
            let _ = write!(out, "1:{}/{}", Ipv4Addr::from(o), prefix);
        } else {
            let mut o = [0u8; 16];
            o[..addr.len().min(16)].copy_from_slice(&addr[..addr.len().min(16)]);
            out.push_str("2:");
            super::encoding::ipv6_text(&o, out);
            let _ = write!(out, "/{prefix}");
        }
        b = b.get(4 + len..).unwrap_or(&[]);
    }
}
