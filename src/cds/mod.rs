//! dnssec-cds (REFERENCE.md section 9; RFC 7344, RFC 8078): turn a child's CDS/CDNSKEY
//! records into the parent's next DS set, but only after proving them with the DS set the
//! parent already trusts, and only when the new set still validates the child's DNSKEY RRset.
//!
//! Every step either succeeds or returns an error; the product (DS lines or an nsupdate
//! script) is built as one string and printed only when everything, including the in-place
//! rewrite, has succeeded, so a failure can never feed a partial script to `nsupdate`.

pub mod child;
pub mod newset;
pub mod output;
pub mod parent;
pub mod records;

use anyhow::{bail, Result};
use dnssec_core::rr::dnskey::Dnskey;
use dnssec_core::rr::rrsig::SigTime;
use dnssec_core::sign::rrsig::RrsetId;
use dnssec_core::time::{format_timestamp, UnixTime};
use dnssec_core::validate::bind_name;
use dnssec_core::validate::dsset::{
    check_rrset_sigs, match_key, oldest_verified_inception, CandidateKey, DsMatch, MatchRule,
    SigBounds, SigOutcome, SigReport,
};
use dnssec_core::validate::rrsig::RrsigFailure;
use dnssec_core::{Class, DigestType, Name, RrType, Ttl};

use crate::cli;
use child::ChildData;
use newset::NewSet;

/// Everything the command line decided.
pub struct Options {
    /// The child zone.
    pub domain: Name,
    /// `-c`.
    pub class: Class,
    /// `-a`, sorted and de-duplicated; SHA-256 alone by default.
    pub digests: Vec<DigestType>,
    /// `-D`: prefer CDNSKEY over CDS.
    pub prefer_cdnskey: bool,
    /// `-d`.
    pub ds_path: String,
    /// `-f`; None when missing (an error reported after the parent set is read, as BIND does).
    pub child_file: Option<String>,
    /// `-i[ext]`: Some("") rewrites without a backup.
    pub inplace: Option<String>,
    /// `-s`, unparsed: it is relative to the dsset file's mtime.
    pub start: Option<String>,
    /// `-T`.
    pub ttl: Option<Ttl>,
    /// `-u`.
    pub nsupdate: bool,
    /// `-v`.
    pub verbose: u32,
    /// The current time.
    pub now: UnixTime,
}

/// A warning from a reader, in BIND's `prog: warning:` form.
pub fn warn(msg: String) {
    cli::warning(msg);
}

/// Sorts a set canonically (RFC 4034 section 6.3: by wire rdata) and drops duplicates.
pub fn canonical_set<T>(items: &mut Vec<T>, wire: impl Fn(&T) -> Vec<u8>) {
    let mut keyed: Vec<(Vec<u8>, T)> = items.drain(..).map(|t| (wire(&t), t)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    items.extend(keyed.into_iter().map(|(_, t)| t));
}

struct Trace {
    level: u32,
}

impl Trace {
    fn v1(&self, msg: impl std::fmt::Display) {
        if self.level >= 1 {
            cli::note(msg);
        }
    }
    fn time(&self, t: UnixTime) -> String {
        if self.level >= 3 {
            format!("{} ({})", format_timestamp(t), t.0)
        } else {
            format_timestamp(t)
        }
    }
}

/// Runs the whole procedure and returns what goes to stdout.
pub fn run(opts: &Options) -> Result<String> {
    let trace = Trace {
        level: opts.verbose,
    };
    let name = bind_name(&opts.domain);
    let parent = parent::load(&opts.ds_path, &opts.domain, opts.class)?;
    let not_before = match &opts.start {
        None => parent.mtime,
        Some(text) => match dnssec_core::time::parse_time(text, parent.mtime, opts.now)? {
            dnssec_core::time::TimeSpec::Set(t) => t,
            _ => bail!("time value {text} is invalid"),
        },
    };
    trace.v1(format!(
        "child records must not be signed before {}",
        trace.time(not_before)
    ));
    let Some(file) = &opts.child_file else {
        bail!("path to file containing child data must be specified");
    };
    let child = child::load(file, &opts.domain, opts.class)?;
    let bounds = SigBounds {
        not_before: SigTime::from(not_before),
        now: SigTime::from(opts.now),
    };
    let auth = Authenticator {
        opts,
        child: &child,
        bounds,
        trace: &trace,
    };

    // Step 3: the old DS set vouches for keys, the keys for the child's RRsets.
    trace.v1("which child DNSKEY records match parent DS records?");
    let old_trust = auth.match_keys(&parent.ds, MatchRule::Loose);
    let mut verified = Vec::new();
    let mut oldest: Option<Oldest> = None;
    for (rtype, label) in [
        (RrType::DNSKEY, "DNSKEY"),
        (RrType::CDNSKEY, "CDNSKEY"),
        (RrType::CDS, "CDS"),
    ] {
        if !auth.present(rtype) {
            continue;
        }
        let reports = auth.verify(rtype, label, &old_trust, Some(&mut oldest));
        if !reports.iter().any(|r| r.outcome == SigOutcome::Verified) {
            bail!("could not validate child {label} RRset for {name}");
        }
        verified.extend(reports);
    }
    let inception = oldest_verified_inception(&verified).unwrap_or(bounds.not_before);
    let inception = UnixTime(inception.to_unix_near(opts.now.0));
    trace.v1(format!(
        "child signature inception time {}",
        trace.time(inception)
    ));
    if let (Some(o), true) = (&oldest, trace.level >= 2) {
        cli::note(format!("from RRSIG {} by key {}", o.label, o.key_tag));
    }

    // Steps 4-6: the new set, and proof that it keeps the delegation working.
    let new = if child.cds.is_empty() && child.cdnskey.is_empty() {
        trace.v1(format!("{name} has neither CDS nor CDNSKEY records"));
        None
    } else {
        let new = newset::build(
            &child,
            &opts.domain,
            &opts.digests,
            opts.prefer_cdnskey,
            &|m| trace.v1(m),
        )?;
        match &new {
            NewSet::Delete => trace.v1(format!(
                "{name} asks for its DS records to be removed (RFC 8078 section 4)"
            )),
            NewSet::Replace(set) => {
                newset::check_digest_coverage(set, &name)?;
                auth.check_new_set(set, &name)?;
            }
        }
        Some(new)
    };

    // Step 7: write, then print.
    let ttl = opts.ttl.or(parent.ttl);
    let new_ds = match &new {
        None => parent.ds.clone(),
        Some(NewSet::Delete) => Vec::new(),
        Some(NewSet::Replace(set)) => set.clone(),
    };
    let file_text = output::ds_lines(&opts.domain, ttl, opts.class, &new_ds);
    if let Some(ext) = &opts.inplace {
        output::write_in_place(&parent.path, ext, &file_text, parent.mtime.max(inception))?;
    }
    if opts.nsupdate {
        if new.is_none() {
            return Ok(String::new());
        }
        let add_ttl = match ttl.or(child.dnskey_ttl) {
            Some(t) => t,
            None => Ttl(output::FALLBACK_TTL),
        };
        if ttl.is_none() {
            trace.v1(format!(
                "no DS TTL known (no -T, none in the DS file): using {add_ttl} for the added DS records"
            ));
        }
        let mut old = parent.ds.clone();
        canonical_set(&mut old, |d| d.to_wire());
        return Ok(output::nsupdate(
            &opts.domain,
            opts.class,
            &old,
            &new_ds,
            add_ttl,
            opts.verbose >= 1,
        ));
    }
    if opts.inplace.is_some() {
        return Ok(String::new());
    }
    Ok(file_text)
}

/// The oldest verified child signature so far (step 3).
struct Oldest {
    inception: SigTime,
    label: &'static str,
    key_tag: u16,
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
struct Authenticator<'a> {
    opts: &'a Options,
    child: &'a ChildData,
    bounds: SigBounds,
    trace: &'a Trace,
}

impl Authenticator<'_> {
    fn present(&self, rtype: RrType) -> bool {
        match rtype {
            RrType::DNSKEY => !self.child.dnskey.is_empty(),
            RrType::CDS => !self.child.cds.is_empty(),
            _ => !self.child.cdnskey.is_empty(),
        }
    }

    fn match_keys(&self, ds: &[dnssec_core::rr::dnskey::Ds], rule: MatchRule) -> Vec<DsMatch> {
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
    fn verify(
        &self,
        rtype: RrType,
        label: &'static str,
        trust: &[DsMatch],
        mut oldest: Option<&mut Option<Oldest>>,
    ) -> Vec<SigReport> {
        self.trace.v1(format!("verify {label} signature(s)"));
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
        let reports = check_rrset_sigs(
            id,
            &mut refs,
            &self.child.rrsigs,
            &self.opts.domain,
            &keys,
            self.bounds,
        );
        for r in &reports {
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
        reports
    }

    /// Step 6 b/c: every DS must match its key exactly, and every algorithm in the new set
    /// must sign the DNSKEY RRset with a key the new set names (RFC 7344 section 4.1;
    /// RFC 4035 section 2.2 for the per-algorithm rule).
    fn check_new_set(&self, set: &[dnssec_core::rr::dnskey::Ds], name: &str) -> Result<()> {
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
        // algorithm signed (QUIRK 12: BIND checks only the first DS of each key).
        let mangled = trust.iter().any(|m| matches!(m, DsMatch::Mismatch(_)));
        if missing || mangled {
            bail!("could not validate child DNSKEY RRset with new DS records for {name}");
        }
        Ok(())
    }
}
