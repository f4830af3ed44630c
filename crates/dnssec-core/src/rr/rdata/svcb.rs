//! SVCB/HTTPS service parameters (RFC 9460 sections 2.1, 7 and appendix A): `key=value`
//! pairs on input, sorted `key, length, value` triples on the wire.

use std::fmt::Write;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::encoding;
use super::kinds::Field;
use super::text::{bad, Cursor};
use super::{Problem, RdataError};

const KEYS: &[(u16, &str)] = &[
    (0, "mandatory"),
    (1, "alpn"),
    (2, "no-default-alpn"),
    (3, "port"),
    (4, "ipv4hint"),
    (5, "ech"),
    (6, "ipv6hint"),
    (7, "dohpath"),
    (8, "ohttp"),
];

fn key_from_text(t: &str) -> Option<u16> {
    if let Some(&(k, _)) = KEYS.iter().find(|(_, n)| n.eq_ignore_ascii_case(t)) {
        return Some(k);
    }
    let digits = t.strip_prefix("key")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// BIND 9.18 prints keys 7 (dohpath) and 8 (ohttp) in the generic `keyN` form; it reads
/// both spellings, and so do we.
fn key_text(k: u16, out: &mut String) {
    match KEYS.iter().find(|(c, _)| *c == k && k < 7) {
        Some((_, n)) => out.push_str(n),
        None => {
            let _ = write!(out, "key{k}");
        }
    }
}

/// Splits a value list (RFC 9460 appendix A.1): the text is first unescaped as a
/// character string, then split on commas, where `\,` is a literal comma and `\\` a
/// literal backslash.
fn split_list(raw: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut text = Vec::new();
    encoding::unescape(raw, &mut text)?;
    let mut items = Vec::new();
    let mut cur = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'\\' => {
                cur.push(*text.get(i + 1)?);
                i += 2;
            }
            b',' => {
                items.push(std::mem::take(&mut cur));
                i += 1;
            }
            c => {
                cur.push(c);
                i += 1;
            }
        }
    }
    items.push(cur);
    Some(items)
}

fn value_wire(key: u16, raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    match key {
        0 => {
            let mut keys = Vec::new();
            for item in split_list(raw)? {
                keys.push(key_from_text(std::str::from_utf8(&item).ok()?)?);
            }
            keys.sort_unstable();
            // A key listed twice is a syntax error in BIND's reader.
            if keys.windows(2).any(|w| w[0] == w[1]) {
                return None;
            }
            for k in keys {
                out.extend_from_slice(&k.to_be_bytes());
            }
        }
        1 => {
            for item in split_list(raw)? {
                if item.is_empty() || item.len() > 255 {
                    return None;
                }
                out.push(item.len() as u8);
                out.extend_from_slice(&item);
            }
        }
        3 => out.extend_from_slice(
            &std::str::from_utf8(raw)
                .ok()?
                .parse::<u16>()
                .ok()?
                .to_be_bytes(),
        ),
        4 => {
            for item in split_list(raw)? {
                out.extend_from_slice(
                    &std::str::from_utf8(&item)
                        .ok()?
                        .parse::<Ipv4Addr>()
                        .ok()?
                        .octets(),
                );
            }
        }
        5 => out = crate::encoding::base64_decode(raw)?,
        6 => {
            for item in split_list(raw)? {
                out.extend_from_slice(
                    &std::str::from_utf8(&item)
                        .ok()?
                        .parse::<Ipv6Addr>()
                        .ok()?
                        .octets(),
                );
            }
        }
        _ => encoding::unescape(raw, &mut out)?,
    }
    Some(out)
}

/// Reads the remaining tokens as parameters and appends them sorted by key.
pub(crate) fn parse(cur: &mut Cursor<'_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let mut params: Vec<(u16, Vec<u8>)> = Vec::new();
    while let Some(t) = cur.peek() {
        cur.i += 1;
        let text = t.text(cur.buf);
        let err = || bad(Field::SvcParams, text, Problem::Syntax);
        let (key_part, mut value): (&[u8], Option<Vec<u8>>) =
            match text.iter().position(|&c| c == b'=') {
                Some(p) => (&text[..p], Some(text[p + 1..].to_vec())),
                None => (text, None),
            };
        // `key="quoted value"` reaches us as `key=` and an adjacent quoted token.
        if value.as_deref() == Some(b"") {
            if let Some(next) = cur.peek().filter(|n| n.quoted && n.start == t.end + 1) {
                value = Some(next.text(cur.buf).to_vec());
                cur.i += 1;
            }
        }
        let key = std::str::from_utf8(key_part)
            .ok()
            .and_then(key_from_text)
            .ok_or_else(err)?;
        // `keyN=value` gives the value's octets as they are, which must then have the
        // wire shape of key N: BIND's FORMERR when not.
        let generic = key_part.starts_with(b"key");
        let formerr = || bad(Field::SvcParams, text, Problem::FormErr);
        let wire = if generic {
            let mut w = Vec::new();
            if let Some(v) = value {
                encoding::unescape(&v, &mut w).ok_or_else(err)?;
            }
            if !value_ok(key, &w) {
                return Err(formerr());
            }
            w
        } else {
            match (key, value) {
                (2 | 8, None) => Vec::new(),
                (2 | 8, Some(v)) if v.is_empty() => Vec::new(),
                (2 | 8, Some(_)) => return Err(err()),
                (0 | 1 | 3 | 4 | 5 | 6 | 7, None) => return Err(err()),
                (_, None) => Vec::new(),
                (k, Some(v)) => value_wire(k, &v).ok_or_else(err)?,
            }
        };
        if key == 7 && !value_ok(key, &wire) {
            return Err(formerr());
        }
        if wire.len() > u16::MAX as usize {
            return Err(err());
        }
        params.push((key, wire));
    }
    params.sort_by_key(|(k, _)| *k);
    // Checks of the whole set, made after the last token (so BIND's report says `near
    // eol`): a key given twice, then the rules of RFC 9460 section 8 on `mandatory` and of
    // section 7.1.1 on `no-default-alpn`.
    let at_end = |problem| RdataError::Bad {
        field: super::field_label(Field::SvcParams),
        text: String::new(),
        problem,
    };
    if params.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err(at_end(Problem::DuplicateKey));
    }
    let has = |k: u16| params.iter().any(|(key, _)| *key == k);
    if let Some((_, list)) = params.iter().find(|(k, _)| *k == 0) {
        let listed = || list.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
        if params.len() == 1 || listed().any(|k| k == 0) {
            return Err(at_end(Problem::Disallowed));
        }
        if has(2) && !has(1) {
            return Err(at_end(Problem::Disallowed));
        }
        if listed().any(|k| !has(k)) {
            return Err(at_end(Problem::Inconsistent));
        }
    }
    if has(2) && !has(1) {
        return Err(at_end(Problem::Disallowed));
    }
    for (k, v) in params {
        out.extend_from_slice(&k.to_be_bytes());
        out.extend_from_slice(&(v.len() as u16).to_be_bytes());
        out.extend_from_slice(&v);
    }
    Ok(())
}

/// Checks wire parameters: strictly ascending keys, lengths inside the rdata, and the fixed
/// value shapes of RFC 9460 section 7.
pub(crate) fn check_wire(mut b: &[u8]) -> Result<(), RdataError> {
    let bad = || RdataError::BadWire {
        field: "service parameters",
    };
    let mut last: Option<u16> = None;
    while !b.is_empty() {
        let head = b.get(..4).ok_or_else(bad)?;
        let key = u16::from_be_bytes([head[0], head[1]]);
        let len = u16::from_be_bytes([head[2], head[3]]) as usize;
        let v = b.get(4..4 + len).ok_or_else(bad)?;
        if last.is_some_and(|l| l >= key) {
            return Err(bad());
        }
        if !value_ok(key, v) {
            return Err(bad());
        }
        last = Some(key);
        b = &b[4 + len..];
    }
    Ok(())
}

/// The wire shape each known key's value must have (RFC 9460 section 7, RFC 9461 section
/// 5 for dohpath, whose URI template must use the `dns` variable).
fn value_ok(key: u16, v: &[u8]) -> bool {
    let len = v.len();
    match key {
        0 => {
            len.is_multiple_of(2) && len > 0 && {
                let keys: Vec<u16> = v
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                keys.windows(2).all(|w| w[0] < w[1])
            }
        }
        1 => {
            let mut i = 0;
            while i < v.len() {
                if v[i] == 0 {
                    return false;
                }
                i += 1 + v[i] as usize;
            }
            i == v.len() && len > 0
        }
        2 | 8 => len == 0,
        3 => len == 2,
        4 => len.is_multiple_of(4) && len > 0,
        6 => len.is_multiple_of(16) && len > 0,
        7 => template_uses_dns(v),
        _ => true,
    }
}

/// True when a URI template (RFC 6570) has an expression naming the variable `dns`.
fn template_uses_dns(v: &[u8]) -> bool {
    let mut rest = v;
    while let Some(open) = rest.iter().position(|&c| c == b'{') {
        let Some(close) = rest[open..].iter().position(|&c| c == b'}') else {
            return false;
        };
        let mut expr = &rest[open + 1..open + close];
        if let [op, tail @ ..] = expr {
            if b"+#./;?&".contains(op) {
                expr = tail;
            }
        }
        if expr.split(|&c| c == b',').any(|name| name == b"dns") {
            return true;
        }
        rest = &rest[open + close + 1..];
    }
    false
}

fn push_list_item(item: &[u8], out: &mut String) {
    for &c in item {
        match c {
            // List escape first (`\,`, `\\`), then the character-string escape of each
            // backslash it added.
            b',' => out.push_str("\\\\,"),
            b'\\' => out.push_str("\\\\\\\\"),
            b'"' => out.push_str("\\\""),
            0x20..=0x7e => out.push(c as char),
            _ => {
                let _ = write!(out, "\\{c:03}");
            }
        }
    }
}

/// Appends checked wire parameters in BIND's text form.
pub(crate) fn print(mut b: &[u8], out: &mut String) -> Result<(), RdataError> {
    let mut first = true;
    while b.len() >= 4 {
        let key = u16::from_be_bytes([b[0], b[1]]);
        let len = u16::from_be_bytes([b[2], b[3]]) as usize;
        let v = b.get(4..4 + len).ok_or(RdataError::BadWire {
            field: "service parameters",
        })?;
        if !first {
            out.push(' ');
        }
        first = false;
        key_text(key, out);
        match key {
            0 => {
                out.push('=');
                for (i, k) in v.chunks(2).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    key_text(
                        u16::from_be_bytes([k[0], k.get(1).copied().unwrap_or(0)]),
                        out,
                    );
                }
            }
            1 => {
                out.push_str("=\"");
                let mut i = 0;
                while i < v.len() {
                    if i > 0 {
                        out.push(',');
                    }
                    let l = v[i] as usize;
                    push_list_item(v.get(i + 1..i + 1 + l).unwrap_or(&[]), out);
                    i += 1 + l;
                }
                out.push('"');
            }
            // Flags and empty values of other keys are printed bare, as BIND does.
            k if v.is_empty() && (k == 2 || k > 6) => {}
            3 if v.len() == 2 => {
                let _ = write!(out, "={}", u16::from_be_bytes([v[0], v[1]]));
            }
            4 => {
                out.push('=');
                for (i, a) in v.chunks(4).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let mut o = [0u8; 4];
                    o[..a.len()].copy_from_slice(a);
                    let _ = write!(out, "{}", Ipv4Addr::from(o));
                }
            }
            5 => {
                out.push('=');
                crate::encoding::base64_encode(v, out);
            }
            6 => {
                out.push('=');
                for (i, a) in v.chunks(16).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let mut o = [0u8; 16];
                    o[..a.len()].copy_from_slice(a);
                    encoding::ipv6_text(&o, out);
                }
            }
            _ => {
                out.push('=');
                encoding::quoted(v, out);
            }
        }
        b = &b[4 + len..];
    }
    Ok(())
}
