//! keygen's options checked in BIND's order and in its words, into a [`Request`].

use super::args::Args;
use super::make::{Request, TimeArg, TimeArgs};
use crate::cli;
use anyhow::{anyhow, bail, Result};
use dnssec_core::key::KeyRecordType;
use dnssec_core::time::{parse_ttl, UnixTime};
use std::ffi::OsStr;

fn time_arg(values: &[String], flag: &str, now: UnixTime) -> Result<TimeArg> {
    Ok(cli::time_option(values, flag, now, now)?.map(|t| t.time()))
}

fn numeric(values: &[String], min: i64, max: i64, msg: &str) -> Result<Option<i64>> {
    cli::last(values)
        .map(|v| cli::number(v, min, max).ok_or_else(|| anyhow!("{msg}")))
        .transpose()
}

/// The checks dnssec-keygen makes while it reads its options, in the same words.
pub(super) fn request(a: Args) -> Result<Request> {
    let now = UnixTime::now();
    if !a.randomdev.is_empty() {
        return Err(cli::Lines::new(
            "",
            [
                "The -r option has been deprecated.".to_string(),
                "System random data is always used.".to_string(),
                // BIND's text ends in a newline of its own: an empty line follows.
                String::new(),
            ],
        )
        .into());
    }
    if a.large_exponent {
        crate::errln!("phased-out option -e (was 'use (RSA) large exponent')");
    }
    let verbose = cli::verbosity(cli::last(&a.verbose))?;
    let bits = numeric(
        &a.bits,
        0,
        i64::from(u32::MAX),
        "-b requires a non-negative number",
    )?;
    let (mut ksk, mut revoke_flag) = (false, false);
    for f in &a.flag {
        match f.bytes().next().map(|b| b.to_ascii_uppercase()) {
            Some(b'K') => ksk = true,
            Some(b'R') => revoke_flag = true,
            _ => bail!("unknown flag '{f}'"),
        }
    }
    let record_type = match cli::last(&a.rrtype) {
        None => None,
        Some(t) if t.eq_ignore_ascii_case("DNSKEY") => Some(KeyRecordType::Dnskey),
        Some(t) if t.eq_ignore_ascii_case("KEY") => Some(KeyRecordType::Key),
        Some(t) => bail!("unknown type '{t}'"),
    };
    let protocol = numeric(
        &a.protocol,
        0,
        255,
        "-p must be followed by a number [0..255]",
    )?;
    let strength = numeric(
        &a.strength,
        0,
        15,
        "-s must be followed by a number [0..15]",
    )?
    .unwrap_or(0);
    let generator = numeric(&a.generator, 1, i64::MAX, "-g requires a positive number")?;
    numeric(
        &a.digest_bits,
        0,
        i64::MAX,
        "-d requires a non-negative number",
    )?;
    let ttl = cli::last(&a.ttl).map(parse_ttl).transpose()?;
    let interval = cli::last(&a.interval).map(parse_ttl).transpose()?;
    let dir = cli::key_dir(cli::last_os(&a.directory))?;
    let class = cli::class(&a.class)?;
    let times = TimeArgs {
        publish: time_arg(&a.publish, "-P", now)?,
        activate: time_arg(&a.activate, "-A", now)?,
        revoke: time_arg(&a.revoke, "-R", now)?,
        inactive: time_arg(&a.inactive, "-I", now)?,
        delete: time_arg(&a.delete, "-D", now)?,
        sync_publish: time_arg(&a.sync_publish, "-P sync", now)?,
        sync_delete: time_arg(&a.sync_delete, "-D sync", now)?,
    };
    // With -S the owner comes from the predecessor.
    let name = match (a.names.as_slice(), a.successor.is_empty()) {
        ([], true) => bail!("the key name was not specified"),
        ([], false) => OsStr::new("."),
        ([one], true) => one.as_os_str(),
        _ => bail!("extraneous arguments"),
    };
    let owner =
        cli::name_arg(name).map_err(|e| anyhow!("invalid key name {}: {e}", cli::text(name)))?;
    Ok(Request {
        now,
        owner,
        class,
        ttl,
        dir,
        algorithm: cli::last(&a.algorithm).map(str::to_string),
        nsec3: a.nsec3,
        bits,
        ksk,
        revoke_flag,
        flag_given: !a.flag.is_empty(),
        record_type,
        nametype: cli::last(&a.nametype).map(str::to_string),
        keytype: cli::last(&a.keytype).map(str::to_string),
        protocol,
        strength,
        generator,
        times,
        interval,
        generate_only: a.generate_only,
        legacy: a.legacy,
        successor: cli::last_os(&a.successor).map(OsStr::to_os_string),
        policy: cli::last(&a.policy).map(str::to_string),
        config: cli::last_os(&a.config).map(OsStr::to_os_string),
        verbose,
        quiet: a.quiet || !cli::stdin_is_tty(),
    })
}
