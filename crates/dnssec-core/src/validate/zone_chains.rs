//! The chain part of the zone check: the zone's names as the NSEC/NSEC3 checks take them
//! (RFC 4035 section 2.3, RFC 5155 section 7.1), and each chain problem placed at its node.

use super::chain::{check_nsec3_chain, check_nsec_chain, ChainProblem, ChainProblemKind};
use super::zone::*;
use crate::dnssec::{add_empty_non_terminals, nsec_bitmap, ChainName, NameKind};
use crate::name::Name;
use crate::rr::{Nsec, Nsec3, Nsec3Params};
use crate::zone::{NameRole, NameView, Zone};
use crate::RrType;

/// True for the owners that hold only the NSEC3 chain itself (RFC 5155 section 7.1): not
/// names of the zone for the chain checks.
pub(super) fn is_nsec3_only(node: &NameView<'_>) -> bool {
    node.rrsets()
        .all(|s| matches!(s.rtype(), RrType::NSEC3 | RrType::RRSIG))
}

/// Runs the NSEC and NSEC3 chain checks and places each problem at its node.
///
/// The NSEC check walks the zone's names once, holding one name at a time
/// ([`check_nsec_walk`]); only an NSEC3 chain needs the names gathered (its records are
/// found by hash, not by position).
pub(super) fn check_chains(
    apex: &Name,
    zone: &Zone,
    has_nsec: bool,
    nsec3params: &[Nsec3Params],
) -> Vec<(usize, u8, ZoneProblem)> {
    let streams = has_nsec
        && zone
            .names()
            .next()
            .is_some_and(|n| n.role() == NameRole::Apex);
    let mut out = if streams {
        check_nsec_walk(apex, zone)
    } else {
        Vec::new()
    };
    if !nsec3params.is_empty() || (has_nsec && !streams) {
        out.extend(check_gathered(
            apex,
            zone,
            has_nsec && !streams,
            nsec3params,
        ));
    }
    out
}

/// The NSEC chain checked in one walk over the zone in canonical order (RFC 4034 section 4,
/// RFC 4035 section 2.3), with the same findings, in the same words, as
/// [`check_nsec_chain`] on the gathered names, but in constant memory: a member's NSEC is
/// judged when the next member (the name its Next Domain Name must spell) is reached.
fn check_nsec_walk(apex: &Name, zone: &Zone) -> Vec<(usize, u8, ZoneProblem)> {
    struct Member {
        at: usize,
        name: Name,
        kind: NameKind,
        types: Vec<RrType>,
        nsecs: Vec<Nsec>,
    }
    let judge = |m: Member, expected: &Name| -> Option<(usize, u8, ZoneProblem)> {
        let kind = match m.nsecs.as_slice() {
            [] => ChainProblemKind::MissingNsec(m.name),
            [nsec] if nsec.next != *expected => ChainProblemKind::NsecNextMismatch {
                name: m.name,
                expected: expected.clone(),
                found: nsec.next.clone(),
            },
            [nsec] => {
                let mut have = nsec.types.clone();
                have.sort_unstable();
                if have == nsec_bitmap(m.kind, &m.types) {
                    return None;
                }
                ChainProblemKind::NsecBitmapMismatch(m.name)
            }
            _ => ChainProblemKind::MultipleNsec(m.name),
        };
        Some(nsec_problem(apex, m.at, kind))
    };
    let mut out = Vec::new();
    let mut pending: Option<Member> = None;
    for (i, node) in zone.names().enumerate() {
        if node.role() != NameRole::Apex && is_nsec3_only(&node) {
            continue;
        }
        let kind: NameKind = node.role().into();
        let nsecs: Vec<Nsec> = node
            .rrset(RrType::NSEC)
            .map(|set| {
                set.rdatas()
                    .filter_map(|rd| Nsec::from_wire(rd).ok())
                    .collect()
            })
            .unwrap_or_default();
        let chained = matches!(
            kind,
            NameKind::Apex | NameKind::Authoritative | NameKind::Delegation
        );
        if !chained {
            if !nsecs.is_empty() {
                out.push(nsec_problem(
                    apex,
                    i,
                    ChainProblemKind::UnexpectedNsec(node.name()),
                ));
            }
            continue;
        }
        let member = Member {
            at: i,
            name: node.name(),
            kind,
            types: node.types(),
            nsecs,
        };
        if let Some(previous) = pending.take() {
            out.extend(judge(previous, &member.name));
        }
        pending = Some(member);
    }
    if let Some(last) = pending {
        out.extend(judge(last, apex));
    }
    // A member is judged one member late; put its finding back at its place.
    out.sort_by_key(|p| p.0);
    out
}

/// One NSEC chain finding at node `at`, as [`check_chains`] reports it.
fn nsec_problem(apex: &Name, at: usize, kind: ChainProblemKind) -> (usize, u8, ZoneProblem) {
    let owner = match &kind {
        ChainProblemKind::MissingNsec(n)
        | ChainProblemKind::MultipleNsec(n)
        | ChainProblemKind::NsecBitmapMismatch(n)
        | ChainProblemKind::UnexpectedNsec(n) => n.clone(),
        ChainProblemKind::NsecNextMismatch { name, .. } => name.clone(),
        _ => apex.clone(),
    };
    (
        at,
        1,
        ZoneProblem {
            owner,
            rtype: RrType::NSEC,
            kind: ProblemKind::Chain(kind),
        },
    )
}

/// The chain checks on the zone's names gathered in a list: the NSEC3 chain, and the NSEC
/// chain when the walk cannot be used (the apex is not the first name: the gathered check
/// then names the problem).
fn check_gathered(
    apex: &Name,
    zone: &Zone,
    has_nsec: bool,
    nsec3params: &[Nsec3Params],
) -> Vec<(usize, u8, ZoneProblem)> {
    let count = zone.name_count();
    let mut names: Vec<ChainName> = Vec::with_capacity(count);
    let mut node_of: Vec<usize> = Vec::with_capacity(count);
    let mut nsecs: Vec<(Name, Nsec)> = Vec::new();
    let mut nsec3s: Vec<(Name, Nsec3)> = Vec::new();
    for (i, node) in zone.names().enumerate() {
        let name = node.name();
        if let Some(set) = node.rrset(RrType::NSEC).filter(|_| has_nsec) {
            nsecs.extend(
                set.rdatas()
                    .filter_map(|rd| Nsec::from_wire(rd).ok())
                    .map(|n| (name.clone(), n)),
            );
        }
        if let Some(set) = node
            .rrset(RrType::NSEC3)
            .filter(|_| !nsec3params.is_empty())
        {
            nsec3s.extend(
                set.rdatas()
                    .filter_map(|rd| Nsec3::from_wire(rd).ok())
                    .map(|n| (name.clone(), n)),
            );
        }
        if node.role() != NameRole::Apex && is_nsec3_only(&node) {
            continue;
        }
        names.push(ChainName {
            name,
            types: node.types(),
            kind: node.role().into(),
        });
        node_of.push(i);
    }
    let mut out = Vec::new();
    let end = count;
    let place =
        |at: Option<usize>, map: &[usize]| at.and_then(|i| map.get(i).copied()).unwrap_or(end);
    let chain_problem = |p: ChainProblem, rtype: RrType, map: &[usize], phase: u8| {
        let owner = match &p.kind {
            super::chain::ChainProblemKind::MissingNsec(n)
            | super::chain::ChainProblemKind::MultipleNsec(n)
            | super::chain::ChainProblemKind::NsecBitmapMismatch(n)
            | super::chain::ChainProblemKind::UnexpectedNsec(n)
            | super::chain::ChainProblemKind::MissingNsec3(n, _)
            | super::chain::ChainProblemKind::NotCoveredByOptOut(n, _)
            | super::chain::ChainProblemKind::Nsec3BitmapMismatch(n) => n.clone(),
            super::chain::ChainProblemKind::NsecNextMismatch { name, .. } => name.clone(),
            _ => apex.clone(),
        };
        (
            place(p.at, map),
            phase,
            ZoneProblem {
                owner,
                rtype,
                kind: ProblemKind::Chain(p.kind),
            },
        )
    };
    let unusable = |e, rtype| {
        (
            end,
            3u8,
            ZoneProblem {
                owner: apex.clone(),
                rtype,
                kind: ProblemKind::ChainUnusable(e),
            },
        )
    };
    if has_nsec {
        match check_nsec_chain(&names, &nsecs) {
            Ok(problems) => out.extend(
                problems
                    .into_iter()
                    .map(|p| chain_problem(p, RrType::NSEC, &node_of, 1)),
            ),
            Err(e) => out.push(unusable(e, RrType::NSEC)),
        }
    }
    if !nsec3params.is_empty() {
        // The NSEC3 chain also covers empty non-terminals; each sits just before the first
        // real name below it, so its problems are reported there.
        let with_ents = add_empty_non_terminals(names.clone());
        let mut map = Vec::with_capacity(with_ents.len());
        let mut j = 0usize;
        for entry in &with_ents {
            map.push(node_of.get(j).copied().unwrap_or(end));
            if names.get(j).is_some_and(|n| n.name == entry.name) {
                j += 1;
            }
        }
        for params in nsec3params {
            match check_nsec3_chain(&with_ents, params, &nsec3s) {
                Ok(problems) => out.extend(
                    problems
                        .into_iter()
                        .map(|p| chain_problem(p, RrType::NSEC3, &map, 2)),
                ),
                Err(e) => out.push(unusable(e, RrType::NSEC3)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zonefile::Reader;
    use crate::Class;

    fn zone(text: &str) -> Zone {
        let apex = Name::parse("example.", None).unwrap();
        Zone::from_reader(
            Reader::from_str(text, "t.db", Some(apex.clone())),
            &apex,
            Class::IN,
        )
        .unwrap()
    }

    fn messages(found: &[(usize, u8, ZoneProblem)]) -> Vec<(usize, String)> {
        found.iter().map(|(i, _, p)| (*i, p.to_string())).collect()
    }

    /// The walk finds what the gathered check finds, at the same nodes, for each kind of
    /// NSEC finding, and nothing on a whole chain.
    #[test]
    fn the_nsec_walk_agrees_with_the_gathered_check() {
        let good = "$TTL 300
@ SOA ns1 host 1 3600 900 604800 300
@ NS ns1
@ NSEC ns1 NS SOA RRSIG NSEC
ns1 A 192.0.2.1
ns1 NSEC sub A RRSIG NSEC
sub NS ns.sub
sub NSEC www NS RRSIG NSEC
ns.sub A 192.0.2.9
www A 192.0.2.2
www NSEC @ A RRSIG NSEC
";
        let apex = Name::parse("example.", None).unwrap();
        let z = zone(good);
        assert_eq!(check_nsec_walk(&apex, &z), vec![]);
        assert_eq!(check_gathered(&apex, &z, true, &[]), vec![]);

        let broken = "$TTL 300
@ SOA ns1 host 1 3600 900 604800 300
@ NS ns1
@ NSEC ns1 NS SOA RRSIG NSEC
ns1 A 192.0.2.1
ns1 NSEC www A RRSIG NSEC
sub NS ns.sub
sub NSEC www NS A RRSIG NSEC
ns.sub A 192.0.2.9
ns.sub NSEC www A RRSIG NSEC
www A 192.0.2.2
www NSEC @ A RRSIG NSEC
www NSEC ns1 A RRSIG NSEC
zzz A 192.0.2.3
";
        let z = zone(broken);
        let walked = check_nsec_walk(&apex, &z);
        assert_eq!(walked, check_gathered(&apex, &z, true, &[]));
        assert_eq!(
            messages(&walked),
            [
                (
                    1,
                    "Bad NSEC record for ns1.example, next name mismatch (expected:sub.example, found:www.example)".to_string()
                ),
                (2, "Bad NSEC record for sub.example, bit map mismatch".to_string()),
                (3, "unexpected NSEC RRset at ns.sub.example".to_string()),
                (4, "Multiple NSEC records for www.example".to_string()),
                (5, "Missing NSEC record for zzz.example".to_string()),
            ]
        );
    }
}
