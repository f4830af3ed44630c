//! The problems a whole-zone check can find (docs/bind-compat.md, "verify"), each tied to the
//! owner name and type it is about, and printed in dnssec-verify's words so that tools and CI
//! scripts that grep BIND's messages keep working.

use std::fmt;

use super::chain::ChainProblemKind;
use super::rrsig::RrsigFailure;
use crate::dnssec::ChainError;
use crate::name::Name;
use crate::{Algorithm, RrType};

/// One problem found in a zone: where (owner and type) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneProblem {
    /// The owner name the problem is about (the apex for zone-wide problems).
    pub owner: Name,
    /// The type the problem is about (DNSKEY for key problems, NSEC/NSEC3 for the chain).
    pub rtype: RrType,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What is wrong (docs/bind-compat.md, "verify"; RFC 4035 sections 2.1-2.3, RFC 5155 section 7.1).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The apex has no DNSKEY RRset (RFC 4035 section 2.1).
    NoDnssecKeys,
    /// The apex has no SOA RRset (RFC 1035 section 5.2).
    NoSoa,
    /// An apex RRset (DNSKEY, SOA, NSEC, NSEC3PARAM) has no RRSIG at all (RFC 4035 section 2.2).
    ApexNotSigned,
    /// The apex has neither an NSEC nor an NSEC3PARAM RRset (RFC 4035 section 2.3).
    NoChain,
    /// An apex NSEC3PARAM asks for more hash iterations than BIND 9.18 accepts
    /// ([`crate::rr::MAX_NSEC3_ITERATIONS`], RFC 9276 section 3.2): dnssec-verify
    /// stops there, after naming the algorithms.
    Nsec3IterationsOutOfRange {
        /// The NSEC3PARAM's iterations.
        iterations: u16,
    },
    /// A revoked KSK does not sign the DNSKEY RRset (RFC 5011 section 2.1).
    RevokedKskNotSelfSigned {
        /// The key tag (with the REVOKE bit set).
        key_tag: u16,
        /// The DNSKEY rdata in presentation form, which BIND prints on the next line.
        rdata_text: String,
    },
    /// No key signs the DNSKEY RRset (a non-revoked KSK, or any key when the KSK flag is
    /// ignored): nothing can anchor the zone (RFC 4035 section 2.1).
    NoSelfSignedKey {
        /// True when the KSK flag was ignored (`-z`).
        any_key: bool,
        /// Why the DNSKEY RRSIGs did not count, for the keys that had one.
        reasons: Vec<(u16, RrsigFailure)>,
    },
    /// An algorithm has a self-signed KSK but no active ZSK, or the reverse (BIND's rule
    /// without `-x`/`-z`).
    MissingKey {
        /// The algorithm.
        algorithm: Algorithm,
        /// True when the KSK is what is missing.
        ksk: bool,
    },
    /// An algorithm is in the DNSKEY RRset but no key of it signs the DNSKEY RRset, so the
    /// zone is not signed by every algorithm of its DNSKEY RRset (RFC 4035 section 2.2).
    /// BIND's dnssec-verify and Knot's kzonecheck accept such a zone (validators may, RFC
    /// 6840 section 5.11), so this is a warning ([`ZoneReport::warnings`]), never a problem.
    AlgorithmNotSigning {
        /// The algorithm.
        algorithm: Algorithm,
        /// True when the KSK flag was ignored (`-z`).
        any_key: bool,
    },
    /// An ECDSA DNSKEY whose public key is no point of its curve (RFC 6605 section 4): no
    /// signature can be checked with it. dnssec-verify cannot load it, warns, and judges the
    /// zone without it (docs/bind-compat.md, "small fidelity items"), so this is a key
    /// warning ([`ZoneReport::key_warnings`]), never a problem.
    KeyNotOnCurve {
        /// The key tag.
        key_tag: u16,
        /// The DNSKEY flags.
        flags: u16,
        /// The algorithm (13 or 14).
        algorithm: Algorithm,
    },
    /// An RRset that must be signed has no RRSIG (RFC 4035 section 2.2).
    NoSignatures,
    /// An RRSIG's Original TTL differs from the RRset's TTL (RFC 4034 section 3.1.4).
    TtlMismatch {
        /// The RRSIG's key tag.
        key_tag: u16,
    },
    /// No RRSIG of this algorithm validates the RRset (RFC 4035 section 5.3).
    NoCorrectSignature {
        /// The algorithm.
        algorithm: Algorithm,
        /// Why the last RRSIG of that algorithm failed, if there was one.
        reason: Option<RrsigFailure>,
    },
    /// An RRSIG covers data the zone is not authoritative for: glue, occluded data, or a
    /// delegation's NS (RFC 4035 section 2.2). BIND only warns (or says nothing); we fail.
    UnexpectedSignature,
    /// An RRSIG whose Type Covered is RRSIG: signatures are never signed (RFC 4035 section
    /// 2.2). BIND accepts it, Knot does not, nor do we (docs/bind-compat.md, "verify: beyond
    /// BIND").
    SignatureOverRrsig,
    /// A CDS that is the digest of no key of the DNSKEY RRset, or a CDNSKEY that is not in it
    /// (RFC 7344 section 4: the parent would install a DS for a key the zone does not have).
    /// BIND does not check this; Knot does, and so do we (docs/bind-compat.md, "verify:
    /// beyond BIND").
    ChildKeyNotInKeySet {
        /// The key tag the record names (CDS) or has (CDNSKEY).
        key_tag: u16,
    },
    /// A CDS with no CDNSKEY it is the digest of, or a CDNSKEY with no CDS, when the zone has
    /// both RRsets (RFC 7344 section 4: both must ask for the same DS RRset).
    ChildKeysDisagree {
        /// The key tag of the record without a counterpart.
        key_tag: u16,
    },
    /// A CDS or CDNSKEY RRset holds the delete form and other records too (RFC 8078 section
    /// 4: the delete request is the whole RRset).
    ChildDeleteMixed,
    /// One of CDS and CDNSKEY asks for the delete, the other for keys (RFC 8078 section 4).
    ChildDeleteOneSided,
    /// A problem with the NSEC or NSEC3 chain.
    Chain(ChainProblemKind),
    /// The chain could not be checked at all (two names with one NSEC3 hash, RFC 5155
    /// section 7.1, or an owner too long to hash).
    ChainUnusable(ChainError),
}

impl ProblemKind {
    /// True for problems after which dnssec-verify stops before checking any RRset.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            ProblemKind::NoDnssecKeys
                | ProblemKind::NoSoa
                | ProblemKind::ApexNotSigned
                | ProblemKind::NoChain
                | ProblemKind::Nsec3IterationsOutOfRange { .. }
                | ProblemKind::RevokedKskNotSelfSigned { .. }
                | ProblemKind::NoSelfSignedKey { .. }
        )
    }
}

impl fmt::Display for ZoneProblem {
    /// dnssec-verify's line for the problem (docs/bind-compat.md, "verify").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let owner = self.owner.bind_text();
        let rtype = self.rtype;
        match &self.kind {
            ProblemKind::NoDnssecKeys => f.write_str("Zone contains no DNSSEC keys"),
            ProblemKind::NoSoa => f.write_str("Zone contains no SOA record"),
            ProblemKind::ApexNotSigned => {
                write!(f, "{rtype} is not signed (keys offline or inactive?)")
            }
            ProblemKind::NoChain => f.write_str("No valid NSEC/NSEC3 chain for testing"),
            ProblemKind::Nsec3IterationsOutOfRange { .. } => {
                f.write_str("verifynsec3: NSEC3 iterations out of range")
            }
            ProblemKind::RevokedKskNotSelfSigned { rdata_text, .. } => {
                write!(
                    f,
                    "revoked KSK is not self signed:\n{owner} DNSKEY {rdata_text}"
                )
            }
            ProblemKind::NoSelfSignedKey { any_key: false, .. } => {
                f.write_str("No self-signed KSK DNSKEY found")
            }
            ProblemKind::NoSelfSignedKey { any_key: true, .. } => {
                f.write_str("No self-signed DNSKEY found")
            }
            ProblemKind::MissingKey { algorithm, ksk } => {
                let what = if *ksk { "self-signed KSK" } else { "ZSK" };
                write!(f, "Missing {what} for algorithm {algorithm}")
            }
            ProblemKind::AlgorithmNotSigning { algorithm, any_key } => {
                let what = if *any_key { "key" } else { "KSK" };
                write!(
                    f,
                    "{algorithm} keys in the DNSKEY RRset sign nothing (no self-signed {what}); \
                     RFC 4035 section 2.2 wants every algorithm there to sign the zone"
                )
            }
            // BIND's line names the OpenSSL call that refused the point; scripts may match
            // it, so it is kept word for word (the key is named by `detail`).
            ProblemKind::KeyNotOnCurve { .. } => {
                f.write_str("EVP_PKEY_fromdata failed (crypto failure)")
            }
            ProblemKind::NoSignatures => write!(f, "No signatures for {owner}/{rtype}"),
            ProblemKind::TtlMismatch { key_tag } => {
                write!(f, "TTL mismatch for {owner} {rtype} keytag {key_tag}")
            }
            ProblemKind::NoCorrectSignature { algorithm, .. } => {
                write!(f, "No correct {algorithm} signature for {owner} {rtype}")
            }
            ProblemKind::UnexpectedSignature => {
                write!(f, "Found unexpected signatures for {owner}/{rtype}")
            }
            ProblemKind::SignatureOverRrsig => {
                write!(
                    f,
                    "RRSIG at {owner} covers type RRSIG, which is never signed"
                )
            }
            ProblemKind::ChildKeyNotInKeySet { key_tag } if rtype == RrType::CDS => write!(
                f,
                "CDS at {owner} (key tag {key_tag}) is the digest of no key in the DNSKEY RRset"
            ),
            ProblemKind::ChildKeyNotInKeySet { key_tag } => write!(
                f,
                "{rtype} at {owner} (key tag {key_tag}) is not in the DNSKEY RRset"
            ),
            ProblemKind::ChildKeysDisagree { key_tag } => {
                let other = if rtype == RrType::CDS {
                    "CDNSKEY"
                } else {
                    "CDS"
                };
                write!(
                    f,
                    "{rtype} at {owner} (key tag {key_tag}) has no counterpart in the {other} RRset"
                )
            }
            ProblemKind::ChildDeleteMixed => write!(
                f,
                "{rtype} at {owner} mixes the delete form (RFC 8078) with other records"
            ),
            ProblemKind::ChildDeleteOneSided => write!(
                f,
                "{rtype} at {owner} is the delete form (RFC 8078) but the other of CDS/CDNSKEY is not"
            ),
            ProblemKind::ChainUnusable(e) => write!(f, "Cannot check the {rtype} chain: {e}"),
            ProblemKind::Chain(ChainProblemKind::UnexpectedNsec(n)) => {
                write!(f, "unexpected NSEC RRset at {}", n.bind_text())
            }
            ProblemKind::Chain(kind) => write!(
                f,
                "{}",
                super::chain::ChainProblem {
                    at: None,
                    kind: kind.clone()
                }
            ),
        }
    }
}

impl ZoneProblem {
    /// A finer explanation than BIND's line, when there is one (why a signature failed).
    pub fn detail(&self) -> Option<String> {
        match &self.kind {
            ProblemKind::NoCorrectSignature {
                reason: Some(r), ..
            } => Some(r.to_string()),
            ProblemKind::NoSelfSignedKey { reasons, .. } if !reasons.is_empty() => Some(
                reasons
                    .iter()
                    .map(|(tag, r)| format!("key {tag}: {r}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            ProblemKind::KeyNotOnCurve {
                key_tag,
                flags,
                algorithm,
            } => Some(format!(
                "DNSKEY with key tag {key_tag} (flags {flags}, algorithm {}) is no point of \
                 its curve: no signature can be checked with it",
                algorithm.0
            )),
            ProblemKind::AlgorithmNotSigning { .. } => Some(
                "every algorithm in the DNSKEY RRset must sign the zone (RFC 4035 section 2.2)"
                    .to_string(),
            ),
            _ => None,
        }
    }
}
