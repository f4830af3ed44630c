//! importkey's input side (REFERENCE.md 5): finding every DNSKEY of a name in a zone file or
//! in dig output, in canonical RDATA order (RFC 4034 section 6.2), and the rule that an
//! import never replaces a real private key.

use dnssec_core::key::public::parse_public;
use dnssec_core::key::{private::parse_private, PrivateMaterial, PublicRecord};
use dnssec_core::name::Name;
use dnssec_core::rr::RrType;
use std::path::Path;

/// Splits zone text into record entries: an entry starts on a line and runs on while a
/// parenthesis is open (RFC 1035 section 5.1). Comments are dropped.
// TODO(zone helper): replace with the core's zonefile reader once it is on main; until then
// relative owners, a blank (inherited) owner and $ORIGIN/$INCLUDE are not understood here,
// which dig output and `.key`-style lines never need.
fn entries(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    for line in text.lines() {
        let mut kept = String::new();
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ';' if !quoted => break,
                '(' if !quoted => depth += 1,
                ')' if !quoted => depth -= 1,
                _ => {}
            }
            kept.push(c);
        }
        current.push_str(&kept);
        current.push('\n');
        if depth <= 0 {
            depth = 0;
            if !current.trim().is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// Every DNSKEY owned by `name` in `text`, in canonical RDATA order, duplicates dropped.
/// Entries that are not DNSKEY records are skipped; a DNSKEY entry that cannot be read is an
/// error naming `source`.
pub fn dnskeys_at(text: &str, name: &Name, source: &str) -> anyhow::Result<Vec<PublicRecord>> {
    let mut found: Vec<PublicRecord> = Vec::new();
    for entry in entries(text) {
        let is_dnskey = entry
            .split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("DNSKEY"));
        if !is_dnskey || entry.starts_with('$') {
            continue;
        }
        let record = parse_public(&entry, source)
            .map_err(|e| anyhow::anyhow!("can't load {source}: {e}"))?;
        if record.record_type.rr_type() != RrType::DNSKEY
            || record.owner.to_lowercase() != name.to_lowercase()
        {
            continue;
        }
        if !found.iter().any(|r| r.dnskey == record.dnskey) {
            found.push(record);
        }
    }
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
    fn entries_follow_parentheses_and_drop_comments() {
        let text = "a. 300 IN DNSKEY 257 3 15 ( AAAA ; key\n  BBBB ) ; KSK\n\n; only a comment\nb. IN A 1.2.3.4\n";
        let e = entries(text);
        assert_eq!(e.len(), 2);
        assert!(e[0].contains("BBBB") && !e[0].contains("KSK"));
        assert!(e[1].starts_with("b. IN A"));
    }

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
