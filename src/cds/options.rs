//! The command line turned into [`Options`]: digests, class, TTL, the domain and the files.

use super::args::{Args, SPEC};
use super::output::UpdateServer;
use super::Options;
use crate::cli;
use anyhow::{anyhow, bail, Result};
use dnssec_core::time::{parse_ttl, UnixTime};
use dnssec_core::DigestType;

/// `-a`: BIND's mnemonics, or any digest number (so `-a 0` parses, as in BIND).
fn digest(text: &str) -> Result<DigestType> {
    DigestType::parse(text).or_else(|e| match text.parse::<u8>() {
        Ok(n) => Ok(DigestType(n)),
        Err(_) => Err(anyhow!("{e}")),
    })
}

pub(super) fn options(args: Args) -> Result<Options> {
    let mut digests = args
        .digest
        .iter()
        .map(|a| digest(a))
        .collect::<Result<Vec<_>>>()?;
    if digests.is_empty() {
        digests.push(DigestType::SHA256);
    }
    digests.sort();
    digests.dedup();
    let class = cli::class(&args.class)?;
    let ttl = cli::last(&args.ttl).map(parse_ttl).transpose()?;
    let verbose = cli::verbosity(cli::last(&args.verbose))?.0;
    let [domain] = args.args.as_slice() else {
        cli::usage(&SPEC);
    };
    let domain = cli::name_arg(domain)
        .map_err(|e| anyhow!("bad domain name '{}': {e}", cli::text(domain)))?;
    let Some(ds_path) = cli::last_os(&args.ds) else {
        bail!("missing -d DS pathname");
    };
    let update_server = cli::last_os(&args.update_server)
        .map(|v| UpdateServer::parse(&cli::text(v)))
        .transpose()?;
    if update_server.is_some() && domain.is_root() {
        bail!("-U: the root zone has no parent zone to update");
    }
    Ok(Options {
        domain,
        class,
        digests,
        prefer_cdnskey: args.prefer_cdnskey,
        ds_path: ds_path.to_os_string(),
        child_file: cli::last_os(&args.file).map(std::ffi::OsStr::to_os_string),
        inplace: args.inplace.last().cloned(),
        start: cli::last(&args.start).map(str::to_string),
        ttl,
        nsupdate: args.nsupdate || update_server.is_some(),
        update_server,
        verbose,
        now: UnixTime::now(),
    })
}
