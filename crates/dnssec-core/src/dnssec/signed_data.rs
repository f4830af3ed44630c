//! The octets an RRSIG signs (RFC 4034 section 3.1.8.1): the RRSIG rdata without its
//! signature, then every RR of the RRset in canonical form (RFC 4034 section 6.2) and
//! canonical order (section 6.3), with the owner in wildcard form when the RRSIG was made
//! for a wildcard (RFC 4035 section 5.3.2) and the RRSIG's original TTL.

use std::fmt;

use crate::name::Name;
use crate::rr::Rrsig;
use crate::{Class, RrType, Ttl};

/// The identity of an RRset being signed or verified: owner, class, type and the TTL it has
/// in the zone (RFC 2181 section 5: the RRset is the unit of signing).
#[derive(Clone, Copy, Debug)]
pub struct RrsetId<'a> {
    /// The owner name as it is in the zone (case kept; the signed data lowercases it).
    pub owner: &'a Name,
    /// The class (RFC 1035 section 3.2.4).
    pub class: Class,
    /// The type of the RRset.
    pub rtype: RrType,
    /// The RRset's TTL, which becomes the RRSIG Original TTL (RFC 4034 section 3.1.4).
    pub ttl: Ttl,
}

/// Why the signed data could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignedDataError {
    /// The RRSIG Labels field is larger than the owner's label count (RFC 4035 section
    /// 5.3.1 makes such a signature unusable).
    LabelsExceedOwner {
        /// The Labels field.
        labels: u8,
        /// The owner's label count (RFC 4034 section 3.1.3 counting).
        owner_labels: usize,
    },
    /// An rdata is longer than the 16-bit RDLENGTH allows (RFC 1035 section 3.2.1).
    RdataTooLong,
    /// A TKEY RRset (RFC 2930 section 2), a meta type with no canonical form: BIND's
    /// signer stops with `not implemented` (docs/bind-compat.md, "zone reader: TKEY").
    NotImplemented,
}

impl fmt::Display for SignedDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignedDataError::LabelsExceedOwner {
                labels,
                owner_labels,
            } => {
                write!(
                    f,
                    "RRSIG labels field {labels} exceeds the owner's {owner_labels} labels"
                )
            }
            SignedDataError::RdataTooLong => f.write_str("rdata longer than 65535 octets"),
            SignedDataError::NotImplemented => f.write_str("not implemented"),
        }
    }
}

impl std::error::Error for SignedDataError {}

/// Fills `out` (cleared first, so one buffer can serve a whole thread) with the data signed
/// by `rrsig` over the RRset of `owner`/`class`/`rrsig.type_covered` (RFC 4034 section
/// 3.1.8.1).
///
/// `rdatas` must already be in canonical form (RFC 4034 section 6.2: embedded names of the
/// listed types lowercased); this function sorts them in place into canonical order and
/// skips duplicates (section 6.3). It allocates nothing beyond growing `out`.
pub(crate) fn build_signed_data(
    out: &mut Vec<u8>,
    rrsig: &Rrsig,
    owner: &Name,
    class: Class,
    rdatas: &mut [&[u8]],
) -> Result<(), SignedDataError> {
    out.clear();
    if rrsig.type_covered == RrType::TKEY {
        return Err(SignedDataError::NotImplemented);
    }
    rrsig.push_unsigned_prefix(out);
    let owner_start = out.len();
    push_signed_owner(out, owner, rrsig.labels)?;
    let owner_end = out.len();
    // Slice order is exactly RFC 4034 section 6.3: octet-wise, a shorter prefix first.
    rdatas.sort_unstable();
    let mut previous: Option<&[u8]> = None;
    for &rdata in rdatas.iter() {
        if previous == Some(rdata) {
            continue;
        }
        let rdlength = u16::try_from(rdata.len()).map_err(|_| SignedDataError::RdataTooLong)?;
        if previous.is_some() {
            out.extend_from_within(owner_start..owner_end);
        }
        out.extend_from_slice(&rrsig.type_covered.0.to_be_bytes());
        out.extend_from_slice(&class.0.to_be_bytes());
        out.extend_from_slice(&rrsig.original_ttl.0.to_be_bytes());
        out.extend_from_slice(&rdlength.to_be_bytes());
        out.extend_from_slice(rdata);
        previous = Some(rdata);
    }
    Ok(())
}

/// Appends the owner as it appears in the signed data: lowercased, and reduced to
/// `*.<rightmost labels>` when the RRSIG counts fewer labels than the owner has (RFC 4035
/// section 5.3.2, the wildcard case).
fn push_signed_owner(out: &mut Vec<u8>, owner: &Name, labels: u8) -> Result<(), SignedDataError> {
    let owner_labels = owner.label_count();
    let labels = usize::from(labels);
    if labels > owner_labels {
        return Err(SignedDataError::LabelsExceedOwner {
            labels: labels as u8,
            owner_labels,
        });
    }
    let start = out.len();
    if labels < owner_labels {
        out.extend_from_slice(b"\x01*");
        let skip = owner_labels - labels;
        let wire = owner.as_wire();
        let offset: usize = owner.labels().take(skip).map(|l| l.len() + 1).sum();
        out.extend_from_slice(&wire[offset..]);
    } else {
        out.extend_from_slice(owner.as_wire());
    }
    crate::name::lowercase_wire_in_place(&mut out[start..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::SigTime;
    use crate::{Algorithm, RrType, Ttl};

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    fn rrsig(labels: u8) -> Rrsig {
        Rrsig {
            type_covered: RrType::A,
            algorithm: Algorithm::ED25519,
            labels,
            original_ttl: Ttl(3600),
            expiration: SigTime(2),
            inception: SigTime(1),
            key_tag: 7,
            signer: n("Example."),
            signature: vec![0xff; 4],
        }
    }

    #[test]
    fn sorts_dedups_and_lowercases_owner() {
        let rr = rrsig(2);
        let mut buf = vec![9u8; 3];
        let (a, b) = ([192u8, 0, 2, 2], [192u8, 0, 2, 1]);
        let mut rdatas: Vec<&[u8]> = vec![&a, &b, &a];
        build_signed_data(&mut buf, &rr, &n("WWW.Example."), Class::IN, &mut rdatas).unwrap();
        let mut expected = Vec::new();
        rr.push_unsigned_prefix(&mut expected);
        for rdata in [b, a] {
            expected.extend_from_slice(b"\x03www\x07example\x00");
            expected.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4]);
            expected.extend_from_slice(&rdata);
        }
        assert_eq!(buf, expected);
    }

    #[test]
    fn shorter_rdata_sorts_first() {
        // RFC 4034 section 6.3: absence of an octet sorts before a zero octet.
        let rr = rrsig(1);
        let mut buf = Vec::new();
        let (long, short) = ([1u8, 0], [1u8]);
        let mut rdatas: Vec<&[u8]> = vec![&long, &short];
        build_signed_data(&mut buf, &rr, &n("example."), Class::IN, &mut rdatas).unwrap();
        let rr_len = 9 + 10;
        let first = &buf[buf.len() - (rr_len + 1) - (rr_len + 2)..];
        assert_eq!(&first[rr_len - 2..rr_len + 1], &[0, 1, 1]);
    }

    #[test]
    fn wildcard_owner_form() {
        let rr = rrsig(2);
        let mut buf = Vec::new();
        let rdata = [10u8, 0, 0, 1];
        let mut rdatas: Vec<&[u8]> = vec![&rdata];
        build_signed_data(
            &mut buf,
            &rr,
            &n("a.B.wild.example."),
            Class::IN,
            &mut rdatas,
        )
        .unwrap();
        let mut prefix = Vec::new();
        rr.push_unsigned_prefix(&mut prefix);
        assert_eq!(
            &buf[prefix.len()..prefix.len() + 16],
            b"\x01*\x04wild\x07example\x00"
        );
        let mut rdatas: Vec<&[u8]> = vec![&rdata];
        assert_eq!(
            build_signed_data(
                &mut buf,
                &rrsig(3),
                &n("wild.example."),
                Class::IN,
                &mut rdatas
            ),
            Err(SignedDataError::LabelsExceedOwner {
                labels: 3,
                owner_labels: 2
            })
        );
    }

    #[test]
    fn refuses_oversized_rdata() {
        let big = vec![0u8; 70_000];
        let mut rdatas: Vec<&[u8]> = vec![&big];
        let mut buf = Vec::new();
        assert_eq!(
            build_signed_data(&mut buf, &rrsig(1), &n("example."), Class::IN, &mut rdatas),
            Err(SignedDataError::RdataTooLong)
        );
    }
}
