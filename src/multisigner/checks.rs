//! The group checks of issue 15 (docs/bind-compat.md, "multisigner"): ZSKs everywhere,
//! CDS/CDNSKEY the same union everywhere, no colliding key tags, the same algorithms and NS
//! RRsets, and a server's addresses agreeing. Each finding names the provider and the key.

use dnssec_core::crypto::ds_matches;
use dnssec_core::rr::{Dnskey, Ds};
use dnssec_core::{Name, RrType};

use super::keys::{key_text, ksks, zsks};
use super::view::Provider;

/// One problem: the provider it is about (its label) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The provider's label.
    pub provider: String,
    /// What is wrong, naming keys as [`key_text`] does.
    pub text: String,
}

fn finding(p: &Provider, text: String) -> Finding {
    Finding {
        provider: p.label.clone(),
        text,
    }
}

/// The CDS delete form `0 0 0 00` (RFC 8078 section 4).
const CDS_DELETE: [u8; 5] = [0, 0, 0, 0, 0];
/// The CDNSKEY delete form `0 3 0 AA==` (RFC 8078 section 4).
const CDNSKEY_DELETE: [u8; 5] = [0, 0, 3, 0, 0];

/// What a provider publishes of one sync type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sync {
    Absent,
    Delete,
    Records,
}

fn sync_state(p: &Provider, zone: &Name, rtype: RrType) -> Sync {
    let delete: &[u8] = if rtype == RrType::CDS {
        &CDS_DELETE
    } else {
        &CDNSKEY_DELETE
    };
    match p.apex(zone, rtype) {
        None => Sync::Absent,
        Some(s) if s.rdatas.is_empty() => Sync::Absent,
        Some(s) if s.rdatas.len() == 1 && s.rdatas[0] == delete => Sync::Delete,
        Some(_) => Sync::Records,
    }
}

fn rdatas<'a>(p: &'a Provider, zone: &Name, t: RrType) -> &'a [Vec<u8>] {
    p.apex(zone, t).map_or(&[], |s| s.rdatas.as_slice())
}

/// Every check but the cross-validation, in a fixed order.
pub fn run(zone: &Name, providers: &[Provider]) -> Vec<Finding> {
    let mut out = Vec::new();
    addresses(providers, &mut out);
    zsks_everywhere(zone, providers, &mut out);
    sync_sets(zone, providers, &mut out);
    collisions(zone, providers, &mut out);
    algorithms(zone, providers, &mut out);
    same_rrset(zone, providers, RrType::NS, &mut out);
    out
}

fn addresses(providers: &[Provider], out: &mut Vec<Finding>) {
    for p in providers {
        for (t, a, b) in &p.disagreements {
            let t = t.mnemonic().unwrap_or("?");
            out.push(finding(
                p,
                format!("addresses {a} and {b} serve different {t} RRsets"),
            ));
        }
    }
}

fn zsks_everywhere(zone: &Name, providers: &[Provider], out: &mut Vec<Finding>) {
    for signer in providers {
        let (keys, unknown) = zsks(signer, zone);
        for (tag, alg) in unknown {
            out.push(finding(
                signer,
                format!("data signed by key {tag}/{alg}, which is not in its DNSKEY RRset"),
            ));
        }
        for q in providers {
            let theirs = rdatas(q, zone, RrType::DNSKEY);
            for k in &keys {
                if !theirs.contains(&k.to_wire()) {
                    out.push(finding(
                        q,
                        format!(
                            "DNSKEY RRset lacks {} that signs the data of {}",
                            key_text(k),
                            signer.label
                        ),
                    ));
                }
            }
        }
    }
}

fn sync_sets(zone: &Name, providers: &[Provider], out: &mut Vec<Finding>) {
    let Some(first) = providers.first() else {
        return;
    };
    for t in [RrType::CDS, RrType::CDNSKEY] {
        let name = t.mnemonic().unwrap_or("?");
        let states: Vec<Sync> = providers.iter().map(|p| sync_state(p, zone, t)).collect();
        for (p, s) in providers.iter().zip(&states).skip(1) {
            if rdatas(p, zone, t) != rdatas(first, zone, t) {
                let what = match s {
                    Sync::Absent => "has none".to_string(),
                    Sync::Delete => "has the delete form".to_string(),
                    Sync::Records => format!("differs from {}'s", first.label),
                };
                let of_first = match states[0] {
                    Sync::Absent => " (it has none)",
                    Sync::Delete => " (it has the delete form)",
                    Sync::Records => "",
                };
                if *s == Sync::Records {
                    out.push(finding(p, format!("{name} RRset {what}{of_first}")));
                } else {
                    out.push(finding(
                        p,
                        format!(
                            "{name} RRset {what}, {}'s has records{of_first}",
                            first.label
                        ),
                    ));
                }
            }
        }
        // Coverage: where there are records, every provider's KSK must be named.
        for (q, s) in providers.iter().zip(&states) {
            if *s != Sync::Records {
                continue;
            }
            for owner in providers {
                for k in ksks(owner, zone) {
                    if !covers(q, zone, t, &k) {
                        out.push(finding(
                            q,
                            format!("{name} RRset lacks {} of {}", key_text(&k), owner.label),
                        ));
                    }
                }
            }
        }
    }
}

fn covers(p: &Provider, zone: &Name, t: RrType, k: &Dnskey) -> bool {
    let set = rdatas(p, zone, t);
    if t == RrType::CDNSKEY {
        return set.contains(&k.to_wire());
    }
    set.iter()
        .filter_map(|r| Ds::from_wire(r).ok())
        .any(|ds| ds_matches(&ds, zone, k))
}

fn collisions(zone: &Name, providers: &[Provider], out: &mut Vec<Finding>) {
    // Every distinct key of the group, with the providers publishing it.
    let mut all: Vec<(Dnskey, Vec<&str>)> = Vec::new();
    for p in providers {
        for k in p.dnskeys(zone) {
            match all.iter_mut().find(|(x, _)| *x == k) {
                Some((_, who)) => who.push(&p.label),
                None => all.push((k, vec![&p.label])),
            }
        }
    }
    for (i, (a, who_a)) in all.iter().enumerate() {
        for (b, who_b) in &all[i + 1..] {
            if a.key_tag() == b.key_tag() && a.algorithm == b.algorithm {
                let first = providers
                    .iter()
                    .find(|p| p.label == who_b[0])
                    .unwrap_or(&providers[0]);
                out.push(finding(
                    first,
                    format!(
                        "key tag {} collides: {} (at {}) and {} (at {}) are different keys",
                        a.key_tag(),
                        key_text(a),
                        who_a.join(", "),
                        key_text(b),
                        who_b.join(", ")
                    ),
                ));
            }
        }
    }
}

fn algorithms(zone: &Name, providers: &[Provider], out: &mut Vec<Finding>) {
    let algs = |p: &Provider| {
        let mut v: Vec<u8> = p.dnskeys(zone).iter().map(|k| k.algorithm.0).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let Some(first) = providers.first() else {
        return;
    };
    let want = algs(first);
    for p in &providers[1..] {
        let got = algs(p);
        if got != want {
            let show = |v: &[u8]| v.iter().map(u8::to_string).collect::<Vec<_>>().join(" ");
            out.push(finding(
                p,
                format!(
                    "DNSKEY algorithms {} differ from {}'s {}",
                    show(&got),
                    first.label,
                    show(&want)
                ),
            ));
        }
    }
}

fn same_rrset(zone: &Name, providers: &[Provider], t: RrType, out: &mut Vec<Finding>) {
    let Some(first) = providers.first() else {
        return;
    };
    let name = t.mnemonic().unwrap_or("?");
    let want = rdatas(first, zone, t);
    for p in &providers[1..] {
        let got = rdatas(p, zone, t);
        if got != want {
            let text = |v: &[Vec<u8>]| {
                v.iter()
                    .map(|r| dnssec_core::rr::rdata::to_text(t, r))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(finding(
                p,
                format!(
                    "{name} RRset ({}) differs from {}'s ({})",
                    text(got),
                    first.label,
                    text(want)
                ),
            ));
        }
    }
}
