//! Our settime, revoke and importkey against BIND's on the same keys (docs/bind-compat.md,
//! "testing against BIND" scenarios 3-7 and the KASP checks of scenario 25): same files byte
//! for byte, same output, same errors, and BIND's own tools reading what ours wrote.

use crate::support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use support::keys::{bind_keygen, bind_ksk_zsk, snapshot};
use support::{run_in, Run};

fn text(map: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, String> {
    map.iter()
        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned()))
        .collect()
}

/// Copies every file of `from` (with its mode) into a new directory `to`.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for name in snapshot(from).into_keys() {
        fs::copy(from.join(&name), to.join(&name)).unwrap();
    }
}

/// One run's visible result with the program name made neutral.
fn outcome(r: &Run, prog: &str) -> (i32, String, String) {
    let neutral = |s: &str| s.replace(&format!("{prog}: "), "PROG: ");
    (r.code, neutral(&r.stdout), neutral(&r.stderr))
}

/// Runs BIND's tool in `a` and ours in `b` with the same arguments; returns both outcomes.
fn side_by_side(
    bind: &Path,
    ours: &str,
    a: &Path,
    b: &Path,
    args: &[&str],
) -> ((i32, String, String), (i32, String, String)) {
    let bind_name = bind.file_name().unwrap().to_string_lossy().into_owned();
    let rb = run_in(a, bind, args);
    let ro = run_in(b, support::ours(ours), args);
    // Our extra line naming file, line and field of a key-file fault has no BIND twin.
    let ro = Run {
        stderr: support::keys::without_key_detail(&ro.stderr),
        ..ro
    };
    (outcome(&rb, &bind_name), outcome(&ro, ours))
}

fn assert_same(bind: &Path, ours: &str, a: &Path, b: &Path, args: &[&str]) {
    let (rb, ro) = side_by_side(bind, ours, a, b, args);
    assert_eq!(ro, rb, "{args:?}: ours vs BIND");
    assert_eq!(
        text(&snapshot(b)),
        text(&snapshot(a)),
        "{args:?}: files differ"
    );
}

/// Scenario 3 of docs/bind-compat.md, "testing against BIND": the key files BIND writes are
/// read and rewritten byte for byte; `-p all` agrees.
#[test]
fn key_file_byte_compat() {
    let Some([keygen, settime]) = support::tools(["dnssec-keygen", "dnssec-settime"]) else {
        return;
    };
    let d = support::scratch();
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    let legacy = bind_keygen(
        &keygen,
        &src,
        &["-q", "-C", "-a", "ECDSAP256SHA256", "old.test"],
    );
    let timed = bind_keygen(
        &keygen,
        &src,
        &[
            "-q", "-a", "ED25519", "-P", "20300101", "-A", "20300102", "-I", "20310101", "-D",
            "20310201", "-P", "sync", "20300105", "-L", "600", "x.test",
        ],
    );
    let rsa = bind_keygen(
        &keygen,
        &src,
        &["-q", "-a", "RSASHA256", "-f", "KSK", "r.test"],
    );
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    copy_dir(&src, &a);
    copy_dir(&src, &b);
    for k in [&timed, &rsa] {
        for p in ["all", "C", "Psync", "Dds"] {
            assert_same(&settime, "settime", &a, &b, &["-p", p, k]);
            assert_same(&settime, "settime", &a, &b, &["-u", "-p", p, k]);
        }
        assert_same(&settime, "settime", &a, &b, &["-P", "20300101", k]);
        assert_same(
            &settime,
            "settime",
            &a,
            &b,
            &["-L", "none", "-R", "20300301", k],
        );
    }
    // The legacy key: refused without -f, upgraded with it (Created = now: same second).
    assert_same(&settime, "settime", &a, &b, &["-p", "all", &legacy]);
    let (rb, ro) = side_by_side(&settime, "settime", &a, &b, &["-f", &legacy]);
    assert_eq!(ro, rb);
    let strip = |m: BTreeMap<String, String>| -> BTreeMap<String, String> {
        m.into_iter()
            .map(|(k, v)| {
                (
                    k,
                    v.lines()
                        .filter(|l| !l.contains(": 20"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            })
            .collect()
    };
    assert_eq!(strip(text(&snapshot(&b))), strip(text(&snapshot(&a))));
}

/// Scenario 4 of docs/bind-compat.md, "testing against BIND": `settime -s` on a KASP key, ours
/// in one copy and BIND's in another.
#[test]
fn settime_state_round_trip() {
    let Some([keygen, settime]) = support::tools(["dnssec-keygen", "dnssec-settime"]) else {
        return;
    };
    let d = support::scratch();
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    let k = bind_keygen(&keygen, &src, &["-q", "-k", "default", "x.test"]);
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    copy_dir(&src, &a);
    copy_dir(&src, &b);
    let args = [
        "-s",
        "-g",
        "OMNIPRESENT",
        "-d",
        "RUMOURED",
        "20261101000000",
        "-k",
        "OMNIPRESENT",
        "20261101000000",
        "-r",
        "OMNIPRESENT",
        "20261101000000",
        "-z",
        "HIDDEN",
        "20261101000000",
        "-P",
        "ds",
        "20261102",
        "-D",
        "ds",
        "20261201",
        "-P",
        "sync",
        "20261103",
        &k,
    ];
    assert_same(&settime, "settime", &a, &b, &args);
    assert_same(
        &settime,
        "settime",
        &a,
        &b,
        &[
            "-s", "-z", "none", "now", "-I", "20300101", "-D", "20300102", &k,
        ],
    );
    assert_same(&settime, "settime", &a, &b, &["-p", "all", &k]);
    // A key without a .state gets one.
    let plain = bind_keygen(&keygen, &a, &["-q", "-a", "ED25519", "y.test"]);
    for ext in ["key", "private"] {
        fs::copy(
            a.join(format!("{plain}.{ext}")),
            b.join(format!("{plain}.{ext}")),
        )
        .unwrap();
    }
    assert_same(
        &settime,
        "settime",
        &a,
        &b,
        &[
            "-s",
            "-k",
            "rumoured",
            "20261101",
            "-g",
            "omnipresent",
            &plain,
        ],
    );
}

/// Scenario 5 of docs/bind-compat.md, "testing against BIND": every time form, including the
/// ones that fail, gives BIND's result.
#[test]
fn time_syntax_parity() {
    let Some([keygen, settime]) = support::tools(["dnssec-keygen", "dnssec-settime"]) else {
        return;
    };
    let d = support::scratch();
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    let k = bind_keygen(&keygen, &src, &["-q", "-a", "ED25519", "t.test"]);
    let forms = [
        "20261201",
        "20261201120000",
        "20261201+1d",
        "now+1w",
        "+1mo",
        "-2h",
        "+90mi",
        "+1y",
        "1795486144+10",
        "Tue Dec  1 00:00:00 2026",
        "0",
        "-",
        "none",
        "+5m",
        "tomorrow",
        "20261301",
        "+10S",
        "NONE",
        "now-1d",
        "20260230",
    ];
    for form in forms {
        let (a, b) = (d.path().join("a"), d.path().join("b"));
        let _ = fs::remove_dir_all(&a);
        let _ = fs::remove_dir_all(&b);
        copy_dir(&src, &a);
        copy_dir(&src, &b);
        let (rb, ro) = side_by_side(&settime, "settime", &a, &b, &["-P", form, &k]);
        assert_eq!(ro, rb, "-P {form:?}");
        let (pb, po) = side_by_side(&settime, "settime", &a, &b, &["-up", "P", &k]);
        let secs = |s: &str| {
            s.trim()
                .strip_prefix("Publish: ")
                .and_then(|v| v.parse::<i64>().ok())
        };
        match (secs(&pb.1), secs(&po.1)) {
            (Some(x), Some(y)) => assert!((x - y).abs() <= 2, "-P {form:?}: {x} vs {y}"),
            _ => assert_eq!(po, pb, "-P {form:?}"),
        }
    }
}

/// Scenario 6 of docs/bind-compat.md, "testing against BIND": revoke.
#[test]
fn revoke_parity() {
    let Some([keygen, revoke, dsfromkey]) =
        support::tools(["dnssec-keygen", "dnssec-revoke", "dnssec-dsfromkey"])
    else {
        return;
    };
    let d = support::scratch();
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    let k = bind_keygen(
        &keygen,
        &src,
        &["-q", "-a", "ED25519", "-f", "KSK", "rv.test"],
    );
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    copy_dir(&src, &a);
    copy_dir(&src, &b);
    assert_same(&revoke, "revoke", &a, &b, &["-R", &k]);
    let (rb, ro) = side_by_side(&revoke, "revoke", &a, &b, &[&k]);
    assert_eq!(ro, rb);
    let new = ro.1.trim().to_string();
    // Equal to BIND's revoked files apart from the Revoke time.
    let revoke_time = |m: BTreeMap<String, String>| -> BTreeMap<String, String> {
        m.into_iter()
            .map(|(k, v)| {
                let lines: Vec<String> = v
                    .lines()
                    .map(|l| {
                        if l.contains("Revoke: ") {
                            "REVOKE".to_string()
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                (k, lines.join("\n"))
            })
            .collect()
    };
    assert_eq!(
        revoke_time(text(&snapshot(&b))),
        revoke_time(text(&snapshot(&a)))
    );
    // BIND sees our files as revoked.
    let ds = run_in(&b, &dsfromkey, &[&new]).ok();
    assert_eq!(ds.stdout, "");
    let again = run_in(&b, &revoke, &[&new]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("is already revoked"), "{again:?}");
    // A second run without -f is refused in the same words; -r removes the originals.
    assert_same(&revoke, "revoke", &a, &b, &[&k]);
    let (rb, ro) = side_by_side(&revoke, "revoke", &a, &b, &["-f", "-r", &k]);
    assert_eq!(ro, rb);
    for dir in [&a, &b] {
        assert!(
            !dir.join(format!("{k}.key")).exists() && !dir.join(format!("{k}.private")).exists()
        );
    }
    assert_eq!(
        revoke_time(text(&snapshot(&b))),
        revoke_time(text(&snapshot(&a)))
    );
}

fn zone_file(dir: &Path, origin: &str) -> PathBuf {
    let path = dir.join(format!("{origin}.db"));
    fs::write(
        &path,
        format!("$TTL 300\n{origin}. IN SOA ns.{origin}. h.{origin}. 1 3600 600 86400 300\n{origin}. IN NS ns.{origin}.\nns.{origin}. IN A 192.0.2.1\nwww.{origin}. IN A 192.0.2.2\n"),
    )
    .unwrap();
    path
}

/// x.test (its [`zone_file`] written in `p`) signed by BIND's `signzone` with the keys in
/// `p/<keys>` (`-S -O full`): the signed text.
fn bind_signed_x_test(p: &Path, signzone: &Path, keys: &str) -> String {
    zone_file(p, "x.test");
    let args = ["-S", "-K", keys, "-O", "full", "-o", "x.test", "-f", "s.db"];
    run_in(p, signzone, &[&args[..], &["x.test.db"]].concat()).ok();
    fs::read_to_string(p.join("s.db")).unwrap()
}

/// The key tag of a key's base name (`K<zone>+<alg>+<tag>`).
fn tag(base: &str) -> u16 {
    base.rsplit('+').next().unwrap().parse().unwrap()
}

/// `(covered type, key tag)` of every RRSIG in a `-O full` signed zone.
fn signers(signed: &str) -> Vec<(String, u16)> {
    signed
        .lines()
        .filter(|l| !l.starts_with(';'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split_ascii_whitespace().collect();
            (f.get(3) == Some(&"RRSIG")).then(|| (f[4].to_string(), f[10].parse().unwrap()))
        })
        .collect()
}

/// Scenario 7 of docs/bind-compat.md, "testing against BIND": importkey, key-file and zone-file
/// forms, byte-identical with BIND; then BIND's signzone publishes the imported key without
/// signing with it.
#[test]
fn importkey_parity_and_signzone_publishes_only() {
    let Some([keygen, importkey, signzone]) =
        support::tools(["dnssec-keygen", "dnssec-importkey", "dnssec-signzone"])
    else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let foreign = p.join("foreign");
    fs::create_dir(&foreign).unwrap();
    let (fk, fz) = bind_ksk_zsk(&keygen, &foreign, "ED25519", "x.test");
    for dir in ["o1", "o2", "z1", "z2"] {
        fs::create_dir(p.join(dir)).unwrap();
    }
    let key_arg = format!("foreign/{fk}");
    for (out, tool) in [("o1", None), ("o2", Some(&importkey))] {
        let args = [
            "-K", out, "-P", "20200101", "-D", "20300201", "-L", "600", &key_arg,
        ];
        let r = match tool {
            None => run_in(p, support::ours("importkey"), &args),
            Some(t) => run_in(p, t, &args),
        };
        assert_eq!(r.code, 0, "{r:?}");
        assert_eq!(r.stdout, format!("{out}/{fk}.key\n{out}/{fk}.private\n"));
    }
    assert_eq!(
        text(&snapshot(&p.join("o1"))),
        text(&snapshot(&p.join("o2")))
    );

    // Zone-file form: both keys, canonical order, from dig-like lines.
    let mut zone = String::new();
    for k in [&fk, &fz] {
        let t = fs::read_to_string(foreign.join(format!("{k}.key"))).unwrap();
        zone.push_str(&t.lines().last().unwrap().replace(" IN ", " 3600 IN "));
        zone.push('\n');
    }
    fs::write(p.join("x.test"), zone).unwrap();
    let ro = run_in(p, support::ours("importkey"), &["-K", "z1", "-f", "x.test"]).ok();
    let rb = run_in(p, &importkey, &["-K", "z2", "-f", "x.test"]).ok();
    assert_eq!(ro.stdout.replace("z1/", "z2/"), rb.stdout);
    assert_eq!(
        text(&snapshot(&p.join("z1"))),
        text(&snapshot(&p.join("z2")))
    );

    // BIND signs with real keys in o1 and publishes the imported one without using it.
    let (k, z) = bind_ksk_zsk(&keygen, &p.join("o1"), "ED25519", "x.test");
    let signed = bind_signed_x_test(p, &signzone, "o1");
    let dnskeys: Vec<&str> = signed
        .lines()
        .filter(|l| !l.starts_with(';') && l.split_ascii_whitespace().nth(3) == Some("DNSKEY"))
        .collect();
    assert_eq!(dnskeys.len(), 3, "{signed}");
    let used: Vec<u16> = signers(&signed).into_iter().map(|(_, t)| t).collect();
    assert!(
        !used.contains(&tag(&fk)),
        "signed with the imported key: {used:?}"
    );
    assert!(used.contains(&tag(&k)) && used.contains(&tag(&z)));
}

/// Scenario 25 of docs/bind-compat.md, "testing against BIND": BIND reads the `.state` files
/// our settime writes, and signzone honours them: a ZSK whose ZRRSIG state we set to hidden
/// does not sign.
#[test]
fn bind_honours_our_state_files() {
    let Some([keygen, settime, signzone]) =
        support::tools(["dnssec-keygen", "dnssec-settime", "dnssec-signzone"])
    else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let keys = p.join("k");
    fs::create_dir(&keys).unwrap();
    let (k, z1) = bind_ksk_zsk(&keygen, &keys, "ED25519", "x.test");
    let z2 = bind_keygen(&keygen, &keys, &["-q", "-a", "ED25519", "x.test"]);
    let plan: [(&str, &[&str]); 3] = [
        (
            &k,
            &[
                "-s",
                "-g",
                "omnipresent",
                "-k",
                "omnipresent",
                "-1d",
                "-r",
                "omnipresent",
                "-1d",
                "-d",
                "omnipresent",
                "-1d",
            ],
        ),
        (
            &z1,
            &[
                "-s",
                "-g",
                "omnipresent",
                "-k",
                "omnipresent",
                "-1d",
                "-z",
                "omnipresent",
                "-1d",
            ],
        ),
        (
            &z2,
            &[
                "-s",
                "-g",
                "hidden",
                "-k",
                "omnipresent",
                "-1d",
                "-z",
                "hidden",
                "-1d",
            ],
        ),
    ];
    let twin = p.join("bind");
    copy_dir(&keys, &twin);
    for (key, args) in plan {
        let mut full = args.to_vec();
        full.push(key);
        let (rb, ro) = side_by_side(&settime, "settime", &twin, &keys, &full);
        assert_eq!(ro, rb);
    }
    // Our .state files equal BIND's (the relative times were read within the same second
    // or two, so compare without the time stamps).
    let stamp = |m: BTreeMap<String, String>| -> BTreeMap<String, String> {
        m.into_iter()
            .map(|(k, v)| {
                (
                    k,
                    v.lines()
                        .map(|l| l.split(": 2").next().unwrap().to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                )
            })
            .collect()
    };
    assert_eq!(stamp(text(&snapshot(&keys))), stamp(text(&snapshot(&twin))));
    // BIND's settime reads our state files.
    for key in [&k, &z1, &z2] {
        run_in(&keys, &settime, &["-p", "all", key]).ok();
    }
    let signed = bind_signed_x_test(p, &signzone, "k");
    let data_signers: Vec<u16> = signers(&signed)
        .into_iter()
        .filter(|(t, _)| t == "A" || t == "SOA" || t == "NS")
        .map(|(_, t)| t)
        .collect();
    assert!(!data_signers.is_empty());
    assert!(
        data_signers.iter().all(|&t| t == tag(&z1)),
        "{data_signers:?}"
    );
    assert!(
        !signers(&signed).iter().any(|(_, t)| *t == tag(&z2)),
        "hidden ZSK signed"
    );
}

/// Scenario 26 of docs/bind-compat.md, "testing against BIND" for our three tools: every error
/// row and the warning order (with `-v 3`) give BIND's exit status, output and words, and leave
/// the same files.
#[test]
fn error_rows_match_bind() {
    let Some([keygen, settime, revoke, importkey]) = support::tools([
        "dnssec-keygen",
        "dnssec-settime",
        "dnssec-revoke",
        "dnssec-importkey",
    ]) else {
        return;
    };
    let d = support::scratch();
    let src = d.path().join("src");
    fs::create_dir(&src).unwrap();
    let z = bind_keygen(&keygen, &src, &["-q", "-a", "ECDSAP256SHA256", "se.test"]);
    let z2 = bind_keygen(&keygen, &src, &["-q", "-a", "ECDSAP256SHA256", "se.test"]);
    let k = bind_keygen(
        &keygen,
        &src,
        &["-q", "-a", "ECDSAP256SHA256", "-f", "KSK", "se.test"],
    );
    let old = bind_keygen(&keygen, &src, &["-q", "-C", "-a", "ED25519", "old.test"]);
    let y = bind_keygen(&keygen, &src, &["-q", "-a", "ECDSAP256SHA256", "y.test"]);
    fs::write(src.join("Kbad.+013+00001.key"), "; nothing\n").unwrap();
    fs::write(src.join("Kbad.+013+00001.private"), "").unwrap();
    fs::copy(src.join(format!("{z}.key")), src.join("Kcopy.key")).unwrap();
    let mut zone = String::new();
    for key in [&z, &k] {
        let t = fs::read_to_string(src.join(format!("{key}.key"))).unwrap();
        zone.push_str(t.lines().last().unwrap());
        zone.push('\n');
    }
    fs::write(src.join("se.test"), zone).unwrap();
    fs::create_dir(src.join("out")).unwrap();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    copy_dir(&src, &a);
    copy_dir(&src, &b);
    fs::create_dir(a.join("out")).unwrap();
    fs::create_dir(b.join("out")).unwrap();

    let settime_rows: Vec<Vec<&str>> = vec![
        vec!["Knonexist.+013+00001"],
        vec!["Kbad.+013+00001"],
        vec!["Kcopy"],
        vec!["-P", "2026", &z],
        vec!["-P", "20260230", &z],
        vec!["-P", "foo", &z],
        vec!["-g", "RUMOURED", "-s", &z],
        vec!["-g", "OMNIPRESENT", &z],
        vec!["-s", "-d", "FOO", "now", &z],
        vec!["-s", "-d", "OMNIPRESENT", &z],
        vec!["-P", "now", "-P", "now", &z],
        vec![&z, "extra"],
        vec!["-P", "now", &old],
        vec!["-p", "all", &old],
        vec!["-S", &z, &z2],
        vec!["-S", &z, "-P", "now", &z2],
        vec!["-L", "abc", &z],
        vec!["-v", "x", &z],
        // Warnings and their order around the -v 3 note.
        vec![
            "-v", "3", "-I", "20300102", "-D", "20300101", "-R", "20300101", &z,
        ],
        vec!["-v", "3", "-I", "20300103", &z],
        vec!["-v", "3", &z],
        vec!["-I", "20300101", "-D", "20300201", &k],
        vec!["-I", "20300101", "-D", "20300201", &y],
        vec!["-S", &k, &z2],
        vec!["-S", &y, &z2],
        vec![
            "-v", "3", "-S", &z, "-i", "10d", "-s", "-z", "hidden", "20261101", &z2,
        ],
    ];
    for row in &settime_rows {
        assert_same(&settime, "settime", &a, &b, row);
    }
    let revoke_rows: Vec<Vec<&str>> = vec![
        vec!["Knone.+013+00001"],
        vec!["-K", "/nonexistent", &k],
        vec!["sub/Knone.+013+00001"],
        vec![&old],
        vec!["Ka", "Kb"],
        vec!["-v", "x", &k],
        vec!["-R", &k],
        vec!["-R", &z],
    ];
    for row in &revoke_rows {
        assert_same(&revoke, "revoke", &a, &b, row);
    }
    let importkey_rows: Vec<Vec<&str>> = vec![
        vec!["Knone.+013+00001"],
        vec!["Kbad.+013+00001"],
        vec!["-f", "nosuch", "se.test"],
        vec!["-f", "se.test", "other.test"],
        vec!["-P", "bogus", &k],
        vec!["-K", "/nonexistent", &k],
        vec!["-f", "se.test", "a", "b"],
        vec!["-f", "se.test", "-L", "abc"],
        vec![&k],
        vec![
            "-K", "out", "-P", "20300101", "-D", "sync", "20300102", "-f", "se.test",
        ],
        vec!["-K", "out", "-P", "none", "-L", "60", &k],
    ];
    for row in &importkey_rows {
        assert_same(&importkey, "importkey", &a, &b, row);
    }
    // A .private with another mode is rewritten 0600 with BIND's warning.
    use std::os::unix::fs::PermissionsExt;
    for dir in [&a, &b] {
        let private = dir.join(format!("{y}.private"));
        fs::set_permissions(&private, fs::Permissions::from_mode(0o644)).unwrap();
    }
    assert_same(&settime, "settime", &a, &b, &["-P", "20300101", &y]);
    for dir in [&a, &b] {
        let mode = fs::metadata(dir.join(format!("{y}.private")))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

/// docs/bind-compat.md, "importkey: keys we hold": `dig @other DNSKEY | importkey -f -` in a
/// multi-signer setup, where the served DNSKEY RRset holds one of our own keys. BIND stops at
/// our key (`Private key already exists in ...`, exit 1) after importing the keys that sort
/// before it, and never reaches the rest; ours skips our key with a warning naming it and
/// imports the others exactly as BIND imports them when our key is left out of the input.
#[test]
fn importkey_from_a_served_rrset_skips_our_own_key() {
    let Some([keygen, importkey]) = support::tools(["dnssec-keygen", "dnssec-importkey"]) else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let (mine, foreign) = (p.join("mine"), p.join("foreign"));
    fs::create_dir(&foreign).unwrap();
    fs::create_dir(&mine).unwrap();
    // Canonical order is fixed by flags and algorithm: their ZSK (256 3 13), our KSK
    // (257 3 13), their KSK (257 3 15). BIND imports the first, then stops at ours.
    let ours_k = bind_keygen(&keygen, &mine, &["-q", "-a", "13", "-f", "KSK", "m.test"]);
    let their_z = bind_keygen(&keygen, &foreign, &["-q", "-a", "13", "m.test"]);
    let their_k = bind_keygen(
        &keygen,
        &foreign,
        &["-q", "-a", "15", "-f", "KSK", "m.test"],
    );
    let line = |dir: &Path, k: &str| {
        let t = fs::read_to_string(dir.join(format!("{k}.key"))).unwrap();
        t.lines().last().unwrap().replace(" IN ", " 3600 IN ") + "\n"
    };
    // As the other signer serves it: our key first.
    let served = line(&mine, &ours_k) + &line(&foreign, &their_k) + &line(&foreign, &their_z);
    let without_ours = line(&foreign, &their_k) + &line(&foreign, &their_z);
    for dir in ["o", "b"] {
        copy_dir(&mine, &p.join(dir));
    }
    fs::create_dir(p.join("b2")).unwrap();
    let args = |dir: &'static str| ["-K", dir, "-f", "-", "m.test"];

    let b = support::run_with_stdin(p, &importkey, &args("b"), Some(served.as_bytes()));
    assert_eq!((b.code, b.stdout.as_str()), (1, ""), "{b:?}");
    assert_eq!(
        b.stderr,
        format!("dnssec-importkey: fatal: Private key already exists in b/{ours_k}.private\n")
    );
    let mut expect: Vec<String> = vec![
        format!("{ours_k}.key"),
        format!("{ours_k}.private"),
        format!("{their_z}.key"),
        format!("{their_z}.private"),
    ];
    expect.sort();
    assert_eq!(
        snapshot(&p.join("b")).into_keys().collect::<Vec<_>>(),
        expect
    );
    support::run_with_stdin(p, &importkey, &args("b2"), Some(without_ours.as_bytes())).ok();

    let o = support::run_with_stdin(
        p,
        support::ours("importkey"),
        &args("o"),
        Some(served.as_bytes()),
    );
    assert_eq!(o.code, 0, "{o:?}");
    assert_eq!(
        o.stderr,
        format!("importkey: warning: skipping {ours_k}: this key's private key is in o/{ours_k}.private\n")
    );
    assert_eq!(
        o.stdout,
        format!("o/{their_z}.key\no/{their_z}.private\no/{their_k}.key\no/{their_k}.private\n")
    );
    // Our own key is untouched; the others are BIND's imports byte for byte.
    let mut imported = snapshot(&p.join("o"));
    for ext in ["key", "private"] {
        let f = format!("{ours_k}.{ext}");
        assert_eq!(imported.remove(&f), Some(fs::read(mine.join(&f)).unwrap()));
    }
    assert_eq!(text(&imported), text(&snapshot(&p.join("b2"))));

    // The same key under our base name but different material (a tag collision) is not
    // "ours": the refusal stays.
    fs::create_dir(p.join("c")).unwrap();
    fs::copy(
        mine.join(format!("{ours_k}.private")),
        p.join("c").join(format!("{ours_k}.private")),
    )
    .unwrap();
    let other_key = fs::read_to_string(foreign.join(format!("{their_z}.key")))
        .unwrap()
        .replace(&their_z, &ours_k);
    fs::write(p.join("c").join(format!("{ours_k}.key")), other_key).unwrap();
    let c = support::run_with_stdin(
        p,
        support::ours("importkey"),
        &args("c"),
        Some(served.as_bytes()),
    );
    assert_eq!(c.code, 1, "{c:?}");
    assert!(
        c.stderr.ends_with(&format!(
            "importkey: fatal: Private key already exists in c/{ours_k}.private\n"
        )),
        "{}",
        c.stderr
    );
}

/// README, "Where we differ from BIND on purpose": `importkey -f` with an RRset whose later
/// key cannot be loaded (a P-256 point off its curve). BIND writes the keys that sort before
/// it, then stops (`dst_key_fromdns: crypto failure`, exit 1), leaving a partial import; ours
/// checks every key first and writes nothing, with the same fatal line and exit status.
#[test]
fn importkey_with_a_bad_later_key_writes_nothing_where_bind_writes_the_earlier() {
    use base64::Engine;
    let Some([keygen, importkey]) = support::tools(["dnssec-keygen", "dnssec-importkey"]) else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let keys = p.join("keys");
    fs::create_dir(&keys).unwrap();
    for dir in ["b", "o"] {
        fs::create_dir(p.join(dir)).unwrap();
    }
    // Canonical order: the ZSK (256 3 13), the broken KSK (257 3 13), the Ed448 KSK (257 3 16).
    let zsk = bind_keygen(&keygen, &keys, &["-q", "-a", "13", "p.test"]);
    let ksk = bind_keygen(&keygen, &keys, &["-q", "-a", "13", "-f", "KSK", "p.test"]);
    let ed = bind_keygen(&keygen, &keys, &["-q", "-a", "16", "-f", "KSK", "p.test"]);
    let record = |k: &str| {
        let key = dnssec_core::key::Key::load_public_file(&keys.join(format!("{k}.key")))
            .unwrap()
            .dnskey;
        (key.flags, key.algorithm.0, key.public_key)
    };
    let line = |(flags, alg, key): (u16, u8, Vec<u8>)| {
        let b64 = base64::engine::general_purpose::STANDARD.encode(key);
        format!("p.test. 3600 IN DNSKEY {flags} 3 {alg} {b64}\n")
    };
    let (flags, alg, mut point) = record(&ksk);
    point[63] ^= 1; // the last octet of y: no longer on P-256
    let rrset = line(record(&zsk)) + &line((flags, alg, point)) + &line(record(&ed));
    fs::write(p.join("rrset"), &rrset).unwrap();
    let args = |dir: &'static str| ["-K", dir, "-f", "rrset", "p.test"];

    let b = run_in(p, &importkey, &args("b"));
    assert_eq!((b.code, b.stdout.as_str()), (1, ""), "{b:?}");
    let bind_fatal = b.stderr.lines().last().unwrap_or_default();
    assert_eq!(
        bind_fatal, "dnssec-importkey: fatal: dst_key_fromdns: crypto failure",
        "{b:?}"
    );
    // BIND imported the ZSK before it stopped, and never reached the Ed448 key.
    assert_eq!(
        snapshot(&p.join("b")).into_keys().collect::<Vec<_>>(),
        [format!("{zsk}.key"), format!("{zsk}.private")]
    );

    let o = run_in(p, support::ours("importkey"), &args("o"));
    assert_eq!((o.code, o.stdout.as_str()), (1, ""), "{o:?}");
    assert_eq!(
        o.stderr.lines().last().unwrap_or_default(),
        bind_fatal.replacen("dnssec-importkey: ", "importkey: ", 1),
        "{o:?}"
    );
    assert!(snapshot(&p.join("o")).is_empty(), "{o:?}");

    // Without the broken key both import the same two keys (ours is no stricter).
    let good = line(record(&zsk)) + &line(record(&ed));
    fs::write(p.join("rrset"), &good).unwrap();
    for dir in ["b2", "o2"] {
        fs::create_dir(p.join(dir)).unwrap();
    }
    run_in(p, &importkey, &args("b2")).ok();
    run_in(p, support::ours("importkey"), &args("o2")).ok();
    assert_eq!(
        text(&snapshot(&p.join("o2"))),
        text(&snapshot(&p.join("b2")))
    );
}

/// BIND's stream label (`stream-0x7f…`, an address) and ours (`stream-stdin`) made alike.
fn neutral_stream(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("stream-") {
            Some(i) => {
                let end = l[i..].find(':').map_or(l.len(), |e| i + e);
                format!("{}stream{}\n", &l[..i], &l[end..])
            }
            None => format!("{l}\n"),
        })
        .collect()
}

/// docs/bind-compat.md, "importkey: standard input and a second import": `-f -` refuses a
/// record without a TTL (BIND's located warning, then `can't load from input: no ttl`, exit
/// 1, nothing written) where `-f FILE` takes it; the other load failures and `no DNSKEY RR
/// ... in input` are worded as BIND words them. Run by both tools on the same input, each in
/// a directory of its own: same exit status, output, messages and files.
#[test]
fn importkey_stdin_needs_ttls_as_bind() {
    let Some([keygen, importkey]) = support::tools(["dnssec-keygen", "dnssec-importkey"]) else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let k = bind_keygen(&keygen, p, &["-q", "-a", "13", "st.test"]);
    let record = fs::read_to_string(p.join(format!("{k}.key")))
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_string();
    let with_ttl = record.replace(" IN ", " 300 IN ");
    let bad = record.replace(" 256 3 13 ", " 256 3 13 !!!");
    let cases: Vec<(&str, String, i32)> = vec![
        ("no TTL", format!("{record}\n"), 1),
        (
            "no TTL on the second record",
            format!("st.test. 300 IN A 192.0.2.1\n{record}\n"),
            0,
        ),
        ("$TTL", format!("$TTL 600\n{record}\n"), 0),
        ("a TTL", format!("{with_ttl}\n"), 0),
        ("bad base64", format!("{bad}\n"), 1),
        ("no key", "$TTL 300\nst.test. A 192.0.2.1\n".to_string(), 1),
    ];
    for (what, input, code) in cases {
        let (a, b) = (p.join("a"), p.join("b"));
        for dir in [&a, &b] {
            let _ = fs::remove_dir_all(dir);
            fs::create_dir(dir).unwrap();
        }
        let args = ["-K", "out", "-f", "-", "st.test"];
        for dir in [&a, &b] {
            fs::create_dir(dir.join("out")).unwrap();
        }
        let rb = support::run_with_stdin(&a, &importkey, &args, Some(input.as_bytes()));
        let ro = support::run_with_stdin(
            &b,
            support::ours("importkey"),
            &args,
            Some(input.as_bytes()),
        );
        assert_eq!(rb.code, code, "{what}: BIND {rb:?}");
        let (cb, ob, eb) = outcome(&rb, "dnssec-importkey");
        let (co, oo, eo) = outcome(&ro, "importkey");
        assert_eq!(
            (co, oo, neutral_stream(&eo)),
            (cb, ob, neutral_stream(&eb)),
            "{what}: ours vs BIND"
        );
        assert_eq!(
            text(&snapshot(&b.join("out"))),
            text(&snapshot(&a.join("out"))),
            "{what}: files differ"
        );
    }
    // The same record from a file: both take it.
    fs::write(p.join("st.txt"), format!("{record}\n")).unwrap();
    let (a, b) = (p.join("fa"), p.join("fb"));
    fs::create_dir(&a).unwrap();
    fs::create_dir(&b).unwrap();
    let rb = run_in(p, &importkey, &["-K", "fa", "-f", "st.txt", "st.test"]).ok();
    let ro = run_in(
        p,
        support::ours("importkey"),
        &["-K", "fb", "-f", "st.txt", "st.test"],
    )
    .ok();
    assert_eq!(ro.stdout.replace("fb/", "fa/"), rb.stdout);
    assert_eq!(text(&snapshot(&b)), text(&snapshot(&a)));
}

/// docs/bind-compat.md, "importkey: standard input and a second import": importing a key a
/// second time rewrites its `.key` and `External:` `.private` from this run's options alone
/// (a time set by the first run and not by the second is gone), prints both names and exits
/// 0, as BIND does; a `.private` with key material is never replaced (BIND's refusal).
#[test]
fn importkey_twice_rewrites_as_bind() {
    let Some([keygen, importkey]) = support::tools(["dnssec-keygen", "dnssec-importkey"]) else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let foreign = p.join("foreign");
    fs::create_dir(&foreign).unwrap();
    let k = bind_keygen(&keygen, &foreign, &["-q", "-a", "13", "tw.test"]);
    let key_arg = format!("foreign/{k}");
    for dir in ["a", "b"] {
        fs::create_dir(p.join(dir)).unwrap();
    }
    let runs: [&[&str]; 3] = [
        &["-P", "20300101"],
        &["-P", "20300101"],
        &["-D", "20310101", "-L", "600"],
    ];
    for (i, opts) in runs.iter().enumerate() {
        let mut outs = Vec::new();
        for (dir, tool) in [("a", importkey.clone()), ("b", support::ours("importkey"))] {
            let mut args = vec!["-K", dir];
            args.extend_from_slice(opts);
            args.push(&key_arg);
            let r = run_in(p, &tool, &args).ok();
            assert_eq!(
                r.stdout,
                format!("{dir}/{k}.key\n{dir}/{k}.private\n"),
                "run {i}"
            );
            outs.push(text(&snapshot(&p.join(dir))));
        }
        assert_eq!(outs[1], outs[0], "run {i} ({opts:?}): ours vs BIND");
    }
    let private = fs::read_to_string(p.join("b").join(format!("{k}.private"))).unwrap();
    assert!(
        private.contains("Delete: 20310101") && !private.contains("Publish:"),
        "{private}"
    );
    // Over a real private key (the key's own directory): both refuse, nothing changes.
    let before = snapshot(&foreign);
    let args = ["-K", "foreign", key_arg.as_str()];
    let rb = run_in(p, &importkey, &args);
    assert_eq!(snapshot(&foreign), before);
    let ro = run_in(p, support::ours("importkey"), &args);
    assert_eq!(snapshot(&foreign), before);
    assert_eq!(rb.code, 1, "{rb:?}");
    assert_eq!(outcome(&ro, "importkey"), outcome(&rb, "dnssec-importkey"));
}
