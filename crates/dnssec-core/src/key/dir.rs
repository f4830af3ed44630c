//! A zone's keys in a key directory: discovery by file name as signzone `-S` does it, and the
//! tag-collision test keygen applies before keeping a new key (docs/bind-compat.md,
//! "key files: names, modes and lookup", "keygen" and "signzone: smart signing (-S)").

use super::error::KeyError;
use super::path::{parse_basename, KeyPath};
use super::Key;
use crate::algorithm::Algorithm;
use crate::name::Name;
use crate::rr::Dnskey;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The keys of `zone` in `dir`: every `K<zone>+NNN+NNNNN.private` whose name part equals the
/// zone's key-file form ignoring case (docs/bind-compat.md,
/// "key files: names, modes and lookup" and "signzone: smart signing (-S)"), sorted by base name.
pub fn list_zone_keys(dir: &Path, zone: &Name) -> Result<Vec<KeyPath>, KeyError> {
    let wanted = zone.key_file_part();
    let mut found: Vec<KeyPath> = private_key_files(dir)?
        .into_iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case(&wanted))
        .map(|(_, base)| KeyPath::new(dir, base))
        .collect();
    found.sort_by(|a, b| a.base.cmp(&b.base));
    Ok(found)
}

/// Every key of every zone in `dir`, read in one pass: the `.private` files grouped by the
/// name part of their base name, lower-cased (what [`Name::key_file_part`] gives, compared
/// ignoring case as [`list_zone_keys`] compares it), each group sorted by base name. A run
/// over many zones sharing a key directory reads it once instead of once per zone.
pub fn index_zone_keys(dir: &Path) -> Result<HashMap<String, Vec<KeyPath>>, KeyError> {
    let mut found: HashMap<String, Vec<KeyPath>> = HashMap::new();
    for (name, base) in private_key_files(dir)? {
        found
            .entry(name.to_ascii_lowercase())
            .or_default()
            .push(KeyPath::new(dir, base));
    }
    for paths in found.values_mut() {
        paths.sort_by(|a, b| a.base.cmp(&b.base));
    }
    Ok(found)
}

/// The key files of `dir`, one directory read: each `K<name>+NNN+NNNNN.private` (the suffix
/// in any case) as its name part and its base name. Other files, and file names that are not
/// UTF-8, are passed over, as no key of a zone can be named so.
fn private_key_files(dir: &Path) -> Result<Vec<(String, String)>, KeyError> {
    let entries = std::fs::read_dir(dir).map_err(|e| KeyError::from_io(&e, dir))?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| KeyError::from_io(&e, dir))?;
        let file_name = entry.file_name();
        let Some(base) = file_name
            .to_str()
            .and_then(|f| strip_suffix_ignore_case(f, ".private"))
        else {
            continue;
        };
        if let Some((name, _, _)) = parse_basename(base) {
            found.push((name.to_string(), base.to_string()));
        }
    }
    Ok(found)
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(suffix)).then(|| &text[..cut])
}

/// True when two keys' tags clash once revocation is taken into account: the same tag, or one
/// key's tag equal to the other's tag with the REVOKE flag flipped, in either direction
/// (docs/bind-compat.md, "keygen": keygen makes a new key in that case).
#[cfg(test)]
fn tags_collide(a: &Dnskey, b: &Dnskey) -> bool {
    let a_tags = [a.unrevoked_tag(), a.revoked_tag()];
    let b_tags = [b.unrevoked_tag(), b.revoked_tag()];
    a_tags.iter().any(|t| b_tags.contains(t))
}

/// The key tags already taken by keys of one owner and algorithm in a key directory, read in
/// one pass (docs/bind-compat.md, "keygen"): keygen tests every fresh candidate against it, so
/// a directory with thousands of keys is listed once rather than once per attempt.
#[derive(Clone, Debug, Default)]
pub struct KeyTagIndex {
    /// Each existing key's tag as its file name gives it, and, where its `.key` can be
    /// read, its tags with and without the REVOKE flag.
    taken: HashSet<u16>,
}

impl KeyTagIndex {
    /// Lists `dir` once and records the tags of every `K<owner>+<alg>+<tag>.key` or
    /// `.private` whose name part equals `owner`'s key-file form ignoring case. The tag in a
    /// file name counts even when the `.key` cannot be read; unreadable `.key` files and
    /// directory entries are otherwise ignored.
    pub fn scan(dir: &Path, owner: &Name, algorithm: Algorithm) -> Result<Self, KeyError> {
        let wanted = owner.key_file_part();
        let entries = std::fs::read_dir(dir).map_err(|e| KeyError::from_io(&e, dir))?;
        let mut taken = HashSet::new();
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name();
            let Some(file_name) = file_name.to_str() else {
                continue;
            };
            let (base, is_key) = match file_name.strip_suffix(".key") {
                Some(base) => (base, true),
                None => match file_name.strip_suffix(".private") {
                    Some(base) => (base, false),
                    None => continue,
                },
            };
            let Some((name, alg, tag)) = parse_basename(base) else {
                continue;
            };
            if alg != algorithm || !name.eq_ignore_ascii_case(&wanted) {
                continue;
            }
            taken.insert(tag);
            // The `.private` of the same key adds nothing its `.key` does not.
            if is_key {
                if let Ok(existing) = Key::load_public_file(&dir.join(file_name)) {
                    taken.insert(existing.dnskey.unrevoked_tag());
                    taken.insert(existing.dnskey.revoked_tag());
                }
            }
        }
        Ok(KeyTagIndex { taken })
    }

    /// True when `candidate` would be confused with a key already in the directory: the
    /// same tag, or the same tag once either key is revoked.
    pub fn collides(&self, candidate: &Dnskey) -> bool {
        self.taken.contains(&candidate.unrevoked_tag())
            || self.taken.contains(&candidate.revoked_tag())
    }
}

/// True when `candidate` would collide with a key of the same owner and algorithm already
/// in `dir` (the rule `tags_collide` states): a one-off [`KeyTagIndex`] query, which the
/// tests use as their oracle.
#[cfg(test)]
fn collides_in_dir(
    dir: &Path,
    owner: &Name,
    algorithm: Algorithm,
    candidate: &Dnskey,
) -> Result<bool, KeyError> {
    Ok(KeyTagIndex::scan(dir, owner, algorithm)?.collides(candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_by_file_name() {
        let dir = std::env::temp_dir().join(format!("dnssec-core-dir-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for f in [
            "Kexample.com.+013+00001.private",
            "KEXAMPLE.COM.+015+00002.PRIVATE",
            "Kexample.com.+013+00003.key",
            "Ksub.example.com.+013+00004.private",
            "Kexample.com.+13+00005.private",
            "Kexample.org.+013+00006.private",
        ] {
            std::fs::write(dir.join(f), b"").unwrap();
        }
        let zone = Name::parse("Example.Com.", None).unwrap();
        let found: Vec<String> = list_zone_keys(&dir, &zone)
            .unwrap()
            .into_iter()
            .map(|p| p.base)
            .collect();
        assert_eq!(
            found,
            ["KEXAMPLE.COM.+015+00002", "Kexample.com.+013+00001"]
        );
        // The one-pass index finds, for every zone, what the per-zone listing finds.
        let index = index_zone_keys(&dir).unwrap();
        for z in [
            "Example.Com.",
            "sub.example.com.",
            "example.org.",
            "none.example.",
        ] {
            let zone = Name::parse(z, None).unwrap();
            let listed: Vec<String> = list_zone_keys(&dir, &zone)
                .unwrap()
                .into_iter()
                .map(|p| p.base)
                .collect();
            let indexed: Vec<String> = index
                .get(&zone.key_file_part().to_ascii_lowercase())
                .map(|v| v.iter().map(|p| p.base.clone()).collect())
                .unwrap_or_default();
            assert_eq!(indexed, listed, "{z}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(
            list_zone_keys(&dir, &zone),
            Err(KeyError::NotFound(_))
        ));
    }

    #[test]
    fn revocation_aware_collisions() {
        let key = |flags: u16, byte: u8| Dnskey {
            flags,
            protocol: 3,
            algorithm: Algorithm::ED25519,
            public_key: vec![byte; 32],
        };
        let a = key(257, 1);
        assert!(tags_collide(&a, &a));
        let revoked = key(257 | Dnskey::REVOKE, 1);
        assert!(tags_collide(&a, &revoked) && tags_collide(&revoked, &a));
        // a key whose plain tag equals a's revoked tag collides, in both directions
        let mut other = key(257, 0);
        let target = a.revoked_tag();
        for b in 0..=255u8 {
            for c in 0..=255u8 {
                other.public_key[0] = b;
                other.public_key[1] = c;
                if other.key_tag() == target {
                    assert!(tags_collide(&other, &a) && tags_collide(&a, &other));
                    return;
                }
            }
        }
        panic!("no key with the wanted tag found");
    }

    #[test]
    fn collisions_against_key_files() {
        use crate::key::{Key, Overwrite};
        let dir = std::env::temp_dir().join(format!("dnssec-core-collide-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let owner = Name::parse("c.test.", None).unwrap();
        let key = Key::generate(
            owner.clone(),
            Algorithm::ED25519,
            None,
            Dnskey::ZONE | Dnskey::SEP,
        )
        .unwrap();
        key.write(&dir, Overwrite::Refuse).unwrap();
        assert!(collides_in_dir(&dir, &owner, Algorithm::ED25519, &key.dnskey).unwrap());
        let mut revoked = key.dnskey.clone();
        revoked.flags |= Dnskey::REVOKE;
        assert!(collides_in_dir(&dir, &owner, Algorithm::ED25519, &revoked).unwrap());
        // same tag under another algorithm or owner is no collision
        assert!(!collides_in_dir(&dir, &owner, Algorithm::ECDSAP256SHA256, &key.dnskey).unwrap());
        let other_owner = Name::parse("d.test.", None).unwrap();
        assert!(!collides_in_dir(&dir, &other_owner, Algorithm::ED25519, &key.dnskey).unwrap());
        let fresh = Key::generate(
            owner.clone(),
            Algorithm::ED25519,
            None,
            Dnskey::ZONE | Dnskey::SEP,
        )
        .unwrap();
        if !tags_collide(&fresh.dnskey, &key.dnskey) {
            assert!(!collides_in_dir(&dir, &owner, Algorithm::ED25519, &fresh.dnskey).unwrap());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn index_agrees_with_pairwise_test() {
        use crate::key::{Key, Overwrite};
        let dir = std::env::temp_dir().join(format!("dnssec-core-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let owner = Name::parse("I.test.", None).unwrap();
        let make = || Key::generate(owner.clone(), Algorithm::ED25519, None, Dnskey::ZONE).unwrap();
        let written: Vec<Key> = (0..8).map(|_| make()).collect();
        for key in &written {
            key.write(&dir, Overwrite::Allow).unwrap();
        }
        // a `.private` alone still reserves the tag in its name, in any case of the owner
        std::fs::write(dir.join("Ki.TEST.+015+04242.private"), b"").unwrap();
        let lower = Name::parse("i.test.", None).unwrap();
        let index = KeyTagIndex::scan(&dir, &lower, Algorithm::ED25519).unwrap();
        for key in &written {
            assert!(index.collides(&key.dnskey));
            let mut revoked = key.dnskey.clone();
            revoked.flags |= Dnskey::REVOKE;
            assert!(index.collides(&revoked));
        }
        for _ in 0..200 {
            let fresh = make();
            let expected = fresh.dnskey.unrevoked_tag() == 4242
                || fresh.dnskey.revoked_tag() == 4242
                || written
                    .iter()
                    .any(|k| tags_collide(&k.dnskey, &fresh.dnskey));
            assert_eq!(index.collides(&fresh.dnskey), expected);
            assert_eq!(
                collides_in_dir(&dir, &owner, Algorithm::ED25519, &fresh.dnskey).unwrap(),
                expected
            );
        }
        // other algorithms' keys are not in the index
        let other = KeyTagIndex::scan(&dir, &owner, Algorithm::ECDSAP256SHA256).unwrap();
        assert!(written.iter().all(|k| !other.collides(&k.dnskey)));
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(
            KeyTagIndex::scan(&dir, &owner, Algorithm::ED25519),
            Err(KeyError::NotFound(_))
        ));
    }
}
