//! The LOC body (RFC 1876 sections 2 and 3): latitude, longitude, altitude and three
//! precision values, read from `d [m [s]] N|S d [m [s]] E|W alt[m] [siz[m] [hp[m] [vp[m]]]]`
//! and printed the way BIND prints it.

use std::fmt::Write;

use super::kinds::Field;
use super::text::{bad, Cursor};
use super::{Problem, RdataError};

const EQUATOR: i64 = 1 << 31;
const ALT_BASE: i64 = 10_000_000;

/// Reads the LOC presentation form and appends the 16-octet wire body.
pub(crate) fn parse(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let lat = angle(cur, b'N', b'S', 90)?;
    let lon = angle(cur, b'E', b'W', 180)?;
    let alt_text = cur.next_text(Field::Loc)?;
    let alt =
        centimetres(alt_text, true).ok_or_else(|| bad(Field::Loc, alt_text, Problem::Syntax))?;
    let alt_wire =
        u32::try_from(alt + ALT_BASE).map_err(|_| bad(Field::Loc, alt_text, Problem::Syntax))?;
    let mut prec = [0x12u8, 0x16, 0x13]; // 1m, 10000m, 10m (RFC 1876 section 3 defaults)
    for p in prec.iter_mut() {
        let Some(t) = cur.peek() else { break };
        let text = t.text(cur.buf);
        cur.i += 1;
        let cm = centimetres(text, false).ok_or_else(|| bad(Field::Loc, text, Problem::Syntax))?;
        *p = precision(cm).ok_or_else(|| bad(Field::Loc, text, Problem::Syntax))?;
    }
    if !cur.at_end() {
        return Err(RdataError::Trailing);
    }
    out.push(0);
    out.extend_from_slice(&prec);
    out.extend_from_slice(&(lat as u32).to_be_bytes());
    out.extend_from_slice(&(lon as u32).to_be_bytes());
    out.extend_from_slice(&alt_wire.to_be_bytes());
    Ok(())
}

/// Reads `d [m [s]] H`. Each number is judged as it is read, so a failure names the token
/// that is wrong (BIND's reader does the same).
fn angle(cur: &mut Cursor<'_>, pos: u8, neg: u8, max_deg: i64) -> Result<i64, RdataError> {
    let mut parts = [0i64; 3];
    let mut count = 0;
    loop {
        let t = cur.next_text(Field::Loc)?;
        if count > 0
            && t.len() == 1
            && (t[0].eq_ignore_ascii_case(&pos) || t[0].eq_ignore_ascii_case(&neg))
        {
            let [deg, min, msec] = parts;
            let v = ((deg * 60 + min) * 60) * 1000 + msec;
            if v > max_deg * 3_600_000 {
                return Err(bad(Field::Loc, t, Problem::OutOfRange));
            }
            let signed = if t[0].eq_ignore_ascii_case(&pos) {
                v
            } else {
                -v
            };
            return Ok(EQUATOR + signed);
        }
        let (value, limit) = match count {
            0 => (whole(t), max_deg),
            1 => (whole(t), 59),
            2 => (thousandths(t), 59_999),
            _ => return Err(bad(Field::Loc, t, Problem::Syntax)),
        };
        let value = value.ok_or_else(|| bad(Field::Loc, t, Problem::Syntax))?;
        if value > limit {
            return Err(bad(Field::Loc, t, Problem::OutOfRange));
        }
        parts[count] = value;
        count += 1;
    }
}

fn whole(t: &[u8]) -> Option<i64> {
    if t.is_empty() || t.len() > 9 || !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(t).ok()?.parse().ok()
}

/// `s[.fff]` in thousandths.
fn thousandths(t: &[u8]) -> Option<i64> {
    scaled(t, 3)
}

fn scaled(t: &[u8], digits: usize) -> Option<i64> {
    let (int, frac) = match t.iter().position(|&c| c == b'.') {
        Some(p) => (&t[..p], &t[p + 1..]),
        None => (t, &[][..]),
    };
    if frac.len() > digits || !frac.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v = if int.is_empty() { 0 } else { whole(int)? };
    for i in 0..digits {
        v = v * 10 + frac.get(i).map(|d| (d - b'0') as i64).unwrap_or(0);
    }
    Some(v)
}

/// Metres with an optional `m` and up to two decimals, in centimetres.
fn centimetres(t: &[u8], signed: bool) -> Option<i64> {
    let t = t
        .strip_suffix(b"m")
        .or_else(|| t.strip_suffix(b"M"))
        .unwrap_or(t);
    let (neg, t) = match t.strip_prefix(b"-") {
        Some(rest) if signed => (true, rest),
        _ => (false, t),
    };
    let v = scaled(t, 2)?;
    Some(if neg { -v } else { v })
}

/// The mantissa/exponent octet of RFC 1876 section 2 for a size in centimetres.
fn precision(cm: i64) -> Option<u8> {
    let mut exp = 0u8;
    let mut m = cm;
    while m >= 10 && m % 10 == 0 && exp < 9 {
        m /= 10;
        exp += 1;
    }
    while m >= 10 && exp < 9 {
        m /= 10;
        exp += 1;
    }
    if m > 9 {
        return None;
    }
    Some(((m as u8) << 4) | exp)
}

fn prec_text(octet: u8, out: &mut String) {
    let m = (octet >> 4) as u64;
    let e = (octet & 15).min(9) as u32;
    let cm = m * 10u64.pow(e);
    // Whole metres print bare; anything under a metre, zero included, keeps its centimetres.
    if cm >= 100 && cm.is_multiple_of(100) {
        let _ = write!(out, "{}m", cm / 100);
    } else {
        let _ = write!(out, "{}.{:02}m", cm / 100, cm % 100);
    }
}

fn angle_text(raw: u32, pos: char, neg: char, out: &mut String) {
    let v = raw as i64 - EQUATOR;
    let dir = if v < 0 { neg } else { pos };
    let v = v.abs();
    let (deg, rest) = (v / 3_600_000, v % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let _ = write!(
        out,
        "{} {} {}.{:03} {}",
        deg,
        min,
        rest / 1000,
        rest % 1000,
        dir
    );
}

/// Appends BIND's text for a checked 16-octet LOC body.
pub(crate) fn print(b: &[u8], out: &mut String) {
    if b.len() < 16 {
        return;
    }
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    angle_text(be(4), 'N', 'S', out);
    out.push(' ');
    angle_text(be(8), 'E', 'W', out);
    let alt = be(12) as i64 - ALT_BASE;
    let sign = if alt < 0 { "-" } else { "" };
    let _ = write!(out, " {}{}.{:02}m ", sign, alt.abs() / 100, alt.abs() % 100);
    prec_text(b[1], out);
    out.push(' ');
    prec_text(b[2], out);
    out.push(' ');
    prec_text(b[3], out);
}
