//! Which zones a run steps, each with its policy and key directory: the built-in `default`
//! and `insecure` policies with `-K` (no `-l`), or a named.conf-style file (`-l`) read by the
//! core's reader (docs/bind-compat.md, "keymgr: policies"), with `-k`/`-K` overriding what
//! the file says (docs/bind-compat.md, "keymgr: -l and the zones it steps").

use anyhow::{anyhow, bail, Result};
use dnssec_core::kasp::{read_config, Config, ConfigMessage, Policy, ZoneConfig};
use dnssec_core::Name;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// One zone to step: its policy and where its keys are.
pub(super) struct Job {
    /// The zone.
    pub zone: Name,
    /// Its key directory.
    pub dir: PathBuf,
    /// Its policy, or why it has none.
    pub policy: Managed,
}

/// Whether named's key manager looks after a zone (docs/bind-compat.md, "keymgr:
/// dnssec-policy none and shared key directories").
pub(super) enum Managed {
    /// By this policy.
    By(Policy),
    /// Not: its entry says `dnssec-policy none` (or inherits it).
    PolicyNone,
    /// Not: its entry has no `dnssec-policy` at all.
    NoPolicy,
}

impl Managed {
    /// The line keymgr prints for a zone it leaves alone, after `ZONE: `.
    pub fn unmanaged_reason(&self) -> Option<&'static str> {
        match self {
            Managed::By(_) => None,
            Managed::PolicyNone => Some("dnssec-policy none, nothing to do"),
            Managed::NoPolicy => Some("no dnssec-policy, nothing to do"),
        }
    }
}

/// What the command line says about policies and directories.
pub(super) struct Sources<'a> {
    /// `-l FILE`.
    pub config: Option<&'a OsStr>,
    /// `-k NAME`.
    pub policy: Option<&'a str>,
    /// `-K DIR`.
    pub directory: Option<&'a OsStr>,
}

/// The jobs of a run over `zones` (every managed zone of the `-l` file when empty).
pub(super) fn jobs(src: &Sources<'_>, zones: &[Name]) -> Result<Vec<Job>> {
    let Some(path) = src.config else {
        let dir = crate::cli::key_dir(src.directory)?;
        let policy = builtin(src.policy.unwrap_or("default"))?;
        return Ok(zones
            .iter()
            .map(|zone| Job {
                zone: zone.clone(),
                dir: dir.clone(),
                policy: Managed::By(policy.clone()),
            })
            .collect());
    };
    let config = load(Path::new(path))?;
    let shown = crate::cli::show(path);
    // The command line's -K and -k beat the file: an operator who types them means them.
    let forced_dir = match src.directory {
        Some(d) => Some(crate::cli::key_dir(Some(d))?),
        None => None,
    };
    let forced_policy = match src.policy {
        Some(name) => Some(
            config
                .policy(name)
                .ok_or_else(|| anyhow!("dnssec-policy '{name}' not found in {shown}"))?,
        ),
        None => None,
    };
    let mut jobs: Vec<Job> = Vec::new();
    let mut seen: HashSet<(Name, PathBuf)> = HashSet::new();
    let mut push = |zone: &Name, dir: PathBuf, policy: Managed| {
        // One zone in two views with one key directory is one set of keys.
        if seen.insert((zone.clone(), dir.clone())) {
            jobs.push(Job {
                zone: zone.clone(),
                dir,
                policy,
            });
        }
    };
    // The command line's -k first, then the zone's entry: its policy, `none`, or nothing.
    let managed = |z: &ZoneConfig| match forced_policy.or_else(|| config.zone_policy(z)) {
        Some(p) => Managed::By(p.clone()),
        None if z.policy_none => Managed::PolicyNone,
        None => Managed::NoPolicy,
    };
    if zones.is_empty() {
        for z in &config.zones {
            let policy = managed(z);
            // Every zone of the file: one without any dnssec-policy is not a DNSSEC zone
            // of named's key manager and is passed over without a word; `none` is a choice
            // the operator wrote, and gets its line.
            if matches!(policy, Managed::NoPolicy) {
                continue;
            }
            let dir = forced_dir
                .clone()
                .unwrap_or_else(|| file_dir(&z.key_directory));
            push(&z.name, dir, policy);
        }
        if jobs.is_empty() {
            bail!("{shown}: no zone with a dnssec-policy");
        }
        return Ok(jobs);
    }
    for zone in zones {
        let found: Vec<_> = config.zones.iter().filter(|z| &z.name == zone).collect();
        let shown_zone = zone.to_message_string();
        if found.is_empty() {
            // A zone the file does not name: only -k says which policy it gets.
            let policy = forced_policy.ok_or_else(|| {
                anyhow!("zone '{shown_zone}' is not in {shown}: give its policy with -k")
            })?;
            let dir = forced_dir.clone().unwrap_or_else(|| PathBuf::from("."));
            push(zone, dir, Managed::By(policy.clone()));
            continue;
        }
        for z in found {
            let dir = forced_dir
                .clone()
                .unwrap_or_else(|| file_dir(&z.key_directory));
            push(zone, dir, managed(z));
        }
    }
    Ok(jobs)
}

/// A zone's key directory from the file; none configured (and no `directory`) is the
/// working directory, as for named.
fn file_dir(dir: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        dir.to_path_buf()
    }
}

/// A built-in policy by name (no `-l`).
fn builtin(name: &str) -> Result<Policy> {
    match name {
        "default" => Ok(Policy::builtin_default()),
        "insecure" => Ok(Policy::builtin_insecure()),
        _ => bail!("dnssec-policy '{name}' not found (only 'default' and 'insecure' without -l)"),
    }
}

/// Reads the `-l` file. Its warnings and errors are printed as named-checkconf prints them,
/// `FILE:LINE: message`, one a line, warnings first; with errors the run stops (exit 1) on
/// the last of them.
fn load(path: &Path) -> Result<Config> {
    let shown = crate::cli::show(path);
    if path.is_dir() {
        bail!("{shown}: not a file");
    }
    let bytes =
        crate::input::bounded::read_path(path).map_err(|e| anyhow!("open: {shown}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow!("{shown}: not UTF-8 text"))?;
    match read_config(&text, path) {
        Ok(config) => {
            print_messages(&config.warnings);
            Ok(config)
        }
        Err(e) => {
            // named-checkconf reports a policy's findings as its checks meet them, warnings
            // first in the cases that matter here (a short lifetime warns, then fails).
            print_messages(&e.warnings);
            let (last, rest) = e
                .errors
                .split_last()
                .map_or((String::new(), &[][..]), |(l, r)| (l.to_string(), r));
            print_messages(rest);
            Err(crate::cli::Plain(last).into())
        }
    }
}

fn print_messages(messages: &[ConfigMessage]) {
    for m in messages {
        crate::errln!("{m}");
    }
}
