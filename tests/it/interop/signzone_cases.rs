//! The signzone cases of issue #11, each run through BIND's dnssec-signzone 9.18 and ours on
//! the same zone and keys (docs/bind-compat.md, "signzone: options", "signzone: re-signing",
//! "signzone: NSEC and NSEC3 chains", "signzone: dsset and keyset files", "signzone: smart
//! signing (-S)"): exit code, standard output and standard error are compared line for line
//! (program and output names aside), the signed text byte for byte after its two header lines
//! (Ed25519 signatures are deterministic and the times are fixed with -s/-e, so nothing needs
//! blinding), and each zone that is written passes BIND's dnssec-verify and Knot's kzonecheck.

use crate::support;

use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tool, tools, Run};

/// The zone without keys; the cases add theirs.
const ZONE: &str = "$TTL 3600
@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
@ NS ns1
ns1 A 192.0.2.1
www A 192.0.2.3
sub NS ns.sub
ns.sub A 192.0.2.9
";

/// A child's DNSKEY (any Ed25519 public key will do).
const CHILD_KEY: &str = "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=";

/// Inception a day ago and expiration four years on, as absolute times so that both signers
/// get the very same ones, and far enough apart that no kept signature is due for renewal.
fn window() -> (String, String) {
    let now = chrono::Utc::now();
    let at = |t: chrono::DateTime<chrono::Utc>| t.format("%Y%m%d%H%M%S").to_string();
    (
        at(now - chrono::Duration::days(1)),
        at(now + chrono::Duration::days(4 * 365)),
    )
}

/// A scratch directory with BIND-made Ed25519 keys: a KSK, a ZSK and a second ZSK. Returns
/// the directory and the three key names.
fn keyed_dir() -> Option<(tempfile::TempDir, [String; 3])> {
    let keygen = tool("dnssec-keygen")?;
    let dir = scratch();
    let d = dir.path();
    let make = |args: &[&str]| run_in(d, &keygen, args).ok().stdout.trim().to_string();
    let ksk = make(&["-q", "-a", "ED25519", "-f", "KSK", "example.com"]);
    let zsk = make(&["-q", "-a", "ED25519", "example.com"]);
    let zsk2 = make(&["-q", "-a", "ED25519", "example.com"]);
    Some((dir, [ksk, zsk, zsk2]))
}

/// `ZONE` plus `extra` and an `$INCLUDE` of each key in `keys`, written to `file`.
fn zone_with(d: &Path, file: &str, extra: &str, keys: &[&str]) {
    let mut z = format!("{ZONE}{extra}");
    for k in keys {
        z.push_str(&format!("$INCLUDE {k}.key\n"));
    }
    fs::write(d.join(file), z).unwrap();
}

/// The key tag in a key file name `Kname+alg+tag`.
fn tag_of(key: &str) -> u16 {
    key.rsplit('+')
        .next()
        .and_then(|t| t.parse().ok())
        .expect("a key name")
}

/// True when a line of `text`, whitespace aside, ends with `record` (`TYPE rdata`).
fn has_record(text: &str, record: &str) -> bool {
    text.lines().any(|l| {
        l.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .ends_with(record)
    })
}

/// Both signers' runs of one command line.
struct Both {
    ours: Run,
    bind: Run,
}

/// Runs BIND's signer (one thread) and ours with `args` (options, the zone, key arguments),
/// fixed times, `-o example.com` and `-f b.out` / `-f o.out`. Any output of an earlier run
/// is removed first, so that a refused run cannot pass for a written one.
fn sign(d: &Path, args: &[&str]) -> Option<Both> {
    let signer = tool("dnssec-signzone")?;
    let (s, e) = window();
    let run = |prog: &Path, out: &str, threads: &[&str]| {
        let _ = fs::remove_file(d.join(out));
        let mut full: Vec<&str> = threads.to_vec();
        full.extend(["-s", &s, "-e", &e, "-o", "example.com", "-f", out]);
        full.extend_from_slice(args);
        run_in(d, prog, &full)
    };
    let bind = run(&signer, "b.out", &["-n", "1"]);
    let ours = run(&ours("signzone"), "o.out", &[]);
    Some(Both { ours, bind })
}

/// The lines of a run's stream with the program and output names made alike. The `Fetching
/// … from key repository.` lines follow the order BIND finds the files in its directory
/// (docs/bind-compat.md, "signzone: validity, limits and signals"), so they are sorted among
/// themselves, in place.
fn lines(text: &str, out: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .lines()
        .map(|l| {
            let l = l
                .strip_prefix("dnssec-signzone: ")
                .map_or(l.to_string(), |r| format!("signzone: {r}"));
            if l == out {
                "OUTPUT".to_string()
            } else {
                l
            }
        })
        .collect();
    let repo: Vec<usize> = (0..v.len())
        .filter(|&i| v[i].starts_with("Fetching ") && v[i].ends_with("from key repository."))
        .collect();
    let mut sorted: Vec<String> = repo.iter().map(|&i| v[i].clone()).collect();
    sorted.sort();
    for (i, l) in repo.into_iter().zip(sorted) {
        v[i] = l;
    }
    v
}

/// Asserts the same exit code and the same lines on both streams; returns the exit code.
fn same_messages(what: &str, r: &Both) -> i32 {
    assert_eq!(
        r.ours.code, r.bind.code,
        "{what}: exit codes\nours: {:?}\nBIND: {:?}",
        r.ours, r.bind
    );
    assert_eq!(
        lines(&r.ours.stdout, "o.out"),
        lines(&r.bind.stdout, "b.out"),
        "{what}: standard output"
    );
    assert_eq!(
        lines(&r.ours.stderr, "o.out"),
        lines(&r.bind.stderr, "b.out"),
        "{what}: standard error"
    );
    r.bind.code
}

/// The signed text after its two `;` header lines.
fn body(d: &Path, file: &str) -> String {
    let text = fs::read_to_string(d.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert!(text.starts_with("; File written on "), "{file}");
    text.splitn(3, '\n').nth(2).unwrap_or_default().to_string()
}

/// Asserts both signers wrote the same text, and that BIND's verifier and Knot's checker
/// judge ours as they judge BIND's: both accept it unless `-P` wrote a zone that fails
/// verification on purpose, and kzonecheck accepts it when `kzone_ok`.
fn same_zone(what: &str, d: &Path, flags: &[&str], kzone_ok: bool) {
    let unchecked = flags.contains(&"-P");
    let (o, b) = (body(d, "o.out"), body(d, "b.out"));
    assert!(o.len() > 500, "{what}: output too short");
    if o != b {
        let at = o
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        fn show(t: &str, at: usize) -> Vec<&str> {
            t.lines().skip(at.saturating_sub(2)).take(6).collect()
        }
        panic!(
            "{what}: text differs at line {}\nours: {:#?}\nBIND: {:#?}",
            at + 1,
            show(&o, at),
            show(&b, at)
        );
    }
    let Some([verify, kzonecheck]) = tools(["dnssec-verify", "kzonecheck"]) else {
        return;
    };
    let judge = |prog: &Path, args: &[&str], file: &str| {
        let mut full = args.to_vec();
        full.push(file);
        let r = run_in(d, prog, &full);
        (
            r.code,
            r.stdout.replace(file, "OUT"),
            r.stderr.replace(file, "OUT"),
        )
    };
    // A zone signed with -z is verified with -z.
    let verify_args: &[&str] = if flags.contains(&"-z") {
        &["-z", "-o", "example.com"]
    } else {
        &["-o", "example.com"]
    };
    for (prog, args, want_ok) in [
        (&verify, verify_args, !unchecked),
        (
            &kzonecheck,
            &["-o", "example.com", "-d", "on"],
            kzone_ok && !unchecked,
        ),
    ] {
        let (mut mine, mut theirs) = (judge(prog, args, "o.out"), judge(prog, args, "b.out"));
        if prog == &kzonecheck {
            // Which record kzonecheck names first varies from run to run (it checks in
            // parallel); its error summary does not.
            for j in [&mut mine, &mut theirs] {
                j.1 =
                    j.1.split("Error summary:")
                        .nth(1)
                        .unwrap_or_default()
                        .to_string();
            }
        }
        assert_eq!(
            mine,
            theirs,
            "{what}: {} judges the outputs differently",
            prog.display()
        );
        if want_ok {
            assert_eq!(mine.0, 0, "{what}: {}: {mine:?}", prog.display());
        } else {
            assert_ne!(mine.0, 0, "{what}: {} accepts", prog.display());
        }
    }
}

/// Signs with both, compares messages, and when they succeed compares and checks the zone.
fn case(d: &Path, what: &str, args: &[&str]) -> Option<i32> {
    case_checked(d, what, args, true)
}

/// [`case`], saying whether kzonecheck accepts the zone.
fn case_checked(d: &Path, what: &str, args: &[&str], kzone_ok: bool) -> Option<i32> {
    let r = sign(d, args)?;
    let code = same_messages(what, &r);
    if code == 0 {
        same_zone(what, d, args, kzone_ok);
    } else {
        assert!(!d.join("o.out").exists(), "{what}: a refused run wrote");
    }
    Some(code)
}

/// A DNSKEY at a delegation point is the child's, occluded by the cut: BIND writes it
/// unsigned and outside the NSEC bitmap, like glue; so does ours (it refused the zone). One
/// anywhere else off the apex stays fatal.
#[test]
fn dnskey_at_a_delegation_is_occluded_not_fatal() {
    let Some((dir, [ksk, zsk, _])) = keyed_dir() else {
        return;
    };
    let d = dir.path();
    let occluded = format!(
        "sub DNSKEY 257 3 15 {CHILD_KEY}\nsub DNSKEY 256 3 15 {CHILD_KEY}\n\
         ns.sub DNSKEY 257 3 15 {CHILD_KEY}\n"
    );
    zone_with(d, "cut.db", &occluded, &[&ksk, &zsk]);
    for flags in [&[][..], &["-3", "-"], &["-3", "AB", "-A"]] {
        let args = [flags, &["cut.db"]].concat();
        let Some(code) = case(d, &format!("{flags:?}"), &args) else {
            return;
        };
        assert_eq!(code, 0, "{flags:?}");
        let text = body(d, "o.out");
        assert!(
            text.contains("DNSKEY\t257 3 15 (\n\t\t\t\t\tl02Wo"),
            "{text}"
        );
        assert!(
            !text.contains("RRSIG\tDNSKEY 15 3"),
            "{flags:?}: child DNSKEY signed"
        );
    }
    // Not at a cut: fatal for both, with the same line.
    zone_with(
        d,
        "www.db",
        &format!("www DNSKEY 257 3 15 {CHILD_KEY}\n"),
        &[&ksk, &zsk],
    );
    let r = sign(d, &["www.db"]).unwrap();
    // BIND's line ends with an empty one.
    assert_eq!(same_messages("www DNSKEY", &r), 1);
    assert!(r.ours.stderr.ends_with("RRset\n\n"), "{:?}", r.ours.stderr);
    assert!(r
        .ours
        .stderr
        .contains("'www.example.com': Non-apex DNSKEY RRset"));
}

/// Key arguments whose DNSKEY is not in the zone: BIND signs with them without publishing
/// them (with -S it adds them, `from key file.`), and says `failed to find keys at the zone
/// apex` only when the zone has no DNSKEY RRset at all, after loading every named key.
#[test]
fn named_keys_outside_the_dnskey_rrset_sign_as_bind_signs() {
    let Some((dir, [ksk, zsk, zsk2])) = keyed_dir() else {
        return;
    };
    let d = dir.path();
    zone_with(d, "none.db", "", &[]);
    zone_with(d, "k.db", "", &[&ksk]);
    zone_with(d, "z.db", "", &[&zsk]);
    zone_with(d, "kz.db", "", &[&ksk, &zsk]);
    let cases: [(&str, Vec<&str>, i32); 14] = [
        // The ZSK signs but is not published: no non-KSK DNSKEY.
        ("KSK in zone, both named", vec!["k.db", &ksk, &zsk], 1),
        ("the same with -P", vec!["-P", "k.db", &ksk, &zsk], 0),
        ("the same with -z", vec!["-z", "k.db", &ksk, &zsk], 0),
        // The -k key is not published, so nothing self-signs the DNSKEY RRset.
        ("ZSK in zone, -k KSK", vec!["-k", &ksk, "z.db"], 1),
        ("the same with -P", vec!["-P", "-k", &ksk, "z.db"], 0),
        // With only -k keys, the apex keys with private files sign too.
        ("both in zone, -k other ZSK", vec!["-k", &zsk2, "kz.db"], 0),
        ("both in zone, other ZSK named", vec!["kz.db", &zsk2], 1),
        // The named ZSK signs everything unpublished: not fully signed, `Missing ZSK`.
        (
            "both in zone, KSK and other ZSK named",
            vec!["kz.db", &ksk, &zsk2],
            1,
        ),
        ("no DNSKEY RRset", vec!["none.db", &ksk, &zsk], 1),
        ("no DNSKEY RRset, -k", vec!["-k", &ksk, "none.db"], 1),
        (
            "no DNSKEY RRset, a key missing",
            vec!["none.db", &ksk, "Knosuch"],
            1,
        ),
        ("-S adds them", vec!["-S", "none.db", &ksk, &zsk], 0),
        // A -k key with the ZSK flag is fetched `(CSK)`.
        ("-S, -k ZSK", vec!["-S", "-k", &zsk, "k.db"], 0),
        (
            "-S, -k KSK and a ZSK",
            vec!["-S", "-k", &ksk, "none.db", &zsk],
            0,
        ),
    ];
    for (what, args, want) in cases {
        let Some(code) = case(d, what, &args) else {
            return;
        };
        assert_eq!(code, want, "{what}");
    }
    // What the cases above pin, said once more in words.
    let r = sign(d, &["none.db", &ksk, &zsk]).unwrap();
    assert!(r
        .ours
        .stderr
        .contains("failed to find keys at the zone apex: not found"));
    let r = sign(d, &["none.db", &ksk, "Knosuch"]).unwrap();
    assert!(r
        .ours
        .stderr
        .contains("cannot load dnskey Knosuch: file not found"));
    let r = sign(d, &["-S", "none.db", &ksk, &zsk]).unwrap();
    assert!(
        r.ours.stdout.contains("(KSK) from key file."),
        "{:?}",
        r.ours
    );
    let r = sign(d, &["kz.db", &ksk, &zsk2]).unwrap();
    assert!(r
        .ours
        .stdout
        .contains("The zone is not fully signed for the following algorithms:\n ED25519\n"));
    assert!(r
        .ours
        .stderr
        .starts_with("Missing ZSK for algorithm ED25519\n"));
    let r = sign(d, &["-S", "-k", &zsk, "k.db"]).unwrap();
    assert!(
        r.ours.stdout.contains("(CSK) from key file."),
        "{:?}",
        r.ours
    );
    let r = sign(d, &["-P", "k.db", &ksk, &zsk]).unwrap();
    let text = body(d, "o.out");
    let zsk_tag = tag_of(&zsk);
    assert!(
        !text.contains(&format!("key id = {zsk_tag}\n")),
        "ZSK published"
    );
    assert!(
        text.contains(&format!(" {zsk_tag} example.com.")),
        "ZSK did not sign"
    );
    assert!(r
        .ours
        .stderr
        .contains("No non-KSK DNSKEY found; supply a ZSK or use '-z'."));
}

/// The signature counts of `-t`, without the times.
fn counts(r: &Run) -> Vec<String> {
    r.stdout
        .lines()
        .filter(|l| l.starts_with("Signatures ") && !l.contains("per second"))
        .map(str::to_string)
        .collect()
}

/// Signatures by a key that has left the DNSKEY RRset: kept (and verified) while its `.key`
/// file is in the key directory, dropped with -R or once the file is gone.
#[test]
fn old_signatures_stay_while_the_key_file_does() {
    let Some((dir, [ksk, zsk, zsk2])) = keyed_dir() else {
        return;
    };
    let d = dir.path();
    // BIND signs with both ZSKs, then the second one's DNSKEY is taken out.
    zone_with(d, "three.db", "", &[&ksk, &zsk, &zsk2]);
    let Some(r) = sign(d, &["-O", "full", "three.db"]) else {
        return;
    };
    assert_eq!(r.bind.code, 0, "{:?}", r.bind);
    let public = fs::read_to_string(d.join(format!("{zsk2}.key"))).unwrap();
    let gone_key = public.lines().last().unwrap().rsplit(' ').next().unwrap();
    let full = fs::read_to_string(d.join("b.out")).unwrap();
    let resign: String = full
        .lines()
        .filter(|l| !(l.contains("DNSKEY") && l.ends_with(gone_key)))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(full.lines().count(), resign.lines().count() + 1);
    fs::write(d.join("resign.db"), resign).unwrap();
    let tag2 = tag_of(&zsk2);
    let old_sigs = |file: &str| {
        body(d, file)
            .matches(&format!(" {tag2} example.com."))
            .count()
    };
    // Directories without the key's .key file, and without only its .private.
    for (sub, gone) in [("nokey", "key"), ("nopriv", "private")] {
        fs::create_dir(d.join(sub)).unwrap();
        for k in [&ksk, &zsk, &zsk2] {
            for ext in ["key", "private"] {
                if !(k == &zsk2 && ext == gone) {
                    let f = format!("{k}.{ext}");
                    fs::copy(d.join(&f), d.join(sub).join(&f)).unwrap();
                }
            }
        }
    }
    for (what, args, kept) in [
        ("files present", &["-t", "resign.db"][..], true),
        ("files present, -R", &["-t", "-R", "resign.db"], false),
        ("no .key file", &["-t", "-K", "nokey", "resign.db"], false),
        (
            "no .private file",
            &["-t", "-K", "nopriv", "resign.db"],
            true,
        ),
        // The key's times come from its .private: still active, so -Q keeps them.
        ("files present, -Q", &["-t", "-Q", "resign.db"], true),
    ] {
        let r = sign(d, args).unwrap();
        assert_eq!((r.ours.code, r.bind.code), (0, 0), "{what}: {:?}", r.ours);
        assert_eq!(counts(&r.ours), counts(&r.bind), "{what}");
        assert_eq!(
            lines(&r.ours.stderr, "o.out"),
            lines(&r.bind.stderr, "b.out"),
            "{what}"
        );
        same_zone(what, d, &[], true);
        // Every RRset but the DNSKEY one (whose signatures the change broke) keeps its
        // signature by the departed key: SOA, NS, two A and four NSEC.
        assert_eq!(old_sigs("o.out"), if kept { 8 } else { 0 }, "{what}");
    }
    // Made inactive an hour ago: -Q drops them, as BIND does.
    let Some(settime) = tool("dnssec-settime") else {
        return;
    };
    run_in(d, settime, &["-I", "-1h", &zsk2]).ok();
    let r = sign(d, &["-t", "-Q", "resign.db"]).unwrap();
    assert_eq!((r.ours.code, r.bind.code), (0, 0), "{:?}", r.ours);
    assert_eq!(counts(&r.ours), counts(&r.bind), "inactive, -Q");
    same_zone("inactive, -Q", d, &[], true);
    assert_eq!(old_sigs("o.out"), 0, "inactive, -Q");
}

/// An NSEC3PARAM that BIND does not take for a chain (flags not 0, or a hash it does not
/// know): without -3 or -u it is `Zone contains NSEC3 chains.  Use -u to update to NSEC.`;
/// `-u` goes to NSEC; `-3` builds a new chain whatever its salt (no chain to compare with).
#[test]
fn an_nsec3param_that_names_no_chain_needs_u() {
    let Some((dir, [ksk, zsk, _])) = keyed_dir() else {
        return;
    };
    let d = dir.path();
    zone_with(d, "plain.db", "", &[&ksk, &zsk]);
    let Some(r) = sign(d, &["-O", "full", "-3", "AB", "-H", "2", "plain.db"]) else {
        return;
    };
    assert_eq!(r.bind.code, 0, "{:?}", r.bind);
    let chain = fs::read_to_string(d.join("b.out")).unwrap();
    let param = chain
        .lines()
        .find(|l| l.contains("IN NSEC3PARAM"))
        .expect("NSEC3PARAM")
        .to_string();
    // A good chain is kept without options, as before.
    fs::write(d.join("good.db"), &chain).unwrap();
    assert_eq!(case(d, "good chain", &["good.db"]), Some(0));
    assert!(has_record(&body(d, "o.out"), "NSEC3PARAM 1 0 2 AB"));
    for (name, rdata) in [("flags.db", "1 1 2 AB"), ("hash.db", "2 0 2 AB")] {
        let bad = format!(
            "{}NSEC3PARAM {rdata}",
            param.split("NSEC3PARAM").next().unwrap()
        );
        fs::write(d.join(name), chain.replace(&param, &bad)).unwrap();
        let what = |w: &str| format!("{name} {w}");
        assert_eq!(case(d, &what("alone"), &[name]), Some(1));
        let r = sign(d, &[name]).unwrap();
        assert!(r
            .ours
            .stderr
            .contains("fatal: Zone contains NSEC3 chains.  Use -u to update to NSEC."));
        assert_eq!(case(d, &what("-u"), &["-u", name]), Some(0));
        assert!(!body(d, "o.out").contains("NSEC3"), "{name}: -u kept NSEC3");
        assert_eq!(
            case(d, &what("-3 CD -H 3"), &["-3", "CD", "-H", "3", name]),
            Some(0)
        );
        assert!(has_record(&body(d, "o.out"), "NSEC3PARAM 1 0 3 CD"));
    }
}

/// A published Ed448 key made by BIND's keygen (BIND can use the algorithm; ours publishes
/// it and gives it a DS).
const ED448_KSK: &str =
    "0hjfQvoUIbrwuGY0I0YVHSaARyrlutGMFWz6/LGpOCvi+VzAhp7SADJI iHAt0sTTl5sl6rzhRFYA";

/// An RSA public key field (BIND does not look inside it for an algorithm it lacks).
const RSA_FIELD: &str =
    "AwEAAcPXHUTr0Pb8YqFrmFS0pQzmK+Pnq5yc7UvJqpv6WDhJOXKPOmA6iIXd1g9Xrq7iBy9XhS8WkDIG5Dc6Bc8mFQk=";

/// The dsset- file lists the KSKs of the algorithms BIND can use: not DSA (gone from BIND
/// 9.18), not a private or unassigned number, although those DNSKEYs are published (and counted in the report).
/// BIND's `keylistfromrdataset` warning about a missing private file is given for the usable
/// algorithms only, with and without -S.
#[test]
fn dsset_lists_only_keys_of_usable_algorithms() {
    let Some((dir, [ksk, zsk, _])) = keyed_dir() else {
        return;
    };
    let d = dir.path();
    let others = format!(
        "@ DNSKEY 257 3 3 {RSA_FIELD}\n@ DNSKEY 257 3 8 {RSA_FIELD}\n\
         @ DNSKEY 257 3 16 {ED448_KSK}\n@ DNSKEY 257 3 200 {RSA_FIELD}\n"
    );
    zone_with(d, "algs.db", &others, &[&ksk, &zsk]);
    for sub in ["b", "o"] {
        fs::create_dir(d.join(sub)).unwrap();
    }
    let Some(signer) = tool("dnssec-signzone") else {
        return;
    };
    for flags in [&[][..], &["-S"], &["-k", &ksk]] {
        // kzonecheck gives up on the DNSKEYs of algorithms it does not know (`failed to run
        // semantic checks`), for BIND's zone as for ours.
        let r = case_checked(
            d,
            &format!("{flags:?}"),
            &[flags, &["algs.db"]].concat(),
            false,
        );
        assert_eq!(r, Some(0), "{flags:?}");
        // The dsset files, each signer writing into a directory of its own.
        let (s, e) = window();
        let with_dir = |sub: &str| -> Vec<String> {
            let mut v: Vec<String> = flags.iter().map(|f| f.to_string()).collect();
            v.extend(["-s", &s, "-e", &e, "-o", "example.com", "-d", sub, "-f"].map(String::from));
            v.extend([format!("{sub}/out"), "algs.db".to_string()]);
            v
        };
        let b_args = with_dir("b");
        let o_args = with_dir("o");
        fn refs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        run_in(d, &signer, &refs(&b_args)).ok();
        run_in(d, ours("signzone"), &refs(&o_args)).ok();
        let dsset = |sub: &str| fs::read_to_string(d.join(sub).join("dsset-example.com.")).unwrap();
        let (o, b) = (dsset("o"), dsset("b"));
        assert_eq!(o, b, "{flags:?}");
        // Ed25519, RSASHA256 and Ed448: not DSA (3), not 200.
        let mut algorithms: Vec<&str> = o
            .lines()
            .filter_map(|l| l.split_whitespace().nth(4))
            .collect();
        algorithms.sort();
        assert_eq!(algorithms, ["15", "16", "8"], "{flags:?}: {o}");
    }
}

/// A KSK of another provider imported with only a sync publish time (`importkey -P sync now`):
/// its DNSKEY is not published, but BIND announces it with CDS and CDNSKEY all the same (and
/// lists its DS in the dsset file); so does ours now.
#[test]
fn cds_for_an_imported_key_with_only_a_sync_publish_time() {
    let Some((dir, [_, _, zsk2])) = keyed_dir() else {
        return;
    };
    let d = dir.path();
    let Some([keygen, importkey]) = tools(["dnssec-keygen", "dnssec-importkey"]) else {
        return;
    };
    // Only the KSK and the first ZSK are ours here.
    for ext in ["key", "private"] {
        fs::remove_file(d.join(format!("{zsk2}.{ext}"))).unwrap();
    }
    let provider = d.join("provider");
    fs::create_dir(&provider).unwrap();
    let theirs = run_in(
        &provider,
        &keygen,
        &["-q", "-a", "ED25519", "-f", "KSK", "example.com"],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    let file = format!("provider/{theirs}.key");
    run_in(
        d,
        &importkey,
        &["-P", "sync", "now", "-f", &file, "example.com"],
    )
    .ok();
    zone_with(d, "sync.db", "", &[]);
    // kzonecheck wants every CDNSKEY in the DNSKEY RRset: it refuses BIND's zone and ours
    // alike (`CDNSKEY not match DNSKEY`); dnssec-verify accepts both.
    assert_eq!(
        case_checked(d, "imported, sync only", &["-S", "sync.db"], false),
        Some(0)
    );
    let text = body(d, "o.out");
    let tag = tag_of(&theirs);
    assert!(text.contains(&format!("CDS\t{tag} 15 2 ")), "{text}");
    assert!(text.contains("CDNSKEY\t257 3 15 "), "{text}");
    // Its public key is in the CDNSKEY only, not in the DNSKEY RRset.
    let public = fs::read_to_string(provider.join(format!("{theirs}.key"))).unwrap();
    let key_field = public.lines().last().unwrap().rsplit(' ').next().unwrap();
    let dump = support::canonical_dump(d, &[], "example.com", "o.out").unwrap();
    let holding: Vec<&str> = dump
        .lines()
        .filter(|l| l.ends_with(key_field))
        .filter_map(|l| l.split_whitespace().nth(3))
        .collect();
    assert_eq!(holding, ["CDNSKEY"], "{dump}");
    // Not published, so not fetched either: no report line names it.
    let r = sign(d, &["-S", "sync.db"]).unwrap();
    assert!(!r.ours.stdout.contains(&format!("/{tag} ")), "{:?}", r.ours);
}

/// `-H too-many` (BIND's test value): after `Ignoring max iterations check.` (printed once the
/// zone is loaded, so not for a missing file), the check fails with BIND's algorithm block on
/// standard output before the verdict.
#[test]
fn h_too_many_fails_as_bind_fails() {
    let Some((dir, [ksk, zsk, _])) = keyed_dir() else {
        return;
    };
    let d = dir.path();
    zone_with(d, "z.db", "", &[&ksk, &zsk]);
    let Some(r) = sign(d, &["-3", "-", "-H", "too-many", "z.db"]) else {
        return;
    };
    assert_eq!(same_messages("-H too-many", &r), 1);
    assert_eq!(
        r.ours.stdout,
        "Verifying the zone using the following algorithms:\n- ED25519\n\
         Zone verification failed (NSEC3 iterations out of range)\n"
    );
    assert!(!d.join("o.out").exists());
    let r = sign(d, &["-3", "-", "-H", "too-many", "nosuch.db"]).unwrap();
    assert_eq!(same_messages("-H too-many, no zone file", &r), 1);
    assert!(!r.ours.stderr.contains("Ignoring"), "{:?}", r.ours);
}
