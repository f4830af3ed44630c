//! Loading a zone for [`check_zone`](super::check_zone) with its signatures judged while
//! the parts of a big file are read (docs/bind-compat.md, "verify: memory"): each RRSIG is
//! checked against the apex keys with exactly the checks the whole-zone check makes
//! (RFC 4035 section 5.3), and only its fixed fields, signer and verdict are kept, so the
//! signatures (most of a signed zone's octets) are never all held at once.
//!
//! The whole-zone check then asks the kept verdict instead of the crypto. That gives the
//! same report only if each signature was judged over the RRset the finished zone holds and
//! with the keys it holds, and was judged in the order the check visits it:
//! - an RRset is whole inside the run of records it was read in when every owner name of the
//!   file comes in one run (signers and dumpers write zones so): checked once the zone is
//!   finished, and otherwise the zone is loaded again without judging;
//! - the keys are the apex DNSKEY RRset, read in the file's head before any part, in
//!   canonical order, as the check orders them; the apex's own RRSIGs stay whole;
//! - the check stops at the first signature that verifies for an RRset and algorithm, so
//!   the judge goes through a run's RRSIGs in their canonical order and stops there too,
//!   leaving the later ones unjudged (the check never asks for them).

use std::path::Path;

use super::zone::{CheckMode, CheckOptions};
use super::zone_keys::KeyRing;
use crate::crypto::SignatureBatch;
use crate::dnssec::RrsetId;
use crate::name::Name;
use crate::rr::{Class, RrType, Rrsig, Ttl};
use crate::zone::{FailedLoad, Judge, RunView, Verdicts, Zone};

/// A verdict octet holds one bit per candidate key (keys of the RRSIG's algorithm and tag):
/// an RRSIG with more candidates than that stays whole.
const MAX_CANDIDATES: usize = 8;

/// Loads the zone file at `path` for a check with `options`. Signatures are judged while it
/// loads when the check verifies them ([`CheckMode::Crypto`]) and the file is big enough to
/// be read in parts; the zone (and its warnings, or the error that stopped it) is what
/// [`Zone::load_path`] gives.
pub fn load_zone_for_check(
    path: &Path,
    origin: &Name,
    class: Class,
    options: &CheckOptions,
) -> Result<Zone, Box<FailedLoad>> {
    if options.mode != CheckMode::Crypto {
        return Zone::load_path(path, origin, class);
    }
    let start = |head: &Zone| -> Option<Box<Judge<'_>>> {
        let ring = head_keys(head, origin, class, options)?;
        Some(Box::new(move |runs: &[RunView<'_>]| {
            judge(&ring, origin, class, runs)
        }))
    };
    let zone = Zone::load_path_judged(path, origin, class, &start)?;
    if zone.has_judged() && !zone.names_are_single_runs() {
        // A name written in more than one place: an RRset may have been judged without all
        // of its records. Rare in signed zones, which signers write name by name.
        return Zone::load_path(path, origin, class);
    }
    Ok(zone)
}

/// The apex keys as the check will hold them, when the head of the file holds the whole
/// apex: its one run, and not the head's last (which may go on in the first part).
fn head_keys<'a>(
    head: &Zone,
    origin: &'a Name,
    class: Class,
    options: &CheckOptions,
) -> Option<KeyRing<'a>> {
    let runs = head.runs();
    let apex = origin.as_wire();
    let mut at_apex = runs
        .iter()
        .enumerate()
        .filter(|(_, r)| r.owner_wire().eq_ignore_ascii_case(apex));
    let (i, run) = at_apex.next()?;
    if at_apex.next().is_some() || i + 1 >= runs.len() {
        return None;
    }
    let mut dnskeys: Vec<&[u8]> = run
        .records()
        .filter(|(_, r)| r.rtype == RrType::DNSKEY)
        .map(|(_, r)| r.canonical_rdata)
        .collect();
    dnskeys.sort_unstable();
    dnskeys.dedup();
    if dnskeys.is_empty() {
        return None;
    }
    Some(KeyRing::new(
        origin,
        class,
        dnskeys.into_iter(),
        options.mode,
        options.now,
    ))
}

/// One RRSIG of a run with where it is.
struct Sig<'z> {
    index: usize,
    rdata: &'z [u8],
    rrsig: Rrsig,
}

/// The verdicts for the RRSIGs of `runs`: for each one judged, a bit per candidate key,
/// set when that key's check passed (and then the RRSIGs after it for the same RRset and
/// algorithm are left unjudged, with no bit set).
fn judge(ring: &KeyRing<'_>, origin: &Name, class: Class, runs: &[RunView<'_>]) -> Verdicts {
    let apex = origin.as_wire();
    let mut per_run: Vec<(usize, Vec<Sig<'_>>)> = Vec::with_capacity(runs.len());
    for (r, run) in runs.iter().enumerate() {
        if run.owner_wire().eq_ignore_ascii_case(apex) {
            continue;
        }
        let mut sigs: Vec<Sig<'_>> = run
            .records()
            .filter(|(_, rec)| rec.rtype == RrType::RRSIG && rec.rdata == rec.canonical_rdata)
            .filter_map(|(index, rec)| {
                let rrsig = Rrsig::from_wire(rec.rdata).ok()?;
                Some(Sig {
                    index,
                    rdata: rec.rdata,
                    rrsig,
                })
            })
            .collect();
        if !sigs.is_empty() {
            // The order the finished zone keeps them in (RFC 4034 section 6.3).
            sigs.sort_unstable_by(|a, b| a.rdata.cmp(b.rdata));
            per_run.push((r, sigs));
        }
    }
    let batch = SignatureBatch::new(
        per_run
            .iter()
            .flat_map(|(_, sigs)| sigs.iter().map(|s| s.rrsig.signature.as_slice())),
    );
    let mut verdicts = Verdicts::new();
    let mut buf = Vec::new();
    for (r, sigs) in &per_run {
        let run = &runs[*r];
        let Ok(owner) = Name::from_wire(run.owner_wire()) else {
            continue;
        };
        // (type covered, algorithm) pairs already verified: a run has few.
        let mut verified: Vec<(RrType, u8)> = Vec::new();
        // The covered RRset, made once for the RRSIGs covering it (they are sorted by type
        // covered, so they come together).
        let mut set: Option<RrType> = None;
        let mut ttl = None;
        let mut rdatas: Vec<&[u8]> = Vec::new();
        for sig in sigs {
            let covered = sig.rrsig.type_covered;
            if set != Some(covered) {
                // The RRset as the finished zone holds it: canonical rdatas, sorted, without
                // duplicates; its TTL is the first record's (one run: zone::sort).
                set = Some(covered);
                ttl = None;
                rdatas.clear();
                for (_, rec) in run.records().filter(|(_, rec)| rec.rtype == covered) {
                    ttl.get_or_insert(rec.ttl);
                    rdatas.push(rec.canonical_rdata);
                }
                rdatas.sort_unstable();
                rdatas.dedup();
            }
            let candidates = ring.candidates(sig.rrsig.algorithm, sig.rrsig.key_tag);
            if candidates.len() > MAX_CANDIDATES {
                continue;
            }
            let mut bits = 0u8;
            let skip = match ttl {
                // No such RRset, or the check reports the TTL without any crypto.
                None => true,
                Some(t) => t != sig.rrsig.original_ttl,
            } || verified.contains(&(covered, sig.rrsig.algorithm.0));
            if !skip {
                let id = RrsetId {
                    owner: &owner,
                    class,
                    rtype: covered,
                    ttl: ttl.unwrap_or(Ttl(0)),
                };
                for (bit, &k) in candidates.iter().enumerate() {
                    if ring
                        .check(k, &sig.rrsig, id, &mut rdatas, &mut buf, Some(&batch))
                        .is_ok()
                    {
                        bits |= 1 << bit;
                        verified.push((covered, sig.rrsig.algorithm.0));
                        break;
                    }
                }
            }
            verdicts.push((sig.index, bits));
        }
    }
    verdicts.sort_unstable_by_key(|v| v.0);
    verdicts
}
