//! The check every signed zone passes before it replaces the target (docs/bind-compat.md,
//! "signzone: run, report and statistics", "post-sign verification" and "verify", "Checks"),
//! made while the zone streams out, from what the output holds and what the driver reports,
//! with no second round of cryptography and in constant memory:
//! - the DNSKEY RRset must be signed by a non-revoked KSK of each algorithm that signs it
//!   (any key with `-z`), and the SOA must be signed;
//! - every RRset the zone is authoritative for (judged from the NS and DNAME records
//!   written, not from the signer's plan) must carry a signature of each of those
//!   algorithms, and nothing else may carry one;
//! - the NSEC or NSEC3 chain must be complete, ordered, linked and list the types present
//!   (`dnssec_core::sign::ChainCheck`).
//!
//! With `-a`, a second, independent opinion comes from `validate::zone` in structural mode
//! over the records actually produced ([`collect`], [`independent`]), which holds the whole
//! signed zone in memory.

use dnssec_core::dnssec::NameKind;
use dnssec_core::rr::Dnskey;
use dnssec_core::rr::SigTime;
use dnssec_core::sign::ChainCheck;
use dnssec_core::sign::Context;
use dnssec_core::sign::SignedChunk;
use dnssec_core::time::{format_timestamp, UnixTime};
use dnssec_core::validate::{check_zone, CheckOptions};
use dnssec_core::zone::Zone;
use dnssec_core::{Algorithm, Name, RrType};

/// Key counts per algorithm for the `Zone fully signed:` block.
#[derive(Clone, Debug)]
pub struct AlgCounts {
    pub algorithm: Algorithm,
    pub ksk_active: u32,
    pub ksk_standby: u32,
    pub ksk_revoked: u32,
    pub zsk_active: u32,
    pub zsk_standby: u32,
    pub zsk_revoked: u32,
}

/// What a successful check reports.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Skipped (`-P`): nothing to report.
    pub skipped: bool,
    /// The algorithms the zone was checked for, ascending.
    pub verified: Vec<Algorithm>,
    /// Key counts for every algorithm in the DNSKEY RRset, ascending.
    pub algorithms: Vec<AlgCounts>,
    /// `-x`: ZSK counts say "present" instead of "stand-by".
    pub ksk_only: bool,
}

/// Why the check failed: BIND's detail lines for stderr.
#[derive(Clone, Debug)]
pub struct Failure {
    pub details: Vec<String>,
    /// The word in `Zone verification failed (...)`: `failure` unless BIND names the cause.
    pub reason: &'static str,
    /// When not empty, the verifier got as far as the algorithm list: the `Verifying the zone
    /// using the following algorithms:` block comes before the verdict line.
    pub verifying: Vec<Algorithm>,
    /// The algorithms some RRset lacks a signature of: `The zone is not fully signed for the
    /// following algorithms:` after the `Verifying` block.
    pub incomplete: Vec<Algorithm>,
}

pub struct Checker {
    skip: bool,
    /// The NSEC3 chain written has more iterations than BIND's verifier accepts.
    pub nsec3_over_limit: bool,
    /// The clock of the run, as RRSIG time and as seconds since the epoch.
    now: SigTime,
    now_unix: i64,
    chain: ChainCheck,
    ignore_ksk: bool,
    ksk_only: bool,
    /// (DNSKEY rdata, signed the DNSKEY RRset, signed the SOA).
    keys: Vec<(Dnskey, bool, bool)>,
    required: u32,
    seen_apex: bool,
    /// The apex fault that ends the check by itself.
    apex_fault: Option<&'static str>,
    /// Algorithms some RRset lacks a signature of (BIND's "not fully signed" list).
    incomplete: u32,
    /// (algorithm, key tag) of each DNSKEY written, computed once at the apex.
    published_tags: Vec<(u8, u16)>,
    details: Vec<String>,
}

const MAX_DETAILS: usize = 20;

/// The seconds since the epoch nearest the wall clock that `now` stands for.
fn now_unix(now: SigTime) -> i64 {
    now.to_unix_near(UnixTime::now().0)
}

impl Checker {
    pub fn new(ctx: &Context<'_>, skip: bool) -> Checker {
        Checker {
            skip,
            nsec3_over_limit: false,
            now: ctx.retain.now,
            now_unix: now_unix(ctx.retain.now),
            chain: ChainCheck::new(&ctx.origin),
            ignore_ksk: ctx.split.ignore_ksk_flag,
            ksk_only: ctx.split.ksk_only_keyset,
            keys: Vec::new(),
            required: 0,
            seen_apex: false,
            apex_fault: None,
            incomplete: 0,
            published_tags: Vec::new(),
            details: Vec::new(),
        }
    }

    fn fail(&mut self, msg: String) {
        if self.details.len() < MAX_DETAILS {
            self.details.push(msg);
        }
    }

    /// Checks the validity period of every RRSIG an RRset ends up with, kept or new, at
    /// `now` (RFC 4034 section 3.1.5, RFC 4035 section 5.3.1), also with `-P`: an expired
    /// or reversed period is a failure; a signature that is not valid yet (kept from an
    /// earlier run) stays but does not count. Returns the algorithms with a signature
    /// valid now.
    fn valid_now(&mut self, owner: &Name, rtype: RrType, sigs: &[Vec<u8>]) -> u32 {
        let mut algorithms = 0u32;
        for wire in sigs {
            // RFC 4034 section 3.1: algorithm at octet 2, expiration at 8, inception at 12.
            let field = |at: usize| {
                wire.get(at..at + 4)
                    .and_then(|b| b.try_into().ok())
                    .map(|b| SigTime(u32::from_be_bytes(b)))
            };
            let (Some(&alg), Some(exp), Some(inc)) = (wire.get(2), field(8), field(12)) else {
                self.fail(format!(
                    "Malformed RRSIG for {}/{}",
                    owner.bind_text(),
                    rtype
                ));
                continue;
            };
            let tag = wire
                .get(16..18)
                .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]));
            if !inc.is_before(exp) {
                self.fail(format!(
                    "RRSIG for {}/{} by key {tag} has its expiration at or before its inception",
                    owner.bind_text(),
                    rtype
                ));
            } else if !self.now.is_before(exp) {
                self.fail(format!(
                    "RRSIG for {}/{} by key {tag} has expired ({})",
                    owner.bind_text(),
                    rtype,
                    format_timestamp(UnixTime(exp.to_unix_near(self.now_unix)))
                ));
            } else if !self.now.is_before(inc) && self.published(alg, tag) {
                algorithms |= 1 << (alg % 32);
            }
        }
        algorithms
    }

    /// True when a key of this algorithm and tag is in the DNSKEY RRset written (before the
    /// apex is seen, any key): a signature by a key that signs without being published (a
    /// key argument whose DNSKEY is not in the zone) does not make an RRset signed, as in
    /// BIND's check (docs/bind-compat.md, "signzone: key list and chain corners",
    /// "Named keys").
    fn published(&self, alg: u8, tag: u16) -> bool {
        !self.seen_apex || self.published_tags.contains(&(alg, tag))
    }

    /// Looks at one chunk of the output as it goes by.
    pub fn observe(&mut self, origin: &Name, chunk: &SignedChunk<'_>, ctx: &Context<'_>) {
        if self.skip {
            for (node, signed) in chunk.nodes.iter().zip(&chunk.signed) {
                for (set, sig) in node.sets.iter().zip(signed) {
                    self.valid_now(&node.owner, set.rtype, &sig.sigs);
                }
            }
            return;
        }
        for (node, signed) in chunk.nodes.iter().zip(&chunk.signed) {
            if !self.seen_apex && node.owner == *origin {
                self.seen_apex = true;
                self.apex(node, signed, ctx);
            }
            let kind = self.chain.observe(node);
            // BIND's signer lists a name's unsigned RRsets last type first (seen with NSEC,
            // SOA, NS at the apex and NSEC, A below it).
            let mut uncovered = Vec::new();
            for (set, sig) in node.sets.iter().zip(signed) {
                let valid = self.valid_now(&node.owner, set.rtype, &sig.sigs);
                // RFC 4035 section 2.2: everything authoritative; at a cut only DS and NSEC;
                // nothing below one. NSEC3 records (kind None) are signed.
                let must_sign = match kind {
                    Some(NameKind::Apex | NameKind::Authoritative) | None => true,
                    Some(NameKind::Delegation) => matches!(set.rtype, RrType::DS | RrType::NSEC),
                    Some(NameKind::BelowCut | NameKind::EmptyNonTerminal) => false,
                };
                if !must_sign {
                    if !sig.sigs.is_empty() {
                        self.fail(format!(
                            "Found unexpected signatures for {}/{}",
                            node.owner.bind_text(),
                            set.rtype
                        ));
                    }
                    continue;
                }
                if sig.sigs.is_empty() {
                    if set.rtype == RrType::SOA && node.owner == *origin {
                        continue; // reported by apex()
                    }
                    self.fail(format!(
                        "No signatures for {}/{}",
                        node.owner.bind_text(),
                        set.rtype
                    ));
                    continue;
                }
                let missing = self.required & !valid;
                self.incomplete |= missing;
                if missing != 0 {
                    for a in 0..32u8 {
                        if missing & (1 << a) != 0 {
                            uncovered.push(format!(
                                "No correct {} signature for {} {}",
                                Algorithm(a),
                                node.owner.bind_text(),
                                set.rtype
                            ));
                        }
                    }
                }
            }
            for line in uncovered.into_iter().rev() {
                self.fail(line);
            }
        }
    }

    fn apex(
        &mut self,
        node: &dnssec_core::sign::OutNode<'_>,
        signed: &[dnssec_core::sign::Signed],
        ctx: &Context<'_>,
    ) {
        let find = |t: RrType| node.sets.iter().position(|s| s.rtype == t);
        let Some(d) = find(RrType::DNSKEY) else {
            self.fail("Zone contains no DNSSEC keys".into());
            return;
        };
        let by_key = |i: Option<usize>| i.and_then(|i| signed.get(i)).map_or(0, |s| s.by_key);
        let dnskey_by = by_key(Some(d));
        let soa_by = by_key(find(RrType::SOA));
        for rd in &node.sets[d].rdatas {
            let Ok(k) = Dnskey::from_wire(rd) else {
                continue;
            };
            let idx = ctx.keys.iter().position(|dk| {
                dk.dnskey.algorithm == k.algorithm
                    && dk.dnskey.public_key == k.public_key
                    && dk.dnskey.flags == k.flags
            });
            let bit = |mask: u64| idx.is_some_and(|i| mask & (1u64 << (i % 64)) != 0);
            self.published_tags.push((k.algorithm.0, k.key_tag()));
            self.keys.push((k, bit(dnskey_by), bit(soa_by)));
        }
        for (k, self_signed, _) in &self.keys {
            if *self_signed && !k.is_revoked() && (k.is_ksk() || self.ignore_ksk) {
                self.required |= 1 << (k.algorithm.0 % 32);
            }
        }
        // BIND's verifier stops at the first of these apex faults and reports nothing
        // else: the KSK first, then the SOA (docs/bind-compat.md, "signzone: key list and
        // chain corners", "First fault of the post-sign check").
        if self.required == 0 {
            self.apex_fault = Some("No self-signed KSK DNSKEY found");
        } else if find(RrType::SOA).is_some_and(|i| signed.get(i).is_none_or(|s| s.sigs.is_empty()))
        {
            self.apex_fault = Some("SOA is not signed (keys offline or inactive?)");
        }
    }

    /// The algorithms with a self-signed KSK, ascending: those the zone is checked for.
    fn verified_algorithms(&self) -> Vec<Algorithm> {
        (0..32u8)
            .filter(|a| self.required & (1 << a) != 0)
            .map(Algorithm)
            .collect()
    }

    /// The verdict.
    pub fn finish(self) -> Result<Summary, Failure> {
        // `-H too-many` (BIND's unchecked test value) signs a chain its verifier refuses
        // before looking at anything else (docs/bind-compat.md).
        if self.nsec3_over_limit && !self.skip {
            // BIND's verifier lists the algorithms before it walks the names and meets the
            // chain.
            return Err(Failure {
                details: vec!["verifynsec3: NSEC3 iterations out of range".into()],
                reason: "NSEC3 iterations out of range",
                verifying: self.verified_algorithms(),
                incomplete: Vec::new(),
            });
        }
        if self.skip && !self.details.is_empty() {
            return Err(Failure {
                details: self.details,
                reason: "failure",
                verifying: Vec::new(),
                incomplete: Vec::new(),
            });
        }
        if self.skip {
            return Ok(Summary {
                skipped: true,
                ..Summary::default()
            });
        }
        if let Some(fault) = self.apex_fault {
            // Signature times were judged first and stay reported.
            let mut details: Vec<String> = self
                .details
                .into_iter()
                .filter(|d| d.starts_with("RRSIG for "))
                .collect();
            details.push(fault.to_string());
            return Err(Failure {
                details,
                reason: "failure",
                verifying: Vec::new(),
                incomplete: Vec::new(),
            });
        }
        let verified = self.verified_algorithms();
        // An algorithm with a self-signed KSK but no published zone key signing the DNSKEY
        // RRset or the SOA: BIND names it before the unsigned RRsets.
        let mut missing_zsk = Vec::new();
        for a in verified
            .iter()
            .filter(|a| self.incomplete & (1 << (a.0 % 32)) != 0)
        {
            let has_zsk = self.keys.iter().any(|(k, dnskey, soa)| {
                k.algorithm == *a
                    && !k.is_revoked()
                    && (!k.is_ksk() || self.ignore_ksk)
                    && (*dnskey || *soa)
            });
            if !has_zsk {
                missing_zsk.push(format!("Missing ZSK for algorithm {a}"));
            }
        }
        let incomplete: Vec<Algorithm> = verified
            .iter()
            .copied()
            .filter(|a| self.incomplete & (1 << (a.0 % 32)) != 0)
            .collect();
        let mut details = missing_zsk;
        details.extend(self.details);
        for p in self.chain.finish() {
            if details.len() < MAX_DETAILS {
                details.push(p.to_string());
            }
        }
        if !incomplete.is_empty() {
            // BIND's verdict for RRsets without a signature of an algorithm: the algorithm
            // list, then the incomplete ones.
            return Err(Failure {
                details,
                reason: "failure",
                verifying: verified,
                incomplete,
            });
        }
        if !details.is_empty() {
            return Err(Failure {
                details,
                reason: "failure",
                verifying: Vec::new(),
                incomplete: Vec::new(),
            });
        }
        let mut algorithms = Vec::new();
        // Every algorithm of the DNSKEY RRset, numbers above 31 too (BIND lists a private or
        // unassigned one by its number).
        let present: std::collections::BTreeSet<u8> =
            self.keys.iter().map(|k| k.0.algorithm.0).collect();
        for a in present {
            let mut c = AlgCounts {
                algorithm: Algorithm(a),
                ksk_active: 0,
                ksk_standby: 0,
                ksk_revoked: 0,
                zsk_active: 0,
                zsk_standby: 0,
                zsk_revoked: 0,
            };
            for (k, dnskey, soa) in self.keys.iter().filter(|k| k.0.algorithm.0 == a) {
                match (k.is_ksk(), k.is_revoked()) {
                    (true, true) => c.ksk_revoked += 1,
                    (false, true) => c.zsk_revoked += 1,
                    (true, false) if *dnskey => c.ksk_active += 1,
                    (true, false) => c.ksk_standby += 1,
                    (false, false) if *dnskey || *soa => c.zsk_active += 1,
                    (false, false) => c.zsk_standby += 1,
                }
            }
            algorithms.push(c);
        }
        Ok(Summary {
            skipped: false,
            verified,
            algorithms,
            ksk_only: self.ksk_only,
        })
    }
}

/// Adds a chunk's records and signatures to the zone being collected for [`independent`].
pub fn collect(
    zone: &mut Zone,
    chunk: &SignedChunk<'_>,
) -> Result<(), dnssec_core::zonefile::ZoneError> {
    for (node, signed) in chunk.nodes.iter().zip(&chunk.signed) {
        for (set, sigs) in node.sets.iter().zip(signed) {
            for rd in &set.rdatas {
                zone.add_parts(&node.owner, set.ttl, set.rtype, rd)?;
            }
            for sig in &sigs.sigs {
                zone.add_parts(&node.owner, set.ttl, RrType::RRSIG, sig)?;
            }
        }
    }
    Ok(())
}

/// The structural check of `validate::zone` over the collected output (no crypto).
pub fn independent(
    mut zone: Zone,
    s: &super::settings::Settings,
) -> anyhow::Result<Result<(), Failure>> {
    zone.finish().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut options = CheckOptions::structural(Some(SigTime::from_unix(s.now.0)));
    options.now = None;
    options.ignore_ksk_flag = s.split.ignore_ksk_flag;
    options.keyset_ksk_only = s.split.ksk_only_keyset;
    let report = check_zone(&zone, &options);
    // A published algorithm that signs nothing (another provider's keys, keys kept for a
    // rollover) is only a warning of validate::zone (`report.warnings`): BIND's signer and
    // dnssec-verify accept it (checked on the 2018 root zone re-signed with new keys while
    // its RSASHA256 DNSKEYs stay published), and the signer says nothing of it, as BIND's.
    let details: Vec<String> = report
        .problems
        .iter()
        .take(MAX_DETAILS)
        .map(|p| p.to_string())
        .collect();
    if details.is_empty() {
        Ok(Ok(()))
    } else {
        Ok(Err(Failure {
            details,
            reason: "failure",
            verifying: Vec::new(),
            incomplete: Vec::new(),
        }))
    }
}
