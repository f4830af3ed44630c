//! Every tool with its standard output or standard error on a full device (`/dev/full`):
//! a failed write to stdout is an error with exit status 1, a failed write to stderr is
//! ignored, and neither is ever a panic (exit status 101 and a "panicked" message).

use crate::support;

use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Stdio};
use support::{ours, scratch};

/// Which stream goes to /dev/full.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Full {
    Stdout,
    Stderr,
}

struct Outcome {
    code: i32,
    stderr: String,
}

fn run_full(dir: &Path, tool: &str, args: &[&str], full: Full) -> Outcome {
    let dev_full = || Stdio::from(File::options().write(true).open("/dev/full").unwrap());
    let mut cmd = Command::new(ours(tool));
    cmd.args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .stdin(Stdio::null());
    let captured = scratch();
    let err_path = captured.path().join("stderr");
    match full {
        Full::Stdout => {
            cmd.stdout(dev_full())
                .stderr(File::create(&err_path).unwrap());
        }
        Full::Stderr => {
            cmd.stdout(Stdio::null()).stderr(dev_full());
        }
    }
    let status = cmd.status().unwrap();
    Outcome {
        code: status.code().unwrap_or(-1),
        stderr: fs::read_to_string(&err_path).unwrap_or_default(),
    }
}

fn setup() -> (tempfile::TempDir, String) {
    let dir = scratch();
    let d = dir.path();
    let k = Command::new(ours("keygen"))
        .args(["-q", "-a", "ED25519", "-f", "KSK", "example.com"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(k.status.success());
    let ksk = String::from_utf8(k.stdout).unwrap().trim().to_string();
    let z = Command::new(ours("keygen"))
        .args(["-q", "-a", "ED25519", "example.com"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(z.status.success());
    fs::write(
        d.join("z.db"),
        "$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n",
    )
    .unwrap();
    let s = Command::new(ours("signzone"))
        .args(["-S", "-o", "example.com", "-f", "z.signed", "z.db"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stderr));
    (dir, ksk)
}

#[test]
fn a_full_stdout_is_an_error_and_a_full_stderr_is_ignored() {
    use std::os::unix::fs::FileTypeExt;
    let is_full_device = fs::metadata("/dev/full").is_ok_and(|m| m.file_type().is_char_device());
    assert!(
        is_full_device,
        "/dev/full is not a character device: this test needs Linux's full device"
    );
    let (dir, ksk) = setup();
    let d = dir.path();
    let key = format!("{ksk}.key");
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("keygen", vec!["-a", "ED25519", "example.org"]),
        ("settime", vec!["-p", "all", &ksk]),
        ("revoke", vec!["-R", &ksk]),
        ("dsfromkey", vec![&key]),
        (
            "importkey",
            vec!["-K", "imported", "-f", &key, "example.com"],
        ),
        ("verify", vec!["-o", "example.com", "z.signed"]),
        (
            "signzone",
            vec!["-S", "-o", "example.com", "-f", "-", "z.db"],
        ),
    ];
    fs::create_dir_all(d.join("imported")).unwrap();
    for (tool, args) in &cases {
        for full in [Full::Stdout, Full::Stderr] {
            // importkey refuses to overwrite what the first run made; start it afresh.
            let _ = fs::remove_dir_all(d.join("imported"));
            fs::create_dir_all(d.join("imported")).unwrap();
            let r = run_full(d, tool, args, full);
            assert!(
                !r.stderr.contains("panicked"),
                "{tool} {full:?}: {}",
                r.stderr
            );
            match full {
                Full::Stdout => {
                    assert_eq!(r.code, 1, "{tool}: {}", r.stderr);
                    assert!(
                        r.stderr.contains("No space left on device"),
                        "{tool}: {}",
                        r.stderr
                    );
                }
                // verify writes its report to stdout; the others print only their result
                // there, so a lost diagnostic must not change the exit status.
                Full::Stderr => assert_eq!(r.code, 0, "{tool} with stderr full"),
            }
        }
    }
}
