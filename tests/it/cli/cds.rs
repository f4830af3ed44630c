//! Our `cds` alone (docs/bind-compat.md, "cds", "Other errors" and
//! "command line: options, usage and exit status"): usage, every argument and input error, with
//! BIND's wording, exit status 1, nothing on stdout and the dsset file untouched. Cases that
//! need valid child signatures are in `interop::cds`, where the fixtures are signed at test time.

use crate::support;

use std::fs;
use std::path::Path;
use support::{ours, run_in, run_with_stdin, scratch, Run};

const DS1: &str = "cds.test. IN DS 59964 13 1 092B2D0010ADD0839D6FCAD89FE9AD73FA9D13A7\n\
cds.test. IN DS 59964 13 2 FB89E1CCF0855CB7FB0E1CC09C12B4BA440DCFD1B3F74FA42F068C597844E185\n";

const UNSIGNED: &str = "$TTL 1h\n@\tSOA\tlocalhost.\troot.localhost. ( 1 1h 1h 1w 1h )\n\tNS\tlocalhost.\n\
cds.test. IN DNSKEY 257 3 13 H4SXcgqw14/bPYNFFHfoBdBNjEU5kuqCQ2SDGhv6WRCUWShjmvrsTjdZ ye7XglRPhjhy78DJsxiCiXBPuruNsw==\n";

fn setup() -> tempfile::TempDir {
    let dir = scratch();
    fs::write(dir.path().join("DS.1"), DS1).unwrap();
    fs::write(dir.path().join("empty"), "").unwrap();
    fs::write(dir.path().join("base.zone"), UNSIGNED).unwrap();
    fs::create_dir(dir.path().join("pdir")).unwrap();
    dir
}

fn cds(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, ours("cds"), args)
}

/// Exit 1, nothing on stdout, and this exact fatal message.
fn fails_with(dir: &Path, args: &[&str], msg: &str) {
    let r = cds(dir, args);
    assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
    assert_eq!(r.stdout, "", "{args:?}");
    assert!(
        r.stderr.lines().any(|l| l == format!("cds: fatal: {msg}")),
        "{args:?}: wanted {msg:?}, got {}",
        r.stderr
    );
}

#[test]
fn usage_and_version() {
    let dir = setup();
    for args in [
        &[][..],
        &["-h"],
        &["-x", "-d", "DS.1", "cds.test"],
        &["-f", "base.zone", "-d", "DS.1", "cds.test", "extra"],
        &["-f", "base.zone", "-d", "DS.1"],
    ] {
        let r = cds(dir.path(), args);
        assert_eq!(r.code, 1, "{args:?}");
        assert_eq!(r.stdout, "");
        assert!(r.stderr.starts_with("Usage:\n"), "{args:?}: {}", r.stderr);
        assert!(r
            .stderr
            .contains("-i[extension]      update dsset- file in place"));
        assert!(
            !r.stderr.contains("fatal"),
            "{args:?}: cds prints the usage only"
        );
    }
    let r = cds(dir.path(), &["-V"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert!(r.stderr.starts_with("cds dnssec-kit-"), "{}", r.stderr);
    // -m is accepted (BIND's memory debugging) and changes nothing.
    fails_with(dir.path(), &["-m", "cds.test"], "missing -d DS pathname");
}

#[test]
fn argument_errors_use_binds_words() {
    let dir = setup();
    let d = dir.path();
    fails_with(d, &["cds.test"], "missing -d DS pathname");
    fails_with(
        d,
        &["-d", "DS.1", "cds.test"],
        "path to file containing child data must be specified",
    );
    fails_with(
        d,
        &["-a", "SHA-512", "-f", "base.zone", "-d", "DS.1", "cds.test"],
        "unknown DS algorithm SHA-512",
    );
    fails_with(
        d,
        &["-c", "FOO", "-f", "base.zone", "-d", "DS.1", "cds.test"],
        "unknown class FOO",
    );
    fails_with(
        d,
        &["-T", "abc", "-f", "base.zone", "-d", "DS.1", "cds.test"],
        "TTL must be numeric",
    );
    fails_with(
        d,
        &["-v", "x", "-f", "base.zone", "-d", "DS.1", "cds.test"],
        "-v must be followed by a number",
    );
    fails_with(
        d,
        &["-s", "bogus", "-f", "base.zone", "-d", "DS.1", "cds.test"],
        "time value bogus is invalid",
    );
    fails_with(
        d,
        &["-s", "never", "-f", "base.zone", "-d", "DS.1", "cds.test"],
        "time value never is invalid",
    );
}

#[test]
fn input_errors_use_binds_words() {
    let dir = setup();
    let d = dir.path();
    fails_with(
        d,
        &["-d", ".", "cds.test"],
        "could not get modification time of ./dsset-cds.test.: file not found",
    );
    fails_with(
        d,
        &["-d", "pdir/", "cds.test"],
        "could not get modification time of pdir/dsset-cds.test.: file not found",
    );
    fails_with(
        d,
        &["-d", "empty", "cds.test"],
        "could not find DS records for cds.test in empty",
    );
    fails_with(
        d,
        &["-f", "base.zone", "-d", "DS.1", "other.test"],
        "could not find DS records for other.test in DS.1",
    );
    fails_with(
        d,
        &["-f", "nosuch", "-d", "DS.1", "cds.test"],
        "can't load nosuch: file not found",
    );
    fails_with(
        d,
        &["-f", "base.zone", "-d", "DS.1", "cds.test"],
        "could not find signed DNSKEY RRset for cds.test",
    );
    // A DS set for the domain found through -d dir.
    fs::write(d.join("pdir/dsset-cds.test."), DS1).unwrap();
    fails_with(
        d,
        &["-f", "base.zone", "-d", "pdir", "cds.test"],
        "could not find signed DNSKEY RRset for cds.test",
    );
    // Unsigned CDS or CDNSKEY beside a DNSKEY RRset that carries an RRSIG.
    let sig = "cds.test. 3600 IN RRSIG DNSKEY 13 2 3600 20261224011244 20261124011244 59964 cds.test. \
               bNtRV+Z7erfnVdCc+SUL3u+PPdo3FehiaV3cJqvd4C7MuOIU3+5UjjDqr9mD4CvnqAFV0xR7pPqj36ToNeS3Gg==\n";
    fs::write(
        d.join("unsigned-cds"),
        format!("{UNSIGNED}{sig}cds.test. IN CDS 0 0 0 00\n"),
    )
    .unwrap();
    fails_with(
        d,
        &["-f", "unsigned-cds", "-d", "DS.1", "cds.test"],
        "missing RRSIG CDS records for cds.test",
    );
    fs::write(
        d.join("unsigned-cdnskey"),
        format!("{UNSIGNED}{sig}cds.test. IN CDNSKEY 0 3 0 AA==\n"),
    )
    .unwrap();
    fails_with(
        d,
        &["-f", "unsigned-cdnskey", "-d", "DS.1", "cds.test"],
        "missing RRSIG CDNSKEY records for cds.test",
    );
    // The only RRSIG is by key 59964, which the DS set names but the DNSKEY RRset lacks.
    fs::write(d.join("badsig"), format!("{UNSIGNED}{sig}")).unwrap();
    fails_with(
        d,
        &["-s", "20200101", "-f", "badsig", "-d", "DS.1", "cds.test"],
        "could not validate child DNSKEY RRset for cds.test",
    );
}

#[test]
fn bad_stdin_fails_without_output_and_leaves_the_dsset_alone() {
    let dir = setup();
    let d = dir.path();
    let before = fs::metadata(d.join("DS.1")).unwrap().modified().unwrap();
    for input in [
        &b""[..],
        b"garbage garbage\n",
        b"\xff\xfe\x00",
        b"cds.test. 1 IN DS 1 13 2 00\n",
    ] {
        let r = run_with_stdin(
            d,
            ours("cds"),
            &["-u", "-i.bak", "-f", "-", "-d", "DS.1", "cds.test"],
            Some(input),
        );
        assert_eq!(
            (r.code, r.stdout.as_str()),
            (1, ""),
            "{input:?}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("cds: fatal: "), "{}", r.stderr);
    }
    assert_eq!(fs::read_to_string(d.join("DS.1")).unwrap(), DS1);
    assert_eq!(
        fs::metadata(d.join("DS.1")).unwrap().modified().unwrap(),
        before
    );
    assert!(!d.join("DS.1.bak").exists());
    assert_eq!(
        fs::read_dir(d).unwrap().count(),
        4,
        "stray files left behind"
    );
}
