//! The master-file text (RFC 1035 section 5) that dnssec-cds reads: a parent's `dsset-` file
//! or `dig` output, and the child's DNSKEY/CDS/CDNSKEY/RRSIG records as `dig +dnssec` prints
//! them or as a whole signed zone holds them (REFERENCE.md 9, `-d` and `-f`).
//!
//! STOP-GAP: the core's `zonefile` reader (zone helper) had not landed when this tool was
//! written. This reader is deliberately narrow: it tokenizes any master file ($TTL, $ORIGIN,
//! parentheses, comments, quoted strings, blank owners, `@`, TTL/class in either order) but
//! decodes rdata only for the four types cds needs (DS, CDS, DNSKEY, CDNSKEY, RRSIG) and keeps
//! every other record opaque. Replace `read` with the core reader once it is on main.

use anyhow::{anyhow, bail, Context, Result};
use base64::Engine;
use dnssec_core::rr::dnskey::{Dnskey, Ds};
use dnssec_core::rr::rrsig::{Rrsig, SigTime};
use dnssec_core::time::{parse_timestamp, parse_ttl};
use dnssec_core::{Algorithm, Class, DigestType, Name, RrType, Ttl};

/// Decoded rdata of the types dnssec-cds looks at.
#[derive(Clone, Debug)]
pub enum Rdata {
    /// DS or CDS (RFC 4034 section 5.1, RFC 7344 section 3.1).
    Ds(Ds),
    /// DNSKEY or CDNSKEY (RFC 4034 section 2.1, RFC 7344 section 3.2).
    Dnskey(Dnskey),
    /// RRSIG (RFC 4034 section 3.1).
    Rrsig(Rrsig),
    /// Any other type: read past, never decoded.
    Other,
}

/// One resource record.
#[derive(Clone, Debug)]
pub struct Record {
    /// The owner name.
    pub owner: Name,
    /// The TTL, when the text gave one (explicitly, by `$TTL`, or from the previous record).
    pub ttl: Option<Ttl>,
    /// The class.
    pub class: Class,
    /// The type.
    pub rtype: RrType,
    /// The rdata, decoded for the types above.
    pub rdata: Rdata,
}

struct Line {
    number: u32,
    indented: bool,
    tokens: Vec<String>,
}

/// Reads `text` (named `label` in messages) with `origin` as the initial `$ORIGIN` and
/// `class` as the default class. `warn` receives BIND-style located warnings.
pub fn read(
    text: &str,
    label: &str,
    origin: &Name,
    class: Class,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<Record>> {
    let mut origin = origin.clone();
    let mut default_ttl: Option<Ttl> = None;
    let mut last_ttl: Option<Ttl> = None;
    let mut last_owner: Option<Name> = None;
    let mut out = Vec::new();
    for line in logical_lines(text).with_context(|| format!("{label}: bad input"))? {
        let at = |e: anyhow::Error| anyhow!("{label}:{}: {e:#}", line.number);
        let Some(first) = line.tokens.first() else {
            continue;
        };
        if first.starts_with('$') && !line.indented {
            let arg = line
                .tokens
                .get(1)
                .ok_or_else(|| at(anyhow!("{first} needs an argument")));
            match first.to_ascii_uppercase().as_str() {
                "$TTL" => default_ttl = Some(parse_ttl(arg?).map_err(|e| at(e.into()))?),
                "$ORIGIN" => origin = name(arg?, &origin).map_err(at)?,
                other => return Err(at(anyhow!("unsupported directive {other}"))),
            }
            continue;
        }
        let mut rest = line.tokens.iter().map(String::as_str);
        let owner = if line.indented {
            last_owner
                .clone()
                .ok_or_else(|| at(anyhow!("no current owner name")))?
        } else {
            name(rest.next().unwrap_or_default(), &origin).map_err(at)?
        };
        let (ttl, rclass, rtype) = header(&mut rest).map_err(at)?;
        let ttl = match (ttl, default_ttl, last_ttl) {
            (Some(t), _, _) => Some(t),
            (None, Some(t), _) => Some(t),
            (None, None, Some(t)) => {
                warn(format!(
                    "{label}:{}: using RFC1035 TTL semantics",
                    line.number
                ));
                Some(t)
            }
            (None, None, None) => None,
        };
        let fields: Vec<&str> = rest.collect();
        let rdata = rdata(rtype, &fields, &origin).map_err(at)?;
        last_ttl = ttl.or(last_ttl);
        last_owner = Some(owner.clone());
        out.push(Record {
            owner,
            ttl,
            class: rclass.unwrap_or(class),
            rtype,
            rdata,
        });
    }
    Ok(out)
}

fn name(text: &str, origin: &Name) -> Result<Name> {
    if text == "@" {
        return Ok(origin.clone());
    }
    Name::parse(text, Some(origin)).map_err(|e| anyhow!("bad name '{text}': {e}"))
}

/// TTL and class in either order, then the type (RFC 1035 section 5.1).
fn header<'a>(
    rest: &mut impl Iterator<Item = &'a str>,
) -> Result<(Option<Ttl>, Option<Class>, RrType)> {
    let (mut ttl, mut class) = (None, None);
    for token in rest.by_ref() {
        if class.is_none() {
            if let Some(c) = Class::from_mnemonic(token) {
                class = Some(c);
                continue;
            }
        }
        if ttl.is_none() && token.starts_with(|c: char| c.is_ascii_digit()) {
            ttl = Some(parse_ttl(token).map_err(|_| anyhow!("bad TTL '{token}'"))?);
            continue;
        }
        let rtype =
            RrType::from_mnemonic(token).ok_or_else(|| anyhow!("unknown RR type '{token}'"))?;
        return Ok((ttl, class, rtype));
    }
    bail!("unexpected end of input")
}

fn rdata(rtype: RrType, fields: &[&str], origin: &Name) -> Result<Rdata> {
    let is = |t: RrType| rtype == t;
    let wanted = is(RrType::DS) || is(RrType::CDS) || is(RrType::DNSKEY) || is(RrType::CDNSKEY);
    if !wanted && !is(RrType::RRSIG) {
        return Ok(Rdata::Other);
    }
    if fields.first() == Some(&"\\#") {
        let wire = generic(fields)?;
        return Ok(if is(RrType::RRSIG) {
            Rdata::Rrsig(Rrsig::from_wire(&wire)?)
        } else if is(RrType::DS) || is(RrType::CDS) {
            Rdata::Ds(Ds::from_wire(&wire)?)
        } else {
            Rdata::Dnskey(Dnskey::from_wire(&wire)?)
        });
    }
    if is(RrType::RRSIG) {
        return rrsig(fields, origin).map(Rdata::Rrsig);
    }
    let [a, b, c, tail @ ..] = fields else {
        bail!("unexpected end of input");
    };
    if tail.is_empty() {
        bail!("unexpected end of input");
    }
    let joined: String = tail.concat();
    if is(RrType::DS) || is(RrType::CDS) {
        let digest_type = DigestType(number(c, 255)? as u8);
        let digest = hex(&joined)?;
        if digest_type.digest_len().is_some_and(|n| n != digest.len()) {
            bail!("bad digest length for digest type {}", digest_type.0);
        }
        Ok(Rdata::Ds(Ds {
            key_tag: number(a, 65535)? as u16,
            algorithm: algorithm(b)?,
            digest_type,
            digest,
        }))
    } else {
        Ok(Rdata::Dnskey(Dnskey {
            flags: number(a, 65535)? as u16,
            protocol: number(b, 255)? as u8,
            algorithm: algorithm(c)?,
            public_key: base64(&joined)?,
        }))
    }
}

fn rrsig(fields: &[&str], origin: &Name) -> Result<Rrsig> {
    let [covered, alg, labels, ttl, exp, inc, tag, signer, sig @ ..] = fields else {
        bail!("unexpected end of input");
    };
    if sig.is_empty() {
        bail!("unexpected end of input");
    }
    Ok(Rrsig {
        type_covered: RrType::from_mnemonic(covered)
            .ok_or_else(|| anyhow!("unknown RR type '{covered}'"))?,
        algorithm: algorithm(alg)?,
        labels: number(labels, 255)? as u8,
        original_ttl: Ttl(number(ttl, u32::MAX.into())? as u32),
        expiration: sig_time(exp)?,
        inception: sig_time(inc)?,
        key_tag: number(tag, 65535)? as u16,
        signer: name(signer, origin)?,
        signature: base64(&sig.concat())?,
    })
}

fn sig_time(text: &str) -> Result<SigTime> {
    if text.len() == 14 {
        let t = parse_timestamp(text).ok_or_else(|| anyhow!("bad time '{text}'"))?;
        return Ok(SigTime::from(t));
    }
    Ok(SigTime(number(text, u32::MAX.into())? as u32))
}

fn number(text: &str, max: u64) -> Result<u64> {
    text.parse::<u64>()
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| anyhow!("bad number '{text}'"))
}

fn algorithm(text: &str) -> Result<Algorithm> {
    if let Ok(n) = number(text, 255) {
        return Ok(Algorithm(n as u8));
    }
    Algorithm::from_text(text).ok_or_else(|| anyhow!("unknown algorithm '{text}'"))
}

fn hex(text: &str) -> Result<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        bail!("bad hex '{text}'");
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|p| u8::from_str_radix(p, 16).ok())
                .ok_or_else(|| anyhow!("bad hex '{text}'"))
        })
        .collect()
}

fn base64(text: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| anyhow!("bad base64 data"))
}

/// RFC 3597 section 5: `\# <length> <hex>`.
fn generic(fields: &[&str]) -> Result<Vec<u8>> {
    let len = number(fields.get(1).copied().unwrap_or_default(), 65535)? as usize;
    let data = hex(&fields.get(2..).unwrap_or_default().concat())?;
    if data.len() != len {
        bail!("generic rdata length mismatch");
    }
    Ok(data)
}

/// Splits the text into logical lines: comments dropped, parenthesised continuations joined,
/// quoted strings kept as one token (RFC 1035 section 5.1).
fn logical_lines(text: &str) -> Result<Vec<Line>> {
    let mut lines = Vec::new();
    let mut current: Option<Line> = None;
    let mut depth = 0u32;
    for (i, raw) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = current.get_or_insert_with(|| Line {
            number,
            indented: raw.starts_with([' ', '\t']),
            tokens: Vec::new(),
        });
        let mut chars = raw.chars().peekable();
        let mut token = String::new();
        let flush = |token: &mut String, line: &mut Line| {
            if !token.is_empty() {
                line.tokens.push(std::mem::take(token));
            }
        };
        while let Some(c) = chars.next() {
            match c {
                ';' => break,
                ' ' | '\t' | '\r' => flush(&mut token, line),
                '(' => {
                    flush(&mut token, line);
                    depth += 1;
                }
                ')' => {
                    flush(&mut token, line);
                    depth = depth
                        .checked_sub(1)
                        .ok_or_else(|| anyhow!("line {number}: unbalanced parentheses"))?;
                }
                '\\' => {
                    token.push(c);
                    if let Some(n) = chars.next() {
                        token.push(n);
                    }
                }
                '"' => {
                    flush(&mut token, line);
                    let mut quoted = String::from('"');
                    loop {
                        match chars.next() {
                            Some('"') => break,
                            Some('\\') => {
                                quoted.push('\\');
                                quoted.extend(chars.next());
                            }
                            Some(q) => quoted.push(q),
                            None => bail!("line {number}: unterminated quoted string"),
                        }
                    }
                    line.tokens.push(quoted);
                }
                _ => token.push(c),
            }
        }
        flush(&mut token, line);
        if depth == 0 {
            lines.extend(current.take());
        }
    }
    if depth != 0 {
        bail!("unbalanced parentheses at end of input");
    }
    lines.extend(current.take());
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Name {
        Name::parse("cds.test.", None).unwrap()
    }

    #[test]
    fn reads_zone_dig_and_dsset_forms() {
        let text = "$TTL 1h\n@\tSOA\tlocalhost. root.localhost. ( 1 1h 1h 1w\n 1h )\n\tNS localhost.\n\
                    cds.test.\t\tIN DS 52713 13 2 984900D15EBEA82047A76924D56F8A0568E117E30AF62231ECBA728E 096ADD10\n\
                    cds.test. 3600 IN DNSKEY 257 3 13 H4SXcgqw14/bPYNFFHfoBdBNjEU5kuqCQ2SDGhv6WRCUWShjmvrsTjdZ ye7XglRPhjhy78DJsxiCiXBPuruNsw== ; comment\n\
                    www TXT \"a ; b\" \n\
                    cds.test. 3600 IN RRSIG DNSKEY 13 2 3600 20261224011244 20261124011244 52713 cds.test. 03P5eFlQdgvvtByrL1RBmxjbcLIszbAJ2JuS/tMLfTNHN5Km04+WVq9/ 6aGhfvKELuFhT5o4m2/wQEVHTVQaHA==\n";
        let mut warnings = Vec::new();
        let recs = read(text, "f", &origin(), Class::IN, &mut |w| warnings.push(w)).unwrap();
        assert_eq!(recs.len(), 6);
        assert!(warnings.is_empty());
        assert_eq!(recs[1].owner, origin());
        assert_eq!(recs[1].ttl, Some(Ttl(3600)));
        let Rdata::Ds(ds) = &recs[2].rdata else {
            panic!()
        };
        assert_eq!((ds.key_tag, ds.digest.len()), (52713, 32));
        let Rdata::Dnskey(k) = &recs[3].rdata else {
            panic!()
        };
        assert_eq!(k.key_tag(), 52713);
        assert_eq!(recs[4].owner.to_string(), "www.cds.test.");
        let Rdata::Rrsig(s) = &recs[5].rdata else {
            panic!()
        };
        assert_eq!((s.key_tag, s.type_covered), (52713, RrType::DNSKEY));
        assert_eq!(s.inception, SigTime(1795482764));
    }

    #[test]
    fn missing_ttl_inherits_with_warning_and_garbage_fails() {
        let text = "cds.test. 300 IN DS 1 13 1 092B2D0010ADD0839D6FCAD89FE9AD73FA9D13A7\ncds.test. IN CDS 0 0 0 00\n";
        let mut warnings = Vec::new();
        let recs = read(text, "f", &origin(), Class::IN, &mut |w| warnings.push(w)).unwrap();
        assert_eq!(recs[1].ttl, Some(Ttl(300)));
        assert_eq!(warnings, ["f:2: using RFC1035 TTL semantics"]);
        let none = read(
            "cds.test. IN DS 1 13 1 092B2D0010ADD0839D6FCAD89FE9AD73FA9D13A7",
            "f",
            &origin(),
            Class::IN,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(none[0].ttl, None);
        for bad in [
            "hello world\n",
            "cds.test. IN DS 1 13 2 ABCD\n",
            "x IN DNSKEY 257 3 13 !!!\n",
            "( a\n",
            "\u{0}\u{1}garbage",
        ] {
            assert!(
                read(bad, "f", &origin(), Class::IN, &mut |_| {}).is_err(),
                "{bad:?}"
            );
        }
    }
}
