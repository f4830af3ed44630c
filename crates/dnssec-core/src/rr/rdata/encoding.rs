//! The text forms of rdata fields beyond RFC 4648's encodings (those are in
//! `crate::encoding`): `<character-string>` escapes (RFC 1035 section 5.1), hex split over
//! tokens, the RRSIG time form (RFC 4034 section 3.2) and BIND's IPv6 text.

use crate::encoding::hex_val;

/// Turns presentation text with `\X` and `\DDD` escapes (RFC 1035 section 5.1) into octets.
/// `None` on a cut-off escape or a `\DDD` above 255.
pub(super) fn unescape(text: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let rest = text.get(i + 1..)?;
        if rest.len() >= 3 && rest[..3].iter().all(u8::is_ascii_digit) {
            let v = (rest[0] - b'0') as u32 * 100
                + (rest[1] - b'0') as u32 * 10
                + (rest[2] - b'0') as u32;
            out.push(u8::try_from(v).ok()?);
            i += 4;
        } else {
            out.push(*rest.first()?);
            i += 2;
        }
    }
    Some(())
}

/// Appends `data` as a quoted string the way BIND prints TXT data: `"` and `\` escaped with a
/// backslash, octets outside printable ASCII as `\DDD`.
pub(super) fn quoted(data: &[u8], out: &mut String) {
    out.push('"');
    for &b in data {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => {
                out.push('\\');
                out.push((b'0' + b / 100) as char);
                out.push((b'0' + b / 10 % 10) as char);
                out.push((b'0' + b % 10) as char);
            }
        }
    }
    out.push('"');
}

/// Parses a RRSIG time (RFC 4034 section 3.2): exactly 14 digits are `YYYYMMDDHHMMSS` in
/// UTC, up to 10 digits are seconds since the epoch. As BIND does, a date outside 1970-2106
/// wraps modulo 2^32 (the serial arithmetic of RFC 4034 section 3.1.5) and a 60th second is
/// allowed. Errors say which way the text is wrong: not the form at all, or a value out of
/// range (a month 13, an epoch count above 2^32-1).
pub(super) fn sig_time_parse(text: &[u8]) -> Result<u32, super::Problem> {
    use super::Problem;
    if text.is_empty() || !text.iter().all(u8::is_ascii_digit) {
        return Err(Problem::Syntax);
    }
    let s = std::str::from_utf8(text).map_err(|_| Problem::Syntax)?;
    if text.len() != 14 {
        if text.len() > 10 {
            return Err(Problem::Syntax);
        }
        let v: u64 = s.parse().map_err(|_| Problem::Syntax)?;
        return u32::try_from(v).map_err(|_| Problem::OutOfRange);
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse::<i64>().ok());
    let field = |r| num(r).ok_or(Problem::Syntax);
    let (y, mo, d) = (field(0..4)?, field(4..6)?, field(6..8)?);
    let (h, mi, se) = (field(8..10)?, field(10..12)?, field(12..14)?);
    let date = u32::try_from(mo)
        .ok()
        .zip(u32::try_from(d).ok())
        .and_then(|(mo, d)| chrono::NaiveDate::from_ymd_opt(y as i32, mo, d))
        .ok_or(Problem::OutOfRange)?;
    if h > 23 || mi > 59 || se > 60 {
        return Err(Problem::OutOfRange);
    }
    let days = date
        .signed_duration_since(chrono::NaiveDate::default())
        .num_days();
    let secs = days * 86_400 + h * 3_600 + mi * 60 + se;
    Ok(secs.rem_euclid(1 << 32) as u32)
}

/// Hex digits that may arrive split over several tokens (a digit pair cut in two is
/// allowed, as in BIND's reader), decoded onto an output buffer.
#[derive(Debug, Default)]
pub(super) struct HexStream {
    pending: Option<u8>,
}

impl HexStream {
    /// Decodes one token's digits onto `out`; `None` on a character that is not a hex digit.
    pub(super) fn feed(&mut self, text: &[u8], out: &mut Vec<u8>) -> Option<()> {
        for &c in text {
            let v = hex_val(c)?;
            match self.pending.take() {
                Some(high) => out.push(high << 4 | v),
                None => self.pending = Some(v),
            }
        }
        Some(())
    }

    /// True when a digit is waiting for its pair.
    pub(super) fn has_half_octet(&self) -> bool {
        self.pending.is_some()
    }
}

/// Prints a RRSIG time as `YYYYMMDDHHMMSS` in UTC (RFC 4034 section 3.2).
pub(super) fn sig_time_text(value: u32, out: &mut String) {
    use std::fmt::Write;
    match chrono::DateTime::from_timestamp(value as i64, 0) {
        Some(dt) => {
            let _ = write!(out, "{}", dt.format("%Y%m%d%H%M%S"));
        }
        None => {
            let _ = write!(out, "{value}");
        }
    }
}

/// Appends an IPv6 address in the text form of RFC 4291 section 2.2 as BIND writes it: the
/// first longest run of two or more zero groups becomes `::` (RFC 5952 section 4.2), and an
/// address whose first 96 bits are zero (IPv4-compatible) or that is IPv4-mapped ends in
/// dotted-quad form (`::1.2.3.4`, `::ffff:1.2.3.4`), except that `::` and `::N` with N below
/// 2^16 stay in hex. Rust's `Ipv6Addr` writes the compatible form in hex, so AAAA, APL,
/// IPSECKEY and SVCB text would differ from BIND's without this.
pub(crate) fn ipv6_text(octets: &[u8; 16], out: &mut String) {
    use std::fmt::Write as _;
    let words: [u16; 8] =
        std::array::from_fn(|i| u16::from_be_bytes([octets[2 * i], octets[2 * i + 1]]));
    // The first longest run of zero groups, if at least two long.
    let (mut best, mut best_len) = (usize::MAX, 0);
    let mut i = 0;
    while i < 8 {
        if words[i] == 0 {
            let start = i;
            while i < 8 && words[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                (best, best_len) = (start, i - start);
            }
        } else {
            i += 1;
        }
    }
    if best_len < 2 {
        best = usize::MAX;
    }
    for (i, w) in words.iter().enumerate() {
        if best != usize::MAX && (best..best + best_len).contains(&i) {
            if i == best {
                out.push(':');
            }
            continue;
        }
        if i != 0 {
            out.push(':');
        }
        if i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff)) {
            let _ = write!(
                out,
                "{}.{}.{}.{}",
                octets[12], octets[13], octets[14], octets[15]
            );
            return;
        }
        let _ = write!(out, "{w:x}");
    }
    if best != usize::MAX && best + best_len == 8 {
        out.push(':');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sig_times() {
        use crate::rr::rdata::Problem;
        assert_eq!(sig_time_parse(b"20000101000000"), Ok(946_684_800));
        assert_eq!(sig_time_parse(b"946684800"), Ok(946_684_800));
        assert_eq!(sig_time_parse(b"20001301000000"), Err(Problem::OutOfRange));
        assert_eq!(sig_time_parse(b"4294967296"), Err(Problem::OutOfRange));
        assert_eq!(sig_time_parse(b"99999999999"), Err(Problem::Syntax));
        assert_eq!(sig_time_parse(b"2000010100000x"), Err(Problem::Syntax));
        // BIND's reader: a leap second counts on, and dates past 2106 or before 1970 wrap.
        assert_eq!(sig_time_parse(b"19991231235960"), Ok(946_684_800));
        assert_eq!(sig_time_parse(b"19691231235959"), Ok(u32::MAX));
        assert_eq!(sig_time_parse(b"21060207062816"), Ok(0));
        let mut s = String::new();
        sig_time_text(946_684_800, &mut s);
        assert_eq!(s, "20000101000000");
    }

    #[test]
    fn hex_pairs_may_be_split_over_tokens() {
        let mut out = Vec::new();
        let mut hex = HexStream::default();
        hex.feed(b"ABC", &mut out).unwrap();
        assert!(hex.has_half_octet());
        hex.feed(b"d", &mut out).unwrap();
        assert!(!hex.has_half_octet());
        assert_eq!(out, [0xab, 0xcd]);
        assert!(hex.feed(b"0g", &mut out).is_none());
    }

    #[test]
    fn escapes_and_quoting() {
        let mut out = Vec::new();
        unescape(b"a\\\"b\\255\\;", &mut out).unwrap();
        assert_eq!(out, b"a\"b\xff;");
        assert!(unescape(b"x\\", &mut Vec::new()).is_none());
        assert!(unescape(b"\\256", &mut Vec::new()).is_none());
        let mut s = String::new();
        quoted(b"a \"\\\x09", &mut s);
        assert_eq!(s, "\"a \\\"\\\\\\009\"");
    }
}
