//! The per-name part of the zone check (RFC 4035 section 2.2): every authoritative RRset
//! signed by every active algorithm, nothing signed that the zone is not authoritative for.

use super::zone::*;
use super::zone_keys::KeyRing;
use crate::crypto;
use crate::dnssec::RrsetId;
use crate::name::Name;
use crate::rr::Rrsig;
use crate::zone::{NameRole, NameView, RrsetView};
use crate::{Algorithm, RrType};

/// Checks the RRsets of one owner name against the active algorithms.
pub(super) struct NameChecker<'a> {
    pub(super) ring: &'a KeyRing<'a>,
    pub(super) active: &'a [Algorithm],
    pub(super) class: crate::Class,
    pub(super) apex: &'a Name,
}

/// The role a name has for signing. The zone marks every name below a DNAME as occluded
/// (RFC 6672 section 2.3), but the NSEC3 records of a zone whose apex has a DNAME are
/// children of the apex too, and they are the zone's own authoritative data (RFC 5155
/// section 7.1): BIND and Knot sign and accept them (docs/bind-compat.md, "verify: beyond
/// BIND"). A name that holds only NSEC3 (and RRSIG) directly below the apex can sit below no
/// cut other than an apex DNAME, so it is authoritative.
pub(super) fn authority_role(node: &NameView<'_>, apex: &Name) -> NameRole {
    let role = node.role();
    if role == NameRole::Occluded
        && super::zone_chains::is_nsec3_only(node)
        && node.name().parent().as_ref() == Some(apex)
    {
        return NameRole::Authoritative;
    }
    role
}

impl NameChecker<'_> {
    pub(super) fn check_name(
        &self,
        node: &NameView<'_>,
        parsed: &[NameSig],
        batch: &crypto::SignatureBatch,
        out: &mut Vec<ZoneProblem>,
    ) {
        let role = authority_role(node, self.apex);
        let owner = node.name();
        let must_sign = |t: RrType| match role {
            NameRole::Glue | NameRole::Occluded => false,
            NameRole::Delegation => matches!(t, RrType::DS | RrType::NSEC),
            // The DNSKEY RRset too: each active algorithm's self-signing KSK signs it, but
            // with -z an algorithm whose ZSK signs the SOA is active without one, and
            // dnssec-verify then wants that algorithm's signature over the DNSKEY RRset.
            NameRole::Apex | NameRole::Authoritative => true,
        };
        // Signatures over data the zone does not sign, once per covered type.
        for t in node.covered_types() {
            // RRSIG RRsets are never signed (RFC 4035 section 2.2); BIND accepts such a
            // record, Knot refuses it (docs/bind-compat.md, "verify: beyond BIND").
            if t == RrType::RRSIG {
                out.push(ZoneProblem {
                    owner: owner.clone(),
                    rtype: t,
                    kind: ProblemKind::SignatureOverRrsig,
                });
                continue;
            }
            let unexpected = match role {
                NameRole::Glue | NameRole::Occluded => true,
                NameRole::Delegation => !matches!(t, RrType::DS | RrType::NSEC),
                _ => false,
            };
            if unexpected {
                out.push(ZoneProblem {
                    owner: owner.clone(),
                    rtype: t,
                    kind: ProblemKind::UnexpectedSignature,
                });
            }
        }
        let mut buf = Vec::new();
        for set in node.rrsets() {
            let t = set.rtype();
            if t == RrType::RRSIG || !must_sign(t) {
                continue;
            }
            self.check_rrset(&owner, set, parsed, batch, &mut buf, out);
        }
    }

    fn check_rrset(
        &self,
        owner: &Name,
        set: RrsetView<'_>,
        sigs: &[NameSig],
        batch: &crypto::SignatureBatch,
        buf: &mut Vec<u8>,
        out: &mut Vec<ZoneProblem>,
    ) {
        let rtype = set.rtype();
        let problem = |kind| ZoneProblem {
            owner: owner.clone(),
            rtype,
            kind,
        };
        let covering: Vec<&NameSig> = sigs
            .iter()
            .filter(|s| s.rrsig.type_covered == rtype)
            .collect();
        if covering.is_empty() {
            out.push(problem(ProblemKind::NoSignatures));
            return;
        }
        let id = RrsetId {
            owner,
            class: self.class,
            rtype,
            ttl: set.ttl(),
        };
        let mut rdatas: Vec<&[u8]> = set.canonical_rdatas().collect();
        let mut done = vec![false; self.active.len()];
        let mut reasons: Vec<Option<super::rrsig::RrsigFailure>> = vec![None; self.active.len()];
        for NameSig {
            rrsig: sig,
            verdict,
        } in covering
        {
            if sig.original_ttl != set.ttl() {
                out.push(problem(ProblemKind::TtlMismatch {
                    key_tag: sig.key_tag,
                }));
                continue;
            }
            let Some(slot) = self.active.iter().position(|a| *a == sig.algorithm) else {
                continue;
            };
            if done[slot] {
                continue;
            }
            for (bit, &k) in self
                .ring
                .candidates(sig.algorithm, sig.key_tag)
                .iter()
                .enumerate()
            {
                let judged = verdict.map(|v| bit < 8 && v & (1 << bit) != 0);
                match self
                    .ring
                    .check_judged(k, sig, id, &mut rdatas, buf, Some(batch), judged)
                {
                    Ok(()) => {
                        done[slot] = true;
                        break;
                    }
                    Err(e) => reasons[slot] = Some(e),
                }
            }
            if !done[slot] && reasons[slot].is_none() {
                reasons[slot] = Some(super::rrsig::RrsigFailure::WrongKey);
            }
        }
        for (slot, alg) in self.active.iter().enumerate() {
            if !done[slot] {
                out.push(problem(ProblemKind::NoCorrectSignature {
                    algorithm: *alg,
                    reason: reasons[slot].take(),
                }));
            }
        }
    }
}

/// One RRSIG at a name, parsed, with its verdict when it was judged while the zone loaded
/// (`zone_load.rs`: a bit per candidate key; its signature is then only the first octets).
pub(super) struct NameSig {
    pub(super) rrsig: Rrsig,
    pub(super) verdict: Option<u8>,
}

/// The RRSIGs at one name, parsed once (malformed ones are skipped: they sign nothing).
pub(super) fn parse_rrsigs(node: &NameView<'_>) -> Vec<NameSig> {
    node.signatures()
        .into_iter()
        .filter_map(|(rd, verdict)| {
            Some(NameSig {
                rrsig: Rrsig::from_wire(&rd).ok()?,
                verdict,
            })
        })
        .collect()
}
