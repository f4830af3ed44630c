//! The crypto backend: the only module that names crypto crates (aws-lc-rs, `rsa`, `p256`,
//! `ed448-goldilocks`). It makes DNSSEC keys, signs and
//! verifies in the DNSSEC wire formats, converts keys to and from the fields of BIND's
//! `.private` files (docs/bind-compat.md, "key files: .private"), and computes the digests DS
//! records need.
//!
//! Formats: RSA public keys as RFC 3110 section 2 (exponent length, exponent, modulus) and
//! RSA signatures as PKCS#1 v1.5 (RFC 5702 section 3); ECDSA public keys as x || y and
//! signatures as r || s (RFC 6605 section 4); Ed25519 and Ed448 as RFC 8080 sections 3 and 4.
//!
//! aws-lc-rs cannot sign with RSA keys under 2048 bits, make RSA keys of sizes other than
//! 2048, 3072 and 4096 bits, or sign with RSASHA1 (5, 7), though it verifies all of them;
//! BIND makes and uses such keys. Those keys alone are handled by [`rsa_fallback`] (the
//! RustCrypto `rsa` crate; see its doc for the timing exposure), and it verifies the 512-1023
//! bit keys aws-lc-rs will not. Ed448 (16), which aws-lc-rs lacks, is RustCrypto's
//! `ed448-goldilocks` behind [`ed448`].
//!
//! One path does not go through aws-lc-rs: a P-256 key that checks hundreds of signatures
//! (a whole zone) switches to [`p256_table`], which gives the key its own multiples table
//! and shares the s inversions of a [`SignatureBatch`]; it is about three times cheaper per
//! signature there, and pays for its table only after `P256_TABLE_AFTER` verified
//! signatures, with at most `P256_MAX_TABLES` tables alive at once.

use crate::algorithm::Algorithm;
use std::fmt;

mod digests;
mod ed448;
mod fields;
mod keys;
mod p256_table;
mod rsa_fallback;
mod verify;
#[cfg(test)]
mod wycheproof_p256;
#[cfg(test)]
mod wycheproof_verify;

pub use digests::{digest, ds_from_dnskey, ds_matches};
pub use fields::{DhFields, PrivateFields, RsaFields};
pub use keys::PrivateKey;
pub(crate) use keys::{ec_point_on_curve, public_key_bits, rsa_fields_match_public};
pub use p256_table::SignatureBatch;
pub use verify::{verify, VerifyingKey};

/// Why a crypto operation failed. None of these carry secret material.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptoError {
    /// The algorithm cannot be used for this operation here (e.g. RSAMD5, DSA, DH).
    UnsupportedAlgorithm(Algorithm),
    /// An RSA size this backend cannot generate or load (it generates 1024-4096 bits and
    /// loads 512-4096).
    UnsupportedKeySize {
        /// The algorithm.
        algorithm: Algorithm,
        /// The requested or found size in bits.
        bits: u32,
    },
    /// The private key fields are malformed or inconsistent.
    InvalidPrivateKey,
    /// The DNSKEY public key field is malformed for its algorithm.
    InvalidPublicKey,
    /// The signature does not verify.
    BadSignature,
    /// The backend failed for a reason it does not explain (key generation, signing).
    Backend,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CryptoError::UnsupportedAlgorithm(a) => {
                write!(f, "algorithm {a} is not supported by this crypto backend")
            }
            CryptoError::UnsupportedKeySize { algorithm, bits } => {
                write!(
                    f,
                    "{algorithm} key size {bits} is not supported by this crypto backend"
                )
            }
            CryptoError::InvalidPrivateKey => f.write_str("private key is invalid"),
            CryptoError::InvalidPublicKey => f.write_str("public key is invalid"),
            CryptoError::BadSignature => f.write_str("signature does not verify"),
            CryptoError::Backend => f.write_str("crypto failure"),
        }
    }
}

impl std::error::Error for CryptoError {}

#[cfg(test)]
mod tests {
    use super::fields::*;
    use super::keys::*;
    use super::verify::*;
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn rsa_fields_take_rfc8017_order_and_need_all_eight() {
        let mut values = (1u8..=9).map(|b| vec![b]);
        let fields = RsaFields::from_ordered(|| values.next()).unwrap();
        assert_eq!(fields.modulus, [1]);
        assert_eq!(fields.private_exponent, [3]);
        assert_eq!(fields.coefficient, [8]);
        assert_eq!(values.next(), Some(vec![9]), "a ninth value is left unread");
        let mut short = (1u8..=7).map(|b| vec![b]);
        assert!(RsaFields::from_ordered(|| short.next()).is_none());
    }

    /// A P-256 scalar with a leading zero octet, as BIND's dnssec-keygen wrote it (31
    /// octets); read back padded, written again in the same minimal form.
    #[test]
    fn ecdsa_scalars_are_written_without_leading_zero_octets() {
        use crate::encoding::base64_decode;
        let short = base64_decode(b"MqYvavpD8Mzfx7/mbPnb5V2Y6MJsRNcXJPPK8vzLpA==").unwrap();
        assert_eq!(short.len(), 31);
        let key = PrivateKey::from_fields(
            Algorithm::ECDSAP256SHA256,
            &PrivateFields::PrivateKey(short.clone()),
        )
        .unwrap();
        let mut padded = vec![0];
        padded.extend_from_slice(&short);
        let same = PrivateKey::from_fields(
            Algorithm::ECDSAP256SHA256,
            &PrivateFields::PrivateKey(padded),
        )
        .unwrap();
        for k in [&key, &same] {
            match k.to_fields().unwrap() {
                PrivateFields::PrivateKey(written) => assert_eq!(written, short),
                _ => panic!("an ECDSA key has one PrivateKey field"),
            }
        }
        assert_eq!(key.public_key(), same.public_key());
    }

    #[test]
    fn private_key_is_send_and_sync() {
        assert_send_sync::<PrivateKey>();
        assert_send_sync::<VerifyingKey>();
    }

    fn roundtrip(alg: Algorithm, bits: Option<u32>, public_len: usize, sig_len: usize) {
        let key = PrivateKey::generate(alg, bits).unwrap();
        assert_eq!(key.algorithm(), alg);
        assert_eq!(key.public_key().len(), public_len, "{alg}");
        let data = b"signed data";
        let sig = key.sign(data).unwrap();
        assert_eq!(sig.len(), sig_len, "{alg}");
        verify(alg, &key.public_key(), data, &sig).unwrap();
        assert_eq!(
            verify(alg, &key.public_key(), b"other data", &sig),
            Err(CryptoError::BadSignature)
        );
        let fields = key.to_fields().unwrap();
        let again = PrivateKey::from_fields(alg, &fields).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        assert!(again.matches_public(&key.public_key()));
        verify(alg, &key.public_key(), data, &again.sign(data).unwrap()).unwrap();
        let other = PrivateKey::generate(alg, bits).unwrap();
        assert!(!other.matches_public(&key.public_key()));
    }

    #[test]
    fn ecdsa_scalar_without_leading_zeros_is_the_same_key() {
        // A scalar whose first octet is zero, as BIND writes it: 31 octets.
        let short: Vec<u8> = (1..=31).collect();
        let mut full = vec![0u8];
        full.extend_from_slice(&short);
        let a = PrivateKey::from_fields(
            Algorithm::ECDSAP256SHA256,
            &PrivateFields::PrivateKey(short),
        )
        .unwrap();
        let b =
            PrivateKey::from_fields(Algorithm::ECDSAP256SHA256, &PrivateFields::PrivateKey(full))
                .unwrap();
        assert_eq!(a.public_key(), b.public_key());
        assert!(PrivateKey::from_fields(
            Algorithm::ECDSAP256SHA256,
            &PrivateFields::PrivateKey(vec![1; 33])
        )
        .is_err());
    }

    #[test]
    fn ecdsa_and_eddsa() {
        roundtrip(Algorithm::ECDSAP256SHA256, None, 64, 64);
        roundtrip(Algorithm::ECDSAP384SHA384, None, 96, 96);
        roundtrip(Algorithm::ED25519, None, 32, 64);
        roundtrip(Algorithm::ED448, None, 57, 114);
        assert_eq!(
            PrivateKey::generate(Algorithm::ED448, None).unwrap().bits(),
            456
        );
        assert_eq!(
            PrivateKey::generate(Algorithm::ED25519, None)
                .unwrap()
                .bits(),
            256
        );
        assert_eq!(
            PrivateKey::generate(Algorithm::ECDSAP384SHA384, None)
                .unwrap()
                .bits(),
            384
        );
    }

    #[test]
    fn rsa() {
        roundtrip(Algorithm::RSASHA256, None, 4 + 256, 256);
        roundtrip(Algorithm::RSASHA512, Some(2048), 4 + 256, 256);
        let key = PrivateKey::generate(Algorithm::RSASHA256, Some(2048)).unwrap();
        assert_eq!(key.bits(), 2048);
        assert_eq!(&key.public_key()[..4], &[3, 1, 0, 1]);
        match key.to_fields().unwrap() {
            PrivateFields::Rsa(f) => {
                assert_eq!(f.public_exponent, vec![1, 0, 1]);
                assert_eq!(f.modulus.len(), 256);
                assert!(rsa_fields_match_public(&f, &key.public_key()));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn refusals() {
        for bits in [1023, 4097] {
            assert_eq!(
                PrivateKey::generate(Algorithm::RSASHA256, Some(bits)).unwrap_err(),
                CryptoError::UnsupportedKeySize {
                    algorithm: Algorithm::RSASHA256,
                    bits
                }
            );
        }
        assert_eq!(
            PrivateKey::generate(Algorithm::RSAMD5, Some(1024)).unwrap_err(),
            CryptoError::UnsupportedAlgorithm(Algorithm::RSAMD5)
        );
        assert_eq!(
            PrivateKey::from_fields(
                Algorithm::ECDSAP256SHA256,
                &PrivateFields::PrivateKey(vec![0; 31])
            )
            .unwrap_err(),
            CryptoError::InvalidPrivateKey
        );
        assert_eq!(
            verify(Algorithm::ED25519, &[0; 31], b"", &[0; 64]),
            Err(CryptoError::InvalidPublicKey)
        );
        assert_eq!(
            verify(Algorithm::RSASHA256, &[], b"", &[0; 64]),
            Err(CryptoError::InvalidPublicKey)
        );
        assert_eq!(
            verify(Algorithm::RSASHA256, &[0], b"", &[0; 64]),
            Err(CryptoError::InvalidPublicKey)
        );
    }

    fn rsa_key_fields(key: &PrivateKey) -> RsaFields {
        match key.to_fields().unwrap() {
            PrivateFields::Rsa(f) => f,
            other => panic!("{other:?}"),
        }
    }

    /// Every RSA algorithm at sizes aws-lc-rs refuses to make or load: the fallback's key has
    /// the size asked for, its signatures pass aws-lc-rs's verifier (and fail on other data),
    /// and its `.private` fields load back into a key that signs the same bytes.
    #[test]
    fn fallback_signatures_pass_the_aws_lc_verifier() {
        let cases = [
            (Algorithm::RSASHA1, 1024),
            (Algorithm::NSEC3RSASHA1, 1024),
            (Algorithm::RSASHA256, 1024),
            (Algorithm::RSASHA512, 1536),
            (Algorithm::RSASHA256, 1025),
            (Algorithm::RSASHA1, 2048),
        ];
        for (alg, bits) in cases {
            let key = PrivateKey::generate(alg, Some(bits)).unwrap();
            assert!(matches!(key.signer, Signer::RsaFallback(_)), "{alg} {bits}");
            assert_eq!(key.bits(), bits, "{alg}");
            let fields = rsa_key_fields(&key);
            assert_eq!(fields.public_exponent, [1, 0, 1], "BIND's exponent 65537");
            assert!(rsa_fields_match_public(&fields, &key.public_key()));
            let data = b"RRSIG rdata and RRset";
            let sig = key.sign(data).unwrap();
            assert_eq!(sig.len(), (bits as usize).div_ceil(8));
            verify(alg, &key.public_key(), data, &sig).unwrap();
            assert_eq!(
                verify(alg, &key.public_key(), b"other data", &sig),
                Err(CryptoError::BadSignature)
            );
            let again = PrivateKey::from_fields(alg, &PrivateFields::Rsa(fields)).unwrap();
            assert!(again.matches_public(&key.public_key()));
            // PKCS#1 v1.5 is deterministic: blinding must not change the bytes.
            assert_eq!(again.sign(data).unwrap(), sig, "{alg} {bits}");
        }
    }

    /// The same 2048-bit key signed by aws-lc-rs and by the fallback gives the same bytes
    /// (PKCS#1 v1.5 has no randomness), both ways round: an aws-lc-rs key forced through
    /// the fallback, and a fallback-made key that aws-lc-rs then loads.
    #[test]
    fn fallback_and_aws_lc_make_identical_signatures() {
        let data = b"signed data";
        for alg in [Algorithm::RSASHA256, Algorithm::RSASHA512] {
            let aws = PrivateKey::generate(alg, Some(2048)).unwrap();
            assert!(matches!(aws.signer, Signer::Rsa(..)));
            let fallback =
                rsa_fallback::FallbackRsa::from_fields(alg, &rsa_key_fields(&aws)).unwrap();
            assert_eq!(
                fallback.sign(data).unwrap(),
                aws.sign(data).unwrap(),
                "{alg}"
            );
        }
        // RSASHA1 at 2048 bits is made by the fallback; aws-lc-rs verifies it, and the
        // SHA-256 twin of the same key, loaded by aws-lc-rs, matches the fallback too.
        let made = PrivateKey::generate(Algorithm::RSASHA1, Some(2048)).unwrap();
        let fields = PrivateFields::Rsa(rsa_key_fields(&made));
        let via_aws = PrivateKey::from_fields(Algorithm::RSASHA256, &fields).unwrap();
        assert!(matches!(via_aws.signer, Signer::Rsa(..)));
        let PrivateFields::Rsa(rsa) = &fields else {
            unreachable!()
        };
        let via_fallback =
            rsa_fallback::FallbackRsa::from_fields(Algorithm::RSASHA256, rsa).unwrap();
        assert_eq!(
            via_aws.sign(data).unwrap(),
            via_fallback.sign(data).unwrap()
        );
        verify(
            Algorithm::RSASHA1,
            &made.public_key(),
            data,
            &made.sign(data).unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn fallback_refuses_inconsistent_fields() {
        let key = PrivateKey::generate(Algorithm::RSASHA1, Some(1024)).unwrap();
        let good = rsa_key_fields(&key);
        let spoil: [fn(&mut RsaFields); 4] = [
            |f| f.coefficient[0] ^= 1,
            |f| f.exponent1[0] ^= 1,
            |f| f.prime2 = f.prime1.clone(),
            |f| f.private_exponent[0] ^= 1,
        ];
        for (i, spoil) in spoil.iter().enumerate() {
            let mut bad = good.clone();
            spoil(&mut bad);
            assert_eq!(
                PrivateKey::from_fields(Algorithm::RSASHA1, &PrivateFields::Rsa(bad)).unwrap_err(),
                CryptoError::InvalidPrivateKey,
                "spoiled field {i}"
            );
        }
        let mut big = good.clone();
        big.modulus = vec![0xff; 513];
        assert_eq!(
            PrivateKey::from_fields(Algorithm::RSASHA256, &PrivateFields::Rsa(big)).unwrap_err(),
            CryptoError::UnsupportedKeySize {
                algorithm: Algorithm::RSASHA256,
                bits: 4104
            }
        );
    }

    #[test]
    fn rsa_public_key_long_exponent_form() {
        let e = vec![1u8; 300];
        let n = vec![0xffu8; 8];
        let key = rsa_public_key(&e, &n).unwrap();
        assert_eq!(&key[..3], &[0, 1, 44]);
        let (e2, n2) = parse_rsa_public_key(&key).unwrap();
        assert_eq!((e2, n2), (&e[..], &n[..]));
    }
}
