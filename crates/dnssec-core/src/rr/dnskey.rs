//! Typed views of DNSKEY/CDNSKEY/KEY rdata (RFC 4034 section 2, RFC 7344, RFC 2535 section
//! 3) and DS/CDS rdata (RFC 4034 section 5), with the key tag of RFC 4034 Appendix B and the
//! DS digest of RFC 4034 section 5.1.4.

use crate::algorithm::{Algorithm, DigestType};
use crate::name::Name;
use std::fmt;

/// Why DNSKEY or DS rdata could not be read or built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DsError {
    /// Rdata shorter than the fixed fields, or a DS digest of the wrong length for its type.
    BadRdata,
    /// A digest type this kit cannot compute (GOST, unknown): dsfromkey's `can't build record`.
    CantBuild(DigestType),
}

impl fmt::Display for DsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DsError::BadRdata => f.write_str("bad rdata"),
            DsError::CantBuild(_) => f.write_str("can't build record"),
        }
    }
}

impl std::error::Error for DsError {}

/// DNSKEY rdata (RFC 4034 section 2.1); also the rdata of CDNSKEY (RFC 7344 section 3.2)
/// and KEY (RFC 2535 section 3.1), which share the layout.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Dnskey {
    /// The flags field (RFC 4034 section 2.1.1).
    pub flags: u16,
    /// The protocol field, 3 for DNSSEC (RFC 4034 section 2.1.2).
    pub protocol: u8,
    /// The algorithm (RFC 4034 section 2.1.3).
    pub algorithm: Algorithm,
    /// The public key field (RFC 4034 section 2.1.4), in the algorithm's own format.
    pub public_key: Vec<u8>,
}

impl Dnskey {
    /// Zone Key flag, bit 7 (RFC 4034 section 2.1.1).
    pub const ZONE: u16 = 0x0100;
    /// Secure Entry Point flag, bit 15 (RFC 4034 section 2.1.1): a key-signing key.
    pub const SEP: u16 = 0x0001;
    /// REVOKE flag, bit 8 (RFC 5011 section 2.1).
    pub const REVOKE: u16 = 0x0080;
    /// The DNSSEC protocol value (RFC 4034 section 2.1.2).
    pub const PROTOCOL: u8 = 3;

    /// Reads rdata in wire form (RFC 4034 section 2.1): 2 octets flags, 1 protocol,
    /// 1 algorithm, then the public key.
    pub fn from_wire(rdata: &[u8]) -> Result<Dnskey, DsError> {
        match rdata {
            [f0, f1, protocol, algorithm, key @ ..] => Ok(Dnskey {
                flags: u16::from_be_bytes([*f0, *f1]),
                protocol: *protocol,
                algorithm: Algorithm(*algorithm),
                public_key: key.to_vec(),
            }),
            _ => Err(DsError::BadRdata),
        }
    }

    /// Appends the rdata in wire form (RFC 4034 section 2.1).
    pub fn write_wire(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.flags.to_be_bytes());
        out.push(self.protocol);
        out.push(self.algorithm.0);
        out.extend_from_slice(&self.public_key);
    }

    /// The rdata in wire form.
    pub fn to_wire(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.public_key.len());
        self.write_wire(&mut out);
        out
    }

    /// True when the SEP flag marks a key-signing key (RFC 4034 section 2.1.1).
    pub fn is_ksk(&self) -> bool {
        self.flags & Dnskey::SEP != 0
    }

    /// True when the REVOKE flag is set (RFC 5011 section 2.1).
    pub fn is_revoked(&self) -> bool {
        self.flags & Dnskey::REVOKE != 0
    }

    /// True when the Zone Key flag is set (RFC 4034 section 2.1.1).
    pub fn is_zone_key(&self) -> bool {
        self.flags & Dnskey::ZONE != 0
    }

    /// The key tag (RFC 4034 Appendix B), by the same checksum for every algorithm,
    /// RSAMD5 included: BIND 9.18 does not apply Appendix B.1's rule to algorithm 1, and
    /// the tags it prints and puts in DS records are the ones operators compare
    /// (docs/bind-compat.md, "key files: names, modes and lookup").
    pub fn key_tag(&self) -> u16 {
        key_tag_of(self.flags, self.protocol, self.algorithm, &self.public_key)
    }

    /// The key tag this key has, or would have, with the REVOKE flag set (RFC 5011
    /// section 2.1; docs/bind-compat.md, "key files: names, modes and lookup").
    pub fn revoked_tag(&self) -> u16 {
        key_tag_of(
            self.flags | Dnskey::REVOKE,
            self.protocol,
            self.algorithm,
            &self.public_key,
        )
    }

    /// The key tag without the REVOKE flag: the tag the key had before it was revoked.
    pub fn unrevoked_tag(&self) -> u16 {
        key_tag_of(
            self.flags & !Dnskey::REVOKE,
            self.protocol,
            self.algorithm,
            &self.public_key,
        )
    }
}

fn key_tag_of(flags: u16, protocol: u8, algorithm: Algorithm, key: &[u8]) -> u16 {
    let mut acc: u32 = u32::from(flags);
    acc += u32::from(protocol) << 8;
    acc += u32::from(algorithm.0);
    for (i, &b) in key.iter().enumerate() {
        // Key octets sit at rdata offsets 4.., so even offsets (the high byte) are even i.
        acc += if i % 2 == 0 {
            u32::from(b) << 8
        } else {
            u32::from(b)
        };
    }
    acc += (acc >> 16) & 0xffff;
    (acc & 0xffff) as u16
}

/// DS rdata (RFC 4034 section 5.1); also CDS (RFC 7344 section 3.1).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Ds {
    /// The key tag of the DNSKEY (RFC 4034 section 5.1.1).
    pub key_tag: u16,
    /// The DNSKEY's algorithm (RFC 4034 section 5.1.2).
    pub algorithm: Algorithm,
    /// The digest type (RFC 4034 section 5.1.3).
    pub digest_type: DigestType,
    /// The digest (RFC 4034 section 5.1.4).
    pub digest: Vec<u8>,
}

impl Ds {
    /// Reads rdata in wire form (RFC 4034 section 5.1). A digest of a known type must have
    /// that type's length.
    pub fn from_wire(rdata: &[u8]) -> Result<Ds, DsError> {
        match rdata {
            [t0, t1, algorithm, digest_type, digest @ ..] => {
                let digest_type = DigestType(*digest_type);
                if digest_type
                    .digest_len()
                    .is_some_and(|len| len != digest.len())
                {
                    return Err(DsError::BadRdata);
                }
                Ok(Ds {
                    key_tag: u16::from_be_bytes([*t0, *t1]),
                    algorithm: Algorithm(*algorithm),
                    digest_type,
                    digest: digest.to_vec(),
                })
            }
            _ => Err(DsError::BadRdata),
        }
    }

    /// Appends the rdata in wire form (RFC 4034 section 5.1).
    pub fn write_wire(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key_tag.to_be_bytes());
        out.push(self.algorithm.0);
        out.push(self.digest_type.0);
        out.extend_from_slice(&self.digest);
    }

    /// The rdata in wire form.
    pub fn to_wire(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + self.digest.len());
        self.write_wire(&mut out);
        out
    }

    /// The rdata as dsfromkey prints it (docs/bind-compat.md, "DS and CDS lines"):
    /// `<tag> <alg> <digesttype> <HEX>` with the digest in uppercase hex, not split.
    pub fn rdata_text(&self) -> String {
        let mut s = format!(
            "{} {} {} ",
            self.key_tag, self.algorithm.0, self.digest_type.0
        );
        crate::encoding::hex_upper(&self.digest, &mut s);
        s
    }

    /// A whole DS or CDS line as dsfromkey prints it (docs/bind-compat.md, "DS and CDS lines"):
    /// `<owner> [<ttl> ]<CLASS> DS|CDS <rdata>\n`.
    pub fn text_line(
        &self,
        owner: &Name,
        ttl: Option<crate::Ttl>,
        class: crate::Class,
        cds: bool,
    ) -> String {
        let ttl = ttl.map(|t| format!("{t} ")).unwrap_or_default();
        let kind = if cds { "CDS" } else { "DS" };
        format!("{owner} {ttl}{class} {kind} {}\n", self.rdata_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn sample() -> Dnskey {
        crate::test_util::sample_dnskey()
    }

    #[test]
    fn key_tags_match_bind_file_names() {
        let key = sample();
        assert_eq!(key.key_tag(), 3897);
        assert!(key.is_ksk() && !key.is_revoked() && key.is_zone_key());
        // revoked.key in the BIND samples: flags 385, keyid 25828, made from tag 25700.
        let b64 = "TkbqkafQ8IAcsdRoGjqSuetwGotg4nTguUM9u2dUZG/TpEZgK6Z38W5y7KyD0ELGBj8+xt5HdqSPkTrYQ6fLRw==";
        let revoked = Dnskey {
            flags: 385,
            protocol: 3,
            algorithm: Algorithm::ECDSAP256SHA256,
            public_key: base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap(),
        };
        assert_eq!(revoked.key_tag(), 25828);
        assert_eq!(revoked.revoked_tag(), 25828);
        assert_eq!(revoked.unrevoked_tag(), 25700);
    }

    #[test]
    fn wire_round_trip() {
        let key = sample();
        let wire = key.to_wire();
        assert_eq!(&wire[..4], &[1, 1, 3, 13]);
        assert_eq!(Dnskey::from_wire(&wire).unwrap(), key);
        assert_eq!(Dnskey::from_wire(&wire[..3]), Err(DsError::BadRdata));
    }
}
