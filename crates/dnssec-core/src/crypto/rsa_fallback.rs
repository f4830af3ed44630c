//! RSA signing for the keys aws-lc-rs will not use: moduli outside 2048-4096 bits (BIND's
//! dnssec-keygen makes 1024-4096, docs/bind-compat.md, "algorithms, digests and key sizes"),
//! sizes it cannot generate (anything but 2048, 3072 and 4096), and RSASHA1/NSEC3RSASHA1
//! (algorithms 5 and 7, RFC 3110 and RFC 5155 section 2), which it only verifies. Signatures
//! are RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2) over the SHA-1 (RFC 3110 section 3), SHA-256 or
//! SHA-512 (RFC 5702 section 3) DigestInfo, the same bytes aws-lc-rs would make. Verification
//! stays with aws-lc-rs, except for moduli of 512-1023 bits, which aws-lc-rs refuses to check
//! and BIND checks (docs/bind-compat.md, "keys and crypto: Ed448 and RSA sizes"):
//! [`SmallRsaVerifier`]. Verifying touches only public values, so the timing note below
//! does not apply to it.
//!
//! The arithmetic is the RustCrypto `rsa` crate's. Its private-key operation is not constant
//! time (advisory RUSTSEC-2023-0071, the "Marvin" attack): someone who can time many private
//! operations on chosen inputs may learn the key. The attack needs an oracle, a party that
//! submits inputs and measures the signer's time for each, as a network service that decrypts
//! or signs on request offers. An offline zone signer has no such party: its inputs are the
//! zone file the operator gives it, and only someone already able to watch this process run
//! on this machine could time it. To narrow even that, every signature here is made with RSA
//! blinding (the input is multiplied by a fresh random r^e first, so the timed values are not
//! the ones chosen), and each result is checked against the public key before it is returned
//! (the crate does this), so a faulty computation never leaks a signature that would reveal a
//! prime. Keys aws-lc-rs can handle never come here.

use super::keys::{bit_len, strip_zeros};
use super::{CryptoError, RsaFields};
use crate::algorithm::Algorithm;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::rand_core::{CryptoRng, RngCore};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

/// The smallest modulus loaded here: BIND 9.18 makes none under 1024 bits, but older BIND
/// releases made 512-bit keys and its signer still uses them.
const MIN_LOAD_BITS: u32 = 512;
/// The `rsa` crate's limit, which is also the largest size BIND 9.18 makes.
const MAX_BITS: u32 = 4096;
/// The range of sizes generated here, BIND 9.18's keygen range (docs/bind-compat.md,
/// "algorithms, digests and key sizes").
pub(super) const GENERATE_BITS: std::ops::RangeInclusive<u32> = 1024..=MAX_BITS;
/// The public exponent of new keys, as BIND's (F4, 65537).
const PUBLIC_EXPONENT: u64 = 65537;

/// The DigestInfo hash of an RSA DNSSEC algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hash {
    Sha1,
    Sha256,
    Sha512,
}

impl Hash {
    /// RFC 3110 section 3 (5), RFC 5155 section 2 (7), RFC 5702 section 3 (8, 10).
    fn of(algorithm: Algorithm) -> Option<Hash> {
        match algorithm {
            Algorithm::RSASHA1 | Algorithm::NSEC3RSASHA1 => Some(Hash::Sha1),
            Algorithm::RSASHA256 => Some(Hash::Sha256),
            Algorithm::RSASHA512 => Some(Hash::Sha512),
            _ => None,
        }
    }
}

/// True when `algorithm` is an RSA algorithm this module can sign with (5, 7, 8, 10).
pub(super) fn signs(algorithm: Algorithm) -> bool {
    Hash::of(algorithm).is_some()
}

/// An RSA private key signed with by the `rsa` crate (see the module doc for when).
pub(super) struct FallbackRsa {
    key: RsaPrivateKey,
    hash: Hash,
    modulus_len: usize,
}

impl FallbackRsa {
    /// A new key of exactly `bits` bits (1024-4096) with exponent 65537.
    pub(super) fn generate(algorithm: Algorithm, bits: u32) -> Result<FallbackRsa, CryptoError> {
        let hash = Hash::of(algorithm).ok_or(CryptoError::UnsupportedAlgorithm(algorithm))?;
        if !GENERATE_BITS.contains(&bits) {
            return Err(CryptoError::UnsupportedKeySize { algorithm, bits });
        }
        let mut rng = SystemRng::default();
        let key =
            RsaPrivateKey::new_with_exp(&mut rng, bits as usize, &BigUint::from(PUBLIC_EXPONENT));
        // A key made while the system's generator failed is not random: never use it.
        let key = match (key, rng.failed) {
            (Ok(key), false) => key,
            _ => return Err(CryptoError::Backend),
        };
        FallbackRsa::new(key, hash)
    }

    /// Rebuilds a key from the eight `.private` fields. The CRT values of the file must be
    /// those of its primes and exponent: a signer that used wrong ones would make signatures
    /// that do not verify, so such a file is refused rather than silently repaired.
    pub(super) fn from_fields(
        algorithm: Algorithm,
        fields: &RsaFields,
    ) -> Result<FallbackRsa, CryptoError> {
        let hash = Hash::of(algorithm).ok_or(CryptoError::UnsupportedAlgorithm(algorithm))?;
        let bits = bit_len(&fields.modulus);
        if !(MIN_LOAD_BITS..=MAX_BITS).contains(&bits) {
            return Err(CryptoError::UnsupportedKeySize { algorithm, bits });
        }
        let int = |b: &[u8]| BigUint::from_bytes_be(b);
        let key = RsaPrivateKey::from_components(
            int(&fields.modulus),
            int(&fields.public_exponent),
            int(&fields.private_exponent),
            vec![int(&fields.prime1), int(&fields.prime2)],
        )
        .map_err(|_| CryptoError::InvalidPrivateKey)?;
        let key = FallbackRsa::new(key, hash)?;
        let derived = key.fields();
        if strip_zeros(&fields.exponent1) != derived.exponent1
            || strip_zeros(&fields.exponent2) != derived.exponent2
            || strip_zeros(&fields.coefficient) != derived.coefficient
        {
            return Err(CryptoError::InvalidPrivateKey);
        }
        Ok(key)
    }

    fn new(key: RsaPrivateKey, hash: Hash) -> Result<FallbackRsa, CryptoError> {
        // Two-prime keys only: the .private format has no place for more (docs/bind-compat.md,
        // "key files: .private").
        if key.primes().len() != 2 || key.dp().is_none() || key.qinv().is_none() {
            return Err(CryptoError::InvalidPrivateKey);
        }
        let modulus_len = key.size();
        Ok(FallbackRsa {
            key,
            hash,
            modulus_len,
        })
    }

    /// The RRSIG signature field over `data`: PKCS#1 v1.5, as long as the modulus.
    pub(super) fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let (padding, digest) = match self.hash {
            Hash::Sha1 => (Pkcs1v15Sign::new::<Sha1>(), Sha1::digest(data).to_vec()),
            Hash::Sha256 => (Pkcs1v15Sign::new::<Sha256>(), Sha256::digest(data).to_vec()),
            Hash::Sha512 => (Pkcs1v15Sign::new::<Sha512>(), Sha512::digest(data).to_vec()),
        };
        let mut rng = SystemRng::default();
        let sig = self
            .key
            .sign_with_rng(&mut rng, padding, &digest)
            .map_err(|_| CryptoError::Backend)?;
        if rng.failed || sig.len() != self.modulus_len {
            return Err(CryptoError::Backend);
        }
        Ok(sig)
    }

    /// The eight `.private` fields (RFC 8017 appendix A.1.2 order), minimal big-endian.
    pub(super) fn fields(&self) -> RsaFields {
        let bytes = |v: Option<&BigUint>| v.map(BigUint::to_bytes_be).unwrap_or_default();
        let primes = self.key.primes();
        RsaFields {
            modulus: self.key.n().to_bytes_be(),
            public_exponent: self.key.e().to_bytes_be(),
            private_exponent: self.key.d().to_bytes_be(),
            prime1: bytes(primes.first()),
            prime2: bytes(primes.get(1)),
            exponent1: bytes(self.key.dp()),
            exponent2: bytes(self.key.dq()),
            coefficient: bytes(self.key.qinv().and_then(|c| c.to_biguint()).as_ref()),
        }
    }
}

/// The smallest modulus aws-lc-rs verifies with; below it, [`SmallRsaVerifier`] does.
pub(super) const AWS_LC_MIN_VERIFY_BITS: u32 = 1024;

/// An RSA public key of 512-1023 bits, checked here because aws-lc-rs will not: BIND
/// verifies signatures of such keys (old zones carry them).
pub(super) struct SmallRsaVerifier {
    key: RsaPublicKey,
    hash: Hash,
}

impl SmallRsaVerifier {
    /// `e` and `n` from the DNSKEY (RFC 3110 section 2); None unless `algorithm` is RSA and
    /// `n` has [`MIN_LOAD_BITS`] to [`AWS_LC_MIN_VERIFY_BITS`] - 1 bits. An exponent the
    /// `rsa` crate refuses (even, 1, over 33 bits) is an invalid key.
    pub(super) fn new(
        algorithm: Algorithm,
        e: &[u8],
        n: &[u8],
    ) -> Option<Result<SmallRsaVerifier, CryptoError>> {
        let hash = Hash::of(algorithm)?;
        let bits = bit_len(n);
        if !(MIN_LOAD_BITS..AWS_LC_MIN_VERIFY_BITS).contains(&bits) {
            return None;
        }
        let key = RsaPublicKey::new(BigUint::from_bytes_be(n), BigUint::from_bytes_be(e))
            .map_err(|_| CryptoError::InvalidPublicKey);
        Some(key.map(|key| SmallRsaVerifier { key, hash }))
    }

    /// Checks a PKCS#1 v1.5 signature (RFC 8017 section 8.2.2) over `data`. The signature
    /// must be exactly as long as the modulus, as aws-lc-rs requires for larger keys.
    pub(super) fn verify(&self, data: &[u8], sig: &[u8]) -> Result<(), CryptoError> {
        let (padding, digest) = match self.hash {
            Hash::Sha1 => (Pkcs1v15Sign::new::<Sha1>(), Sha1::digest(data).to_vec()),
            Hash::Sha256 => (Pkcs1v15Sign::new::<Sha256>(), Sha256::digest(data).to_vec()),
            Hash::Sha512 => (Pkcs1v15Sign::new::<Sha512>(), Sha512::digest(data).to_vec()),
        };
        if sig.len() != self.key.size() {
            return Err(CryptoError::BadSignature);
        }
        rsa::traits::SignatureScheme::verify(padding, &self.key, &digest, sig)
            .map_err(|_| CryptoError::BadSignature)
    }
}

/// The `rsa` crate's randomness (prime search, blinding) drawn from aws-lc-rs's system
/// generator, the one every other key here uses. `fill_bytes` cannot fail, so a failure is
/// remembered and the result it touched is thrown away by the caller.
#[derive(Default)]
struct SystemRng {
    failed: bool,
}

impl RngCore for SystemRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        if aws_lc_rs::rand::fill(dest).is_err() {
            self.failed = true;
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for SystemRng {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::keys::rsa_public_key;
    use crate::crypto::verify;

    /// A key of `bits` bits, which `generate` would refuse under 1024.
    fn small_key(algorithm: Algorithm, bits: usize) -> FallbackRsa {
        let mut rng = SystemRng::default();
        let key = RsaPrivateKey::new_with_exp(&mut rng, bits, &BigUint::from(PUBLIC_EXPONENT));
        FallbackRsa::new(key.unwrap(), Hash::of(algorithm).unwrap()).unwrap()
    }

    /// 512-1023 bit keys verify here (aws-lc-rs refuses them), with the same verdicts as
    /// aws-lc-rs gives larger keys: good signatures pass, another message, a flipped bit
    /// or a signature one octet short fail. Under 512 bits a key is not verified at all.
    #[test]
    fn small_keys_verify_as_bind_verifies_them() {
        for (alg, bits) in [
            (Algorithm::RSASHA256, 512),
            (Algorithm::RSASHA1, 768),
            (Algorithm::NSEC3RSASHA1, 600),
            (Algorithm::RSASHA512, 1016),
        ] {
            let key = small_key(alg, bits);
            let f = key.fields();
            let public = rsa_public_key(&f.public_exponent, &f.modulus).unwrap();
            let data = b"RRSIG rdata and RRset";
            let sig = key.sign(data).unwrap();
            assert_eq!(verify(alg, &public, data, &sig), Ok(()), "{alg} {bits}");
            assert_eq!(
                verify(alg, &public, b"other", &sig),
                Err(CryptoError::BadSignature)
            );
            let mut flipped = sig.clone();
            flipped[5] ^= 1;
            assert_eq!(
                verify(alg, &public, data, &flipped),
                Err(CryptoError::BadSignature)
            );
            assert_eq!(
                verify(alg, &public, data, &sig[1..]),
                Err(CryptoError::BadSignature)
            );
            // The key's own .private fields load back and sign the same bytes.
            let again = FallbackRsa::from_fields(alg, &f).unwrap();
            assert_eq!(again.sign(data).unwrap(), sig);
        }
        // SHA-1's DigestInfo still fits a 384-bit modulus, so the signature exists.
        let tiny = small_key(Algorithm::RSASHA1, 384);
        let f = tiny.fields();
        let public = rsa_public_key(&f.public_exponent, &f.modulus).unwrap();
        let sig = tiny.sign(b"x").unwrap();
        assert!(verify(Algorithm::RSASHA1, &public, b"x", &sig).is_err());
    }
}
