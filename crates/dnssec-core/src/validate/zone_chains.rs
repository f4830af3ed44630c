//! The chain part of the zone check: the zone's names as the NSEC/NSEC3 checks take them
//! (RFC 4035 section 2.3, RFC 5155 section 7.1), and each chain problem placed at its node.

use super::chain::{check_nsec3_chain, check_nsec_chain, ChainProblem};
use super::zone::*;
use crate::dnssec::{add_empty_non_terminals, ChainName};
use crate::name::Name;
use crate::rr::{Nsec, Nsec3, Nsec3Params};
use crate::zone::{NameRole, NameView};
use crate::RrType;

/// True for the owners that hold only the NSEC3 chain itself (RFC 5155 section 7.1): not
/// names of the zone for the chain checks.
pub(super) fn is_nsec3_only(node: &NameView<'_>) -> bool {
    node.rrsets()
        .all(|s| matches!(s.rtype(), RrType::NSEC3 | RrType::RRSIG))
}

/// Runs the NSEC and NSEC3 chain checks and places each problem at its node.
pub(super) fn check_chains(
    apex: &Name,
    nodes: &[NameView<'_>],
    has_nsec: bool,
    nsec3params: &[Nsec3Params],
) -> Vec<(usize, u8, ZoneProblem)> {
    let mut names: Vec<ChainName> = Vec::with_capacity(nodes.len());
    let mut node_of: Vec<usize> = Vec::with_capacity(nodes.len());
    let mut nsecs: Vec<(Name, Nsec)> = Vec::new();
    let mut nsec3s: Vec<(Name, Nsec3)> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
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
        if node.role() != NameRole::Apex && is_nsec3_only(node) {
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
    let end = nodes.len();
    let place =
        |at: Option<usize>, map: &[usize]| at.and_then(|i| map.get(i).copied()).unwrap_or(end);
    let chain_problem = |p: ChainProblem, rtype: RrType, map: &[usize], phase: u8| {
        let owner = match &p.kind {
            super::chain::ChainProblemKind::MissingNsec(n)
            | super::chain::ChainProblemKind::MultipleNsec(n)
            | super::chain::ChainProblemKind::NsecBitmapMismatch(n)
            | super::chain::ChainProblemKind::UnexpectedNsec(n)
            | super::chain::ChainProblemKind::MissingNsec3(n, _)
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
