//! Our `signzone` alone: bad input fails with a clear message, exit status 1 and no output
//! file (docs/bind-compat.md, "signzone: options" and "signzone: errors"), and the report and
//! side files have BIND's shape. Keys are made with our own keygen so these tests need no
//! external tool.

use crate::support;

use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, Run};

const ZONE: &str =
    "$TTL 3600\n@ SOA ns1.example.com. host.example.com. 2024010101 7200 3600 1209600 300\n\
@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.4\nsub NS ns.sub\nns.sub A 192.0.2.9\n";

fn keys(dir: &Path, zone: &str) -> (String, String) {
    let kg = ours("keygen");
    let k = run_in(dir, &kg, &["-q", "-a", "ED25519", "-f", "KSK", zone])
        .ok()
        .stdout
        .trim()
        .to_string();
    let z = run_in(dir, &kg, &["-q", "-a", "ED25519", zone])
        .ok()
        .stdout
        .trim()
        .to_string();
    (k, z)
}

fn setup() -> tempfile::TempDir {
    let dir = scratch();
    fs::write(dir.path().join("example.com.db"), ZONE).unwrap();
    keys(dir.path(), "example.com");
    dir
}

fn signzone(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, ours("signzone"), args)
}

fn fails_with(dir: &Path, args: &[&str], msg: &str) {
    let r = signzone(dir, args);
    assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
    assert!(
        r.stderr.contains(msg),
        "{args:?}: wanted {msg:?}, got {}",
        r.stderr
    );
    assert!(!dir.join("out.signed").exists(), "{args:?} wrote output");
    let leftovers = files_starting(dir, "out.signed");
    assert!(leftovers.is_empty(), "{args:?} left {leftovers:?}");
}

/// The names of the files in `dir` that start with `prefix` (a signing run's temporary
/// files are `out.signed-NNNNNN`).
fn files_starting(dir: &Path, prefix: &str) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

#[test]
fn signs_and_reports_like_bind() {
    let dir = setup();
    let d = dir.path();
    let r = signzone(
        d,
        &[
            "-S",
            "-t",
            "-o",
            "example.com",
            "-f",
            "out.signed",
            "example.com.db",
        ],
    )
    .ok();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines
        .iter()
        .any(|l| l.starts_with("Fetching example.com/ED25519/")
            && l.ends_with("(KSK) from key repository.")));
    assert!(lines.contains(&"Verifying the zone using the following algorithms:"));
    assert!(lines.contains(&"Algorithm: ED25519: KSKs: 1 active, 0 stand-by, 0 revoked"));
    assert!(lines.contains(&"                    ZSKs: 1 active, 0 stand-by, 0 revoked"));
    let name_at = lines
        .iter()
        .position(|l| *l == "out.signed")
        .expect("file name printed");
    // SOA, NS, A ns1, A www by the ZSK; DNSKEY by both; NSEC at the apex, ns1, sub, www.
    assert_eq!(
        lines[name_at + 1],
        format!("{:<36}{:>10}", "Signatures generated:", 10)
    );
    let text = fs::read_to_string(d.join("out.signed")).unwrap();
    assert!(text.starts_with("; File written on "));
    assert!(text.contains("; KSK; alg = ED25519 ; key id = "));
    let dsset = fs::read_to_string(d.join("dsset-example.com.")).unwrap();
    assert!(dsset.starts_with("example.com.\t\tIN DS "), "{dsset}");
    assert_eq!(dsset.lines().count(), 1, "one DS for the one KSK");
    // The digest is split at 56 hex characters.
    let hex: Vec<&str> = dsset.split_whitespace().skip(6).collect();
    assert_eq!(hex.iter().map(|h| h.len()).collect::<Vec<_>>(), [56, 8]);

    let q = signzone(
        d,
        &[
            "-S",
            "-q",
            "-o",
            "example.com",
            "-f",
            "q.signed",
            "example.com.db",
        ],
    )
    .ok();
    assert_eq!(q.stdout, "q.signed\n");
    let full = signzone(d, &["-S", "-o", "example.com", "-f", "-", "example.com.db"]).ok();
    assert!(
        full.stdout.contains("; resign="),
        "-f - writes the full style"
    );
    assert!(
        full.stderr.contains("Zone fully signed:"),
        "the report goes to stderr"
    );
}

#[test]
fn same_output_whatever_the_thread_count() {
    let dir = setup();
    let d = dir.path();
    let fixed = [
        "-S",
        "-s",
        "20260101000000",
        "-e",
        "20400101000000",
        "-o",
        "example.com",
    ];
    signzone(
        d,
        &[&fixed[..], &["-n", "1", "-f", "a.signed", "example.com.db"]].concat(),
    )
    .ok();
    signzone(
        d,
        &[&fixed[..], &["-n", "2", "-f", "b.signed", "example.com.db"]].concat(),
    )
    .ok();
    let strip = |f: &str| -> String {
        fs::read_to_string(d.join(f))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with(';'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip("a.signed"), strip("b.signed"));
}

/// A zone of `n` delegations (every third secure, every fifth with glue and occluded data
/// below it, every seventh under an empty non-terminal): several of the signer's chunks.
fn many_names(n: usize) -> String {
    let mut z = String::from(
        "$TTL 3600\n@ SOA ns1.example.com. host.example.com. 1 7200 3600 1209600 300\n\
         @ NS ns1\nns1 A 192.0.2.1\n*.wild TXT \"w\"\n",
    );
    for i in 0..n {
        let d = if i % 7 == 0 {
            format!("d{i}.ent")
        } else {
            format!("d{i}")
        };
        if i % 5 == 0 {
            z.push_str(&format!(
                "{d} NS ns.{d}\nns.{d} A 192.0.2.2\nx.ns.{d} TXT \"o\"\n"
            ));
        } else {
            z.push_str(&format!("{d} NS ns.other.net.\n"));
        }
        if i % 3 == 0 {
            z.push_str(&format!("{d} DS {} 13 2 {:064X}\n", i % 65536, i));
        }
        if i % 11 == 0 {
            z.push_str(&format!("h{i} A 192.0.2.3\nh{i} TXT \"h\"\n"));
        }
    }
    z
}

#[test]
fn same_output_whatever_the_thread_count_over_many_chunks() {
    let dir = setup();
    let d = dir.path();
    fs::write(d.join("big.db"), many_names(9000)).unwrap();
    let strip = |f: &str| -> String {
        fs::read_to_string(d.join(f))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with(';'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for chain in [&[][..], &["-3", "-"][..], &["-3", "AB", "-A"][..]] {
        let mut outputs = Vec::new();
        for threads in ["1", "2", "3"] {
            let out = format!("n{threads}.signed");
            let mut args = vec![
                "-S",
                "-s",
                "20260101000000",
                "-e",
                "20400101000000",
                "-o",
                "example.com",
                "-n",
                threads,
                "-f",
                &out,
            ];
            args.extend_from_slice(chain);
            args.push("big.db");
            signzone(d, &args).ok();
            outputs.push(strip(&out));
        }
        assert!(outputs[0].lines().count() > 30_000, "{chain:?}");
        assert_eq!(outputs[0], outputs[1], "{chain:?}: -n 1 and -n 2 differ");
        assert_eq!(outputs[0], outputs[2], "{chain:?}: -n 1 and -n 3 differ");
    }
}

/// Runs our signzone with the debug-only fault hook that drops the second NSEC/NSEC3 record.
fn signzone_with_broken_chain(dir: &Path, args: &[&str]) -> Run {
    let out = std::process::Command::new(ours("signzone"))
        .args(args)
        .current_dir(dir)
        .env("TZ", "UTC")
        .env("DNSSEC_KIT_TEST_FAULT", "drop-chain-record")
        .output()
        .unwrap();
    Run::from_output(out)
}

#[test]
fn a_broken_chain_is_refused_before_it_replaces_anything() {
    if !cfg!(debug_assertions) {
        eprintln!("SKIP: the fault hook exists in debug builds only");
        return;
    }
    let dir = setup();
    let d = dir.path();
    let previous = "; the zone from the last good run\n";
    for (chain, problem) in [
        (&[][..], "Missing NSEC record for ns1.example.com"),
        (
            &["-3", "-"][..],
            "Expected and found NSEC3 chains not equal",
        ),
    ] {
        fs::write(d.join("out.signed"), previous).unwrap();
        let mut args = vec!["-S", "-o", "example.com", "-f", "out.signed"];
        args.extend_from_slice(chain);
        args.push("example.com.db");
        let r = signzone_with_broken_chain(d, &args);
        assert_eq!(r.code, 1, "{chain:?}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains(problem), "{chain:?}: {}", r.stderr);
        assert!(
            r.stdout.contains("Zone verification failed (failure)"),
            "{chain:?}: {}",
            r.stdout
        );
        assert_eq!(
            fs::read_to_string(d.join("out.signed")).unwrap(),
            previous,
            "{chain:?}: the old zone was replaced"
        );
        let leftovers = files_starting(d, "out.signed-");
        assert!(leftovers.is_empty(), "{chain:?} left {leftovers:?}");

        // -P skips the check: the same broken zone is written.
        args.insert(0, "-P");
        let r = signzone_with_broken_chain(d, &args);
        assert_eq!(r.code, 0, "{chain:?} -P: {}", r.stderr);
        assert_ne!(fs::read_to_string(d.join("out.signed")).unwrap(), previous);
    }
}

#[test]
fn bad_input_fails_cleanly() {
    let dir = setup();
    let d = dir.path();
    fn with<'a>(extra: &[&'a str], zone: &'a str) -> Vec<&'a str> {
        [
            &["-S", "-o", "example.com", "-f", "out.signed"][..],
            extra,
            &[zone][..],
        ]
        .concat()
    }
    fs::write(d.join("nosoa.db"), "$TTL 300\n@ NS ns\nns A 192.0.2.1\n").unwrap();
    fails_with(
        d,
        &with(&[], "nosoa.db"),
        "failed to find an SOA at the zone apex",
    );
    fs::write(
        d.join("cname.db"),
        format!("{ZONE}x CNAME www\nx A 192.0.2.1\n"),
    )
    .unwrap();
    fails_with(
        d,
        &with(&[], "cname.db"),
        "failed loading zone from 'cname.db': CNAME and other data",
    );
    fails_with(
        d,
        &with(&[], "nosuch.db"),
        "failed loading zone from 'nosuch.db': file not found",
    );
    fails_with(
        d,
        &with(&["-s", "now", "-e", "now-1d"], "example.com.db"),
        "failed to sign data: invalid time",
    );
    fs::write(d.join("ds.db"), format!("{ZONE}www DS 1 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n")).unwrap();
    fails_with(
        d,
        &with(&[], "ds.db"),
        "'www.example.com': found DS RRset without NS RRset",
    );
    fs::write(d.join("garbage.db"), format!("{ZONE}www here is garbage\n")).unwrap();
    fails_with(
        d,
        &with(&[], "garbage.db"),
        "failed loading zone from 'garbage.db'",
    );
    // Keys of another zone.
    let other = keys(d, "other.test");
    fails_with(
        d,
        &[
            "-o",
            "example.com",
            "-f",
            "out.signed",
            "example.com.db",
            &other.0,
        ],
        "not at origin",
    );
    // No keys at all.
    let empty = scratch();
    fs::write(empty.path().join("example.com.db"), ZONE).unwrap();
    fails_with(
        empty.path(),
        &with(&[], "example.com.db"),
        "No signing keys specified or found.",
    );
    for (args, msg) in [
        (&["-N", "foo"][..], "unknown soa serial format: foo"),
        (&["-O", "foo"][..], "unknown file format: foo"),
        (
            &["-3", "-", "-H", "151"][..],
            "NSEC3 iterations too big. Maximum iterations allowed 150.",
        ),
        (&["-H", "x"][..], "iterations must be numeric"),
        (
            &["-3", "zz"][..],
            "isc_hex_decodestring(salt): bad hex encoding",
        ),
        (
            &["-i", "-5"][..],
            "cycle period must be numeric and positive",
        ),
        (&["-j", "x"][..], "jitter must be numeric and positive"),
        (&["-n", "x"][..], "number of cpus must be numeric"),
        (&["-d", ""][..], "DS directory must be non-empty string"),
        (
            &["-D", "-N", "increment"][..],
            "option -D can only be used with \"-N keep\"",
        ),
    ] {
        fails_with(d, &with(args, "example.com.db"), msg);
    }
}

#[test]
fn chain_changes_need_u() {
    let dir = setup();
    let d = dir.path();
    signzone(
        d,
        &["-S", "-o", "example.com", "-f", "nsec.db", "example.com.db"],
    )
    .ok();
    let r = signzone(
        d,
        &[
            "-S",
            "-3",
            "-",
            "-o",
            "example.com",
            "-f",
            "out.signed",
            "nsec.db",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("Zone contains NSEC records.  Use -u to update to NSEC3."),
        "{}",
        r.stderr
    );
    signzone(
        d,
        &[
            "-S",
            "-u",
            "-3",
            "AB",
            "-o",
            "example.com",
            "-f",
            "nsec3.db",
            "nsec.db",
        ],
    )
    .ok();
    for (flags, msg) in [
        (
            &["-3", "CD"][..],
            "An NSEC3 chain exists with a different salt. Use -u to update it.",
        ),
        (
            &["-3", "AB", "-H", "3"][..],
            "An NSEC3 chain exists with different iterations. Use -u to update it.",
        ),
        (
            &["-3", "AB", "-A"][..],
            "An NSEC3 chain exists without OPTOUT. Use -u -A to set it.",
        ),
    ] {
        fails_with(
            d,
            &[
                &["-S", "-o", "example.com", "-f", "out.signed"][..],
                flags,
                &["nsec3.db"],
            ]
            .concat(),
            msg,
        );
    }
    // Without chain options the NSEC3 chain stays; -u alone converts back to NSEC.
    signzone(
        d,
        &["-S", "-o", "example.com", "-f", "again.db", "nsec3.db"],
    )
    .ok();
    assert!(fs::read_to_string(d.join("again.db"))
        .unwrap()
        .contains("NSEC3PARAM"));
    signzone(
        d,
        &["-S", "-u", "-o", "example.com", "-f", "back.db", "nsec3.db"],
    )
    .ok();
    let back = fs::read_to_string(d.join("back.db")).unwrap();
    assert!(!back.contains("NSEC3") && back.contains("NSEC\t"), "{back}");
}

#[test]
fn dash_a_verifies_new_signatures_and_rechecks_the_zone() {
    let dir = setup();
    let d = dir.path();
    let r = signzone(
        d,
        &[
            "-S",
            "-a",
            "-t",
            "-3",
            "-",
            "-o",
            "example.com",
            "-f",
            "a.signed",
            "example.com.db",
        ],
    )
    .ok();
    let count = |label: &str| -> u64 {
        r.stdout
            .lines()
            .find(|l| l.starts_with(label))
            .and_then(|l| l.split_whitespace().last())
            .and_then(|n| n.parse().ok())
            .unwrap_or(u64::MAX)
    };
    assert!(count("Signatures generated:") > 0);
    assert_eq!(
        count("Signatures generated:"),
        count("Signatures successfully verified:")
    );
    assert_eq!(count("Signatures unsuccessfully verified:"), 0);
    assert!(r.stdout.contains("Zone fully signed:"));
}

/// (type covered, expiration) of every RRSIG in a `-O full` zone.
fn expirations(text: &str) -> Vec<(String, u64)> {
    text.lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.get(3) == Some(&"RRSIG")).then(|| (f[4].to_string(), f[8].parse().unwrap_or(0)))
        })
        .collect()
}

#[test]
fn jitter_and_dnskey_expiry() {
    let dir = setup();
    let d = dir.path();
    let base = [
        "-S",
        "-O",
        "full",
        "-s",
        "20260101000000",
        "-e",
        "20400101000000",
        "-o",
        "example.com",
    ];
    signzone(
        d,
        &[
            &base[..],
            &["-X", "20410101000000", "-f", "x.signed", "example.com.db"],
        ]
        .concat(),
    )
    .ok();
    let x = expirations(&fs::read_to_string(d.join("x.signed")).unwrap());
    assert!(!x.is_empty());
    for (t, e) in &x {
        let want = if t == "DNSKEY" {
            20410101000000
        } else {
            20400101000000
        };
        assert_eq!(*e, want, "{t}");
    }
    signzone(
        d,
        &[
            &base[..],
            &["-j", "86400", "-f", "j.signed", "example.com.db"],
        ]
        .concat(),
    )
    .ok();
    let j = expirations(&fs::read_to_string(d.join("j.signed")).unwrap());
    assert!(
        j.iter()
            .all(|(_, e)| (20391231000000..=20400101000000).contains(e)),
        "{j:?}"
    );
    let distinct: std::collections::BTreeSet<u64> = j.iter().map(|(_, e)| *e).collect();
    assert!(
        distinct.len() > 1,
        "jitter spreads the expirations: {distinct:?}"
    );
    // Deterministic: the same run gives the same expirations.
    signzone(
        d,
        &[
            &base[..],
            &["-j", "86400", "-f", "j2.signed", "example.com.db"],
        ]
        .concat(),
    )
    .ok();
    assert_eq!(
        j,
        expirations(&fs::read_to_string(d.join("j2.signed")).unwrap())
    );
}

/// A write that fails part-way (here the file-size limit, standing in for a full disk)
/// leaves the old signed zone as it was, no temporary file, and no "Zone fully signed"
/// report that a script could act on.
#[test]
fn a_failed_write_leaves_the_old_zone_and_no_temporary_file() {
    let dir = setup();
    let d = dir.path();
    let mut zone = ZONE.to_string();
    for i in 0..2000 {
        zone.push_str(&format!("h{i} A 192.0.2.{}\n", i % 250));
    }
    fs::write(d.join("big.db"), zone).unwrap();
    fs::write(d.join("out.signed"), "old zone\n").unwrap();
    // SIGXFSZ ignored (inherited through exec), so writes past the limit fail with EFBIG.
    let script = format!(
        "trap '' XFSZ; ulimit -f 64; exec '{}' -S -o example.com -f out.signed big.db",
        ours("signzone").display()
    );
    let r = run_in(d, "bash", &["-c", &script]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("File too large"), "{}", r.stderr);
    assert!(!r.stdout.contains("fully signed"), "{}", r.stdout);
    assert_eq!(
        fs::read_to_string(d.join("out.signed")).unwrap(),
        "old zone\n"
    );
    let leftovers = files_starting(d, "out.signed-");
    assert!(leftovers.is_empty(), "left {leftovers:?}");
    // The same run without the limit succeeds, so the limit is what failed it.
    let ok = signzone(
        d,
        &["-S", "-o", "example.com", "-f", "out.signed", "big.db"],
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(fs::metadata(d.join("out.signed")).unwrap().len() > 64 * 1024);
}

/// `-f` naming a FIFO (or a device such as /dev/null) writes through it: renaming the
/// temporary file over it, as BIND's signer does, would replace it with a regular file
/// (as root, /dev/null itself). The zone read from the FIFO equals the one written to a
/// regular file, but for the signatures' times. docs/bind-compat.md, "signzone:
/// output to a device or FIFO".
#[test]
fn output_to_a_fifo_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = setup();
    let d = dir.path();
    let fifo = d.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // A reader that gives up after 20 s: had the FIFO been replaced, nothing would ever
    // write to the one it opened.
    let reader = std::process::Command::new("timeout")
        .args(["20", "cat"])
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let args = |out: &'static str| ["-S", "-o", "example.com", "-f", out, "example.com.db"];
    signzone(d, &args("pipe")).ok();
    let through = reader.wait_with_output().unwrap().stdout;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    signzone(d, &args("plain")).ok();
    let plain = fs::read(d.join("plain")).unwrap();
    // The two runs may be a second apart: signature times and values are left out.
    let body = |b: &[u8]| -> String {
        let text = String::from_utf8_lossy(b);
        text.lines()
            .filter(|l| !l.starts_with("; File written"))
            .map(|l| {
                l.split_whitespace()
                    .filter(|w| !(w.len() == 14 && w.bytes().all(|c| c.is_ascii_digit())))
                    .filter(|w| w.len() < 20)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(body(&through).contains("RRSIG"));
    assert_eq!(body(&through), body(&plain));
    let leftovers: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("pipe-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}
