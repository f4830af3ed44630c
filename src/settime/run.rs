//! One settime run: options checked in BIND's order, the key (and its predecessor with
//! `-S`) loaded, changed, printed and written.

use super::args::{Args, SPEC};
use super::print::PrintSet;
use super::rules::{self as st, StateChange, StateKind};
use crate::cli;
use anyhow::{anyhow, bail, Context, Result};
use dnssec_core::key::{write_file_set, PendingFile, PRIVATE_MODE, PUBLIC_MODE};
use dnssec_core::key::{Key, KeyPath, KeyState, Overwrite, TimeField};
use dnssec_core::time::{parse_interval_seconds, parse_key_time, parse_ttl, UnixTime};
use std::path::Path;

pub(super) fn settime(a: Args) -> Result<()> {
    let now = UnixTime::now();
    let verbosity = cli::verbosity(cli::last(&a.verbose))?;
    let mut prints = PrintSet::default();
    for p in &a.print {
        if prints.add(p).is_none() {
            cli::usage(&SPEC);
        }
    }
    let ttl = cli::last(&a.ttl).map(parse_ttl).transpose()?;
    let timed = [
        (&a.publish, "-P", TimeField::Publish),
        (&a.activate, "-A", TimeField::Activate),
        (&a.revoke, "-R", TimeField::Revoke),
        (&a.inactive, "-I", TimeField::Inactive),
        (&a.delete, "-D", TimeField::Delete),
        (&a.publish_sync, "-P sync", TimeField::SyncPublish),
        (&a.delete_sync, "-D sync", TimeField::SyncDelete),
        (&a.publish_ds, "-P ds", TimeField::DsPublish),
        (&a.delete_ds, "-D ds", TimeField::DsDelete),
    ];
    let times = cli::key_times(&timed, now)?;
    let goal = cli::once(&a.goal, "-g")?.map(st::parse_goal).transpose()?;
    let stated = [
        (&a.ds_state, &a.ds_state_date, "-d", StateKind::Ds),
        (
            &a.dnskey_state,
            &a.dnskey_state_date,
            "-k",
            StateKind::Dnskey,
        ),
        (
            &a.krrsig_state,
            &a.krrsig_state_date,
            "-r",
            StateKind::Krrsig,
        ),
        (
            &a.zrrsig_state,
            &a.zrrsig_state_date,
            "-z",
            StateKind::Zrrsig,
        ),
    ];
    let mut states = Vec::new();
    for (values, dates, name, kind) in stated {
        if let (Some(v), Some(d)) = (values.first(), dates.first()) {
            let state = st::parse_state(v)?;
            let at = parse_key_time(d, now, now)?.time();
            states.push(StateChange { kind, state, at });
        }
        cli::once(values, name)?;
    }
    let interval = match cli::last(&a.interval) {
        // A prepublication interval is a duration: a negative one would publish the successor
        // after it becomes active (BIND reads it unsigned and wraps; docs/bind-compat.md,
        // "keys: times, fields and checks").
        Some(i) => match parse_interval_seconds(i)? {
            n if n < 0 => bail!("time value {i} is invalid: out of range"),
            n => n,
        },
        None => 30 * 86400,
    };
    let successor = cli::once_os(&a.successor, "-S")?;
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
