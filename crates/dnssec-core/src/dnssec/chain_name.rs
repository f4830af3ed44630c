//! The input of the NSEC and NSEC3 chain builders and checkers: one entry per owner name of
//! the zone, in canonical order (RFC 4034 section 6.1), with the types present there and the
//! name's role in the zone (RFC 4035 section 2.3, RFC 5155 section 7.1). Independent of how
//! a zone is stored, so any zone model can feed it.
//!
//! When the input comes from a signed zone, leave out the owners whose only RRsets are
//! NSEC3 records and their RRSIGs: those are the chain itself, not names of the zone
//! (RFC 5155 section 7.1).

use std::fmt;

use crate::name::Name;
use crate::zone::{NameRole, NameView, Zone};
use crate::RrType;

/// The role of an owner name in the zone, which decides whether it gets an NSEC/NSEC3
/// record and which types that record lists.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NameKind {
    /// The zone apex.
    Apex,
    /// An ordinary authoritative name.
    Authoritative,
    /// A zone cut: NS not at the apex (RFC 4035 section 2.3). Secure when it has DS.
    Delegation,
    /// Glue or occluded data below a zone cut: not part of any chain (RFC 4035 section 2.3).
    BelowCut,
    /// A name with no RRsets but with names below it (RFC 5155 section 7.1): NSEC3 only.
    EmptyNonTerminal,
}

impl From<NameRole> for NameKind {
    /// The chain role of a name of the compact zone (RFC 4035 section 2.3): glue and
    /// occluded names are both below a cut and in no chain. The one place this mapping is
    /// written.
    fn from(role: NameRole) -> NameKind {
        match role {
            NameRole::Apex => NameKind::Apex,
            NameRole::Authoritative => NameKind::Authoritative,
            NameRole::Delegation => NameKind::Delegation,
            NameRole::Glue | NameRole::Occluded => NameKind::BelowCut,
        }
    }
}

/// One owner name of the zone as the chain builders and checkers see it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ChainName {
    /// The owner name, in the case the zone has it.
    pub name: Name,
    /// The types of the RRsets at this name. NSEC, NSEC3 and RRSIG here are ignored: the
    /// builders add the ones the chain needs.
    pub types: Vec<RrType>,
    /// The name's role.
    pub kind: NameKind,
}

impl ChainName {
    /// True for a delegation with a DS RRset (RFC 4035 section 2.3: a secure delegation).
    pub fn is_secure_delegation(&self) -> bool {
        self.kind == NameKind::Delegation && self.types.contains(&RrType::DS)
    }
}

impl ChainName {
    /// The chain entry of one name of the compact zone: its owner, types and role
    /// (RFC 4035 section 2.3).
    pub fn of(node: &NameView<'_>) -> ChainName {
        ChainName {
            name: node.name(),
            types: node.types(),
            kind: node.role().into(),
        }
    }
}

/// The zone's names as the NSEC/NSEC3 chain code takes them (RFC 4035 section 2.3):
/// canonical order, apex first, without empty non-terminals (see
/// [`add_empty_non_terminals`]).
pub fn chain_names(zone: &Zone) -> Vec<ChainName> {
    zone.names().map(|n| ChainName::of(&n)).collect()
}

/// `types` without the DNSSEC chain and signature types, ascending and without repeats.
pub(crate) fn data_types(types: &[RrType]) -> Vec<RrType> {
    let mut types: Vec<RrType> = types
        .iter()
        .copied()
        .filter(|t| !matches!(*t, RrType::NSEC | RrType::NSEC3 | RrType::RRSIG))
        .collect();
    types.sort_unstable();
    types.dedup();
    types
}

/// Why a chain could not be built from the given names.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainError {
    /// The first name is not the apex, or the apex appears elsewhere.
    ApexNotFirst,
    /// The names are not strictly ascending in canonical order (RFC 4034 section 6.1).
    NotInCanonicalOrder(Name),
    /// A name is not at or below the apex.
    OutOfZone(Name),
    /// Two names hash to the same NSEC3 owner (RFC 5155 section 7.1: choose another salt).
    HashCollision(Name, Name),
    /// An NSEC3 owner name would be too long (RFC 1035 section 2.3.4).
    OwnerTooLong,
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainError::ApexNotFirst => f.write_str("the zone apex must be the first name"),
            ChainError::NotInCanonicalOrder(n) => write!(f, "names not in canonical order at {n}"),
            ChainError::OutOfZone(n) => write!(f, "{n} is not in the zone"),
            ChainError::HashCollision(a, b) => {
                write!(f, "NSEC3 hash collision between {a} and {b}")
            }
            ChainError::OwnerTooLong => f.write_str("NSEC3 owner name too long"),
        }
    }
}

impl std::error::Error for ChainError {}

/// Checks the builders' preconditions: apex first, everything below it, strictly ascending.
pub(crate) fn check_input(names: &[ChainName]) -> Result<&Name, ChainError> {
    let apex = match names.first() {
        Some(first) if first.kind == NameKind::Apex => &first.name,
        _ => return Err(ChainError::ApexNotFirst),
    };
    for pair in names.windows(2) {
        let next = &pair[1];
        if next.kind == NameKind::Apex {
            return Err(ChainError::ApexNotFirst);
        }
        if !next.name.is_subdomain_of(apex) {
            return Err(ChainError::OutOfZone(next.name.clone()));
        }
        if pair[0].name.canonical_cmp(&next.name) != std::cmp::Ordering::Less {
            return Err(ChainError::NotInCanonicalOrder(next.name.clone()));
        }
    }
    Ok(apex)
}

/// Inserts the empty non-terminals that `names` (canonical order, apex first, ENTs possibly
/// missing) implies (RFC 5155 section 7.1 needs them; RFC 4592 section 2.2.2 defines them).
/// ENTs under a zone cut are marked `BelowCut`. Names already present are left alone.
pub fn add_empty_non_terminals(names: Vec<ChainName>) -> Vec<ChainName> {
    let Some(apex) = names.first().map(|n| n.name.clone()) else {
        return names;
    };
    let mut out: Vec<ChainName> = Vec::with_capacity(names.len() + names.len() / 8);
    for entry in names {
        // In canonical order a missing ancestor of a name is exactly one that is not an
        // ancestor (or the name itself) of the name just before it.
        let mut missing = Vec::new();
        if let Some(previous) = out.last().map(|p| p.name.clone()) {
            let mut ancestor = entry.name.parent();
            while let Some(a) = ancestor {
                if a == apex || !a.is_subdomain_of(&apex) || previous.is_subdomain_of(&a) {
                    break;
                }
                ancestor = a.parent();
                missing.push(a);
            }
        }
        let kind = if entry.kind == NameKind::BelowCut {
            NameKind::BelowCut
        } else {
            NameKind::EmptyNonTerminal
        };
        for name in missing.into_iter().rev() {
            out.push(ChainName {
                name,
                types: Vec::new(),
                kind,
            });
        }
        out.push(entry);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{entry, n};

    #[test]
    fn zone_roles_become_chain_roles() {
        let text = "$TTL 300\n@ SOA ns1 host 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n\
                    sub NS ns.sub\nns.sub A 192.0.2.2\ndeep.ns.sub TXT occluded\na.b TXT x\n";
        let origin = n("example.");
        let reader = crate::zonefile::Reader::from_str(text, "db.test", Some(origin.clone()));
        let zone = Zone::from_reader(reader, &origin, crate::Class::IN).unwrap();
        let kinds: Vec<(String, NameKind)> = chain_names(&zone)
            .into_iter()
            .map(|c| (c.name.to_string(), c.kind))
            .collect();
        use NameKind::*;
        let want = [
            ("example.", Apex),
            ("a.b.example.", Authoritative),
            ("ns1.example.", Authoritative),
            ("sub.example.", Delegation),
            ("ns.sub.example.", BelowCut),
            ("deep.ns.sub.example.", BelowCut),
        ];
        assert_eq!(kinds, want.map(|(s, k)| (s.to_string(), k)));
    }

    #[test]
    fn inserts_missing_ancestors_in_order() {
        use NameKind::*;
        let names = vec![
            entry("example.", Apex, &[RrType::SOA, RrType::NS]),
            entry("a.b.c.example.", Authoritative, &[RrType::A]),
            entry("x.b.c.example.", Authoritative, &[RrType::A]),
            entry("d.example.", Delegation, &[RrType::NS]),
            entry("ns.e.d.example.", BelowCut, &[RrType::A]),
        ];
        let full = add_empty_non_terminals(names);
        let got: Vec<(String, NameKind)> =
            full.iter().map(|c| (c.name.to_string(), c.kind)).collect();
        let want = [
            ("example.", Apex),
            ("c.example.", EmptyNonTerminal),
            ("b.c.example.", EmptyNonTerminal),
            ("a.b.c.example.", Authoritative),
            ("x.b.c.example.", Authoritative),
            ("d.example.", Delegation),
            ("e.d.example.", BelowCut),
            ("ns.e.d.example.", BelowCut),
        ];
        assert_eq!(got, want.map(|(s, k)| (s.to_string(), k)));
        assert_eq!(check_input(&full), Ok(&n("example.")));
        assert_eq!(add_empty_non_terminals(full.clone()), full, "idempotent");
    }

    #[test]
    fn input_checks() {
        use NameKind::*;
        let apex = entry("example.", Apex, &[]);
        let a = entry("a.example.", Authoritative, &[]);
        let out = entry("a.other.", Authoritative, &[]);
        assert_eq!(
            check_input(&[a.clone(), apex.clone()]),
            Err(ChainError::ApexNotFirst)
        );
        assert_eq!(check_input(&[]), Err(ChainError::ApexNotFirst));
        assert_eq!(
            check_input(&[apex.clone(), a.clone(), a.clone()]),
            Err(ChainError::NotInCanonicalOrder(n("a.example.")))
        );
        assert_eq!(
            check_input(&[apex.clone(), out]),
            Err(ChainError::OutOfZone(n("a.other.")))
        );
        assert!(entry("s.example.", Delegation, &[RrType::NS, RrType::DS]).is_secure_delegation());
        assert!(!entry("s.example.", Delegation, &[RrType::NS]).is_secure_delegation());
    }
}
