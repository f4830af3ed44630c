//! BIND's `.key` file (docs/bind-compat.md, "key files: .key"): comment lines, then one DNSKEY
//! or KEY record.
//!
//! Written as BIND writes it: a header comment naming the key, one `; Tag: UTC-stamp
//! (local ctime)` line per set time in the order Created, Publish, Activate, Revoke,
//! Inactive, Delete, SyncPublish, SyncDelete (DS times are never shown), and the record line
//! `<owner> [<ttl> ]<CLASS> DNSKEY|KEY <flags> <proto> <alg> <base64>` with the base64 in
//! 56-character chunks separated by single spaces. KEY records have no comments and legacy
//! (v1.2) keys only the header.

use super::timing::{KeyTiming, TimeField};
use crate::name::Name;
use crate::rr::Dnskey;
use crate::rr::{Class, RrType, Ttl};
use crate::time::{format_ctime_in, format_timestamp};
use chrono::TimeZone;
use std::fmt;

/// Which record type a key file holds (docs/bind-compat.md, "key files: .key"; keygen `-T`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyRecordType {
    /// DNSKEY (RFC 4034 section 2), for zone signing.
    Dnskey,
    /// KEY (RFC 2535 section 3), for SIG(0) and DH.
    Key,
}

impl KeyRecordType {
    /// The record type.
    pub fn rr_type(self) -> RrType {
        match self {
            KeyRecordType::Dnskey => RrType::DNSKEY,
            KeyRecordType::Key => RrType::KEY,
        }
    }

    /// The mnemonic as written in the record line.
    pub fn mnemonic(self) -> &'static str {
        match self {
            KeyRecordType::Dnskey => "DNSKEY",
            KeyRecordType::Key => "KEY",
        }
    }
}

/// The record of a `.key` file (docs/bind-compat.md, "key files: .key").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicRecord {
    /// The owner name, case kept as written (docs/bind-compat.md,
    /// "key files: names, modes and lookup").
    pub owner: Name,
    /// The TTL, written only when set (`-L`).
    pub ttl: Option<Ttl>,
    /// The class (IN unless `-c`).
    pub class: Class,
    /// DNSKEY or KEY.
    pub record_type: KeyRecordType,
    /// The rdata.
    pub dnskey: Dnskey,
}

impl PublicRecord {
    /// `Name/ALG/tag`, the way BIND names a key in messages (`Failed to write key
    /// example/RSASHA256/3572: ...`).
    pub fn describe(&self) -> String {
        describe_key(&self.owner, &self.dnskey)
    }
}

/// `Name/ALG/tag` of a key, as BIND's messages name it (docs/bind-compat.md, "importkey").
pub(super) fn describe_key(owner: &Name, dnskey: &Dnskey) -> String {
    format!(
        "{}/{}/{}",
        owner.to_message_string(),
        dnskey.algorithm,
        dnskey.key_tag()
    )
}

/// How much commentary a `.key` file carries (docs/bind-compat.md, "key files: .key").
#[derive(Clone, Copy, Debug)]
pub(crate) enum KeyComments<'a> {
    /// None at all: KEY-type keys.
    None,
    /// Only the header line: legacy v1.2 keys (`keygen -C`).
    HeaderOnly,
    /// The header and one line per set time.
    Full(&'a KeyTiming),
}

/// The header comment line without its newline: `; This is a {revoked }{key|zone}-signing
/// key, keyid <tag>, for <owner>` ("key" when the SEP flag is set).
pub(super) fn header_line(record: &PublicRecord) -> String {
    let revoked = if record.dnskey.is_revoked() {
        "revoked "
    } else {
        ""
    };
    let role = if record.dnskey.is_ksk() {
        "key"
    } else {
        "zone"
    };
    format!(
        "; This is a {revoked}{role}-signing key, keyid {}, for {}",
        record.dnskey.key_tag(),
        record.owner
    )
}

/// The record line without its newline (docs/bind-compat.md, "key files: .key").
pub(super) fn record_line(record: &PublicRecord) -> String {
    let ttl = record.ttl.map(|t| format!("{t} ")).unwrap_or_default();
    let d = &record.dnskey;
    format!(
        "{} {ttl}{} {} {} {} {} {}",
        record.owner,
        record.class,
        record.record_type.mnemonic(),
        d.flags,
        d.protocol,
        d.algorithm.0,
        chunked_base64(&d.public_key)
    )
}

/// Base64 in 56-character chunks separated by single spaces, as BIND prints key data.
pub(super) fn chunked_base64(data: &[u8]) -> String {
    let mut b64 = String::with_capacity(data.len().div_ceil(3) * 4);
    crate::encoding::base64_encode(data, &mut b64);
    let mut out = String::with_capacity(b64.len() + b64.len() / 56);
    for (i, chunk) in b64.as_bytes().chunks(56).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
    }
    out
}

/// Writes a `.key` file's text, with the ctime comments in `tz` (BIND uses local time).
pub(super) fn write_public_in<Tz: TimeZone>(
    record: &PublicRecord,
    comments: KeyComments<'_>,
    tz: &Tz,
) -> String
where
    Tz::Offset: fmt::Display,
{
    let mut out = String::with_capacity(512);
    match comments {
        KeyComments::None => {}
        KeyComments::HeaderOnly => {
            out.push_str(&header_line(record));
            out.push('\n');
        }
        KeyComments::Full(timing) => {
            out.push_str(&header_line(record));
            out.push('\n');
            for &field in TimeField::KEY_COMMENTS {
                let label = field.tag();
                if let Some(t) = timing.get(field) {
                    out.push_str(&format!(
                        "; {label}: {} ({})\n",
                        format_timestamp(t),
                        format_ctime_in(t, tz)
                    ));
                }
            }
        }
    }
    out.push_str(&record_line(record));
    out.push('\n');
    out
}

/// Reads a `.key` file's record (docs/bind-compat.md, "key files: .key") with the shared
/// zone-file lexer: the first entry must be `owner [ttl] [class] DNSKEY|KEY rdata`; comments,
/// blank lines and parentheses are allowed, later entries are ignored (as BIND does). The owner
/// is read relative to the root; `@` and directives are refused (`unexpected token`), as are
/// fields out of order. `file` names the file in located errors.
pub fn parse_public(text: &str, file: &str) -> Result<PublicRecord, super::KeyError> {
    use super::KeyError;
    use crate::error::Location;
    use crate::rr::rdata;
    use crate::zonefile::bind_report;
    use crate::zonefile::Lexer;

    let buf = text.as_bytes();
    let mut tokens = Vec::new();
    let located = |message: &str, line: u32| KeyError::Parse {
        message: message.to_string(),
        location: Location::new(file, line),
    };
    // Errors without BIND's own location line still name file, line and field.
    let at = |error: KeyError, line: u32, field: &str| KeyError::At {
        location: Location::new(file, line),
        field: Some(field.to_string()),
        error: Box::new(error),
    };
    let last_line = u32::try_from(text.lines().count().max(1)).unwrap_or(u32::MAX);
    let entry = match Lexer::new().next_entry(buf, &mut tokens) {
        None => return Err(at(KeyError::EndOfFile, last_line, "owner")),
        Some(entry) => entry,
    };
    if let Some(fault) = entry.fault {
        return Err(located(&fault.error.to_string(), fault.line));
    }
    let word = |i: usize| {
        tokens
            .get(i)
            .map(|t| t.text(buf))
            .and_then(|b| std::str::from_utf8(b).ok())
    };
    let line_of = |i: usize| tokens.get(i).map_or(entry.line, |t| t.line);
    let owner_text = word(0).ok_or_else(|| at(KeyError::UnexpectedToken, line_of(0), "owner"))?;
    if owner_text == "@" || owner_text.starts_with('$') || tokens[0].quoted {
        return Err(at(KeyError::UnexpectedToken, line_of(0), "owner"));
    }
    let owner = Name::parse(owner_text, Some(&Name::root()))
        .map_err(|_| at(KeyError::UnexpectedToken, line_of(0), "owner"))?;
    let mut i = 1;
    let ttl = match word(i).and_then(|w| rdata::parse_period(w.as_bytes())) {
        Some(t) => {
            i += 1;
            Some(Ttl(t))
        }
        None => None,
    };
    let class = match word(i).and_then(Class::from_mnemonic) {
        Some(c) => {
            i += 1;
            c
        }
        None => Class::IN,
    };
    let record_type = match word(i).map(str::to_ascii_uppercase).as_deref() {
        Some("DNSKEY") => KeyRecordType::Dnskey,
        Some("KEY") => KeyRecordType::Key,
        Some(_) => return Err(at(KeyError::UnexpectedToken, line_of(i), "type")),
        // BIND reads on past the line for the type and reports the end of the file.
        None => return Err(at(KeyError::EndOfFile, last_line, "type")),
    };
    i += 1;
    let mut wire = Vec::with_capacity(128);
    let rest = tokens.get(i..).unwrap_or(&[]);
    rdata::parse_tokens(
        record_type.rr_type(),
        buf,
        rest,
        Some(&Name::root()),
        &mut wire,
    )
    .map_err(|e| {
        let line = rest.last().map(|t| t.line).unwrap_or(entry.line);
        located(&bind_report::rdata_result(&e.error).to_string(), line)
    })?;
    // BIND reads the rdata into a fixed buffer before it looks at the key: a longer key field
    // is `ran out of space`, at the line of the last rdata token, whatever the algorithm.
    if wire.len() > DNSKEY_FIXED_OCTETS + MAX_KEY_FIELD {
        let line = rest.last().map(|t| t.line).unwrap_or(entry.line);
        return Err(at(KeyError::NoSpace, line, record_type.mnemonic()));
    }
    let dnskey = Dnskey::from_wire(&wire).map_err(|_| {
        at(
            KeyError::PublicKeyInvalid,
            entry.line,
            record_type.mnemonic(),
        )
    })?;
    check_public_key(&dnskey).map_err(|e| KeyError::At {
        location: Location::new(file, entry.line),
        field: Some(record_type.mnemonic().to_string()),
        error: Box::new(e),
    })?;
    Ok(PublicRecord {
        owner,
        ttl,
        class,
        record_type,
        dnskey,
    })
}

/// The RFC 2535 section 3.1.2 "extended flags" bit (0x1000). BIND's key reader takes it as a
/// promise of two more flag octets at the start of the key field, so for every key it
/// loads the field no longer has its algorithm's shape: `public key is invalid`.
pub(super) const EXTENDED_FLAGS: u16 = 0x1000;

/// Checks a key that a tool is about to load, sign with, import or compute a DS for
/// (docs/bind-compat.md, "keys: times, fields and checks"): what [`check_zone_key`] checks,
/// an ED25519 or ED448 field of exactly 32 or 57 octets, and for RSA (RFC 3110 section 2) an
/// exponent of 1 to 4096 bits and a modulus of at least 512 bits (a key file's length limit
/// is [`check_key_file_size`]).
///
/// Unknown algorithms are not judged (their loaders refuse them on their own).
pub fn check_public_key(key: &Dnskey) -> Result<(), super::KeyError> {
    check_zone_key(key)?;
    let len = key.public_key.len();
    let fits = match key.algorithm.0 {
        1 | 5 | 7 | 8 | 10 => rsa_fits(&key.public_key),
        // BIND would read the first 32 or 57 octets and so compute a DS for another key.
        15 => len == 32,
        16 => len == 57,
        _ => true,
    };
    if !fits {
        return Err(super::KeyError::PublicKeyInvalid);
    }
    Ok(())
}

/// What BIND's key reader itself refuses in a DNSKEY, as `dnssec-signzone` meets it in a
/// zone's DNSKEY RRset (docs/bind-compat.md, "signzone: zone keys BIND cannot load"):
/// - flags with [`EXTENDED_FLAGS`] (so 65535), `public key is invalid`;
/// - a key field of the wrong length for its algorithm: other than 64 octets for
///   ECDSAP256SHA256 and 96 for ECDSAP384SHA384 (RFC 6605 section 4), under 32 for ED25519
///   and 57 for ED448 (RFC 8080 section 3: BIND reads that many and ignores the rest); for
///   RSA (RFC 3110 section 2) a field too short for its exponent length and exponent (an
///   empty modulus passes): `public key is invalid`;
/// - an ECDSA key that is no point of its curve: `crypto failure`.
///
/// Unknown algorithms are not judged.
pub fn check_zone_key(key: &Dnskey) -> Result<(), super::KeyError> {
    use super::KeyError;
    if key.flags & EXTENDED_FLAGS != 0 {
        return Err(KeyError::PublicKeyInvalid);
    }
    let len = key.public_key.len();
    let fits = match key.algorithm.0 {
        1 | 5 | 7 | 8 | 10 => rsa_exponent(&key.public_key).is_some(),
        13 => len == 64,
        14 => len == 96,
        15 => len >= 32,
        16 => len >= 57,
        _ => true,
    };
    if !fits {
        return Err(KeyError::PublicKeyInvalid);
    }
    if !crate::crypto::ec_point_on_curve(key.algorithm, &key.public_key) {
        return Err(KeyError::CryptoFailure);
    }
    Ok(())
}

/// An RSA key field (RFC 3110 section 2) split into exponent and modulus: one length octet,
/// or a zero octet and two length octets, then the exponent; None when the field is too short
/// for them. Either part may be empty.
fn rsa_exponent(field: &[u8]) -> Option<(&[u8], &[u8])> {
    let (exp_len, rest) = match field {
        [0, hi, lo, rest @ ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), rest),
        [0, ..] | [] => return None,
        [n, rest @ ..] => (usize::from(*n), rest),
    };
    (rest.len() >= exp_len).then(|| rest.split_at(exp_len))
}

/// Flags (2 octets), protocol and algorithm: the DNSKEY rdata before the key field
/// (RFC 4034 section 2.1).
const DNSKEY_FIXED_OCTETS: usize = 4;

/// The longest key field a key file can hold: BIND reads a `.key` record's rdata into 1280
/// octets, [`DNSKEY_FIXED_OCTETS`] of them flags, protocol and algorithm, and writes a key
/// file through a buffer of the same size. A longer field is `ran out of space` for every
/// algorithm ([`parse_public`], [`check_key_file_size`]); an RSA modulus over 4096 bits that
/// fits is read, and only signing with it is refused (docs/bind-compat.md, "keys: RSA over
/// 4096 bits" and "keys: key fields over 1276 octets").
pub(crate) const MAX_KEY_FIELD: usize = 1276;

/// Refuses a key that no key file can hold, its key field being over [`MAX_KEY_FIELD`]
/// octets, with BIND's `ran out of space` ([`super::KeyError::NoSpace`]). For a key read
/// from a zone that is about to be written as a key file (`importkey -f`): BIND reads such a
/// key from a zone and fails when it writes the file (docs/bind-compat.md, "keys: key fields
/// over 1276 octets").
pub fn check_key_file_size(key: &Dnskey) -> Result<(), super::KeyError> {
    if key.public_key.len() > MAX_KEY_FIELD {
        return Err(super::KeyError::NoSpace);
    }
    Ok(())
}

/// RFC 3110 section 2: exponent length (one octet, or zero and two octets), exponent,
/// modulus. The exponent is limited to 4096 bits as BIND limits it; the modulus is not
/// limited here: a key file cannot hold a field over [`MAX_KEY_FIELD`] octets, but in a zone
/// BIND takes any length (`dsfromkey -f` prints its DS; docs/bind-compat.md, "keys: key
/// fields over 1276 octets"). A modulus under 512 bits is no usable key; that floor is ours
/// (docs/bind-compat.md, "keys: times, fields and checks").
fn rsa_fits(field: &[u8]) -> bool {
    let Some((exponent, modulus)) = rsa_exponent(field) else {
        return false;
    };
    let bits = |b: &[u8]| {
        let b = &b[b.iter().position(|&x| x != 0).unwrap_or(b.len())..];
        b.first().map_or(0, |top| {
            (b.len() - 1) * 8 + (8 - top.leading_zeros() as usize)
        })
    };
    bits(exponent) > 0 && bits(exponent) <= 4096 && bits(modulus) >= 512
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;
    use crate::key::private::parse_private;
    use crate::test_util::sample_key_file as sample;
    use chrono::Utc;

    fn record_of(text: &str) -> PublicRecord {
        parse_public(text, "sample.key").unwrap()
    }

    #[test]
    fn writes_bind_samples_byte_for_byte() {
        for (key, private) in [
            ("settime-all-times.key", "settime-all-times.private"),
            ("revoked.key", "revoked.private"),
            ("rsasha256.key", "rsasha256.private"),
            ("importkey-with-times.key", "importkey-with-times.private"),
        ] {
            let text = sample(key);
            let timing = parse_private(&sample(private)).unwrap().timing;
            let record = record_of(&text);
            assert_eq!(
                write_public_in(&record, KeyComments::Full(&timing), &Utc),
                text,
                "{key}"
            );
        }
        let legacy = sample("legacy-keygen-C.key");
        assert_eq!(
            write_public_in(&record_of(&legacy), KeyComments::HeaderOnly, &Utc),
            legacy
        );
        for key in ["dh-KEY.key", "sig0-KEY-host.key"] {
            let text = sample(key);
            assert_eq!(
                write_public_in(&record_of(&text), KeyComments::None, &Utc),
                text,
                "{key}"
            );
        }
    }

    const KEY: &str = "; comment\no.test. 300 IN DNSKEY 256 3 13 t55/q9YvInep37ClWBLNcWs4bdIE5/nX5OhI+iJrZnk6z0l38czH+jRO o/h2Jfxwkz+UAMv8KLSzznVBqP4cLg==\n";

    fn read(edit: impl Fn(&str) -> String) -> Result<PublicRecord, crate::key::KeyError> {
        parse_public(&edit(KEY), "K.key")
    }

    #[test]
    fn reader_accepts_what_bind_accepts() {
        let base = read(|s| s.to_string()).unwrap();
        assert_eq!(base.owner.to_string(), "o.test.");
        assert_eq!(base.ttl, Some(Ttl(300)));
        assert_eq!(base.dnskey.key_tag(), 54706);
        let same = |edit: &dyn Fn(&str) -> String| {
            let r = read(edit).unwrap();
            assert_eq!(r.dnskey, base.dnskey);
            r
        };
        assert_eq!(
            same(&|s| s.replace("o.test. 300", "o.test 300")).owner,
            base.owner
        );
        assert_eq!(
            same(&|s| s.replace("o.test. 300", "O.TEST. 300"))
                .owner
                .to_string(),
            "O.TEST."
        );
        assert_eq!(same(&|s| s.replace(" 300 ", " 5m ")).ttl, Some(Ttl(300)));
        assert_eq!(same(&|s| s.replace(" 300 ", " 1h ")).ttl, Some(Ttl(3600)));
        assert_eq!(same(&|s| s.replace(" 300 IN ", " ")).ttl, None);
        assert_eq!(same(&|s| s.replace(" IN ", " CH ")).class, Class::CH);
        same(&|s| s.replace("DNSKEY", "dnskey"));
        same(&|s| s.replace("o.test. 300", " o.test. 300"));
        same(&|s| {
            s.replace("DNSKEY 256 3 13 ", "DNSKEY 256 3 13 (\n ")
                .trim_end()
                .to_string()
                + " )\n"
        });
        same(&|s| s.trim_end().to_string());
        same(&|s| format!("{s}o.test. 300 IN DNSKEY 257 3 13 AAAA\n"));
        assert_eq!(
            same(&|s| s.replace("DNSKEY", "KEY")).record_type,
            KeyRecordType::Key
        );
        assert_eq!(
            same(&|s| s.replace(" 3 13 ", " 3 ECDSAP256SHA256 "))
                .dnskey
                .algorithm,
            Algorithm(13)
        );
    }

    #[test]
    fn reader_errors_are_bind_words() {
        // BIND's words, without the file and line our messages add
        let err = |edit: &dyn Fn(&str) -> String| match read(edit).unwrap_err().kind() {
            crate::key::KeyError::Parse { message, .. } => message.clone(),
            other => other.to_string(),
        };
        assert_eq!(err(&|_| String::new()), "end of file");
        assert_eq!(err(&|_| "; only a comment\n".to_string()), "end of file");
        assert_eq!(
            err(&|s| s.replace("o.test. 300", "@ 300")),
            "unexpected token"
        );
        assert_eq!(
            err(&|s| s.replace("o.test. 300", "$TTL 5\no.test. 300")),
            "unexpected token"
        );
        assert_eq!(
            err(&|s| s.replace(" 300 IN ", " IN 300 ")),
            "unexpected token"
        );
        assert_eq!(err(&|s| s.replace("DNSKEY", "A")), "unexpected token");
        assert_eq!(
            err(&|s| s.replace("DNSKEY 256 3 13 ", "DNSKEY ( 256 3 13\n ")),
            "unbalanced parentheses"
        );
        assert_eq!(
            err(&|s| s.trim_end().to_string() + " )\n"),
            "unbalanced parentheses"
        );
        assert_eq!(
            err(&|s| s.trim_end().to_string() + "!\n"),
            "bad base64 encoding"
        );
        assert_eq!(
            err(&|s| s.replace("DNSKEY 256 3 13 ", "DNSKEY 256 3 13 AAAA")),
            "public key is invalid"
        );
        assert_eq!(
            err(&|s| s.split("DNSKEY").next().unwrap().to_string() + "DNSKEY 256 3 13\n"),
            "unexpected end of input"
        );
        match read(|s| s.trim_end().to_string() + " )\n").unwrap_err() {
            crate::key::KeyError::Parse { location, .. } => {
                assert_eq!(location.to_string(), "K.key:2")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn chunks_of_56() {
        let s = chunked_base64(&[0u8; 100]);
        let parts: Vec<&str> = s.split(' ').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [56, 56, 24]
        );
    }

    /// An RSASHA256 key field of `len` octets: exponent 65537, then an odd modulus with its
    /// top bit set.
    fn rsa_field(len: usize) -> Vec<u8> {
        let mut field = vec![3u8, 1, 0, 1];
        field.extend((4..len).map(|i| (i as u8).wrapping_mul(37) | 1));
        field[4] |= 0x80;
        field
    }

    fn key_text(algorithm: u8, field: &[u8], split: bool) -> String {
        let b64 = chunked_base64(field);
        if split {
            // Over lines: the error names the line of the last base64 token, as BIND's does.
            format!(
                "x. IN DNSKEY 257 3 {algorithm} (\n{}\n)\n",
                b64.replace(' ', "\n")
            )
        } else {
            format!("; c\nx. IN DNSKEY 257 3 {algorithm} {b64}\n")
        }
    }

    #[test]
    fn a_key_field_over_1276_octets_is_out_of_space() {
        use crate::key::KeyError;
        let ok = parse_public(&key_text(8, &rsa_field(MAX_KEY_FIELD), false), "K.key").unwrap();
        assert_eq!(ok.dnskey.public_key.len(), 1276);
        assert_eq!(check_key_file_size(&ok.dnskey), Ok(()));
        for (algorithm, len, split, place) in [
            (8, MAX_KEY_FIELD + 1, false, "K.key:2"),
            (8, 2000, true, "K.key:49"),
            // Read before the key is looked at: not `public key is invalid`.
            (13, MAX_KEY_FIELD + 1, false, "K.key:2"),
            (15, MAX_KEY_FIELD + 1, false, "K.key:2"),
        ] {
            let e =
                parse_public(&key_text(algorithm, &rsa_field(len), split), "K.key").unwrap_err();
            assert_eq!(e.kind(), &KeyError::NoSpace, "{algorithm} {len}");
            assert_eq!(e.to_string(), "ran out of space");
            assert_eq!(
                e.detail().as_deref(),
                Some(format!("{place}: DNSKEY: ran out of space").as_str())
            );
        }
        // In a zone such a key is a key (BIND's dsfromkey -f hashes it); only a key file
        // cannot hold it.
        let big = Dnskey {
            public_key: rsa_field(MAX_KEY_FIELD + 1),
            ..ok.dnskey
        };
        assert_eq!(check_public_key(&big), Ok(()));
        assert_eq!(check_key_file_size(&big), Err(KeyError::NoSpace));
    }

    #[test]
    fn zone_keys_as_bind_makes_them() {
        use crate::key::KeyError;
        let ok = parse_public(&key_text(8, &rsa_field(260), false), "K.key").unwrap();
        let with = |algorithm: u8, flags: u16, field: &[u8]| Dnskey {
            flags,
            algorithm: crate::algorithm::Algorithm(algorithm),
            public_key: field.to_vec(),
            ..ok.dnskey.clone()
        };
        let invalid = Err(KeyError::PublicKeyInvalid);
        // RSA: the exponent length and exponent must be there; the modulus may be empty.
        for field in [&[][..], &[0], &[1], &[0, 0], &[2, 1]] {
            assert_eq!(check_zone_key(&with(8, 256, field)), invalid, "{field:?}");
        }
        for field in [&[1u8, 1][..], &[0, 0, 0, 1], &[0, 0, 1, 3]] {
            assert_eq!(check_zone_key(&with(8, 256, field)), Ok(()), "{field:?}");
            // Our own floor for keys we load from files: no usable modulus.
            assert_eq!(check_public_key(&with(8, 256, field)), invalid, "{field:?}");
        }
        assert_eq!(check_zone_key(&ok.dnskey), Ok(()));
        assert_eq!(
            check_zone_key(&with(8, 256 | EXTENDED_FLAGS, &ok.dnskey.public_key)),
            invalid
        );
        assert_eq!(check_zone_key(&with(13, 256, &[1; 63])), invalid);
        assert_eq!(
            check_zone_key(&with(13, 0, &[1; 64])),
            Err(KeyError::CryptoFailure)
        );
        assert_eq!(check_zone_key(&with(16, 256, &[1; 56])), invalid);
        // BIND reads the first 32 / 57 octets of a longer EdDSA field; we refuse such a key
        // where we load it from a file.
        for (algorithm, len) in [(15, 33), (16, 58)] {
            let long = with(algorithm, 256, &vec![1; len]);
            assert_eq!(check_zone_key(&long), Ok(()));
            assert_eq!(check_public_key(&long), invalid);
        }
        assert_eq!(check_zone_key(&with(3, 256, &[1])), Ok(()));
    }
}
