//! importkey's input side (docs/bind-compat.md, "importkey"): finding every DNSKEY of a name in
//! a zone file or in dig output, in canonical RDATA order (RFC 4034 section 6.2), and the rule
//! that an import never replaces a real private key.

use crate::input::zonekeys;
use dnssec_core::key::{parse_private, KeyRecordType, PrivateMaterial, PublicRecord};
use dnssec_core::name::Name;
use dnssec_core::rr::Dnskey;
use dnssec_core::rr::{RrType, Ttl};
use dnssec_core::zonefile::Reader;
use std::path::Path;

/// Where the records come from: how the messages name it, and whether a record may come
/// without a TTL.
pub struct Source<'a> {
    /// The name in located messages: the file as given, or [`zonekeys::STDIN_STREAM_LABEL`].
    pub label: &'a str,
    /// The name in the final `can't load ...` message: the file, or `from input`.
    pub load: &'a str,
    /// A file may hold records without a TTL (they are written without one); standard input
    /// may not (docs/bind-compat.md, "importkey: standard input and a second import").
    pub ttl_optional: bool,
}

/// Every DNSKEY owned by `name` in the zone text (or dig output) `text`, read with the
/// core's zone-file reader with `name` as the origin, in canonical RDATA order, duplicates
/// dropped. The TTL is not kept: only `-L` sets one. Reader warnings are printed; a text the
/// reader refuses is reported as BIND reports it (located lines, then `can't load ...`).
pub fn dnskeys_at(text: &str, name: &Name, from: &Source<'_>) -> anyhow::Result<Vec<PublicRecord>> {
    let mut reader = Reader::from_str(text, from.label, Some(name.clone()));
    if from.ttl_optional {
        reader = reader.with_default_ttl(Ttl(0));
    }
    let mut found: Vec<PublicRecord> = Vec::new();
    let print_warnings = |reader: &mut Reader| {
        for w in reader.take_warnings() {
            crate::cli::warning(w.to_string());
        }
    };
    while let Some(record) = reader.next() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                print_warnings(&mut reader);
                return Err(zonekeys::load_error(from.load, &e));
            }
        };
        if record.rtype != RrType::DNSKEY || record.owner.to_lowercase() != name.to_lowercase() {
            continue;
        }
        let dnskey = Dnskey::from_wire(&record.rdata)
            .map_err(|e| anyhow::anyhow!("can't load {}: {e}", from.load))?;
        if found.iter().any(|r| r.dnskey == dnskey) {
            continue;
        }
        found.push(PublicRecord {
            owner: record.owner,
            ttl: None,
            class: record.class,
            record_type: KeyRecordType::Dnskey,
            dnskey,
        });
    }
    print_warnings(&mut reader);
    found.sort_by_key(|a| a.dnskey.to_wire());
    Ok(found)
}

/// True when `path` holds a private key with material: importing over it would destroy the
/// only copy of a signing key, so BIND refuses. An `External:` file (an earlier import) may
/// be replaced; a file that cannot be read as a key is treated as precious too.
pub fn holds_real_private_key(path: &Path) -> bool {
    match std::fs::read_to_string(path) {
        Ok(text) => !matches!(
            parse_private(&text).map(|p| p.material),
            Ok(PrivateMaterial::External)
        ),
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_external_private_file_may_be_replaced_but_not_a_real_one() {
        let dir = std::env::temp_dir().join(format!("importkey-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("K.private");
        assert!(!holds_real_private_key(&p));
        std::fs::write(
            &p,
            "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\nExternal:\n",
        )
        .unwrap();
        assert!(!holds_real_private_key(&p));
        std::fs::write(&p, "Private-key-format: v1.3\nAlgorithm: 15 (ED25519)\nPrivateKey: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n").unwrap();
        assert!(holds_real_private_key(&p));
        std::fs::write(&p, "garbage").unwrap();
        assert!(holds_real_private_key(&p));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
