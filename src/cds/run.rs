//! One cds run: the parent's DS set, the child's records, the new set, the product.

use anyhow::{bail, Result};
use dnssec_core::rr::SigTime;
use dnssec_core::time::{format_timestamp, UnixTime};
use dnssec_core::validate::{oldest_verified_inception, MatchRule, SigBounds, SigOutcome};
use dnssec_core::{Class, DigestType, Name, RrType, Ttl};

use super::auth::{Authenticator, Oldest};
use super::newset::NewSet;
use super::{child, newset, output, parent, replay};
use crate::cli;

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
    pub ds_path: std::ffi::OsString,
    /// `-f`; None when missing (an error reported after the parent set is read, as BIND does).
    pub child_file: Option<std::ffi::OsString>,
    /// `-i[ext]`: Some("") rewrites without a backup.
    pub inplace: Option<std::ffi::OsString>,
    /// `-s`, unparsed: it is relative to the dsset file's mtime.
    pub start: Option<String>,
    /// `-T`.
    pub ttl: Option<Ttl>,
    /// `-u` (or `-U`).
    pub nsupdate: bool,
    /// `-U`: the server the script's `server` line names.
    pub update_server: Option<output::UpdateServer>,
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

/// The `-v` trace: BIND's `prog: ...` lines on stderr.
pub struct Trace {
    /// The `-v` level.
    pub level: u32,
}

impl Trace {
    /// A line shown from `-v 1` on.
    pub fn v1(&self, msg: impl std::fmt::Display) {
        if self.level >= 1 {
            cli::note(msg);
        }
    }
    /// A time as BIND traces it: `YYYYMMDDHHMMSS`, with ` (epoch)` from `-v 3` on.
    pub fn time(&self, t: UnixTime) -> String {
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
    let name = opts.domain.bind_text();
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
            // BIND's line first (scripts match it), then why, when the replay bound alone
            // refused the RRset.
            let fatal = format!("could not validate child {label} RRset for {name}");
            let bound = replay::Bound {
                not_before,
                source: match &opts.start {
                    Some(text) => replay::BoundSource::Start(text),
                    None => replay::BoundSource::FileTime(&parent.path),
                },
                file_time: parent.mtime,
                file: &parent.path,
            };
            match replay::explain(&auth, rtype, label, &old_trust, &reports, &bound) {
                Some(why) => {
                    return Err(cli::Lines::new("\t", std::iter::once(fatal).chain(why)).into())
                }
                None => bail!(fatal),
            }
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
        let script = output::nsupdate(
            &opts.domain,
            opts.class,
            &old,
            &new_ds,
            add_ttl,
            opts.verbose >= 1,
        );
        return Ok(match &opts.update_server {
            Some(server) => server.header(&opts.domain, opts.class) + &script,
            None => script,
        });
    }
    if opts.inplace.is_some() {
        return Ok(String::new());
    }
    Ok(file_text)
}
