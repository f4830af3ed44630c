//! The hot path of the text output: RRSIG rdata written straight from the wire (most of a
//! signed zone's bytes), numbers and type names without the formatting machinery, and the
//! two timestamps nearly every signature shares formatted once.

use dnssec_core::encoding::base64_encode;
use dnssec_core::name::wire_name_len;
use dnssec_core::rr::rdata::multiline::LINE_BREAK;
use dnssec_core::rr::rdata::push_wire_name;
use dnssec_core::time::{format_timestamp, UnixTime};
use dnssec_core::RrType;

/// Appends `n` in decimal; returns the number of characters.
pub(super) fn push_u32(out: &mut String, mut n: u32) -> usize {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or("0"));
    digits.len() - i
}

/// Appends a type's mnemonic (or `TYPEn`); returns the number of characters.
pub(super) fn push_type(out: &mut String, rtype: RrType) -> usize {
    match rtype.mnemonic() {
        Some(m) => {
            out.push_str(m);
            m.len()
        }
        None => {
            out.push_str("TYPE");
            4 + push_u32(out, u32::from(rtype.0))
        }
    }
}

/// The last two timestamps formatted as `YYYYMMDDHHMMSS` (RFC 4034 section 3.2): nearly
/// every signature of a run has the same inception and expiration.
#[derive(Default)]
pub(super) struct Stamps {
    recent: [(u32, [u8; 14]); 2],
    filled: [bool; 2],
}

impl Stamps {
    /// Appends `t` as `YYYYMMDDHHMMSS`.
    pub(super) fn push(&mut self, out: &mut String, t: u32) {
        let hit = (0..2).find(|&i| self.filled[i] && self.recent[i].0 == t);
        let i = match hit {
            Some(i) => i,
            None => {
                let text = format_timestamp(UnixTime(i64::from(t)));
                if text.len() != 14 {
                    // Outside four-digit years: nothing to cache.
                    out.push_str(&text);
                    return;
                }
                self.recent.swap(0, 1);
                self.filled.swap(0, 1);
                let mut digits = [b'0'; 14];
                digits.copy_from_slice(text.as_bytes());
                self.recent[0] = (t, digits);
                self.filled[0] = true;
                0
            }
        };
        out.push_str(std::str::from_utf8(&self.recent[i].1).unwrap_or(""));
    }
}

/// Appends RRSIG rdata (RFC 4034 section 3.2) as BIND prints it: with `multiline`, the
/// fixed fields, ` (`, the times, tag and signer on the next line and the signature in
/// 36-character lines before ` )`; otherwise on one line with the signature in pieces of 56
/// separated by spaces. False (nothing written) when the rdata is malformed.
pub(super) fn push_rrsig(
    out: &mut String,
    stamps: &mut Stamps,
    wire: &[u8],
    multiline: bool,
) -> bool {
    let Some(fixed) = wire.get(..18) else {
        return false;
    };
    let Ok(signer_len) = wire_name_len(&wire[18..]) else {
        return false;
    };
    let signer = &wire[18..18 + signer_len];
    let signature = &wire[18 + signer_len..];
    if signature.is_empty() {
        return false;
    }
    let u32_at =
        |i: usize| u32::from_be_bytes([fixed[i], fixed[i + 1], fixed[i + 2], fixed[i + 3]]);
    let (gap, per_line, between) = if multiline {
        (LINE_BREAK, 27, LINE_BREAK)
    } else {
        (" ", 42, " ")
    };
    push_type(out, RrType(u16::from_be_bytes([fixed[0], fixed[1]])));
    out.push(' ');
    push_u32(out, u32::from(fixed[2]));
    out.push(' ');
    push_u32(out, u32::from(fixed[3]));
    out.push(' ');
    push_u32(out, u32_at(4));
    if multiline {
        out.push_str(" (");
    }
    out.push_str(gap);
    stamps.push(out, u32_at(8));
    out.push(' ');
    stamps.push(out, u32_at(12));
    out.push(' ');
    push_u32(out, u32::from(u16::from_be_bytes([fixed[16], fixed[17]])));
    out.push(' ');
    push_wire_name(signer, out);
    out.push_str(gap);
    // 27 octets make 36 base64 characters and 42 make 56, so each piece encodes alone.
    for (i, piece) in signature.chunks(per_line).enumerate() {
        if i > 0 {
            out.push_str(between);
        }
        base64_encode(piece, out);
    }
    if multiline {
        out.push_str(" )");
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use dnssec_core::rr::rdata::{multiline, to_text};
    use dnssec_core::zonefile::parse_rdata as parse_text;

    /// The fast path writes what the table-driven printers write.
    #[test]
    fn rrsig_fast_path_matches_the_general_printers() {
        let sig = "A 13 2 3600 20270101000000 20260101000000 12345 Example. \
                   AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
        let wire = parse_text(RrType::RRSIG, sig, None).unwrap();
        let mut stamps = Stamps::default();
        let mut fast = String::new();
        assert!(push_rrsig(&mut fast, &mut stamps, &wire, false));
        assert_eq!(fast, to_text(RrType::RRSIG, &wire));
        let mut fast = String::new();
        assert!(push_rrsig(&mut fast, &mut stamps, &wire, true));
        let mut general = String::new();
        multiline::try_to_multiline_text(RrType::RRSIG, &wire, &mut general).unwrap();
        assert_eq!(fast, general);
        assert!(!push_rrsig(
            &mut String::new(),
            &mut stamps,
            &wire[..17],
            true
        ));
    }

    #[test]
    fn numbers_and_types() {
        let mut s = String::new();
        assert_eq!(push_u32(&mut s, 0), 1);
        assert_eq!(push_u32(&mut s, 4_294_967_295), 10);
        assert_eq!(push_type(&mut s, RrType(65000)), 9);
        assert_eq!(s, "04294967295TYPE65000");
    }
}
