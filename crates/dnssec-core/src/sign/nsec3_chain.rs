//! Building the NSEC3 chain of a zone (RFC 5155 section 7.1): hash every name that needs
//! an NSEC3 (empty non-terminals included, insecure delegations left out under Opt-Out),
//! sort by hash and link each record to the next hash, wrapping at the end.
//!
//! [`Nsec3Order`] does the work over any [`Nsec3Source`] and keeps only a hash and an index
//! per record (24 bytes), so a signer can hold the order of a large zone cheaply and make
//! each record when it writes it; [`build_nsec3_chain`] makes all the records at once.

use rayon::prelude::*;

use crate::dnssec::{
    check_input, nsec3_hash_wire, nsec3_owner, nsec3_types, nsec3_wanted, ChainError, ChainName,
    EntsAbove, NameKind, Nsec3Hash,
};
use crate::name::Name;
use crate::rr::{Nsec3, Nsec3Params};
use crate::zone::is_at_or_below;
use crate::Ttl;

/// Above this many names the hashes are computed on rayon's thread pool.
const PARALLEL_THRESHOLD: usize = 512;

/// One NSEC3 record to add to the zone.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Nsec3Record {
    /// The hashed owner name, `<BASE32HEX>.<apex>` (RFC 5155 section 3).
    pub owner: Name,
    /// The TTL: the caller's min(SOA TTL, SOA MINIMUM) (RFC 9077 section 3.3;
    /// docs/bind-compat.md, "signzone: output formats and order").
    pub ttl: Ttl,
    /// The rdata.
    pub nsec3: Nsec3,
    /// The raw hash of the original owner.
    pub hash: Nsec3Hash,
    /// The original owner name this record stands for.
    pub original: Name,
}

/// A zone's names as the NSEC3 builder reads them: canonical order (RFC 4034 section 6.1),
/// the apex first. Entries may be left out (their `kind` is `None`); empty non-terminals
/// may be missing, the builder finds them.
pub(super) trait Nsec3Source: Sync {
    /// The number of entries.
    fn len(&self) -> usize;
    /// Entry `i`'s owner in uncompressed wire form.
    fn wire(&self, i: usize) -> &[u8];
    /// Entry `i`'s role, or `None` when it is not a name of the zone for the chain (no
    /// data of its own, or a record of an old chain).
    fn kind(&self, i: usize) -> Option<NameKind>;
    /// True when entry `i` is a delegation with a DS RRset (RFC 4035 section 2.3).
    fn is_secure(&self, i: usize) -> bool;
    /// A number to keep with entry `i`'s record, asked once per record in canonical order
    /// (a signer keeps its type bitmap's index here, so that writing the records in hash
    /// order needs no look at the names again).
    fn tag(&self, _i: usize) -> u32 {
        0
    }
}

/// The tag of the records of empty non-terminals the builder found.
pub(super) const EMPTY_NON_TERMINAL_TAG: u32 = u32::MAX;

impl Nsec3Source for [ChainName] {
    fn len(&self) -> usize {
        <[ChainName]>::len(self)
    }
    fn wire(&self, i: usize) -> &[u8] {
        self.get(i).map_or(&[0], |e| e.name.as_wire())
    }
    fn kind(&self, i: usize) -> Option<NameKind> {
        self.get(i).map(|e| e.kind)
    }
    fn is_secure(&self, i: usize) -> bool {
        self.get(i).is_some_and(ChainName::is_secure_delegation)
    }
}

/// What an NSEC3 record stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Nsec3Member<'a> {
    /// Entry `i` of the source.
    Entry(usize),
    /// An empty non-terminal the source did not list (RFC 4592 section 2.2.2).
    EmptyNonTerminal(&'a Name),
}

/// The NSEC3 chain of a zone in hash order, compactly: per record its hash and what it
/// stands for (RFC 5155 section 7.1). The records themselves are made on demand.
pub(super) struct Nsec3Order {
    /// (hash, member, tag) in ascending hash order. A member below `entries` is an entry of
    /// the source; from `entries` up it is `ents[member - entries]`.
    order: Vec<(Nsec3Hash, u32, u32)>,
    ents: Vec<Name>,
    entries: usize,
}

impl Nsec3Order {
    /// Hashes and orders the names of `source` that need an NSEC3 under `params` (its
    /// Opt-Out flag selects Opt-Out). `apex` is the zone apex; the source must start with
    /// it and be in canonical order.
    pub(super) fn build<S: Nsec3Source + ?Sized>(
        source: &S,
        apex: &Name,
        params: &Nsec3Params,
    ) -> Result<Nsec3Order, ChainError> {
        // Every owner is <32 characters>.<apex>: check the length once for all.
        nsec3_owner(&[0; 20], apex).map_err(|_| ChainError::OwnerTooLong)?;
        let n = source.len();
        let entries = u32::try_from(n).map_err(|_| ChainError::OwnerTooLong)?;
        let opt_out = params.is_opt_out();
        let apex_len = apex.wire_len();
        let mut ents: Vec<Name> = Vec::new();
        // Members that get an NSEC3 by themselves, and empty non-terminals that get one
        // when the walk finds such a member below them.
        let mut chosen: Vec<(u32, u32)> = Vec::with_capacity(n);
        let mut ent_candidates: Vec<(u32, bool)> = Vec::new();
        let mut below = EntsAbove::default();
        let mut previous: Option<usize> = None;
        let mut missing: Vec<usize> = Vec::new();
        for i in 0..n {
            let Some(kind) = source.kind(i) else { continue };
            let wire = source.wire(i);
            if let Some(p) = previous {
                // In canonical order a missing ancestor of a name is exactly one that is not
                // an ancestor (or the name itself) of the name just before it.
                let prev = source.wire(p);
                missing.clear();
                let mut at = 0usize;
                while let Some(&len) = wire.get(at) {
                    at += usize::from(len) + 1;
                    let ancestor = wire.get(at..).unwrap_or(&[]);
                    if ancestor.len() <= apex_len || is_at_or_below(prev, ancestor) {
                        break;
                    }
                    missing.push(at);
                }
                for &at in missing.iter().rev() {
                    let ent_wire = wire.get(at..).unwrap_or(&[]);
                    below.visit(ent_wire, false, |c| ent_candidates[c].1 = true);
                    if kind == NameKind::BelowCut {
                        continue; // an empty non-terminal below a cut: no NSEC3
                    }
                    let Ok(name) = Name::from_wire(ent_wire) else {
                        continue;
                    };
                    below.open(ent_candidates.len(), ent_wire);
                    ent_candidates.push((entries + ents.len() as u32, false));
                    ents.push(name);
                }
            }
            let member = nsec3_wanted(kind, source.is_secure(i), opt_out);
            below.visit(wire, member, |c| ent_candidates[c].1 = true);
            if member {
                chosen.push((i as u32, source.tag(i)));
            }
            if kind == NameKind::EmptyNonTerminal {
                below.open(ent_candidates.len(), wire);
                ent_candidates.push((i as u32, false));
            }
            previous = Some(i);
        }
        chosen.extend(
            ent_candidates
                .iter()
                .filter(|c| c.1)
                .map(|c| (c.0, EMPTY_NON_TERMINAL_TAG)),
        );
        drop(ent_candidates);
        let wire_of = |m: u32| -> &[u8] {
            if m < entries {
                source.wire(m as usize)
            } else {
                ents.get((m - entries) as usize)
                    .map_or(&[0], |e| e.as_wire())
            }
        };
        let hash_one = |&(m, tag): &(u32, u32)| {
            let hash = nsec3_hash_wire(wire_of(m), &params.salt, params.iterations);
            (hash, m, tag)
        };
        let mut order: Vec<(Nsec3Hash, u32, u32)> = if chosen.len() > PARALLEL_THRESHOLD {
            chosen.par_iter().map(hash_one).collect()
        } else {
            chosen.iter().map(hash_one).collect()
        };
        drop(chosen);
        // Ties only on a collision, which is an error; the member breaks them so the error
        // names the same pair every time.
        // The first 16 octets as one integer decide nearly every comparison.
        let prefix = |e: &(Nsec3Hash, u32, u32)| {
            let mut p = [0u8; 16];
            p.copy_from_slice(&e.0[..16]);
            u128::from_be_bytes(p)
        };
        let cmp = |a: &(Nsec3Hash, u32, u32), b: &(Nsec3Hash, u32, u32)| {
            prefix(a).cmp(&prefix(b)).then_with(|| a.cmp(b))
        };
        if order.len() > PARALLEL_THRESHOLD {
            order.par_sort_unstable_by(cmp);
        } else {
            order.sort_unstable_by(cmp);
        }
        if let Some(pair) = order.windows(2).find(|p| p[0].0 == p[1].0) {
            let name = |m: u32| Name::from_wire(wire_of(m)).unwrap_or_else(|_| Name::root());
            return Err(ChainError::HashCollision(name(pair[0].1), name(pair[1].1)));
        }
        Ok(Nsec3Order {
            order,
            ents,
            entries: n,
        })
    }

    /// The number of NSEC3 records.
    pub(super) fn len(&self) -> usize {
        self.order.len()
    }

    /// Record `k`'s hash, or `None` past the end.
    pub(super) fn hash(&self, k: usize) -> Option<&Nsec3Hash> {
        self.order.get(k).map(|(h, _, _)| h)
    }

    /// Record `k`'s tag ([`Nsec3Source::tag`]; [`EMPTY_NON_TERMINAL_TAG`] for an empty
    /// non-terminal the builder found).
    pub(super) fn tag(&self, k: usize) -> Option<u32> {
        self.order.get(k).map(|&(_, _, tag)| tag)
    }

    /// The next hashed owner of record `k` (RFC 5155 section 3.1.7): the hash of record
    /// `k + 1`, the last wrapping to the first.
    pub(super) fn next_hash(&self, k: usize) -> Option<&Nsec3Hash> {
        self.order
            .get(k + 1)
            .or(self.order.first())
            .map(|(h, _, _)| h)
    }

    /// What record `k` stands for.
    pub(super) fn member(&self, k: usize) -> Option<Nsec3Member<'_>> {
        let &(_, m, _) = self.order.get(k)?;
        let m = m as usize;
        Some(if m < self.entries {
            Nsec3Member::Entry(m)
        } else {
            Nsec3Member::EmptyNonTerminal(self.ents.get(m - self.entries)?)
        })
    }
}

/// Builds the NSEC3 chain for `names` (canonical order, apex first, empty non-terminals
/// may be included, see `add_empty_non_terminals`) with `params` (the Opt-Out bit of its
/// flags selects Opt-Out) and the given TTL (RFC 5155 section 7.1). Records come sorted by
/// hash.
pub fn build_nsec3_chain(
    names: &[ChainName],
    params: &Nsec3Params,
    ttl: Ttl,
) -> Result<Vec<Nsec3Record>, ChainError> {
    let apex = check_input(names)?;
    let order = Nsec3Order::build(names, apex, params)?;
    let mut records = Vec::with_capacity(order.len());
    for k in 0..order.len() {
        let (Some(hash), Some(next), Some(member)) =
            (order.hash(k), order.next_hash(k), order.member(k))
        else {
            break;
        };
        let (original, types) = match member {
            Nsec3Member::Entry(i) => (names[i].name.clone(), nsec3_types(&names[i])),
            Nsec3Member::EmptyNonTerminal(name) => (name.clone(), Vec::new()),
        };
        records.push(Nsec3Record {
            owner: nsec3_owner(hash, apex).map_err(|_| ChainError::OwnerTooLong)?,
            ttl,
            nsec3: Nsec3 {
                params: params.clone(),
                next_hashed: next.to_vec(),
                types,
            },
            hash: *hash,
            original,
        });
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dnssec::add_empty_non_terminals;
    use crate::dnssec::nsec3_hash;
    use crate::dnssec::nsec3_members;
    use crate::encoding::base32hex_encode;
    use crate::rr::{Nsec3HashAlgorithm, NSEC3_OPT_OUT};
    use crate::test_util::entry;
    use crate::RrType;
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
    fn empty_non_terminals_are_found_when_not_listed() {
        let listed = rfc5155_zone();
        let unlisted: Vec<ChainName> = listed
            .iter()
            .filter(|e| e.kind != EmptyNonTerminal)
            .cloned()
            .collect();
        assert!(unlisted.len() < listed.len());
        for flags in [0, NSEC3_OPT_OUT] {
            let params = rfc5155_params(flags);
            assert_eq!(
                build_nsec3_chain(&unlisted, &params, Ttl(1)).unwrap(),
                build_nsec3_chain(&listed, &params, Ttl(1)).unwrap()
            );
        }
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
