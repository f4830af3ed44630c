//! One keymgr invocation: read the options, take the key directory's lock, then for each
//! zone load its keys, apply the command (checkds, rollover) and run the key manager, print
//! the changes, and write the files (not with `-n`); or print the status or a plan.

use super::args::{Args, SPEC};
use super::config::Managed;
use super::{checkds_auto, config, lock, print};
use crate::cli;
use anyhow::{anyhow, bail, Result};
use dnssec_core::kasp::keymgr::{
    self, checkds, load_key_paths, load_keys, pending, rollover, store_keys, Context, DsSeen,
    FreshKeys, KeySelector, ManagedKey, Pending, Snapshot, Wait,
};
use dnssec_core::kasp::Policy;
use dnssec_core::key::{index_zone_keys, KeyPath};
use dnssec_core::time::{parse_time, TimeSpec, UnixTime};
use dnssec_core::{Algorithm, Name};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How far `-plan` looks without an end time: two years, enough for a yearly KSK rollover
/// and many ZSK ones (man/keymgr.1).
const PLAN_HORIZON: i64 = 2 * 366 * 86_400;

/// How one zone's part of a run ends: go on with the next zone (true when it waits for
/// its parent), or stop the run here (`-status`, `-plan`: one zone).
enum Flow {
    Next(bool),
    Stop(bool),
}

/// What the invocation does besides a step.
enum Command {
    Step,
    Checkds(DsSeen),
    /// `-checkds auto`: ask the parent's servers.
    CheckdsAuto,
    Rollover,
    Status,
    Plan(UnixTime),
}

fn time_arg(text: &str, flag: &str, now: UnixTime) -> Result<UnixTime> {
    match parse_time(text, now, now) {
        Ok(TimeSpec::Set(t)) => Ok(t),
        Ok(TimeSpec::Unset) => bail!("{flag}: a time is needed, not '{text}'"),
        Err(e) => Err(anyhow!("{flag}: {e}")),
    }
}

fn selector(a: &Args) -> Result<KeySelector> {
    let tag = match cli::once(&a.key, "-key")? {
        None => None,
        Some(t) => Some(
            t.parse::<u16>()
                .map_err(|_| anyhow!("-key: key id '{t}' is not a number from 0 to 65535"))?,
        ),
    };
    let algorithm = match cli::once(&a.alg, "-alg")? {
        None => None,
        Some(t) => Some(
            Algorithm::from_text(t)
                .or_else(|| t.parse::<u8>().ok().map(Algorithm))
                .ok_or_else(|| anyhow!("-alg: unknown algorithm '{t}'"))?,
        ),
    };
    Ok(KeySelector { tag, algorithm })
}

/// Runs keymgr; true when a zone waits for its parent's DS to be confirmed.
pub(super) fn keymgr(a: Args) -> Result<bool> {
    let clock = UnixTime::now();
    let now = match cli::once(&a.time, "-t")? {
        Some(t) => time_arg(t, "-t", clock)?,
        None => clock,
    };
    let mut commands = Vec::new();
    if let Some(seen) = cli::once(&a.checkds, "-checkds")? {
        commands.push(match seen {
            "published" => Command::Checkds(DsSeen::Published),
            "withdrawn" => Command::Checkds(DsSeen::Withdrawn),
            "auto" => Command::CheckdsAuto,
            _ => bail!("-checkds: expected 'published', 'withdrawn' or 'auto', not '{seen}'"),
        });
    }
    if a.rollover {
        commands.push(Command::Rollover);
    }
    if a.status {
        commands.push(Command::Status);
    }
    let mut zone_args = a.zone.clone();
    if let Some(until) = cli::once(&a.plan, "-plan")? {
        // `until` is optional: `-plan ZONE` (the word is the zone, nothing follows it) plans
        // PLAN_HORIZON ahead.
        let until = if zone_args.is_empty() && a.config.is_empty() {
            zone_args.push(until.into());
            now.offset(PLAN_HORIZON)
        } else {
            time_arg(until, "-plan", now)?
        };
        commands.push(Command::Plan(until));
    }
    if commands.len() > 1 {
        bail!("only one of -checkds, -rollover, -status and -plan may be given");
    }
    let command = commands.pop().unwrap_or(Command::Step);
    let sel = selector(&a)?;
    if !matches!(
        command,
        Command::Checkds(_) | Command::CheckdsAuto | Command::Rollover
    ) && (sel.tag.is_some() || sel.algorithm.is_some())
    {
        bail!("-key and -alg go with -checkds or -rollover");
    }
    let asks_parent = !a.parent.is_empty() || !a.resolver.is_empty();
    if asks_parent && !matches!(command, Command::CheckdsAuto) {
        bail!("-p and -r go with -checkds auto");
    }
    if !a.parent.is_empty() && !a.resolver.is_empty() {
        bail!("-r finds the parent's servers: it goes without -p");
    }
    if matches!(command, Command::Rollover) && sel.tag.is_none() {
        bail!("-rollover needs -key");
    }
    let when = match cli::once(&a.when, "-when")? {
        None => now,
        Some(w) if matches!(command, Command::Checkds(_) | Command::Rollover) => {
            time_arg(w, "-when", now)?
        }
        Some(_) if matches!(command, Command::CheckdsAuto) => {
            bail!("-when goes with -checkds published|withdrawn: auto takes the time it sees")
        }
        Some(_) => bail!("-when goes with -checkds or -rollover"),
    };
    if zone_args.is_empty() && a.config.is_empty() {
        cli::usage(&SPEC);
    }
    if a.json && !matches!(command, Command::Status) {
        bail!("-j goes with -status");
    }
    let hook = cli::once(&a.hook, "-H")?;
    if hook.is_some() && !matches!(command, Command::Step | Command::Checkds(_)) {
        bail!("-H goes with a step");
    }
    // -checkds without -key names each zone's waiting KSK, so a parent that took the DS
    // of many zones at once is recorded in one run.
    let many = match command {
        Command::Step => true,
        Command::Checkds(_) => sel.tag.is_none() && sel.algorithm.is_none(),
        _ => false,
    };
    if matches!(command, Command::Checkds(_)) && many && zone_args.is_empty() {
        bail!("-checkds needs the zones named");
    }
    if !many && zone_args.len() != 1 {
        bail!("-checkds -key, -rollover, -status and -plan take one zone");
    }
    let zones = zone_args
        .iter()
        .map(|z| cli::name_arg(z).map_err(|e| anyhow!("invalid zone '{}': {e}", cli::text(z))))
        .collect::<Result<Vec<Name>>>()?;
    let sources = config::Sources {
        config: cli::last_os(&a.config),
        policy: cli::last(&a.policy),
        directory: cli::last_os(&a.directory),
    };
    let jobs = config::jobs(&sources, &zones)?;
    let managed: Vec<&config::Job> = jobs
        .iter()
        .filter(|j| matches!(j.policy, Managed::By(_)))
        .collect();
    // One lock per key directory, taken when a zone first needs it and held to the end.
    let mut locks: HashMap<PathBuf, lock::DirLock> = HashMap::new();
    // Directories that could not be made ready: reported once, for all their zones.
    let mut broken: HashSet<PathBuf> = HashSet::new();
    // A directory shared by many zones is read once (a file of ten thousand zones in one
    // key directory would otherwise list it ten thousand times).
    let mut zones_in: HashMap<&Path, usize> = HashMap::new();
    for job in &managed {
        *zones_in.entry(job.dir.as_path()).or_default() += 1;
    }
    let mut indexes: HashMap<PathBuf, HashMap<String, Vec<KeyPath>>> = HashMap::new();
    let mut waiting = false;
    // A cron run over many zones goes on past a zone that fails: each error names its
    // zone, and the run exits 1 at the end (docs/bind-compat.md, "keymgr: many zones and
    // the next run").
    let mut failed = 0usize;
    for job in &jobs {
        // named loads a zone without a policy (or with `none`) and leaves its keys alone;
        // rndc's dnssec commands answer that the zone has no policy (docs/bind-compat.md,
        // "keymgr: dnssec-policy none and shared key directories"). Its key directory is
        // not even looked at.
        let policy = match &job.policy {
            Managed::By(p) => p,
            other if a.json => {
                let name = matches!(other, Managed::PolicyNone).then_some("none");
                crate::outln!("{}", super::json::unmanaged(&job.zone, name, now))?;
                continue;
            }
            other => {
                let reason = other.unmanaged_reason().unwrap_or("not managed");
                crate::outln!("{}: {reason}", job.zone.to_message_string())?;
                continue;
            }
        };
        let dir = &job.dir;
        if broken.contains(dir) {
            failed += 1;
            continue;
        }
        if !locks.contains_key(dir) {
            match ready(dir) {
                Ok(lock) => {
                    locks.insert(dir.clone(), lock);
                }
                Err(e) if managed.len() > 1 => {
                    cli::error(format!("{}: {e:#}", zones_of(&managed, dir)));
                    broken.insert(dir.clone());
                    failed += 1;
                    continue;
                }
                Err(e) => return Err(e),
            }
        }
        let mut one = || -> Result<Flow> {
            let zone = &job.zone;
            let mut keys = if zones_in[dir.as_path()] > 1 {
                if !indexes.contains_key(dir) {
                    let index = index_zone_keys(dir).map_err(|e| anyhow!("{e}"))?;
                    indexes.insert(dir.clone(), index);
                }
                let paths = indexes[dir]
                    .get(&zone.key_file_part().to_ascii_lowercase())
                    .map_or(&[][..], Vec::as_slice);
                load_key_paths(paths)
            } else {
                load_keys(dir, zone)
            }
            .map_err(|e| anyhow!("{e}"))?;
            match command {
                Command::Status => {
                    status(zone, &keys, policy, now, a.json)?;
                    return Ok(Flow::Stop(false));
                }
                Command::Plan(until) => {
                    return plan(zone, dir, keys, policy, now, until).map(Flow::Stop)
                }
                _ => {}
            }
            let before = Snapshot::of(&keys);
            let mut ttl_waits = checkds_auto::TtlWaits::default();
            match command {
                Command::Checkds(seen) => {
                    let tag = checkds(&mut keys, sel, seen, when).map_err(|e| anyhow!("{e}"))?;
                    let word = if seen == DsSeen::Published {
                        "published"
                    } else {
                        "withdrawn"
                    };
                    crate::outln!(
                        "{}: key {tag}: marked DS as {word} since {}",
                        zone.to_message_string(),
                        dnssec_core::time::format_ctime(when)
                    )?;
                }
                Command::CheckdsAuto => {
                    ttl_waits = checkds_auto::run(
                        zone,
                        dir,
                        &mut keys,
                        policy,
                        sel,
                        &a.parent,
                        cli::once(&a.resolver, "-r")?,
                        now,
                        a.dry_run,
                    )?
                }
                Command::Rollover => {
                    let tag =
                        rollover(&mut keys, sel, policy, when, now).map_err(|e| anyhow!("{e}"))?;
                    crate::outln!(
                        "{}: key {tag}: rollover scheduled on {}",
                        zone.to_message_string(),
                        dnssec_core::time::format_ctime(when)
                    )?;
                }
                _ => {}
            }
            let waits = step(
                zone, dir, &mut keys, &before, policy, now, a.dry_run, &ttl_waits,
            )?;
            if let (Some(command), false) = (hook, a.dry_run) {
                super::hook::run(command, zone, dir, &keys, &waits)?;
            }
            Ok(Flow::Next(!waits.is_empty()))
        };
        match one() {
            Ok(Flow::Next(w)) => waiting |= w,
            Ok(Flow::Stop(w)) => return Ok(w),
            Err(e) if managed.len() > 1 => {
                cli::error(format!("zone '{}': {e:#}", job.zone.to_message_string()));
                failed += 1;
            }
            Err(e) => return Err(e),
        }
    }
    if failed > 0 {
        bail!("{failed} of {} zones failed", managed.len());
    }
    Ok(waiting)
}

/// A key directory made ready for the run: it exists and this run holds its lock.
fn ready(dir: &Path) -> Result<lock::DirLock> {
    if !dir.is_dir() {
        cli::key_dir(Some(dir.as_os_str()))?;
    }
    lock::lock(dir)
}

/// Who a key directory's failure is reported for: `zone 'NAME'` when one zone uses it, else
/// how many and the first few by name, so a directory shared by thousands of zones makes
/// one short line.
fn zones_of(jobs: &[&config::Job], dir: &Path) -> String {
    const NAMED: usize = 3;
    let zones: Vec<String> = jobs
        .iter()
        .filter(|j| j.dir == dir)
        .map(|j| format!("'{}'", j.zone.to_message_string()))
        .collect();
    match zones.as_slice() {
        [one] => format!("zone {one}"),
        _ if zones.len() <= NAMED => format!("{} zones ({})", zones.len(), zones.join(", ")),
        _ => format!("{} zones ({}, ...)", zones.len(), zones[..NAMED].join(", ")),
    }
}

/// How many keys the zone's DNSKEY RRset holds at `now`, as `signzone -S` would publish them
/// from their times: named takes a lone key without role metadata as a CSK when the zone
/// holds one DNSKEY (docs/bind-compat.md, "keymgr: the key manager"), and keymgr does not
/// read the zone.
fn published(keys: &[ManagedKey], now: UnixTime) -> usize {
    keys.iter()
        .filter(|k| {
            let t = &k.key.timing;
            t.publish.is_some_and(|p| p <= now) && t.delete.is_none_or(|d| d > now)
        })
        .count()
}

/// One run over a zone's loaded keys: print the changes since `before`, store (unless
/// `dry_run`), print the next run. Returns the DS transitions that wait for the parent.
/// When `-checkds auto` saw every waiting DS at every server (`ttl_waits`), the next run is
/// the end of the TTL wait (or an earlier event), not the hourly look at the parent.
#[allow(clippy::too_many_arguments)]
fn step(
    zone: &Name,
    dir: &Path,
    keys: &mut Vec<ManagedKey>,
    before: &Snapshot,
    policy: &Policy,
    now: UnixTime,
    dry_run: bool,
    ttl_waits: &checkds_auto::TtlWaits,
) -> Result<Vec<Pending>> {
    let ctx = Context {
        policy,
        now,
        zone_dnskeys: Some(published(keys, now)),
    };
    let mut maker = FreshKeys::new(zone.clone(), dir);
    let outcome = keymgr::run(keys, &ctx, &mut maker).map_err(|e| anyhow!("{e}"))?;
    for e in before.changes(keys) {
        crate::outln!("{}", print::event(zone, &e))?;
    }
    if !dry_run {
        store_keys(dir, keys, &chrono::Local).map_err(|e| anyhow!("{e}"))?;
    }
    keys.retain(|k| !k.purged);
    let waiting: Vec<Pending> = pending(keys, policy, now)
        .into_iter()
        .filter(|p| matches!(p.wait, Wait::Parent(_)))
        .collect();
    let next = match ttl_waits.until {
        None => outcome.next,
        Some(until) => {
            let all_seen = waiting.iter().all(|p| ttl_waits.tags.contains(&p.tag));
            let other = if all_seen {
                outcome.next_without_parent
            } else {
                outcome.next
            };
            Some(other.map_or(until, |o| o.min(until)))
        }
    };
    crate::outln!("{}", print::next(zone, next))?;
    Ok(waiting)
}

/// `-status`: rndc's text, then what each pending transition waits for.
fn status(
    zone: &Name,
    keys: &[ManagedKey],
    policy: &Policy,
    now: UnixTime,
    json: bool,
) -> Result<()> {
    if json {
        let waits = pending(keys, policy, now);
        crate::outln!("{}", super::json::status(zone, keys, policy, now, &waits))?;
        return Ok(());
    }
    let text = keymgr::status(keys, policy, now, &chrono::Local);
    crate::outln!("{}", text.trim_end_matches('\n'))?;
    let waits = pending(keys, policy, now);
    if !waits.is_empty() {
        crate::outln!()?;
        crate::outln!("pending:")?;
        for p in &waits {
            crate::outln!("{}", print::pending(p))?;
        }
    }
    Ok(())
}

/// `-plan until`: steps from `now` to each next run time up to `until`, in memory, printing
/// every change with its time. Where a DS waits for the parent, the plan assumes the parent
/// acts at once (a `-checkds` at that time) and says so.
fn plan(
    zone: &Name,
    dir: &Path,
    mut keys: Vec<ManagedKey>,
    policy: &Policy,
    now: UnixTime,
    until: UnixTime,
) -> Result<bool> {
    let mut maker = FreshKeys::new(zone.clone(), dir);
    let mut t = now;
    // Each round moves time forward; a bound keeps a policy with very short intervals
    // from printing forever.
    for _ in 0..100_000 {
        let before = Snapshot::of(&keys);
        for p in pending(&keys, policy, t) {
            if let Wait::Parent(seen) = p.wait {
                let sel = KeySelector {
                    tag: Some(p.tag),
                    algorithm: None,
                };
                if checkds(&mut keys, sel, seen, t).is_ok() {
                    let word = if seen == DsSeen::Published {
                        "published"
                    } else {
                        "withdrawn"
                    };
                    crate::outln!(
                        "{} {}: key {}: assuming the parent's DS is {word} (-checkds {word})",
                        dnssec_core::time::format_timestamp(t),
                        zone.to_message_string(),
                        p.tag
                    )?;
                }
            }
        }
        let ctx = Context {
            policy,
            now: t,
            zone_dnskeys: Some(published(&keys, t)),
        };
        let outcome = keymgr::run(&mut keys, &ctx, &mut maker).map_err(|e| anyhow!("{e}"))?;
        for e in before.changes(&keys) {
            crate::outln!(
                "{} {}",
                dnssec_core::time::format_timestamp(t),
                print::event(zone, &e)
            )?;
        }
        keys.retain(|k| !k.purged);
        match outcome.next {
            Some(n) if n <= until && n > t => t = n,
            _ => {
                crate::outln!("{}", print::next(zone, outcome.next))?;
                return Ok(false);
            }
        }
    }
    bail!("-plan: too many events before the end time")
}
