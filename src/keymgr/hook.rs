//! `-H command`: tells the operator's tooling that a DS should be submitted to or withdrawn
//! from the parent (man/keymgr.1, "HOOK"). After a step that leaves a DS waiting for the
//! parent, the command runs through `sh -c` once per action, with the keys' DS (SHA-256)
//! and DNSKEY lines on standard input and the details in the environment. It runs at every
//! step that still waits, so it must be idempotent; a failing hook fails the run (exit 1).

use anyhow::{anyhow, bail, Context as _, Result};
use dnssec_core::kasp::keymgr::{DsSeen, ManagedKey, Pending, Wait};
use dnssec_core::{Class, DigestType, Name};
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `command` for each parent action `waits` asks for.
pub(super) fn run(
    command: &str,
    zone: &Name,
    dir: &Path,
    keys: &[ManagedKey],
    waits: &[Pending],
) -> Result<()> {
    for (seen, action) in [
        (DsSeen::Published, "submit"),
        (DsSeen::Withdrawn, "withdraw"),
    ] {
        let tags: Vec<u16> = waits
            .iter()
            .filter(|p| p.wait == Wait::Parent(seen))
            .map(|p| p.tag)
            .collect();
        if tags.is_empty() {
            continue;
        }
        let mut input = String::new();
        for tag in &tags {
            let Some(k) = keys.iter().find(|k| k.tag() == *tag) else {
                continue;
            };
            let dnskey = &k.key.dnskey;
            let ds = dnssec_core::crypto::ds_from_dnskey(zone, dnskey, DigestType::SHA256)
                .map_err(|e| anyhow!("key {tag}: {e}"))?;
            input.push_str(&ds.text_line(zone, None, Class::IN, false));
            input.push_str(&dnskey_line(dir, &k.key.basename())?);
        }
        let list: Vec<String> = tags.iter().map(u16::to_string).collect();
        let mut child = Command::new("/bin/sh")
            .arg("-c")
            .arg(command)
            .env("KEYMGR_ZONE", zone.to_message_string())
            .env("KEYMGR_ACTION", action)
            .env("KEYMGR_KEYS", list.join(" "))
            .env("KEYMGR_KEY_DIRECTORY", dir)
            .stdin(Stdio::piped())
            // keymgr's own standard output is its change list: the hook's goes to stderr.
            .stdout(Stdio::from(
                std::io::stderr()
                    .as_fd_owned()
                    .context("-H: cannot pass standard error on")?,
            ))
            .spawn()
            .map_err(|e| anyhow!("-H: cannot run '{command}': {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            // A hook that does not read its input is not an error.
            let _ = stdin.write_all(input.as_bytes());
        }
        let status = child
            .wait()
            .map_err(|e| anyhow!("-H: waiting for '{command}': {e}"))?;
        if !status.success() {
            bail!(
                "-H: '{command}' failed ({status}) for {} {action} of key {}",
                zone.to_message_string(),
                list.join(" ")
            );
        }
    }
    Ok(())
}

/// The DNSKEY line of a key's `.key` file, as written there.
fn dnskey_line(dir: &Path, base: &str) -> Result<String> {
    let path = dir.join(format!("{base}.key"));
    let text =
        std::fs::read_to_string(&path).map_err(|e| anyhow!("{}: {e}", crate::cli::show(&path)))?;
    let line = text
        .lines()
        .find(|l| !l.starts_with(';') && !l.trim().is_empty())
        .ok_or_else(|| anyhow!("{}: no DNSKEY record", crate::cli::show(&path)))?;
    Ok(format!("{line}\n"))
}

/// `io::Stderr` as an owned descriptor for a child's standard output.
trait AsFdOwned {
    fn as_fd_owned(&self) -> std::io::Result<std::os::fd::OwnedFd>;
}

impl AsFdOwned for std::io::Stderr {
    fn as_fd_owned(&self) -> std::io::Result<std::os::fd::OwnedFd> {
        use std::os::fd::AsFd as _;
        self.as_fd().try_clone_to_owned()
    }
}
