//! NSEC3 owner hashing (RFC 5155 section 5: iterated SHA-1 over the canonical wire name and
//! the salt) and the owner names the hashes spell in base32hex (RFC 5155 section 3.3).
//!
//! SHA-1 comes from the RustCrypto `sha1` crate (the sibling of the `sha2` crate already in
//! use): hashing is pure and needs no key material, so it stays out of `crypto`.

use sha1::{Digest, Sha1};

use crate::encoding::base32hex_encode;
use crate::name::{Name, NameError};

/// The length of a SHA-1 NSEC3 hash (RFC 5155 section 5).
pub(crate) const NSEC3_HASH_LEN: usize = 20;

/// One NSEC3 hash value.
pub(crate) type Nsec3Hash = [u8; NSEC3_HASH_LEN];

/// Computes IH(salt, owner, iterations) of RFC 5155 section 5 with SHA-1: the first round
/// hashes the lowercased wire name and the salt, each further round hashes the previous
/// digest and the salt.
pub fn nsec3_hash(owner: &Name, salt: &[u8], iterations: u16) -> Nsec3Hash {
    nsec3_hash_wire(owner.as_wire(), salt, iterations)
}

/// [`nsec3_hash`] of a name given in uncompressed wire form (at most 255 octets are used),
/// for callers that walk names without making a [`Name`] of each.
pub(crate) fn nsec3_hash_wire(wire: &[u8], salt: &[u8], iterations: u16) -> Nsec3Hash {
    // A wire name is at most 255 octets and a salt at most 255: both fit on the stack.
    let mut input = [0u8; 255 + 255];
    let wire = &wire[..wire.len().min(255)];
    let salt = &salt[..salt.len().min(255)];
    input[..wire.len()].copy_from_slice(wire);
    input[..wire.len()].make_ascii_lowercase();
    input[wire.len()..wire.len() + salt.len()].copy_from_slice(salt);
    let mut digest: Nsec3Hash = Sha1::digest(&input[..wire.len() + salt.len()]).into();
    for _ in 0..iterations {
        let mut hasher = Sha1::new();
        hasher.update(digest);
        hasher.update(salt);
        digest = hasher.finalize().into();
    }
    digest
}

/// The NSEC3 owner name for a hash: its Base32hex label prepended to the zone apex
/// (RFC 5155 section 3).
pub fn nsec3_owner(hash: &[u8], apex: &Name) -> Result<Name, NameError> {
    let mut label = String::with_capacity(32);
    base32hex_encode(hash, &mut label);
    apex.prepend_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::base32hex_string;

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    fn hashed(name: &str) -> String {
        base32hex_string(&nsec3_hash(&n(name), &[0xaa, 0xbb, 0xcc, 0xdd], 12)).to_ascii_lowercase()
    }

    #[test]
    fn rfc5155_appendix_a_hashes() {
        // RFC 5155 Appendix A: salt aabbccdd, 12 additional iterations.
        let vectors = [
            ("example.", "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"),
            ("a.example.", "35mthgpgcu1qg68fab165klnsnk3dpvl"),
            ("ai.example.", "gjeqe526plbf1g8mklp59enfd789njgi"),
            ("ns1.example.", "2t7b4g4vsa5smi47k61mv5bv1a22bojr"),
            ("ns2.example.", "q04jkcevqvmu85r014c7dkba38o0ji5r"),
            ("w.example.", "k8udemvp1j2f7eg6jebps17vp3n8i58h"),
            ("*.w.example.", "r53bq7cc2uvmubfu5ocmm6pers9tk9en"),
            ("x.w.example.", "b4um86eghhds6nea196smvmlo4ors995"),
            ("y.w.example.", "ji6neoaepv8b5o6k4ev33abha8ht9fgc"),
            ("x.y.w.example.", "2vptu5timamqttgl4luu9kg21e0aor3s"),
            ("xx.example.", "t644ebqk9bibcna874givr6joj62mlhv"),
        ];
        for (name, expected) in vectors {
            assert_eq!(hashed(name), expected, "{name}");
        }
        assert_eq!(
            hashed("EXAMPLE."),
            "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom",
            "hashing must lowercase"
        );
    }

    #[test]
    fn owner_names_take_the_apex() {
        let hash = nsec3_hash(&n("example."), &[0xaa, 0xbb, 0xcc, 0xdd], 12);
        let owner = nsec3_owner(&hash, &n("example.")).unwrap();
        assert_eq!(owner, n("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example."));
    }
}
