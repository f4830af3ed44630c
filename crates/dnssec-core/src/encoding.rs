//! The binary-to-text encodings of RFC 4648, written once for the whole crate: hex
//! (section 8), base32hex without padding (section 7, as RFC 5155 section 3.3 spells NSEC3
//! hashes) and base64 (section 4). Rdata fields, NSEC3 owner labels, salts and key files all
//! use these; nothing else in the crate decodes or encodes them.

use base64::Engine;

/// The value of a hex digit (RFC 4648 section 8), either case.
pub(crate) fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decodes hex digits (RFC 4648 section 8, either case) onto `out`; `None` on a stray
/// character or an odd length.
pub fn hex_decode(text: &[u8], out: &mut Vec<u8>) -> Option<()> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    for pair in text.chunks_exact(2) {
        out.push(hex_val(pair[0])? << 4 | hex_val(pair[1])?);
    }
    Some(())
}

/// Appends upper-case hex (RFC 4648 section 8), as BIND prints digests and salts.
pub fn hex_upper(data: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for &b in data {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
}

/// Decodes base64 (RFC 4648 section 4, padding required as BIND requires it).
pub fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// Appends base64 of `data` (RFC 4648 section 4, padded).
pub fn base64_encode(data: &[u8], out: &mut String) {
    base64::engine::general_purpose::STANDARD.encode_string(data, out);
}

const B32HEX: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";

/// Base32hex digit values (RFC 4648 section 7), either case; 0xff for other bytes. A table,
/// because the chain check decodes one NSEC3 owner label per record of a signed zone.
const B32HEX_VALUE: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0u8;
    while i < 32 {
        let c = B32HEX[i as usize];
        t[c as usize] = i;
        t[c.to_ascii_lowercase() as usize] = i;
        i += 1;
    }
    t
};

/// Feeds base32hex digits to `push` octet by octet; `None` on a character outside the
/// alphabet, a length no whole number of octets can give, or non-zero unused low bits
/// (RFC 4648 section 6 lengths leave 0, 2, 4, 1 or 3 bits over; 5 or more is a stray char).
fn base32hex_each(text: &[u8], mut push: impl FnMut(u8) -> Option<()>) -> Option<()> {
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text {
        let v = B32HEX_VALUE[usize::from(c)];
        if v == 0xff {
            return None;
        }
        acc = (acc << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            push((acc >> bits) as u8)?;
            acc &= (1 << bits) - 1;
        }
    }
    (acc == 0 && bits < 5).then_some(())
}

/// Decodes unpadded base32hex (RFC 4648 section 7), either case, onto `out`, as NSEC3
/// hashes are written (RFC 5155 section 3.3). `None` on a stray character, a length no
/// whole number of octets can give, or non-zero unused bits.
pub fn base32hex_decode(text: &[u8], out: &mut Vec<u8>) -> Option<()> {
    out.reserve(text.len() * 5 / 8);
    base32hex_each(text, |b| {
        out.push(b);
        Some(())
    })
}

/// Decodes unpadded base32hex that must spell exactly `N` octets (an NSEC3 owner label is
/// 32 characters for a 20-octet SHA-1 hash, RFC 5155 section 3.3), without allocating.
pub fn base32hex_decode_array<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    if text.len() != (N * 8).div_ceil(5) {
        return None;
    }
    let mut out = [0u8; N];
    let mut at = 0usize;
    base32hex_each(text, |b| {
        *out.get_mut(at)? = b;
        at += 1;
        Some(())
    })?;
    (at == N).then_some(out)
}

/// Appends unpadded upper-case base32hex (RFC 4648 section 7; RFC 5155 section 3.3 drops
/// the padding). Uppercase, as BIND writes NSEC3 owner labels and next-hash fields.
pub fn base32hex_encode(data: &[u8], out: &mut String) {
    let mut acc: u64 = 0;
    let mut bits = 0u32;
    for &b in data {
        acc = (acc << 8) | b as u64;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(B32HEX[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(B32HEX[((acc << (5 - bits)) & 31) as usize] as char);
    }
}

/// [`base32hex_encode`] into a new string, for messages (RFC 4648 section 7, unpadded).
pub fn base32hex_string(data: &[u8]) -> String {
    let mut s = String::with_capacity((data.len() * 8).div_ceil(5));
    base32hex_encode(data, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32hex_round_trips_every_length() {
        // RFC 4648 section 10 test vectors, without padding.
        let vectors = [
            ("", ""),
            ("f", "CO"),
            ("fo", "CPNG"),
            ("foo", "CPNMU"),
            ("foob", "CPNMUOG"),
            ("foobar", "CPNMUOJ1E8"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base32hex_string(plain.as_bytes()), encoded);
            for text in [encoded.to_string(), encoded.to_ascii_lowercase()] {
                let mut raw = Vec::new();
                base32hex_decode(text.as_bytes(), &mut raw).unwrap();
                assert_eq!(raw, plain.as_bytes());
            }
        }
        assert!(base32hex_decode(b"W", &mut Vec::new()).is_none());
        assert!(
            base32hex_decode(b"C", &mut Vec::new()).is_none(),
            "not a whole octet"
        );
        assert!(
            base32hex_decode(b"CP", &mut Vec::new()).is_none(),
            "non-zero trailing bits"
        );
        assert!(base32hex_decode(b"2W", &mut Vec::new()).is_none());
    }

    #[test]
    fn base32hex_arrays_take_exact_lengths() {
        let label = b"2t7b4g4vsa5smi47k61mv5bv1a22bojr";
        let hash: [u8; 20] = base32hex_decode_array(label).unwrap();
        assert_eq!(base32hex_string(&hash), "2T7B4G4VSA5SMI47K61MV5BV1A22BOJR");
        assert_eq!(base32hex_decode_array::<20>(&label[1..]), None);
        assert_eq!(
            base32hex_decode_array::<20>(b"2t7b4g4vsa5smi47k61mv5bv1a22boj!"),
            None
        );
        assert_eq!(base32hex_decode_array::<3>(b"CPNMU"), Some(*b"foo"));
    }

    #[test]
    fn hex_both_ways() {
        let mut out = Vec::new();
        hex_decode(b"0aFf", &mut out).unwrap();
        assert_eq!(out, [0x0a, 0xff]);
        assert!(hex_decode(b"abc", &mut Vec::new()).is_none());
        assert!(hex_decode(b"0g", &mut Vec::new()).is_none());
        let mut s = String::new();
        hex_upper(&out, &mut s);
        assert_eq!(s, "0AFF");
    }
}
