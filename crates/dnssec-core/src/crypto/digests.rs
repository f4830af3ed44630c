//! Digests: the DS digest types (RFC 4034 section 5.1.4, RFC 4509, RFC 6605) through
//! aws-lc-rs, and the DS record a DNSKEY gives (RFC 4034 section 5.1.4).

use aws_lc_rs::digest;

use super::CryptoError;
use crate::algorithm::{Algorithm, DigestType};
use crate::name::Name;
use crate::rr::{Dnskey, Ds, DsError};

/// An incremental hash of one of the DS digest types (RFC 4034 section 5.1.4, RFC 4509,
/// RFC 6605), also usable as plain SHA-1 for NSEC3 (RFC 5155 section 5).
pub(crate) struct Hasher {
    context: digest::Context,
}

impl Hasher {
    /// A hasher for `digest_type`; GOST and unknown types are refused.
    pub(crate) fn new(digest_type: DigestType) -> Result<Hasher, CryptoError> {
        let algorithm = match digest_type {
            DigestType::SHA1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
            DigestType::SHA256 => &digest::SHA256,
            DigestType::SHA384 => &digest::SHA384,
            _ => return Err(CryptoError::UnsupportedAlgorithm(Algorithm(digest_type.0))),
        };
        Ok(Hasher {
            context: digest::Context::new(algorithm),
        })
    }

    /// Feeds more data.
    pub(crate) fn update(&mut self, data: &[u8]) {
        self.context.update(data);
    }

    /// The digest of everything fed.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.context.finish().as_ref().to_vec()
    }
}

/// The digest of `data` (see [`Hasher`]).
pub fn digest(digest_type: DigestType, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let mut h = Hasher::new(digest_type)?;
    h.update(data);
    Ok(h.finish())
}

/// Builds the DS for `key` at `owner` (RFC 4034 section 5.1.4): the digest of the
/// canonical (lowercased) owner name in wire form followed by the DNSKEY rdata.
pub fn ds_from_dnskey(owner: &Name, key: &Dnskey, digest_type: DigestType) -> Result<Ds, DsError> {
    let mut hasher = Hasher::new(digest_type).map_err(|_| DsError::CantBuild(digest_type))?;
    hasher.update(owner.to_lowercase().as_wire());
    let mut rdata = Vec::with_capacity(4 + key.public_key.len());
    key.write_wire(&mut rdata);
    hasher.update(&rdata);
    Ok(Ds {
        key_tag: key.key_tag(),
        algorithm: key.algorithm,
        digest_type,
        digest: hasher.finish(),
    })
}

/// True when `ds` was made from `key` at `owner` (RFC 4034 section 5.2).
pub fn ds_matches(ds: &Ds, owner: &Name, key: &Dnskey) -> bool {
    ds.key_tag == key.key_tag()
        && ds.algorithm == key.algorithm
        && ds_from_dnskey(owner, key, ds.digest_type).is_ok_and(|d| d.digest == ds.digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ECDSA P-256 KSK of BIND's samples (key tag 3897).
    fn sample() -> Dnskey {
        crate::test_util::sample_dnskey()
    }

    #[test]
    fn digests() {
        // FIPS 180-2 appendix test vector "abc".
        let sha1 = digest(DigestType::SHA1, b"abc").unwrap();
        assert_eq!(sha1[..4], [0xa9, 0x99, 0x3e, 0x36]);
        assert_eq!(
            digest(DigestType::SHA256, b"abc").unwrap()[..4],
            [0xba, 0x78, 0x16, 0xbf]
        );
        assert_eq!(digest(DigestType::SHA384, b"abc").unwrap().len(), 48);
        assert!(digest(DigestType::GOST, b"abc").is_err());
    }

    #[test]
    fn ds_digest_and_text() {
        let owner = Name::parse("Example.COM.", None).unwrap();
        let key = sample();
        let ds = ds_from_dnskey(&owner, &key, DigestType::SHA256).unwrap();
        assert_eq!(ds.digest.len(), 32);
        assert_eq!(ds.key_tag, 3897);
        // The owner is lowercased (RFC 4034 section 6.2), so case does not change the digest.
        let lower = Name::parse("example.com.", None).unwrap();
        assert_eq!(
            ds_from_dnskey(&lower, &key, DigestType::SHA256).unwrap(),
            ds
        );
        assert!(ds_matches(&ds, &owner, &key));
        let mut data = lower.as_wire().to_vec();
        data.extend_from_slice(&key.to_wire());
        assert_eq!(ds.digest, digest(DigestType::SHA256, &data).unwrap());
        assert_eq!(Ds::from_wire(&ds.to_wire()).unwrap(), ds);
        assert_eq!(Ds::from_wire(&ds.to_wire()[..20]), Err(DsError::BadRdata));
        let text = ds.text_line(&lower, None, crate::Class::IN, false);
        assert!(text.starts_with("example.com. IN DS 3897 13 2 "), "{text}");
        assert!(text.ends_with('\n'));
        let hex = text.trim_end().rsplit(' ').next().unwrap();
        assert_eq!(hex.len(), 64);
        assert!(hex
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        let cds = ds.text_line(&lower, Some(crate::Ttl(300)), crate::Class::IN, true);
        assert!(
            cds.starts_with("example.com. 300 IN CDS 3897 13 2 "),
            "{cds}"
        );
        assert_eq!(
            ds_from_dnskey(&owner, &key, DigestType::GOST)
                .unwrap_err()
                .to_string(),
            "can't build record"
        );
        assert_eq!(
            ds_from_dnskey(&owner, &key, DigestType::SHA1)
                .unwrap()
                .digest
                .len(),
            20
        );
        assert_eq!(
            ds_from_dnskey(&owner, &key, DigestType::SHA384)
                .unwrap()
                .digest
                .len(),
            48
        );
    }
}
