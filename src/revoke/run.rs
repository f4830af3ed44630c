//! The revocation itself: load the key, set the REVOKE flag and the Revoke time, write the
//! twin's files.

use super::args::{Args, SPEC};
use crate::cli;
use crate::settime::rules::check_version;
use anyhow::{anyhow, bail, Result};
use dnssec_core::key::{write_file_set, PendingFile, PRIVATE_MODE, PUBLIC_MODE};
use dnssec_core::key::{Key, KeyError, KeyPath, Overwrite};
use dnssec_core::rr::Dnskey;
use dnssec_core::time::UnixTime;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

pub(super) fn revoke(a: Args) -> Result<()> {
    let now = UnixTime::now();
    let verbosity = cli::verbosity(cli::last(&a.verbose))?;
    let arg = match a.keyfile.as_slice() {
        [] => cli::usage(&SPEC),
        [k] => k.as_os_str(),
        _ => bail!("Extraneous arguments"),
    };
    let path = KeyPath::parse_os(arg, cli::last_os(&a.directory).map(Path::new));
    let arg_os = arg;
    let arg = cli::text(arg);
    let shown = arg.rsplit('/').next().unwrap_or(&arg);
    // BIND's revoke reads no .state, so a junk one does not stop it.
    let mut key = Key::load_path_without_state(&path)
        .map_err(|e| anyhow!("Invalid keyfile name {shown}: {}", cli::key_error(&e)))?;
    if verbosity.0 > 2 {
        cli::note(key.describe());
    }
    if a.print_tag {
        crate::outln!("{}", key.dnskey.revoked_tag())?;
        return Ok(());
    }
    check_version(&mut key, a.force, true, now)?;
    if key.is_revoked() {
        bail!("Key {} is already revoked", key.describe());
    }
    if !key.is_ksk() {
        cli::warning("Key is not flagged as a KSK. Revoking a ZSK is legal, but undefined.");
    }
    key.dnskey.flags |= Dnskey::REVOKE;
    key.timing.revoke = Some(now);
    // The .state belongs to the unrevoked key's lifecycle; BIND does not copy or change it.
    key.state = None;

    let target = KeyPath::new(&path.dir, key.basename());
    // BIND names the directory as -K gave it, else as the argument gave it unless it was `.`.
    // Both are taken as bytes, so the name printed is the directory as given.
    let shown_dir: Option<&OsStr> = match cli::last_os(&a.directory) {
        Some(k) => Some(k),
        None => {
            let bytes = arg_os.as_bytes();
            bytes
                .iter()
                .rposition(|&b| b == b'/')
                .map(|i| OsStr::from_bytes(if i == 0 { b"/" } else { &bytes[..i] }))
                .filter(|d| *d != ".")
        }
    };
    let stem_path = match shown_dir {
        Some(d) => Path::new(d).join(&target.base),
        None => PathBuf::from(&target.base),
    };
    let shown_stem = cli::show(&stem_path);
    let files = [
        PendingFile {
            path: target.file("key"),
            contents: key.public_text_in(&chrono::Local).into_bytes(),
            mode: PUBLIC_MODE,
        },
        PendingFile {
            path: target.file("private"),
            contents: key
                .private_text()
                .map_err(|e| anyhow!("Failed to write key {}: {e}", key.describe()))?
                .into_bytes(),
            mode: PRIVATE_MODE,
        },
    ];
    let overwrite = if a.force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    let changes = write_file_set(&files, overwrite).map_err(|e| match e {
        KeyError::Exists(_) => {
            anyhow!("Key file {shown_stem}.key already exists; use -f to force overwrite")
        }
        e => anyhow!("Failed to write key {}: {e}", key.describe()),
    })?;
    cli::mode_changes(&changes);
    cli::out_path(&stem_path)?;
    if a.remove {
        for ext in ["key", "private"] {
            let old = path.file(ext);
            std::fs::remove_file(&old)
                .map_err(|e| anyhow!("Failed to remove {}: {e}", cli::show(&old)))?;
        }
    }
    Ok(())
}
