//! Our `signzone` against BIND's dnssec-signzone, dnssec-verify, ldns-verify-zone, named and
//! delv (docs/bind-compat.md, "testing against BIND" scenarios 8-17 and 24). Zones and keys are
//! made at test time; both signers get the same input and flags, and the outputs are compared
//! after canonicalisation by named-checkzone (BIND's own output order is not canonical,
//! docs/bind-compat.md, "signzone: output formats and order").

use crate::support;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use support::named::{Config, Named, Zone};
use support::{argv, ours, run_in, scratch, tool, tools, Run};

/// A zone with the shapes a signer must get right: apex, a secure and an insecure
/// delegation with glue, occluded data under a cut, a wildcard, empty non-terminals,
/// mixed-case and escaped owner names and many record types.
const ZONE: &str = r#"$TTL 3600
@	IN SOA ns1.example.com. hostmaster.example.com. 2024010101 7200 3600 1209600 300
	NS ns1
	NS ns2
	MX 10 mail
	TXT "v=spf1 -all"
ns1	A 192.0.2.1
ns2	A 192.0.2.2
	AAAA 2001:db8::2
mail	A 192.0.2.3
www	A 192.0.2.4
	AAAA 2001:db8::4
child	NS ns.child
child	DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.child A 192.0.2.10
deep.ns.child TXT "occluded"
insecure NS ns.elsewhere.net.
insecure NS ns.insecure
ns.insecure A 192.0.2.20
*.wild	TXT "wildcard"
a.b.ent	TXT "below two empty non-terminals"
MiXeD	A 192.0.2.5
esc\.aped TXT "escaped dot"
sp\032ace A 192.0.2.6
_sip._tcp SRV 0 5 5060 sip
sip	CNAME www
caa	CAA 0 issue "ca.example.net"
sshfp	SSHFP 1 1 0123456789abcdef0123456789abcdef01234567
tlsa	TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
naptr	NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .
loc	LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m
hinfo	HINFO "PC" "Linux"
"#;

const S: &str = "20260101000000";
const E: &str = "20270101000000";

fn bind(dir: &Path, args: &[&str]) -> Option<Run> {
    let signer = tool("dnssec-signzone")?;
    Some(run_in(dir, signer, args))
}

fn ourz(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, ours("signzone"), args)
}

fn keygen(dir: &Path, args: &[&str]) -> Option<String> {
    let kg = tool("dnssec-keygen")?;
    let r = run_in(dir, kg, args).ok();
    Some(r.stdout.trim().to_string())
}

/// The zone in named-checkzone's canonical dump, comments dropped (docs/bind-compat.md,
/// "testing against BIND").
fn canon(dir: &Path, origin: &str, file: &str) -> Option<String> {
    let lenient = [
        "-M", "ignore", "-S", "ignore", "-T", "ignore", "-W", "ignore", "-n", "ignore", "-k",
        "ignore",
    ];
    support::canonical_dump(dir, &lenient, origin, file)
}

fn zone_dir() -> tempfile::TempDir {
    let dir = scratch();
    fs::write(dir.path().join("example.com.db"), ZONE).unwrap();
    dir
}

/// A zone directory ([`zone_dir`]) with a KSK and a ZSK of `alg` made by BIND's keygen; None
/// (skip) when keygen is missing.
fn zone_with_keys(alg: &str) -> Option<tempfile::TempDir> {
    let keygen = tool("dnssec-keygen")?;
    let dir = zone_dir();
    support::keys::bind_ksk_zsk(&keygen, dir.path(), alg, "example.com");
    Some(dir)
}

/// `-S <extra> -o example.com -f <out> example.com.db`: signing the zone of [`zone_dir`].
fn example_args<'a>(extra: &[&'a str], out: &'a str) -> Vec<&'a str> {
    let mut args = vec!["-S"];
    args.extend_from_slice(extra);
    args.extend(["-o", "example.com", "-f", out, "example.com.db"]);
    args
}

/// Re-signs `input` with both tools with `-S -t -o example.com <extra>`, ours to `o.signed`
/// and BIND's (`-n 1`) to `b.signed`; (ours, BIND's).
fn resign_both(d: &Path, extra: &[&str], input: &str) -> (Run, Run) {
    let flags = [&["-S", "-t", "-o", "example.com"][..], extra].concat();
    let mine = ourz(d, &[&flags[..], &["-f", "o.signed", input]].concat());
    let theirs = bind(
        d,
        &[&flags[..], &["-n", "1", "-f", "b.signed", input]].concat(),
    )
    .unwrap();
    (mine, theirs)
}

/// The flags of the child-DS tests: smart signing, DS records from `dsdir/dsset-*` (-g -d).
const DSDIR_FLAGS: [&str; 10] = [
    "-S",
    "-g",
    "-d",
    "dsdir",
    "-s",
    S,
    "-e",
    E,
    "-o",
    "example.com",
];

/// Signs with both tools (same flags plus `-f o.signed` / `-f b.signed`) and asserts
/// canonical equality; returns false when a tool is missing.
fn same_as_bind(dir: &Path, origin: &str, zone: &str, flags: &[&str]) -> bool {
    let mut o = flags.to_vec();
    o.extend(["-f", "o.signed", zone]);
    let mut b = vec!["-n", "1"];
    b.extend_from_slice(flags);
    b.extend(["-f", "b.signed", zone]);
    let ours_run = ourz(dir, &o);
    assert_eq!(ours_run.code, 0, "ours {flags:?}: {}", ours_run.stderr);
    let Some(bind_run) = bind(dir, &b) else {
        return false;
    };
    assert_eq!(bind_run.code, 0, "bind {flags:?}: {}", bind_run.stderr);
    let (Some(a), Some(b)) = (
        canon(dir, origin, "o.signed"),
        canon(dir, origin, "b.signed"),
    ) else {
        return false;
    };
    assert!(a.lines().count() > 10, "empty canonical dump for {flags:?}");
    if a != b {
        let only_ours: Vec<&str> = a.lines().filter(|l| !b.contains(l)).take(8).collect();
        let only_bind: Vec<&str> = b.lines().filter(|l| !a.contains(l)).take(8).collect();
        panic!("{flags:?}: outputs differ\nonly ours: {only_ours:#?}\nonly BIND: {only_bind:#?}");
    }
    true
}

fn verifies(dir: &Path, origin: &str, file: &str, extra: &[&str]) {
    let Some([verify, ldns]) = tools(["dnssec-verify", "ldns-verify-zone"]) else {
        return;
    };
    let mut args = extra.to_vec();
    args.extend(["-o", origin, file]);
    let r = run_in(dir, verify, &args);
    assert_eq!(r.code, 0, "dnssec-verify {file}: {}{}", r.stdout, r.stderr);
    let r = run_in(dir, ldns, &[file]);
    assert_eq!(
        r.code, 0,
        "ldns-verify-zone {file}: {}{}",
        r.stdout, r.stderr
    );
}

const CHAINS: [&[&str]; 4] = [
    &[],
    &["-3", "-"],
    &["-3", "AABBCCDD", "-H", "5"],
    &["-3", "-", "-A"],
];

#[test]
fn ed25519_ksk_zsk_equals_bind_for_nsec_and_nsec3() {
    let Some(dir) = zone_with_keys("ED25519") else {
        return;
    };
    let d = dir.path();
    for chain in CHAINS {
        let mut flags = vec!["-S", "-s", S, "-e", E, "-o", "example.com"];
        flags.extend_from_slice(chain);
        if !same_as_bind(d, "example.com", "example.com.db", &flags) {
            return;
        }
        verifies(d, "example.com", "o.signed", &[]);
    }
}

#[test]
fn rsasha256_equals_bind_and_csk_signs_everything() {
    let Some(dir) = zone_with_keys("RSASHA256") else {
        return;
    };
    let d = dir.path();
    if !same_as_bind(
        d,
        "example.com",
        "example.com.db",
        &["-S", "-s", S, "-e", E, "-o", "example.com", "-3", "-"],
    ) {
        return;
    }
    // A lone KSK signs everything as with -z (BIND needs -z; ours does not with -S: see
    // interop::signzone_operator).
    let csk = zone_dir();
    let c = csk.path();
    keygen(c, &["-q", "-a", "ED25519", "-f", "KSK", "example.com"]);
    same_as_bind(
        c,
        "example.com",
        "example.com.db",
        &["-S", "-z", "-s", S, "-e", E, "-o", "example.com"],
    );
    verifies(c, "example.com", "o.signed", &["-z"]);
}

#[test]
fn ecdsa_output_verifies_with_bind_and_ldns() {
    let Some(dir) = zone_with_keys("ECDSAP256SHA256") else {
        return;
    };
    let d = dir.path();
    for chain in CHAINS {
        ourz(d, &example_args(chain, "o.signed")).ok();
        verifies(d, "example.com", "o.signed", &[]);
    }
    for variant in ["-x", "-z"] {
        ourz(d, &example_args(&[variant], "o.signed")).ok();
        verifies(d, "example.com", "o.signed", &[variant]);
    }
}

#[test]
fn root_zone_equals_bind() {
    let dir = scratch();
    let d = dir.path();
    let root = PathBuf::from("/work/shared/data/root-20180312.zone");
    if !root.exists() {
        return;
    }
    fs::copy(&root, d.join("root.zone")).unwrap();
    if keygen(d, &["-q", "-a", "ED25519", "-f", "KSK", "."]).is_none() {
        return;
    }
    keygen(d, &["-q", "-a", "ED25519", "."]);
    for chain in [&[][..], &["-3", "-", "-u"][..]] {
        let mut flags = vec!["-S", "-s", S, "-e", E, "-o", "."];
        flags.extend_from_slice(chain);
        if !same_as_bind(d, ".", "root.zone", &flags) {
            return;
        }
    }
}

/// (type, key tag) of every RRSIG in a zone, and the DNSKEY/CDS/CDNSKEY rdata lines.
fn signer_sets(dir: &Path, file: &str) -> (BTreeSet<(String, String)>, BTreeSet<String>) {
    let text = canon(dir, "example.com", file).unwrap_or_default();
    let mut sigs = BTreeSet::new();
    let mut keys = BTreeSet::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.get(3).copied() {
            Some("RRSIG") => {
                sigs.insert((f[4].to_string(), f[10].to_string()));
            }
            Some("DNSKEY" | "CDS" | "CDNSKEY") => {
                keys.insert(f[1..].join(" "));
            }
            _ => {}
        }
    }
    (sigs, keys)
}

fn settime(dir: &Path, args: &[&str]) {
    if let Some(st) = tool("dnssec-settime") {
        run_in(dir, st, args).ok();
    }
}

#[test]
fn smart_signing_matrix_matches_bind() {
    let dir = zone_dir();
    let d = dir.path();
    fs::create_dir(d.join("keys")).unwrap();
    let k = d.join("keys");
    let Some(ksk) = keygen(&k, &["-q", "-a", "ED25519", "-f", "KSK", "example.com"]) else {
        return;
    };
    keygen(&k, &["-q", "-a", "ED25519", "example.com"]);
    // Stand-by, future, retired, deleted, without timing (-G), legacy (-C).
    for times in [
        "-A +10d",
        "-P +5d -A +10d",
        "-P -20d -A -20d -I -1d",
        "-P -20d -A -20d -I -2d -D -1d",
        "-G",
        "-C",
    ] {
        keygen(&k, &argv(&format!("-q -a ED25519 {times} example.com")));
    }
    let cds = keygen(
        &k,
        &[
            "-q",
            "-a",
            "ED25519",
            "-f",
            "KSK",
            "-P",
            "sync",
            "-1h",
            "example.com",
        ],
    )
    .unwrap_or_default();
    settime(&k, &["-R", "now", &ksk]);
    let _ = cds;
    for extra in [&[][..], &["-x"][..], &["-z"][..]] {
        let mut flags = vec!["-S", "-K", "keys", "-s", S, "-e", E, "-o", "example.com"];
        flags.extend_from_slice(extra);
        let mut o = flags.clone();
        o.extend(["-f", "o.signed", "example.com.db"]);
        let mine = ourz(d, &o);
        let mut b = flags.clone();
        b.extend(["-n", "1", "-f", "b.signed", "example.com.db"]);
        let Some(theirs) = bind(d, &b) else { return };
        assert_eq!(
            mine.code, theirs.code,
            "{extra:?}: ours {} / bind {}",
            mine.stderr, theirs.stderr
        );
        if theirs.code != 0 {
            continue;
        }
        assert_eq!(
            signer_sets(d, "o.signed"),
            signer_sets(d, "b.signed"),
            "{extra:?}"
        );
        let report = |r: &Run| -> BTreeSet<String> {
            r.stdout
                .lines()
                .map(str::to_string)
                .filter(|l| !l.ends_with(".signed"))
                .collect()
        };
        assert_eq!(report(&mine), report(&theirs), "{extra:?} report");
        let dsset = fs::read_to_string(d.join("dsset-example.com.")).unwrap();
        assert!(dsset.contains("\t\tIN DS "), "{dsset}");
    }
    // dsset-: byte-identical (order aside) with BIND's.
    let theirs = fs::read_to_string(d.join("dsset-example.com.")).unwrap();
    ourz(d, &example_args(&["-K", "keys"], "o.signed")).ok();
    let mine = fs::read_to_string(d.join("dsset-example.com.")).unwrap();
    let sorted = |t: &str| t.lines().map(str::to_string).collect::<BTreeSet<_>>();
    assert_eq!(sorted(&mine), sorted(&theirs));
}

#[test]
fn explicit_and_included_keys_match_bind() {
    let dir = zone_dir();
    let d = dir.path();
    let Some(ksk) = keygen(d, &["-q", "-a", "ED25519", "-f", "KSK", "example.com"]) else {
        return;
    };
    let zsk = keygen(d, &["-q", "-a", "ED25519", "example.com"]).unwrap_or_default();
    let inc = format!("{ZONE}$INCLUDE {ksk}.key\n$INCLUDE {zsk}.key\n");
    fs::write(d.join("inc.db"), inc).unwrap();
    same_as_bind(
        d,
        "example.com",
        "inc.db",
        &["-s", S, "-e", E, "-o", "example.com"],
    );
    let kflags = ["-s", S, "-e", E, "-o", "example.com", "-k", &ksk];
    let r = ourz(
        d,
        &[&kflags[..], &["-f", "o.signed", "inc.db", &zsk]].concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    if let Some(b) = bind(
        d,
        &[&kflags[..], &["-n", "1", "-f", "b.signed", "inc.db", &zsk]].concat(),
    ) {
        assert_eq!(b.code, 0);
        assert_eq!(signer_sets(d, "o.signed"), signer_sets(d, "b.signed"));
    }
    // ZSK only, KSK only: both fail verification, as BIND's do, and write nothing.
    for (key, detail) in [
        (&zsk, "No self-signed KSK DNSKEY found"),
        (&ksk, "SOA is not signed"),
    ] {
        let r = ourz(
            d,
            &["-o", "example.com", "-f", "fail.signed", "inc.db", key],
        );
        assert_eq!(r.code, 1, "{key}");
        assert!(
            r.stdout.contains("Zone verification failed (failure)"),
            "{}",
            r.stdout
        );
        assert!(r.stderr.contains(detail), "{}", r.stderr);
        assert!(!d.join("fail.signed").exists());
        if let Some(b) = bind(
            d,
            &["-o", "example.com", "-f", "fail.signed", "inc.db", key],
        ) {
            assert_eq!(b.code, 1);
            assert!(b.stderr.contains(detail), "{}", b.stderr);
        }
    }
    // Keys not in the zone without -S.
    let r = ourz(
        d,
        &[
            "-o",
            "example.com",
            "-f",
            "x.signed",
            "example.com.db",
            &ksk,
            &zsk,
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("failed to find keys at the zone apex: not found"),
        "{}",
        r.stderr
    );
}

fn stat_counts(r: &Run) -> Vec<String> {
    r.stdout
        .lines()
        .filter(|l| {
            l.starts_with("Signatures generated")
                || l.starts_with("Signatures retained")
                || l.starts_with("Signatures dropped")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn resigning_counts_match_bind() {
    let Some(dir) = zone_with_keys("ED25519") else {
        return;
    };
    let d = dir.path();
    let Some(first) = bind(d, &example_args(&["-n", "1"], "signed.db")) else {
        return;
    };
    assert_eq!(first.code, 0);
    let mut plus_one = fs::read_to_string(d.join("signed.db")).unwrap();
    plus_one.push_str("added.example.com. 3600 IN A 192.0.2.99\n");
    fs::write(d.join("plus.db"), plus_one).unwrap();
    for (input, extra) in [
        ("signed.db", &[][..]),
        ("plus.db", &[][..]),
        ("signed.db", &["-i", "1000000"][..]),
        ("signed.db", &["-i", "3600"][..]),
    ] {
        let (mine, theirs) = resign_both(d, extra, input);
        assert_eq!(mine.code, 0, "{}", mine.stderr);
        assert_eq!(
            stat_counts(&mine),
            stat_counts(&theirs),
            "{input} {extra:?}"
        );
        verifies(d, "example.com", "o.signed", &[]);
    }
    // And BIND re-signing our output keeps everything.
    ourz(d, &example_args(&[], "ours.db")).ok();
    let (mine, theirs) = resign_both(d, &[], "ours.db");
    assert_eq!(stat_counts(&mine), stat_counts(&theirs));
    assert!(
        stat_counts(&mine)[0].ends_with(" 0"),
        "{:?}",
        stat_counts(&mine)
    );
}

#[test]
fn zsk_rollover_with_q_and_r_matches_bind() {
    let dir = zone_dir();
    let d = dir.path();
    if keygen(d, &["-q", "-a", "ED25519", "-f", "KSK", "example.com"]).is_none() {
        return;
    }
    let z1 = keygen(d, &["-q", "-a", "ED25519", "example.com"]).unwrap();
    bind(d, &example_args(&["-n", "1"], "signed.db"))
        .unwrap()
        .ok();
    settime(d, &["-I", "now", &z1]);
    keygen(d, &["-q", "-a", "ED25519", "example.com"]);
    for extra in [&[][..], &["-Q"][..]] {
        let (mine, theirs) = resign_both(d, extra, "signed.db");
        assert_eq!(stat_counts(&mine), stat_counts(&theirs), "{extra:?}");
        assert_eq!(
            signer_sets(d, "o.signed"),
            signer_sets(d, "b.signed"),
            "{extra:?}"
        );
    }
    settime(d, &["-D", "now", &z1]);
    for extra in [&[][..], &["-R"][..]] {
        let (mine, theirs) = resign_both(d, extra, "signed.db");
        assert_eq!(stat_counts(&mine), stat_counts(&theirs), "-D {extra:?}");
        assert_eq!(
            signer_sets(d, "o.signed"),
            signer_sets(d, "b.signed"),
            "-D {extra:?}"
        );
    }
}

fn soa_serial(dir: &Path, file: &str) -> u64 {
    let text = canon(dir, "example.com", file).unwrap_or_default();
    text.lines()
        .find(|l| l.split_whitespace().nth(3) == Some("SOA"))
        .and_then(|l| l.split_whitespace().nth(6))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn serial_methods_match_bind() {
    let dir = scratch();
    let d = dir.path();
    if keygen(d, &["-q", "-a", "ED25519", "-f", "KSK", "example.com"]).is_none() {
        return;
    }
    keygen(d, &["-q", "-a", "ED25519", "example.com"]);
    // Today as BIND's `date` method sees it (local time; the tests run with TZ=UTC).
    let today = run_in(d, "date", &["+%Y%m%d"])
        .ok()
        .stdout
        .trim()
        .to_string();
    let today05 = format!("{today}05");
    let today99 = format!("{today}99");
    let warnings = |r: &Run| -> Vec<String> {
        r.stderr
            .lines()
            .filter(|l| l.contains("Serial number"))
            .map(|l| l.split_once("warning: ").map_or(l, |x| x.1).to_string())
            .collect()
    };
    for serial in [
        "2024010101",
        "4000000000",
        "4294967295",
        "0",
        &today05,
        &today99,
    ] {
        fs::write(d.join("z.db"), ZONE.replace("2024010101", serial)).unwrap();
        for method in ["keep", "increment", "unixtime", "date"] {
            let flags = ["-S", "-N", method, "-o", "example.com"];
            let mine = ourz(d, &[&flags[..], &["-f", "o.signed", "z.db"]].concat()).ok();
            let theirs = bind(d, &[&flags[..], &["-f", "b.signed", "z.db"]].concat())
                .unwrap()
                .ok();
            let (a, b) = (soa_serial(d, "o.signed"), soa_serial(d, "b.signed"));
            if method == "unixtime" && a != b {
                assert!(a.abs_diff(b) <= 2, "{serial} {method}: {a} vs {b}");
            } else {
                assert_eq!(a, b, "{serial} {method}");
            }
            // docs/bind-compat.md, "testing against BIND" scenario 16: the same warnings
            // (`would not advance` for unixtime and date when they fall back to increment).
            assert_eq!(warnings(&mine), warnings(&theirs), "{serial} {method}");
        }
    }
}

#[test]
fn child_ds_from_dsset_files_matches_bind() {
    let Some(dir) = zone_with_keys("ED25519") else {
        return;
    };
    let d = dir.path();
    fs::create_dir(d.join("dsdir")).unwrap();
    let ck = keygen(
        &d.join("dsdir"),
        &["-q", "-a", "ED25519", "-f", "KSK", "child.example.com"],
    )
    .unwrap();
    let dsfromkey = tool("dnssec-dsfromkey").unwrap();
    let ds = run_in(&d.join("dsdir"), dsfromkey, &["-2", &ck])
        .ok()
        .stdout;
    fs::write(d.join("dsdir/dsset-child.example.com."), ds).unwrap();
    same_as_bind(d, "example.com", "example.com.db", &DSDIR_FLAGS);
    let a = fs::read_to_string(d.join("dsdir/dsset-example.com.")).unwrap();
    assert!(a.contains("IN DS"));
    // Without the file the delegation's DS goes away, in both.
    fs::remove_file(d.join("dsdir/dsset-child.example.com.")).unwrap();
    same_as_bind(d, "example.com", "example.com.db", &DSDIR_FLAGS);
    let text = canon(d, "example.com", "o.signed").unwrap_or_default();
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("child.example.com.") && l.contains(" DS ")),
        "{text}"
    );
}

#[test]
fn named_serves_our_zone_and_delv_validates() {
    let Some([_named, delv, dsfromkey]) = tools(["named", "delv", "dnssec-dsfromkey"]) else {
        return;
    };
    for chain in [&[][..], &["-3", "-"][..]] {
        let dir = zone_dir();
        let d = dir.path();
        let ksk = keygen(
            d,
            &["-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "example.com"],
        )
        .unwrap();
        keygen(d, &["-q", "-a", "ECDSAP256SHA256", "example.com"]);
        ourz(
            d,
            &[
                &["-S", "-o", "example.com", "-f", "example.com.signed"][..],
                chain,
                &["example.com.db"],
            ]
            .concat(),
        )
        .ok();
        let dsbin = if support::ours("dsfromkey").exists() {
            support::ours("dsfromkey")
        } else {
            dsfromkey.clone()
        };
        let ds = run_in(d, dsbin, &["-2", &ksk]).ok().stdout;
        let f: Vec<&str> = ds.split_whitespace().collect();
        fs::write(
            d.join("a.conf"),
            format!(
                "trust-anchors {{ example.com. static-ds {} {} {} \"{}\"; }};\n",
                f[3], f[4], f[5], f[6]
            ),
        )
        .unwrap();
        let zone = Zone::primary("example.com", "example.com.signed").with("check-names ignore;");
        let named = Named::start(d, &Config::new(zone));
        let p = named.port().to_string();
        let ask = |name: &str| {
            let mut last = String::new();
            for _ in 0..50 {
                let r = run_in(
                    d,
                    &delv,
                    &[
                        "@127.0.0.1",
                        "-p",
                        &p,
                        "-a",
                        "a.conf",
                        "+root=example.com",
                        name,
                        "A",
                    ],
                );
                last = format!("{}{}", r.stdout, r.stderr);
                if !last.contains("connection refused")
                    && !last.contains("timed out")
                    && !last.contains("SERVFAIL")
                    && !last.contains("resolution failed")
                {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            last
        };
        let yes = ask("www.example.com");
        assert!(
            yes.contains("; fully validated"),
            "{chain:?}: {yes}\n{}",
            named.log()
        );
        let no = ask("nonexistent.example.com");
        assert!(
            no.contains("; negative response, fully validated"),
            "{chain:?}: {no}"
        );
    }
}

#[test]
fn dnssec_only_max_ttl_and_keyset_outputs() {
    let Some(dir) = zone_with_keys("ED25519") else {
        return;
    };
    let d = dir.path();
    // -D: the DNSSEC records only, mergeable into the unsigned zone (docs/bind-compat.md,
    // "testing against BIND" scenario 18).
    ourz(d, &example_args(&["-D"], "o.D")).ok();
    let only = fs::read_to_string(d.join("o.D")).unwrap();
    assert!(
        !only.contains("\tA\t") && !only.contains("IN A\t"),
        "{only}"
    );
    let merged = format!("{ZONE}{only}");
    fs::write(d.join("merged"), merged).unwrap();
    let Some(verify) = tool("dnssec-verify") else {
        return;
    };
    let r = run_in(d, verify, &["-o", "example.com", "merged"]);
    assert_eq!(r.code, 0, "dnssec-verify merged: {}{}", r.stdout, r.stderr);
    // -M: no TTL above the cap, and still a valid zone.
    ourz(d, &example_args(&["-M", "1000"], "o.M")).ok();
    let text = canon(d, "example.com", "o.M").unwrap_or_default();
    assert!(!text.is_empty());
    for line in text.lines() {
        let ttl: u32 = line
            .split_whitespace()
            .nth(1)
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        assert!(ttl <= 1000, "{line}");
    }
    verifies(d, "example.com", "o.M", &[]);
    // -C: keyset-<zone>. equal to BIND's, whitespace aside.
    let Some(b) = bind(d, &example_args(&["-C"], "b.C")) else {
        return;
    };
    assert_eq!(b.code, 0);
    let theirs = fs::read_to_string(d.join("keyset-example.com.")).unwrap();
    ourz(d, &example_args(&["-C"], "o.C")).ok();
    let mine = fs::read_to_string(d.join("keyset-example.com.")).unwrap();
    let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(squash(&mine), squash(&theirs));
}

#[test]
fn imported_keys_are_published_but_never_sign() {
    let dir = zone_dir();
    let d = dir.path();
    fs::create_dir(d.join("other")).unwrap();
    let Some(foreign) = keygen(&d.join("other"), &["-q", "-a", "ED25519", "example.com"]) else {
        return;
    };
    let Some(importkey) = tool("dnssec-importkey") else {
        return;
    };
    run_in(
        d,
        importkey,
        &["-P", "now", &format!("other/{foreign}.key")],
    )
    .ok();
    keygen(d, &["-q", "-a", "ED25519", "-f", "KSK", "example.com"]);
    keygen(d, &["-q", "-a", "ED25519", "example.com"]);
    if !same_as_bind(
        d,
        "example.com",
        "example.com.db",
        &["-S", "-s", S, "-e", E, "-o", "example.com"],
    ) {
        return;
    }
    let tag = foreign
        .rsplit('+')
        .next()
        .unwrap_or("")
        .trim_start_matches('0')
        .to_string();
    let (sigs, keys) = signer_sets(d, "o.signed");
    assert_eq!(
        keys.iter().filter(|k| k.contains("DNSKEY")).count(),
        3,
        "{keys:?}"
    );
    assert!(
        !sigs.iter().any(|(_, t)| *t == tag),
        "imported key {tag} signed: {sigs:?}"
    );
}

#[test]
fn child_ds_from_keyset_fallback_is_sha256() {
    let Some(dir) = zone_with_keys("ED25519") else {
        return;
    };
    let d = dir.path();
    fs::create_dir(d.join("dsdir")).unwrap();
    let ck = keygen(
        &d.join("dsdir"),
        &[
            "-q",
            "-a",
            "ED25519",
            "-f",
            "KSK",
            "-L",
            "300",
            "child.example.com",
        ],
    )
    .unwrap();
    let key = fs::read_to_string(d.join(format!("dsdir/{ck}.key"))).unwrap();
    let record: String = key
        .lines()
        .filter(|l| !l.starts_with(';'))
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(
        d.join("dsdir/keyset-child.example.com."),
        format!("{record}\n"),
    )
    .unwrap();
    same_as_bind(d, "example.com", "example.com.db", &DSDIR_FLAGS);
    let text = canon(d, "example.com", "o.signed").unwrap_or_default();
    let ds: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with("child.example.com.") && l.split_whitespace().nth(3) == Some("DS")
        })
        .collect();
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(
        ds[0].split_whitespace().nth(6),
        Some("2"),
        "SHA-256: {ds:?}"
    );
}
