//! NSEC3 owner hashing (RFC 5155 section 5: iterated SHA-1 over the canonical wire name and
//! the salt) and the unpadded Base32 "Extended Hex" alphabet of RFC 4648 section 7 that
//! spells hashes in owner names (RFC 5155 section 3.3).
//!
//! SHA-1 comes from the RustCrypto `sha1` crate (the sibling of the `sha2` crate already in
//! use): hashing is pure and needs no key material, so it stays out of `crypto.rs`.

use sha1::{Digest, Sha1};

use crate::name::{Name, NameError};

/// The length of a SHA-1 NSEC3 hash (RFC 5155 section 5).
pub const NSEC3_HASH_LEN: usize = 20;

/// One NSEC3 hash value.
pub type Nsec3Hash = [u8; NSEC3_HASH_LEN];

/// Computes IH(salt, owner, iterations) of RFC 5155 section 5 with SHA-1: the first round
/// hashes the lowercased wire name and the salt, each further round hashes the previous
/// digest and the salt.
pub fn nsec3_hash(owner: &Name, salt: &[u8], iterations: u16) -> Nsec3Hash {
    nsec3_hash_wire(owner.as_wire(), salt, iterations)
}

/// [`nsec3_hash`] of a name given in uncompressed wire form (at most 255 octets are used),
/// for callers that walk names without making a [`Name`] of each.
pub fn nsec3_hash_wire(wire: &[u8], salt: &[u8], iterations: u16) -> Nsec3Hash {
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

const BASE32HEX_UPPER: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";

/// Appends `data` in unpadded Base32 Extended Hex (RFC 4648 section 7; RFC 5155 section 3.3
/// drops the padding). Uppercase, as BIND writes NSEC3 owner labels and next-hash fields in
/// signed zones; readers must accept either case.
pub fn base32hex_encode(data: &[u8], out: &mut String) {
    for chunk in data.chunks(5) {
        let mut block = [0u8; 5];
        block[..chunk.len()].copy_from_slice(chunk);
        let bits = block.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            let index = ((bits >> (35 - 5 * i)) & 0x1f) as usize;
            out.push(BASE32HEX_UPPER[index] as char);
        }
    }
}

/// Decodes unpadded Base32 Extended Hex in either case (RFC 4648 section 7). Returns `None`
/// for characters outside the alphabet, for a length no whole number of octets can give, or
/// when the unused low bits are not zero.
pub fn base32hex_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut acc: u32 = 0;
    let mut nbits = 0u32;
    for c in text.bytes() {
        let value = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'v' => c - b'a' + 10,
            b'A'..=b'V' => c - b'A' + 10,
            _ => return None,
        };
        acc = (acc << 5) | u32::from(value);
        nbits += 5;
        if nbits >= 8 {
            nbits -= 8;
            out.push((acc >> nbits) as u8);
            acc &= (1 << nbits) - 1;
        }
    }
    // RFC 4648 section 6 lengths leave 0, 2, 4, 1 or 3 bits over; 5 or more is a stray char.
    if nbits >= 5 || acc != 0 {
        return None;
    }
    Some(out)
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

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    fn hashed(name: &str) -> String {
        let mut s = String::new();
        base32hex_encode(&nsec3_hash(&n(name), &[0xaa, 0xbb, 0xcc, 0xdd], 12), &mut s);
        s.to_ascii_lowercase()
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
    fn base32hex_round_trips_every_length() {
        // RFC 4648 section 10 test vectors, without padding.
        let vectors = [
            ("", ""),
            ("f", "CO"),
            ("fo", "CPNG"),
            ("foo", "CPNMU"),
            ("foob", "CPNMUOG"),
        ];
        for (plain, encoded) in vectors {
            let mut s = String::new();
            base32hex_encode(plain.as_bytes(), &mut s);
            assert_eq!(s, encoded);
            assert_eq!(base32hex_decode(encoded).unwrap(), plain.as_bytes());
            assert_eq!(
                base32hex_decode(&encoded.to_ascii_lowercase()).unwrap(),
                plain.as_bytes()
            );
        }
        let mut s = String::new();
        base32hex_encode(b"foobar", &mut s);
        assert_eq!(s, "CPNMUOJ1E8");
        assert_eq!(base32hex_decode("CPNMUOJ1E8").unwrap(), b"foobar");
        assert_eq!(base32hex_decode("W"), None);
        assert_eq!(base32hex_decode("C"), None, "one char is not a whole octet");
        assert_eq!(base32hex_decode("CP"), None, "non-zero trailing bits");
    }

    #[test]
    fn owner_names_take_the_apex() {
        let hash = nsec3_hash(&n("example."), &[0xaa, 0xbb, 0xcc, 0xdd], 12);
        let owner = nsec3_owner(&hash, &n("example.")).unwrap();
        assert_eq!(owner, n("0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example."));
    }
}
