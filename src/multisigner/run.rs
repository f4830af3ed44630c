//! One run: load every provider, check, cross-validate, report, and print the reconcile
//! commands asked for with `-u`.

use std::fmt;
use std::time::Duration;

use anyhow::{anyhow, bail, Result};
use dnssec_core::client::Client;
use dnssec_core::rr::SigTime;
use dnssec_core::time::{parse_ttl, UnixTime};
use dnssec_core::{Name, RrType};

use super::args::{Args, SPEC};
use super::checks::{self, Finding};
use super::keys::key_text;
use super::view::{self, Provider};
use super::{crossval, reconcile, source};
use crate::cli;
use crate::outln;

/// The client's patience with a provider's server: short tries, as dig's `+time=2 +tries=2`,
/// so that a dead provider fails the run quickly.
const CLIENT: Client = Client {
    timeout: Duration::from_secs(2),
    tries: 2,
};

/// True when the group is consistent.
pub(super) fn run(a: Args) -> Result<bool> {
    let now = UnixTime::now();
    let Some(origin) = cli::once_os(&a.origin, "-o")? else {
        bail!("no zone given: use -o zone");
    };
    let zone: Name = cli::name_arg(origin).map_err(|e| anyhow!("'{}': {e}", cli::text(origin)))?;
    let ttl = match cli::once(&a.ttl, "-T")? {
        Some(t) => Some(parse_ttl(t).map_err(|e| anyhow!("-T '{t}': {e}"))?),
        None => None,
    };
    if a.sources.is_empty() {
        cli::usage(&SPEC);
    }
    let mut providers: Vec<Provider> = Vec::new();
    for arg in &a.sources {
        let src = source::parse(arg)?;
        let label = cli::text(arg);
        if providers.iter().any(|p| p.label == label) {
            bail!("'{label}' is given twice");
        }
        providers.push(view::load(label, src, &zone, &CLIENT)?);
    }
    let updates = reconcile::requests(&a.update, &providers)?;

    let sig_now = SigTime::from_unix(now.0);
    let mut findings = checks::run(&zone, &providers);
    findings.extend(crossval::pairs(&zone, &providers, sig_now));
    let ds = crossval::ds_set(&zone, &providers);
    findings.extend(crossval::apex(&zone, &providers, &ds, sig_now));

    let out = Report {
        to_stderr: !updates.is_empty(),
    };
    if !a.quiet {
        for p in &providers {
            describe(&out, p, &zone, a.verbose)?;
        }
    }
    for f in &findings {
        out.line(format_args!("{}: {}", f.provider, f.text))?;
    }
    if !a.quiet {
        summary(&out, &zone, &providers, &findings, ds.is_empty())?;
    }
    if !updates.is_empty() {
        let importkey = reconcile::importkey_command();
        for u in &updates {
            reconcile::print(u, &zone, &providers, ttl, importkey)?;
        }
    }
    Ok(findings.is_empty())
}

fn describe(out: &Report, p: &Provider, zone: &Name, verbose: bool) -> Result<()> {
    let serial = p
        .apex(zone, RrType::SOA)
        .and_then(|s| s.rdatas.first())
        .and_then(|r| soa_serial(r));
    let serial = serial.map_or_else(|| "?".to_string(), |s| s.to_string());
    let keys = p.dnskeys(zone);
    out.line(format_args!(
        "{}: SOA serial {serial}, {} DNSKEYs",
        p.label,
        keys.len()
    ))?;
    if verbose {
        for k in &keys {
            out.line(format_args!("{}: DNSKEY {}", p.label, key_text(k)))?;
        }
        for addr in &p.addresses {
            out.line(format_args!("{}: address {addr}", p.label))?;
        }
    }
    Ok(())
}

/// The serial of an SOA rdata: the first 32-bit field after the two names (RFC 1035
/// section 3.3.13).
fn soa_serial(rdata: &[u8]) -> Option<u32> {
    let (_, a) = Name::from_wire_prefix(rdata).ok()?;
    let (_, b) = Name::from_wire_prefix(rdata.get(a..)?).ok()?;
    let s = rdata.get(a + b..a + b + 4)?;
    Some(u32::from_be_bytes(s.try_into().ok()?))
}

fn summary(
    out: &Report,
    zone: &Name,
    providers: &[Provider],
    findings: &[Finding],
    no_ds: bool,
) -> Result<()> {
    let z = zone.bind_text();
    let n = providers.len();
    if no_ds {
        out.line(format_args!(
            "{z}: no CDS or CDNSKEY records: DNSKEY RRsets not checked against a DS set"
        ))?;
    }
    let are = if n == 1 {
        "provider is"
    } else {
        "providers are"
    };
    if findings.is_empty() {
        out.line(format_args!("{z}: the {n} {are} consistent"))?;
    } else {
        let problems = if findings.len() == 1 {
            "problem"
        } else {
            "problems"
        };
        out.line(format_args!(
            "{z}: the {n} {are} NOT consistent: {} {problems}",
            findings.len()
        ))?;
    }
    Ok(())
}

/// Where the report goes: standard output, or with `-u` standard error, so that standard
/// output holds the reconcile script alone and `multisigner -u ... | sh` runs it as is.
struct Report {
    to_stderr: bool,
}

impl Report {
    fn line(&self, text: fmt::Arguments<'_>) -> Result<()> {
        if self.to_stderr {
            crate::errln!("{text}");
            Ok(())
        } else {
            outln!("{text}")
        }
    }
}
