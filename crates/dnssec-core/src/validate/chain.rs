//! Checking that a zone's NSEC chain (RFC 4034 section 4, RFC 4035 section 2.3) or NSEC3
//! chain (RFC 5155 section 7.1) is complete, ordered and says the right types, reporting
//! problems with dnssec-verify's wording (docs/bind-compat.md, "verify").

use std::collections::HashMap;
use std::fmt;

use crate::dnssec::{check_input, ChainError, ChainName, NameKind};
use crate::dnssec::{in_nsec_chain, nsec_types};
use crate::dnssec::{nsec3_hash, nsec3_owner};
use crate::dnssec::{nsec3_members, nsec3_types};
use crate::encoding::{base32hex_decode, base32hex_string};
use crate::name::Name;
use crate::rr::{Nsec, Nsec3, Nsec3Params};

/// One problem found in a chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainProblem {
    /// The index in the input names of the name the problem is about, so that a verifier
    /// can interleave these reports with its per-name signature reports; `None` for
    /// problems of the chain as a whole.
    pub at: Option<usize>,
    /// What is wrong.
    pub kind: ChainProblemKind,
}

/// What is wrong with a chain.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainProblemKind {
    /// A name that needs an NSEC has none (RFC 4035 section 2.3).
    MissingNsec(Name),
    /// A name has more than one NSEC record.
    MultipleNsec(Name),
    /// The NSEC's next name is not the next name of the chain (RFC 4034 section 4.1.1).
    NsecNextMismatch {
        /// The owner of the NSEC.
        name: Name,
        /// The name that should follow.
        expected: Name,
        /// The next name the record has.
        found: Name,
    },
    /// The NSEC's type bitmap differs from the types at the name (RFC 4034 section 4.1.2).
    NsecBitmapMismatch(Name),
    /// An NSEC at a name that must not have one (glue, occluded, empty non-terminal).
    UnexpectedNsec(Name),
    /// A name that needs an NSEC3 has none (RFC 5155 section 7.1); with the hashed owner.
    MissingNsec3(Name, Name),
    /// The NSEC3's type bitmap differs from the types at the name (RFC 5155 section 3.1.8).
    Nsec3BitmapMismatch(Name),
    /// A name left out of an Opt-Out chain (an insecure delegation, or an empty non-terminal
    /// leading only to such) whose covering NSEC3 lacks the Opt-Out flag (RFC 5155 sections
    /// 6 and 7.1: only an Opt-Out record's span may leave names out); with the owner of the
    /// covering record. BIND passes this; Knot does not, nor do we (docs/bind-compat.md,
    /// "verify: beyond BIND").
    NotCoveredByOptOut(Name, Name),
    /// The NSEC3 records do not match the zone's names one for one.
    Nsec3ChainsNotEqual,
    /// An NSEC3's next hashed owner is not the hash of the record that follows it
    /// (RFC 5155 section 3.1.7). Hashes are in upper-case Base32hex, as BIND prints them.
    Nsec3Break {
        /// The owner label of the record whose next field is wrong.
        at: String,
        /// The next hashed owner the record has.
        expected: String,
        /// The hash of the record that actually follows.
        found: String,
    },
}

impl fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ChainProblemKind::MissingNsec(n) => {
                write!(f, "Missing NSEC record for {}", n.bind_text())
            }
            ChainProblemKind::MultipleNsec(n) => {
                write!(f, "Multiple NSEC records for {}", n.bind_text())
            }
            ChainProblemKind::NsecNextMismatch {
                name,
                expected,
                found,
            } => write!(
                f,
                "Bad NSEC record for {}, next name mismatch (expected:{}, found:{})",
                name.bind_text(),
                expected.bind_text(),
                found.bind_text()
            ),
            ChainProblemKind::NsecBitmapMismatch(n) => {
                write!(f, "Bad NSEC record for {}, bit map mismatch", n.bind_text())
            }
            ChainProblemKind::UnexpectedNsec(n) => {
                write!(f, "Unexpected NSEC record for {}", n.bind_text())
            }
            ChainProblemKind::MissingNsec3(n, hashed) => {
                write!(
                    f,
                    "Missing NSEC3 record for {} ({})",
                    n.bind_text(),
                    hashed.bind_text()
                )
            }
            ChainProblemKind::Nsec3BitmapMismatch(n) => {
                write!(
                    f,
                    "Bad NSEC3 record for {}, bit map mismatch",
                    n.bind_text()
                )
            }
            ChainProblemKind::NotCoveredByOptOut(n, covering) => write!(
                f,
                "Missing NSEC3 record for {}: the NSEC3 that covers it ({}) has no Opt-Out flag",
                n.bind_text(),
                covering.bind_text()
            ),
            ChainProblemKind::Nsec3ChainsNotEqual => {
                f.write_str("Expected and found NSEC3 chains not equal")
            }
            ChainProblemKind::Nsec3Break {
                at,
                expected,
                found,
            } => {
                write!(
                    f,
                    "Break in NSEC3 chain at: {at}\nExpected: {expected}\nFound: {found}"
                )
            }
        }
    }
}

/// Checks the zone's NSEC records `found` (owner, rdata) against the names of the zone
/// (canonical order, apex first, as for `build_nsec_chain`). Problems come in name order,
/// at most one per name, as dnssec-verify reports them.
pub fn check_nsec_chain(
    names: &[ChainName],
    found: &[(Name, Nsec)],
) -> Result<Vec<ChainProblem>, ChainError> {
    let apex = check_input(names)?;
    let mut by_owner: HashMap<&Name, Vec<&Nsec>> = HashMap::with_capacity(found.len());
    for (owner, nsec) in found {
        by_owner.entry(owner).or_default().push(nsec);
    }
    let members: Vec<usize> = (0..names.len())
        .filter(|&i| in_nsec_chain(&names[i]))
        .collect();
    let mut problems = Vec::new();
    let mut member_pos = 0usize;
    for (i, entry) in names.iter().enumerate() {
        let records = by_owner.get(&entry.name).map(Vec::as_slice).unwrap_or(&[]);
        let problem = if !in_nsec_chain(entry) {
            (!records.is_empty()).then(|| ChainProblemKind::UnexpectedNsec(entry.name.clone()))
        } else {
            member_pos += 1;
            let expected_next = members.get(member_pos).map_or(apex, |&j| &names[j].name);
            match records {
                [] => Some(ChainProblemKind::MissingNsec(entry.name.clone())),
                [nsec] if nsec.next != *expected_next => Some(ChainProblemKind::NsecNextMismatch {
                    name: entry.name.clone(),
                    expected: expected_next.clone(),
                    found: nsec.next.clone(),
                }),
                [nsec] => {
                    let mut types = nsec.types.clone();
                    types.sort_unstable();
                    (types != nsec_types(entry))
                        .then(|| ChainProblemKind::NsecBitmapMismatch(entry.name.clone()))
                }
                _ => Some(ChainProblemKind::MultipleNsec(entry.name.clone())),
            }
        };
        problems.extend(problem.map(|kind| ChainProblem { at: Some(i), kind }));
    }
    Ok(problems)
}

/// Checks the zone's NSEC3 records `found` (owner, rdata) for the chain with `params` (from
/// the NSEC3PARAM; records with other parameters are ignored) against the names of the zone
/// (RFC 5155 section 7.1). Opt-Out is taken as in use when any record of the chain has the
/// flag; a name it leaves out must then lie in the span of a record that has the flag
/// (RFC 5155 section 6). Per-name problems come first in name order, then the problems of the
/// whole chain.
pub fn check_nsec3_chain(
    names: &[ChainName],
    params: &Nsec3Params,
    found: &[(Name, Nsec3)],
) -> Result<Vec<ChainProblem>, ChainError> {
    let apex = check_input(names)?;
    let same_chain = |n: &Nsec3| {
        n.params.hash == params.hash
            && n.params.iterations == params.iterations
            && n.params.salt == params.salt
    };
    // The chain's records keyed by the hash their owner label spells.
    let mut by_hash: HashMap<Vec<u8>, Vec<&Nsec3>> = HashMap::new();
    for (owner, nsec3) in found.iter().filter(|(_, n)| same_chain(n)) {
        let hash = owner.labels().next().and_then(|l| {
            let mut hash = Vec::with_capacity(20);
            base32hex_decode(l, &mut hash).map(|()| hash)
        });
        if let Some(hash) = hash.filter(|_| owner.parent().as_ref() == Some(apex)) {
            by_hash.entry(hash).or_default().push(nsec3);
        }
    }
    let opt_out = by_hash.values().flatten().any(|n| n.params.is_opt_out());
    let members = nsec3_members(names, opt_out);
    // The names that only Opt-Out leaves out: each must fall in the span of a record that
    // has the flag.
    let needs_cover = if opt_out {
        nsec3_members(names, false)
    } else {
        Vec::new()
    };
    let mut sorted: Vec<(&Vec<u8>, &Nsec3)> = by_hash
        .iter()
        .flat_map(|(h, v)| v.iter().map(move |n| (h, *n)))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let mut problems = Vec::new();
    let mut matched = 0usize;
    for (i, entry) in names.iter().enumerate() {
        if entry.kind == NameKind::BelowCut {
            continue;
        }
        let hash = nsec3_hash(&entry.name, &params.salt, params.iterations);
        match by_hash
            .get(hash.as_slice())
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            [] if members[i] => {
                let hashed = nsec3_owner(&hash, apex).map_err(|_| ChainError::OwnerTooLong)?;
                let kind = ChainProblemKind::MissingNsec3(entry.name.clone(), hashed);
                problems.push(ChainProblem { at: Some(i), kind });
            }
            [] if needs_cover.get(i) == Some(&true) => {
                // The record before the hash in the ring covers it (RFC 5155 section 3.1.7).
                let at = sorted.partition_point(|(h, _)| h.as_slice() < hash.as_slice());
                let covering = at.checked_sub(1).or(sorted.len().checked_sub(1));
                if let Some((h, n)) = covering.and_then(|c| sorted.get(c)) {
                    if !n.params.is_opt_out() {
                        let owner = nsec3_owner(h, apex).map_err(|_| ChainError::OwnerTooLong)?;
                        let kind = ChainProblemKind::NotCoveredByOptOut(entry.name.clone(), owner);
                        problems.push(ChainProblem { at: Some(i), kind });
                    }
                }
            }
            [] => {}
            records => {
                matched += records.len();
                let mut want = nsec3_types(entry);
                want.sort_unstable();
                if records.iter().any(|r| {
                    let mut have = r.types.clone();
                    have.sort_unstable();
                    have != want
                }) {
                    let kind = ChainProblemKind::Nsec3BitmapMismatch(entry.name.clone());
                    problems.push(ChainProblem { at: Some(i), kind });
                }
            }
        }
    }
    let total: usize = by_hash.values().map(Vec::len).sum();
    if matched != total {
        problems.push(ChainProblem {
            at: None,
            kind: ChainProblemKind::Nsec3ChainsNotEqual,
        });
    }
    for (i, (hash, nsec3)) in sorted.iter().enumerate() {
        let following = sorted.get(i + 1).or(sorted.first()).map_or(*hash, |s| s.0);
        if nsec3.next_hashed != **following {
            let kind = ChainProblemKind::Nsec3Break {
                at: base32hex_string(hash),
                expected: base32hex_string(&nsec3.next_hashed),
                found: base32hex_string(following),
            };
            problems.push(ChainProblem { at: None, kind });
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dnssec::add_empty_non_terminals;
    use crate::rr::{Nsec3HashAlgorithm, NSEC3_OPT_OUT};
    use crate::test_util::{build_nsec3_chain, build_nsec_chain};
    use crate::test_util::{entry, n};
    use crate::{RrType, Ttl};
    use NameKind::*;

    fn zone() -> Vec<ChainName> {
        add_empty_non_terminals(vec![
            entry(
                "example.com.",
                Apex,
                &[RrType::SOA, RrType::NS, RrType::DNSKEY],
            ),
            entry("a.b.example.com.", Authoritative, &[RrType::A]),
            entry("mail.example.com.", Authoritative, &[RrType::A]),
            entry("sub.example.com.", Delegation, &[RrType::NS]),
            entry("ns.sub.example.com.", BelowCut, &[RrType::A]),
            entry(
                "www.example.com.",
                Authoritative,
                &[RrType::A, RrType::AAAA],
            ),
        ])
    }

    fn nsec_found(names: &[ChainName]) -> Vec<(Name, Nsec)> {
        build_nsec_chain(names, Ttl(300))
            .unwrap()
            .into_iter()
            .map(|r| (r.owner, r.nsec))
            .collect()
    }

    fn messages(problems: &[ChainProblem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_built_nsec_chain_checks_clean() {
        let names = zone();
        assert_eq!(
            check_nsec_chain(&names, &nsec_found(&names)).unwrap(),
            vec![]
        );
    }

    #[test]
    fn nsec_problems_use_binds_words() {
        let names = zone();
        let mut found = nsec_found(&names);
        found.retain(|(o, _)| *o != n("mail.example.com."));
        assert_eq!(
            messages(&check_nsec_chain(&names, &found).unwrap()),
            ["Missing NSEC record for mail.example.com"]
        );

        // An unsigned name added after www: www's NSEC now points at the wrong name.
        let mut more = names.clone();
        more.push(entry("zzz.example.com.", Authoritative, &[RrType::A]));
        let problems = check_nsec_chain(&more, &nsec_found(&names)).unwrap();
        assert_eq!(
            messages(&problems),
            [
                "Bad NSEC record for www.example.com, next name mismatch (expected:zzz.example.com, found:example.com)",
                "Missing NSEC record for zzz.example.com",
            ]
        );
        assert_eq!(problems[1].at, Some(more.len() - 1));

        let mut found = nsec_found(&names);
        found[1].1.types.push(RrType::TXT);
        let dup = found[2].clone();
        found.push(dup);
        found.push((n("ns.sub.example.com."), found[0].1.clone()));
        assert_eq!(
            messages(&check_nsec_chain(&names, &found).unwrap()),
            [
                "Bad NSEC record for a.b.example.com, bit map mismatch",
                "Multiple NSEC records for mail.example.com",
                "Unexpected NSEC record for ns.sub.example.com",
            ]
        );
    }

    fn params(flags: u8) -> Nsec3Params {
        Nsec3Params {
            hash: Nsec3HashAlgorithm::SHA1,
            flags,
            iterations: 5,
            salt: vec![0xaa, 0xbb, 0xcc, 0xdd],
        }
    }

    fn nsec3_found(names: &[ChainName], flags: u8) -> Vec<(Name, Nsec3)> {
        build_nsec3_chain(names, &params(flags), Ttl(300))
            .unwrap()
            .into_iter()
            .map(|r| (r.owner, r.nsec3))
            .collect()
    }

    #[test]
    fn built_nsec3_chains_check_clean() {
        let names = zone();
        assert_eq!(
            check_nsec3_chain(&names, &params(0), &nsec3_found(&names, 0)).unwrap(),
            vec![]
        );
        let opt = nsec3_found(&names, NSEC3_OPT_OUT);
        assert_eq!(opt.len(), nsec3_found(&names, 0).len() - 1);
        assert_eq!(check_nsec3_chain(&names, &params(0), &opt).unwrap(), vec![]);
        let other = Nsec3Params {
            iterations: 6,
            ..params(0)
        };
        assert_eq!(
            check_nsec3_chain(&names, &other, &opt).unwrap().len(),
            names.iter().filter(|e| e.kind != BelowCut).count(),
            "records of another chain do not count"
        );
    }

    #[test]
    fn nsec3_problems_use_binds_words() {
        let names = zone();
        let full = nsec3_found(&names, 0);
        let mail_hash = nsec3_hash(&n("mail.example.com."), &params(0).salt, 5);
        let mail_owner = nsec3_owner(&mail_hash, &n("example.com.")).unwrap();
        let position = full.iter().position(|(o, _)| *o == mail_owner).unwrap();
        let mut found = full.clone();
        found.remove(position);
        let problems = check_nsec3_chain(&names, &params(0), &found).unwrap();
        let before = &full[(position + full.len() - 1) % full.len()].0;
        let label =
            |name: &Name| String::from_utf8(name.labels().next().unwrap().to_vec()).unwrap();
        assert_eq!(
            messages(&problems),
            [
                format!(
                    "Missing NSEC3 record for mail.example.com ({})",
                    mail_owner.bind_text()
                ),
                format!(
                    "Break in NSEC3 chain at: {}\nExpected: {}\nFound: {}",
                    label(before),
                    label(&mail_owner),
                    label(&full[(position + 1) % full.len()].0)
                ),
            ]
        );

        let mut found = full.clone();
        found[0].1.types.clear();
        found.push((
            n("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.example.com."),
            full[0].1.clone(),
        ));
        let texts = messages(&check_nsec3_chain(&names, &params(0), &found).unwrap());
        assert!(
            texts[0].starts_with("Bad NSEC3 record for ")
                && texts[0].ends_with(", bit map mismatch"),
            "{texts:?}"
        );
        assert_eq!(texts[1], "Expected and found NSEC3 chains not equal");
        assert!(
            texts[2].starts_with("Break in NSEC3 chain at: "),
            "{texts:?}"
        );
    }
}
