//! The digest lengths that a digest type fixes, for the records that carry a digest after a
//! type octet: DS and its kin (RFC 4034 section 5.1.4, RFC 4509 section 2.2, RFC 6605
//! section 2), SSHFP (RFC 4255 section 3.1.2, RFC 6594 section 3) and ZONEMD (RFC 8976
//! section 2.2.3 and 2.2.4). BIND refuses text whose digest has another length, and so do we.

use crate::rr::RrType;

/// How long a digest must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Length {
    /// Exactly this many octets.
    Exactly(usize),
    /// At least this many octets (ZONEMD's floor for digests it does not know).
    AtLeast(usize),
}

/// The length rule for the digest of `rtype`, given the rdata octets before the digest;
/// `None` when the type or its digest type sets none.
pub(crate) fn expected_len(rtype: RrType, fixed: &[u8]) -> Option<Length> {
    match rtype.0 {
        // DS, CDS, TA, DLV: key tag, algorithm, digest type.
        43 | 59 | 32768 | 32769 => match fixed.get(3)? {
            1 => Some(Length::Exactly(20)),
            2 => Some(Length::Exactly(32)),
            4 => Some(Length::Exactly(48)),
            _ => None,
        },
        // SSHFP: algorithm, fingerprint type.
        44 => match fixed.get(1)? {
            1 => Some(Length::Exactly(20)),
            2 => Some(Length::Exactly(32)),
            _ => None,
        },
        // ZONEMD: serial, scheme, hash algorithm.
        63 => match fixed.get(5)? {
            1 => Some(Length::Exactly(48)),
            2 => Some(Length::Exactly(64)),
            _ => Some(Length::AtLeast(12)),
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest_types_fix_the_length() {
        assert_eq!(
            expected_len(RrType::DS, &[0, 1, 13, 2]),
            Some(Length::Exactly(32))
        );
        assert_eq!(expected_len(RrType::DS, &[0, 1, 13, 9]), None);
        assert_eq!(expected_len(RrType(44), &[1, 1]), Some(Length::Exactly(20)));
        assert_eq!(
            expected_len(RrType(63), &[0, 0, 0, 1, 1, 7]),
            Some(Length::AtLeast(12))
        );
        assert_eq!(expected_len(RrType(52), &[3, 1, 1]), None);
    }
}
