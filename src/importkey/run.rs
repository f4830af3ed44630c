//! One import: options checked, the key records found, and each written as `.key` and an
//! `External:` `.private`.

use super::args::{Args, SPEC};
use super::source::{dnskeys_at, holds_real_private_key, Source};
use crate::cli;
use crate::input::zonekeys::{STDIN_LABEL, STDIN_STREAM_LABEL};
use anyhow::{anyhow, bail, Result};
use dnssec_core::key::{write_file_set, PendingFile, PRIVATE_MODE, PUBLIC_MODE};
use dnssec_core::key::{
    FormatVersion, Key, KeyPath, KeyPrivate, KeyTiming, Overwrite, PublicRecord, TimeField,
};
use dnssec_core::time::{parse_ttl, UnixTime};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

pub(super) fn importkey(a: Args, positions: &cli::Positions) -> Result<()> {
    let now = UnixTime::now();
    // BIND's option loop reads these as it meets them: the first bad one on the command line
    // is the error (docs/bind-compat.md, "command line: the order options are checked in").
    let mut c = cli::InOrder::new(positions);
    c.each(crate::opt!(a.verbose), |v| cli::verbosity(Some(v)));
    let ttl = c.each(crate::opt!(a.ttl), |t| Ok(parse_ttl(t)?));
    let mut timing = KeyTiming::default();
    for (values, flag, field) in [
        (crate::opt!(a.publish), "-P", TimeField::Publish),
        (crate::opt!(a.delete), "-D", TimeField::Delete),
        (
            crate::opt!(a.publish_sync),
            "-P sync",
            TimeField::SyncPublish,
        ),
        (crate::opt!(a.delete_sync), "-D sync", TimeField::SyncDelete),
    ] {
        if let Some(time) = c.once(values, flag, |v| cli::key_time(v, now)) {
            timing.set(field, time);
        }
    }
    c.finish()?;
    let out_dir = cli::last_os(&a.directory);
    let records = match cli::last_os(&a.file) {
        Some(file) => {
            let name = match a.positional.as_slice() {
                [] => file,
                [n] => n.as_os_str(),
                _ => bail!("extraneous arguments"),
            };
            let found = from_zone(file, name)?;
            // Every key is sorted into held or imported before any file is written.
            let dir = out_dir.map_or_else(|| Path::new("."), Path::new);
            let mut wanted = Vec::new();
            for record in found {
                match held_here(&record, dir) {
                    Some(base) => cli::warning(format!(
                        "skipping {base}: this key's private key is in {}",
                        cli::show(shown_path(out_dir, &format!("{base}.private")))
                    )),
                    None => wanted.push(record),
                }
            }
            wanted
        }
        None => match a.positional.as_slice() {
            [] => cli::usage(&SPEC),
            [k] => vec![from_key_file(k)?],
            _ => bail!("extraneous arguments"),
        },
    };
    for record in records {
        let key = Key {
            owner: record.owner,
            class: record.class,
            // BIND writes a TTL only when -L gives one, whatever the source record had.
            ttl: ttl.filter(|t| t.0 != 0),
            record_type: record.record_type,
            dnskey: record.dnskey,
            timing: timing.clone(),
            private: KeyPrivate::External,
            version: FormatVersion::V1_3,
            engine: None,
            label: None,
            state: None,
        };
        write_external(&key, out_dir)?;
    }
    Ok(())
}

/// The record of `arg.key` (suffixes stripped as in docs/bind-compat.md,
/// "key files: names, modes and lookup"; `-K` does not apply).
fn from_key_file(arg: &OsStr) -> Result<PublicRecord> {
    let path = KeyPath::parse_os(arg, None);
    let key = Key::load_public_file(&path.file("key")).map_err(|e| {
        anyhow!(
            "invalid keyfile name {}: {}",
            cli::text(arg),
            cli::key_error(&e)
        )
    })?;
    Ok(key.public_record())
}

/// Every DNSKEY at `name` in the zone file (or dig output) `file`; `-` is stdin, which, as
/// with BIND, must give every record a TTL (docs/bind-compat.md, "importkey: standard input
/// and a second import").
fn from_zone(file: &OsStr, name: &OsStr) -> Result<Vec<PublicRecord>> {
    let (path, file, name_arg) = (file, cli::text(file), name);
    let name = cli::text(name_arg);
    let stdin = file == "-";
    let from = if stdin {
        Source {
            label: STDIN_STREAM_LABEL,
            load: "from input",
            ttl_optional: false,
        }
    } else {
        Source {
            label: &file,
            load: &file,
            ttl_optional: true,
        }
    };
    let bytes =
        crate::input::bounded::read(path).map_err(|e| anyhow!("can't load {}: {e}", from.load))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        anyhow!(
            "can't load {}: stream did not contain valid UTF-8",
            from.load
        )
    })?;
    let owner = cli::name_arg(name_arg).map_err(|e| anyhow!("invalid key name {name}: {e}"))?;
    let keys = dnskeys_at(&text, &owner, &from)?;
    if keys.is_empty() {
        let shown = if stdin { STDIN_LABEL } else { &file };
        bail!("no DNSKEY RR for {name} in {shown}");
    }
    // BIND's key reader refuses these (`dst_key_fromdns: ...`; docs/bind-compat.md, "keys:
    // times, fields and checks"), and a key longer than a key file holds is read but fails
    // when BIND writes its files ("keys: key fields over 1276 octets"): each key is judged
    // in that order, every key before any file is written.
    for key in &keys {
        dnssec_core::key::check_public_key(&key.dnskey)
            .map_err(|e| anyhow!("dst_key_fromdns: {e}"))?;
        dnssec_core::key::check_key_file_size(&key.dnskey)
            .map_err(|e| anyhow!("Failed to write key {}: {e}", key.describe()))?;
    }
    Ok(keys)
}

/// `file` in `dir` as messages show it: without a prefix when no `-K` was given, as BIND
/// shows it.
fn shown_path(dir: Option<&OsStr>, file: &str) -> PathBuf {
    match dir {
        Some(d) => Path::new(d).join(file),
        None => PathBuf::from(file),
    }
}

/// The base name of `record` when the key directory already holds this very key with its
/// private half (docs/bind-compat.md, "importkey: keys we hold"): the DNSKEY RRset another
/// signer serves includes our own keys, which must be skipped, not imported over. Only a
/// `.key` with the same DNSKEY beside a `.private` with key material counts; a different
/// key under the same base name (a tag collision) is left to the usual refusal.
fn held_here(record: &PublicRecord, dir: &Path) -> Option<String> {
    let base = dnssec_core::key::key_basename(
        &record.owner,
        record.dnskey.algorithm,
        record.dnskey.key_tag(),
    );
    let private = dir.join(format!("{base}.private"));
    if !private.exists() || !holds_real_private_key(&private) {
        return None;
    }
    let ours = Key::load_public_file(&dir.join(format!("{base}.key"))).ok()?;
    (ours.dnskey == record.dnskey).then_some(base)
}

/// Writes `.key` and an `External:` `.private` for `key` into `dir` (default: the current
/// directory, shown without a prefix as BIND shows it), refusing to replace real key material.
fn write_external(key: &Key, dir: Option<&OsStr>) -> Result<()> {
    let shown = |ext: &str| shown_path(dir, &format!("{}.{ext}", key.basename()));
    let (key_path, private_path) = (shown("key"), shown("private"));
    if holds_real_private_key(&private_path) {
        bail!("Private key already exists in {}", cli::show(&private_path));
    }
    let failed = || {
        anyhow!(
            "Failed to write key {}: error occurred writing key to disk",
            key.describe()
        )
    };
    let files = [
        PendingFile {
            path: key_path.clone(),
            contents: key.public_text_in(&chrono::Local).into_bytes(),
            mode: PUBLIC_MODE,
        },
        PendingFile {
            path: private_path.clone(),
            contents: key.private_text().map_err(|_| failed())?.into_bytes(),
            mode: PRIVATE_MODE,
        },
    ];
    write_file_set(&files, Overwrite::Allow).map_err(|_| failed())?;
    cli::out_path(&key_path)?;
    cli::out_path(&private_path)?;
    Ok(())
}
