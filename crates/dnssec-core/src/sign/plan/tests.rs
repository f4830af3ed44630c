//! The plan signs a zone the same way in any chunk size, and its chains match the builders.

use super::*;
use crate::crypto::PrivateKey;
use crate::dnssec::add_empty_non_terminals;
use crate::rr::{Nsec3HashAlgorithm, NSEC3_OPT_OUT};
use crate::sign::chain_check::ChainCheck;
use crate::sign::nsec3_chain::build_nsec3_chain;
use crate::sign::nsec_chain::build_nsec_chain;
use crate::test_util::{ctx, key};
use crate::zonefile::Reader;
use crate::{Algorithm, Class};

/// Delegations (secure, insecure, with glue and occluded data), empty non-terminals
/// (one above only an insecure delegation), a wildcard, a DNAME with data below it,
/// mixed case, and an old NSEC3 owner left from a previous chain.
const ZONE: &str = "$TTL 300\n\
@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n\
sec NS ns.sec\nsec DS 1 13 2 0000000000000000000000000000000000000000000000000000000000000000\n\
ns.sec A 192.0.2.2\ndeep.x.ns.sec TXT occluded\n\
x.y.insecure NS ns.other.\na.b.c TXT deep\n*.wild MX 10 ns\n\
Mixed TXT case\nalias DNAME elsewhere.\nunder.alias A 192.0.2.3\n\
0123456789abcdefghijklmnopqrstuv NSEC3 1 0 0 - 0123456789ABCDEFGHIJKLMNOPQRSTUV A\n";

fn zone() -> Zone {
    let origin = Name::parse("example.", None).unwrap();
    let mut text = String::from(ZONE);
    for i in 0..40 {
        text.push_str(&format!("d{i} NS ns.d{i}\nns.d{i} A 192.0.2.9\n"));
        if i % 3 == 0 {
            text.push_str(&format!("d{i} DS {i} 13 2 {}\n", "AB".repeat(32)));
        }
    }
    let reader = Reader::from_str(&text, "test", Some(origin.clone()));
    Zone::from_reader(reader, &origin, Class::IN).unwrap()
}

fn changes(chain: ChainKind) -> Changes {
    Changes {
        apex: Vec::new(),
        ds: HashMap::new(),
        chain,
        chain_ttl: Ttl(5),
        max_ttl: None,
    }
}

fn nsec3(flags: u8) -> ChainKind {
    ChainKind::Nsec3(Nsec3Params {
        hash: Nsec3HashAlgorithm::SHA1,
        flags,
        iterations: 1,
        salt: vec![0xab, 0xcd],
    })
}

/// Every output record and signature count, in output order, as text.
fn render(plan: &Plan<'_>, ctx: &Context<'_>, chunk: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = ChainCheck::new(plan.zone().origin());
    plan.sign_chunks::<PlanError>(ctx, chunk, |c| {
        for (node, signed) in c.nodes.iter().zip(&c.signed) {
            check.observe(node);
            for (set, sigs) in node.sets.iter().zip(signed) {
                for rd in &set.rdatas {
                    out.push(format!(
                        "{} {} {rd:?} {}",
                        node.owner,
                        set.rtype,
                        sigs.sigs.len()
                    ));
                }
            }
        }
        Ok(())
    })
    .unwrap();
    assert_eq!(
        check.finish(),
        vec![],
        "the streaming check accepts the output"
    );
    out
}

#[test]
fn output_does_not_depend_on_the_chunk_size_and_the_chains_match_the_builders() {
    let zone = zone();
    let ksk = PrivateKey::generate(Algorithm::ED25519, None).unwrap();
    let zsk = PrivateKey::generate(Algorithm::ED25519, None).unwrap();
    let ctx = ctx(vec![key(&ksk, true), key(&zsk, false)], 1_800_000_000);
    let mut names = crate::dnssec::chain_names(&zone);
    names.retain(|e| !e.types.iter().all(|t| regenerated(*t, false)));
    for chain in [ChainKind::Nsec, nsec3(0), nsec3(NSEC3_OPT_OUT)] {
        let plan = Plan::new(&zone, changes(chain.clone())).unwrap();
        let whole = render(&plan, &ctx, 100_000);
        for chunk in [1, 3, 16] {
            assert_eq!(
                render(&plan, &ctx, chunk),
                whole,
                "{chain:?} in chunks of {chunk}"
            );
        }
        // The chain written is the one the batch builders make from the same names.
        let written: Vec<&String> = whole
            .iter()
            .filter(|l| l.contains(" NSEC ") || l.contains(" NSEC3 "))
            .collect();
        let built: Vec<String> = match &chain {
            ChainKind::Nsec => build_nsec_chain(&names, Ttl(5))
                .unwrap()
                .into_iter()
                .map(|r| {
                    let mut wire = Vec::new();
                    r.nsec.to_wire(&mut wire);
                    format!("{} NSEC {wire:?} 1", r.owner)
                })
                .collect(),
            ChainKind::Nsec3(params) => {
                let mut names = names.clone();
                names[0].types.push(RrType::NSEC3PARAM);
                build_nsec3_chain(&add_empty_non_terminals(names), params, Ttl(5))
                    .unwrap()
                    .into_iter()
                    .map(|r| {
                        let mut wire = Vec::new();
                        r.nsec3.to_wire(&mut wire);
                        format!("{} NSEC3 {wire:?} 1", r.owner)
                    })
                    .collect()
            }
        };
        assert_eq!(written, built.iter().collect::<Vec<_>>(), "{chain:?}");
        assert!(written.len() > 20, "{chain:?}: {}", written.len());
    }
}

#[test]
fn a_zone_must_start_at_its_apex() {
    let origin = Name::parse("example.", None).unwrap();
    let reader = Reader::from_str("a 300 A 192.0.2.1\n", "t", Some(origin.clone()));
    let zone = Zone::from_reader(reader, &origin, Class::IN).unwrap();
    assert!(matches!(
        Plan::new(&zone, changes(ChainKind::Nsec)),
        Err(PlanError::Chain(ChainError::ApexNotFirst))
    ));
}
