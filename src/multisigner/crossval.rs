//! The cross-validation (RFC 8901 section 2.1.2: a resolver may take the DNSKEY RRset from one
//! provider and the data from another): for every pair (X, Y), each signed RRset Y serves
//! validates with X's DNSKEY RRset; each provider's DNSKEY RRset validates from the DS set
//! the group's CDS and CDNSKEY describe (RFC 7344 section 4), and its CDS and CDNSKEY with its
//! own DNSKEY RRset. All through the core's `validate` layer.

use dnssec_core::client::ServedRrset;
use dnssec_core::crypto::ds_from_dnskey;
use dnssec_core::dnssec::RrsetId;
use dnssec_core::rr::{Dnskey, Ds, SigTime};
use dnssec_core::validate::{
    check_rrset_sigs, match_key, CandidateKey, MatchRule, SigBounds, SigOutcome,
};
use dnssec_core::{DigestType, Name, RrType};

use super::checks::Finding;
use super::keys::ksk_signed;
use super::view::Provider;

/// The validity window is judged at `now`; replays are not this tool's concern, so the bound
/// is as far back as serial arithmetic reaches (RFC 1982).
fn bounds(now: SigTime) -> SigBounds {
    SigBounds {
        not_before: SigTime(now.0.wrapping_sub(0x7fff_ffff)),
        now,
    }
}

/// Why `set` does not validate with `keys` (None when one RRSIG verifies).
fn failure(
    set: &ServedRrset,
    zone: &Name,
    keys: &[CandidateKey<'_>],
    now: SigTime,
) -> Option<String> {
    let mut refs: Vec<&[u8]> = set.rdatas.iter().map(Vec::as_slice).collect();
    let id = RrsetId {
        owner: &set.owner,
        class: set.class,
        rtype: set.rtype,
        ttl: set.ttl,
    };
    let reports = check_rrset_sigs(id, &mut refs, &set.rrsigs, zone, keys, bounds(now));
    if reports.iter().any(|r| r.outcome == SigOutcome::Verified) {
        return None;
    }
    let why: Vec<String> = reports
        .iter()
        .map(|r| {
            let what = match &r.outcome {
                SigOutcome::NoTrustedKey => "no such key".to_string(),
                SigOutcome::Failed(f) => f.to_string(),
                SigOutcome::TooOld => "too old".to_string(),
                SigOutcome::Verified => "verified".to_string(),
            };
            format!("RRSIG {}/{}: {what}", r.key_tag, r.algorithm.0)
        })
        .collect();
    Some(if why.is_empty() {
        "no RRSIG".to_string()
    } else {
        why.join("; ")
    })
}

fn rrset_text(set: &ServedRrset) -> String {
    format!(
        "{} {}",
        set.owner.bind_text(),
        set.rtype
            .mnemonic()
            .map_or_else(|| format!("TYPE{}", set.rtype.0), str::to_string)
    )
}

/// Every pair (X, Y), X's keys against Y's data: one finding per pair that fails, naming the
/// first RRset and how many fail.
pub fn pairs(zone: &Name, providers: &[Provider], now: SigTime) -> Vec<Finding> {
    let mut out = Vec::new();
    for x in providers {
        let dnskeys = x.dnskeys(zone);
        let keys: Vec<CandidateKey<'_>> = dnskeys
            .iter()
            .map(|key| CandidateKey { key, trusted: true })
            .collect();
        for y in providers {
            let mut failed = Vec::new();
            for set in y.rrsets.values() {
                // Unsigned RRsets (glue, delegation NS) are not the signers' business here;
                // DNSKEY, CDS and CDNSKEY are checked below, with the keys that sign them.
                if set.rrsigs.is_empty() || ksk_signed(set.rtype) || set.rdatas.is_empty() {
                    continue;
                }
                if let Some(why) = failure(set, zone, &keys, now) {
                    failed.push((set, why));
                }
            }
            if let Some((set, why)) = failed.first() {
                let more = match failed.len() {
                    1 => String::new(),
                    n => format!(" (and {} more RRsets)", n - 1),
                };
                out.push(Finding {
                    provider: y.label.clone(),
                    text: format!(
                        "{} does not validate with the DNSKEY RRset of {}: {why}{more}",
                        rrset_text(set),
                        x.label
                    ),
                });
            }
        }
    }
    out
}

/// The DS set the group's CDS and CDNSKEY RRsets describe: every CDS, and a SHA-256 DS for
/// every CDNSKEY (the digest BIND's dnssec-cds uses by default), delete forms left out.
pub fn ds_set(zone: &Name, providers: &[Provider]) -> Vec<Ds> {
    let mut out: Vec<Ds> = Vec::new();
    for p in providers {
        if let Some(s) = p.apex(zone, RrType::CDS) {
            for ds in s.rdatas.iter().filter_map(|r| Ds::from_wire(r).ok()) {
                if ds.algorithm.0 != 0 && !out.contains(&ds) {
                    out.push(ds);
                }
            }
        }
        for k in p.keys_of(zone, RrType::CDNSKEY) {
            if k.algorithm.0 == 0 {
                continue;
            }
            if let Ok(ds) = ds_from_dnskey(zone, &k, DigestType::SHA256) {
                if !out.contains(&ds) {
                    out.push(ds);
                }
            }
        }
    }
    out
}

/// Each provider's DNSKEY RRset from `ds` (skipped when there is no DS set), and its CDS and
/// CDNSKEY RRsets with its own DNSKEY RRset.
pub fn apex(zone: &Name, providers: &[Provider], ds: &[Ds], now: SigTime) -> Vec<Finding> {
    let mut out = Vec::new();
    for p in providers {
        let dnskeys: Vec<Dnskey> = p.dnskeys(zone);
        if !ds.is_empty() {
            let trusted: Vec<CandidateKey<'_>> = dnskeys
                .iter()
                .map(|key| CandidateKey {
                    key,
                    trusted: match_key(zone, key, ds, MatchRule::Loose).is_trusted(),
                })
                .collect();
            if let Some(set) = p.apex(zone, RrType::DNSKEY) {
                if let Some(why) = failure(set, zone, &trusted, now) {
                    out.push(Finding {
                        provider: p.label.clone(),
                        text: format!(
                            "DNSKEY RRset does not validate from the DS set of the CDS/CDNSKEY RRsets: {why}"
                        ),
                    });
                }
            }
        }
        let own: Vec<CandidateKey<'_>> = dnskeys
            .iter()
            .map(|key| CandidateKey { key, trusted: true })
            .collect();
        for t in [RrType::CDS, RrType::CDNSKEY] {
            if let Some(set) = p.apex(zone, t).filter(|s| !s.rdatas.is_empty()) {
                if let Some(why) = failure(set, zone, &own, now) {
                    out.push(Finding {
                        provider: p.label.clone(),
                        text: format!(
                            "{} does not validate with its own DNSKEY RRset: {why}",
                            rrset_text(set)
                        ),
                    });
                }
            }
        }
    }
    out
}
