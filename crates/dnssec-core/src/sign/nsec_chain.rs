//! Building the NSEC chain of a zone (RFC 4034 section 4, RFC 4035 section 2.3): one NSEC
//! per authoritative name and per delegation, in canonical order, the last pointing back to
//! the apex.

use crate::dnssec::{check_input, in_nsec_chain, nsec_types, ChainError, ChainName};
use crate::name::Name;
use crate::rr::Nsec;
use crate::Ttl;

/// One NSEC record to add to the zone.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NsecRecord {
    /// The owner name (case as in the input).
    pub owner: Name,
    /// The TTL: the caller's min(SOA TTL, SOA MINIMUM) (RFC 9077 section 3.3;
    /// docs/bind-compat.md, "signzone: output formats and order").
    pub ttl: Ttl,
    /// The rdata.
    pub nsec: Nsec,
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
    use crate::dnssec::NameKind::*;
    use crate::test_util::{entry, n};
    use crate::RrType;

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
