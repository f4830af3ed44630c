//! Checking one RRSIG over one RRset with one DNSKEY (RFC 4035 section 5.3): the RRSIG
//! fields against the RRset and the key (section 5.3.1), the validity period against a given
//! "now" in serial arithmetic (RFC 4034 section 3.1.5), then the signature itself
//! (section 5.3.3). Each failure is a typed reason that verify, signzone and cds can print.

use std::fmt;

use crate::crypto::{CryptoError, VerifyingKey};
use crate::dnssec::RrsetId;
use crate::dnssec::{build_signed_data, SignedDataError};
use crate::name::Name;
use crate::rr::Dnskey;
use crate::rr::{Rrsig, SigTime};
use crate::Algorithm;

/// The DNSKEY Zone Key flag (RFC 4034 section 2.1.1).
pub(super) const DNSKEY_FLAG_ZONE: u16 = 0x0100;

/// What the checks need to know about the DNSKEY (RFC 4034 section 2.1) and its owner.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyFacts<'a> {
    /// The DNSKEY's owner name, which must equal the RRSIG Signer's Name.
    pub owner: &'a Name,
    /// The DNSKEY flags (RFC 4034 section 2.1.1).
    pub flags: u16,
    /// The protocol octet; always 3 (RFC 4034 section 2.1.2).
    pub protocol: u8,
    /// The key's algorithm (RFC 4034 section 2.1.3).
    pub algorithm: Algorithm,
    /// The key tag computed over the DNSKEY rdata (RFC 4034 Appendix B).
    pub key_tag: u16,
}

impl<'a> KeyFacts<'a> {
    /// The facts of a DNSKEY record owned by `owner`, with its key tag computed
    /// (RFC 4034 Appendix B).
    pub(crate) fn from_dnskey(owner: &'a Name, key: &'a Dnskey) -> KeyFacts<'a> {
        KeyFacts {
            owner,
            flags: key.flags,
            protocol: key.protocol,
            algorithm: key.algorithm,
            key_tag: key.key_tag(),
        }
    }
}

/// Why an RRSIG does not validate an RRset with a key (RFC 4035 section 5.3).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RrsigFailure {
    /// The RRSIG covers another type (RFC 4035 section 5.3.1).
    TypeMismatch,
    /// The owner is not at or below the signer's name (RFC 4035 section 5.3.1).
    SignerNotAncestor,
    /// The Labels field is larger than the owner's label count (RFC 4035 section 5.3.1).
    TooManyLabels,
    /// The key's owner, algorithm or key tag differs from the RRSIG's (RFC 4035 section 5.3.1).
    WrongKey,
    /// The DNSKEY does not have the Zone Key flag or protocol 3 (RFC 4034 sections 2.1.1-2.1.2).
    NotZoneKey,
    /// The expiration is before the inception (RFC 4034 section 3.1.5).
    InvalidPeriod,
    /// `now` is after the expiration (RFC 4035 section 5.3.1).
    Expired,
    /// `now` is before the inception (RFC 4035 section 5.3.1).
    NotYetValid,
    /// The RRset could not be put in signed-data form.
    BadData(SignedDataError),
    /// The cryptographic check failed (RFC 4035 section 5.3.3).
    BadSignature,
    /// The DNSKEY public key field is malformed for its algorithm (RFC 4034 section 2.1.4).
    BadPublicKey,
    /// The algorithm cannot be verified here (RFC 4035 section 5.2: treat as unsigned).
    UnsupportedAlgorithm(Algorithm),
}

impl From<CryptoError> for RrsigFailure {
    fn from(e: CryptoError) -> RrsigFailure {
        match e {
            CryptoError::UnsupportedAlgorithm(a) => RrsigFailure::UnsupportedAlgorithm(a),
            CryptoError::InvalidPublicKey => RrsigFailure::BadPublicKey,
            _ => RrsigFailure::BadSignature,
        }
    }
}

impl fmt::Display for RrsigFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let RrsigFailure::UnsupportedAlgorithm(a) = self {
            return write!(f, "algorithm {a} is not supported");
        }
        f.write_str(match self {
            RrsigFailure::TypeMismatch => "RRSIG covers a different type",
            RrsigFailure::SignerNotAncestor => "signer name is not an ancestor of the owner",
            RrsigFailure::TooManyLabels => "RRSIG labels field exceeds the owner's labels",
            RrsigFailure::WrongKey => "RRSIG was not made by this key",
            RrsigFailure::NotZoneKey => "key is not a zone key",
            RrsigFailure::InvalidPeriod => "signature expires before its inception",
            RrsigFailure::Expired => "signature has expired",
            RrsigFailure::NotYetValid => "signature has a future validity period",
            RrsigFailure::BadData(_) => "RRset cannot be canonicalized",
            RrsigFailure::BadSignature => "RRSIG failed to verify",
            RrsigFailure::BadPublicKey => "DNSKEY public key is malformed",
            RrsigFailure::UnsupportedAlgorithm(_) => "algorithm is not supported",
        })
    }
}

impl std::error::Error for RrsigFailure {}

/// Verifies `rrsig` over the RRset `rrset` (canonical `rdatas`, sorted in place) with the
/// DNSKEY `key` owned by `key_owner`: every check of RFC 4035 section 5.3, the time window
/// against `now` (skipped when `None`), then the signature. `buf` is reusable scratch space.
pub fn verify_rrsig(
    rrsig: &Rrsig,
    rrset: RrsetId<'_>,
    rdatas: &mut [&[u8]],
    key_owner: &Name,
    key: &Dnskey,
    now: Option<SigTime>,
    buf: &mut Vec<u8>,
) -> Result<(), RrsigFailure> {
    let facts = KeyFacts::from_dnskey(key_owner, key);
    check_rrsig_with(rrsig, rrset, rdatas, facts, now, buf, |data, sig| {
        crate::crypto::verify(key.algorithm, &key.public_key, data, sig).map_err(RrsigFailure::from)
    })
}

/// As [`verify_rrsig`], with the public key already prepared (and its facts computed) once
/// for many signatures, as a whole-zone verifier wants.
pub(crate) fn verify_rrsig_prepared(
    rrsig: &Rrsig,
    rrset: RrsetId<'_>,
    rdatas: &mut [&[u8]],
    key: KeyFacts<'_>,
    prepared: &VerifyingKey,
    now: Option<SigTime>,
    buf: &mut Vec<u8>,
) -> Result<(), RrsigFailure> {
    check_rrsig_with(rrsig, rrset, rdatas, key, now, buf, |data, sig| {
        prepared.verify(data, sig).map_err(RrsigFailure::from)
    })
}

/// Runs the checks of RFC 4035 section 5.3 in order and calls `crypto_check(signed_data,
/// signature)` last; the public wrappers plug in the crypto backend. `now = None` skips the time window (dnssec-cds
/// checks inception against its own bound). `rdatas` are canonical and sorted in place;
/// `buf` is reusable scratch space.
pub(super) fn check_rrsig_with(
    rrsig: &Rrsig,
    rrset: RrsetId<'_>,
    rdatas: &mut [&[u8]],
    key: KeyFacts<'_>,
    now: Option<SigTime>,
    buf: &mut Vec<u8>,
    crypto_check: impl FnOnce(&[u8], &[u8]) -> Result<(), RrsigFailure>,
) -> Result<(), RrsigFailure> {
    check_before_crypto(rrsig, rrset, key, now)?;
    build_signed_data(buf, rrsig, rrset.owner, rrset.class, rdatas)
        .map_err(RrsigFailure::BadData)?;
    crypto_check(buf, &rrsig.signature)
}

/// The checks of [`check_rrsig_with`] that come before the signed data is built: the fields
/// (RFC 4035 section 5.3.1) and, with `now`, the validity window.
pub(super) fn check_before_crypto(
    rrsig: &Rrsig,
    rrset: RrsetId<'_>,
    key: KeyFacts<'_>,
    now: Option<SigTime>,
) -> Result<(), RrsigFailure> {
    check_fields(rrsig, rrset, key)?;
    if rrsig.expiration.is_before(rrsig.inception) {
        return Err(RrsigFailure::InvalidPeriod);
    }
    if let Some(now) = now {
        if now.is_before(rrsig.inception) {
            return Err(RrsigFailure::NotYetValid);
        }
        if rrsig.expiration.is_before(now) {
            return Err(RrsigFailure::Expired);
        }
    }
    Ok(())
}

/// The field checks of RFC 4035 section 5.3.1 that need neither time nor crypto.
pub(super) fn check_fields(
    rrsig: &Rrsig,
    rrset: RrsetId<'_>,
    key: KeyFacts<'_>,
) -> Result<(), RrsigFailure> {
    if rrsig.type_covered != rrset.rtype {
        return Err(RrsigFailure::TypeMismatch);
    }
    if !rrset.owner.is_subdomain_of(&rrsig.signer) {
        return Err(RrsigFailure::SignerNotAncestor);
    }
    if usize::from(rrsig.labels) > rrset.owner.label_count() {
        return Err(RrsigFailure::TooManyLabels);
    }
    if rrsig.signer != *key.owner
        || rrsig.algorithm != key.algorithm
        || rrsig.key_tag != key.key_tag
    {
        return Err(RrsigFailure::WrongKey);
    }
    if key.flags & DNSKEY_FLAG_ZONE == 0 || key.protocol != 3 {
        return Err(RrsigFailure::NotZoneKey);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::sign_rrset;
    use crate::test_util::Validity;
    use crate::test_util::{checksum, ChecksumKey};
    use crate::{Class, RrType, Ttl};

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    struct Case {
        apex: Name,
        owner: Name,
        rrsig: Rrsig,
    }

    fn case() -> Case {
        let apex = n("example.");
        let owner = n("www.example.");
        let key = ChecksumKey {
            name: apex.clone(),
            tag: 999,
        };
        let rrset = RrsetId {
            owner: &owner,
            class: Class::IN,
            rtype: RrType::A,
            ttl: Ttl(300),
        };
        let validity = Validity {
            inception: SigTime(1000),
            expiration: SigTime(2000),
        };
        let mut rdatas: Vec<&[u8]> = vec![&[192, 0, 2, 1]];
        let rrsig = sign_rrset(&key, rrset, &mut rdatas, validity, &mut Vec::new()).unwrap();
        Case { apex, owner, rrsig }
    }

    fn check(
        c: &Case,
        rdata: &[u8],
        key_tag: u16,
        flags: u16,
        now: u32,
    ) -> Result<(), RrsigFailure> {
        let rrset = RrsetId {
            owner: &c.owner,
            class: Class::IN,
            rtype: RrType::A,
            ttl: Ttl(300),
        };
        let key = KeyFacts {
            owner: &c.apex,
            flags,
            protocol: 3,
            algorithm: Algorithm::ED25519,
            key_tag,
        };
        let mut rdatas: Vec<&[u8]> = vec![rdata];
        check_rrsig_with(
            &c.rrsig,
            rrset,
            &mut rdatas,
            key,
            Some(SigTime(now)),
            &mut Vec::new(),
            |d, s| {
                if checksum(d) == s {
                    Ok(())
                } else {
                    Err(RrsigFailure::BadSignature)
                }
            },
        )
    }

    #[test]
    fn accepts_a_good_signature_and_names_each_failure() {
        let c = case();
        let good = [192u8, 0, 2, 1];
        assert_eq!(check(&c, &good, 999, 257, 1500), Ok(()));
        assert_eq!(
            check(&c, &good, 999, 256, 1000),
            Ok(()),
            "inception itself is valid"
        );
        assert_eq!(
            check(&c, &good, 999, 256, 2000),
            Ok(()),
            "expiration itself is valid"
        );
        assert_eq!(
            check(&c, &[192, 0, 2, 9], 999, 256, 1500),
            Err(RrsigFailure::BadSignature)
        );
        assert_eq!(
            check(&c, &good, 998, 256, 1500),
            Err(RrsigFailure::WrongKey)
        );
        assert_eq!(
            check(&c, &good, 999, 1, 1500),
            Err(RrsigFailure::NotZoneKey)
        );
        assert_eq!(check(&c, &good, 999, 256, 2001), Err(RrsigFailure::Expired));
        assert_eq!(
            check(&c, &good, 999, 256, 999),
            Err(RrsigFailure::NotYetValid)
        );
        assert_eq!(RrsigFailure::Expired.to_string(), "signature has expired");
    }

    #[test]
    fn field_checks() {
        let mut c = case();
        c.rrsig.type_covered = RrType::AAAA;
        assert_eq!(
            check(&c, &[192, 0, 2, 1], 999, 256, 1500),
            Err(RrsigFailure::TypeMismatch)
        );
        let mut c = case();
        c.rrsig.labels = 3;
        assert_eq!(
            check(&c, &[192, 0, 2, 1], 999, 256, 1500),
            Err(RrsigFailure::TooManyLabels)
        );
        let mut c = case();
        c.owner = n("www.other.");
        assert_eq!(
            check(&c, &[192, 0, 2, 1], 999, 256, 1500),
            Err(RrsigFailure::SignerNotAncestor)
        );
        let mut c = case();
        std::mem::swap(&mut c.rrsig.inception, &mut c.rrsig.expiration);
        assert_eq!(
            check(&c, &[192, 0, 2, 1], 999, 256, 1500),
            Err(RrsigFailure::InvalidPeriod)
        );
    }

    #[test]
    fn real_keys_sign_and_verify() {
        use crate::crypto::PrivateKey;
        use crate::test_util::KeySigner;
        let apex = n("example.");
        let owner = n("WWW.example.");
        for alg in [Algorithm::ED25519, Algorithm::ECDSAP256SHA256] {
            let private = PrivateKey::generate(alg, None).unwrap();
            let dnskey = Dnskey {
                flags: 256,
                protocol: 3,
                algorithm: alg,
                public_key: private.public_key(),
            };
            let signer = KeySigner {
                key: &private,
                owner: &apex,
                key_tag: dnskey.key_tag(),
            };
            let rrset = RrsetId {
                owner: &owner,
                class: Class::IN,
                rtype: RrType::A,
                ttl: Ttl(60),
            };
            let validity = Validity {
                inception: SigTime(10),
                expiration: SigTime(20),
            };
            let (a, b): (&[u8], &[u8]) = (&[192, 0, 2, 2], &[192, 0, 2, 1]);
            let mut buf = Vec::new();
            let rrsig = sign_rrset(&signer, rrset, &mut [a, b], validity, &mut buf).unwrap();
            // Order and duplicates of the rdatas given do not matter (RFC 4034 section 6.3).
            let mut again: Vec<&[u8]> = vec![b, a, b];
            assert_eq!(
                verify_rrsig(
                    &rrsig,
                    rrset,
                    &mut again,
                    &apex,
                    &dnskey,
                    Some(SigTime(15)),
                    &mut buf
                ),
                Ok(())
            );
            let mut changed: Vec<&[u8]> = vec![a];
            assert_eq!(
                verify_rrsig(
                    &rrsig,
                    rrset,
                    &mut changed,
                    &apex,
                    &dnskey,
                    Some(SigTime(15)),
                    &mut buf
                ),
                Err(RrsigFailure::BadSignature)
            );
            let facts = KeyFacts::from_dnskey(&apex, &dnskey);
            let prepared = crate::crypto::VerifyingKey::new(alg, &dnskey.public_key).unwrap();
            let mut again: Vec<&[u8]> = vec![a, b];
            assert_eq!(
                verify_rrsig_prepared(&rrsig, rrset, &mut again, facts, &prepared, None, &mut buf),
                Ok(())
            );
        }
        let bogus = Dnskey {
            flags: 256,
            protocol: 3,
            algorithm: Algorithm(200),
            public_key: vec![1],
        };
        let rrsig = Rrsig {
            type_covered: RrType::A,
            algorithm: Algorithm(200),
            labels: 2,
            original_ttl: Ttl(60),
            expiration: SigTime(20),
            inception: SigTime(10),
            key_tag: bogus.key_tag(),
            signer: apex.clone(),
            signature: vec![0; 8],
        };
        let rrset = RrsetId {
            owner: &owner,
            class: Class::IN,
            rtype: RrType::A,
            ttl: Ttl(60),
        };
        let mut rdatas: Vec<&[u8]> = vec![&[1, 2, 3, 4]];
        assert_eq!(
            verify_rrsig(
                &rrsig,
                rrset,
                &mut rdatas,
                &apex,
                &bogus,
                None,
                &mut Vec::new()
            ),
            Err(RrsigFailure::UnsupportedAlgorithm(Algorithm(200)))
        );
    }

    #[test]
    fn time_window_uses_serial_arithmetic() {
        let mut c = case();
        c.rrsig.inception = SigTime(u32::MAX - 10);
        c.rrsig.expiration = SigTime(50);
        // The checksum signer covered other times, so only the time outcome is of interest.
        assert_eq!(
            check(&c, &[192, 0, 2, 1], 999, 256, 5),
            Err(RrsigFailure::BadSignature)
        );
        assert_eq!(
            check(&c, &[192, 0, 2, 1], 999, 256, 51),
            Err(RrsigFailure::Expired)
        );
        assert_eq!(
            check(&c, &[192, 0, 2, 1], 999, 256, u32::MAX - 11),
            Err(RrsigFailure::NotYetValid)
        );
    }
}
