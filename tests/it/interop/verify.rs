//! verify against BIND: zones signed at test time by dnssec-signzone (NSEC, NSEC3 variants,
//! opt-out, KSK/ZSK and CSK, algorithms 8/13/15, -x/-z) must verify with ours exactly as with
//! dnssec-verify (same exit code, stdout and stderr), and broken variants (docs/bind-compat.md,
//! "testing against BIND" scenario 11 and more) must be refused with BIND's exit code and first
//! message, except where our man page documents a stricter rule.

use crate::support;

use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tools, Run};

/// Secure and insecure delegations, glue, occluded data below a cut, a wildcard, empty
/// non-terminals and mixed-case owners.
const ZONE: &str = "$TTL 300
@ IN SOA ns1 hostmaster 1 3600 900 604800 300
@ NS ns1
@ NS ns.Sub
@ MX 10 Mail
ns1 A 192.0.2.1
www A 192.0.2.2
WWW2 A 192.0.2.3
Mail A 192.0.2.4
mail AAAA 2001:db8::4
*.wild TXT \"wildcard\"
a.b.c.ent A 192.0.2.5
x.y.ent TXT \"ent\"
Sub NS ns.sub
ns.sub A 192.0.2.9
deep.ns.sub A 192.0.2.10
txt.sub TXT \"occluded\"
sec NS ns1.example.com.
sec DS 12345 13 2 2BB183AF5F22588179A53B0A98631FAD1A292118F0B7E27E1F8EEF5D0C1F1E10
insecure NS ns.elsewhere.net.
";

const BIND: [&str; 4] = [
    "dnssec-keygen",
    "dnssec-signzone",
    "dnssec-verify",
    "named-checkzone",
];

/// Writes the zone as example.com.db and makes keys: (algorithm, extra keygen args).
fn setup(dir: &Path, keys: &[(&str, &[&str])]) {
    fs::write(dir.join("example.com.db"), ZONE).unwrap();
    for (alg, extra) in keys {
        let mut args = vec!["-q", "-a", alg];
        if *alg == "RSASHA256" {
            args.extend(["-b", "2048"]);
        }
        args.extend(extra.iter());
        args.push("example.com");
        run_in(dir, "dnssec-keygen", &args).ok();
    }
}

fn sign(dir: &Path, out: &str, extra: &[&str]) {
    let mut args = vec!["-S", "-o", "example.com", "-f", out];
    args.extend(extra.iter());
    args.push("example.com.db");
    run_in(dir, "dnssec-signzone", &args).ok();
}

/// Both verifiers on `file` with `flags`; program names are made equal for comparison.
fn both(dir: &Path, file: &str, flags: &[&str]) -> (Run, Run) {
    let mut args: Vec<&str> = flags.to_vec();
    args.extend(["-o", "example.com", file]);
    let mut o = run_in(dir, ours("verify"), &args);
    let b = run_in(dir, "dnssec-verify", &args);
    o.stderr = o.stderr.replace("verify: ", "dnssec-verify: ");
    (o, b)
}

fn assert_same(dir: &Path, file: &str, flags: &[&str]) {
    let (o, b) = both(dir, file, flags);
    assert_eq!(
        (o.code, &o.stdout, &o.stderr),
        (b.code, &b.stdout, &b.stderr),
        "{file} {flags:?}\nours: {o:?}\nBIND: {b:?}"
    );
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// The signed zone one record per line (named-checkzone -D), for surgical damage.
fn flat(dir: &Path, signed: &str, out: &str) -> String {
    run_in(
        dir,
        "named-checkzone",
        &["-q", "-D", "-o", out, "example.com", signed],
    )
    .ok();
    fs::read_to_string(dir.join(out)).unwrap()
}

/// A signing case: name, keys (algorithm, keygen flags), signzone flags, verify flag sets.
type Case<'a> = (
    &'a str,
    &'a [KeySpec<'a>],
    &'a [&'a str],
    &'a [&'a [&'a str]],
);
type KeySpec<'a> = (&'a str, &'a [&'a str]);

#[test]
fn bind_signed_zones_verify_identically() {
    if tools(BIND).is_none() {
        return;
    }
    let cases: &[Case] = &[
        (
            "nsec-13",
            &[
                ("ECDSAP256SHA256", &["-f", "KSK"]),
                ("ECDSAP256SHA256", &[]),
            ],
            &[],
            &[&[], &["-z"]],
        ),
        (
            "nsec3-13",
            &[
                ("ECDSAP256SHA256", &["-f", "KSK"]),
                ("ECDSAP256SHA256", &[]),
            ],
            &["-3", "-"],
            &[&[]],
        ),
        (
            "nsec3-salt-13",
            &[
                ("ECDSAP256SHA256", &["-f", "KSK"]),
                ("ECDSAP256SHA256", &[]),
            ],
            &["-3", "AABBCCDD", "-H", "5"],
            &[&[]],
        ),
        (
            "optout-13",
            &[
                ("ECDSAP256SHA256", &["-f", "KSK"]),
                ("ECDSAP256SHA256", &[]),
            ],
            &["-3", "-", "-A"],
            &[&[]],
        ),
        (
            "nsec-8",
            &[("RSASHA256", &["-f", "KSK"]), ("RSASHA256", &[])],
            &[],
            &[&[]],
        ),
        (
            "nsec3-8",
            &[("RSASHA256", &["-f", "KSK"]), ("RSASHA256", &[])],
            &["-3", "-"],
            &[&[]],
        ),
        (
            "csk-15",
            &[("ED25519", &["-f", "KSK"])],
            &["-z"],
            &[&["-z"]],
        ),
        (
            "csk-15-nsec3",
            &[("ED25519", &["-f", "KSK"])],
            &["-z", "-3", "-", "-A"],
            &[&["-z"]],
        ),
        (
            "x-13",
            &[
                ("ECDSAP256SHA256", &["-f", "KSK"]),
                ("ECDSAP256SHA256", &[]),
            ],
            &["-x"],
            &[&[], &["-x"]],
        ),
        (
            "z-13",
            &[
                ("ECDSAP256SHA256", &["-f", "KSK"]),
                ("ECDSAP256SHA256", &[]),
            ],
            &["-z"],
            &[&[], &["-z"]],
        ),
        (
            "two-algorithms",
            &[
                ("RSASHA256", &["-f", "KSK"]),
                ("RSASHA256", &[]),
                ("ECDSAP256SHA256", &["-f", "KSK"]),
                ("ECDSAP256SHA256", &[]),
            ],
            &["-3", "-"],
            &[&[], &["-x"]],
        ),
        (
            "standby-zsk",
            &[
                ("ECDSAP256SHA256", &["-f", "KSK"]),
                ("ECDSAP256SHA256", &[]),
                ("ECDSAP256SHA256", &["-P", "now", "-A", "now+1y"]),
            ],
            &[],
            &[&[], &["-x"]],
        ),
    ];
    for (name, keys, sign_flags, verify_flags) in cases {
        let dir = scratch();
        setup(dir.path(), keys);
        let out = format!("{name}.signed");
        sign(dir.path(), &out, sign_flags);
        for flags in *verify_flags {
            let (o, _) = both(dir.path(), &out, flags);
            assert_eq!(o.code, 0, "{name} {flags:?}: {o:?}");
            assert!(o.stdout.contains("Zone fully signed:\n"), "{name}: {o:?}");
            assert_same(dir.path(), &out, flags);
        }
        if name.starts_with("csk") {
            // Without -z a lone KSK lacks a ZSK: both tools must say so the same way.
            let (o, _) = both(dir.path(), &out, &[]);
            assert_eq!(o.code, 1, "{o:?}");
            assert_eq!(o.stderr, "Missing ZSK for algorithm ED25519\n");
            assert_same(dir.path(), &out, &[]);
        }
    }
}

/// A signed NSEC (and NSEC3) zone in a fresh directory, with its flat forms.
struct Signed {
    dir: tempfile::TempDir,
    nsec: String,
    nsec3: String,
}

fn signed_pair() -> Signed {
    let dir = scratch();
    setup(
        dir.path(),
        &[
            ("ECDSAP256SHA256", &["-f", "KSK"]),
            ("ECDSAP256SHA256", &[]),
        ],
    );
    sign(dir.path(), "n.signed", &[]);
    sign(dir.path(), "n3.signed", &["-3", "-"]);
    let nsec = flat(dir.path(), "n.signed", "n.flat");
    let nsec3 = flat(dir.path(), "n3.signed", "n3.flat");
    Signed { dir, nsec, nsec3 }
}

/// Writes `text` as `file` and checks that both tools refuse it with the same exit code,
/// stdout and first stderr line; returns our run.
fn refused_like_bind(dir: &Path, file: &str, text: &str) -> Run {
    fs::write(dir.join(file), text).unwrap();
    let (o, b) = both(dir, file, &[]);
    assert_eq!(o.code, 1, "{file}: {o:?}");
    assert_eq!(o.code, b.code, "{file}\nours: {o:?}\nBIND: {b:?}");
    assert_eq!(o.stdout, b.stdout, "{file}");
    assert_eq!(first_line(&o.stderr), first_line(&b.stderr), "{file}");
    assert_eq!(o.stderr, b.stderr, "{file}");
    o
}

fn edit(text: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if let Some(l) = f(line) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

#[test]
fn broken_zones_are_refused_as_bind_refuses_them() {
    if tools(BIND).is_none() {
        return;
    }
    let s = signed_pair();
    let dir = s.dir.path();

    let tampered = edit(&s.nsec, |l| Some(l.replace("\t192.0.2.2", "\t192.0.2.99")));
    let o = refused_like_bind(dir, "tam.db", &tampered);
    assert_eq!(
        first_line(&o.stderr),
        "No correct ECDSAP256SHA256 signature for www.example.com A"
    );
    // -v 1 adds why the signature did not count.
    let why = run_in(
        dir,
        ours("verify"),
        &["-v", "1", "-o", "example.com", "tam.db"],
    );
    assert_eq!(
        why.stderr,
        "No correct ECDSAP256SHA256 signature for www.example.com A\n    (RRSIG failed to verify)\n"
    );

    let no_nsec = edit(&s.nsec, |l| {
        (!(l.starts_with("Mail.example.com.") && l.contains("IN NSEC\t"))).then(|| l.to_string())
    });
    let o = refused_like_bind(dir, "nonsec.db", &no_nsec);
    assert_eq!(
        first_line(&o.stderr),
        "Missing NSEC record for Mail.example.com"
    );

    let added = format!("{}zzz.example.com. 300 IN A 192.0.2.77\n", s.nsec);
    let o = refused_like_bind(dir, "uns.db", &added);
    assert!(
        o.stderr.contains("No signatures for zzz.example.com/A\n"),
        "{o:?}"
    );

    let o = refused_like_bind(dir, "plain.db", ZONE);
    assert_eq!(o.stderr, "Zone contains no DNSSEC keys\n");

    let ttl = edit(&s.nsec, |l| {
        Some(
            if l.starts_with("www.example.com.") && l.contains("RRSIG\tA ") {
                l.replacen(" 3 300 ", " 3 301 ", 1)
            } else {
                l.to_string()
            },
        )
    });
    let o = refused_like_bind(dir, "ttl.db", &ttl);
    assert!(
        o.stderr
            .starts_with("TTL mismatch for www.example.com A keytag "),
        "{o:?}"
    );

    let unsigned_soa = edit(&s.nsec, |l| {
        (!l.contains("RRSIG\tSOA ")).then(|| l.to_string())
    });
    let o = refused_like_bind(dir, "nosoasig.db", &unsigned_soa);
    assert_eq!(o.stderr, "SOA is not signed (keys offline or inactive?)\n");

    // NSEC3: one record's next hashed owner replaced; its signature breaks too.
    let mut done = false;
    let broken3 = edit(&s.nsec3, |l| {
        if !done && l.contains("IN NSEC3\t") {
            done = true;
            let cut = l.len() - 32;
            return Some(format!("{}{}", &l[..cut], "0".repeat(32)));
        }
        Some(l.to_string())
    });
    let o = refused_like_bind(dir, "n3brk.db", &broken3);
    assert!(o.stderr.contains("Break in NSEC3 chain at: "), "{o:?}");

    let no_nsec3_sigs = edit(&s.nsec3, |l| {
        (!l.contains("RRSIG\tNSEC3 ")).then(|| l.to_string())
    });
    let o = refused_like_bind(dir, "n3unsig.db", &no_nsec3_sigs);
    assert!(
        first_line(&o.stderr).starts_with("No signatures for "),
        "{o:?}"
    );
    assert!(first_line(&o.stderr).ends_with("/NSEC3"), "{o:?}");
}

#[test]
fn expired_zone_is_refused_and_passes_at_an_earlier_time() {
    if tools(BIND).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    setup(
        dir,
        &[
            ("ECDSAP256SHA256", &["-f", "KSK"]),
            ("ECDSAP256SHA256", &[]),
        ],
    );
    sign(
        dir,
        "exp.signed",
        &["-P", "-s", "20200101000000", "-e", "20200201000000"],
    );
    let (o, b) = both(dir, "exp.signed", &[]);
    assert_eq!(
        (o.code, &o.stdout, &o.stderr),
        (b.code, &b.stdout, &b.stderr)
    );
    // -q: nothing on stdout, the same stderr as BIND.
    let (q, bq) = both(dir, "exp.signed", &["-q"]);
    assert_eq!(
        (q.code, &q.stdout, &q.stderr),
        (bq.code, &bq.stdout, &bq.stderr)
    );
    assert!(q.stdout.is_empty() && !q.stderr.is_empty());
    assert_eq!(
        o.stderr,
        "dnssec-verify: warning: exp.signed:10: signature has expired\nNo self-signed KSK DNSKEY found\n"
    );
    // Our -T: the same zone, checked as of a time inside its validity period.
    let at = run_in(
        dir,
        ours("verify"),
        &["-T", "20200115", "-o", "example.com", "exp.signed"],
    );
    assert_eq!(at.code, 0, "{at:?}");
    assert!(at.stdout.contains("Zone fully signed:"), "{at:?}");
    // ... and with -v the reason is given.
    let why = run_in(
        dir,
        ours("verify"),
        &["-v", "1", "-o", "example.com", "exp.signed"],
    );
    assert!(why.stderr.contains("signature has expired"), "{why:?}");
}

#[test]
fn stricter_than_bind_where_the_man_page_says_so() {
    if tools(BIND).is_none() {
        return;
    }
    let s = signed_pair();
    let dir = s.dir.path();
    // Glue that carries an RRSIG (copied from an authoritative A RRset): BIND says nothing.
    let sig = s
        .nsec
        .lines()
        .find(|l| l.starts_with("ns1.example.com.") && l.contains("RRSIG\tA "))
        .unwrap()
        .replacen("ns1.example.com.", "ns.sub.example.com.", 1);
    fs::write(dir.join("sglue.db"), format!("{}{sig}\n", s.nsec)).unwrap();
    let (o, b) = both(dir, "sglue.db", &[]);
    assert_eq!(
        b.code, 0,
        "BIND accepted signed glue when this test was written: {b:?}"
    );
    assert_eq!(o.code, 1);
    // The name is written as BIND's database names the node: "Sub" was read first.
    assert_eq!(
        o.stderr,
        "Found unexpected signatures for ns.Sub.example.com/A\n"
    );
    assert!(o
        .stdout
        .ends_with("DNSSEC completeness test failed (failure).\n"));
}

/// A published but inactive key of a second algorithm signs nothing (RFC 4035 section 2.2
/// wants every algorithm of the DNSKEY RRset to sign). BIND's dnssec-verify and Knot's
/// kzonecheck both accept the zone, so ours does too (issue #11: a zone both call correct
/// passes), with the same report and a warning naming the algorithm.
#[test]
fn an_algorithm_that_signs_nothing_is_a_warning() {
    let Some([knot]) = tools(["kzonecheck"]) else {
        return;
    };
    if tools(BIND).is_none() {
        return;
    }
    let dir2 = scratch();
    let d2 = dir2.path();
    setup(
        d2,
        &[
            ("ECDSAP256SHA256", &["-f", "KSK"]),
            ("ECDSAP256SHA256", &[]),
            ("RSASHA256", &["-P", "now-2d", "-I", "now-1d"]),
        ],
    );
    sign(d2, "ma.signed", &[]);
    let (o, b) = both(d2, "ma.signed", &[]);
    assert_eq!(b.code, 0, "{b:?}");
    let k = run_in(d2, knot, &["-o", "example.com", "-d", "on", "ma.signed"]);
    assert_eq!(k.code, 0, "{k:?}");
    assert_eq!((o.code, &o.stdout), (0, &b.stdout), "{o:?}");
    assert_eq!(
        o.stderr,
        "dnssec-verify: warning: RSASHA256 keys in the DNSKEY RRset sign nothing (no \
         self-signed KSK); RFC 4035 section 2.2 wants every algorithm there to sign the zone\n"
    );
}

#[test]
fn ldns_verify_zone_agrees_on_the_verdicts() {
    if tools(BIND).is_none() || tools(["ldns-verify-zone"]).is_none() {
        return;
    }
    let s = signed_pair();
    let dir = s.dir.path();
    let glue_sig = s
        .nsec
        .lines()
        .find(|l| l.starts_with("ns1.example.com.") && l.contains("RRSIG\tA "))
        .unwrap()
        .to_string();
    let variants = [
        ("good.db", s.nsec.clone(), true),
        ("good3.db", s.nsec3.clone(), true),
        (
            "tam.db",
            edit(&s.nsec, |l| Some(l.replace("\t192.0.2.2", "\t192.0.2.99"))),
            false,
        ),
        (
            "added.db",
            format!("{}zzz.example.com. 300 IN A 192.0.2.77\n", s.nsec),
            false,
        ),
        (
            // Signed glue: BIND accepts it, ldns and we do not.
            "sglue.db",
            format!(
                "{}{}\n",
                s.nsec,
                glue_sig.replacen("ns1.example.com.", "ns.sub.example.com.", 1)
            ),
            false,
        ),
        (
            // Signed occluded data below the cut.
            "socc.db",
            format!(
                "{}{}\n",
                s.nsec,
                glue_sig.replacen("ns1.example.com.", "deep.ns.sub.example.com.", 1)
            ),
            false,
        ),
    ];
    for (file, text, good) in variants {
        fs::write(dir.join(file), text).unwrap();
        let ldns = run_in(dir, "ldns-verify-zone", &[file]);
        let o = run_in(dir, ours("verify"), &["-o", "example.com", file]);
        assert_eq!(ldns.code == 0, good, "ldns on {file}: {ldns:?}");
        assert_eq!(o.code == 0, good, "ours on {file}: {o:?}");
    }
}

#[test]
fn revoked_ksk_is_counted_and_must_sign_the_keys() {
    if tools(BIND).is_none() {
        return;
    }
    let dir = scratch();
    let d = dir.path();
    setup(
        d,
        &[
            ("ECDSAP256SHA256", &["-f", "KSK"]),
            ("ECDSAP256SHA256", &[]),
            (
                "ECDSAP256SHA256",
                &["-f", "KSK", "-P", "now-1d", "-A", "now-1d", "-R", "now-1h"],
            ),
        ],
    );
    sign(d, "r.signed", &[]);
    let (o, _) = both(d, "r.signed", &[]);
    assert!(
        o.stdout.contains("KSKs: 1 active, 0 stand-by, 1 revoked"),
        "{o:?}"
    );
    assert_same(d, "r.signed", &[]);
    // Drop the revoked key's own signature over the DNSKEY RRset.
    let text = flat(d, "r.signed", "r.flat");
    let revoked = text
        .lines()
        .find(|l| l.contains("IN DNSKEY\t385 "))
        .expect("a revoked DNSKEY");
    let rdata = revoked.split("DNSKEY\t").nth(1).unwrap();
    let sigs: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("RRSIG\tDNSKEY "))
        .collect();
    assert_eq!(sigs.len(), 3, "{sigs:?}");
    // Remove each DNSKEY RRSIG in turn: both tools must agree every time, and removing the
    // revoked key's own one must give BIND's message with the key in presentation form.
    let mut found = false;
    for sig in sigs {
        let without = edit(&text, |l| (l != sig).then(|| l.to_string()));
        fs::write(d.join("rn.db"), &without).unwrap();
        let (o, b) = both(d, "rn.db", &[]);
        assert_eq!(
            (o.code, &o.stdout, &o.stderr),
            (b.code, &b.stdout, &b.stderr)
        );
        if o.stderr.starts_with("revoked KSK is not self signed:\n") {
            found = true;
            assert_eq!(o.code, 1);
            assert_eq!(
                o.stderr,
                format!("revoked KSK is not self signed:\nexample.com DNSKEY {rdata}\n")
            );
        }
    }
    assert!(found, "no RRSIG removal made the revoked KSK unsigned");
}

/// A zone big enough that verify takes its many-signature path for P-256 (per-key tables,
/// s inverses shared by a batch of names): it must agree with dnssec-verify on the valid
/// zone and on damage deep inside it, in whichever batch the damage falls.
#[test]
fn many_signature_path_agrees_with_bind() {
    if tools(BIND).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    let mut zone = String::from(
        "$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 604800 300\n@ NS ns1\nns1 A 192.0.2.1\n",
    );
    for i in 0..1500 {
        zone.push_str(&format!("h{i} A 10.0.{}.{}\n", i / 256, i % 256));
    }
    fs::write(dir.join("example.com.db"), zone).unwrap();
    for extra in [&["-f", "KSK"][..], &[][..]] {
        let mut args = vec!["-q", "-a", "ECDSAP256SHA256"];
        args.extend(extra);
        args.push("example.com");
        run_in(dir, "dnssec-keygen", &args).ok();
    }
    sign(dir, "big.signed", &[]);
    assert_same(dir, "big.signed", &[]);
    let flat_text = flat(dir, "big.signed", "big.flat");

    // Tampered data at several depths: the first batch, the middle and the last.
    for host in ["h1.", "h777.", "h1499."] {
        let damaged = edit(&flat_text, |l| {
            if l.starts_with(host) && l.contains(" IN A\t") {
                l.rsplit_once('\t')
                    .map(|(head, _)| format!("{head}\t192.0.2.77"))
            } else {
                Some(l.to_string())
            }
        });
        assert!(damaged != flat_text, "{host} was not damaged");
        let o = refused_like_bind(dir, "tampered.db", &damaged);
        assert!(
            o.stderr.contains(&format!("{host}example.com A")),
            "{host}: {}",
            o.stderr
        );
    }

    // A genuine signature moved onto other data: two hosts swap their A RRSIGs' signature
    // fields (every other field stays), so both must fail.
    let sig_of = |host: &str| -> String {
        flat_text
            .lines()
            .find(|l| l.starts_with(host) && l.contains(" IN RRSIG\tA "))
            .and_then(|l| l.split_once(" example.com. "))
            .map(|(_, signature)| signature.to_string())
            .unwrap()
    };
    let (a, b) = (sig_of("h10."), sig_of("h1200."));
    let swapped = edit(&flat_text, |l| {
        Some(if l.starts_with("h10.") && l.contains(" IN RRSIG\tA ") {
            l.replace(&a, &b)
        } else if l.starts_with("h1200.") && l.contains(" IN RRSIG\tA ") {
            l.replace(&b, &a)
        } else {
            l.to_string()
        })
    });
    assert!(swapped != flat_text, "nothing was swapped");
    let o = refused_like_bind(dir, "swapped.db", &swapped);
    assert!(o.stderr.contains("h10.example.com A"), "{}", o.stderr);
}

/// The RFC 4034 Appendix B sum of a DNSKEY rdata whose flags field is zero: the key tag of
/// that rdata with flags `f` is `fold(sum + f)`.
fn tag_sum_without_flags(algorithm: u8, public_key: &[u8]) -> u32 {
    let rdata = [&[0, 0, 3, algorithm][..], public_key].concat();
    rdata
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if i % 2 == 0 {
                u32::from(b) << 8
            } else {
                u32::from(b)
            }
        })
        .sum()
}

fn fold_tag(sum: u32) -> u16 {
    (sum.wrapping_add(sum >> 16) & 0xffff) as u16
}

/// DNSKEY flags for decoy keys: ZONE (RFC 4034 section 2.1.1) plus any of the bits that
/// are unassigned today and that BIND gives no old meaning to (not REVOKE, SEP, the
/// RFC 2535 owner, type and extended-flags bits), so that a real key pair can be given any
/// key tag we want.
fn decoy_flags() -> Vec<u16> {
    let free = [
        0x8000u16, 0x2000, 0x0800, 0x0400, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02,
    ];
    (0u32..1 << free.len())
        .map(|pick| {
            free.iter()
                .enumerate()
                .filter(|(i, _)| pick & (1 << i) != 0)
                .fold(0x0100u16, |f, (_, bit)| f | bit)
        })
        .collect()
}

/// A hostile zone: 100 extra P-256 DNSKEYs (real key pairs, crafted flags) share the
/// signing key's tag, and 260 RRsets carry signatures that fail, so every key is tried on
/// each of them (RFC 4035 section 5.3.1 matches keys by tag). A key earns its multiples
/// table by verifying, not by being tried, and tables are few: verify must stay within a
/// small address-space limit and a few seconds, and judge the zone exactly as dnssec-verify.
#[test]
fn many_keys_sharing_a_tag_stay_cheap_and_agree_with_bind() {
    use base64::Engine as _;
    use dnssec_core::crypto::PrivateKey;
    use dnssec_core::Algorithm;
    if tools(BIND).is_none() {
        return;
    }
    let dir = scratch();
    let dir = dir.path();
    let keyname = run_in(
        dir,
        "dnssec-keygen",
        &["-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "example.com"],
    )
    .ok()
    .stdout;
    let tag: u16 = keyname.trim().rsplit('+').next().unwrap().parse().unwrap();

    let flags = decoy_flags();
    let mut decoys = String::new();
    let mut made = 0;
    let mut tries = 0;
    while made < 100 {
        tries += 1;
        assert!(tries < 100_000, "no decoys found for tag {tag}");
        let key = PrivateKey::generate(Algorithm(13), None).unwrap();
        let public = key.public_key();
        let sum = tag_sum_without_flags(13, &public);
        if let Some(f) = flags.iter().find(|&&f| fold_tag(sum + u32::from(f)) == tag) {
            let b64 = base64::engine::general_purpose::STANDARD.encode(&public);
            decoys.push_str(&format!("@ DNSKEY {f} 3 13 {b64}\n"));
            made += 1;
        }
    }
    let mut zone = String::from(
        "$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 604800 300\n@ NS ns1\nns1 A 192.0.2.1\n",
    );
    // The signing key's own DNSKEY goes in by hand: dnssec-signzone -S knows keys by tag, so
    // with the decoys present it would take one of them for it and publish nothing.
    let own = fs::read_to_string(dir.join(format!("{}.key", keyname.trim()))).unwrap();
    let own = own.lines().find(|l| l.contains(" DNSKEY ")).unwrap();
    zone.push_str(own);
    zone.push('\n');
    zone.push_str(&decoys);
    for i in 0..300 {
        zone.push_str(&format!("h{i} A 10.0.{}.{}\n", i / 256, i % 256));
    }
    fs::write(dir.join("example.com.db"), zone).unwrap();
    sign(dir, "z.signed", &["-z"]);
    let flat_text = flat(dir, "z.signed", "z.flat");
    let tagged = flat_text
        .lines()
        .filter(|l| l.contains(" IN DNSKEY\t") && l.contains(" 3 13 "))
        .count();
    assert_eq!(
        tagged, 101,
        "the decoys and the signing key are in the zone"
    );
    assert_same(dir, "z.signed", &[]);

    // 260 hosts get other data under their genuine RRSIGs.
    let damaged = edit(&flat_text, |l| {
        let host: Option<u32> = l
            .strip_prefix('h')
            .and_then(|rest| rest.split_once('.'))
            .and_then(|(n, _)| n.parse().ok());
        match host {
            Some(n) if n < 260 && l.contains(" IN A\t") => l
                .rsplit_once('\t')
                .map(|(head, _)| format!("{head}\t192.0.2.77")),
            _ => Some(l.to_string()),
        }
    });
    assert_eq!(
        damaged.matches("\t192.0.2.77").count(),
        260,
        "260 hosts were damaged"
    );
    let o = refused_like_bind(dir, "hostile.db", &damaged);
    assert!(o.stderr.contains("h259.example.com A"), "{}", o.stderr);

    // The same run under a 128 MiB address-space limit and a time limit. It needs under
    // 40 MiB; when every key tried 256 times built its 1.5 MiB table, this zone took about
    // 170 MiB (and 200 decoys 320 MiB, failing under a 400 MiB limit). One malloc arena:
    // glibc reserves 64 MiB of address space for each thread's arena and, refused that,
    // retries on every allocation (40 s of system time here), which is not what is measured.
    let started = std::time::Instant::now();
    let verify = ours("verify");
    let limited = run_in(
        dir,
        "bash",
        &[
            "-c",
            "export MALLOC_ARENA_MAX=1 && ulimit -v 131072 && exec timeout 30 \"$0\" -o example.com hostile.db",
            verify.to_str().unwrap(),
        ],
    );
    let elapsed = started.elapsed();
    assert_eq!(
        (limited.code, &limited.stdout),
        (o.code, &o.stdout),
        "under the limit: {limited:?}"
    );
    assert_eq!(
        limited.stderr,
        o.stderr.replace("dnssec-verify: ", "verify: ")
    );
    assert!(elapsed.as_secs() < 20, "verify took {elapsed:?}");
}

/// docs/bind-compat.md, "verify: keys off their curve": an ECDSA DNSKEY that is no point of
/// its curve (the last octet of y flipped), P-256 or P-384, KSK, ZSK or revoked, the only key
/// of its algorithm or beside good ones. dnssec-signzone refuses to sign such a zone, so
/// ldns-signzone signs it with the good keys (its DNSKEY RRset signatures cover the broken
/// key). dnssec-verify warns `EVP_PKEY_fromdata failed (crypto failure)` each time it tries
/// to make the key, leaves it out and judges the zone on the others, and says nothing more
/// of an algorithm whose only key it is: ours prints the same stdout and stderr, whole, with
/// the same exit status, with and without -x.
#[test]
fn an_off_curve_ecdsa_key_is_warned_about_and_left_out_as_bind_does() {
    use base64::Engine as _;
    let Some([keygen, _verify, ldns_signzone]) =
        tools(["dnssec-keygen", "dnssec-verify", "ldns-signzone"])
    else {
        return;
    };
    let dir = scratch();
    let dir = dir.path();
    let keys = dir.join("keys");
    fs::create_dir(&keys).unwrap();
    let keygen_in = |alg: &str, ksk: bool| {
        let mut args = vec!["-q", "-a", alg];
        if ksk {
            args.extend(["-f", "KSK"]);
        }
        args.push("example.com");
        support::keys::bind_keygen(&keygen, dir, &args)
    };
    let (zsk, ksk) = (keygen_in("13", false), keygen_in("13", true));
    let (zsk384, ksk384) = (keygen_in("14", false), keygen_in("14", true));
    // A key's DNSKEY line with its point moved off the curve and the flags given.
    let broken = |alg: &str, flags: u16| {
        let k = support::keys::bind_keygen(&keygen, &keys, &["-q", "-a", alg, "example.com"]);
        let mut key = dnssec_core::key::Key::load_public_file(&keys.join(format!("{k}.key")))
            .unwrap()
            .dnskey;
        let last = key.public_key.len() - 1;
        key.public_key[last] ^= 1;
        key.flags = flags;
        assert_eq!(
            dnssec_core::key::check_zone_key(&key),
            Err(dnssec_core::key::KeyError::CryptoFailure),
            "the point is off its curve"
        );
        let b64 = base64::engine::general_purpose::STANDARD.encode(&key.public_key);
        format!("@ DNSKEY {flags} 3 {} {b64}\n", key.algorithm.0)
    };
    let (bad_zsk, bad_ksk) = (broken("13", 256), broken("13", 257));
    let (bad_zsk384, bad_ksk384) = (broken("14", 256), broken("14", 257));
    let p256 = vec![zsk.as_str(), ksk.as_str()];
    let p384 = vec![zsk384.as_str(), ksk384.as_str()];
    // (case, broken DNSKEY lines, signing keys, how many warnings from BIND, exit status)
    let cases: Vec<(&str, String, Vec<&str>, usize, i32)> = vec![
        // Beside good keys of its algorithm: a ZSK is tried three times, a KSK twice.
        ("zsk", bad_zsk.clone(), p256.clone(), 3, 0),
        ("both", bad_zsk.clone() + &bad_ksk, p256.clone(), 5, 0),
        ("zsk384-beside", bad_zsk384.clone(), p384.clone(), 3, 0),
        ("ksk384-beside", bad_ksk384.clone(), p384.clone(), 2, 0),
        // The only key of its algorithm: counted as stand-by, nothing else said of it.
        ("zsk384-alone", bad_zsk384.clone(), p256.clone(), 3, 0),
        ("ksk384-alone", bad_ksk384.clone(), p256.clone(), 2, 0),
        (
            "both384-alone",
            bad_zsk384 + &bad_ksk384,
            p256.clone(),
            5,
            0,
        ),
        ("zsk256-alone", bad_zsk.clone(), p384.clone(), 3, 0),
        ("ksk256-alone", bad_ksk.clone(), p384.clone(), 2, 0),
        // A revoked ZSK is tried once; a revoked KSK must sign the DNSKEY RRset and stops
        // the check.
        ("revoked-zsk", broken("13", 384), p256.clone(), 1, 0),
        ("revoked-ksk", broken("13", 385), p256.clone(), 1, 1),
        // The broken key is the only KSK: nothing self-signs, as without it.
        ("ksk-only", bad_ksk.clone(), vec![&zsk], 1, 1),
        // The only KSK of an algorithm whose ZSK signs: `Missing self-signed KSK`, then the
        // warning BIND prints when it makes the keys again for the RRsets.
        (
            "ksk384-missing",
            bad_ksk384,
            vec![&zsk, &ksk, &zsk384],
            2,
            1,
        ),
    ];
    const WARNING: &str = "dnssec-verify: warning: EVP_PKEY_fromdata failed (crypto failure)";
    for (case, lines, signers, warnings, code) in cases {
        let zone = format!("{}{lines}", &ZONE[..ZONE.find("@ MX").unwrap()]);
        let (unsigned, signed) = (format!("{case}.db"), format!("{case}.signed"));
        fs::write(dir.join(&unsigned), zone).unwrap();
        let mut args = vec!["-o", "example.com", "-f", &signed, &unsigned];
        args.extend(signers.iter().copied());
        run_in(dir, &ldns_signzone, &args).ok();
        for flags in [&[][..], &["-x"]] {
            let (o, b) = both(dir, &signed, flags);
            assert_eq!(
                (o.code, &o.stdout, &o.stderr),
                (b.code, &b.stdout, &b.stderr),
                "{case} {flags:?}\nours: {o:?}\nBIND: {b:?}"
            );
            // -x does not ask for a KSK and a ZSK of each algorithm.
            if flags.is_empty() || case != "ksk384-missing" {
                assert_eq!(b.code, code, "{case} {flags:?}: {b:?}");
            }
            let met = b.stderr.lines().filter(|l| *l == WARNING).count();
            assert_eq!(met, warnings, "{case} {flags:?}: {b:?}");
            assert!(!o.stderr.contains(" sign nothing "), "{case}: {o:?}");
        }
    }
    // A zone big enough to be judged while it loads (docs/bind-compat.md, "verify:
    // memory"): the same lines.
    let mut zone = format!("{}{bad_zsk}{bad_ksk}", &ZONE[..ZONE.find("@ MX").unwrap()]);
    for i in 0..8000 {
        zone.push_str(&format!(
            "d{i} NS ns.d{i}\nns.d{i} A 10.0.{}.{}\n",
            i / 256,
            i % 256
        ));
    }
    fs::write(dir.join("big.db"), zone).unwrap();
    let args = [
        "-o",
        "example.com",
        "-f",
        "big.signed",
        "big.db",
        &zsk,
        &ksk,
    ];
    run_in(dir, &ldns_signzone, &args).ok();
    assert!(fs::metadata(dir.join("big.signed")).unwrap().len() > 1 << 20);
    let (o, b) = both(dir, "big.signed", &[]);
    assert_eq!(
        (o.code, &o.stdout, &o.stderr),
        (b.code, &b.stdout, &b.stderr),
        "big\nours: {o:?}\nBIND: {b:?}"
    );
    assert_eq!(b.stderr.lines().filter(|l| *l == WARNING).count(), 5);
    let o = run_in(
        dir,
        ours("verify"),
        &["-v", "2", "-o", "example.com", "big.signed"],
    );
    assert!(
        o.stderr.contains(" signatures checked while loading)")
            && !o.stderr.contains("; 0 signatures checked while loading)"),
        "{o:?}"
    );

    // -v names the key.
    let o = run_in(
        dir,
        ours("verify"),
        &["-v", "1", "-o", "example.com", "both.signed"],
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        o.stderr.matches("is no point of its curve").count(),
        2,
        "{o:?}"
    );
}

/// With -z an algorithm whose ZSK signs the SOA is active without a KSK of its own, and
/// dnssec-verify then wants its signature over the DNSKEY RRset like any other RRset's: a
/// zone whose P-384 ZSK signs everything but the DNSKEY RRset fails with -z only.
#[test]
fn with_z_every_active_algorithm_must_sign_the_dnskey_rrset() {
    if tools(BIND).is_none() {
        return;
    }
    let tmp = scratch();
    let dir = tmp.path();
    setup(
        dir,
        &[
            ("ECDSAP256SHA256", &["-f", "KSK"]),
            ("ECDSAP256SHA256", &[]),
            ("ECDSAP384SHA384", &[]),
        ],
    );
    // -P: BIND's own check would refuse the zone (no P-384 KSK).
    sign(dir, "s.db", &["-P"]);
    let whole = flat(dir, "s.db", "whole.db");
    let mut dropped = 0;
    let without = edit(&whole, |l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        let hit = f.len() > 5 && f[3] == "RRSIG" && f[4] == "DNSKEY" && f[5] == "14";
        dropped += usize::from(hit);
        (!hit).then(|| l.to_string())
    });
    assert_eq!(dropped, 1, "the P-384 signature over the DNSKEY RRset");
    fs::write(dir.join("without.db"), &without).unwrap();
    for file in ["whole.db", "without.db"] {
        for flags in [&[][..], &["-z"], &["-x"]] {
            assert_same(dir, file, flags);
        }
    }
    let (o, _) = both(dir, "without.db", &["-z"]);
    assert_eq!(o.code, 1, "{o:?}");
    assert_eq!(
        first_line(&o.stderr),
        "No correct ECDSAP384SHA384 signature for example.com DNSKEY"
    );
    let (o, _) = both(dir, "whole.db", &["-z"]);
    assert_eq!(o.code, 0, "{o:?}");
}
