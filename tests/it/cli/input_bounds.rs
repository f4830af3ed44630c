//! Endless and huge inputs cost bounded memory and time (docs/bind-compat.md, "zone reader:
//! limits and $GENERATE"): each run here is under `ulimit -v` and `timeout`, so a tool that
//! grew without bound or hung would fail the test instead of the machine. Where BIND's tool
//! has a behaviour on the same input, it runs too, and the exit statuses must agree.

use crate::support;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::keys::bind_keygen;
use support::{ours, scratch, Run};

/// Virtual memory allowed to each bounded run, in KiB.
const VMEM_KIB: u32 = 500_000;

/// Runs `script` with bash in `dir`, with the memory bound and a 20-second timeout on every
/// command (`$T` in the script), and reports how long it took.
fn bounded(dir: &Path, vmem_kib: u32, script: &str) -> (Run, Duration) {
    let started = Instant::now();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -v {vmem_kib}; T='timeout 20'; {script}"))
        .current_dir(dir)
        .env("TZ", "UTC")
        .output()
        .expect("bash");
    (Run::from_output(out), started.elapsed())
}

fn q(p: &Path) -> String {
    format!("'{}'", p.display())
}

/// A parent DS set for cds, which reads it before the child's records.
fn dsset(dir: &Path) {
    let digest = "AB".repeat(32);
    fs::write(
        dir.join("dsset-example.com."),
        format!("example.com. IN DS 1 13 2 {digest}\n"),
    )
    .unwrap();
}

const HEAD: &str = "$TTL 300\n@ SOA ns hostmaster 1 3600 900 604800 300\n@ NS ns\nns A 10.0.0.1\n";

#[test]
fn endless_standard_input_is_refused_at_the_documented_size() {
    let dir = scratch();
    dsset(dir.path());
    let cases: [(&str, &[&str], &str); 3] = [
        (
            "dsfromkey",
            &["-f", "-", "example.com"],
            "can't load from input",
        ),
        (
            "cds",
            &["-f", "-", "-d", ".", "example.com"],
            "can't load -",
        ),
        (
            "importkey",
            &["-f", "-", "example.com"],
            "can't load from input",
        ),
    ];
    for (tool, args, prefix) in cases {
        let cmd = format!("$T {} {}", q(&ours(tool)), args.join(" "));
        for source in ["< /dev/zero", "< /dev/urandom"] {
            let (run, took) = bounded(dir.path(), VMEM_KIB, &format!("{cmd} {source}"));
            assert_eq!(run.code, 1, "{tool} {source}: {}", run.stderr);
            assert_eq!(
                run.stderr,
                format!(
                    "{tool}: fatal: {prefix}: input is not a regular file and is longer \
                     than 16777216 octets\n"
                ),
                "{tool} {source}"
            );
            assert!(took < Duration::from_secs(10), "{tool}: {took:?}");
        }
        // Valid lines without end: BIND reads them for ever; we stop at the same bound.
        let (run, took) = bounded(
            dir.path(),
            VMEM_KIB,
            &format!("yes 'example.com. 300 IN TXT x' | {cmd}"),
        );
        assert_eq!(run.code, 1, "{tool}: {}", run.stderr);
        assert!(
            run.stderr.contains("longer than 16777216 octets"),
            "{}",
            run.stderr
        );
        assert!(took < Duration::from_secs(10), "{tool}: {took:?}");
    }
}

#[test]
fn endless_devices_as_files_are_refused_as_bind_refuses_them() {
    let dir = scratch();
    fs::write(
        dir.path().join("z.db"),
        format!("{HEAD}$INCLUDE /dev/zero\n"),
    )
    .unwrap();
    dsset(dir.path());
    let keys = scratch();
    let bind = support::tools(["dnssec-signzone", "dnssec-dsfromkey", "dnssec-keygen"]);
    if let Some([_, _, keygen]) = &bind {
        bind_keygen(keygen, keys.path(), &["-q", "-a", "13", "example.com"]);
        for e in fs::read_dir(keys.path()).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        }
    }
    let sign = "-S -o example.com -f out.signed z.db";
    let ours_runs = [
        (
            format!("$T {} {sign}", q(&ours("signzone"))),
            "signzone: error: dns_master_load: /dev/zero:1: entry longer than 1048576 octets\n\
             signzone: fatal: failed loading zone from 'z.db': entry longer than 1048576 octets\n",
        ),
        (
            format!("$T {} -f /dev/zero example.com", q(&ours("dsfromkey"))),
            "dsfromkey: fatal: can't load /dev/zero: input is not a regular file and is longer \
             than 16777216 octets\n",
        ),
        (
            format!("$T {} -f /dev/zero -d . example.com", q(&ours("cds"))),
            "cds: fatal: can't load /dev/zero: input is not a regular file and is longer than \
             16777216 octets\n",
        ),
    ];
    for (cmd, want) in &ours_runs {
        let (run, took) = bounded(dir.path(), VMEM_KIB, cmd);
        assert_eq!((run.code, run.stderr.as_str()), (1, *want), "{cmd}");
        assert!(took < Duration::from_secs(10), "{cmd}: {took:?}");
        assert!(!dir.path().join("out.signed").exists());
    }
    // BIND refuses the same inputs at once ("syntax error"), with the same status.
    let Some([bind_sign, bind_ds, _]) = bind else {
        return;
    };
    for cmd in [
        format!("$T {} {sign}", q(&bind_sign)),
        format!("$T {} -f /dev/zero example.com", q(&bind_ds)),
    ] {
        let (run, _) = bounded(dir.path(), VMEM_KIB, &cmd);
        assert_eq!(run.code, 1, "{cmd}: {}", run.stderr);
        assert!(run.stderr.contains("syntax error"), "{cmd}: {}", run.stderr);
    }
}

#[test]
fn a_huge_generate_streams_in_bounded_memory() {
    // 50,000 records of 1,000 octets each: 50 MB of generated text, more than the 40 MB of
    // address space the run may use; dsfromkey keeps only the DNSKEYs.
    let dir = scratch();
    let keys = scratch();
    let Some([bind_ds, keygen]) = support::tools(["dnssec-dsfromkey", "dnssec-keygen"]) else {
        return;
    };
    // dsfromkey -f writes DS records for key-signing keys only.
    bind_keygen(
        &keygen,
        keys.path(),
        &["-q", "-a", "13", "-f", "KSK", "example.com"],
    );
    let mut key = String::new();
    for e in fs::read_dir(keys.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "key") {
            key = fs::read_to_string(&p).unwrap();
        }
    }
    let s = "x".repeat(249);
    fs::write(
        dir.path().join("g.db"),
        // BIND takes a quoted rhs by its words: four strings of 249 octets.
        format!("{HEAD}{key}$GENERATE 0-49999 a$ TXT \"{s} {s} {s} {s}\"\n"),
    )
    .unwrap();
    let (run, took) = bounded(
        dir.path(),
        40_000,
        &format!("$T {} -f g.db example.com", q(&ours("dsfromkey"))),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(took < Duration::from_secs(15), "{took:?}");
    // BIND expands the whole directive first, so it runs without the bound.
    let b = support::run_in(dir.path(), &bind_ds, &["-f", "g.db", "example.com"]);
    assert_eq!((run.code, &run.stdout), (b.code, &b.stdout));
    assert!(run.stdout.starts_with("example.com. IN DS "));
}

#[test]
fn a_huge_generate_range_fails_at_its_first_bad_record() {
    // The zone of the report: 16,777,216 records of one over-long string each. BIND and we
    // stop at the first record; before, the whole range was expanded first (4 GB).
    let dir = scratch();
    let x = "x".repeat(1000);
    fs::write(
        dir.path().join("z.db"),
        format!("{HEAD}$GENERATE 0-16777215 a$ TXT \"{x}\"\n"),
    )
    .unwrap();
    let (run, took) = bounded(
        dir.path(),
        VMEM_KIB,
        &format!("$T {} -S -o example.com -f out z.db", q(&ours("signzone"))),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("signzone: fatal: failed loading zone from 'z.db': syntax error\n"),
        "{}",
        run.stderr
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    if let Some(bind) = support::tool("dnssec-signzone") {
        let b = support::run_in(
            dir.path(),
            bind,
            &["-S", "-o", "example.com", "-f", "out", "z.db"],
        );
        assert_eq!(b.code, 1);
        assert!(b
            .stderr
            .ends_with("failed loading zone from 'z.db': syntax error\n"));
    }
}

#[test]
fn generate_keeps_template_octets_as_bind_does() {
    let Some([bind_sign, keygen]) = support::tools(["dnssec-signzone", "dnssec-keygen"]) else {
        return;
    };
    let (bdir, odir) = (scratch(), scratch());
    let mut zone = HEAD.as_bytes().to_vec();
    zone.extend_from_slice(b"$GENERATE 0-1 a\xe9${-1,0,x} TXT \"\xff\x80$\"\n");
    for d in [bdir.path(), odir.path()] {
        fs::write(d.join("z.db"), &zone).unwrap();
    }
    bind_keygen(&keygen, bdir.path(), &["-q", "-a", "13", "example.com"]);
    bind_keygen(
        &keygen,
        bdir.path(),
        &["-q", "-a", "13", "-f", "KSK", "example.com"],
    );
    for e in fs::read_dir(bdir.path()).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().starts_with('K') {
            fs::copy(e.path(), odir.path().join(e.file_name())).unwrap();
        }
    }
    let args = ["-S", "-o", "example.com", "-f", "out", "z.db"];
    let b = support::run_in(bdir.path(), &bind_sign, &args);
    let o = support::run_in(odir.path(), ours("signzone"), &args);
    assert_eq!((b.code, o.code), (0, 0), "{}\n{}", b.stderr, o.stderr);
    let txt = |d: &Path| -> Vec<String> {
        fs::read_to_string(d.join("out"))
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("a\\233"))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    let ours_lines = txt(odir.path());
    assert_eq!(
        ours_lines,
        [
            "a\\2330.example.com. 300 IN TXT \"\\255\\1281\"",
            "a\\233ffffffff.example.com. 300 IN TXT \"\\255\\1280\""
        ]
    );
    // BIND writes these two owners in either order from run to run (its NSEC chain is
    // canonical, its output order here is not), so only the records are compared.
    let mut theirs = txt(bdir.path());
    theirs.sort();
    let mut ours_sorted = ours_lines.clone();
    ours_sorted.sort();
    assert_eq!(ours_sorted, theirs);
}

#[test]
fn a_raw_zone_from_an_endless_device_is_refused_at_its_header() {
    // BIND reads the raw header first and refuses NUL octets as "not raw"; we did read
    // /dev/zero to the end of memory first.
    let dir = scratch();
    let args = "-I raw -S -o example.com -f out /dev/zero";
    let (run, took) = bounded(
        dir.path(),
        VMEM_KIB,
        &format!("$T {} {args}", q(&ours("signzone"))),
    );
    let want = "signzone: error: dns_master_load: file format mismatch (not raw)\n\
                signzone: fatal: failed loading zone from '/dev/zero': not implemented\n";
    assert_eq!((run.code, run.stderr.as_str()), (1, want));
    assert!(took < Duration::from_secs(10), "{took:?}");
    if let Some(bind) = support::tool("dnssec-signzone") {
        let (b, _) = bounded(dir.path(), VMEM_KIB, &format!("$T {} {args}", q(&bind)));
        assert_eq!(
            (b.code, b.stderr.replace("dnssec-signzone", "signzone")),
            (1, want.to_string())
        );
    }
}
