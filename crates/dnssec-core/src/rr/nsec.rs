//! Typed views of the authenticated-denial records: NSEC (RFC 4034 section 4), NSEC3
//! (RFC 5155 section 3) and NSEC3PARAM (RFC 5155 section 4), with their wire forms.

use std::fmt;

use super::bitmap::{self, BitmapError};
use crate::name::{Name, NameError};
use crate::RrType;

/// Why NSEC, NSEC3 or NSEC3PARAM rdata could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DenialError {
    /// The rdata ends inside a fixed field or a length-prefixed field.
    Truncated,
    /// The NSEC next domain name is not a valid uncompressed name (RFC 4034 section 4.1.1).
    BadNextName(NameError),
    /// The type bitmap breaks RFC 4034 section 4.1.2.
    Bitmap(BitmapError),
    /// The NSEC3 next hashed owner is empty (RFC 5155 section 3.2: its length is at least 1).
    EmptyNextHash,
    /// NSEC3PARAM rdata carries bytes after the salt (RFC 5155 section 4.2).
    TrailingData,
}

impl fmt::Display for DenialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DenialError::Truncated => f.write_str("rdata too short"),
            DenialError::BadNextName(e) => write!(f, "bad next domain name: {e}"),
            DenialError::Bitmap(e) => write!(f, "{e}"),
            DenialError::EmptyNextHash => f.write_str("empty next hashed owner name"),
            DenialError::TrailingData => f.write_str("extra data after NSEC3PARAM salt"),
        }
    }
}

impl std::error::Error for DenialError {}

/// The NSEC rdata (RFC 4034 section 4.1): the next owner name in canonical order and the
/// types present at this owner.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Nsec {
    /// The next authoritative owner name in the zone's canonical order, wrapping to the apex
    /// (RFC 4034 section 4.1.1). RFC 6840 section 5.1: never lowercased.
    pub next: Name,
    /// The types at the owner, ascending (RFC 4034 section 4.1.2).
    pub types: Vec<RrType>,
}

impl Nsec {
    /// Reads NSEC rdata in wire form (RFC 4034 section 4.2).
    pub fn from_wire(rdata: &[u8]) -> Result<Nsec, DenialError> {
        let (next, used) = Name::from_wire_prefix(rdata).map_err(DenialError::BadNextName)?;
        let types = bitmap::decode(&rdata[used..]).map_err(DenialError::Bitmap)?;
        Ok(Nsec { next, types })
    }

    /// Appends the rdata in wire form (RFC 4034 section 4.2); the next name keeps its case.
    pub fn to_wire(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.next.as_wire());
        bitmap::encode(&self.types, out);
    }
}

/// An NSEC3 hash algorithm number (RFC 5155 section 11, "DNSSEC NSEC3 Hash Algorithms").
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Nsec3HashAlgorithm(pub u8);

impl Nsec3HashAlgorithm {
    /// SHA-1, the only algorithm defined (RFC 5155 section 11).
    pub const SHA1: Nsec3HashAlgorithm = Nsec3HashAlgorithm(1);
}

/// The parameters shared by NSEC3 and NSEC3PARAM (RFC 5155 sections 3.1.1-3.1.5 and 4.1):
/// NSEC3PARAM rdata is exactly these fields.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Nsec3Params {
    /// The hash algorithm (RFC 5155 section 3.1.1).
    pub hash: Nsec3HashAlgorithm,
    /// The flags octet (RFC 5155 section 3.1.2); in NSEC3PARAM it must be 0 when published
    /// (section 4.1.2).
    pub flags: u8,
    /// Additional hash iterations (RFC 5155 section 3.1.3).
    pub iterations: u16,
    /// The salt, 0 to 255 octets (RFC 5155 section 3.1.5).
    pub salt: Vec<u8>,
}

/// The most additional NSEC3 hash iterations BIND 9.18's signer makes and its verifier
/// accepts (docs/bind-compat.md, "signzone: validity, limits and signals"). RFC 9276
/// section 3.1 asks for 0; validators treat chains above their own limit as insecure or
/// bogus (section 3.2), so a signer must never write one.
pub const MAX_NSEC3_ITERATIONS: u16 = 150;

/// The NSEC3 Opt-Out flag bit (RFC 5155 section 3.1.2.1).
pub const NSEC3_OPT_OUT: u8 = 0x01;

impl Nsec3Params {
    /// True when the Opt-Out flag is set (RFC 5155 section 3.1.2.1).
    pub fn is_opt_out(&self) -> bool {
        self.flags & NSEC3_OPT_OUT != 0
    }

    /// Reads the four parameter fields from the front of `data` and returns them with the
    /// number of octets they took (RFC 5155 sections 3.2 and 4.2 share this layout).
    fn read_prefix(data: &[u8]) -> Result<(Nsec3Params, usize), DenialError> {
        let (hash, flags, iterations, salt) = params_prefix(data)?;
        let params = Nsec3Params {
            hash,
            flags,
            iterations,
            salt: salt.to_vec(),
        };
        Ok((params, 5 + salt.len()))
    }

    /// Reads NSEC3PARAM rdata (RFC 5155 section 4.2).
    pub fn from_wire(rdata: &[u8]) -> Result<Nsec3Params, DenialError> {
        let (params, used) = Nsec3Params::read_prefix(rdata)?;
        if used != rdata.len() {
            return Err(DenialError::TrailingData);
        }
        Ok(params)
    }

    /// Appends the NSEC3PARAM rdata (RFC 5155 section 4.2), which is also the start of the
    /// NSEC3 rdata (section 3.2). The salt is cut to 255 octets, its largest length.
    pub fn to_wire(&self, out: &mut Vec<u8>) {
        let salt = &self.salt[..self.salt.len().min(255)];
        out.push(self.hash.0);
        out.push(self.flags);
        out.extend_from_slice(&self.iterations.to_be_bytes());
        out.push(salt.len() as u8);
        out.extend_from_slice(salt);
    }
}

/// The NSEC3 rdata (RFC 5155 section 3.1).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Nsec3 {
    /// Hash algorithm, flags, iterations and salt (RFC 5155 sections 3.1.1-3.1.5).
    pub params: Nsec3Params,
    /// The raw hash of the next owner in hash order (RFC 5155 section 3.1.7), not base32.
    pub next_hashed: Vec<u8>,
    /// The types at the original owner name (RFC 5155 section 3.1.8).
    pub types: Vec<RrType>,
}

impl Nsec3 {
    /// Reads NSEC3 rdata in wire form (RFC 5155 section 3.2).
    pub fn from_wire(rdata: &[u8]) -> Result<Nsec3, DenialError> {
        let view = Nsec3View::from_wire(rdata)?;
        let types = bitmap::decode(view.bitmap).map_err(DenialError::Bitmap)?;
        Ok(Nsec3 {
            params: Nsec3Params {
                hash: view.hash,
                flags: view.flags,
                iterations: view.iterations,
                salt: view.salt.to_vec(),
            },
            next_hashed: view.next_hashed.to_vec(),
            types,
        })
    }

    /// Appends the rdata in wire form (RFC 5155 section 3.2). The next hash is cut to 255
    /// octets, its largest length.
    pub fn to_wire(&self, out: &mut Vec<u8>) {
        self.params.to_wire(out);
        let next = &self.next_hashed[..self.next_hashed.len().min(255)];
        out.push(next.len() as u8);
        out.extend_from_slice(next);
        bitmap::encode(&self.types, out);
    }
}

/// The hash algorithm, flags, iterations and salt at the front of NSEC3 or NSEC3PARAM rdata
/// (RFC 5155 sections 3.2 and 4.2), the salt borrowed.
fn params_prefix(data: &[u8]) -> Result<(Nsec3HashAlgorithm, u8, u16, &[u8]), DenialError> {
    let fixed = data.get(..5).ok_or(DenialError::Truncated)?;
    let salt_len = usize::from(fixed[4]);
    let salt = data.get(5..5 + salt_len).ok_or(DenialError::Truncated)?;
    let iterations = u16::from_be_bytes([fixed[2], fixed[3]]);
    Ok((Nsec3HashAlgorithm(fixed[0]), fixed[1], iterations, salt))
}

/// NSEC3 rdata read in place (RFC 5155 section 3.2): the fields borrowed from the wire and
/// the type bitmap left encoded, for readers that meet one NSEC3 per name of a large zone
/// (the signer's streaming chain check). [`Nsec3::from_wire`] is built on it, so NSEC3 rdata
/// is parsed in one place.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Nsec3View<'a> {
    /// The hash algorithm (RFC 5155 section 3.1.1).
    pub hash: Nsec3HashAlgorithm,
    /// The flags octet (RFC 5155 section 3.1.2).
    pub flags: u8,
    /// Additional hash iterations (RFC 5155 section 3.1.3).
    pub iterations: u16,
    /// The salt (RFC 5155 section 3.1.5).
    pub salt: &'a [u8],
    /// The raw next hashed owner name, never empty (RFC 5155 section 3.1.7).
    pub next_hashed: &'a [u8],
    /// The type bitmaps in wire form (RFC 5155 section 3.2.1).
    pub bitmap: &'a [u8],
}

impl<'a> Nsec3View<'a> {
    /// Reads NSEC3 rdata in wire form (RFC 5155 section 3.2) without copying; the bitmap is
    /// not checked here.
    pub(crate) fn from_wire(rdata: &'a [u8]) -> Result<Nsec3View<'a>, DenialError> {
        let (hash, flags, iterations, salt) = params_prefix(rdata)?;
        let rest = &rdata[5 + salt.len()..];
        let hash_len = usize::from(*rest.first().ok_or(DenialError::Truncated)?);
        if hash_len == 0 {
            return Err(DenialError::EmptyNextHash);
        }
        let next_hashed = rest.get(1..1 + hash_len).ok_or(DenialError::Truncated)?;
        Ok(Nsec3View {
            hash,
            flags,
            iterations,
            salt,
            next_hashed,
            bitmap: &rest[1 + hash_len..],
        })
    }

    /// True when the Opt-Out flag is set (RFC 5155 section 3.1.2.1).
    pub(crate) fn is_opt_out(&self) -> bool {
        self.flags & NSEC3_OPT_OUT != 0
    }

    /// True when the record belongs to the chain of `params`: same hash algorithm,
    /// iterations and salt (RFC 5155 section 7.2; the flags may differ).
    pub(crate) fn in_chain(&self, params: &Nsec3Params) -> bool {
        self.hash == params.hash && self.iterations == params.iterations && self.salt == params.salt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    #[test]
    fn nsec_wire_of_rfc4034_example() {
        // RFC 4034 section 4.3: alfa.example.com. NSEC host.example.com. A MX RRSIG NSEC TYPE1234
        let nsec = Nsec {
            next: n("host.example.com."),
            types: vec![
                RrType::A,
                RrType::MX,
                RrType::RRSIG,
                RrType::NSEC,
                RrType(1234),
            ],
        };
        let mut wire = Vec::new();
        nsec.to_wire(&mut wire);
        let mut expected = b"\x04host\x07example\x03com\x00".to_vec();
        expected.extend_from_slice(&[0x00, 0x06, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03, 0x04, 0x1b]);
        expected.extend_from_slice(&[0u8; 26]);
        expected.push(0x20);
        assert_eq!(wire, expected);
        assert_eq!(Nsec::from_wire(&wire).unwrap(), nsec);
    }

    #[test]
    fn nsec_refuses_bad_rdata() {
        assert!(matches!(
            Nsec::from_wire(&[5, b'a']),
            Err(DenialError::BadNextName(_))
        ));
        assert!(matches!(
            Nsec::from_wire(&[0, 0, 0]),
            Err(DenialError::Bitmap(_))
        ));
    }

    #[test]
    fn nsec3_wire_round_trip() {
        // RFC 5155 Appendix A: 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. NSEC3 1 1 12 aabbccdd
        // (2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG)
        let nsec3 = Nsec3 {
            params: Nsec3Params {
                hash: Nsec3HashAlgorithm::SHA1,
                flags: NSEC3_OPT_OUT,
                iterations: 12,
                salt: vec![0xaa, 0xbb, 0xcc, 0xdd],
            },
            next_hashed: vec![0x17; 20],
            types: vec![
                RrType::NS,
                RrType::SOA,
                RrType::MX,
                RrType::RRSIG,
                RrType::DNSKEY,
                RrType::NSEC3PARAM,
            ],
        };
        let mut wire = Vec::new();
        nsec3.to_wire(&mut wire);
        assert_eq!(&wire[..10], &[1, 1, 0, 12, 4, 0xaa, 0xbb, 0xcc, 0xdd, 20]);
        let back = Nsec3::from_wire(&wire).unwrap();
        assert_eq!(back, nsec3);
        assert!(back.params.is_opt_out());
        assert_eq!(Nsec3::from_wire(&wire[..9]), Err(DenialError::Truncated));
        assert_eq!(
            Nsec3::from_wire(&[1, 0, 0, 0, 0, 0]),
            Err(DenialError::EmptyNextHash)
        );
        assert_eq!(
            Nsec3::from_wire(&[1, 0, 0, 0, 0, 2, 1]),
            Err(DenialError::Truncated)
        );
    }

    #[test]
    fn nsec3param_wire_round_trip() {
        let params = Nsec3Params {
            hash: Nsec3HashAlgorithm::SHA1,
            flags: 0,
            iterations: 5,
            salt: vec![0xaa, 0xbb, 0xcc, 0xdd],
        };
        let mut wire = Vec::new();
        params.to_wire(&mut wire);
        assert_eq!(wire, [1, 0, 0, 5, 4, 0xaa, 0xbb, 0xcc, 0xdd]);
        assert_eq!(Nsec3Params::from_wire(&wire).unwrap(), params);
        assert!(!params.is_opt_out());
        wire.push(0);
        assert_eq!(
            Nsec3Params::from_wire(&wire),
            Err(DenialError::TrailingData)
        );
        assert_eq!(
            Nsec3Params::from_wire(&[1, 0, 0, 0, 1]),
            Err(DenialError::Truncated)
        );
        assert_eq!(
            Nsec3Params::from_wire(&[1, 0, 0, 0, 0]).unwrap().salt,
            Vec::<u8>::new()
        );
    }
}
