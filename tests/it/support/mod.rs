//! Shared helpers for the integration tests: finding our binaries and BIND's/ldns's tools,
//! running them with TZ=UTC in a scratch directory, and the skip-or-fail rule for interop.
#![allow(dead_code)]

pub mod keys;
pub mod named;
mod selftest;
pub mod zones;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// One finished command: exit code and both streams as text.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The exit code and both streams of a finished [`Command`].
    pub fn from_output(out: Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Panics with both streams shown unless the command exited 0.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "command failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Path of one of our binaries: the one Cargo built for this test run, which it names in
/// `CARGO_BIN_EXE_<tool>` when it compiles the integration tests of the package that owns the
/// binaries (so the path holds whatever the target directory or profile). `env!` takes only
/// a literal name, hence one arm per tool: a new tool needs its arm here.
pub fn ours(tool: &str) -> PathBuf {
    let path = PathBuf::from(match tool {
        "cds" => env!("CARGO_BIN_EXE_cds"),
        "dsfromkey" => env!("CARGO_BIN_EXE_dsfromkey"),
        "importkey" => env!("CARGO_BIN_EXE_importkey"),
        "keygen" => env!("CARGO_BIN_EXE_keygen"),
        "keymgr" => env!("CARGO_BIN_EXE_keymgr"),
        "multisigner" => env!("CARGO_BIN_EXE_multisigner"),
        "revoke" => env!("CARGO_BIN_EXE_revoke"),
        "settime" => env!("CARGO_BIN_EXE_settime"),
        "signzone" => env!("CARGO_BIN_EXE_signzone"),
        "verify" => env!("CARGO_BIN_EXE_verify"),
        _ => panic!("'{tool}' is not one of our binaries (add its arm to support::ours)"),
    });
    assert!(path.exists(), "our binary {} is not built", path.display());
    path
}

/// True when CI demands that every interop tool be present.
pub fn interop_required() -> bool {
    std::env::var("DNSSEC_KIT_INTEROP")
        .map(|v| v == "required")
        .unwrap_or(false)
}

/// Finds an external tool (BIND, ldns, validns) on PATH or in the sbin directories.
/// When it is missing the test should return early; under DNSSEC_KIT_INTEROP=required a
/// missing tool is a failure, never a skip.
pub fn tool(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.extend(["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin"].map(PathBuf::from));
    if let Some(found) = dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()) {
        return Some(found);
    }
    if interop_required() {
        panic!("interop tool '{name}' is missing and DNSSEC_KIT_INTEROP=required");
    }
    eprintln!("SKIP: interop tool '{name}' not installed");
    None
}

/// Returns all the named tools, or None (skip) when any is missing outside CI.
pub fn tools<const N: usize>(names: [&str; N]) -> Option<[PathBuf; N]> {
    let found: Vec<PathBuf> = names.iter().map(|n| tool(n)).collect::<Option<Vec<_>>>()?;
    found.try_into().ok()
}

/// Runs a program in `dir` with TZ=UTC and returns its result.
pub fn run_in(dir: &Path, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Run {
    run_with_stdin(dir, program, args, None)
}

/// As `run_in`, feeding `stdin` to the program.
pub fn run_with_stdin(
    dir: &Path,
    program: impl AsRef<std::ffi::OsStr>,
    args: &[&str],
    stdin: Option<&[u8]>,
) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir).env("TZ", "UTC");
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    if let Some(data) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(data)
            .expect("write stdin");
    }
    Run::from_output(child.wait_with_output().expect("wait"))
}

/// How many entries of `dir` have a name `pick` accepts.
pub fn count_files(dir: &Path, pick: impl Fn(&str) -> bool) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| pick(&e.as_ref().unwrap().file_name().to_string_lossy()))
        .count()
}

/// A fresh scratch directory, removed when dropped.
pub fn scratch() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("dnssec-kit-test")
        .tempdir()
        .expect("tempdir")
}

/// Runs `prog args` in `dir` so that a directory without write permission really refuses
/// writes: as root (where permissions do not bind) the run drops to `nobody` through
/// setpriv; without setpriv the caller skips.
pub fn run_unprivileged(dir: &Path, prog: &Path, args: &[&str]) -> Option<Run> {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join(".uid-probe");
    std::fs::write(&probe, "").unwrap();
    let root = std::fs::metadata(&probe).unwrap().uid() == 0;
    std::fs::remove_file(&probe).unwrap();
    if !root {
        return Some(run_in(dir, prog, args));
    }
    let setpriv = Path::new("/usr/bin/setpriv");
    if !setpriv.exists() {
        eprintln!("SKIP: running as root without setpriv, cannot make a directory read-only");
        return None;
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        std::os::unix::fs::chown(entry.unwrap().path(), Some(65534), Some(65534)).unwrap();
    }
    let mut full = vec![
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        prog.to_str().unwrap(),
    ];
    full.extend_from_slice(args);
    Some(run_in(dir, setpriv, &full))
}

/// A path inside the project's `shared/` folder (the spec's sample files and real data),
/// which sits beside the repository: `../shared` from the checkout, as in CI's clean clone.
/// The folder is part of the project's environment, so a missing file is a failure.
pub fn shared(rel: &str) -> PathBuf {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    let candidates = [beside, PathBuf::from("/work/shared").join(rel)];
    match candidates.iter().find(|p| p.exists()) {
        Some(p) => p.clone(),
        None => {
            panic!("shared file {rel} not found beside the checkout (looked in {candidates:?})")
        }
    }
}

/// `file` in named-checkzone's canonical dump (`-D`, one record per line, names absolute),
/// comment lines dropped (docs/bind-compat.md, "testing against BIND"). `options` go before
/// `-D`. `None` when named-checkzone is missing (see [`tool`]); panics if it refuses the zone.
pub fn canonical_dump(dir: &Path, options: &[&str], origin: &str, file: &str) -> Option<String> {
    let checkzone = tool("named-checkzone")?;
    let mut args = vec!["-q", "-i", "none"];
    args.extend_from_slice(options);
    args.extend(["-D", "-o", "-", origin, file]);
    let r = run_in(dir, checkzone, &args).ok();
    Some(
        r.stdout
            .lines()
            .filter(|l| !l.starts_with(';'))
            .map(|l| format!("{l}\n"))
            .collect(),
    )
}

/// A port free on 127.0.0.1 for both UDP and TCP, for a test's own named.
pub fn free_port() -> u16 {
    loop {
        let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let port = udp.local_addr().unwrap().port();
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// The arguments of a command line written as one string, split at white space (no quoting:
/// for test arguments without spaces), so that a case reads as it would be typed.
pub fn argv(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}
