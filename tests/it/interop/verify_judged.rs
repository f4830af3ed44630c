//! verify on a zone big enough to be read in parts, whose signatures are then checked while
//! it loads (docs/bind-compat.md, "verify: memory"): on zones signed by BIND with a KSK and
//! two ZSKs (every RRset signed twice), damaged here and there, and with a name written in
//! two places (which makes ours load the file again without judging), our verify must give
//! exactly what dnssec-verify gives, and must have judged signatures while loading where the
//! file allows it.

use crate::support;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tools, Run};

const BIND: [&str; 4] = [
    "dnssec-keygen",
    "dnssec-signzone",
    "dnssec-verify",
    "named-checkzone",
];

/// Hosts with two RRsets each, every tenth a secure delegation with glue: about 1.5 MB
/// signed, enough for the file to be cut in parts (at least 512 KiB) on any machine.
pub(super) fn zone_text() -> String {
    let mut z = String::from(
        "$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 604800 300\n@ NS ns1\nns1 A 192.0.2.1\n",
    );
    for i in 0..1500 {
        if i % 10 == 0 {
            let _ = writeln!(z, "d{i} NS ns.d{i}\nns.d{i} A 10.0.{}.{}", i / 256, i % 256);
            let _ = writeln!(z, "d{i} DS {i} 13 2 {:064X}", i + 1);
        } else {
            let _ = writeln!(
                z,
                "h{i} A 192.0.{}.{}\nh{i} TXT \"host {i}\"",
                i / 256,
                i % 256
            );
        }
    }
    z
}

/// Both verifiers on `file`; program names made equal for comparison.
pub(super) fn both(dir: &Path, file: &str) -> (Run, Run) {
    let args = ["-o", "example.com", file];
    let mut o = run_in(dir, ours("verify"), &args);
    let b = run_in(dir, "dnssec-verify", &args);
    o.stderr = o.stderr.replace("verify: ", "dnssec-verify: ");
    (o, b)
}

/// How many signatures ours checked while loading `file` (its -v 2 note).
pub(super) fn judged(dir: &Path, file: &str) -> usize {
    let run = run_in(dir, ours("verify"), &["-v", "2", "-o", "example.com", file]);
    let note = run
        .stderr
        .lines()
        .find(|l| l.contains("signatures checked while loading"))
        .unwrap_or_else(|| panic!("no load note: {run:?}"));
    let words: Vec<&str> = note.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| *w == "signatures")
        .expect("count before 'signatures'");
    words[at - 1].trim_start_matches(';').parse().unwrap()
}

/// dnssec-keygen's arguments (besides `-q` and the zone), one slice per key.
pub(super) type KeygenArgs<'a> = &'a [&'a [&'a str]];

/// Writes `zone` as example.com.db, makes `keys` with BIND's dnssec-keygen and signs the
/// zone with `signer` (`-S` and `flags`) into signed.db; returns its dump ([`flatten`]).
pub(super) fn keys_and_sign(
    dir: &Path,
    zone: &str,
    keys: KeygenArgs<'_>,
    signer: impl AsRef<std::ffi::OsStr>,
    flags: &[&str],
) -> String {
    fs::write(dir.join("example.com.db"), zone).unwrap();
    for key in keys {
        let mut args = vec!["-q"];
        args.extend(*key);
        args.push("example.com");
        run_in(dir, "dnssec-keygen", &args).ok();
    }
    let mut args = vec!["-S", "-o", "example.com", "-f", "signed.db"];
    args.extend(flags);
    args.push("example.com.db");
    run_in(dir, signer, &args).ok();
    flatten(dir, "signed.db", "flat.db")
}

/// `signed` as named-checkzone dumps it: one record per line, owners in full, names in
/// canonical order, each in one run (lines are easy to damage or move). Without its
/// integrity checks (`-i none`), which look the delegations' names up and take some 25 s on
/// these zones.
pub(super) fn flatten(dir: &Path, signed: &str, flat: &str) -> String {
    run_in(
        dir,
        "named-checkzone",
        &["-q", "-i", "none", "-D", "-o", flat, "example.com", signed],
    )
    .ok();
    fs::read_to_string(dir.join(flat)).unwrap()
}

/// Rewrites the `nth` `RRSIG <covered>` line at `owner` with `edit`, which gets the line's
/// fields and where RRSIG stands among them. Lines may carry the class (BIND's dumps) or
/// not (Knot's).
fn rewrite_rrsig(
    flat: &str,
    owner: &str,
    covered: &str,
    nth: usize,
    edit: impl Fn(&str, Vec<&str>, usize) -> String,
) -> String {
    let mut seen = 0;
    let mut done = false;
    let out: Vec<String> = flat
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let rrsig = f.iter().take(4).position(|w| *w == "RRSIG");
            let of = |at: &usize| f.get(at + 1) == Some(&covered) && f.len() > at + 2;
            match rrsig.filter(of) {
                Some(at) if !done && f.first() == Some(&owner) => {
                    seen += 1;
                    if seen == nth + 1 {
                        done = true;
                        return edit(l, f, at);
                    }
                    l.to_string()
                }
                _ => l.to_string(),
            }
        })
        .collect();
    assert!(done, "no RRSIG {covered} #{nth} at {owner}");
    out.join("\n") + "\n"
}

/// Moves the `nth` `RRSIG <covered>` line at `owner` into the past (inception and
/// expiration in 2019-2020): expired, and no longer verifying (its times are signed).
fn expire(flat: &str, owner: &str, covered: &str, nth: usize) -> String {
    rewrite_rrsig(flat, owner, covered, nth, |_, mut f, at| {
        // After RRSIG: type covered, algorithm, labels, original TTL, expiration, inception.
        f[at + 5] = "20200101000000";
        f[at + 6] = "20191201000000";
        f.join(" ")
    })
}

/// Damages the signature of the `nth` `RRSIG <covered>` line at `owner`, so that it no longer
/// verifies.
pub(super) fn damage(flat: &str, owner: &str, covered: &str, nth: usize) -> String {
    rewrite_rrsig(flat, owner, covered, nth, |l, _, _| {
        // A letter a few characters from the end changes case: still base64 (the last
        // characters may carry padding bits), no longer the signature.
        let mut b = l.as_bytes().to_vec();
        let i = (0..b.len().saturating_sub(4))
            .rev()
            .find(|&i| b[i].is_ascii_alphabetic())
            .expect("a letter in the signature");
        b[i] ^= 0x20;
        String::from_utf8(b).unwrap()
    })
}

#[test]
fn signatures_checked_while_loading_give_binds_verdicts() {
    if tools(BIND).is_none() {
        return;
    }
    let tmp = scratch();
    let dir = tmp.path();
    let keys: KeygenArgs = &[
        &["-a", "ECDSAP256SHA256", "-f", "KSK"],
        &["-a", "ECDSAP256SHA256"],
        &["-a", "ECDSAP256SHA256"],
    ];
    let flat = keys_and_sign(dir, &zone_text(), keys, "dnssec-signzone", &[]);
    assert!(flat.len() > 1 << 20, "the zone is big enough to be cut");

    // Damage in several parts of the file: both signatures of some RRsets (the zone fails
    // for them), one of two elsewhere (the other still verifies: it passes).
    let mut broken = flat.clone();
    for (owner, covered) in [
        ("h5.example.com.", "A"),
        ("h1001.example.com.", "TXT"),
        ("d1490.example.com.", "DS"),
        ("h1495.example.com.", "NSEC"),
    ] {
        broken = damage(&broken, owner, covered, 0);
        broken = damage(&broken, owner, covered, 1);
    }
    let one_of_two = damage(&flat, "h777.example.com.", "TXT", 0);
    let one_of_two = damage(&one_of_two, "h1222.example.com.", "A", 1);
    // Expired signatures far into the file (judged while loading; canonical order puts h1333
    // first): dnssec-verify warns about the first in file order, and the other signature of each RRset still verifies.
    let expired = expire(&flat, "h1333.example.com.", "TXT", 1);
    let expired = expire(&expired, "h888.example.com.", "A", 0);

    // A name written in two places: its A RRset and signatures moved to the end.
    let (moved, kept): (Vec<&str>, Vec<&str>) = flat.lines().partition(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        f.first() == Some(&"h1234.example.com.")
            && (f.get(3) == Some(&"A") || f.get(4) == Some(&"A"))
    });
    assert_eq!(moved.len(), 3, "A and its two RRSIGs: {moved:?}");
    let split_name = kept.join("\n") + "\n" + &moved.join("\n") + "\n";
    let split_broken = damage(&split_name, "h4.example.com.", "TXT", 0);
    let split_broken = damage(&split_broken, "h4.example.com.", "TXT", 1);

    let cases = [
        ("flat.db", flat.as_str(), true, 0),
        ("broken.db", broken.as_str(), true, 1),
        ("one-of-two.db", one_of_two.as_str(), true, 0),
        ("expired.db", expired.as_str(), true, 0),
        ("split-name.db", split_name.as_str(), false, 0),
        ("split-broken.db", split_broken.as_str(), false, 1),
    ];
    for (file, text, judges, code) in cases {
        fs::write(dir.join(file), text).unwrap();
        let (o, b) = both(dir, file);
        if file == "expired.db" {
            let line = 1 + text
                .lines()
                .position(|l| l.contains(" 20200101000000 "))
                .unwrap();
            let warning = format!("dnssec-verify: warning: {file}:{line}: signature has expired");
            assert!(b.stderr.contains(&warning), "{file}: BIND {b:?}");
        }
        assert_eq!(
            (o.code, &o.stdout, &o.stderr),
            (b.code, &b.stdout, &b.stderr),
            "{file}\nours: {o:?}\nBIND: {b:?}"
        );
        assert_eq!(o.code, code, "{file}: {o:?}");
        let n = judged(dir, file);
        if judges {
            // Every RRSIG but the apex's and the few at the parts' edges.
            assert!(
                n > 5_000,
                "{file}: only {n} signatures judged while loading"
            );
        } else {
            assert_eq!(
                n, 0,
                "{file}: a name in two runs must be loaded again unjudged"
            );
        }
    }
    // The signed file as BIND wrote it (names with blank owners after the first line) is
    // judged too.
    let (o, b) = both(dir, "signed.db");
    assert_eq!((o.code, &o.stdout), (b.code, &b.stdout), "signed.db");
    assert!(judged(dir, "signed.db") > 5_000);
}

/// The same on other shapes and algorithms BIND signs: RSASHA256 (2048) with NSEC3, Ed25519
/// with NSEC3 opt-out, each zone with a wildcard and empty non-terminals besides; as signed
/// and with both signatures of one RRset in the middle damaged.
#[test]
fn other_algorithms_and_nsec3_are_judged_as_bind_judges_them() {
    if tools(BIND).is_none() {
        return;
    }
    let cases: [(&str, &[&str]); 2] = [
        ("RSASHA256", &["-3", "-"]),
        ("ED25519", &["-3", "AABB", "-A"]),
    ];
    for (alg, chain) in cases {
        let tmp = scratch();
        let dir = tmp.path();
        let mut text = zone_text();
        text.push_str("*.wild TXT \"wild\"\na.b.ent A 192.0.2.7\nx.y.ent TXT \"ent\"\n");
        let size: &[&str] = if alg == "RSASHA256" {
            &["-b", "2048"]
        } else {
            &[]
        };
        let ksk = [&["-a", alg, "-f", "KSK"][..], size].concat();
        let zsk = [&["-a", alg][..], size].concat();
        let flat = keys_and_sign(dir, &text, &[&ksk, &zsk, &zsk], "dnssec-signzone", chain);
        let broken = damage(&flat, "h777.example.com.", "TXT", 0);
        let broken = damage(&broken, "h777.example.com.", "TXT", 1);
        fs::write(dir.join("broken.db"), broken).unwrap();
        for (file, code) in [("signed.db", 0), ("flat.db", 0), ("broken.db", 1)] {
            let (o, b) = both(dir, file);
            assert_eq!(
                (o.code, &o.stdout, &o.stderr),
                (b.code, &b.stdout, &b.stderr),
                "{alg} {file}\nours: {o:?}\nBIND: {b:?}"
            );
            assert_eq!(o.code, code, "{alg} {file}: {o:?}");
            let n = judged(dir, file);
            assert!(
                n > 1_000,
                "{alg} {file}: only {n} signatures judged while loading"
            );
        }
    }
}
