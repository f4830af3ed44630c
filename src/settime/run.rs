//! One settime run: options checked in BIND's order, the key (and its predecessor with
//! `-S`) loaded, changed, printed and written.

use super::args::{Args, SPEC};
use super::print::PrintSet;
use super::rules::{self as st, StateChange, StateKind};
use crate::cli;
use anyhow::{anyhow, bail, Context, Result};
use dnssec_core::key::{write_file_set, PendingFile, PRIVATE_MODE, PUBLIC_MODE};
use dnssec_core::key::{Key, KeyPath, KeyState, Overwrite, TimeField};
use dnssec_core::time::{parse_interval_seconds, parse_ttl, UnixTime};
use std::path::Path;

/// `-p` with a letter BIND does not know: the usage, where the option loop meets it.
#[derive(Debug)]
struct BadPrint;

impl std::fmt::Display for BadPrint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("unknown -p field")
    }
}

impl std::error::Error for BadPrint {}

/// The options BIND's option loop checks, in command-line order (docs/bind-compat.md,
/// "command line: the order options are checked in"): the first bad one on the command line
/// is the error.
struct Looped {
    verbosity: cli::Verbosity,
    prints: PrintSet,
    ttl: Option<dnssec_core::time::Ttl>,
    times: Vec<(TimeField, Option<UnixTime>)>,
    goal: Option<Option<dnssec_core::key::RecordState>>,
    states: Vec<StateChange>,
    interval: Option<i64>,
}

fn looped(a: &Args, positions: &cli::Positions, now: UnixTime) -> Result<Looped> {
    let mut c = cli::InOrder::new(positions);
    let verbosity = c
        .each(crate::opt!(a.verbose), |v| cli::verbosity(Some(v)))
        .unwrap_or_default();
    let mut prints = PrintSet::default();
    c.each(crate::opt!(a.print), |p| {
        prints.add(p).map(|_| ()).ok_or_else(|| BadPrint.into())
    });
    let ttl = c.each(crate::opt!(a.ttl), |t| Ok(parse_ttl(t)?));
    let timed = [
        (crate::opt!(a.publish), "-P", TimeField::Publish),
        (crate::opt!(a.activate), "-A", TimeField::Activate),
        (crate::opt!(a.revoke), "-R", TimeField::Revoke),
        (crate::opt!(a.inactive), "-I", TimeField::Inactive),
        (crate::opt!(a.delete), "-D", TimeField::Delete),
        (
            crate::opt!(a.publish_sync),
            "-P sync",
            TimeField::SyncPublish,
        ),
        (crate::opt!(a.delete_sync), "-D sync", TimeField::SyncDelete),
        (crate::opt!(a.publish_ds), "-P ds", TimeField::DsPublish),
        (crate::opt!(a.delete_ds), "-D ds", TimeField::DsDelete),
    ];
    let mut times = Vec::new();
    for (values, flag, field) in timed {
        if let Some(t) = c.once(values, flag, |v| cli::key_time(v, now)) {
            times.push((field, t));
        }
    }
    let goal = c.once(crate::opt!(a.goal), "-g", |g| st::parse_goal(g));
    let stated = [
        (
            crate::opt!(a.ds_state),
            crate::opt!(a.ds_state_date),
            "-d",
            StateKind::Ds,
        ),
        (
            crate::opt!(a.dnskey_state),
            crate::opt!(a.dnskey_state_date),
            "-k",
            StateKind::Dnskey,
        ),
        (
            crate::opt!(a.krrsig_state),
            crate::opt!(a.krrsig_state_date),
            "-r",
            StateKind::Krrsig,
        ),
        (
            crate::opt!(a.zrrsig_state),
            crate::opt!(a.zrrsig_state_date),
            "-z",
            StateKind::Zrrsig,
        ),
    ];
    let mut states = Vec::new();
    for (values, dates, flag, kind) in stated {
        let state = c.once(values, flag, |v| st::parse_state(v));
        // The date is the word after the state: read after it, checked at its own place.
        let at = dates
            .values
            .first()
            .and_then(|d| c.check(dates.id, 0, cli::key_time(d, now)));
        if let (Some(state), Some(at)) = (state, at) {
            states.push(StateChange { kind, state, at });
        }
    }
    let interval = c.each(crate::opt!(a.interval), |i| Ok(parse_interval_seconds(i)?));
    c.finish()?;
    Ok(Looped {
        verbosity,
        prints,
        ttl,
        times,
        goal,
        states,
        interval,
    })
}

pub(super) fn settime(a: Args, positions: &cli::Positions) -> Result<()> {
    let now = UnixTime::now();
    let Looped {
        verbosity,
        prints,
        ttl,
        times,
        goal,
        states,
        interval,
    } = match looped(&a, positions, now) {
        Err(e) if e.is::<BadPrint>() => cli::usage(&SPEC),
        r => r?,
    };
    // A repeated -S is no error: the last one counts, as in BIND.
    let successor = cli::last_os(&a.successor);
    let keyfile = match a.keyfile.as_slice() {
        [] => bail!("The key file name was not specified"),
        [k] => k.as_os_str(),
        _ => bail!("Extraneous arguments"),
    };
    if !a.state && (goal.is_some() || !states.is_empty()) {
        bail!("Options -g, -d, -k, -r and -z require -s to be set");
    }
    if successor.is_some() {
        for (field, flag) in [(TimeField::Publish, "-P"), (TimeField::Activate, "-A")] {
            if times.iter().any(|(f, _)| *f == field) {
                bail!("-S and {flag} cannot be used together");
            }
        }
    }
    let key_dir = cli::last_os(&a.directory).map(Path::new);
    let load = |arg: &std::ffi::OsStr| -> Result<(Key, KeyPath)> {
        let path = KeyPath::parse_os(arg, key_dir);
        let arg = cli::text(arg);
        let shown = arg.rsplit('/').next().unwrap_or(&arg);
        let key = Key::load_path(&path)
            .map_err(|e| anyhow!("Invalid keyfile {shown}: {}", cli::key_error(&e)))?;
        Ok((key, path))
    };

    let mut pred = None;
    if let Some(p) = successor {
        let (pk, pp) = load(p)?;
        // A prepublication interval is a duration: a negative one would publish the successor
        // after it becomes active (BIND reads it unsigned and wraps; docs/bind-compat.md,
        // "keys: times, fields and checks"). Refused where BIND would use it.
        let interval = match (interval, cli::last(&a.interval)) {
            (Some(n), Some(i)) if n < 0 => bail!("time value {i} is invalid: out of range"),
            (Some(n), _) => n,
            _ => 30 * 86400,
        };
        let when = st::successor_times(&pk, interval, now, cli::warning_lines)?;
        pred = Some((pk, pp, when));
    }
    let given = |field: TimeField| times.iter().find(|(f, _)| *f == field).map(|(_, v)| *v);
    let (inactive, delete) = (given(TimeField::Inactive), given(TimeField::Delete));
    let (mut key, path) = load(keyfile)?;
    // BIND checks the delete-before-inactive rule with the options applied to the loaded
    // key, before naming the key at -v 3.
    let final_inactive = inactive.unwrap_or(key.timing.inactive);
    let final_delete = delete.unwrap_or(key.timing.delete);
    if let Some(w) = st::schedule_warning(final_inactive, final_delete) {
        cli::warning_lines(&w);
    }
    if verbosity.0 > 2 {
        cli::note(key.describe());
    }
    let mut changed = !times.is_empty() || ttl.is_some() || a.force;
    st::check_version(&mut key, a.force, !times.is_empty(), now)?;
    if let Some((pk, _, when)) = &mut pred {
        st::check_successor_pair(&key, pk)?;
        st::check_version(pk, a.force, true, now)?;
        key.timing.publish = Some(when.publish);
        key.timing.activate = Some(when.activate);
        key.timing.predecessor = Some(pk.key_tag());
        pk.timing.successor = Some(key.key_tag());
        changed = true;
    }
    if times.iter().any(|(f, _)| *f == TimeField::Revoke) {
        for w in st::revoke_warnings(&key) {
            cli::warning(w);
        }
    }
    for (field, value) in &times {
        key.timing.set(*field, *value);
    }
    if let Some(t) = ttl {
        key.ttl = (t.0 != 0).then_some(t);
    }
    if a.state && (goal.is_some() || !states.is_empty()) {
        changed = true;
        st::apply_states(
            key.state.get_or_insert_with(KeyState::default),
            goal,
            &states,
        );
    } else if a.state && changed && key.state.is_none() {
        key.state = Some(KeyState::default());
    }
    for line in prints.lines(&key.timing, a.epoch) {
        crate::outln!("{line}")?;
    }
    if !changed {
        return Ok(());
    }
    if !a.state {
        key.state = None;
    }
    let mut files = key_files(&key, &path.dir)?;
    if let Some((mut pk, pp, _)) = pred {
        if !a.state {
            pk.state = None;
        } else if pk.state.is_none() {
            pk.state = Some(KeyState::default());
        }
        files.extend(key_files(&pk, &pp.dir)?);
    }
    let changes = write_file_set(&files, Overwrite::Allow)
        .map_err(|e| anyhow!("Failed to write key {}: {e}", key.describe()))?;
    for f in &files {
        cli::out_path(&f.path)?;
    }
    cli::mode_changes(&changes);
    Ok(())
}

/// `dir` as BIND prints it: a leading `./` kept, inner and trailing `.` dropped (`-K sub`
/// with `./Kx…` is `sub`). Path components already normalise that way.
fn tidy(dir: &Path) -> std::path::PathBuf {
    dir.components().collect()
}

/// The `.key`, `.private` and (when the key has state) `.state` of `key` in `dir`.
fn key_files(key: &Key, dir: &Path) -> Result<Vec<PendingFile>> {
    let path = KeyPath::new(tidy(dir), key.basename());
    let mut files = vec![
        PendingFile {
            path: path.file("key"),
            contents: key.public_text_in(&chrono::Local).into_bytes(),
            mode: PUBLIC_MODE,
        },
        PendingFile {
            path: path.file("private"),
            contents: key
                .private_text()
                .with_context(|| format!("Failed to write key {}", key.describe()))?
                .into_bytes(),
            mode: PRIVATE_MODE,
        },
    ];
    if let Some(state) = key.state_text_in(&chrono::Local) {
        files.push(PendingFile {
            path: path.file("state"),
            contents: state.into_bytes(),
            mode: PUBLIC_MODE,
        });
    }
    Ok(files)
}
