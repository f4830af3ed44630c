//! keygen and dsfromkey against BIND 9 (docs/bind-compat.md, "testing against BIND" scenarios
//! 1-3 and 26): the same inputs through our tool and BIND's, compared at test time.
use crate::support;

use std::fs;
use std::path::Path;
use support::Run;

/// Algorithms both kits can generate: RSASHA256, RSASHA512, ECDSA P-256/P-384, Ed25519.
const ALGS: [&str; 5] = [
    "RSASHA256",
    "RSASHA512",
    "ECDSAP256SHA256",
    "ECDSAP384SHA384",
    "ED25519",
];

fn ours(dir: &Path, tool: &str, args: &[&str]) -> Run {
    support::run_in(dir, support::ours(tool), args)
}

fn base(run: Run) -> String {
    run.ok().stdout.trim_end().to_string()
}

/// stderr with the program name taken out of `prog: ` prefixes, and BIND's stream labels
/// (`stream-0x7f…`) and ours made alike, so the two tools' messages compare.
fn normalise(stderr: &str, prog: &str) -> String {
    stderr
        .lines()
        .map(|l| {
            let l = l
                .strip_prefix(&format!("dnssec-{prog}: "))
                .or_else(|| l.strip_prefix(&format!("{prog}: ")))
                .unwrap_or(l);
            match l.find("stream-") {
                Some(i) => {
                    let end = l[i..].find(':').map_or(l.len(), |e| i + e);
                    format!("{}stream{}", &l[..i], &l[end..])
                }
                None => l.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs our dsfromkey and BIND's with the same arguments and stdin and asserts the same
/// stdout, exit status and (normalised) stderr.
fn same_dsfromkey(dir: &Path, bind: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let o = support::run_with_stdin(dir, support::ours("dsfromkey"), args, stdin);
    let b = support::run_with_stdin(dir, bind, args, stdin);
    assert_eq!(o.stdout, b.stdout, "stdout differs for dsfromkey {args:?}");
    assert_eq!(
        o.code, b.code,
        "exit status differs for dsfromkey {args:?}: {o:?} {b:?}"
    );
    assert_eq!(
        normalise(&o.stderr, "dsfromkey"),
        normalise(&b.stderr, "dsfromkey"),
        "stderr differs for {args:?}"
    );
    o
}

const DS_OPTION_SETS: [&[&str]; 8] = [
    &[],
    &["-1"],
    &["-2"],
    &["-a", "SHA-384"],
    &["-a", "SHA-384", "-a", "SHA-256"],
    &["-C"],
    &["-T", "300"],
    &["-C", "-T", "1h"],
];

#[test]
fn our_keys_give_the_same_ds_from_both_tools() {
    let Some(bind) = support::tool("dnssec-dsfromkey") else {
        return;
    };
    let dir = support::scratch();
    for alg in ALGS {
        let k = base(ours(
            dir.path(),
            "keygen",
            &["-a", alg, "-f", "KSK", "example.com"],
        ));
        for opts in DS_OPTION_SETS {
            let mut args = opts.to_vec();
            args.push(&k);
            let r = same_dsfromkey(dir.path(), &bind, &args, None);
            assert!(!r.stdout.is_empty(), "{alg} {opts:?}");
        }
        // BIND reads our key's tag the same way: the tag in the file name is the DS tag.
        let tag: u16 = k.rsplit('+').next().unwrap().parse().unwrap();
        let b = support::run_in(dir.path(), &bind, &[&format!("{k}.key")]).ok();
        assert_eq!(b.stdout.split(' ').nth(3).unwrap(), tag.to_string());
    }
}

#[test]
fn bind_keys_give_the_same_ds_from_both_tools() {
    let Some([bind_keygen, bind]) = support::tools(["dnssec-keygen", "dnssec-dsfromkey"]) else {
        return;
    };
    let dir = support::scratch();
    let d = dir.path();
    for alg in ALGS {
        let k = base(support::run_in(
            d,
            &bind_keygen,
            &["-q", "-a", alg, "-f", "KSK", "-L", "3600", "x.test"],
        ));
        for opts in DS_OPTION_SETS {
            let mut args = opts.to_vec();
            args.push(&k);
            same_dsfromkey(d, &bind, &args, None);
        }
        same_dsfromkey(d, &bind, &[&format!("{k}.private")], None);
    }
    // A revoked key prints nothing from either.
    let r = base(support::run_in(
        d,
        &bind_keygen,
        &["-q", "-a", "ED25519", "-f", "KSK", "-f", "REVOKE", "x.test"],
    ));
    assert_eq!(same_dsfromkey(d, &bind, &["-1", &r], None).stdout, "");
}

/// The record lines of some `.key` files, as a zone file with a default TTL.
fn records(dir: &Path, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .flat_map(|k| {
            fs::read_to_string(dir.join(format!("{k}.key")))
                .unwrap()
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.starts_with(';'))
        .collect()
}

#[test]
fn zone_file_stdin_dig_and_keyset_modes_match_bind() {
    let Some([bind_keygen, bind, dig_like]) =
        support::tools(["dnssec-keygen", "dnssec-dsfromkey", "named-checkzone"])
    else {
        return;
    };
    let _ = dig_like;
    let dir = support::scratch();
    let d = dir.path();
    let ksk = base(support::run_in(
        d,
        &bind_keygen,
        &["-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "ds.test"],
    ));
    let ksk2 = base(ours(
        d,
        "keygen",
        &["-q", "-a", "ED25519", "-f", "KSK", "ds.test"],
    ));
    let zsk = base(support::run_in(
        d,
        &bind_keygen,
        &["-q", "-a", "ECDSAP256SHA256", "ds.test"],
    ));
    let rev = base(ours(
        d,
        "keygen",
        &[
            "-q", "-a", "ED25519", "-f", "KSK", "-f", "REVOKE", "ds.test",
        ],
    ));
    let lines = records(d, &[&ksk, &zsk, &rev, &ksk2]);

    // A zone file with $TTL, and one without (BIND's RFC 1035 TTL warning).
    let with_ttl = format!("$TTL 300\n{}\n", lines.join("\n"));
    fs::write(d.join("ds.test"), &with_ttl).unwrap();
    for opts in [&[][..], &["-A"], &["-1", "-2"], &["-A", "-C", "-T", "60"]] {
        let mut args = opts.to_vec();
        args.extend(["-f", "ds.test"]);
        same_dsfromkey(d, &bind, &args, None);
        args.push("ds.test.");
        same_dsfromkey(d, &bind, &args, None);
        let mut stdin_args = opts.to_vec();
        stdin_args.extend(["-f", "-", "ds.test"]);
        same_dsfromkey(d, &bind, &stdin_args, Some(with_ttl.as_bytes()));
    }
    let soa = "ds.test. 600 IN SOA ns.ds.test. h.ds.test. 1 2 3 4 5\n";
    fs::write(d.join("zonekeys"), format!("{soa}{}\n", lines.join("\n"))).unwrap();
    same_dsfromkey(d, &bind, &["-f", "zonekeys", "ds.test"], None);
    same_dsfromkey(d, &bind, &["-A", "-f", "zonekeys", "ds.test"], None);

    // dig output: comments, tabs, explicit TTLs, several keys (and a record of another type).
    let mut dig = String::from("\n; <<>> DiG 9.18.49 <<>> @127.0.0.1 ds.test DNSKEY +noall +answer\n; (1 server found)\n;; global options: +cmd\n");
    for l in &lines {
        let f: Vec<&str> = l.splitn(3, ' ').collect();
        dig.push_str(&format!(
            "{}\t\t3600\t{}\n",
            f[0],
            f[1..].join(" ").replacen(' ', "\t", 2)
        ));
    }
    dig.push_str("ds.test.\t\t3600\tIN\tA\t192.0.2.1\n\n;; Query time: 0 msec\n");
    for opts in [&[][..], &["-A"], &["-A", "-a", "SHA-384", "-2"]] {
        let mut args = opts.to_vec();
        args.extend(["-f", "-", "ds.test"]);
        let r = same_dsfromkey(d, &bind, &args, Some(dig.as_bytes()));
        assert!(!r.stdout.is_empty());
    }

    // Keyset files: -s reads [-K dir/]keyset-<name>.
    fs::create_dir(d.join("kd")).unwrap();
    fs::write(
        d.join("kd/keyset-ds.test."),
        format!("$ORIGIN .\n$TTL 300\n{}\n", lines.join("\n")),
    )
    .unwrap();
    same_dsfromkey(d, &bind, &["-s", "-K", "kd", "ds.test"], None);
    same_dsfromkey(d, &bind, &["-s", "-K", "kd", "-1", "-C", "ds.test."], None);
    fs::copy(d.join("kd/keyset-ds.test."), d.join("keyset-ds.test.")).unwrap();
    same_dsfromkey(d, &bind, &["-s", "ds.test"], None);
}

#[test]
fn bind_signzone_uses_our_keys_and_bind_verify_accepts_the_zone() {
    let Some([signzone, verify]) = support::tools(["dnssec-signzone", "dnssec-verify"]) else {
        return;
    };
    let zone = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/example.com.db"
    ))
    .unwrap();
    for alg in ["ECDSAP256SHA256", "ED25519", "RSASHA256"] {
        let dir = support::scratch();
        let d = dir.path();
        fs::create_dir(d.join("keys")).unwrap();
        fs::write(d.join("example.com.db"), &zone).unwrap();
        let ksk = base(ours(
            d,
            "keygen",
            &["-K", "keys", "-a", alg, "-f", "KSK", "example.com"],
        ));
        let zsk = base(ours(d, "keygen", &["-K", "keys", "-a", alg, "example.com"]));
        // A key published later must not be used: BIND reads our timing metadata.
        let later = base(ours(
            d,
            "keygen",
            &[
                "-K",
                "keys",
                "-a",
                alg,
                "-P",
                "+30d",
                "-A",
                "+40d",
                "example.com",
            ],
        ));
        let s = support::run_in(
            d,
            &signzone,
            &[
                "-S",
                "-K",
                "keys",
                "-o",
                "example.com",
                "-f",
                "signed",
                "example.com.db",
            ],
        );
        let s = s.ok();
        for (k, role) in [(&ksk, "KSK"), (&zsk, "ZSK")] {
            let tag: u16 = k.rsplit('+').next().unwrap().parse().unwrap();
            let line = format!("Fetching example.com/{alg}/{tag} ({role}) from key repository.");
            assert!(
                s.stdout.contains(&line),
                "{alg}: {line} missing from\n{}",
                s.stdout
            );
        }
        let later_tag: u16 = later.rsplit('+').next().unwrap().parse().unwrap();
        let signed = fs::read_to_string(d.join("signed")).unwrap();
        assert!(
            !signed.contains(&format!("key id = {later_tag}")),
            "{alg}: unpublished key was published"
        );
        support::run_in(d, &verify, &["-o", "example.com", "signed"]).ok();
        // The dsset BIND wrote holds the DS our dsfromkey computes for the KSK.
        let dsset = fs::read_to_string(d.join("dsset-example.com.")).unwrap();
        let ours_ds = ours(&d.join("keys"), "dsfromkey", &[&ksk]).ok().stdout;
        let digest = ours_ds.trim_end().rsplit(' ').next().unwrap();
        assert!(
            dsset.replace(' ', "").contains(digest),
            "{alg}: {dsset} vs {ours_ds}"
        );
    }
}

#[test]
fn key_files_are_byte_identical_to_a_settime_rewrite() {
    let Some(settime) = support::tool("dnssec-settime") else {
        return;
    };
    for alg in ALGS {
        let dir = support::scratch();
        let d = dir.path();
        let args = [
            "-a", alg, "-f", "KSK", "-L", "600", "-P", "20300101", "-A", "20300102", "-R",
            "20310301", "-I", "20310101", "-D", "20310201", "-P", "sync", "20300105", "-D", "sync",
            "20310115", "ex.test",
        ];
        let k = base(ours(d, "keygen", &args));
        let key = fs::read(d.join(format!("{k}.key"))).unwrap();
        let private = fs::read(d.join(format!("{k}.private"))).unwrap();
        let r = support::run_in(d, &settime, &["-P", "20300101", &k]).ok();
        assert_eq!(
            r.stdout,
            format!("./{k}.key\n./{k}.private\n"),
            "settime did not rewrite"
        );
        assert_eq!(
            String::from_utf8_lossy(&fs::read(d.join(format!("{k}.key"))).unwrap()),
            String::from_utf8_lossy(&key),
            "{alg} .key"
        );
        assert_eq!(
            String::from_utf8_lossy(&fs::read(d.join(format!("{k}.private"))).unwrap()),
            String::from_utf8_lossy(&private),
            "{alg} .private"
        );
    }
}

/// Runs our tool and BIND's with the same arguments and compares exit status and stderr
/// (program names stripped). Both must fail.
fn same_failure(dir: &Path, prog: &str, bind: &Path, args: &[&str]) {
    let o = ours(dir, prog, args);
    let b = support::run_in(dir, bind, args);
    assert_ne!(b.code, 0, "BIND accepted {args:?}");
    assert_eq!(
        o.code, b.code,
        "exit status differs for {prog} {args:?}: {o:?} / {b:?}"
    );
    assert_eq!(o.stdout, b.stdout, "stdout differs for {prog} {args:?}");
    // BIND's lexer adds a `dns_rdata_fromtext: FILE:LINE: near ...` line before some
    // fatal messages; the fatal line itself is what scripts see and what must agree.
    // The usage text itself is our own wording: compare up to it, and that both print it.
    // Our line naming file, line and field of a key-file fault has no BIND twin either.
    let fatal = |s: &str| {
        normalise(&support::keys::without_key_detail(s), prog)
            .lines()
            .filter(|l| !l.starts_with("dns_rdata_fromtext"))
            .take_while(|l| *l != "Usage:")
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        o.stderr.contains("\nUsage:\n") || o.stderr.starts_with("Usage:\n"),
        b.stderr.contains("\nUsage:\n") || b.stderr.starts_with("Usage:\n"),
        "usage shown by one tool only for {prog} {args:?}"
    );
    assert_eq!(
        fatal(&o.stderr),
        fatal(&b.stderr),
        "stderr differs for {prog} {args:?}"
    );
}

#[test]
fn keygen_error_messages_match_bind() {
    let Some(bind) = support::tool("dnssec-keygen") else {
        return;
    };
    let dir = support::scratch();
    let d = dir.path();
    // An empty policy file for the `-l` row (not /dev/null: it need not be a device here).
    fs::write(d.join("empty.conf"), "").unwrap();
    // Deliberately different: without -a we make an ECDSAP256SHA256 key (BIND: `no algorithm specified`).
    let rows: &[&[&str]] = &[
        &["-a", "FOO", "example.com"],
        &["-a", "DSA", "example.com"],
        &["-a", "ECCGOST", "example.com"],
        &["-a", "RSASHA256", "-b", "512", "example.com"],
        &["-a", "ED25519", "bad..name"],
        &["-a", "ED25519", "-P", "20261301", "example.com"],
        &["-a", "ED25519", "-P", "tomorrow", "example.com"],
        &["-a", "ED25519", "-P", "+5m", "example.com"],
        &["-a", "ED25519", "-K", "/nonexistent", "example.com"],
        &["-a", "ED25519", "a.test", "b.test"],
        &["-a", "ED25519", "a.test", "-q"],
        &["-S", "Knonexist.+013+00001"],
        &["-k", "nosuch", "-l", "empty.conf", "example.com"],
        &["-a", "ED25519", "-n", "HOST", "example.com"],
        &["-a", "ED25519", "-G", "-P", "now", "example.com"],
        &["-a", "ED25519", "-C", "-P", "now", "example.com"],
        &["-k", "default", "-f", "KSK", "example.com"],
        &[
            "-a",
            "ED25519",
            "-P",
            "now",
            "-A",
            "+1d",
            "-i",
            "2d",
            "example.com",
        ],
        &["-a", "ECDSAP256SHA256", "-g", "2", "example.com"],
        &["-a", "ED25519", "-f", "zsk", "example.com"],
        &["-a", "ED25519", "-T", "FOO", "example.com"],
        &["-a", "ED25519", "-p", "4", "example.com"],
        &["-a", "ED25519", "-L", "abc", "example.com"],
        &["-a", "ED25519", "-v", "x", "example.com"],
        &["-a", "ED25519", "-P", "now", "-P", "now", "example.com"],
        // A repeated timing option: its first value is parsed when met, so a bad first
        // value is the error; a good one makes the repeat the error.
        &["-a", "ED25519", "-P", "bogus", "-P", "now", "example.com"],
        &["-a", "ED25519", "-P", "now", "-P", "bogus", "example.com"],
        &["-a", "ED25519", "-P", "+1x", "-P", "now", "example.com"],
        &["-a", "ED25519", "-A", "bogus", "-A", "now", "example.com"],
        &["-a", "ED25519", "-A", "now", "-A", "bogus", "example.com"],
        &["-a", "ED25519", "-I", "bogus", "-I", "now", "example.com"],
        &["-a", "ED25519", "-I", "now", "-I", "now", "example.com"],
        &["-a", "ED25519", "-D", "bogus", "-D", "now", "example.com"],
        &["-a", "ED25519", "-D", "none", "-D", "bogus", "example.com"],
        &["-a", "ED25519", "-R", "bogus", "-R", "now", "example.com"],
        &["-a", "ED25519", "-R", "now", "-R", "now", "example.com"],
        &[
            "-a",
            "ED25519",
            "-P",
            "sync",
            "bogus",
            "-P",
            "sync",
            "now",
            "example.com",
        ],
        &[
            "-a",
            "ED25519",
            "-D",
            "sync",
            "bogus",
            "-D",
            "sync",
            "now",
            "example.com",
        ],
        &["-a", "ED25519", "-r", "/dev/random", "example.com"],
        &["-a", "ED25519"],
        &["-a"],
        &["-Y", "example.com"],
    ];
    for args in rows {
        same_failure(d, "keygen", &bind, args);
    }
}

#[test]
fn dsfromkey_error_messages_match_bind() {
    let Some(bind) = support::tool("dnssec-dsfromkey") else {
        return;
    };
    let dir = support::scratch();
    let d = dir.path();
    let k = base(ours(
        d,
        "keygen",
        &["-a", "ECDSAP256SHA256", "-f", "KSK", "ds.test"],
    ));
    let rr = records(d, &[&k]).remove(0);
    fs::write(d.join("Kbad.+013+00001.key"), "garbage\n").unwrap();
    fs::write(d.join("Kempty.+013+00001.key"), "").unwrap();
    fs::write(
        d.join("Kb64.+013+00001.key"),
        format!("{}\n", rr.replacen(" 257 3 13 ", " 257 3 13 !!!!", 1)),
    )
    .unwrap();
    fs::write(
        d.join("Kalg.+099+00001.key"),
        format!("{}\n", rr.replacen(" 257 3 13 ", " 257 3 99 ", 1)),
    )
    .unwrap();
    fs::write(d.join("zonekeys"), format!("$TTL 300\n{rr}\n")).unwrap();
    fs::write(d.join("nottl"), format!("{rr}\n")).unwrap();
    let rows: &[&[&str]] = &[
        &["-f", "nottl", "ds.test"],
        &["-c", "CH", "-f", "zonekeys", "ds.test"],
        &["-f", "zonekeys", "other.test"],
        &["-A", "-f", "zonekeys", "Other.Test."],
        &["Knone.+013+00001"],
        &["Kbad.+013+00001"],
        &["Kempty.+013+00001"],
        &["Kb64.+013+00001"],
        &["Kalg.+099+00001"],
        // A failed load names the argument as typed with `.key` appended, whatever suffix
        // (or path) it has.
        &["Kbad.+013+00001.key"],
        &["Knone.+013+00001.key"],
        &["Kbad.+013+00001.private"],
        &["Kbad.+013+00001."],
        &["./Kbad.+013+00001.key"],
        &["-a", "SHA-512", &k],
        &["-a", "GOST", &k],
        &["-2", "-a", "3", "-f", "zonekeys", "ds.test"],
        &["-1", "-a", "GOST", "-a", "4", &k],
        &["-f", "nosuchfile", "ds.test"],
        &["-f", "zonekeys", "other.test"],
        &["-s", "nosuch.test"],
        &["-s", "-f", "zonekeys", "ds.test"],
        &[&k, &k],
        &[&k, "-1"],
        &["-T", "abc", &k],
        &["-T", "1m", &k],
        &["-l", "foo", &k],
        &["-v", "x", &k],
        &["-c", "FOO", "-s", "ds.test"],
        &["-Y", &k],
        &[],
    ];
    for args in rows {
        same_failure(d, "dsfromkey", &bind, args);
    }
}

/// A key file's text with the 14-digit times, the ctime comments and key tags blanked, so two
/// independently made keys compare on everything else.
fn shape(text: &str) -> String {
    text.lines()
        .filter(|l| !l.contains(" DNSKEY ") && !l.contains(" KEY "))
        .map(|l| {
            // Key material differs by nature; its field names and order must not.
            const MATERIAL: [&str; 9] = [
                "PrivateKey:",
                "Modulus:",
                "PublicExponent:",
                "PrivateExponent:",
                "Prime1:",
                "Prime2:",
                "Exponent1:",
                "Exponent2:",
                "Coefficient:",
            ];
            if let Some(tag) = MATERIAL.iter().find(|t| l.starts_with(*t)) {
                return format!("{tag} <material>");
            }
            let l = match l.find(|c: char| c.is_ascii_digit()) {
                Some(i)
                    if l[i..].len() >= 14 && l[i..i + 14].bytes().all(|b| b.is_ascii_digit()) =>
                {
                    format!("{}T", &l[..i])
                }
                _ => l.to_string(),
            };
            match l.find("keyid ").or_else(|| l.find("state of key ")) {
                Some(i) => format!(
                    "{}<tag>{}",
                    &l[..i],
                    &l[l[i..].find(',').map_or(l.len(), |c| i + c)..]
                ),
                None => l,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn policy_keys_and_state_files_match_bind() {
    let Some([bind_keygen, settime]) = support::tools(["dnssec-keygen", "dnssec-settime"]) else {
        return;
    };
    let conf = "dnssec-policy \"twokeys\" {\n  dnskey-ttl 600;\n  keys {\n    ksk key-directory lifetime unlimited algorithm ecdsap256sha256;\n    zsk lifetime P90D algorithm 13;\n  };\n};\n";
    for args in [
        &["-k", "default", "x.test"][..],
        &["-l", "pol.conf", "-k", "twokeys", "x.test"],
    ] {
        let (o, b) = (support::scratch(), support::scratch());
        for d in [o.path(), b.path()] {
            fs::write(d.join("pol.conf"), conf).unwrap();
        }
        let ours_out = ours(o.path(), "keygen", args).ok().stdout;
        let bind_out = support::run_in(b.path(), &bind_keygen, args).ok().stdout;
        let (ours_keys, bind_keys): (Vec<&str>, Vec<&str>) =
            (ours_out.lines().collect(), bind_out.lines().collect());
        assert_eq!(ours_keys.len(), bind_keys.len(), "{args:?}");
        for (ok, bk) in ours_keys.iter().zip(&bind_keys) {
            for ext in ["key", "private", "state"] {
                let ot = fs::read_to_string(o.path().join(format!("{ok}.{ext}"))).unwrap();
                let bt = fs::read_to_string(b.path().join(format!("{bk}.{ext}"))).unwrap();
                assert_eq!(shape(&ot), shape(&bt), "{args:?} .{ext}");
            }
            // The record line agrees on everything but the key itself.
            let rec = |dir: &Path, k: &str| {
                let t = fs::read_to_string(dir.join(format!("{k}.key"))).unwrap();
                t.lines()
                    .find(|l| !l.starts_with(';'))
                    .unwrap()
                    .split(' ')
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            assert_eq!(rec(o.path(), ok), rec(b.path(), bk));
            // BIND's settime reads and rewrites our .state.
            support::run_in(o.path(), &settime, &["-s", "-g", "OMNIPRESENT", ok]).ok();
        }
    }
}

#[test]
fn key_file_shapes_match_bind_for_each_option() {
    let Some(bind_keygen) = support::tool("dnssec-keygen") else {
        return;
    };
    let sets: &[&[&str]] = &[
        &["-a", "ED25519"],
        &["-a", "ECDSAP384SHA384", "-f", "KSK"],
        &["-a", "RSASHA512", "-b", "3072"],
        &["-a", "ED25519", "-f", "KSK", "-f", "REVOKE"],
        &["-a", "ED25519", "-n", "OTHER"],
        &["-a", "ED25519", "-T", "KEY", "-n", "HOST"],
        &[
            "-a", "ED25519", "-T", "KEY", "-n", "ENTITY", "-t", "NOAUTH", "-s", "3",
        ],
        &["-a", "ED25519", "-T", "KEY", "-n", "USER", "-p", "4"],
        &["-a", "ED25519", "-C"],
        &["-a", "ED25519", "-G"],
        &["-a", "ED25519", "-c", "CH", "-L", "1h"],
        &["-a", "ED25519", "-P", "none", "-A", "none"],
        &["-a", "ED25519", "-A", "+3d", "-i", "1d"],
        &["-a", "ED25519", "-P", "+1d", "-i", "2d"],
        &[
            "-a", "ED25519", "-f", "KSK", "-R", "+1d", "-I", "+2d", "-D", "+1d",
        ],
        &["-a", "ED25519", "-P", "sync", "+1w", "-D", "sync", "+2w"],
        &["-a", "ED25519", "-e"],
    ];
    for args in sets {
        let (o, b) = (support::scratch(), support::scratch());
        let mut full = args.to_vec();
        full.extend(["-q", "Sh.Test"]);
        let or = ours(o.path(), "keygen", &full).ok();
        let br = support::run_in(b.path(), &bind_keygen, &full).ok();
        assert_eq!(
            normalise(&or.stderr, "keygen"),
            normalise(&br.stderr, "keygen"),
            "{args:?} stderr"
        );
        let (ok, bk) = (or.stdout.trim_end(), br.stdout.trim_end());
        assert_eq!(
            ok.rsplit_once('+').unwrap().0,
            bk.rsplit_once('+').unwrap().0,
            "{args:?} name"
        );
        for ext in ["key", "private"] {
            let ot = fs::read_to_string(o.path().join(format!("{ok}.{ext}"))).unwrap();
            let bt = fs::read_to_string(b.path().join(format!("{bk}.{ext}"))).unwrap();
            // Times may differ by the second between the runs; compare to the minute.
            let minute = |t: &str| shape(t);
            assert_eq!(minute(&ot), minute(&bt), "{args:?} .{ext}");
            let fields = |t: &str| {
                let rec = t
                    .lines()
                    .find(|l| {
                        !l.starts_with(';') && (l.contains(" DNSKEY ") || l.contains(" KEY "))
                    })
                    .map(str::to_string);
                rec.map(|r| r.split(' ').take(6).collect::<Vec<_>>().join(" "))
            };
            assert_eq!(fields(&ot), fields(&bt), "{args:?} record");
            // Which times are set, and their values to the minute.
            // Which times are set, and their values, allowing the seconds between the runs.
            let times = |t: &str| -> Vec<(String, i64)> {
                t.lines()
                    .filter_map(|l| {
                        let (tag, v) = l.trim_start_matches("; ").split_once(": ")?;
                        let v = v.split(' ').next()?;
                        let when = chrono::NaiveDateTime::parse_from_str(v, "%Y%m%d%H%M%S").ok()?;
                        Some((tag.to_string(), when.and_utc().timestamp()))
                    })
                    .collect()
            };
            let (ots, bts) = (times(&ot), times(&bt));
            let tags = |v: &[(String, i64)]| v.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>();
            assert_eq!(tags(&ots), tags(&bts), "{args:?} .{ext} times set");
            for ((tag, o), (_, b)) in ots.iter().zip(&bts) {
                assert!((o - b).abs() <= 10, "{args:?} .{ext} {tag}: {o} vs {b}");
            }
        }
    }
}

#[test]
fn successor_keys_match_bind() {
    let Some(bind_keygen) = support::tool("dnssec-keygen") else {
        return;
    };
    for (maker, delete) in [("ours", true), ("bind", true), ("ours", false)] {
        let (o, b) = (support::scratch(), support::scratch());
        let mut args = vec![
            "-q", "-a", "ED25519", "-f", "KSK", "-L", "300", "-I", "+40d", "s.test",
        ];
        if delete {
            // Without a delete time both tools warn that the old key stays published.
            args.splice(9..9, ["-D", "+50d"]);
        }
        let pred = match maker {
            "ours" => base(ours(o.path(), "keygen", &args)),
            _ => base(support::run_in(o.path(), &bind_keygen, &args)),
        };
        for ext in ["key", "private"] {
            fs::copy(
                o.path().join(format!("{pred}.{ext}")),
                b.path().join(format!("{pred}.{ext}")),
            )
            .unwrap();
        }
        let or = ours(o.path(), "keygen", &["-q", "-S", &pred, "-i", "5d"]).ok();
        let br = support::run_in(b.path(), &bind_keygen, &["-q", "-S", &pred, "-i", "5d"]).ok();
        assert_eq!(
            normalise(&or.stderr, "keygen"),
            normalise(&br.stderr, "keygen"),
            "{maker}"
        );
        let (os, bs) = (or.stdout.trim_end(), br.stdout.trim_end());
        for (dir_o, dir_b, ko, kb) in [
            (o.path(), b.path(), os, bs),
            (o.path(), b.path(), pred.as_str(), pred.as_str()),
        ] {
            for ext in ["key", "private"] {
                let ot = fs::read_to_string(dir_o.join(format!("{ko}.{ext}"))).unwrap();
                let bt = fs::read_to_string(dir_b.join(format!("{kb}.{ext}"))).unwrap();
                let succ = |t: &str| {
                    t.lines()
                        .map(|l| {
                            if l.starts_with("Successor: ") {
                                "Successor: N"
                            } else {
                                l
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                assert_eq!(shape(&succ(&ot)), shape(&succ(&bt)), "{maker}: {ko}.{ext}");
            }
        }
        // The successor keeps the predecessor's TTL (-L 300); BIND 9.18 writes none
        // (README, "Where we differ from BIND on purpose").
        let dnskey_line = |dir: &Path, k: &str| {
            let t = fs::read_to_string(dir.join(format!("{k}.key"))).unwrap();
            let line = t.lines().find(|l| !l.starts_with(';')).unwrap().to_string();
            line.split(" DNSKEY ").next().unwrap().to_string()
        };
        assert_eq!(dnskey_line(o.path(), os), "s.test. 300 IN", "{maker}");
        assert_eq!(dnskey_line(b.path(), bs), "s.test. IN", "{maker}");
        // The predecessor names the new key, and the new key the predecessor.
        let tag = |k: &str| k.rsplit('+').next().unwrap().parse::<u16>().unwrap();
        let pp = fs::read_to_string(o.path().join(format!("{pred}.private"))).unwrap();
        assert!(pp.contains(&format!("\nSuccessor: {}\n", tag(os))), "{pp}");
        let sp = fs::read_to_string(o.path().join(format!("{os}.private"))).unwrap();
        assert!(
            sp.contains(&format!("\nPredecessor: {}\n", tag(&pred))),
            "{sp}"
        );
    }
}

/// A second `-S` for a key that already has a successor: BIND 9.18 makes another key (exit 0)
/// and points the predecessor's `Successor:` at it, so two keys would take over at once; ours
/// refuses, names both keys and writes nothing. `-L` still sets the successor's TTL.
#[test]
fn a_second_successor_is_refused_where_bind_makes_one() {
    let Some(bind_keygen) = support::tool("dnssec-keygen") else {
        return;
    };
    let (o, b) = (support::scratch(), support::scratch());
    let args = [
        "-q", "-a", "ED25519", "-L", "600", "-I", "+40d", "-D", "+50d", "s.test",
    ];
    let pred = base(ours(o.path(), "keygen", &args));
    for ext in ["key", "private"] {
        let f = format!("{pred}.{ext}");
        fs::copy(o.path().join(&f), b.path().join(&f)).unwrap();
    }
    let first = base(ours(o.path(), "keygen", &["-q", "-S", &pred, "-i", "5d"]));
    let bind_first = base(support::run_in(
        b.path(),
        &bind_keygen,
        &["-q", "-S", &pred, "-i", "5d"],
    ));
    // BIND: a second successor, and the predecessor now names it instead of the first.
    let bind_second = base(support::run_in(
        b.path(),
        &bind_keygen,
        &["-q", "-S", &pred, "-i", "5d"],
    ));
    assert_ne!(bind_second, bind_first);
    let tag = |k: &str| k.rsplit('+').next().unwrap().to_string();
    let bp = fs::read_to_string(b.path().join(format!("{pred}.private"))).unwrap();
    assert!(
        bp.contains(&format!(
            "\nSuccessor: {}\n",
            tag(&bind_second).trim_start_matches('0')
        )),
        "{bp}"
    );
    // Ours: refused, naming the key and its successor; nothing written or changed.
    let id = format!("s.test/ED25519/{}", tag(&pred).trim_start_matches('0'));
    support::keys::assert_refused(
        o.path(),
        "keygen",
        &["-q", "-S", &pred, "-i", "5d"],
        &format!(
            "Key {id} already has a successor, {first}; use keygen -S {first} for the key after it"
        ),
    );
    // The next key in the chain is made from the successor, with -L overriding the TTL.
    ours(o.path(), "settime", &["-I", "+80d", "-D", "+90d", &first]).ok();
    let next = base(ours(
        o.path(),
        "keygen",
        &["-q", "-S", &first, "-i", "5d", "-L", "60"],
    ));
    let nk = fs::read_to_string(o.path().join(format!("{next}.key"))).unwrap();
    assert!(nk.contains("\ns.test. 60 IN DNSKEY 256 3 15 "), "{nk}");
    // A successor whose files are gone no longer blocks a new one.
    for ext in ["key", "private"] {
        fs::remove_file(o.path().join(format!("{next}.{ext}"))).unwrap();
    }
    let again = base(ours(o.path(), "keygen", &["-q", "-S", &first, "-i", "5d"]));
    let fp = fs::read_to_string(o.path().join(format!("{first}.private"))).unwrap();
    assert!(
        fp.contains(&format!(
            "\nSuccessor: {}\n",
            tag(&again).trim_start_matches('0')
        )),
        "{fp}"
    );
}

#[test]
fn unusual_owner_names_are_written_and_read_as_bind_does() {
    let Some([bind_keygen, bind_ds]) = support::tools(["dnssec-keygen", "dnssec-dsfromkey"]) else {
        return;
    };
    let dir = support::scratch();
    let d = dir.path();
    for name in [
        "*.wild.test",
        "a\\/b.test",
        "sp\\032ace",
        ".",
        "Example.COM",
        "x.test.",
    ] {
        let o = base(ours(
            d,
            "keygen",
            &["-q", "-a", "ED25519", "-f", "KSK", name],
        ));
        let b = base(support::run_in(
            d,
            &bind_keygen,
            &["-q", "-a", "ED25519", "-f", "KSK", name],
        ));
        assert_eq!(
            o.rsplit_once('+').unwrap().0,
            b.rsplit_once('+').unwrap().0,
            "{name}: file name"
        );
        let text = |k: &str| fs::read_to_string(d.join(format!("{k}.key"))).unwrap();
        assert_eq!(shape(&text(&o)), shape(&text(&b)), "{name}: comments");
        let owner = |k: &str| {
            text(k)
                .lines()
                .find(|l| !l.starts_with(';'))
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_string()
        };
        assert_eq!(owner(&o), owner(&b), "{name}: owner");
        for k in [&o, &b] {
            same_dsfromkey(d, &bind_ds, &["-1", "-2", k], None);
        }
    }
}

/// RSAMD5 (algorithm 1) DNSKEYs get their key tag from the same checksum as every other
/// algorithm, as BIND 9.18 computes it, not RFC 4034 Appendix B.1's modulus bits
/// (docs/bind-compat.md, "key files: names, modes and lookup"). No tool makes such keys any
/// more: BIND's RSA keys are relabelled algorithm 1, KSK and ZSK, and `dsfromkey -A -f` on
/// them must print BIND's DS lines, tags included.
#[test]
fn rsamd5_key_tags_are_bind_s() {
    let Some([bind_keygen, bind]) = support::tools(["dnssec-keygen", "dnssec-dsfromkey"]) else {
        return;
    };
    let dir = support::scratch();
    let d = dir.path();
    let mut set = String::new();
    for _ in 0..4 {
        for ksk in [&["-f", "KSK"][..], &[]] {
            let mut args = vec!["-q", "-a", "RSASHA256", "-b", "1024", "-L", "3600"];
            args.extend_from_slice(ksk);
            args.push("x.test");
            let k = base(support::run_in(d, &bind_keygen, &args));
            let text = std::fs::read_to_string(d.join(format!("{k}.key"))).unwrap();
            let line = text.lines().find(|l| !l.starts_with(';')).unwrap();
            set.push_str(&line.replacen(" 3 8 ", " 3 1 ", 1));
            set.push('\n');
        }
    }
    std::fs::write(d.join("md5.keys"), &set).unwrap();
    let r = same_dsfromkey(d, &bind, &["-A", "-2", "-f", "md5.keys", "x.test"], None);
    assert_eq!(r.stdout.lines().count(), 8, "{}", r.stdout);
    assert!(r
        .stdout
        .lines()
        .all(|l| l.contains(" DS ") && l.contains(" 1 2 ")));
}
