//! BIND's private-key fields (docs/bind-compat.md, "key files: .private") as the backend keeps
//! them, and the bit of DER (X.690) needed to move RSA and EC private keys in and out of
//! aws-lc-rs.

use super::keys::*;
use super::*;
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::RsaKeyPair;
use std::fmt;

/// The RSA fields of a `.private` file, big-endian unsigned without leading zeros, named as
/// BIND names them (docs/bind-compat.md, "key files: .private"; RFC 8017 appendix A.1.2 calls
/// them n, e, d, p, q, dP, dQ, qInv).
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
    /// dP, dQ, qInv), which is also the order of BIND's `.private` lines (docs/bind-compat.md,
    /// "key files: .private"); None when `next` runs dry first. Further values are left unread.
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

/// The Diffie-Hellman fields of a `.private` file (docs/bind-compat.md, "key files: .private"),
/// carried for KEY-type DH keys that this kit can rewrite but not use.
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

/// The key material lines of a `.private` file, in BIND's terms (docs/bind-compat.md,
/// "key files: .private").
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

/// Reads the RSA fields out of aws-lc-rs's PKCS#8 encoding (RFC 5208 PrivateKeyInfo holding
/// an RFC 8017 appendix A.1.2 RSAPrivateKey), since aws-lc-rs exposes no getters for them.
pub(super) fn rsa_fields(kp: &RsaKeyPair) -> Result<RsaFields, CryptoError> {
    let pkcs8 =
        AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(kp).map_err(|_| CryptoError::Backend)?;
    parse_pkcs8_rsa(pkcs8.as_ref()).ok_or(CryptoError::Backend)
}

pub(super) fn parse_pkcs8_rsa(der: &[u8]) -> Option<RsaFields> {
    let mut outer = der::Reader::new(der).sequence()?;
    outer.integer()?; // version 0
    outer.element(der::SEQUENCE)?; // AlgorithmIdentifier rsaEncryption
    let inner = outer.element(der::OCTET_STRING)?;
    let mut rsa = der::Reader::new(inner).sequence()?;
    rsa.integer()?; // version 0 (two primes)
    RsaFields::from_ordered(|| rsa.integer().map(|v| strip_zeros(v).to_vec()))
}

/// An RFC 5915 ECPrivateKey without the optional public key, which aws-lc-rs then derives.
pub(super) fn ec_private_key_der(scalar: &[u8], curve_oid: &[u8]) -> Vec<u8> {
    let mut body = vec![0x02, 0x01, 0x01]; // version 1
    der::push(&mut body, der::OCTET_STRING, scalar);
    der::push(&mut body, 0xa0, curve_oid); // [0] parameters: namedCurve
    let mut out = Vec::with_capacity(body.len() + 4);
    der::push(&mut out, der::SEQUENCE, &body);
    out
}

/// Just enough DER (X.690 section 8) to walk the key structures above.
pub(super) mod der {
    pub(crate) const SEQUENCE: u8 = 0x30;
    pub(crate) const OCTET_STRING: u8 = 0x04;
    const INTEGER: u8 = 0x02;

    pub(crate) struct Reader<'a> {
        data: &'a [u8],
    }

    impl<'a> Reader<'a> {
        pub(crate) fn new(data: &'a [u8]) -> Reader<'a> {
            Reader { data }
        }

        /// The contents of the next element, which must have tag `tag`.
        pub(crate) fn element(&mut self, tag: u8) -> Option<&'a [u8]> {
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

        pub(crate) fn sequence(&mut self) -> Option<Reader<'a>> {
            self.element(SEQUENCE).map(Reader::new)
        }

        pub(crate) fn integer(&mut self) -> Option<&'a [u8]> {
            self.element(INTEGER)
        }
    }

    pub(crate) fn push(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
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
