//! Building the NSEC chain of a zone (RFC 4034 section 4, RFC 4035 section 2.3): one NSEC
//! per authoritative name and per delegation, in canonical order, the last pointing back to
//! the apex.

use super::chain_name::{check_input, data_types, ChainError, ChainName, NameKind};
use crate::name::Name;
use crate::rr::nsec::Nsec;
use crate::{RrType, Ttl};

/// One NSEC record to add to the zone.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NsecRecord {
    /// The owner name (case as in the input).
    pub owner: Name,
    /// The TTL: the caller's min(SOA TTL, SOA MINIMUM) (RFC 9077 section 3.3; REFERENCE.md 1.7).
    pub ttl: Ttl,
    /// The rdata.
    pub nsec: Nsec,
}

/// True when the name gets an NSEC record (RFC 4035 section 2.3: every authoritative name
/// and every delegation point; never glue, occluded names or empty non-terminals).
pub fn in_nsec_chain(entry: &ChainName) -> bool {
    matches!(
        entry.kind,
        NameKind::Apex | NameKind::Authoritative | NameKind::Delegation
    )
}

/// The NSEC type bitmap for a name (RFC 4034 section 4.1.2, RFC 4035 section 2.3): its types
/// plus NSEC and RRSIG; at a delegation only NS, DS (if present), NSEC and RRSIG, because
/// anything else there is occluded.
pub fn nsec_types(entry: &ChainName) -> Vec<RrType> {
    nsec_bitmap(entry.kind, &entry.types)
}

/// [`nsec_types`] for a name of role `kind` holding `types` (NSEC, NSEC3 and RRSIG among
/// them are ignored), for callers that have no [`ChainName`] at hand.
pub fn nsec_bitmap(kind: NameKind, types: &[RrType]) -> Vec<RrType> {
    let mut types = data_types(types);
    if kind == NameKind::Delegation {
        types.retain(|t| matches!(*t, RrType::NS | RrType::DS));
    }
    types.extend([RrType::NSEC, RrType::RRSIG]);
    types.sort_unstable();
    types.dedup();
    types
}

/// Builds the NSEC chain for `names` (canonical order, apex first; empty non-terminals and
/// names below cuts may be present and are skipped) with the given TTL (RFC 4034 section 4).
pub fn build_nsec_chain(names: &[ChainName], ttl: Ttl) -> Result<Vec<NsecRecord>, ChainError> {
    let apex = check_input(names)?;
    let members: Vec<&ChainName> = names.iter().filter(|e| in_nsec_chain(e)).collect();
    let mut records = Vec::with_capacity(members.len());
    for (i, entry) in members.iter().enumerate() {
        let next = members.get(i + 1).map_or(apex, |e| &e.name);
        records.push(NsecRecord {
            owner: entry.name.clone(),
            ttl,
            nsec: Nsec {
                next: next.clone(),
                types: nsec_types(entry),
            },
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::chain_name::tests::{entry, n};
    use NameKind::*;

    #[test]
    fn rfc4035_appendix_a_style_zone() {
        let names = vec![
            entry(
                "example.",
                Apex,
                &[
                    RrType::SOA,
                    RrType::NS,
                    RrType::MX,
                    RrType::DNSKEY,
                    RrType::RRSIG,
                ],
            ),
            entry(
                "a.example.",
                Delegation,
                &[RrType::NS, RrType::DS, RrType::A],
            ),
            entry("ns1.a.example.", BelowCut, &[RrType::A]),
            entry("b.example.", Delegation, &[RrType::NS]),
            entry("c.example.", EmptyNonTerminal, &[]),
            entry("x.c.example.", Authoritative, &[RrType::A, RrType::NSEC]),
            entry("*.w.example.", Authoritative, &[RrType::MX]),
        ];
        let chain = build_nsec_chain(&names, Ttl(300)).unwrap();
        let got: Vec<String> = chain
            .iter()
            .map(|r| {
                let types: Vec<String> = r.nsec.types.iter().map(|t| t.to_string()).collect();
                format!("{} {} {} {}", r.owner, r.ttl, r.nsec.next, types.join(" "))
            })
            .collect();
        assert_eq!(
            got,
            [
                "example. 300 a.example. NS SOA MX RRSIG NSEC DNSKEY",
                "a.example. 300 b.example. NS DS RRSIG NSEC",
                "b.example. 300 x.c.example. NS RRSIG NSEC",
                "x.c.example. 300 *.w.example. A RRSIG NSEC",
                "*.w.example. 300 example. MX RRSIG NSEC",
            ]
        );
        assert_eq!(
            build_nsec_chain(&names[1..], Ttl(1)),
            Err(ChainError::ApexNotFirst)
        );
    }

    #[test]
    fn apex_alone_points_to_itself() {
        let names = vec![entry("Example.", Apex, &[RrType::SOA, RrType::NS])];
        let chain = build_nsec_chain(&names, Ttl(60)).unwrap();
        assert_eq!(chain.len(), 1);
        assert_eq!(chain[0].nsec.next.as_wire(), n("Example.").as_wire());
    }
}
