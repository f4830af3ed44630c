//! verify on its own: argument handling (our decision on docs/bind-compat.md, "quirks" item
//! 13), load errors, and unsigned input. Signed zones are covered by `interop::verify` (signed
//! by BIND at test time) and by the core's validate::zone tests (signed in-process).

use crate::support;

use std::fs;
use support::{ours, run_in, scratch};

const ZONE: &str = "$TTL 300
example.com. IN SOA ns1.example.com. host.example.com. 1 3600 900 604800 300
example.com. IN NS ns1.example.com.
ns1.example.com. IN A 192.0.2.1
www.example.com. IN A 192.0.2.2
";

#[test]
fn usage_errors_exit_1_but_help_exits_0() {
    let dir = scratch();
    let verify = ours("verify");
    let none = run_in(dir.path(), &verify, &[]);
    assert_eq!(none.code, 1, "no arguments is a usage error");
    assert!(none.stderr.starts_with("Usage:\n"), "{}", none.stderr);
    let unknown = run_in(dir.path(), &verify, &["-Y", "z.db"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown.stderr.contains("illegal option -- Y"),
        "{}",
        unknown.stderr
    );
    let no_file = run_in(dir.path(), &verify, &["-o", "example.com"]);
    assert_eq!(no_file.code, 1);
    assert!(no_file.stderr.contains("Usage:"), "{}", no_file.stderr);
    let help = run_in(dir.path(), &verify, &["-h"]);
    assert_eq!(help.code, 0);
    assert!(help.stderr.contains("-T time"), "{}", help.stderr);
    assert!(help.stdout.is_empty());
    let version = run_in(dir.path(), &verify, &["-V"]);
    assert_eq!(version.code, 0);
    assert!(
        version.stderr.starts_with("verify dnssec-kit-"),
        "{}",
        version.stderr
    );
}

#[test]
fn bad_option_values_are_fatal() {
    let dir = scratch();
    fs::write(dir.path().join("z.db"), ZONE).unwrap();
    let verify = ours("verify");
    let fmt = run_in(
        dir.path(),
        &verify,
        &["-I", "foo", "-o", "example.com", "z.db"],
    );
    assert_eq!(fmt.code, 1);
    assert!(
        fmt.stderr.contains("fatal: unknown file format: foo"),
        "{}",
        fmt.stderr
    );
    let raw = run_in(
        dir.path(),
        &verify,
        &["-I", "raw", "-o", "example.com", "z.db"],
    );
    assert_eq!(raw.code, 1);
    assert!(
        raw.stderr
            .contains("error: dns_master_load: file format mismatch (not raw)")
            && raw
                .stderr
                .contains("fatal: failed loading zone from 'z.db': not implemented"),
        "{}",
        raw.stderr
    );
    let v = run_in(
        dir.path(),
        &verify,
        &["-v", "x", "-o", "example.com", "z.db"],
    );
    assert_eq!(v.code, 1);
    assert!(
        v.stderr.contains("fatal: verbose level must be numeric"),
        "{}",
        v.stderr
    );
    let t = run_in(
        dir.path(),
        &verify,
        &["-T", "20261301", "-o", "example.com", "z.db"],
    );
    assert_eq!(t.code, 1);
    assert!(
        t.stderr.contains("fatal: time value 20261301 is invalid"),
        "{}",
        t.stderr
    );
}

#[test]
fn load_errors_are_reported_as_bind_words_them() {
    let dir = scratch();
    fs::write(dir.path().join("z.db"), ZONE).unwrap();
    let verify = ours("verify");
    let missing = run_in(dir.path(), &verify, &["-o", "example.com", "nosuch.db"]);
    assert_eq!(missing.code, 1);
    assert_eq!(
        missing.stderr,
        "verify: fatal: failed loading zone from 'nosuch.db': file not found\n"
    );
    assert!(missing.stdout.is_empty());
    let wrong = run_in(dir.path(), &verify, &["-o", "example.org", "z.db"]);
    assert_eq!(wrong.code, 1);
    assert!(
        wrong
            .stderr
            .contains("error: dns_master_load: z.db:3: example.com: not at top of zone\n")
            && wrong
                .stderr
                .ends_with("fatal: failed loading zone from 'z.db': not at top of zone\n"),
        "{}",
        wrong.stderr
    );
    let no_o = run_in(dir.path(), &verify, &["z.db"]);
    assert_eq!(no_o.code, 1);
    assert!(
        no_o.stderr.ends_with(
            "fatal: failed loading zone 'z.db' from file 'z.db': use -o to specify a different zone origin\n"
        ),
        "{}",
        no_o.stderr
    );
    let class = run_in(
        dir.path(),
        &verify,
        &["-c", "CH", "-o", "example.com", "z.db"],
    );
    assert_eq!(class.code, 1);
    assert!(
        class.stderr.contains("class 'IN' != zone class 'CH'")
            && class
                .stderr
                .contains("failed loading zone from 'z.db': bad class"),
        "{}",
        class.stderr
    );
}

#[test]
fn unsigned_zone_is_refused_and_quiet_keeps_only_stderr() {
    let dir = scratch();
    fs::write(dir.path().join("example.com"), ZONE).unwrap();
    let verify = ours("verify");
    // Without -o the origin is the file name.
    let run = run_in(dir.path(), &verify, &["example.com"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "Loading zone 'example.com' from file 'example.com'\n\n"
    );
    assert_eq!(run.stderr, "Zone contains no DNSSEC keys\n");
    let quiet = run_in(dir.path(), &verify, &["-q", "example.com"]);
    assert_eq!(quiet.code, 1);
    assert!(quiet.stdout.is_empty(), "{quiet:?}");
    assert_eq!(quiet.stderr, "Zone contains no DNSSEC keys\n");
}

/// A zone read from a FIFO loads as the same zone in a regular file. The loader decides
/// whether to cut a file for parallel reading on the file it then reads, so a FIFO is opened
/// once (a second open races with the writer: a write between the two finds no reader), and
/// nothing of it is read before the reader reads it.
#[test]
fn a_zone_from_a_fifo_is_read_once() {
    let dir = scratch();
    let d = dir.path();
    // More than a pipe holds (64 KiB): the writer is still writing while the zone is read.
    let mut zone = ZONE.to_string();
    for i in 0..8000 {
        zone.push_str(&format!("h{i}.example.com. IN A 192.0.2.{}\n", i % 250));
    }
    fs::write(d.join("z.db"), zone).unwrap();
    let fifo = d.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let writer = std::process::Command::new("timeout")
        .args(["20", "dd", "if=z.db", "of=pipe", "bs=1M", "status=none"])
        .current_dir(d)
        .spawn()
        .unwrap();
    let verify = ours("verify");
    let verify = verify.to_str().unwrap();
    // Bounded, so that a reader waiting for a second writer fails instead of hanging.
    let piped = run_in(d, "timeout", &["20", verify, "-o", "example.com", "pipe"]);
    writer.wait_with_output().unwrap();
    let plain = run_in(d, verify, &["-o", "example.com", "z.db"]);
    assert_eq!(piped.code, plain.code, "{}", piped.stderr);
    assert_eq!(piped.stderr, plain.stderr.replace("z.db", "pipe"));
    assert!(plain.stderr.contains("no DNSSEC keys"), "{}", plain.stderr);
}
