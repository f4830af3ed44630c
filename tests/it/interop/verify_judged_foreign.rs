//! verify's load-time judging (docs/bind-compat.md, "verify: memory") on zones that other
//! signers wrote, each big enough to be read in parts: signed by Knot's kzonesign (which
//! writes records, then signatures, then the NSEC/NSEC3 chain, so every name comes in
//! several runs), by our signzone with jitter (every RRSIG with its own expiration) and with
//! two algorithms at once over NSEC3, and by BIND with the apex written in two places. Each
//! as signed and with a signature in the middle damaged: ours must print exactly what
//! dnssec-verify prints, agree with kzonecheck on pass or fail, and have judged signatures
//! while loading where the file allows it, none where it must load the file again.

use super::verify_judged::{both, damage, flatten, judged, keys_and_sign, zone_text, KeygenArgs};
use crate::support;

use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tools, Run};

/// A zone big enough for more than 5,000 RRSIGs with one ZSK: [`zone_text`] and 500 hosts
/// more.
fn bigger_zone() -> String {
    let mut z = zone_text();
    for i in 0..500 {
        let _ = writeln!(
            z,
            "m{i} A 198.51.{}.{}\nm{i} TXT \"more {i}\"",
            i / 256,
            i % 256
        );
    }
    z
}

/// What a file must give: ours exits `code` with exactly BIND's output; kzonecheck passes it
/// when `code` is 0 and refuses it otherwise; ours judged more than 5,000 signatures while
/// loading when `judges`, and none otherwise (a file it must load again, or whose head does
/// not give the apex keys). Returns our run, its program name made BIND's.
fn three_judges(dir: &Path, file: &str, code: i32, judges: bool) -> Run {
    let (o, b) = both(dir, file);
    assert_eq!(
        (o.code, &o.stdout, &o.stderr),
        (b.code, &b.stdout, &b.stderr),
        "{file}\nours: {o:?}\nBIND: {b:?}"
    );
    assert_eq!(o.code, code, "{file}: {o:?}");
    let knot = run_in(dir, "kzonecheck", &["-o", "example.com", "-d", "on", file]);
    assert_eq!(knot.code == 0, code == 0, "kzonecheck on {file}: {knot:?}");
    let n = judged(dir, file);
    if judges {
        assert!(
            n > 5_000,
            "{file}: only {n} signatures judged while loading"
        );
    } else {
        assert_eq!(n, 0, "{file}: judged {n} signatures, expected a plain load");
    }
    o
}

/// The file's size, which must be enough for it to be read in parts.
fn big_enough(dir: &Path, file: &str) {
    let len = fs::metadata(dir.join(file)).unwrap().len();
    assert!(len > 1 << 20, "{file} is only {len} octets");
}

/// Signs [`bigger_zone`] with Knot's kzonesign under a policy whose lines (after `id`) are
/// `policy`, in a KASP database of the test's own; kzonesign makes the keys (a KSK and a
/// ZSK) on its first run. Returns the signed file's name, relative to `dir`.
fn knot_signed(dir: &Path, policy: &str) -> &'static str {
    fs::write(dir.join("example.com.db"), bigger_zone()).unwrap();
    let d = dir.display();
    let conf = format!(
        "database:\n  storage: \"{d}\"\n  kasp-db: \"{d}/kasp\"\n\
         policy:\n  - id: p\n{policy}\
         zone:\n  - domain: example.com.\n    file: \"{d}/example.com.db\"\n    \
         dnssec-signing: on\n    dnssec-policy: p\n"
    );
    fs::write(dir.join("knot.conf"), conf).unwrap();
    fs::create_dir(dir.join("out")).unwrap();
    run_in(
        dir,
        "kzonesign",
        &["-c", "knot.conf", "-o", "out", "example.com."],
    )
    .ok();
    "out/example.com.db"
}

/// Knot writes a signed zone in sections (records, signatures, the NSEC or NSEC3 chain, its
/// signatures), so a name's records come in two or three runs: ours must not trust a verdict
/// made on a run (it loads the file again unjudged) and must give BIND's verdicts, as
/// signed and damaged. The same signatures in BIND's dump order (every name in one run) are
/// judged while loading.
#[test]
fn zones_signed_by_knot_get_binds_verdicts() {
    if tools([
        "kzonesign",
        "kzonecheck",
        "dnssec-verify",
        "named-checkzone",
    ])
    .is_none()
    {
        return;
    }
    let policies = [
        ("nsec", "    algorithm: ecdsap256sha256\n    manual: off\n"),
        (
            "nsec3",
            "    algorithm: ed25519\n    nsec3: on\n    nsec3-iterations: 0\n    \
             nsec3-salt-length: 4\n",
        ),
    ];
    for (chain, policy) in policies {
        let tmp = scratch();
        let dir = tmp.path();
        let signed = knot_signed(dir, policy);
        big_enough(dir, signed);
        let text = fs::read_to_string(dir.join(signed)).unwrap();
        assert!(
            text.contains(";; DNSSEC signatures"),
            "{chain}: Knot's sections: {}",
            &text[..text.len().min(300)]
        );
        // A name in several runs: the A RRset of h777 and its RRSIG far apart.
        let runs = text
            .lines()
            .filter(|l| l.starts_with("h777.example.com."))
            .count();
        assert!(runs >= 3, "{chain}: h777 has {runs} lines");
        three_judges(dir, signed, 0, false);

        let broken = damage(&text, "h777.example.com.", "TXT", 0);
        fs::write(dir.join("broken.db"), broken).unwrap();
        three_judges(dir, "broken.db", 1, false);

        let flat = flatten(dir, signed, "flat.db");
        three_judges(dir, "flat.db", 0, true);
        let flat_broken = damage(&flat, "h1001.example.com.", "A", 0);
        fs::write(dir.join("flat-broken.db"), flat_broken).unwrap();
        three_judges(dir, "flat-broken.db", 1, true);
    }
}

/// A P-256 KSK and ZSK.
const P256: KeygenArgs<'static> = &[
    &["-a", "ECDSAP256SHA256", "-f", "KSK"],
    &["-a", "ECDSAP256SHA256"],
];

/// A KSK and a ZSK of each of P-256 and Ed25519, as in an algorithm rollover.
const P256_AND_ED25519: KeygenArgs<'static> = &[
    &["-a", "ECDSAP256SHA256", "-f", "KSK"],
    &["-a", "ECDSAP256SHA256"],
    &["-a", "ED25519", "-f", "KSK"],
    &["-a", "ED25519"],
];

/// Our signzone with jitter: every RRSIG has an expiration of its own, so the judged
/// RRSIGs' fields table has an entry for nearly each one. Then with two algorithms at once
/// (P-256 and Ed25519, as in an algorithm rollover: every RRset signed by both) over NSEC3,
/// where one damaged signature leaves its RRset without a good signature of one algorithm.
#[test]
fn zones_signed_by_ours_with_jitter_and_two_algorithms_are_judged_as_bind_judges_them() {
    if tools([
        "dnssec-keygen",
        "dnssec-verify",
        "named-checkzone",
        "kzonecheck",
    ])
    .is_none()
    {
        return;
    }
    let cases: [(&str, String, KeygenArgs<'static>, &[&str]); 2] = [
        ("jitter", bigger_zone(), P256, &["-j", "3600"]),
        (
            "two algorithms",
            zone_text(),
            P256_AND_ED25519,
            &["-3", "-"],
        ),
    ];
    for (what, zone, keys, flags) in cases {
        let tmp = scratch();
        let dir = tmp.path();
        let flat = keys_and_sign(dir, &zone, keys, ours("signzone"), flags);
        big_enough(dir, "signed.db");
        if what == "jitter" {
            let expirations: std::collections::HashSet<&str> = flat
                .lines()
                .filter_map(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    (f.get(3) == Some(&"RRSIG"))
                        .then(|| f.get(8).copied())
                        .flatten()
                })
                .collect();
            assert!(
                expirations.len() > 1_000,
                "jitter: {} expirations",
                expirations.len()
            );
        }
        three_judges(dir, "signed.db", 0, true);
        three_judges(dir, "flat.db", 0, true);
        // One of the two signatures of h777's TXT (one per algorithm, or the only ZSK's).
        let broken = damage(&flat, "h777.example.com.", "TXT", 0);
        fs::write(dir.join("broken.db"), broken).unwrap();
        three_judges(dir, "broken.db", 1, true);
    }
}

/// Moves the lines `pick` chooses to just after the last line at `after` (or to the end of
/// the file when `after` is None).
fn relocate(flat: &str, pick: impl Fn(&[&str]) -> bool, after: Option<&str>) -> String {
    let (moved, kept): (Vec<&str>, Vec<&str>) = flat.lines().partition(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        pick(&f)
    });
    assert!(!moved.is_empty(), "nothing to move");
    let at = match after {
        Some(owner) => {
            1 + kept
                .iter()
                .rposition(|l| l.split_whitespace().next() == Some(owner))
                .expect("the owner to move after")
        }
        None => kept.len(),
    };
    let mut out: Vec<&str> = kept[..at].to_vec();
    out.extend(&moved);
    out.extend(&kept[at..]);
    out.join("\n") + "\n"
}

/// The apex written in two places: its NSEC and the NSEC's RRSIG after the first delegation
/// (still in the file's head, so the head does not give the keys), or at the end of the file
/// (the parts are judged, then the zone is loaded again), and one of its DNSKEYs at the end
/// (the head's key set is short of a key that signs). Ours must never judge wrongly: it
/// gives BIND's verdict from a plain load, as is and damaged, with BIND's warning where the
/// apex NSEC comes after the other names' (`addnode: NSEC node already exists`).
#[test]
fn an_apex_in_two_places_is_loaded_again_and_gets_binds_verdict() {
    if tools([
        "dnssec-keygen",
        "dnssec-signzone",
        "dnssec-verify",
        "named-checkzone",
    ])
    .is_none()
    {
        return;
    }
    if tools(["kzonecheck"]).is_none() {
        return;
    }
    let tmp = scratch();
    let dir = tmp.path();
    let flat = keys_and_sign(dir, &bigger_zone(), P256, "dnssec-signzone", &[]);
    big_enough(dir, "flat.db");
    three_judges(dir, "flat.db", 0, true);

    let apex = "example.com.";
    let apex_nsec = |f: &[&str]| {
        f.first() == Some(&apex) && (f.get(3) == Some(&"NSEC") || f.get(4) == Some(&"NSEC"))
    };
    let zsk_dnskey =
        |f: &[&str]| f.first() == Some(&apex) && f.get(3) == Some(&"DNSKEY") && f[4] == "256";
    let near = relocate(&flat, apex_nsec, Some("ns.d0.example.com."));
    let far = relocate(&flat, apex_nsec, None);
    let key_far = relocate(&flat, zsk_dnskey, None);
    let far_broken = damage(&far, "h777.example.com.", "TXT", 0);
    let key_far_broken = damage(&key_far, "h1001.example.com.", "A", 0);
    for (file, text, code) in [
        ("apex-near.db", near, 0),
        ("apex-far.db", far, 0),
        ("key-far.db", key_far, 0),
        ("apex-far-broken.db", far_broken, 1),
        ("key-far-broken.db", key_far_broken, 1),
    ] {
        fs::write(dir.join(file), text).unwrap();
        let o = three_judges(dir, file, code, false);
        // BIND's tree of NSEC owners already has a node for the apex when its NSEC comes
        // after those of the names below it (zone/nsec_tree.rs); three_judges compared the
        // whole stderr, this says which files have the line.
        assert_eq!(
            o.stderr
                .contains("dnssec-verify: warning: addnode: NSEC node already exists\n"),
            file.starts_with("apex-far"),
            "{file}: {o:?}"
        );
    }
}
