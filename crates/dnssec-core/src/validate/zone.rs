//! Whole-zone DNSSEC completeness (docs/bind-compat.md, "signzone: run, report and statistics"
//! and "verify"): is every authoritative RRset signed by every algorithm of the apex DNSKEY
//! RRset (RFC 4035 section 2.2), does a key of each algorithm sign the DNSKEY RRset (section
//! 2.1), is the NSEC or NSEC3 chain whole (section 2.3, RFC 5155 section 7.1), and is nothing
//! signed that the zone is not authoritative for (glue, occluded data, a delegation's NS),
//! and do the apex CDS/CDNSKEY RRsets ask for keys of the DNSKEY RRset (RFC 7344 section 4,
//! RFC 8078 section 4; docs/bind-compat.md, "verify: beyond BIND").
//!
//! Stable API, shared by verify and signzone:
//! - [`check_zone`]`(&zone, &CheckOptions)` -> [`ZoneReport`].
//! - [`CheckMode::Crypto`] checks every RRSIG cryptographically (dnssec-verify);
//!   [`CheckMode::Structural`] only checks that the RRSIGs are there, name a key of the
//!   DNSKEY RRset and (with `now`) are in their validity window (signzone's cheap
//!   post-sign check).
//! - [`ZoneReport`] carries the per-algorithm key counts, the algorithms verified, the
//!   problems in zone order (each with owner, type and BIND's wording), and renders
//!   dnssec-verify's stdout blocks ([`ZoneReport::verifying_block`],
//!   [`ZoneReport::outcome_block`]).
//!
//! RRsets are checked in parallel (rayon, one task per owner name); the problems come out in
//! canonical name order whatever the thread count, unlike BIND (docs/bind-compat.md, "quirks"
//! item 11).

use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

/// Names checked together: their ECDSA signatures share one batch of s inversions, and
/// there are still plenty of batches for every core.
const NAMES_PER_BATCH: usize = 256;

use super::zone_chains::check_chains;
use super::zone_keys::KeyRing;
use super::zone_names::{parse_rrsigs, NameChecker, NameSig};
pub(super) use super::zone_problem::{ProblemKind, ZoneProblem};
use crate::crypto;
use crate::dnssec::RrsetId;
use crate::rr::Nsec3Params;
use crate::rr::{Rrsig, SigTime};
use crate::zone::{NameView, RrsetView, Zone};
use crate::{Algorithm, RrType};

/// How much of each RRSIG is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckMode {
    /// Every RRSIG is verified with its DNSKEY (RFC 4035 section 5.3): dnssec-verify.
    Crypto,
    /// RRSIGs are only matched to keys by signer, algorithm and key tag (RFC 4035 section
    /// 5.3.1 field checks, plus the time window when `now` is given); no crypto.
    Structural,
}

/// What to check and how (docs/bind-compat.md, "verify" flags).
#[derive(Clone, Copy, Debug)]
pub struct CheckOptions {
    /// Crypto or structural.
    pub mode: CheckMode,
    /// The time signatures must be valid at; `None` skips the validity window.
    pub now: Option<SigTime>,
    /// `-z`: any key that signs the DNSKEY RRset counts, whatever its KSK flag.
    pub ignore_ksk_flag: bool,
    /// `-x`: the DNSKEY RRset is signed by KSKs only; ZSKs that do not sign it are
    /// "present" rather than "stand-by" in the summary.
    pub keyset_ksk_only: bool,
}

impl CheckOptions {
    /// Full verification at `now` with BIND's defaults.
    pub fn crypto(now: SigTime) -> CheckOptions {
        CheckOptions {
            mode: CheckMode::Crypto,
            now: Some(now),
            ignore_ksk_flag: false,
            keyset_ksk_only: false,
        }
    }

    /// The structural check at `now` with BIND's defaults.
    pub fn structural(now: Option<SigTime>) -> CheckOptions {
        CheckOptions {
            mode: CheckMode::Structural,
            now,
            ignore_ksk_flag: false,
            keyset_ksk_only: false,
        }
    }
}

/// Key counts of one role (KSK or ZSK) of one algorithm.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyCounts {
    /// Keys that sign: the DNSKEY RRset (or, for a ZSK, the SOA).
    pub active: u32,
    /// Keys in the DNSKEY RRset that sign neither.
    pub standby: u32,
    /// Keys with the REVOKE flag (RFC 5011 section 2.1).
    pub revoked: u32,
}

/// The keys of one algorithm, as the summary prints them (docs/bind-compat.md,
/// "signzone: run, report and statistics" report).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlgorithmKeys {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Keys with the SEP flag (RFC 4034 section 2.1.1).
    pub ksk: KeyCounts,
    /// Keys without it.
    pub zsk: KeyCounts,
}

/// The result of [`check_zone`].
#[derive(Clone, Debug, Default)]
pub struct ZoneReport {
    /// Every algorithm with a key in the DNSKEY RRset, ascending.
    pub keys: Vec<AlgorithmKeys>,
    /// The algorithms the zone was verified with (those with an active self-signed key),
    /// ascending. Empty when a fatal problem stopped the check first.
    pub algorithms: Vec<Algorithm>,
    /// The algorithms some RRset is not correctly signed with, ascending.
    pub bad_algorithms: Vec<Algorithm>,
    /// Every problem found, in zone order (canonical owner order; the chain's whole-chain
    /// problems last). A fatal problem, when there is one, is the last entry.
    pub problems: Vec<ZoneProblem>,
    /// Findings that do not fail the zone: an algorithm whose keys sign nothing
    /// (RFC 4035 section 2.2; BIND and Knot accept it).
    pub warnings: Vec<ZoneProblem>,
    /// Apex keys no signature can be checked with (an ECDSA key that is no point of its
    /// curve, RFC 6605 section 4), one warning each time dnssec-verify tries to make the key
    /// while it sorts the keys into active, stand-by and revoked, before it names the
    /// algorithms (docs/bind-compat.md, "verify: keys off their curve"). Verdicts are as if
    /// the key signed nothing.
    pub key_warnings: Vec<ZoneProblem>,
    /// The same warnings once more for each such key, when dnssec-verify makes the keys it
    /// checks the RRsets with: after the algorithms and the first
    /// [`ZoneReport::key_problems`] problems, before the others. Empty when the check
    /// stopped at the keys (docs/bind-compat.md, "verify: keys off their curve").
    pub reloaded_key_warnings: Vec<ZoneProblem>,
    /// Whether `-x` was in force (changes the summary's wording).
    pub keyset_ksk_only: bool,
    /// True when a fatal problem stopped the check before the RRsets were looked at.
    pub stopped: bool,
    /// True when the check stopped after choosing the algorithms (NSEC3 iterations out of
    /// range): the algorithms are named, no verdict block follows.
    pub halted: bool,
}

impl ZoneReport {
    /// True when the zone is fully signed and its chain whole.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// How many of the first problems come from counting the keys (`Missing ... for
    /// algorithm ...`): dnssec-verify reports them before it makes the keys again for the
    /// RRsets, so they come before [`ZoneReport::reloaded_key_warnings`].
    pub fn key_problems(&self) -> usize {
        self.problems
            .iter()
            .take_while(|p| matches!(p.kind, ProblemKind::MissingKey { .. }))
            .count()
    }

    /// The first problem, the one to name when only one line fits.
    pub fn first_problem(&self) -> Option<&ZoneProblem> {
        self.problems.first()
    }

    /// `Verifying the zone using the following algorithms:` and one `- ALG` line each;
    /// empty when the check stopped before choosing the algorithms.
    pub fn verifying_block(&self) -> String {
        if self.stopped {
            return String::new();
        }
        let mut out = String::from("Verifying the zone using the following algorithms:\n");
        for a in &self.algorithms {
            out.push_str(&format!("- {a}\n"));
        }
        out
    }

    /// The verdict block after the algorithms: the `Zone fully signed:` summary with the
    /// key counts, or the lines dnssec-verify prints on failure (stdout side).
    pub fn outcome_block(&self) -> String {
        if self.stopped || self.halted {
            return String::new();
        }
        if !self.bad_algorithms.is_empty() {
            let mut out =
                String::from("The zone is not fully signed for the following algorithms:\n");
            for a in &self.bad_algorithms {
                out.push_str(&format!(" {a}\n"));
            }
            out.push_str(".\nDNSSEC completeness test failed.\n");
            return out;
        }
        if !self.problems.is_empty() {
            return "DNSSEC completeness test failed (failure).\n".to_string();
        }
        self.summary_block()
    }

    /// `Zone fully signed:` and two lines per algorithm with keys (docs/bind-compat.md,
    /// "signzone: run, report and statistics").
    pub fn summary_block(&self) -> String {
        let mut out = String::from("Zone fully signed:\n");
        let standby = if self.keyset_ksk_only {
            "present"
        } else {
            "stand-by"
        };
        for k in &self.keys {
            let alg = k.algorithm.to_string();
            out.push_str(&format!(
                "Algorithm: {alg}: KSKs: {} active, {} stand-by, {} revoked\n",
                k.ksk.active, k.ksk.standby, k.ksk.revoked
            ));
            out.push_str(&format!(
                "{:width$}ZSKs: {} active, {} {standby}, {} revoked\n",
                "",
                k.zsk.active,
                k.zsk.standby,
                k.zsk.revoked,
                width = alg.len() + 13
            ));
        }
        out
    }
}

/// Checks a loaded (finished) zone; see the module documentation.
pub fn check_zone(zone: &Zone, options: &CheckOptions) -> ZoneReport {
    check_zone_counting(zone, options, &AtomicU64::new(0))
}

/// [`check_zone`], adding to `checked` the names whose signatures are checked, a batch at a
/// time, so that a caller can show progress (docs/bind-compat.md, "signzone: operator
/// experience", "Progress") without a cost per name.
pub fn check_zone_counting(zone: &Zone, options: &CheckOptions, checked: &AtomicU64) -> ZoneReport {
    let mut report = ZoneReport {
        keyset_ksk_only: options.keyset_ksk_only,
        ..ZoneReport::default()
    };
    let apex = zone.origin();
    let stop = |mut report: ZoneReport, rtype: RrType, kind: ProblemKind| {
        report.problems.push(ZoneProblem {
            owner: apex.clone(),
            rtype,
            kind,
        });
        report.stopped = true;
        report
    };
    let apex_view = zone.find(apex);
    let rrset = |t: RrType| apex_view.and_then(|v| v.rrset(t));
    let signed = |t: RrType| rrset(RrType::RRSIG).is_some_and(|s| s.covering(t).next().is_some());
    let Some(dnskeys) = rrset(RrType::DNSKEY) else {
        return stop(report, RrType::DNSKEY, ProblemKind::NoDnssecKeys);
    };
    let Some(soa) = rrset(RrType::SOA) else {
        return stop(report, RrType::SOA, ProblemKind::NoSoa);
    };
    for t in [
        RrType::DNSKEY,
        RrType::SOA,
        RrType::NSEC,
        RrType::NSEC3PARAM,
    ] {
        if rrset(t).is_some() && !signed(t) {
            return stop(report, t, ProblemKind::ApexNotSigned);
        }
    }
    let nsec3params: Vec<Nsec3Params> = rrset(RrType::NSEC3PARAM)
        .map(|s| {
            s.rdatas()
                .filter_map(|rd| Nsec3Params::from_wire(rd).ok())
                .filter(|p| p.hash == crate::rr::Nsec3HashAlgorithm::SHA1)
                .collect()
        })
        .unwrap_or_default();
    let has_nsec = rrset(RrType::NSEC).is_some();
    if !has_nsec && nsec3params.is_empty() {
        return stop(report, RrType::NSEC, ProblemKind::NoChain);
    }

    let ring = KeyRing::new(
        apex,
        zone.class(),
        dnskeys.rdatas(),
        options.mode,
        options.now,
    );
    if zone.has_judged() {
        // Only the apex's and a few hundred other signatures are left whole.
        ring.forgo_tables();
    }
    let mut met = Vec::new();
    let analysed = analyse_keys(&ring, dnskeys, soa, apex_view, options, &mut met);
    report.key_warnings = met;
    let keys = match analysed {
        Ok(keys) => keys,
        Err(kind) => return stop(report, RrType::DNSKEY, kind),
    };
    if options.mode == CheckMode::Crypto {
        report.reloaded_key_warnings = ring
            .keys
            .iter()
            .filter(|k| off_curve(&k.dnskey))
            .map(|k| not_on_curve(&ring, k))
            .collect();
    }
    report.keys = keys.counts;
    report.algorithms = keys.active.clone();
    // Checked before any name is hashed, so a 65,535-iteration chain costs nothing; BIND
    // names the algorithms, prints this line and gives no verdict block.
    if let Some(p) = nsec3params
        .iter()
        .find(|p| p.iterations > crate::rr::MAX_NSEC3_ITERATIONS)
    {
        report.problems.push(ZoneProblem {
            owner: apex.clone(),
            rtype: RrType::NSEC3PARAM,
            kind: ProblemKind::Nsec3IterationsOutOfRange {
                iterations: p.iterations,
            },
        });
        report.halted = true;
        return report;
    }
    let mut bad: Vec<Algorithm> = Vec::new();
    for kind in keys.problems {
        if let ProblemKind::AlgorithmNotSigning { .. } = kind {
            report.warnings.push(ZoneProblem {
                owner: apex.clone(),
                rtype: RrType::DNSKEY,
                kind,
            });
            continue;
        }
        if let ProblemKind::MissingKey { algorithm, .. } = kind {
            bad.push(algorithm);
        }
        report.problems.push(ZoneProblem {
            owner: apex.clone(),
            rtype: RrType::DNSKEY,
            kind,
        });
    }

    let checker = NameChecker {
        ring: &ring,
        active: &keys.active,
        class: zone.class(),
        apex,
    };
    // (node index, phase, problem): phase 0 = signatures, 1 = NSEC, 2 = NSEC3. The chain
    // check is sequential, so it runs beside the parallel signature checks. Each batch
    // takes its names from the zone by index: no list of every name is kept.
    let count = zone.name_count();
    let (mut ordered, chain) = rayon::join(
        || {
            (0..count.div_ceil(NAMES_PER_BATCH))
                .into_par_iter()
                .flat_map_iter(|c| {
                    let first = c * NAMES_PER_BATCH;
                    let chunk: Vec<NameView<'_>> = (first..count.min(first + NAMES_PER_BATCH))
                        .filter_map(|i| zone.name_at(i))
                        .collect();
                    let parsed: Vec<Vec<NameSig>> = chunk.iter().map(parse_rrsigs).collect();
                    let batch = crypto::SignatureBatch::new(
                        parsed
                            .iter()
                            .flatten()
                            .filter(|s| s.verdict.is_none())
                            .map(|s| s.rrsig.signature.as_slice()),
                    );
                    let mut out = Vec::new();
                    for (j, (node, sigs)) in chunk.iter().zip(&parsed).enumerate() {
                        let mut problems = Vec::new();
                        checker.check_name(node, sigs, &batch, &mut problems);
                        let i = first + j;
                        out.extend(problems.into_iter().map(move |p| (i, 0u8, p)));
                    }
                    checked.fetch_add(chunk.len() as u64, Ordering::Relaxed);
                    out
                })
                .collect::<Vec<(usize, u8, ZoneProblem)>>()
        },
        || check_chains(apex, zone, has_nsec, &nsec3params),
    );
    // The apex's CDS/CDNSKEY findings follow its signature findings. Only for the verifier:
    // signzone's structural check (-a) stays BIND's, whose signer signs such RRsets as they
    // are.
    if let Some(view) = apex_view.filter(|_| options.mode == CheckMode::Crypto) {
        ordered.extend(
            super::zone_cds::check_child_keys(apex, &view)
                .into_iter()
                .map(|p| (0usize, 0u8, p)),
        );
    }
    ordered.extend(chain);
    ordered.sort_by_key(|(i, phase, _)| (*i, *phase));

    let all_active = &keys.active;
    for (_, _, p) in ordered {
        match &p.kind {
            ProblemKind::NoSignatures => bad.extend(all_active.iter().copied()),
            ProblemKind::NoCorrectSignature { algorithm, .. } => bad.push(*algorithm),
            _ => {}
        }
        report.problems.push(p);
    }
    bad.sort_unstable();
    bad.dedup();
    report.bad_algorithms = bad;
    report
}

/// The outcome of looking at the DNSKEY RRset.
struct KeyAnalysis {
    counts: Vec<AlgorithmKeys>,
    active: Vec<Algorithm>,
    problems: Vec<ProblemKind>,
}

/// True for an ECDSA key that is no point of its curve (RFC 6605 section 4), which BIND
/// cannot make a key of (docs/bind-compat.md, "verify: keys off their curve").
fn off_curve(dnskey: &crate::rr::Dnskey) -> bool {
    crate::key::check_zone_key(dnskey) == Err(crate::key::KeyError::CryptoFailure)
}

/// The warning for such a key of `ring`.
fn not_on_curve(ring: &KeyRing<'_>, key: &super::zone_keys::ZoneKey) -> ZoneProblem {
    ZoneProblem {
        owner: ring.apex.clone(),
        rtype: RrType::DNSKEY,
        kind: ProblemKind::KeyNotOnCurve {
            key_tag: key.tag,
            flags: key.dnskey.flags,
            algorithm: key.dnskey.algorithm,
        },
    }
}

/// How many times dnssec-verify tries to make a key it cannot make while it sorts the keys
/// (docs/bind-compat.md, "verify: keys off their curve"): once for a KSK (does it sign the
/// DNSKEY RRset?), revoked or not; never for a revoked ZSK; twice for any other key (the
/// DNSKEY RRset, then the SOA).
fn sorting_attempts(dnskey: &crate::rr::Dnskey) -> usize {
    match (dnskey.is_ksk(), dnskey.is_zone_key() && dnskey.is_revoked()) {
        (true, _) => 1,
        (false, true) => 0,
        (false, false) => 2,
    }
}

/// Classifies every apex key as dnssec-verify does (docs/bind-compat.md, "verify"): revoked keys
/// must sign the DNSKEY RRset (RFC 5011 section 2.1); a key that signs the DNSKEY RRset is
/// active; a ZSK that signs the SOA is active; the others are stand-by. Then decides the
/// algorithms to verify with, and which algorithms lack keys. In crypto mode, `met` gets a
/// warning each time dnssec-verify would try to make a key that is no point of its curve,
/// up to the key that stops the check.
fn analyse_keys(
    ring: &KeyRing<'_>,
    dnskeys: RrsetView<'_>,
    soa: RrsetView<'_>,
    apex_view: Option<NameView<'_>>,
    options: &CheckOptions,
    met: &mut Vec<ZoneProblem>,
) -> Result<KeyAnalysis, ProblemKind> {
    let apex = ring.apex;
    let sigs_for = |t: RrType| -> Vec<Rrsig> {
        apex_view
            .and_then(|v| v.rrset(RrType::RRSIG))
            .map(|s| {
                s.covering(t)
                    .filter_map(|rd| Rrsig::from_wire(rd).ok())
                    .collect()
            })
            .unwrap_or_default()
    };
    let key_sigs = sigs_for(RrType::DNSKEY);
    let soa_sigs = sigs_for(RrType::SOA);
    let mut key_rdatas: Vec<&[u8]> = dnskeys.canonical_rdatas().collect();
    let mut soa_rdatas: Vec<&[u8]> = soa.canonical_rdatas().collect();
    let id = |set: RrsetView<'_>, rtype| RrsetId {
        owner: apex,
        class: ring.class,
        rtype,
        ttl: set.ttl(),
    };
    let mut buf = Vec::new();
    let mut counts: Vec<AlgorithmKeys> = Vec::new();
    let (mut good_ksk, mut good_zsk) = (false, false);
    let mut reasons = Vec::new();
    // Algorithms with a stand-by key that could sign: a key off its curve is warned about
    // on its own, and BIND says nothing more of its algorithm.
    let mut could_sign: Vec<Algorithm> = Vec::new();
    for (index, key) in ring.keys.iter().enumerate() {
        let alg = key.dnskey.algorithm;
        let unusable = options.mode == CheckMode::Crypto && off_curve(&key.dnskey);
        if unusable {
            met.extend(
                std::iter::repeat_with(|| not_on_curve(ring, key))
                    .take(sorting_attempts(&key.dnskey)),
            );
        }
        let entry = match counts.iter().position(|c| c.algorithm == alg) {
            Some(i) => &mut counts[i],
            None => {
                counts.push(AlgorithmKeys {
                    algorithm: alg,
                    ksk: KeyCounts::default(),
                    zsk: KeyCounts::default(),
                });
                let last = counts.len() - 1;
                &mut counts[last]
            }
        };
        let is_ksk = key.dnskey.is_ksk();
        let role = if is_ksk {
            &mut entry.ksk
        } else {
            &mut entry.zsk
        };
        let self_signed = ring.signs(
            index,
            &key_sigs,
            id(dnskeys, RrType::DNSKEY),
            &mut key_rdatas,
            &mut buf,
        );
        if key.dnskey.is_zone_key() && key.dnskey.is_revoked() {
            if is_ksk && self_signed.is_err() {
                return Err(ProblemKind::RevokedKskNotSelfSigned {
                    key_tag: key.tag,
                    rdata_text: crate::rr::rdata::to_text(RrType::DNSKEY, &key.dnskey.to_wire()),
                });
            }
            role.revoked += 1;
            continue;
        }
        match self_signed {
            Ok(()) => {
                role.active += 1;
                if is_ksk {
                    good_ksk = true;
                } else {
                    good_zsk = true;
                }
            }
            Err(reason) => {
                if let Some(r) = reason {
                    reasons.push((key.tag, r));
                }
                let signs_soa = !is_ksk
                    && ring
                        .signs(
                            index,
                            &soa_sigs,
                            id(soa, RrType::SOA),
                            &mut soa_rdatas,
                            &mut buf,
                        )
                        .is_ok();
                if signs_soa {
                    role.active += 1;
                } else {
                    role.standby += 1;
                    if !unusable {
                        could_sign.push(alg);
                    }
                }
            }
        }
    }
    let any_key = options.ignore_ksk_flag;
    if !(good_ksk || (any_key && good_zsk)) {
        return Err(ProblemKind::NoSelfSignedKey { any_key, reasons });
    }
    counts.sort_by_key(|c| c.algorithm);
    let active: Vec<Algorithm> = counts
        .iter()
        .filter(|c| c.ksk.active > 0 || (any_key && c.zsk.active > 0))
        .map(|c| c.algorithm)
        .collect();
    let mut problems = Vec::new();
    for c in &counts {
        if !any_key && !options.keyset_ksk_only && (c.ksk.active > 0) != (c.zsk.active > 0) {
            problems.push(ProblemKind::MissingKey {
                algorithm: c.algorithm,
                ksk: c.ksk.active == 0,
            });
        } else if !active.contains(&c.algorithm) && could_sign.contains(&c.algorithm) {
            // A published, unrevoked key of an algorithm that signs nothing (RFC 4035
            // section 2.2; RFC 6781 section 4.1.4 adds signatures before keys).
            problems.push(ProblemKind::AlgorithmNotSigning {
                algorithm: c.algorithm,
                any_key,
            });
        }
    }
    Ok(KeyAnalysis {
        counts,
        active,
        problems,
    })
}

/// Where the first (in file order) RRSIG that expired before `now` was read, for the load
/// warning dnssec-verify prints (`F:L: signature has expired`; RFC 4034 section 3.1.5 serial
/// arithmetic). None when no RRSIG has expired or the records were not read from a file.
pub fn first_expired_signature(zone: &Zone, now: SigTime) -> Option<crate::Location> {
    let mut first: Option<(u16, u32)> = zone.first_expired_judged(now);
    for node in zone.names() {
        for (expiration, at) in node.rrsig_expirations() {
            if expiration.is_before(now) && first.is_none_or(|f| at < f) {
                first = Some(at);
            }
        }
    }
    first.and_then(|(file, line)| zone.location(file, line))
}
