//! The signature checks of dnssec-cds (docs/bind-compat.md, "cds" steps 3 and 6b/c) with BIND's
//! trace lines: which child DNSKEYs a DS set vouches for, which RRSIGs they verify, and whether a
//! new DS set still validates the child's DNSKEY RRset for every algorithm it names.

use super::child::ChildData;
use super::{Options, Trace};
use crate::cli;
use anyhow::{bail, Result};
use dnssec_core::dnssec::RrsetId;
use dnssec_core::rr::SigTime;
use dnssec_core::rr::{Dnskey, Ds};
use dnssec_core::time::UnixTime;
use dnssec_core::validate::RrsigFailure;
use dnssec_core::validate::{
    check_rrset_sigs, match_key, CandidateKey, DsMatch, MatchRule, SigBounds, SigOutcome, SigReport,
};
use dnssec_core::{RrType, Ttl};

/// The oldest verified child signature so far (step 3).
pub struct Oldest {
    /// Its inception.
    pub inception: SigTime,
    /// The RRset type it covers.
    pub label: &'static str,
    /// The signing key's tag.
    pub key_tag: u16,
}

/// BIND's words for the failures its trace names; the others keep the core's wording.
fn bind_reason(why: &RrsigFailure) -> String {
    match why {
        RrsigFailure::Expired => "RRSIG has expired".to_string(),
        RrsigFailure::NotYetValid => "RRSIG validity period has not begun".to_string(),
        RrsigFailure::BadSignature => "RRSIG failed to verify".to_string(),
        other => other.to_string(),
    }
}

/// The signature checks of steps 3 and 6, with their trace lines.
pub struct Authenticator<'a> {
    /// The command line.
    pub opts: &'a Options,
    /// The child's records.
    pub child: &'a ChildData,
    /// Replay bound and "now".
    pub bounds: SigBounds,
    /// Where trace lines go.
    pub trace: &'a Trace,
}

impl Authenticator<'_> {
    /// True when the child has a non-empty RRset of this type.
    pub fn present(&self, rtype: RrType) -> bool {
        match rtype {
            RrType::DNSKEY => !self.child.dnskey.is_empty(),
            RrType::CDS => !self.child.cds.is_empty(),
            _ => !self.child.cdnskey.is_empty(),
        }
    }

    /// Matches every child DNSKEY against `ds` under `rule`, printing the trace.
    pub fn match_keys(&self, ds: &[Ds], rule: MatchRule) -> Vec<DsMatch> {
        self.child
            .dnskey
            .iter()
            .map(|key| {
                let m = match_key(&self.opts.domain, key, ds, rule);
                let (tag, alg) = (key.key_tag(), key.algorithm.0);
                match m {
                    DsMatch::NoDs => self
                        .trace
                        .v1(format!("no matching DS for DNSKEY {tag} {alg}")),
                    DsMatch::Matched(i) | DsMatch::Mismatch(i) => {
                        let d = &ds[i];
                        let what = (d.key_tag, d.algorithm.0, d.digest_type.0);
                        if m.is_trusted() {
                            self.trace.v1(format!(
                                "found matching DS {} {} {}",
                                what.0, what.1, what.2
                            ));
                        } else {
                            cli::note(format!(
                                "key does not match DS {} {} {} when it looks like it should",
                                what.0, what.1, what.2
                            ));
                        }
                    }
                }
                m
            })
            .collect()
    }

    /// Checks the RRSIGs over one RRset, printing the trace; `oldest` (step 3 only) follows
    /// the oldest verified inception for the `-v 2` lines.
    pub fn verify(
        &self,
        rtype: RrType,
        label: &'static str,
        trust: &[DsMatch],
        oldest: Option<&mut Option<Oldest>>,
    ) -> Vec<SigReport> {
        self.trace.v1(format!("verify {label} signature(s)"));
        let reports = self.check(rtype, trust, self.bounds);
        self.trace_reports(label, &reports, oldest);
        reports
    }

    /// The RRSIGs over one RRset checked against `bounds`, without trace lines.
    pub fn check(&self, rtype: RrType, trust: &[DsMatch], bounds: SigBounds) -> Vec<SigReport> {
        let rdatas: Vec<Vec<u8>> = match rtype {
            RrType::DNSKEY => self.child.dnskey.iter().map(Dnskey::to_wire).collect(),
            RrType::CDNSKEY => self.child.cdnskey.iter().map(Dnskey::to_wire).collect(),
            _ => self.child.cds.iter().map(|d| d.to_wire()).collect(),
        };
        let mut refs: Vec<&[u8]> = rdatas.iter().map(Vec::as_slice).collect();
        let keys: Vec<CandidateKey<'_>> = self
            .child
            .dnskey
            .iter()
            .zip(trust)
            .map(|(key, m)| CandidateKey {
                key,
                trusted: m.is_trusted(),
            })
            .collect();
        let id = RrsetId {
            owner: &self.opts.domain,
            class: self.opts.class,
            rtype,
            ttl: Ttl(0),
        };
        check_rrset_sigs(
            id,
            &mut refs,
            &self.child.rrsigs,
            &self.opts.domain,
            &keys,
            bounds,
        )
    }

    /// BIND's trace lines for the reports of [`Self::verify`].
    fn trace_reports(
        &self,
        label: &'static str,
        reports: &[SigReport],
        mut oldest: Option<&mut Option<Oldest>>,
    ) {
        for r in reports {
            let tag = r.key_tag;
            match &r.outcome {
                SigOutcome::TooOld => self.trace.v1(format!("skip RRSIG by key {tag}: too old")),
                SigOutcome::NoTrustedKey => self
                    .trace
                    .v1(format!("skip RRSIG by key {tag}: no matching (C)DS")),
                SigOutcome::Failed(why) => self.trace.v1(format!(
                    "skip RRSIG by key {tag}: verification failed: {}",
                    bind_reason(why)
                )),
                SigOutcome::Verified => {
                    self.trace.v1(format!("found RRSIG by key {tag}"));
                    if let Some(slot) = oldest.as_deref_mut() {
                        if slot
                            .as_ref()
                            .is_none_or(|o| r.inception.is_before(o.inception))
                        {
                            *slot = Some(Oldest {
                                inception: r.inception,
                                label,
                                key_tag: tag,
                            });
                            if self.trace.level >= 2 {
                                let t = UnixTime(r.inception.to_unix_near(self.opts.now.0));
                                cli::note(format!(
                                    "this is the oldest so far {}",
                                    self.trace.time(t)
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    /// Step 6 b/c: every DS must match its key exactly, and every algorithm in the new set
    /// must sign the DNSKEY RRset with a key the new set names (RFC 7344 section 4.1;
    /// RFC 4035 section 2.2 for the per-algorithm rule).
    pub fn check_new_set(&self, set: &[Ds], name: &str) -> Result<()> {
        self.trace
            .v1("which child DNSKEY records match new DS records?");
        let trust = self.match_keys(set, MatchRule::Strict);
        let reports = self.verify(RrType::DNSKEY, "DNSKEY", &trust, None);
        // One line per DS, as BIND prints them.
        let mut missing = false;
        for ds in set {
            let signed = reports
                .iter()
                .any(|r| r.outcome == SigOutcome::Verified && r.algorithm == ds.algorithm);
            if !signed {
                cli::note(format!(
                    "missing signature for algorithm {} (key {})",
                    ds.algorithm.0, ds.key_tag
                ));
                missing = true;
            }
        }
        // A DS with a wrong digest in any position is refused even when another key keeps its
        // algorithm signed (docs/bind-compat.md, "quirks" item 12: BIND checks only the first
        // DS of each key).
        let mangled = trust.iter().any(|m| matches!(m, DsMatch::Mismatch(_)));
        if missing || mangled {
            bail!("could not validate child DNSKEY RRset with new DS records for {name}");
        }
        Ok(())
    }
}
