//! The streaming chain check against the chain builders and against damaged chains.

use std::borrow::Cow;

use super::*;
use crate::dnssec::ChainName;
use crate::rr::{Nsec, Nsec3, Nsec3HashAlgorithm, NSEC3_OPT_OUT};
use crate::sign::nsec3_chain::build_nsec3_chain;
use crate::sign::nsec_chain::build_nsec_chain;
use crate::sign::plan::OutSet;
use crate::test_util::{entry, n};
use crate::Ttl;
use NameKind::*;

/// A zone with a secure and an insecure delegation, glue, occluded data, empty
/// non-terminals (one above only an insecure delegation) and a wildcard.
fn zone() -> Vec<ChainName> {
    let mut names = vec![
        entry("example.", Apex, &[RrType::NS, RrType::SOA, RrType::DNSKEY]),
        entry("a.b.example.", Authoritative, &[RrType::A]),
        entry("x.y.insecure.example.", Delegation, &[RrType::NS]),
        entry("ns.x.y.insecure.example.", BelowCut, &[RrType::A]),
        entry("mail.example.", Authoritative, &[RrType::A, RrType::AAAA]),
        entry("sec.example.", Delegation, &[RrType::NS, RrType::DS]),
        entry("deep.ns.sec.example.", BelowCut, &[RrType::TXT]),
        entry("ns.sec.example.", BelowCut, &[RrType::A]),
        entry("*.wild.example.", Authoritative, &[RrType::TXT]),
    ];
    names.sort_by(|a, b| a.name.canonical_cmp(&b.name));
    names
}

fn set(rtype: RrType, rdata: Vec<u8>) -> OutSet<'static> {
    OutSet {
        rtype,
        ttl: Ttl(300),
        rdatas: vec![Cow::Owned(rdata)],
        canonical: None,
        sign: true,
        existing: Vec::new(),
        generated: false,
    }
}

fn name_node(e: &ChainName, extra: Option<OutSet<'static>>) -> OutNode<'static> {
    let mut sets: Vec<OutSet<'static>> = e.types.iter().map(|t| set(*t, vec![0])).collect();
    sets.extend(extra);
    sets.sort_by_key(|s| s.rtype);
    OutNode {
        owner: e.name.clone(),
        sets,
    }
}

fn nsec_zone() -> Vec<OutNode<'static>> {
    let names = zone();
    let chain = build_nsec_chain(&names, Ttl(300)).unwrap();
    names
        .iter()
        .map(|e| {
            let rec = chain.iter().find(|r| r.owner == e.name).map(|r| {
                let mut wire = Vec::new();
                r.nsec.to_wire(&mut wire);
                set(RrType::NSEC, wire)
            });
            name_node(e, rec)
        })
        .collect()
}

fn params(flags: u8) -> Nsec3Params {
    Nsec3Params {
        hash: Nsec3HashAlgorithm::SHA1,
        flags,
        iterations: 0,
        salt: vec![0xab],
    }
}

fn nsec3_zone(flags: u8) -> Vec<OutNode<'static>> {
    let mut names = zone();
    names[0].types.push(RrType::NSEC3PARAM);
    let mut param = Vec::new();
    Nsec3Params {
        flags: 0,
        ..params(flags)
    }
    .to_wire(&mut param);
    let mut nodes: Vec<OutNode<'static>> = names
        .iter()
        .map(|e| {
            let mut node = name_node(e, None);
            for s in &mut node.sets {
                if s.rtype == RrType::NSEC3PARAM {
                    *s = set(RrType::NSEC3PARAM, param.clone());
                }
            }
            node
        })
        .collect();
    let chain = build_nsec3_chain(
        &crate::dnssec::add_empty_non_terminals(names),
        &params(flags),
        Ttl(300),
    )
    .unwrap();
    for r in chain {
        let mut wire = Vec::new();
        r.nsec3.to_wire(&mut wire);
        nodes.push(OutNode {
            owner: r.owner,
            sets: vec![set(RrType::NSEC3, wire)],
        });
    }
    nodes
}

fn check(nodes: &[OutNode<'_>]) -> Vec<String> {
    let mut c = ChainCheck::new(&n("example."));
    for node in nodes {
        c.observe(node);
    }
    c.finish().iter().map(ToString::to_string).collect()
}

fn nsec_of(node: &mut OutNode<'_>) -> Nsec {
    let s = node.sets.iter().find(|s| s.rtype == RrType::NSEC).unwrap();
    Nsec::from_wire(&s.rdatas[0]).unwrap()
}

fn set_nsec(node: &mut OutNode<'static>, nsec: &Nsec) {
    let mut wire = Vec::new();
    nsec.to_wire(&mut wire);
    let s = node
        .sets
        .iter_mut()
        .find(|s| s.rtype == RrType::NSEC)
        .unwrap();
    *s = set(RrType::NSEC, wire);
}

#[test]
fn built_chains_pass() {
    assert_eq!(check(&nsec_zone()), Vec::<String>::new());
    assert_eq!(check(&nsec3_zone(0)), Vec::<String>::new());
    assert_eq!(check(&nsec3_zone(NSEC3_OPT_OUT)), Vec::<String>::new());
    assert!(
        nsec3_zone(NSEC3_OPT_OUT).len() < nsec3_zone(0).len(),
        "opt-out leaves the insecure delegation and the empty non-terminals above it out"
    );
}

#[test]
fn broken_nsec_chains_are_caught() {
    // A next name that skips a name.
    let mut nodes = nsec_zone();
    let mut nsec = nsec_of(&mut nodes[1]);
    let skipped = nsec.next.clone();
    nsec.next = n("sec.example.");
    set_nsec(&mut nodes[1], &nsec);
    assert_eq!(
        check(&nodes),
        [format!(
            "Bad NSEC record for a.b.example, next name mismatch (expected:{}, found:sec.example)",
            skipped.bind_text()
        )]
    );

    // The last record not wrapping to the apex.
    let mut nodes = nsec_zone();
    let last = nodes.len() - 1;
    let mut nsec = nsec_of(&mut nodes[last]);
    nsec.next = n("zzz.example.");
    set_nsec(&mut nodes[last], &nsec);
    assert_eq!(check(&nodes).len(), 1);
    assert!(check(&nodes)[0].contains("(expected:example, found:zzz.example)"));

    // A bitmap that lists a type the name lacks; a name without its NSEC; glue with one.
    let mut nodes = nsec_zone();
    let mut nsec = nsec_of(&mut nodes[0]);
    nsec.types.push(RrType::MX);
    set_nsec(&mut nodes[0], &nsec);
    let mail = nodes
        .iter()
        .position(|n| n.owner.to_string() == "mail.example.")
        .unwrap();
    nodes[mail].sets.retain(|s| s.rtype != RrType::NSEC);
    let glue = nodes
        .iter()
        .position(|n| n.owner.to_string() == "ns.sec.example.")
        .unwrap();
    nodes[glue].sets.push(set(RrType::NSEC, vec![0, 0, 1, 0]));
    let texts = check(&nodes);
    assert!(
        texts.contains(&"Bad NSEC record for example, bit map mismatch".to_string()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Missing NSEC record for mail.example".to_string()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Unexpected NSEC record for ns.sec.example".to_string()),
        "{texts:?}"
    );

    // Names out of order.
    let mut nodes = nsec_zone();
    nodes.swap(1, 2);
    assert!(check(&nodes)
        .iter()
        .any(|t| t.ends_with("is out of canonical order")));
}

#[test]
fn broken_nsec3_chains_are_caught() {
    let names_end = zone().len();
    // Two records swapped: out of order, and the links break.
    let mut nodes = nsec3_zone(0);
    nodes.swap(names_end, names_end + 1);
    let texts = check(&nodes);
    assert!(
        texts.iter().any(|t| t.contains("is out of hash order")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Break in NSEC3 chain at: ")),
        "{texts:?}"
    );

    // A record missing: a break, and the chains differ.
    let mut nodes = nsec3_zone(0);
    nodes.remove(names_end + 2);
    let texts = check(&nodes);
    assert!(texts
        .iter()
        .any(|t| t.starts_with("Break in NSEC3 chain at: ")));
    assert!(texts.contains(&"Expected and found NSEC3 chains not equal".to_string()));

    // A wrong bitmap on one record: only the fingerprint can tell.
    let mut nodes = nsec3_zone(0);
    let k = names_end + 3;
    let mut rec = Nsec3::from_wire(&nodes[k].sets[0].rdatas[0]).unwrap();
    rec.types.push(RrType::HINFO);
    rec.types.sort_unstable();
    let mut wire = Vec::new();
    rec.to_wire(&mut wire);
    let before = nodes[k].sets[0].rdatas[0].to_vec();
    nodes[k].sets[0] = set(RrType::NSEC3, wire.clone());
    assert_ne!(before, wire);
    assert_eq!(check(&nodes), ["Expected and found NSEC3 chains not equal"]);

    // A name the chain does not cover: the records are fine, the names are not.
    let mut nodes = nsec3_zone(0);
    nodes.insert(
        1,
        name_node(&entry("aaa.example.", Authoritative, &[RrType::A]), None),
    );
    assert_eq!(check(&nodes), ["Expected and found NSEC3 chains not equal"]);

    // The last record not pointing at the first.
    let mut nodes = nsec3_zone(0);
    let last = nodes.len() - 1;
    let mut rec = Nsec3::from_wire(&nodes[last].sets[0].rdatas[0]).unwrap();
    rec.next_hashed[0] ^= 1;
    let mut wire = Vec::new();
    rec.to_wire(&mut wire);
    nodes[last].sets[0] = set(RrType::NSEC3, wire);
    let texts = check(&nodes);
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(texts[0].starts_with("Break in NSEC3 chain at: "));

    // Opt-Out records for a chain built without it, and an NSEC in an NSEC3 zone.
    let mut nodes = nsec3_zone(0);
    nodes.truncate(names_end);
    nodes.extend(nsec3_zone(NSEC3_OPT_OUT).into_iter().skip(names_end));
    assert_eq!(
        check(&nodes),
        Vec::<String>::new(),
        "opt-out read from the records"
    );
    nodes[1].sets.push(set(RrType::NSEC, vec![0, 0, 1, 0]));
    assert_eq!(check(&nodes), ["Unexpected NSEC record for a.b.example"]);
}

#[test]
fn fingerprints_ignore_order_and_see_pairs() {
    let (h1, h2) = ([1u8; 20], [2u8; 20]);
    let (b1, b2) = ([0u8, 1, 0x40], [0u8, 1, 0x60]);
    let of = |pairs: &[(&[u8], &[u8])]| {
        let mut f = Fingerprint::default();
        for (h, b) in pairs {
            f.add(h, b);
        }
        f
    };
    let base = of(&[(&h1, &b1), (&h2, &b2)]);
    assert_eq!(base, of(&[(&h2, &b2), (&h1, &b1)]), "order does not matter");
    assert_ne!(base, of(&[(&h1, &b2), (&h2, &b1)]), "bitmaps swapped");
    assert_ne!(
        base,
        of(&[(&h1, &b1), (&h2, &b2), (&h2, &b2)]),
        "one pair more"
    );
    assert_ne!(base, of(&[(&h1, &b1), (&h2, &[])]), "a bitmap emptied");
    assert_ne!(base, of(&[(&h1, &b1), (&[3u8; 20], &b2)]), "another hash");
}

#[test]
fn no_chain_at_all() {
    let names = zone();
    let nodes: Vec<OutNode<'_>> = names.iter().map(|e| name_node(e, None)).collect();
    assert_eq!(check(&nodes), ["No valid NSEC/NSEC3 chain for testing"]);
    assert_eq!(check(&[]), ["No valid NSEC/NSEC3 chain for testing"]);
}
