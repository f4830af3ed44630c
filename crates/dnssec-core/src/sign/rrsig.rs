//! Making one RRSIG over one RRset (RFC 4034 section 3.1, RFC 4035 section 2.2): fill in the
//! fields, build the signed data in the caller's buffer, and let the key sign it.

use std::fmt;

use crate::crypto::{CryptoError, PrivateKey};
use crate::dnssec::{build_signed_data, RrsetId, SignedDataError};
use crate::name::Name;
use crate::rr::{Rrsig, SigTime};
use crate::Algorithm;

/// A private key that can sign for a zone: what the RRSIG needs to know about it (RFC 4034
/// sections 3.1.2, 3.1.6 and 3.1.7) and the signing operation itself (RFC 4034 section 3.1.8).
pub trait Signer {
    /// What can go wrong inside `sign`.
    type Error: std::error::Error;
    /// The key's DNSSEC algorithm (RFC 4034 section 3.1.2).
    fn algorithm(&self) -> Algorithm;
    /// The key tag of the matching DNSKEY (RFC 4034 Appendix B).
    fn key_tag(&self) -> u16;
    /// The owner of the DNSKEY, written into the RRSIG's Signer's Name (RFC 4034 section 3.1.7).
    fn signer_name(&self) -> &Name;
    /// Signs `data` and returns the signature in its DNSSEC wire encoding.
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, Self::Error>;
}

/// A `crypto::PrivateKey` with what an RRSIG needs besides the key itself: the owner of its
/// DNSKEY (RFC 4034 section 3.1.7) and the DNSKEY's key tag (RFC 4034 Appendix B).
#[derive(Clone, Copy, Debug)]
pub struct KeySigner<'a> {
    /// The private key.
    pub key: &'a PrivateKey,
    /// The DNSKEY owner, the zone apex.
    pub owner: &'a Name,
    /// The key tag of the DNSKEY as published (with the REVOKE bit if it is set).
    pub key_tag: u16,
}

impl Signer for KeySigner<'_> {
    type Error = CryptoError;
    fn algorithm(&self) -> Algorithm {
        self.key.algorithm()
    }
    fn key_tag(&self) -> u16 {
        self.key_tag
    }
    fn signer_name(&self) -> &Name {
        self.owner
    }
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.key.sign(data)
    }
}

/// The validity period of new signatures (RFC 4034 section 3.1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Validity {
    /// Signature Inception.
    pub inception: SigTime,
    /// Signature Expiration.
    pub expiration: SigTime,
}

/// The times a signing run would give its new signatures, as absolute seconds since the
/// epoch (before they are reduced to 32-bit fields, RFC 4034 section 3.1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunTimes {
    /// The clock when the run starts.
    pub now: i64,
    /// Signature Inception of every new signature (`-s`).
    pub inception: i64,
    /// Signature Expiration before jitter (`-e`).
    pub expiration: i64,
    /// Signature Expiration of the apex DNSKEY, CDS and CDNSKEY signatures before jitter
    /// (`-X`; the same as `expiration` when not given).
    pub keyset_expiration: i64,
    /// `-j`: each expiration is moved earlier by up to `jitter - 1` seconds.
    pub jitter: u32,
}

/// Why the signatures a run would make are not all valid when it runs (RFC 4034 section
/// 3.1.5, RFC 4035 section 5.3.1), checked before anything is signed or written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WindowError {
    /// Some signature's expiration would be at or before its inception in RFC 1982 serial
    /// arithmetic (also when jitter moves it there): BIND's `invalid time`. `keyset` says
    /// it is the `-X` expiration.
    InvalidTime {
        /// The apex DNSKEY/CDS/CDNSKEY signatures (`-X`) are the ones affected.
        keyset: bool,
    },
    /// A time is 2^31 seconds or more from now, where the 32-bit field stands for another
    /// time (RFC 4034 section 3.1.5, RFC 1982 section 3.2).
    OutsideWindow {
        /// The option's name: `start`, `end` or `DNSKEY end`.
        field: &'static str,
        /// The time, absolute.
        time: i64,
    },
    /// The inception is after now: the signatures are not valid yet.
    NotYetValid {
        /// The inception.
        inception: i64,
    },
    /// An expiration is at or before now: the signatures have expired.
    Expired {
        /// The option's name: `end` or `DNSKEY end`.
        field: &'static str,
        /// The expiration.
        time: i64,
    },
    /// The jitter can move an expiration to or before now.
    JitterReachesNow {
        /// The earliest expiration the jitter can give.
        earliest: i64,
    },
}

impl fmt::Display for WindowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::time::{format_timestamp, UnixTime};
        let t = |x: i64| format_timestamp(UnixTime(x));
        match *self {
            WindowError::InvalidTime { .. } => f.write_str("invalid time"),
            WindowError::OutsideWindow { field, time } => write!(
                f,
                "signature {field} time {} is 68 years or more from now: \
                 RRSIG times are 32-bit serial numbers (RFC 4034 section 3.1.5)",
                t(time)
            ),
            WindowError::NotYetValid { inception } => write!(
                f,
                "signature start time {} is in the future: the signatures would not be valid yet",
                t(inception)
            ),
            WindowError::Expired { field, time } => write!(
                f,
                "signature {field} time {} is not in the future: the signatures would have expired",
                t(time)
            ),
            WindowError::JitterReachesNow { earliest } => write!(
                f,
                "jitter can move a signature's expiration to {}, which is not in the future",
                t(earliest)
            ),
        }
    }
}

impl std::error::Error for WindowError {}

/// Checks that every signature a run with `times` would make is valid at `times.now`:
/// inception at or before now, expiration (after the largest jitter) after now and after
/// the inception, and every time less than 2^31 seconds from now so the 32-bit fields mean
/// what was asked (RFC 4034 section 3.1.5, RFC 1982). The period-order check comes first
/// because BIND refuses that case with a message of its own (docs/bind-compat.md).
pub fn check_run_times(times: RunTimes) -> Result<(), WindowError> {
    let jitter = i64::from(times.jitter.saturating_sub(1));
    let expirations = [
        ("end", times.expiration, false),
        ("DNSKEY end", times.keyset_expiration, true),
    ];
    let inception = SigTime::from_unix(times.inception);
    for (_, e, keyset) in expirations {
        let earliest = SigTime::from_unix(e.saturating_sub(jitter));
        if !inception.is_before(SigTime::from_unix(e)) || !inception.is_before(earliest) {
            return Err(WindowError::InvalidTime { keyset });
        }
    }
    let window = 1i64 << 31;
    let far = |x: i64| x.saturating_sub(times.now).unsigned_abs() >= window as u64;
    if far(times.inception) {
        return Err(WindowError::OutsideWindow {
            field: "start",
            time: times.inception,
        });
    }
    for (field, e, _) in expirations {
        if far(e) {
            return Err(WindowError::OutsideWindow { field, time: e });
        }
    }
    if times.inception > times.now {
        return Err(WindowError::NotYetValid {
            inception: times.inception,
        });
    }
    for (field, e, _) in expirations {
        if e <= times.now {
            return Err(WindowError::Expired { field, time: e });
        }
    }
    for (_, e, _) in expirations {
        let earliest = e.saturating_sub(jitter);
        if earliest <= times.now {
            return Err(WindowError::JitterReachesNow { earliest });
        }
    }
    Ok(())
}

/// Why an RRSIG could not be made.
#[derive(Debug)]
#[non_exhaustive]
pub enum SignError<E> {
    /// The expiration is before the inception (RFC 4034 section 3.1.5); BIND reports this
    /// as `failed to sign data: invalid time` (docs/bind-compat.md, "signzone: errors").
    InvalidTime,
    /// The RRset cannot be put into signed-data form.
    Data(SignedDataError),
    /// The key failed to sign.
    Key(E),
}

impl<E: fmt::Display> fmt::Display for SignError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::InvalidTime => f.write_str("invalid time"),
            SignError::Data(e) => write!(f, "{e}"),
            SignError::Key(e) => write!(f, "{e}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for SignError<E> {}

/// Signs the RRset `rrset` whose canonical rdatas are `rdatas` (sorted in place) with `key`,
/// returning the complete RRSIG (RFC 4035 section 2.2). The Labels field is computed from
/// the owner, so a wildcard owner `*.x` gets the count without its `*` (RFC 4034 section
/// 3.1.3). `buf` is the caller's reusable scratch buffer for the signed data.
pub fn sign_rrset<S: Signer>(
    key: &S,
    rrset: RrsetId<'_>,
    rdatas: &mut [&[u8]],
    validity: Validity,
    buf: &mut Vec<u8>,
) -> Result<Rrsig, SignError<S::Error>> {
    // BIND refuses an expiration equal to the inception too (docs/bind-compat.md,
    // "signzone: validity, limits and signals"): the period must be non-empty.
    if !validity.inception.is_before(validity.expiration) {
        return Err(SignError::InvalidTime);
    }
    let mut rrsig = Rrsig {
        type_covered: rrset.rtype,
        algorithm: key.algorithm(),
        labels: Rrsig::labels_for_owner(rrset.owner),
        original_ttl: rrset.ttl,
        expiration: validity.expiration,
        inception: validity.inception,
        key_tag: key.key_tag(),
        signer: key.signer_name().clone(),
        signature: Vec::new(),
    };
    build_signed_data(buf, &rrsig, rrset.owner, rrset.class, rdatas).map_err(SignError::Data)?;
    rrsig.signature = key.sign(buf).map_err(SignError::Key)?;
    Ok(rrsig)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{checksum, ChecksumKey};
    use crate::{Class, RrType, Ttl};

    fn n(s: &str) -> Name {
        Name::parse(s, None).unwrap()
    }

    #[test]
    fn fills_fields_and_signs_the_signed_data() {
        let key = ChecksumKey {
            name: n("example."),
            tag: 4242,
        };
        let owner = n("*.w.Example.");
        let rrset = RrsetId {
            owner: &owner,
            class: Class::IN,
            rtype: RrType::MX,
            ttl: Ttl(3600),
        };
        let validity = Validity {
            inception: SigTime(100),
            expiration: SigTime(200),
        };
        let rdata = b"\x00\x0a\x02mx\x07example\x00";
        let mut rdatas: Vec<&[u8]> = vec![rdata];
        let mut buf = Vec::new();
        let rrsig = sign_rrset(&key, rrset, &mut rdatas, validity, &mut buf).unwrap();
        assert_eq!(rrsig.labels, 2, "the wildcard label is not counted");
        assert_eq!(
            (rrsig.key_tag, rrsig.type_covered, rrsig.original_ttl),
            (4242, RrType::MX, Ttl(3600))
        );
        let mut expected = Vec::new();
        build_signed_data(&mut expected, &rrsig, &owner, Class::IN, &mut rdatas).unwrap();
        assert_eq!(buf, expected);
        assert_eq!(rrsig.signature, checksum(&expected));
        assert_eq!(
            &buf[buf.len() - rdata.len() - 10 - 13..][..13],
            b"\x01*\x01w\x07example\x00"
        );
    }

    #[test]
    fn run_times_must_be_valid_now() {
        let now = 1_800_000_000i64;
        let ok = RunTimes {
            now,
            inception: now - 3600,
            expiration: now + 30 * 86400,
            keyset_expiration: now + 30 * 86400,
            jitter: 0,
        };
        assert_eq!(check_run_times(ok), Ok(()));
        let with = |f: &dyn Fn(&mut RunTimes)| {
            let mut t = ok;
            f(&mut t);
            check_run_times(t)
        };
        let invalid = Err(WindowError::InvalidTime { keyset: false });
        assert_eq!(with(&|t| t.expiration = t.inception), invalid);
        assert_eq!(with(&|t| t.expiration = t.inception - 1), invalid);
        // An end past 2106 wraps to before the start.
        assert_eq!(
            with(&|t| t.expiration = t.inception + (1 << 32) - 10),
            invalid
        );
        // Jitter as large as the period can reach the inception.
        assert_eq!(with(&|t| t.jitter = 30 * 86400 + 3601), invalid);
        assert_eq!(
            with(&|t| t.keyset_expiration = now - 86400),
            Err(WindowError::InvalidTime { keyset: true })
        );
        assert_eq!(
            with(&|t| {
                t.inception = now + (1 << 32) - 100;
                t.expiration = t.inception + 1000;
                t.keyset_expiration = t.expiration;
            }),
            Err(WindowError::OutsideWindow {
                field: "start",
                time: now + (1 << 32) - 100
            })
        );
        assert_eq!(
            with(&|t| t.inception = now + 1),
            Err(WindowError::NotYetValid { inception: now + 1 })
        );
        assert_eq!(
            with(&|t| {
                t.inception = now - 100;
                t.expiration = now;
                t.keyset_expiration = now;
            }),
            Err(WindowError::Expired {
                field: "end",
                time: now
            })
        );
        // Largest offset is jitter - 1: an expiration one second after now survives 1.
        assert_eq!(
            with(&|t| {
                t.expiration = now + 2;
                t.keyset_expiration = now + 2;
                t.jitter = 2;
            }),
            Ok(())
        );
        assert_eq!(
            with(&|t| {
                t.expiration = now + 2;
                t.keyset_expiration = now + 2;
                t.jitter = 3;
            }),
            Err(WindowError::JitterReachesNow { earliest: now })
        );
    }

    #[test]
    fn refuses_expiration_before_inception() {
        let key = ChecksumKey {
            name: n("example."),
            tag: 1,
        };
        let owner = n("example.");
        let rrset = RrsetId {
            owner: &owner,
            class: Class::IN,
            rtype: RrType::A,
            ttl: Ttl(1),
        };
        let validity = Validity {
            inception: SigTime(200),
            expiration: SigTime(100),
        };
        let mut rdatas: Vec<&[u8]> = vec![&[1, 2, 3, 4]];
        let err = sign_rrset(&key, rrset, &mut rdatas, validity, &mut Vec::new()).unwrap_err();
        assert!(matches!(err, SignError::InvalidTime));
        assert_eq!(err.to_string(), "invalid time");
    }
}
