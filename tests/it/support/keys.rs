//! Key fixtures shared by the key-tool tests: keys made with our core or with BIND's keygen,
//! a key directory's files as bytes, and the "refused and nothing touched" check.

use super::{run_in, Run};
use chrono::Utc;
use dnssec_core::key::{Key, Overwrite};
use dnssec_core::name::Name;
use dnssec_core::rr::Dnskey;
use dnssec_core::time::UnixTime;
use dnssec_core::Algorithm;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// The creation time of every key [`make_key`] writes, fixed so file contents are stable.
pub const CREATED: UnixTime = UnixTime(1_795_000_000);

/// Which times [`make_key`] sets besides `Created`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Times {
    /// Only `Created`.
    CreatedOnly,
    /// `Created`, `Publish` and `Activate`, all at [`CREATED`].
    Active,
}

/// Makes a key of `owner` with our core (no external tool), a KSK when `ksk`, and writes its
/// files into `dir` with UTC comments.
pub fn make_key(dir: &Path, owner: &str, alg: Algorithm, ksk: bool, times: Times) -> Key {
    let flags = Dnskey::ZONE | if ksk { Dnskey::SEP } else { 0 };
    let mut key = Key::generate(
        Name::parse(owner, Some(&Name::root())).unwrap(),
        alg,
        None,
        flags,
    )
    .unwrap();
    key.timing.created = Some(CREATED);
    if times == Times::Active {
        key.timing.publish = Some(CREATED);
        key.timing.activate = Some(CREATED);
    }
    key.write_in(dir, Overwrite::Refuse, &Utc).unwrap();
    key
}

/// Makes a key with BIND's keygen (`keygen`) in `dir` and returns its base name.
pub fn bind_keygen(keygen: &Path, dir: &Path, args: &[&str]) -> String {
    run_in(dir, keygen, args).ok().stdout.trim().to_string()
}

/// Every file in `dir` with its bytes, to prove a run changed nothing (or the same as BIND).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Runs our `tool` in `dir` and checks it fails with exit 1 and exactly
/// `<tool>: fatal: <message>` on stderr, and leaves every file in `dir` as it was. Returns the
/// run for further checks.
pub fn assert_refused(dir: &Path, tool: &str, args: &[&str], message: &str) -> Run {
    let before = snapshot(dir);
    let r = run_in(dir, super::ours(tool), args);
    assert_eq!(r.code, 1, "{args:?}: {r:?}");
    assert_eq!(r.stderr, format!("{tool}: fatal: {message}\n"), "{args:?}");
    assert_eq!(snapshot(dir), before, "{args:?} changed files");
    r
}

/// As [`assert_refused`] for a key-file fault: stderr is `<tool>: warning: <detail>` (where
/// in which file the fault is) followed by `<tool>: fatal: <message>` (BIND's fatal line).
pub fn assert_refused_at(
    dir: &Path,
    tool: &str,
    args: &[&str],
    detail: &str,
    message: &str,
) -> Run {
    let before = snapshot(dir);
    let r = run_in(dir, super::ours(tool), args);
    assert_eq!(r.code, 1, "{args:?}: {r:?}");
    assert_eq!(
        r.stderr,
        format!("{tool}: warning: {detail}\n{tool}: fatal: {message}\n"),
        "{args:?}"
    );
    assert_eq!(snapshot(dir), before, "{args:?} changed files");
    r
}

/// `stderr` without our lines naming where in a key file a fault is
/// (`prog: warning: K….private:5: Publish: ...`), for comparing the rest with BIND's, which
/// has no such line.
pub fn without_key_detail(stderr: &str) -> String {
    let is_detail = |line: &str| {
        let Some((_, rest)) = line.split_once("warning: ") else {
            return false;
        };
        [".key:", ".private:", ".state:"].iter().any(|ext| {
            rest.split_once(ext).is_some_and(|(file, after)| {
                !file.contains(' ')
                    && after
                        .split(':')
                        .next()
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
        })
    };
    stderr
        .split_inclusive('\n')
        .filter(|l| !is_detail(l))
        .collect()
}

/// The field tags of a `.state` file's text, in file order, after its comment line.
pub fn state_tags(state: &str) -> Vec<&str> {
    state
        .lines()
        .skip(1)
        .map(|l| l.split(':').next().unwrap())
        .collect()
}

/// A KSK and a ZSK of `zone` with algorithm `alg` (`-a` as BIND's keygen takes it), made by
/// BIND's `keygen` in `dir`; their base names (KSK, ZSK).
pub fn bind_ksk_zsk(keygen: &Path, dir: &Path, alg: &str, zone: &str) -> (String, String) {
    let ksk = bind_keygen(keygen, dir, &["-q", "-a", alg, "-f", "KSK", zone]);
    let zsk = bind_keygen(keygen, dir, &["-q", "-a", alg, zone]);
    (ksk, zsk)
}
