//! Which names of a zone get an NSEC or NSEC3 record and which types that record lists
//! (RFC 4034 section 4.1.2, RFC 4035 section 2.3, RFC 5155 section 7.1): the one statement
//! of these rules, shared by the chain builders (`sign`), the signer's streaming check and
//! the verifier (`validate`).

use super::chain_name::{data_types, ChainName, NameKind};
use crate::zone::is_at_or_below;
use crate::RrType;

/// True when the name gets an NSEC record (RFC 4035 section 2.3: every authoritative name
/// and every delegation point; never glue, occluded names or empty non-terminals).
pub(crate) fn in_nsec_chain(entry: &ChainName) -> bool {
    matches!(
        entry.kind,
        NameKind::Apex | NameKind::Authoritative | NameKind::Delegation
    )
}

/// The NSEC type bitmap for a name (RFC 4034 section 4.1.2, RFC 4035 section 2.3): its types
/// plus NSEC and RRSIG; at a delegation only NS, DS (if present), NSEC and RRSIG, because
/// anything else there is occluded.
pub(crate) fn nsec_types(entry: &ChainName) -> Vec<RrType> {
    nsec_bitmap(entry.kind, &entry.types)
}

/// [`nsec_types`] for a name of role `kind` holding `types` (NSEC, NSEC3 and RRSIG among
/// them are ignored), for callers that have no [`ChainName`] at hand.
pub(crate) fn nsec_bitmap(kind: NameKind, types: &[RrType]) -> Vec<RrType> {
    let mut types = data_types(types);
    if kind == NameKind::Delegation {
        types.retain(|t| matches!(*t, RrType::NS | RrType::DS));
    }
    types.extend([RrType::NSEC, RrType::RRSIG]);
    types.sort_unstable();
    types.dedup();
    types
}

/// The NSEC3 type bitmap for a name (RFC 5155 section 7.1): its types, plus RRSIG when
/// something there is signed, plus NSEC3PARAM at the apex; at a delegation only NS and DS
/// (and RRSIG when DS makes it secure); nothing for an empty non-terminal.
pub(crate) fn nsec3_types(entry: &ChainName) -> Vec<RrType> {
    nsec3_bitmap(entry.kind, &entry.types)
}

/// [`nsec3_types`] for a name of role `kind` holding `types` (NSEC, NSEC3 and RRSIG among
/// them are ignored), for callers that have no [`ChainName`] at hand.
pub(crate) fn nsec3_bitmap(kind: NameKind, types: &[RrType]) -> Vec<RrType> {
    let mut types = data_types(types);
    match kind {
        NameKind::EmptyNonTerminal | NameKind::BelowCut => return Vec::new(),
        NameKind::Delegation => {
            types.retain(|t| matches!(*t, RrType::NS | RrType::DS));
            if types.contains(&RrType::DS) {
                types.push(RrType::RRSIG);
            }
        }
        NameKind::Apex => types.extend([RrType::RRSIG, RrType::NSEC3PARAM]),
        NameKind::Authoritative => {
            if !types.is_empty() {
                types.push(RrType::RRSIG);
            }
        }
    }
    types.sort_unstable();
    types.dedup();
    types
}

/// True when a name of role `kind` gets an NSEC3 by itself (RFC 5155 section 7.1): every
/// authoritative name, and delegations unless Opt-Out leaves an insecure one out. Empty
/// non-terminals get one when something that does lies below them.
pub(crate) fn nsec3_wanted(kind: NameKind, secure: bool, opt_out: bool) -> bool {
    match kind {
        NameKind::BelowCut | NameKind::EmptyNonTerminal => false,
        NameKind::Delegation => !opt_out || secure,
        NameKind::Apex | NameKind::Authoritative => true,
    }
}

/// Which names get an NSEC3 (RFC 5155 section 7.1): everything but names below cuts; with
/// Opt-Out, not insecure delegations nor empty non-terminals that only lead to them (BIND
/// leaves those out too). Returns one flag per input name.
pub(crate) fn nsec3_members(names: &[ChainName], opt_out: bool) -> Vec<bool> {
    let mut members: Vec<bool> = names
        .iter()
        .map(|e| nsec3_wanted(e.kind, e.is_secure_delegation(), opt_out))
        .collect();
    // An empty non-terminal is kept when some kept name lies below it.
    let mut below = EntsAbove::default();
    for (i, e) in names.iter().enumerate() {
        below.visit(e.name.as_wire(), members[i], |ent| members[ent] = true);
        if e.kind == NameKind::EmptyNonTerminal {
            below.open(i, e.name.as_wire());
        }
    }
    members
}

/// The empty non-terminals above the current name in a canonical-order walk, each with
/// whether a name that gets an NSEC3 was found below it yet.
#[derive(Default)]
pub(crate) struct EntsAbove {
    /// (index of the empty non-terminal, its wire name, marked).
    open: Vec<(usize, Vec<u8>, bool)>,
}

impl EntsAbove {
    /// Moves the walk to `wire`: closes the empty non-terminals it is not below, and when the
    /// name gets an NSEC3 calls `mark` for each open one not marked yet.
    pub(crate) fn visit(&mut self, wire: &[u8], wanted: bool, mut mark: impl FnMut(usize)) {
        while self
            .open
            .last()
            .is_some_and(|(_, ent, _)| ent.len() >= wire.len() || !is_at_or_below(wire, ent))
        {
            self.open.pop();
        }
        if wanted {
            for (ent, _, marked) in self.open.iter_mut().rev() {
                if *marked {
                    break;
                }
                *marked = true;
                mark(*ent);
            }
        }
    }

    pub(crate) fn open(&mut self, index: usize, wire: &[u8]) {
        self.open.push((index, wire.to_vec(), false));
    }
}
