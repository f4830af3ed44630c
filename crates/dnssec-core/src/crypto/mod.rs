//! The crypto backend: the only module that names aws-lc-rs. It makes DNSSEC keys, signs and
//! verifies in the DNSSEC wire formats, converts keys to and from the fields of BIND's
//! `.private` files (REFERENCE.md 1.2), and computes the digests DS records need.
//!
//! Formats: RSA public keys as RFC 3110 section 2 (exponent length, exponent, modulus) and
//! RSA signatures as PKCS#1 v1.5 (RFC 5702 section 3); ECDSA public keys as x || y and
//! signatures as r || s (RFC 6605 section 4); Ed25519 as RFC 8080 section 3.
//!
//! aws-lc-rs cannot sign with RSA keys under 2048 bits, make RSA keys of sizes other than
//! 2048, 3072 and 4096 bits, or sign with RSASHA1 (5, 7), though it verifies all of them;
//! BIND makes and uses such keys. Those keys alone are handled by [`rsa_fallback`] (the
//! RustCrypto `rsa` crate; see its doc for the timing exposure). Nothing here handles Ed448
//! (16).
//!
//! One path does not go through aws-lc-rs: a P-256 key that checks hundreds of signatures
//! (a whole zone) switches to [`p256_table`], which gives the key its own multiples table
//! and shares the s inversions of a [`SignatureBatch`]; it is about three times cheaper per
//! signature there, and pays for its table only after [`P256_TABLE_AFTER`] verified
//! signatures, with at most [`P256_MAX_TABLES`] tables alive at once.

use crate::algorithm::Algorithm;
use aws_lc_rs::encoding::{AsBigEndian, AsDer};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{
    self, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RsaKeyPair, UnparsedPublicKey,
};
use std::fmt;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::OnceLock;

mod digests;
mod p256_table;
mod rsa_fallback;

pub use digests::{digest, ds_from_dnskey, ds_matches, Hasher};
pub use p256_table::SignatureBatch;

/// Why a crypto operation failed. None of these carry secret material.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// The algorithm cannot be used for this operation here (e.g. signing with RSASHA1,
    /// anything with Ed448, DH).
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

/// The RSA fields of a `.private` file, big-endian unsigned without leading zeros, named as
/// BIND names them (REFERENCE.md 1.2; RFC 8017 appendix A.1.2 calls them n, e, d, p, q, dP,
/// dQ, qInv).
#[derive(Clone, PartialEq, Eq)]
pub struct RsaFields {
    /// `Modulus` (n).
    pub modulus: Vec<u8>,
    /// `PublicExponent` (e).
    pub public_exponent: Vec<u8>,
    /// `PrivateExponent` (d).
    pub private_exponent: Vec<u8>,
    /// `Prime1` (p).
    pub prime1: Vec<u8>,
    /// `Prime2` (q).
    pub prime2: Vec<u8>,
    /// `Exponent1` (d mod (p-1)).
    pub exponent1: Vec<u8>,
    /// `Exponent2` (d mod (q-1)).
    pub exponent2: Vec<u8>,
    /// `Coefficient` (q^-1 mod p).
    pub coefficient: Vec<u8>,
}

impl RsaFields {
    /// Takes the eight values in the order RFC 8017 appendix A.1.2 lists them (n, e, d, p, q,
    /// dP, dQ, qInv), which is also the order of BIND's `.private` lines (REFERENCE.md 1.2);
    /// None when `next` runs dry first. Further values are left unread.
    pub fn from_ordered(mut next: impl FnMut() -> Option<Vec<u8>>) -> Option<RsaFields> {
        Some(RsaFields {
            modulus: next()?,
            public_exponent: next()?,
            private_exponent: next()?,
            prime1: next()?,
            prime2: next()?,
            exponent1: next()?,
            exponent2: next()?,
            coefficient: next()?,
        })
    }
}

/// The Diffie-Hellman fields of a `.private` file (REFERENCE.md 1.2), carried for KEY-type DH
/// keys that this kit can rewrite but not use.
#[derive(Clone, PartialEq, Eq)]
pub struct DhFields {
    /// `Prime(p)`.
    pub prime: Vec<u8>,
    /// `Generator(g)`.
    pub generator: Vec<u8>,
    /// `Private_value(x)`.
    pub private_value: Vec<u8>,
    /// `Public_value(y)`.
    pub public_value: Vec<u8>,
}

/// The key material lines of a `.private` file, in BIND's terms (REFERENCE.md 1.2).
#[derive(Clone, PartialEq, Eq)]
pub enum PrivateFields {
    /// The eight RSA fields.
    Rsa(RsaFields),
    /// `PrivateKey:`: the ECDSA scalar (32 or 48 octets) or the EdDSA seed (32 or 57).
    PrivateKey(Vec<u8>),
    /// The four DH fields.
    Dh(DhFields),
}

impl fmt::Debug for PrivateFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PrivateFields::Rsa(_) => "PrivateFields::Rsa(..)",
            PrivateFields::PrivateKey(_) => "PrivateFields::PrivateKey(..)",
            PrivateFields::Dh(_) => "PrivateFields::Dh(..)",
        })
    }
}

enum Signer {
    Rsa(RsaKeyPair, &'static dyn signature::RsaEncoding),
    RsaFallback(Box<rsa_fallback::FallbackRsa>),
    Ecdsa(EcdsaKeyPair),
    Ed25519(Ed25519KeyPair),
}

/// A private key usable for signing (RFC 4034 section 3.1.8 signature field formats above).
/// It is Send + Sync, and `sign` takes `&self`, so one key can serve many signing threads.
pub struct PrivateKey {
    algorithm: Algorithm,
    signer: Signer,
    public: Box<[u8]>,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({:?}, {} bits)", self.algorithm, self.bits())
    }
}

const P256_OID: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384_OID: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];

fn ecdsa_signing(
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

fn rsa_encoding(alg: Algorithm) -> Option<&'static dyn signature::RsaEncoding> {
    match alg {
        Algorithm::RSASHA256 => Some(&signature::RSA_PKCS1_SHA256),
        Algorithm::RSASHA512 => Some(&signature::RSA_PKCS1_SHA512),
        _ => None,
    }
}

impl PrivateKey {
    /// Makes a new key. `bits` is the RSA modulus size (1024-4096; None means 2048, BIND's
    /// default per REFERENCE.md 0.4) and is ignored for ECDSA and Ed25519, as keygen ignores
    /// `-b` for them. aws-lc-rs makes the RSA keys it can (2048, 3072, 4096 bits for
    /// RSASHA256/RSASHA512); [`rsa_fallback`] the rest.
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

    /// The key size as BIND reports it (`.state` `Length`, REFERENCE.md 1.3): the RSA
    /// modulus bits, 256 for P-256 and Ed25519, 384 for P-384.
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
        }
    }

    /// The `.private` key material fields of this key (REFERENCE.md 1.2).
    pub fn to_fields(&self) -> Result<PrivateFields, CryptoError> {
        match &self.signer {
            Signer::Rsa(kp, _) => Ok(PrivateFields::Rsa(rsa_fields(kp)?)),
            Signer::RsaFallback(key) => Ok(PrivateFields::Rsa(key.fields())),
            Signer::Ecdsa(kp) => {
                let scalar = kp
                    .private_key()
                    .as_be_bytes()
                    .map_err(|_| CryptoError::Backend)?;
                Ok(PrivateFields::PrivateKey(scalar.as_ref().to_vec()))
            }
            Signer::Ed25519(kp) => {
                let seed = kp.seed().map_err(|_| CryptoError::Backend)?;
                let seed = seed.as_be_bytes().map_err(|_| CryptoError::Backend)?;
                Ok(PrivateFields::PrivateKey(seed.as_ref().to_vec()))
            }
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
                } else {
                    return Err(CryptoError::UnsupportedAlgorithm(algorithm));
                }
            }
            PrivateFields::Dh(_) => return Err(CryptoError::UnsupportedAlgorithm(algorithm)),
        };
        PrivateKey::from_signer(algorithm, signer)
    }

    /// True when `dnskey_public_key` (a DNSKEY public key field) is this key's public half.
    /// BIND does not check this (REFERENCE.md QUIRK 15); loading a key here does.
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
fn aws_lc_rsa(algorithm: Algorithm, rsa: &RsaFields) -> Option<Signer> {
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
pub fn rsa_fields_match_public(fields: &RsaFields, dnskey_public_key: &[u8]) -> bool {
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
pub fn ec_point_on_curve(algorithm: Algorithm, public_key: &[u8]) -> bool {
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
/// fixed for the curves), as `.state` `Length` and BIND's reports give it (REFERENCE.md 1.3).
pub fn public_key_bits(algorithm: Algorithm, public_key: &[u8]) -> Option<u32> {
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

fn bit_len(be: &[u8]) -> u32 {
    let be = strip_zeros(be);
    match be.first() {
        Some(&top) => (be.len() as u32 - 1) * 8 + (8 - top.leading_zeros()),
        None => 0,
    }
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let first = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[first..]
}

/// RFC 3110 section 2: one octet of exponent length (or zero and two octets), the
/// exponent, then the modulus.
fn rsa_public_key(e: &[u8], n: &[u8]) -> Result<Vec<u8>, CryptoError> {
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
fn parse_rsa_public_key(key: &[u8]) -> Result<(&[u8], &[u8]), CryptoError> {
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

/// Reads the RSA fields out of aws-lc-rs's PKCS#8 encoding (RFC 5208 PrivateKeyInfo holding
/// an RFC 8017 appendix A.1.2 RSAPrivateKey), since aws-lc-rs exposes no getters for them.
fn rsa_fields(kp: &RsaKeyPair) -> Result<RsaFields, CryptoError> {
    let pkcs8 =
        AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(kp).map_err(|_| CryptoError::Backend)?;
    parse_pkcs8_rsa(pkcs8.as_ref()).ok_or(CryptoError::Backend)
}

fn parse_pkcs8_rsa(der: &[u8]) -> Option<RsaFields> {
    let mut outer = der::Reader::new(der).sequence()?;
    outer.integer()?; // version 0
    outer.element(der::SEQUENCE)?; // AlgorithmIdentifier rsaEncryption
    let inner = outer.element(der::OCTET_STRING)?;
    let mut rsa = der::Reader::new(inner).sequence()?;
    rsa.integer()?; // version 0 (two primes)
    RsaFields::from_ordered(|| rsa.integer().map(|v| strip_zeros(v).to_vec()))
}

/// An RFC 5915 ECPrivateKey without the optional public key, which aws-lc-rs then derives.
fn ec_private_key_der(scalar: &[u8], curve_oid: &[u8]) -> Vec<u8> {
    let mut body = vec![0x02, 0x01, 0x01]; // version 1
    der::push(&mut body, der::OCTET_STRING, scalar);
    der::push(&mut body, 0xa0, curve_oid); // [0] parameters: namedCurve
    let mut out = Vec::with_capacity(body.len() + 4);
    der::push(&mut out, der::SEQUENCE, &body);
    out
}

/// Just enough DER (X.690 section 8) to walk the key structures above.
mod der {
    pub const SEQUENCE: u8 = 0x30;
    pub const OCTET_STRING: u8 = 0x04;
    const INTEGER: u8 = 0x02;

    pub struct Reader<'a> {
        data: &'a [u8],
    }

    impl<'a> Reader<'a> {
        pub fn new(data: &'a [u8]) -> Reader<'a> {
            Reader { data }
        }

        /// The contents of the next element, which must have tag `tag`.
        pub fn element(&mut self, tag: u8) -> Option<&'a [u8]> {
            let (&t, rest) = self.data.split_first()?;
            if t != tag {
                return None;
            }
            let (&first, mut rest) = rest.split_first()?;
            let len = if first < 0x80 {
                usize::from(first)
            } else {
                let n = usize::from(first & 0x7f);
                if n == 0 || n > 4 || rest.len() < n {
                    return None;
                }
                let (len_bytes, after) = rest.split_at(n);
                rest = after;
                len_bytes
                    .iter()
                    .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
            };
            if rest.len() < len {
                return None;
            }
            let (content, after) = rest.split_at(len);
            self.data = after;
            Some(content)
        }

        pub fn sequence(&mut self) -> Option<Reader<'a>> {
            self.element(SEQUENCE).map(Reader::new)
        }

        pub fn integer(&mut self) -> Option<&'a [u8]> {
            self.element(INTEGER)
        }
    }

    pub fn push(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
        out.push(tag);
        let len = content.len();
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes = (len as u32).to_be_bytes();
            let skip = bytes.iter().position(|&b| b != 0).unwrap_or(3);
            out.push(0x80 | (4 - skip) as u8);
            out.extend_from_slice(&bytes[skip..]);
        }
        out.extend_from_slice(content);
    }
}

/// Checks an RRSIG signature field `sig` over `data` with a DNSKEY public key field
/// (RFC 4034 section 3.1.8.1). Supports 5, 7, 8, 10 (RSA 1024-8192 bits), 13, 14 and 15.
pub fn verify(
    algorithm: Algorithm,
    public_key: &[u8],
    data: &[u8],
    sig: &[u8],
) -> Result<(), CryptoError> {
    VerifyingKey::new(algorithm, public_key)?.verify(data, sig)
}

enum Verifier {
    Rsa(&'static signature::RsaParameters, Vec<u8>, Vec<u8>),
    Ecdsa(&'static signature::EcdsaVerificationAlgorithm, Vec<u8>),
    EcdsaP256(Vec<u8>, BulkP256),
    Ed25519(Vec<u8>),
}

/// After this many signatures one P-256 key has *verified* (not merely been tried on),
/// building its multiples table (a few milliseconds, [`p256_table::TABLE_BYTES`] of memory)
/// pays for itself; small jobs never build it. Counting successes rather than attempts
/// matters when many keys share one key tag (RFC 4034 Appendix B): every RRSIG with that
/// tag is tried on every one of them, but only the key that made it earns a table.
const P256_TABLE_AFTER: u32 = 256;

/// At most this many P-256 multiples tables exist in the process at once (6 MiB in
/// all). A zone is signed by one or two P-256 keys, so this covers a real zone with room
/// for a rollover; a hostile zone whose hundreds of keys each verify hundreds of
/// signatures gets no more, and its other keys are checked by aws-lc (same verdicts,
/// slower). The tools verify one zone per process, so this is also the per-zone bound
/// (docs/bind-compat.md, "verify: many DNSKEYs sharing one key tag"; RFC 4035 section
/// 5.3.1 has every same-tag key tried).
pub const P256_MAX_TABLES: usize = 4;

// The bound the documentation promises: all tables together stay within 8 MiB.
const _: () = assert!(P256_MAX_TABLES * p256_table::TABLE_BYTES <= 8 << 20);

/// How many P-256 tables are alive now (see [`P256_MAX_TABLES`]).
static P256_LIVE_TABLES: AtomicUsize = AtomicUsize::new(0);

/// One of the [`P256_MAX_TABLES`] places, given back when the table is dropped.
struct TableSlot;

impl TableSlot {
    fn acquire() -> Option<TableSlot> {
        take_place(&P256_LIVE_TABLES, P256_MAX_TABLES).then_some(TableSlot)
    }
}

/// Counts one more user of `live` if fewer than `max` hold it now.
fn take_place(live: &AtomicUsize, max: usize) -> bool {
    live.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
        (n < max).then_some(n + 1)
    })
    .is_ok()
}

impl Drop for TableSlot {
    fn drop(&mut self) {
        P256_LIVE_TABLES.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The lazily built fast path for a P-256 key that checks a whole zone's signatures.
struct BulkP256 {
    /// Signatures this key has verified through aws-lc so far.
    verified: AtomicU32,
    /// Set once, when the key has earned its table: `None` if no slot was free or the
    /// point was refused (aws-lc then does every check).
    table: OnceLock<Option<(p256_table::P256TableKey, TableSlot)>>,
}

impl BulkP256 {
    /// The table path's verdict, or `None` when aws-lc must judge: the key has no table
    /// (yet), or the table path could not decide (an internal inconsistency, see
    /// [`p256_table::P256TableKey::verify_digest`]).
    fn verify(
        &self,
        point: &[u8],
        data: &[u8],
        sig: &[u8],
        batch: Option<&SignatureBatch>,
    ) -> Option<bool> {
        let table = match self.table.get() {
            Some(table) => table.as_ref()?,
            None if self.verified.load(Ordering::Relaxed) >= P256_TABLE_AFTER => self
                .table
                .get_or_init(|| {
                    let slot = TableSlot::acquire()?;
                    Some((p256_table::P256TableKey::new(point.get(1..)?)?, slot))
                })
                .as_ref()?,
            None => return None,
        };
        let mut digest = [0u8; 32];
        digest.copy_from_slice(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data).as_ref());
        table.0.verify_digest(&digest, sig, batch)
    }

    /// Counts one signature aws-lc found valid for this key.
    fn verified_one(&self) {
        if self.table.get().is_none() {
            self.verified.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A DNSKEY public key prepared once for checking many signatures (RFC 4034 section 5.3).
pub struct VerifyingKey {
    verifier: Verifier,
}

impl VerifyingKey {
    /// Prepares a DNSKEY public key field of `algorithm` for verification.
    pub fn new(algorithm: Algorithm, public_key: &[u8]) -> Result<VerifyingKey, CryptoError> {
        let verifier = match algorithm.0 {
            5 | 7 | 8 | 10 => {
                let params: &'static signature::RsaParameters = match algorithm.0 {
                    8 => &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                    10 => &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                    _ => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                };
                let (e, n) = parse_rsa_public_key(public_key)?;
                let (e, n) = (strip_zeros(e), strip_zeros(n));
                if e.is_empty() || n.is_empty() {
                    return Err(CryptoError::InvalidPublicKey);
                }
                Verifier::Rsa(params, n.to_vec(), e.to_vec())
            }
            13 | 14 => {
                let (alg, len): (&'static signature::EcdsaVerificationAlgorithm, usize) =
                    if algorithm.0 == 13 {
                        (&signature::ECDSA_P256_SHA256_FIXED, 64)
                    } else {
                        (&signature::ECDSA_P384_SHA384_FIXED, 96)
                    };
                if public_key.len() != len {
                    return Err(CryptoError::InvalidPublicKey);
                }
                let mut point = Vec::with_capacity(len + 1);
                point.push(0x04);
                point.extend_from_slice(public_key);
                if algorithm.0 == 13 {
                    let bulk = BulkP256 {
                        verified: AtomicU32::new(0),
                        table: OnceLock::new(),
                    };
                    Verifier::EcdsaP256(point, bulk)
                } else {
                    Verifier::Ecdsa(alg, point)
                }
            }
            15 => {
                if public_key.len() != 32 {
                    return Err(CryptoError::InvalidPublicKey);
                }
                Verifier::Ed25519(public_key.to_vec())
            }
            _ => return Err(CryptoError::UnsupportedAlgorithm(algorithm)),
        };
        Ok(VerifyingKey { verifier })
    }

    /// As [`VerifyingKey::new`], for a key about to check a whole zone's signatures (RFC
    /// 4035 section 5.3 for each): a P-256 key builds its multiples table on first use
    /// instead of after [`P256_TABLE_AFTER`] verified signatures (if one of the
    /// [`P256_MAX_TABLES`] is free then).
    pub fn for_many(algorithm: Algorithm, public_key: &[u8]) -> Result<VerifyingKey, CryptoError> {
        let key = VerifyingKey::new(algorithm, public_key)?;
        if let Verifier::EcdsaP256(_, bulk) = &key.verifier {
            bulk.verified.store(P256_TABLE_AFTER, Ordering::Relaxed);
        }
        Ok(key)
    }

    /// Checks `sig` over `data`.
    pub fn verify(&self, data: &[u8], sig: &[u8]) -> Result<(), CryptoError> {
        self.verify_in_batch(data, sig, None)
    }

    /// As [`VerifyingKey::verify`], for a signature that is one of `batch`: the batch's
    /// shared work (ECDSA P-256 s inverses) is used when it applies.
    pub fn verify_in_batch(
        &self,
        data: &[u8],
        sig: &[u8],
        batch: Option<&SignatureBatch>,
    ) -> Result<(), CryptoError> {
        let result = match &self.verifier {
            Verifier::Rsa(params, n, e) => signature::RsaPublicKeyComponents {
                n: n.as_slice(),
                e: e.as_slice(),
            }
            .verify(params, data, sig),
            Verifier::Ecdsa(alg, point) => UnparsedPublicKey::new(*alg, point).verify(data, sig),
            Verifier::EcdsaP256(point, bulk) => match bulk.verify(point, data, sig, batch) {
                Some(true) => Ok(()),
                Some(false) => Err(aws_lc_rs::error::Unspecified),
                None => {
                    let result = UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
                        .verify(data, sig);
                    if result.is_ok() {
                        bulk.verified_one();
                    }
                    result
                }
            },
            Verifier::Ed25519(key) => {
                UnparsedPublicKey::new(&signature::ED25519, key).verify(data, sig)
            }
        };
        result.map_err(|_| CryptoError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn p256_keys_give_the_same_verdicts_before_and_after_the_table() {
        let alg = Algorithm(13);
        let key = PrivateKey::generate(alg, None).unwrap();
        let public = key.public_key();
        let lazy = VerifyingKey::new(alg, &public).unwrap();
        let eager = VerifyingKey::for_many(alg, &public).unwrap();
        for i in 0..P256_TABLE_AFTER + 40 {
            let data = i.to_be_bytes();
            let mut sig = key.sign(&data).unwrap();
            assert_eq!(lazy.verify(&data, &sig), Ok(()), "signature {i}");
            assert_eq!(eager.verify(&data, &sig), Ok(()));
            sig[i as usize % 64] ^= 0x80;
            assert_eq!(lazy.verify(&data, &sig), Err(CryptoError::BadSignature));
            assert_eq!(eager.verify(&data, &sig), Err(CryptoError::BadSignature));
        }
        let Verifier::EcdsaP256(_, bulk) = &lazy.verifier else {
            panic!("a P-256 key takes the bulk-capable verifier");
        };
        assert!(
            bulk.table.get().is_some_and(Option::is_some),
            "the table was built"
        );
    }

    #[test]
    fn failed_attempts_do_not_earn_a_p256_table() {
        // Many same-tag keys are each tried on every RRSIG with that tag: a key that only
        // fails must stay on aws-lc, however often it is tried.
        let alg = Algorithm(13);
        let signer = PrivateKey::generate(alg, None).unwrap();
        let bystander =
            VerifyingKey::new(alg, &PrivateKey::generate(alg, None).unwrap().public_key()).unwrap();
        for i in 0..2 * P256_TABLE_AFTER {
            let data = i.to_be_bytes();
            let sig = signer.sign(&data).unwrap();
            assert_eq!(
                bystander.verify(&data, &sig),
                Err(CryptoError::BadSignature)
            );
        }
        let Verifier::EcdsaP256(_, bulk) = &bystander.verifier else {
            panic!("a P-256 key takes the bulk-capable verifier");
        };
        assert_eq!(bulk.verified.load(Ordering::Relaxed), 0);
        assert!(
            bulk.table.get().is_none(),
            "no table for a key that verified nothing"
        );
    }

    #[test]
    fn table_places_are_bounded_and_given_back() {
        // A counter of its own: the process-wide one is shared with tests running beside.
        let live = AtomicUsize::new(0);
        for _ in 0..P256_MAX_TABLES {
            assert!(take_place(&live, P256_MAX_TABLES));
        }
        assert!(!take_place(&live, P256_MAX_TABLES), "one place too many");
        assert_eq!(live.load(Ordering::Relaxed), P256_MAX_TABLES);
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
            PrivateKey::generate(Algorithm::ED448, None).unwrap_err(),
            CryptoError::UnsupportedAlgorithm(Algorithm::ED448)
        );
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
