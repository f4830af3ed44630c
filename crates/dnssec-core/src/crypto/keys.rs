//! Private keys and signing (RFC 4034 section 3.1.8: the signature formats of RFC 3110,
//! RFC 5702, RFC 6605 and RFC 8080), key generation, and the DNSKEY public key formats.

use super::fields::*;
use super::*;
use crate::algorithm::Algorithm;
use aws_lc_rs::encoding::AsBigEndian;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair};
use std::fmt;

pub(super) enum Signer {
    Rsa(RsaKeyPair, &'static dyn signature::RsaEncoding),
    RsaFallback(Box<rsa_fallback::FallbackRsa>),
    Ecdsa(EcdsaKeyPair),
    Ed25519(Ed25519KeyPair),
    Ed448(Box<ed448::Ed448Signer>),
}

/// A private key usable for signing (RFC 4034 section 3.1.8 signature field formats above).
/// It is Send + Sync, and `sign` takes `&self`, so one key can serve many signing threads.
pub struct PrivateKey {
    algorithm: Algorithm,
    pub(super) signer: Signer,
    public: Box<[u8]>,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({:?}, {} bits)", self.algorithm, self.bits())
    }
}

pub(super) const P256_OID: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
pub(super) const P384_OID: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];

pub(super) fn ecdsa_signing(
    alg: Algorithm,
) -> Option<(
    &'static signature::EcdsaSigningAlgorithm,
    &'static [u8],
    usize,
)> {
    match alg {
        Algorithm::ECDSAP256SHA256 => {
            Some((&signature::ECDSA_P256_SHA256_FIXED_SIGNING, P256_OID, 32))
        }
        Algorithm::ECDSAP384SHA384 => {
            Some((&signature::ECDSA_P384_SHA384_FIXED_SIGNING, P384_OID, 48))
        }
        _ => None,
    }
}

pub(super) fn rsa_encoding(alg: Algorithm) -> Option<&'static dyn signature::RsaEncoding> {
    match alg {
        Algorithm::RSASHA256 => Some(&signature::RSA_PKCS1_SHA256),
        Algorithm::RSASHA512 => Some(&signature::RSA_PKCS1_SHA512),
        _ => None,
    }
}

impl PrivateKey {
    /// Makes a new key. `bits` is the RSA modulus size (1024-4096; None means 2048, BIND's
    /// default per docs/bind-compat.md, "algorithms, digests and key sizes") and is ignored for
    /// ECDSA, Ed25519 and Ed448, as keygen ignores `-b` for them. aws-lc-rs makes the RSA keys
    /// it can (2048, 3072, 4096 bits for RSASHA256/RSASHA512); [`rsa_fallback`] the rest.
    pub fn generate(algorithm: Algorithm, bits: Option<u32>) -> Result<PrivateKey, CryptoError> {
        let signer = if rsa_fallback::signs(algorithm) {
            let bits = bits.unwrap_or(2048);
            let size = match bits {
                2048 => Some(KeySize::Rsa2048),
                3072 => Some(KeySize::Rsa3072),
                4096 => Some(KeySize::Rsa4096),
                _ => None,
            };
            match (rsa_encoding(algorithm), size) {
                (Some(encoding), Some(size)) => Signer::Rsa(
                    RsaKeyPair::generate(size).map_err(|_| CryptoError::Backend)?,
                    encoding,
                ),
                _ => Signer::RsaFallback(Box::new(rsa_fallback::FallbackRsa::generate(
                    algorithm, bits,
                )?)),
            }
        } else if let Some((signing, _, _)) = ecdsa_signing(algorithm) {
            Signer::Ecdsa(EcdsaKeyPair::generate(signing).map_err(|_| CryptoError::Backend)?)
        } else if algorithm == Algorithm::ED25519 {
            Signer::Ed25519(Ed25519KeyPair::generate().map_err(|_| CryptoError::Backend)?)
        } else if algorithm == Algorithm::ED448 {
            Signer::Ed448(Box::new(ed448::Ed448Signer::generate()?))
        } else {
            return Err(CryptoError::UnsupportedAlgorithm(algorithm));
        };
        PrivateKey::from_signer(algorithm, signer)
    }

    fn from_signer(algorithm: Algorithm, signer: Signer) -> Result<PrivateKey, CryptoError> {
        let public = match &signer {
            Signer::Rsa(kp, _) => {
                let fields = rsa_fields(kp)?;
                rsa_public_key(&fields.public_exponent, &fields.modulus)?
            }
            Signer::RsaFallback(key) => {
                let fields = key.fields();
                rsa_public_key(&fields.public_exponent, &fields.modulus)?
            }
            // aws-lc-rs gives the SEC 1 uncompressed point 0x04 || x || y; DNSSEC drops the 0x04.
            Signer::Ecdsa(kp) => kp
                .public_key()
                .as_ref()
                .get(1..)
                .ok_or(CryptoError::Backend)?
                .to_vec(),
            Signer::Ed25519(kp) => kp.public_key().as_ref().to_vec(),
            Signer::Ed448(key) => key.public_key(),
        };
        Ok(PrivateKey {
            algorithm,
            signer,
            public: public.into_boxed_slice(),
        })
    }

    /// The DNSSEC algorithm of the key.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The DNSKEY public key field (RFC 3110 section 2, RFC 6605 section 4, RFC 8080 section 3).
    pub fn public_key(&self) -> Vec<u8> {
        self.public.to_vec()
    }

    /// The DNSKEY public key field without copying.
    pub fn public_key_bytes(&self) -> &[u8] {
        &self.public
    }

    /// The key size as BIND reports it (`.state` `Length`, docs/bind-compat.md,
    /// "key files: .state"): the RSA modulus bits, 256 for P-256 and Ed25519, 384 for P-384,
    /// 456 for Ed448.
    pub fn bits(&self) -> u32 {
        public_key_bits(self.algorithm, &self.public).unwrap_or(0)
    }

    /// Signs `data` (the RFC 4034 section 3.1.8.1 signed data) and returns the RRSIG
    /// signature field. One allocation per call: the returned vector.
    pub fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        match &self.signer {
            Signer::Rsa(kp, encoding) => {
                let mut out = vec![0u8; kp.public_modulus_len()];
                kp.sign(*encoding, &SystemRandom::new(), data, &mut out)
                    .map_err(|_| CryptoError::Backend)?;
                Ok(out)
            }
            Signer::RsaFallback(key) => key.sign(data),
            Signer::Ecdsa(kp) => {
                let sig = kp
                    .sign(&SystemRandom::new(), data)
                    .map_err(|_| CryptoError::Backend)?;
                Ok(sig.as_ref().to_vec())
            }
            Signer::Ed25519(kp) => Ok(kp.sign(data).as_ref().to_vec()),
            Signer::Ed448(key) => Ok(key.sign(data)),
        }
    }

    /// The `.private` key material fields of this key (docs/bind-compat.md,
    /// "key files: .private").
    pub fn to_fields(&self) -> Result<PrivateFields, CryptoError> {
        match &self.signer {
            Signer::Rsa(kp, _) => Ok(PrivateFields::Rsa(rsa_fields(kp)?)),
            Signer::RsaFallback(key) => Ok(PrivateFields::Rsa(key.fields())),
            Signer::Ecdsa(kp) => {
                let scalar = kp
                    .private_key()
                    .as_be_bytes()
                    .map_err(|_| CryptoError::Backend)?;
                // BIND writes the scalar as a minimal big-endian number, leading zero
                // octets dropped (its keygen, settime and revoke alike), so a rewritten
                // .private file stays byte-identical to BIND's (docs/bind-compat.md,
                // "key files: .private").
                Ok(PrivateFields::PrivateKey(
                    strip_zeros(scalar.as_ref()).to_vec(),
                ))
            }
            Signer::Ed25519(kp) => {
                let seed = kp.seed().map_err(|_| CryptoError::Backend)?;
                let seed = seed.as_be_bytes().map_err(|_| CryptoError::Backend)?;
                Ok(PrivateFields::PrivateKey(seed.as_ref().to_vec()))
            }
            // The seed, all 57 octets: unlike an ECDSA scalar it is a byte string, not a
            // number, so BIND keeps its leading zero octets.
            Signer::Ed448(key) => Ok(PrivateFields::PrivateKey(key.seed())),
        }
    }

    /// Rebuilds a key from `.private` fields. The public key is derived from the private
    /// material, so [`PrivateKey::matches_public`] can then compare it with the `.key`.
    pub fn from_fields(
        algorithm: Algorithm,
        fields: &PrivateFields,
    ) -> Result<PrivateKey, CryptoError> {
        let signer = match fields {
            PrivateFields::Rsa(rsa) => {
                if !rsa_fallback::signs(algorithm) {
                    return Err(CryptoError::UnsupportedAlgorithm(algorithm));
                }
                match aws_lc_rsa(algorithm, rsa) {
                    Some(signer) => signer,
                    None => Signer::RsaFallback(Box::new(rsa_fallback::FallbackRsa::from_fields(
                        algorithm, rsa,
                    )?)),
                }
            }
            PrivateFields::PrivateKey(secret) => {
                if let Some((signing, oid, len)) = ecdsa_signing(algorithm) {
                    // BIND writes the scalar without its leading zero octets (one key in
                    // 256 has a shorter PrivateKey field), so a short one is padded back.
                    if secret.is_empty() || secret.len() > len {
                        return Err(CryptoError::InvalidPrivateKey);
                    }
                    let mut scalar = vec![0u8; len - secret.len()];
                    scalar.extend_from_slice(secret);
                    let der = ec_private_key_der(&scalar, oid);
                    Signer::Ecdsa(
                        EcdsaKeyPair::from_private_key_der(signing, &der)
                            .map_err(|_| CryptoError::InvalidPrivateKey)?,
                    )
                } else if algorithm == Algorithm::ED25519 {
                    Signer::Ed25519(
                        Ed25519KeyPair::from_seed_unchecked(secret)
                            .map_err(|_| CryptoError::InvalidPrivateKey)?,
                    )
                } else if algorithm == Algorithm::ED448 {
                    Signer::Ed448(Box::new(ed448::Ed448Signer::from_seed(secret)?))
                } else {
                    return Err(CryptoError::UnsupportedAlgorithm(algorithm));
                }
            }
            PrivateFields::Dh(_) => return Err(CryptoError::UnsupportedAlgorithm(algorithm)),
        };
        PrivateKey::from_signer(algorithm, signer)
    }

    /// True when `dnskey_public_key` (a DNSKEY public key field) is this key's public half.
    /// BIND does not check this (docs/bind-compat.md, "quirks" item 15); loading a key here does.
    pub fn matches_public(&self, dnskey_public_key: &[u8]) -> bool {
        if self.algorithm.is_rsa() {
            // Compare (e, n) rather than bytes, so a non-minimal exponent length still matches.
            match (
                parse_rsa_public_key(&self.public),
                parse_rsa_public_key(dnskey_public_key),
            ) {
                (Ok(a), Ok(b)) => {
                    strip_zeros(a.0) == strip_zeros(b.0) && strip_zeros(a.1) == strip_zeros(b.1)
                }
                _ => false,
            }
        } else {
            *self.public == *dnskey_public_key
        }
    }
}

/// The aws-lc-rs signer for RSA `.private` fields when aws-lc-rs takes them (RSASHA256 and
/// RSASHA512, 2048-4096 bits, fields it accepts); None sends the key to [`rsa_fallback`],
/// which checks the fields again and gives the error if they are bad.
pub(super) fn aws_lc_rsa(algorithm: Algorithm, rsa: &RsaFields) -> Option<Signer> {
    let encoding = rsa_encoding(algorithm)?;
    let n = strip_zeros(&rsa.modulus);
    if !(2048..=4096).contains(&bit_len(n)) {
        return None;
    }
    let components = aws_lc_rs::rsa::KeyPairComponents {
        public_key: aws_lc_rs::rsa::PublicKeyComponents {
            n,
            e: strip_zeros(&rsa.public_exponent),
        },
        d: rsa.private_exponent.as_slice(),
        p: rsa.prime1.as_slice(),
        q: rsa.prime2.as_slice(),
        dP: rsa.exponent1.as_slice(),
        dQ: rsa.exponent2.as_slice(),
        qInv: rsa.coefficient.as_slice(),
    };
    let kp = RsaKeyPair::from_components(&components).ok()?;
    Some(Signer::Rsa(kp, encoding))
}

/// True when an RSA `.private`'s modulus and exponent are those of the DNSKEY public key
/// field, for RSA keys this backend cannot load (RSAMD5, over 4096 or under 512 bits) but
/// can still check.
pub(crate) fn rsa_fields_match_public(fields: &RsaFields, dnskey_public_key: &[u8]) -> bool {
    match parse_rsa_public_key(dnskey_public_key) {
        Ok((e, n)) => {
            strip_zeros(e) == strip_zeros(&fields.public_exponent)
                && strip_zeros(n) == strip_zeros(&fields.modulus)
        }
        Err(_) => false,
    }
}

/// True when a DNSKEY public key field of ECDSAP256SHA256 (13) or ECDSAP384SHA384 (14) is the
/// `x | y` of a point on its curve (RFC 6605 section 4); the point at infinity, all zeros and
/// points off the curve are refused, as BIND refuses them (`crypto failure`). Other
/// algorithms are not judged here (true).
pub(crate) fn ec_point_on_curve(algorithm: Algorithm, public_key: &[u8]) -> bool {
    let (alg, len): (&'static signature::EcdsaVerificationAlgorithm, usize) = match algorithm.0 {
        13 => (&signature::ECDSA_P256_SHA256_FIXED, 64),
        14 => (&signature::ECDSA_P384_SHA384_FIXED, 96),
        _ => return true,
    };
    if public_key.len() != len {
        return false;
    }
    let mut point = Vec::with_capacity(len + 1);
    point.push(0x04);
    point.extend_from_slice(public_key);
    signature::ParsedPublicKey::new(alg, &point).is_ok()
}

/// The key size in bits, read from a DNSKEY public key field (RFC 3110 section 2 for RSA;
/// fixed for the curves), as `.state` `Length` and BIND's reports give it (docs/bind-compat.md,
/// "key files: .state").
pub(crate) fn public_key_bits(algorithm: Algorithm, public_key: &[u8]) -> Option<u32> {
    match algorithm.0 {
        1 | 5 | 7 | 8 | 10 => parse_rsa_public_key(public_key)
            .ok()
            .map(|(_, n)| bit_len(strip_zeros(n))),
        13 | 15 => Some(256),
        14 => Some(384),
        16 => Some(456),
        // DH (RFC 2539 section 2): prime length (16 bits) then the prime.
        2 => {
            let len = u16::from_be_bytes([*public_key.first()?, *public_key.get(1)?]) as usize;
            let prime = public_key.get(2..2 + len)?;
            let prime = if len == 1 || len == 2 {
                prime
            } else {
                strip_zeros(prime)
            };
            Some(bit_len(prime))
        }
        _ => None,
    }
}

pub(super) fn bit_len(be: &[u8]) -> u32 {
    let be = strip_zeros(be);
    match be.first() {
        Some(&top) => (be.len() as u32 - 1) * 8 + (8 - top.leading_zeros()),
        None => 0,
    }
}

pub(super) fn strip_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[first..]
}

/// RFC 3110 section 2: one octet of exponent length (or zero and two octets), the
/// exponent, then the modulus.
pub(super) fn rsa_public_key(e: &[u8], n: &[u8]) -> Result<Vec<u8>, CryptoError> {
    let (e, n) = (strip_zeros(e), strip_zeros(n));
    let mut out = Vec::with_capacity(3 + e.len() + n.len());
    match e.len() {
        1..=255 => out.push(e.len() as u8),
        256..=0xffff => {
            out.push(0);
            out.extend_from_slice(&(e.len() as u16).to_be_bytes());
        }
        _ => return Err(CryptoError::InvalidPublicKey),
    }
    out.extend_from_slice(e);
    out.extend_from_slice(n);
    Ok(out)
}

/// Splits an RFC 3110 public key into (exponent, modulus).
pub(super) fn parse_rsa_public_key(key: &[u8]) -> Result<(&[u8], &[u8]), CryptoError> {
    let (len, rest) = match key {
        [0, hi, lo, rest @ ..] => (usize::from(u16::from_be_bytes([*hi, *lo])), rest),
        [len, rest @ ..] if *len != 0 => (usize::from(*len), rest),
        _ => return Err(CryptoError::InvalidPublicKey),
    };
    if len == 0 || rest.len() <= len {
        return Err(CryptoError::InvalidPublicKey);
    }
    Ok(rest.split_at(len))
}
