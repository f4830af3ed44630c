//! Making one RRSIG over one RRset (RFC 4034 section 3.1, RFC 4035 section 2.2): fill in the
//! fields, build the signed data in the caller's buffer, and let the key sign it.

use std::fmt;

use super::signed_data::{build_signed_data, SignedDataError};
use crate::crypto::{CryptoError, PrivateKey};
use crate::name::Name;
use crate::rr::rrsig::{Rrsig, SigTime};
use crate::{Algorithm, Class, RrType, Ttl};

/// A private key that can sign for a zone: what the RRSIG needs to know about it (RFC 4034
/// sections 3.1.2, 3.1.6 and 3.1.7) and the signing operation itself (RFC 4034 section 3.1.8).
pub trait Signer {
    /// What can go wrong inside `sign`.
    type Error: std::error::Error;
    /// The key's DNSSEC algorithm (RFC 4034 section 3.1.2).
    fn algorithm(&self) -> Algorithm;
    /// The key tag of the matching DNSKEY (RFC 4034 Appendix B).
    fn key_tag(&self) -> u16;
    /// The owner of the DNSKEY, written into the RRSIG's Signer's Name (RFC 4034 section 3.1.7).
    fn signer_name(&self) -> &Name;
    /// Signs `data` and returns the signature in its DNSSEC wire encoding.
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, Self::Error>;
}

/// A `crypto::PrivateKey` with what an RRSIG needs besides the key itself: the owner of its
/// DNSKEY (RFC 4034 section 3.1.7) and the DNSKEY's key tag (RFC 4034 Appendix B).
#[derive(Clone, Copy, Debug)]
pub struct KeySigner<'a> {
    /// The private key.
    pub key: &'a PrivateKey,
    /// The DNSKEY owner, the zone apex.
    pub owner: &'a Name,
    /// The key tag of the DNSKEY as published (with the REVOKE bit if it is set).
    pub key_tag: u16,
}

impl Signer for KeySigner<'_> {
    type Error = CryptoError;
    fn algorithm(&self) -> Algorithm {
        self.key.algorithm()
    }
    fn key_tag(&self) -> u16 {
        self.key_tag
    }
    fn signer_name(&self) -> &Name {
        self.owner
    }
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.key.sign(data)
    }
}

/// The identity of an RRset being signed or verified: owner, class, type and the TTL it has
/// in the zone (RFC 2181 section 5: the RRset is the unit of signing).
#[derive(Clone, Copy, Debug)]
pub struct RrsetId<'a> {
    /// The owner name as it is in the zone (case kept; the signed data lowercases it).
    pub owner: &'a Name,
    /// The class (RFC 1035 section 3.2.4).
    pub class: Class,
    /// The type of the RRset.
    pub rtype: RrType,
    /// The RRset's TTL, which becomes the RRSIG Original TTL (RFC 4034 section 3.1.4).
    pub ttl: Ttl,
}

/// The validity period of new signatures (RFC 4034 section 3.1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// Signature Inception.
    pub inception: SigTime,
    /// Signature Expiration.
    pub expiration: SigTime,
}

/// Why an RRSIG could not be made.
#[derive(Debug)]
pub enum SignError<E> {
    /// The expiration is before the inception (RFC 4034 section 3.1.5); BIND reports this
    /// as `failed to sign data: invalid time` (REFERENCE.md 6.6).
    InvalidTime,
    /// The RRset cannot be put into signed-data form.
    Data(SignedDataError),
    /// The key failed to sign.
    Key(E),
}

impl<E: fmt::Display> fmt::Display for SignError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::InvalidTime => f.write_str("invalid time"),
            SignError::Data(e) => write!(f, "{e}"),
            SignError::Key(e) => write!(f, "{e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for SignError<E> {}

/// Signs the RRset `rrset` whose canonical rdatas are `rdatas` (sorted in place) with `key`,
/// returning the complete RRSIG (RFC 4035 section 2.2). The Labels field is computed from
/// the owner, so a wildcard owner `*.x` gets the count without its `*` (RFC 4034 section
/// 3.1.3). `buf` is the caller's reusable scratch buffer for the signed data.
pub fn sign_rrset<S: Signer>(
    key: &S,
    rrset: RrsetId<'_>,
    rdatas: &mut [&[u8]],
    validity: Validity,
    buf: &mut Vec<u8>,
) -> Result<Rrsig, SignError<S::Error>> {
    if validity.expiration.is_before(validity.inception) {
        return Err(SignError::InvalidTime);
    }
    let mut rrsig = Rrsig {
        type_covered: rrset.rtype,
        algorithm: key.algorithm(),
        labels: Rrsig::labels_for_owner(rrset.owner),
        original_ttl: rrset.ttl,
        expiration: validity.expiration,
        inception: validity.inception,
        key_tag: key.key_tag(),
        signer: key.signer_name().clone(),
        signature: Vec::new(),
    };
    build_signed_data(buf, &rrsig, rrset.owner, rrset.class, rdatas).map_err(SignError::Data)?;
    rrsig.signature = key.sign(buf).map_err(SignError::Key)?;
    Ok(rrsig)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A stand-in key whose "signature" is a checksum of the data, so tests can see exactly
    /// which bytes were signed without real crypto.
    pub(crate) struct ChecksumKey {
        pub name: Name,
        pub tag: u16,
    }

    #[derive(Debug)]
    pub(crate) struct Never;
    impl fmt::Display for Never {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("never")
        }
    }
    impl std::error::Error for Never {}

    pub(crate) fn checksum(data: &[u8]) -> Vec<u8> {
        let sum = data.iter().enumerate().fold(0u64, |acc, (i, &b)| {
            acc.wrapping_mul(31).wrapping_add(b as u64 ^ i as u64)
        });
        sum.to_be_bytes().to_vec()
    }

    impl Signer for ChecksumKey {
        type Error = Never;
        fn algorithm(&self) -> Algorithm {
            Algorithm::ED25519
        }
        fn key_tag(&self) -> u16 {
            self.tag
        }
        fn signer_name(&self) -> &Name {
            &self.name
        }
        fn sign(&self, data: &[u8]) -> Result<Vec<u8>, Never> {
            Ok(checksum(data))
        }
    }

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    #[test]
    fn fills_fields_and_signs_the_signed_data() {
        let key = ChecksumKey {
            name: n("example."),
            tag: 4242,
        };
        let owner = n("*.w.Example.");
        let rrset = RrsetId {
            owner: &owner,
            class: Class::IN,
            rtype: RrType::MX,
            ttl: Ttl(3600),
        };
        let validity = Validity {
            inception: SigTime(100),
            expiration: SigTime(200),
        };
        let rdata = b"\x00\x0a\x02mx\x07example\x00";
        let mut rdatas: Vec<&[u8]> = vec![rdata];
        let mut buf = Vec::new();
        let rrsig = sign_rrset(&key, rrset, &mut rdatas, validity, &mut buf).unwrap();
        assert_eq!(rrsig.labels, 2, "the wildcard label is not counted");
        assert_eq!(
            (rrsig.key_tag, rrsig.type_covered, rrsig.original_ttl),
            (4242, RrType::MX, Ttl(3600))
        );
        let mut expected = Vec::new();
        build_signed_data(&mut expected, &rrsig, &owner, Class::IN, &mut rdatas).unwrap();
        assert_eq!(buf, expected);
        assert_eq!(rrsig.signature, checksum(&expected));
        assert_eq!(
            &buf[buf.len() - rdata.len() - 10 - 13..][..13],
            b"\x01*\x01w\x07example\x00"
        );
    }

    #[test]
    fn refuses_expiration_before_inception() {
        let key = ChecksumKey {
            name: n("example."),
            tag: 1,
        };
        let owner = n("example.");
        let rrset = RrsetId {
            owner: &owner,
            class: Class::IN,
            rtype: RrType::A,
            ttl: Ttl(1),
        };
        let validity = Validity {
            inception: SigTime(200),
            expiration: SigTime(100),
        };
        let mut rdatas: Vec<&[u8]> = vec![&[1, 2, 3, 4]];
        let err = sign_rrset(&key, rrset, &mut rdatas, validity, &mut Vec::new()).unwrap_err();
        assert!(matches!(err, SignError::InvalidTime));
        assert_eq!(err.to_string(), "invalid time");
    }
}
