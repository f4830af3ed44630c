//! The typed RRSIG view (RFC 4034 section 3.1): the fixed fields, the signer's name and the
//! signature, with their wire form and the "RRSIG rdata without the signature" prefix that
//! starts the signed data (RFC 4034 section 3.1.8.1).

use std::cmp::Ordering;
use std::fmt;

use crate::name::{Name, NameError};
use crate::{Algorithm, RrType, Ttl};

/// An RRSIG inception or expiration time (RFC 4034 section 3.1.5): seconds since the epoch
/// modulo 2^32, compared with the serial-number arithmetic of RFC 1982 so that the field keeps
/// working after 2106.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct SigTime(pub u32);

impl SigTime {
    /// The time for `secs` since the epoch, reduced modulo 2^32 (RFC 4034 section 3.1.5).
    pub fn from_unix(secs: i64) -> SigTime {
        SigTime(secs.rem_euclid(1 << 32) as u32)
    }

    /// Compares two times with RFC 1982 section 3.2 serial arithmetic. `None` when the two
    /// are exactly 2^31 apart, which the RFC leaves undefined.
    pub fn serial_cmp(self, other: SigTime) -> Option<Ordering> {
        let diff = self.0.wrapping_sub(other.0);
        match diff {
            0 => Some(Ordering::Equal),
            0x8000_0000 => None,
            d if d < 0x8000_0000 => Some(Ordering::Greater),
            _ => Some(Ordering::Less),
        }
    }

    /// True when `self` is strictly before `other` in serial arithmetic (RFC 1982 section 3.2).
    pub fn is_before(self, other: SigTime) -> bool {
        self.serial_cmp(other) == Some(Ordering::Less)
    }

    /// The absolute time (seconds since the epoch) that this field stands for, taken as the
    /// one closest to `near` (RFC 4034 section 3.1.5: the field is read relative to "now").
    pub fn to_unix_near(self, near: i64) -> i64 {
        let near_mod = SigTime::from_unix(near);
        let delta = self.0.wrapping_sub(near_mod.0) as i32 as i64;
        near.saturating_add(delta)
    }
}

impl From<crate::time::UnixTime> for SigTime {
    /// The field value for an absolute time, modulo 2^32 (RFC 4034 section 3.1.5).
    fn from(t: crate::time::UnixTime) -> SigTime {
        SigTime::from_unix(t.0)
    }
}

/// The RRSIG rdata of RFC 4034 section 3.1, owned.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Rrsig {
    /// The type of the RRset this signature covers (RFC 4034 section 3.1.1).
    pub type_covered: RrType,
    /// The algorithm of the signing key (RFC 4034 section 3.1.2).
    pub algorithm: Algorithm,
    /// The number of labels of the owner name, not counting the root nor a leading `*`
    /// (RFC 4034 section 3.1.3).
    pub labels: u8,
    /// The TTL of the covered RRset as it was in the zone (RFC 4034 section 3.1.4).
    pub original_ttl: Ttl,
    /// The end of the validity period (RFC 4034 section 3.1.5).
    pub expiration: SigTime,
    /// The start of the validity period (RFC 4034 section 3.1.5).
    pub inception: SigTime,
    /// The key tag of the signing DNSKEY (RFC 4034 section 3.1.6, Appendix B).
    pub key_tag: u16,
    /// The owner of the signing DNSKEY, normally the zone apex (RFC 4034 section 3.1.7).
    pub signer: Name,
    /// The signature bytes (RFC 4034 section 3.1.8).
    pub signature: Vec<u8>,
}

/// Why RRSIG rdata could not be read (RFC 4034 section 3.1 layout).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RrsigError {
    /// Fewer than the 18 fixed octets.
    Truncated,
    /// The signer's name is not a valid uncompressed name.
    BadSigner(NameError),
}

impl fmt::Display for RrsigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RrsigError::Truncated => f.write_str("RRSIG rdata too short"),
            RrsigError::BadSigner(e) => write!(f, "bad RRSIG signer name: {e}"),
        }
    }
}

impl std::error::Error for RrsigError {}

/// Length of the fixed part of the RRSIG rdata, before the signer's name (RFC 4034 section 3.1).
const FIXED_LEN: usize = 18;

impl Rrsig {
    /// Reads RRSIG rdata in wire form (RFC 4034 section 3.1). The signer's name keeps the
    /// case it was sent with.
    pub fn from_wire(rdata: &[u8]) -> Result<Rrsig, RrsigError> {
        let fixed: &[u8; FIXED_LEN] = rdata
            .get(..FIXED_LEN)
            .and_then(|s| s.try_into().ok())
            .ok_or(RrsigError::Truncated)?;
        let u16_at = |i: usize| u16::from_be_bytes([fixed[i], fixed[i + 1]]);
        let u32_at =
            |i: usize| u32::from_be_bytes([fixed[i], fixed[i + 1], fixed[i + 2], fixed[i + 3]]);
        let rest = &rdata[FIXED_LEN..];
        let (signer, used) = Name::from_wire_prefix(rest).map_err(RrsigError::BadSigner)?;
        Ok(Rrsig {
            type_covered: RrType(u16_at(0)),
            algorithm: Algorithm(fixed[2]),
            labels: fixed[3],
            original_ttl: Ttl(u32_at(4)),
            expiration: SigTime(u32_at(8)),
            inception: SigTime(u32_at(12)),
            key_tag: u16_at(16),
            signer,
            signature: rest[used..].to_vec(),
        })
    }

    /// Appends the full rdata in wire form (RFC 4034 section 3.1), signer name as stored.
    pub fn to_wire(&self, out: &mut Vec<u8>) {
        self.push_fixed(out);
        out.extend_from_slice(self.signer.as_wire());
        out.extend_from_slice(&self.signature);
    }

    /// Appends the rdata without the signature field, with the signer's name in canonical
    /// (lowercase) form: the first part of the signed data (RFC 4034 section 3.1.8.1; RFC 6840
    /// section 5.1 confirms RRSIG names are lowercased).
    pub fn push_unsigned_prefix(&self, out: &mut Vec<u8>) {
        self.push_fixed(out);
        let start = out.len();
        out.extend_from_slice(self.signer.as_wire());
        crate::name::lowercase_wire_in_place(&mut out[start..]);
    }

    fn push_fixed(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.type_covered.0.to_be_bytes());
        out.push(self.algorithm.0);
        out.push(self.labels);
        out.extend_from_slice(&self.original_ttl.0.to_be_bytes());
        out.extend_from_slice(&self.expiration.0.to_be_bytes());
        out.extend_from_slice(&self.inception.0.to_be_bytes());
        out.extend_from_slice(&self.key_tag.to_be_bytes());
    }

    /// The RRSIG Labels value for an owner name (RFC 4034 section 3.1.3): its label count
    /// without the root and without a leading `*` label.
    pub fn labels_for_owner(owner: &Name) -> u8 {
        let count = owner.label_count() - usize::from(owner.is_wildcard());
        // A valid name has at most 127 labels, so this never saturates.
        u8::try_from(count).unwrap_or(u8::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    fn rfc_time(text: &str) -> SigTime {
        let t = chrono::NaiveDateTime::parse_from_str(text, "%Y%m%d%H%M%S").unwrap();
        SigTime::from_unix(t.and_utc().timestamp())
    }

    /// RFC 4034 section 3.3's example: `host.example.com. 86400 IN RRSIG A 5 3 86400
    /// 20030322173103 20030220173103 2642 example.com. oJB1W6WN...`, signer written here
    /// as `Example.com.` to see that case survives the wire form.
    fn rfc4034_example() -> Rrsig {
        let sig = base64::engine::general_purpose::STANDARD
            .decode(concat!(
                "oJB1W6WNGv+ldvQ3WDG0MQkg5IEhjRip8WTrPYGv07h108dUKGMeDPKijVCHX3DDKdfb+v6o",
                "B9wfuh3DTJXUAfI/M0zmO/zz8bW0Rznl8O3tGNazPwQKkRN20XPXV6nwwfoXmJQbsLNrLfkG",
                "J5D6fwFm8nN+6pBzeDQfsS3Ap3o="
            ))
            .unwrap();
        Rrsig {
            type_covered: RrType::A,
            algorithm: Algorithm::RSASHA1,
            labels: 3,
            original_ttl: Ttl(86400),
            expiration: rfc_time("20030322173103"),
            inception: rfc_time("20030220173103"),
            key_tag: 2642,
            signer: n("Example.com."),
            signature: sig,
        }
    }

    #[test]
    fn wire_round_trip_of_rfc4034_example() {
        let rrsig = rfc4034_example();
        let mut wire = Vec::new();
        rrsig.to_wire(&mut wire);
        assert_eq!(&wire[..4], &[0, 1, 5, 3]);
        assert_eq!(&wire[4..8], &86400u32.to_be_bytes());
        assert_eq!(&wire[8..12], &rrsig.expiration.0.to_be_bytes());
        assert_eq!(&wire[12..16], &rrsig.inception.0.to_be_bytes());
        assert_eq!(rrsig.expiration.0 - rrsig.inception.0, 30 * 86400);
        assert_eq!(&wire[16..18], &2642u16.to_be_bytes());
        assert_eq!(&wire[18..31], b"\x07Example\x03com\x00");
        let back = Rrsig::from_wire(&wire).unwrap();
        assert_eq!(back, rrsig);
        assert_eq!(back.signer.as_wire(), b"\x07Example\x03com\x00");
    }

    #[test]
    fn unsigned_prefix_lowercases_the_signer() {
        let rrsig = rfc4034_example();
        let mut prefix = Vec::new();
        rrsig.push_unsigned_prefix(&mut prefix);
        assert_eq!(prefix.len(), 18 + 13);
        assert_eq!(&prefix[18..], b"\x07example\x03com\x00");
        let mut full = Vec::new();
        rrsig.to_wire(&mut full);
        assert_eq!(&full[..18], &prefix[..18]);
    }

    #[test]
    fn refuses_short_or_bad_rdata() {
        assert_eq!(Rrsig::from_wire(&[0; 17]), Err(RrsigError::Truncated));
        let mut wire = vec![0u8; 18];
        wire.extend_from_slice(&[3, b'a']);
        assert!(matches!(
            Rrsig::from_wire(&wire),
            Err(RrsigError::BadSigner(_))
        ));
        let mut root_signer = vec![0u8; 18];
        root_signer.push(0);
        assert_eq!(
            Rrsig::from_wire(&root_signer).unwrap().signature,
            Vec::<u8>::new()
        );
    }

    #[test]
    fn serial_time_comparison_wraps() {
        let a = SigTime(0xffff_fff0);
        let b = SigTime(0x0000_0010);
        assert!(
            a.is_before(b),
            "RFC 1982: a value just before the wrap is earlier"
        );
        assert!(!b.is_before(a));
        assert_eq!(a.serial_cmp(a), Some(Ordering::Equal));
        assert_eq!(SigTime(0).serial_cmp(SigTime(0x8000_0000)), None);
        assert_eq!(SigTime(5).serial_cmp(SigTime(4)), Some(Ordering::Greater));
        assert_eq!(SigTime::from_unix(1 << 32).0, 0);
        assert_eq!(SigTime::from_unix(-1).0, u32::MAX);
        assert_eq!(
            SigTime::from(crate::time::UnixTime((1 << 32) + 7)),
            SigTime(7)
        );
        assert_eq!(SigTime(10).to_unix_near((1 << 32) + 5), (1 << 32) + 10);
        assert_eq!(SigTime(u32::MAX).to_unix_near((1 << 32) + 5), (1 << 32) - 1);
    }

    #[test]
    fn labels_ignore_wildcard_and_root() {
        assert_eq!(Rrsig::labels_for_owner(&n("a.example.com.")), 3);
        assert_eq!(Rrsig::labels_for_owner(&n("*.example.com.")), 2);
        assert_eq!(Rrsig::labels_for_owner(&Name::root()), 0);
    }
}
