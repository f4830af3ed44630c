//! Building the NSEC3 chain of a zone (RFC 5155 section 7.1): hash every name that needs
//! an NSEC3 (empty non-terminals included, insecure delegations left out under Opt-Out),
//! sort by hash and link each record to the next hash, wrapping at the end.

use std::collections::HashSet;

use rayon::prelude::*;

use super::chain_name::{check_input, ChainError, ChainName, NameKind};
use super::nsec3hash::{nsec3_hash, nsec3_owner, Nsec3Hash};
use crate::name::Name;
use crate::rr::nsec::{Nsec3, Nsec3Params};
use crate::{RrType, Ttl};

/// Above this many names the hashes are computed on rayon's thread pool.
const PARALLEL_THRESHOLD: usize = 512;

/// One NSEC3 record to add to the zone.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Nsec3Record {
    /// The hashed owner name, `<BASE32HEX>.<apex>` (RFC 5155 section 3).
    pub owner: Name,
    /// The TTL: the caller's min(SOA TTL, SOA MINIMUM) (RFC 9077 section 3.3; REFERENCE.md 1.7).
    pub ttl: Ttl,
    /// The rdata.
    pub nsec3: Nsec3,
    /// The raw hash of the original owner.
    pub hash: Nsec3Hash,
    /// The original owner name this record stands for.
    pub original: Name,
}

/// The NSEC3 type bitmap for a name (RFC 5155 section 7.1): its types, plus RRSIG when
/// something there is signed, plus NSEC3PARAM at the apex; at a delegation only NS and DS
/// (and RRSIG when DS makes it secure); nothing for an empty non-terminal.
pub fn nsec3_types(entry: &ChainName) -> Vec<RrType> {
    let mut types = entry.data_types();
    match entry.kind {
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

/// Which names get an NSEC3 (RFC 5155 section 7.1): everything but names below cuts; with
/// Opt-Out, not insecure delegations nor empty non-terminals that only lead to them (BIND
/// leaves those out too). Returns one flag per input name.
pub fn nsec3_members(names: &[ChainName], opt_out: bool) -> Vec<bool> {
    let apex = names.first().map(|e| &e.name);
    let wanted = |e: &ChainName| match e.kind {
        NameKind::BelowCut | NameKind::EmptyNonTerminal => false,
        NameKind::Delegation => !opt_out || e.is_secure_delegation(),
        NameKind::Apex | NameKind::Authoritative => true,
    };
    // An empty non-terminal is kept when some kept name lies below it.
    let mut needed: HashSet<Name> = HashSet::new();
    for entry in names.iter().filter(|e| wanted(e)) {
        let mut ancestor = entry.name.parent();
        while let Some(a) = ancestor {
            if Some(&a) == apex || needed.contains(&a) {
                break;
            }
            ancestor = a.parent();
            needed.insert(a);
        }
    }
    names
        .iter()
        .map(|e| wanted(e) || (e.kind == NameKind::EmptyNonTerminal && needed.contains(&e.name)))
        .collect()
}

/// Builds the NSEC3 chain for `names` (canonical order, apex first, empty non-terminals
/// included, see `add_empty_non_terminals`) with `params` (the Opt-Out bit of its flags
/// selects Opt-Out) and the given TTL (RFC 5155 section 7.1). Records come sorted by hash.
pub fn build_nsec3_chain(
    names: &[ChainName],
    params: &Nsec3Params,
    ttl: Ttl,
) -> Result<Vec<Nsec3Record>, ChainError> {
    let apex = check_input(names)?;
    let members = nsec3_members(names, params.is_opt_out());
    let chosen: Vec<&ChainName> = names
        .iter()
        .zip(&members)
        .filter(|(_, &m)| m)
        .map(|(e, _)| e)
        .collect();
    let hash_one = |e: &ChainName| nsec3_hash(&e.name, &params.salt, params.iterations);
    let hashes: Vec<Nsec3Hash> = if chosen.len() > PARALLEL_THRESHOLD {
        chosen.par_iter().map(|e| hash_one(e)).collect()
    } else {
        chosen.iter().map(|e| hash_one(e)).collect()
    };
    let mut hashed: Vec<(Nsec3Hash, &ChainName)> = hashes.into_iter().zip(chosen).collect();
    hashed.sort_unstable_by_key(|h| h.0);
    if let Some(pair) = hashed.windows(2).find(|p| p[0].0 == p[1].0) {
        return Err(ChainError::HashCollision(
            pair[0].1.name.clone(),
            pair[1].1.name.clone(),
        ));
    }
    let mut records = Vec::with_capacity(hashed.len());
    for (i, (hash, entry)) in hashed.iter().enumerate() {
        let next = hashed.get(i + 1).or(hashed.first()).map_or(*hash, |h| h.0);
        records.push(Nsec3Record {
            owner: nsec3_owner(hash, apex).map_err(|_| ChainError::OwnerTooLong)?,
            ttl,
            nsec3: Nsec3 {
                params: params.clone(),
                next_hashed: next.to_vec(),
                types: nsec3_types(entry),
            },
            hash: *hash,
            original: entry.name.clone(),
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rr::nsec::{Nsec3HashAlgorithm, NSEC3_OPT_OUT};
    use crate::sign::chain_name::add_empty_non_terminals;
    use crate::sign::chain_name::tests::entry;
    use crate::sign::nsec3hash::base32hex_encode;
    use NameKind::*;

    fn rfc5155_params(flags: u8) -> Nsec3Params {
        Nsec3Params {
            hash: Nsec3HashAlgorithm::SHA1,
            flags,
            iterations: 12,
            salt: vec![0xaa, 0xbb, 0xcc, 0xdd],
        }
    }

    /// The example zone of RFC 5155 Appendix A, as names, types and roles.
    fn rfc5155_zone() -> Vec<ChainName> {
        use RrType as T;
        let mut names = vec![
            entry(
                "example.",
                Apex,
                &[T::NS, T::SOA, T::MX, T::DNSKEY, T::NSEC3PARAM],
            ),
            entry("a.example.", Delegation, &[T::NS, T::DS]),
            entry("ns1.a.example.", BelowCut, &[T::A]),
            entry("ns2.a.example.", BelowCut, &[T::A]),
            entry("ai.example.", Authoritative, &[T::A, T::HINFO, T::AAAA]),
            entry("c.example.", Delegation, &[T::NS]),
            entry("ns1.c.example.", BelowCut, &[T::A]),
            entry("ns2.c.example.", BelowCut, &[T::A]),
            entry("ns1.example.", Authoritative, &[T::A]),
            entry("ns2.example.", Authoritative, &[T::A]),
            entry(
                "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.",
                Authoritative,
                &[T::A],
            ),
            entry("*.w.example.", Authoritative, &[T::MX]),
            entry("x.w.example.", Authoritative, &[T::MX]),
            entry("x.y.w.example.", Authoritative, &[T::MX]),
            entry("xx.example.", Authoritative, &[T::A, T::HINFO, T::AAAA]),
        ];
        names.sort_by(|a, b| a.name.canonical_cmp(&b.name));
        add_empty_non_terminals(names)
    }

    fn render(chain: &[Nsec3Record]) -> Vec<String> {
        chain
            .iter()
            .map(|r| {
                let mut next = String::new();
                base32hex_encode(&r.nsec3.next_hashed, &mut next);
                let types: Vec<String> = r.nsec3.types.iter().map(|t| t.to_string()).collect();
                format!(
                    "{} {} {} {}",
                    r.owner.to_string().to_ascii_lowercase(),
                    r.nsec3.params.flags,
                    next.to_ascii_lowercase(),
                    types.join(" ")
                )
            })
            .collect()
    }

    #[test]
    fn rfc5155_appendix_a_chain() {
        // RFC 5155 Appendix A lists these 12 NSEC3 records (Opt-Out set, c.example. omitted).
        let chain =
            build_nsec3_chain(&rfc5155_zone(), &rfc5155_params(NSEC3_OPT_OUT), Ttl(3600)).unwrap();
        assert_eq!(
            render(&chain),
            [
                "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 1 2t7b4g4vsa5smi47k61mv5bv1a22bojr NS SOA MX RRSIG DNSKEY NSEC3PARAM",
                "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. 1 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG",
                "2vptu5timamqttgl4luu9kg21e0aor3s.example. 1 35mthgpgcu1qg68fab165klnsnk3dpvl MX RRSIG",
                "35mthgpgcu1qg68fab165klnsnk3dpvl.example. 1 b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG",
                "b4um86eghhds6nea196smvmlo4ors995.example. 1 gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG",
                "gjeqe526plbf1g8mklp59enfd789njgi.example. 1 ji6neoaepv8b5o6k4ev33abha8ht9fgc A HINFO AAAA RRSIG",
                "ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. 1 k8udemvp1j2f7eg6jebps17vp3n8i58h ",
                "k8udemvp1j2f7eg6jebps17vp3n8i58h.example. 1 kohar7mbb8dc2ce8a9qvl8hon4k53uhi ",
                "kohar7mbb8dc2ce8a9qvl8hon4k53uhi.example. 1 q04jkcevqvmu85r014c7dkba38o0ji5r A RRSIG",
                "q04jkcevqvmu85r014c7dkba38o0ji5r.example. 1 r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG",
                "r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. 1 t644ebqk9bibcna874givr6joj62mlhv MX RRSIG",
                "t644ebqk9bibcna874givr6joj62mlhv.example. 1 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A HINFO AAAA RRSIG",
            ]
        );
    }

    #[test]
    fn without_opt_out_insecure_delegations_are_in() {
        let chain = build_nsec3_chain(&rfc5155_zone(), &rfc5155_params(0), Ttl(3600)).unwrap();
        assert_eq!(chain.len(), 13);
        let c = chain
            .iter()
            .find(|r| r.original.to_string() == "c.example.")
            .unwrap();
        assert_eq!(c.nsec3.types, vec![RrType::NS]);
        assert!(chain.iter().all(|r| r.nsec3.params.flags == 0));
        for (i, r) in chain.iter().enumerate() {
            assert_eq!(
                r.nsec3.next_hashed,
                chain[(i + 1) % chain.len()].hash.to_vec()
            );
        }
    }

    #[test]
    fn opt_out_drops_ents_that_only_lead_to_insecure_delegations() {
        let names = add_empty_non_terminals(vec![
            entry("example.", Apex, &[RrType::SOA, RrType::NS]),
            entry("x.y.opt.example.", Delegation, &[RrType::NS]),
            entry("a.b.example.", Authoritative, &[RrType::A]),
        ]);
        let members = nsec3_members(&names, true);
        let kept: Vec<String> = names
            .iter()
            .zip(members)
            .filter(|(_, m)| *m)
            .map(|(e, _)| e.name.to_string())
            .collect();
        assert_eq!(kept, ["example.", "b.example.", "a.b.example."]);
        assert_eq!(
            nsec3_members(&names, false).iter().filter(|m| **m).count(),
            6
        );
    }

    #[test]
    fn parallel_and_serial_hashing_agree() {
        let mut names = vec![entry("example.", Apex, &[RrType::SOA, RrType::NS])];
        let mut others: Vec<ChainName> = (0..PARALLEL_THRESHOLD + 10)
            .map(|i| entry(&format!("h{i}.example."), Authoritative, &[RrType::A]))
            .collect();
        others.sort_by(|a, b| a.name.canonical_cmp(&b.name));
        names.extend(others);
        let params = rfc5155_params(0);
        let chain = build_nsec3_chain(&names, &params, Ttl(1)).unwrap();
        assert_eq!(chain.len(), names.len());
        for r in &chain {
            assert_eq!(
                r.hash,
                nsec3_hash(&r.original, &params.salt, params.iterations)
            );
        }
        assert!(chain.windows(2).all(|w| w[0].hash < w[1].hash));
    }
}
