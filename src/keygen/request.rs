//! keygen's options checked in BIND's order and in its words, into a [`Request`].

use super::args::Args;
use super::make::{Request, TimeArgs};
use crate::cli;
use anyhow::{anyhow, bail, Result};
use dnssec_core::key::KeyRecordType;
use dnssec_core::time::{parse_ttl, UnixTime};
use std::ffi::OsStr;

/// A whole number within `min..=max`, or BIND's message for the option.
fn numeric(text: &str, min: i64, max: i64, msg: &str) -> Result<i64> {
    cli::number(text, min, max).ok_or_else(|| anyhow!("{msg}"))
}

/// The checks dnssec-keygen makes while it reads its options, in the same words and in
/// command-line order (docs/bind-compat.md, "command line: the order options are checked
/// in"); the rest (`-c`, the name) after them.
pub(super) fn request(a: Args, positions: &cli::Positions) -> Result<Request> {
    let now = UnixTime::now();
    let mut c = cli::InOrder::new(positions);
    c.each(crate::opt!(a.randomdev), |_| -> Result<()> {
        Err(cli::Lines::new(
            "",
            [
                "The -r option has been deprecated.".to_string(),
                "System random data is always used.".to_string(),
                // BIND's text ends in a newline of its own: an empty line follows.
                String::new(),
            ],
        )
        .into())
    });
    let verbose = c
        .each(crate::opt!(a.verbose), |v| cli::verbosity(Some(v)))
        .unwrap_or_default();
    let bits = c.each(crate::opt!(a.bits), |b| {
        numeric(
            b,
            0,
            i64::from(u32::MAX),
            "-b requires a non-negative number",
        )
    });
    let (mut ksk, mut revoke_flag) = (false, false);
    c.each(crate::opt!(a.flag), |f| {
        match f.bytes().next().map(|b| b.to_ascii_uppercase()) {
            Some(b'K') => ksk = true,
            Some(b'R') => revoke_flag = true,
            _ => bail!("unknown flag '{f}'"),
        }
        Ok(())
    });
    let record_type = c.each(crate::opt!(a.rrtype), |t| match t {
        t if t.eq_ignore_ascii_case("DNSKEY") => Ok(KeyRecordType::Dnskey),
        t if t.eq_ignore_ascii_case("KEY") => Ok(KeyRecordType::Key),
        t => bail!("unknown type '{t}'"),
    });
    let protocol = c.each(crate::opt!(a.protocol), |p| {
        numeric(p, 0, 255, "-p must be followed by a number [0..255]")
    });
    let strength = c
        .each(crate::opt!(a.strength), |s| {
            numeric(s, 0, 15, "-s must be followed by a number [0..15]")
        })
        .unwrap_or(0);
    let generator = c.each(crate::opt!(a.generator), |g| {
        numeric(g, 1, i64::MAX, "-g requires a positive number")
    });
    c.each(crate::opt!(a.digest_bits), |d| {
        numeric(d, 0, i64::MAX, "-d requires a non-negative number")
    });
    let ttl = c.each(crate::opt!(a.ttl), |t| Ok(parse_ttl(t)?));
    let interval = c.each(crate::opt!(a.interval), |i| Ok(parse_ttl(i)?));
    let dir = c.each(crate::opt!(a.directory), |d| cli::key_dir(Some(d)));
    let mut time = |values, flag| c.once(values, flag, |v: &String| cli::key_time(v, now));
    let times = TimeArgs {
        publish: time(crate::opt!(a.publish), "-P"),
        activate: time(crate::opt!(a.activate), "-A"),
        revoke: time(crate::opt!(a.revoke), "-R"),
        inactive: time(crate::opt!(a.inactive), "-I"),
        delete: time(crate::opt!(a.delete), "-D"),
        sync_publish: time(crate::opt!(a.sync_publish), "-P sync"),
        sync_delete: time(crate::opt!(a.sync_delete), "-D sync"),
    };
    // The loop warns for each -e it gets to.
    for _ in 0..c.times_reached("large_exponent") {
        crate::errln!("phased-out option -e (was 'use (RSA) large exponent')");
    }
    c.finish()?;
    let dir = match dir {
        Some(d) => d,
        None => cli::key_dir(None)?,
    };
    let class = cli::class(&a.class)?;
    // With -S the owner comes from the predecessor and BIND does not look at the arguments.
    // The name itself is read later, where BIND reads it (make::owner).
    let name = match (a.names.as_slice(), a.successor.is_empty()) {
        (_, false) => None,
        ([], true) => bail!("the key name was not specified"),
        ([one], true) => Some(one.clone()),
        _ => bail!("extraneous arguments"),
    };
    Ok(Request {
        now,
        name,
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
