//! Hostile and careless key input against BIND 9.18's tools on the same files
//! (docs/bind-compat.md, "keys: times, fields and checks"): key times a key file cannot
//! carry, unreadable timing fields, `.state` files BIND refuses, and public keys no validator
//! can use. Where BIND refuses, we refuse with BIND's words after the file, line and field;
//! where BIND accepts something that silently changes meaning, we refuse and the test shows
//! what BIND made of it.

use crate::support;

use std::fs;
use std::path::Path;
use support::keys::snapshot;

/// Ours fails as BIND did: BIND's fatal line (under our program name), after one line
/// `<ours>: warning: <detail>` naming the file, line and field of the fault.
fn bind_fatal_after_detail(ours: &support::Run, bind: &support::Run, prog: &str, detail: &str) {
    assert_eq!(bind.code, 1, "{bind:?}");
    assert_eq!(ours.code, 1, "{ours:?}");
    let bind_prog = format!("dnssec-{prog}: ");
    assert!(bind.stderr.starts_with(&bind_prog), "{bind:?}");
    let fatal = bind.stderr.replacen(&bind_prog, &format!("{prog}: "), 1);
    assert_eq!(
        ours.stderr,
        format!("{prog}: warning: {detail}\n{fatal}"),
        "BIND said {:?}",
        bind.stderr
    );
}

/// The `Publish:` value of a `.private` in `dir` named `base`.
fn publish_stamp(dir: &Path, base: &str) -> String {
    let text = fs::read_to_string(dir.join(format!("{base}.private"))).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("Publish: "))
        .unwrap_or_else(|| panic!("no Publish in {text}"))
        .to_string()
}

/// What BIND's settime says the key's publish time is, in seconds (`-up P`).
fn bind_publish_seconds(dir: &Path, settime: &Path, base: &str) -> i64 {
    let shown = support::run_in(dir, settime, &["-up", "P", base])
        .ok()
        .stdout;
    shown
        .trim()
        .strip_prefix("Publish: ")
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn key_times_outside_1970_2106_are_refused_where_bind_wraps_them() {
    let Some([keygen, settime, importkey]) =
        support::tools(["dnssec-keygen", "dnssec-settime", "dnssec-importkey"])
    else {
        return;
    };
    let ours_dir = support::scratch();
    let bind_dir = support::scratch();
    let (o, b) = (ours_dir.path(), bind_dir.path());
    // One key of each kind to work on.
    let ours_key = support::run_in(o, support::ours("keygen"), &["-q", "-a", "13", "t.test"])
        .ok()
        .stdout
        .trim()
        .to_string();
    let bind_key = support::keys::bind_keygen(&keygen, b, &["-q", "-a", "13", "t.test"]);
    fs::copy(o.join(format!("{ours_key}.key")), o.join("pub.key")).unwrap();

    // (value, the seconds BIND wraps it to, when that is stable over the test run)
    for (value, bind_wrapped) in [
        ("-3000y", None),
        ("+9000y", None),
        // a 1969 date
        ("99991231235959", Some(-769_665)),
        ("5000000000", Some(5_000_000_000 - 4_294_967_296)),
        ("21060207062816", Some(0)),
        // in 32 bits, but 2^31 seconds or more from now: BIND's own stamp is another date
        ("21000101", Some(4_102_444_800 - 4_294_967_296)),
        ("21060207062815", Some(-1)),
        ("19000101", Some(2_085_978_496)),
    ] {
        let msg = format!("time value {value} is invalid: out of range");
        // keygen: nothing is made.
        let before = snapshot(o);
        let r = support::run_in(
            o,
            support::ours("keygen"),
            &["-q", "-a", "13", "-P", value, "t.test"],
        );
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (1, format!("keygen: fatal: {msg}\n").as_str()),
            "{value}"
        );
        assert_eq!(snapshot(o), before, "keygen -P {value} wrote files");
        // settime and importkey: the same refusal, nothing changed.
        support::keys::assert_refused(o, "settime", &["-P", value, &ours_key], &msg);
        support::keys::assert_refused(o, "importkey", &["-P", value, "pub.key"], &msg);

        // BIND takes every one of these and writes a stamp that means another date.
        let r = support::run_in(b, &settime, &["-P", value, &bind_key]);
        assert_eq!(r.code, 0, "{value}: {r:?}");
        let stamp = publish_stamp(b, &bind_key);
        assert_eq!(stamp.len(), 14, "{value}: {stamp}");
        if let Some(wrapped) = bind_wrapped {
            assert_eq!(
                bind_publish_seconds(b, &settime, &bind_key),
                wrapped,
                "{value}"
            );
        }
        let r = support::run_in(
            b,
            &keygen,
            &["-q", "-a", "13", "-K", ".", "-P", value, "u.test"],
        );
        assert_eq!(r.code, 0, "{value}: {r:?}");
        let imp = support::scratch();
        fs::copy(
            b.join(format!("{bind_key}.key")),
            imp.path().join("pub.key"),
        )
        .unwrap();
        let r = support::run_in(imp.path(), &importkey, &["-P", value, "pub.key"]);
        assert_eq!(r.code, 0, "{value}: {r:?}");
    }

    // The edges of the window are written by both tools alike, and BIND reads our stamp
    // as the time we meant.
    let stamp_0 = "19700101000000";
    for (value, expected) in [("0", Some(0)), ("+2147000000", None)] {
        support::run_in(o, support::ours("settime"), &["-P", value, &ours_key]).ok();
        support::run_in(b, &settime, &["-P", value, &bind_key]).ok();
        let (ours_s, bind_s) = (
            bind_publish_seconds(o, &settime, &ours_key),
            bind_publish_seconds(b, &settime, &bind_key),
        );
        assert!((ours_s - bind_s).abs() <= 2, "{value}: {ours_s} {bind_s}");
        if let Some(e) = expected {
            assert_eq!(ours_s, e);
            assert_eq!(publish_stamp(o, &ours_key), stamp_0);
            assert_eq!(publish_stamp(b, &bind_key), stamp_0);
        } else {
            // settime -up shows the 32-bit value as signed: 2094 prints as negative
            assert!(ours_s.rem_euclid(1 << 32) > 3_900_000_000, "{ours_s}");
            assert!(publish_stamp(o, &ours_key).starts_with("209"));
            assert!(publish_stamp(b, &bind_key).starts_with("209"));
        }
    }
}

#[test]
fn unreadable_timing_fields_are_errors_naming_file_line_and_field() {
    let Some([keygen, settime, signzone]) =
        support::tools(["dnssec-keygen", "dnssec-settime", "dnssec-signzone"])
    else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let (k, z) = support::keys::bind_ksk_zsk(&keygen, p, "13", "sz.test");
    let private = p.join(format!("{z}.private"));
    let good = fs::read_to_string(&private).unwrap();
    let line = good
        .lines()
        .position(|l| l.starts_with("Publish: "))
        .unwrap()
        + 1;
    fs::write(
        p.join("db"),
        "sz.test. 300 IN SOA ns.sz.test. h.sz.test. 1 3600 600 86400 300\n\
         sz.test. 300 IN NS ns.sz.test.\nns.sz.test. 300 IN A 192.0.2.1\n",
    )
    .unwrap();
    for (bad, words) in [
        // what our earlier keygen -P -3000y wrote
        ("-9721130020626", "syntax error"),
        ("2026120100000", "syntax error"),
        ("20261301000000", "out of range"),
    ] {
        let spoilt = good
            .lines()
            .map(|l| {
                if l.starts_with("Publish: ") {
                    format!("Publish: {bad}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect::<String>();
        fs::write(&private, spoilt).unwrap();
        let bind = support::run_in(p, &settime, &["-p", "P", &z]);
        assert_eq!(
            (bind.code, bind.stderr.as_str()),
            (
                1,
                format!("dnssec-settime: fatal: Invalid keyfile {z}: {words}\n").as_str()
            ),
            "{bad}"
        );
        let r = support::run_in(p, support::ours("settime"), &["-p", "P", &z]);
        bind_fatal_after_detail(
            &r,
            &bind,
            "settime",
            &format!("{z}.private:{line}: Publish: {words}"),
        );
        // signzone -S: BIND and we warn about the key and go on without it; ours names the
        // line and field; without the ZSK neither signs.
        let bind = support::run_in(p, &signzone, &["-S", "-o", "sz.test", "-f", "b.out", "db"]);
        assert_eq!(bind.code, 1, "{bad}: {bind:?}");
        assert!(
            bind.stderr.contains(&format!(
                "warning: dns_dnssec_findmatchingkeys: error reading key file {z}.private: {words}"
            )),
            "{bad}: {}",
            bind.stderr
        );
        let r = support::run_in(
            p,
            support::ours("signzone"),
            &["-S", "-o", "sz.test", "-f", "o.out", "db"],
        );
        assert_eq!(r.code, 1, "{bad}: {r:?}");
        assert!(
            r.stderr.contains(&format!(
                "signzone: warning: {z}.private:{line}: Publish: {words}\n\
                 signzone: warning: dns_dnssec_findmatchingkeys: error reading key file {z}.private: {words}\n"
            )),
            "{bad}: {}",
            r.stderr
        );
        assert!(!p.join("o.out").exists() && !p.join("b.out").exists());
    }
    // A stamp BIND reads modulo 2^32 (1900 becomes 2036): BIND signs from 2036 on without a
    // word; we refuse to read it.
    fs::write(
        &private,
        good.lines()
            .map(|l| {
                if l.starts_with("Publish: ") {
                    "Publish: 19000101000000\n".to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(bind_publish_seconds(p, &settime, &z), 2_085_978_496);
    let r = support::run_in(p, support::ours("settime"), &["-p", "P", &z]);
    assert_eq!(
        r.stderr,
        format!(
            "settime: warning: {z}.private:{line}: Publish: out of range\n\
             settime: fatal: Invalid keyfile {z}: out of range\n"
        )
    );
    let _ = k;
}

#[test]
fn state_files_are_read_as_bind_reads_them() {
    let Some([keygen, settime]) = support::tools(["dnssec-keygen", "dnssec-settime"]) else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let k = support::keys::bind_keygen(&keygen, p, &["-q", "-a", "13", "-k", "default", "st.test"]);
    let state = p.join(format!("{k}.state"));
    let good = fs::read_to_string(&state).unwrap();
    const H: &str = "; header\nAlgorithm: 13\nLength: 256\n";
    // (file, BIND's words or None when it loads; the line and field we name)
    let cases: &[(String, Option<(&str, &str)>)] = &[
        (
            "hello world\nthis is junk\n".into(),
            Some(("unexpected token", "2: Algorithm")),
        ),
        (String::new(), Some(("end of file", "1: Algorithm"))),
        (
            "; x\nAlgorithm: 13\n".into(),
            Some(("end of file", "2: Length")),
        ),
        (
            "; x\nLength: 256\nAlgorithm: 13\n".into(),
            Some(("unexpected token", "2: Algorithm")),
        ),
        (
            "; x\nAlgorithm: 8\nLength: 256\n".into(),
            Some(("unexpected token", "2: Algorithm")),
        ),
        (
            "; x\nAlgorithm: 13\nLength: 384\n".into(),
            Some(("unexpected token", "3: Length")),
        ),
        (
            format!("{H}Published: abc\n"),
            Some(("syntax error", "4: Published")),
        ),
        (
            format!("{H}Published: 2026"),
            Some(("syntax error", "4: Published")),
        ),
        (
            format!("{H}Published: 20301301000000\n"),
            Some(("out of range", "4: Published")),
        ),
        (
            format!("{H}Published:\nActive: 20300101000000\n"),
            Some(("unexpected token", "4: Published")),
        ),
        (
            format!("{H}Published:"),
            Some(("end of file", "4: Published")),
        ),
        (
            format!("{H}DNSKEYState: maybe\n"),
            Some(("not found", "4: DNSKEYState")),
        ),
        (
            format!("{H}KSK: maybe\n"),
            Some(("unexpected token", "4: KSK")),
        ),
        (
            format!("{H}KSK: YES\n"),
            Some(("unexpected token", "4: KSK")),
        ),
        (
            format!("{H}Lifetime: -5\n"),
            Some(("unexpected token", "4: Lifetime")),
        ),
        (
            format!("{H}Lifetime: 99999999999\n"),
            Some(("out of range", "4: Lifetime")),
        ),
        // what BIND loads: unknown tags, lines without a tag, a cut-off tag, any case
        (good.clone(), None),
        (format!("{H}Foo: 5\n"), None),
        (format!("{H}Published 20300101000000\n"), None),
        (format!("{H}Publ"), None),
        (format!("{H}published: 20300101000000\n"), None),
        (format!("{H}Published: 20300101000000 (junk)\n"), None),
        (format!("{H}DNSKEYState: OMNIPRESENT\n"), None),
        (good[..good.find("ZSK:").unwrap() + 2].to_string(), None),
        // cut inside a value
        (
            good[..good.find("ZSK:").unwrap() + 6].to_string(),
            Some(("unexpected token", "6: ZSK")),
        ),
    ];
    for (text, expected) in cases {
        fs::write(&state, text).unwrap();
        let bind = support::run_in(p, &settime, &["-up", "P", &k]);
        let ours = support::run_in(p, support::ours("settime"), &["-up", "P", &k]);
        match expected {
            Some((words, place)) => {
                assert_eq!(
                    (bind.code, bind.stderr.as_str()),
                    (
                        1,
                        format!("dnssec-settime: fatal: Invalid keyfile {k}: {words}\n").as_str()
                    ),
                    "{text:?}"
                );
                bind_fatal_after_detail(
                    &ours,
                    &bind,
                    "settime",
                    &format!("{k}.state:{place}: {words}"),
                );
            }
            None => {
                assert_eq!(bind.code, 0, "{text:?}: {bind:?}");
                assert_eq!(
                    (ours.code, &ours.stdout),
                    (0, &bind.stdout),
                    "{text:?}: {ours:?}"
                );
            }
        }
    }
    // settime -s does not replace a junk .state: both refuse and leave it.
    fs::write(&state, "junk\njunk\n").unwrap();
    let bind = support::run_in(p, &settime, &["-s", "-g", "omnipresent", &k]);
    let before = snapshot(p);
    let ours = support::run_in(
        p,
        support::ours("settime"),
        &["-s", "-g", "omnipresent", &k],
    );
    bind_fatal_after_detail(
        &ours,
        &bind,
        "settime",
        &format!("{k}.state:2: Algorithm: unexpected token"),
    );
    assert_eq!(snapshot(p), before);
}

/// Writes `K<name>.key` holding one DNSKEY and returns the file name.
fn key_file(dir: &Path, name: &str, flags: &str, alg: u8, key: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(key);
    let file = format!("K{name}.key");
    fs::write(
        dir.join(&file),
        format!("kc.test. IN DNSKEY {flags} 3 {alg} {b64}\n"),
    )
    .unwrap();
    file
}

#[test]
fn public_keys_no_validator_can_use_are_refused() {
    let Some([keygen, dsfromkey, importkey]) =
        support::tools(["dnssec-keygen", "dnssec-dsfromkey", "dnssec-importkey"])
    else {
        return;
    };
    let d = support::scratch();
    let p = d.path();
    let good = support::keys::bind_keygen(&keygen, p, &["-q", "-a", "13", "-f", "KSK", "kc.test"]);
    let good_key = dnssec_core::key::Key::load_public_file(&p.join(format!("{good}.key")))
        .unwrap()
        .dnskey
        .public_key;
    let mut off_curve = good_key.clone();
    off_curve[63] ^= 1;
    // (name, flags, algorithm, key, BIND's words in keyfile mode)
    let cases: Vec<(&str, &str, u8, Vec<u8>, &str)> = vec![
        ("zero256", "257", 13, vec![0; 64], "crypto failure"),
        ("off256", "257", 13, off_curve, "crypto failure"),
        ("zero384", "257", 14, vec![0; 96], "crypto failure"),
        ("three", "257", 13, vec![1, 2, 3], "public key is invalid"),
        ("ed31", "257", 15, vec![7; 31], "public key is invalid"),
        (
            "ed448short",
            "257",
            16,
            vec![7; 56],
            "public key is invalid",
        ),
        (
            "flags65535",
            "65535",
            13,
            good_key.clone(),
            "public key is invalid",
        ),
        (
            "flagsxt",
            "4353",
            13,
            good_key.clone(),
            "public key is invalid",
        ),
    ];
    for (name, flags, alg, key, words) in &cases {
        let file = key_file(p, name, flags, *alg, key);
        // dsfromkey on the .key
        let bind = support::run_in(p, &dsfromkey, &["-2", &file]);
        assert_eq!(bind.code, 1, "{name}: {bind:?}");
        assert!(
            bind.stderr
                .ends_with(&format!("fatal: can't load {file}.key: {words}\n")),
            "{name}: {}",
            bind.stderr
        );
        // Ours: a line naming file, line and field, then BIND's fatal line as BIND prints
        // it (the argument as typed, `.key` appended).
        let bind_fatal = bind.stderr.lines().last().unwrap_or_default();
        let r = support::run_in(p, support::ours("dsfromkey"), &["-2", &file]);
        assert_eq!(
            (r.code, r.stdout.as_str(), r.stderr.as_str()),
            (
                1,
                "",
                format!(
                    "dsfromkey: warning: {file}:1: DNSKEY: {words}\n{}\n",
                    bind_fatal.replacen("dnssec-dsfromkey: ", "dsfromkey: ", 1)
                )
                .as_str()
            ),
            "{name}"
        );
        // importkey on the .key: both refuse, nothing is written
        let bind = support::run_in(p, &importkey, &[&file]);
        assert_eq!(bind.code, 1, "{name}: {bind:?}");
        assert!(
            bind.stderr
                .ends_with(&format!("fatal: invalid keyfile name {file}: {words}\n")),
            "{name}: {bind:?}"
        );
        support::keys::assert_refused_at(
            p,
            "importkey",
            &[&file],
            &format!("{file}:1: DNSKEY: {words}"),
            &format!("invalid keyfile name {file}: {words}"),
        );
        // -f input (a zone file with TTLs): BIND's importkey refuses, its dsfromkey hashes
        // the bytes; we refuse in both.
        let zone = format!("{name}.zone");
        fs::write(
            p.join(&zone),
            fs::read_to_string(p.join(&file))
                .unwrap()
                .replace(" IN ", " 300 IN "),
        )
        .unwrap();
        let bind = support::run_in(p, &importkey, &["-f", &zone, "kc.test"]);
        assert_eq!(bind.code, 1, "{name}: {bind:?}");
        assert!(
            bind.stderr
                .ends_with(&format!("dst_key_fromdns: {words}\n")),
            "{name}: {bind:?}"
        );
        support::keys::assert_refused(
            p,
            "importkey",
            &["-f", &zone, "kc.test"],
            &format!("dst_key_fromdns: {words}"),
        );
        if *flags == "257" {
            let bind = support::run_in(p, &dsfromkey, &["-2", "-f", &zone, "kc.test"]);
            assert_eq!(bind.code, 0, "{name}: {bind:?}");
            assert!(bind.stdout.contains(" IN DS "), "{name}: {bind:?}");
        }
        let r = support::run_in(
            p,
            support::ours("dsfromkey"),
            &["-2", "-f", &zone, "kc.test"],
        );
        if *flags == "65535" {
            // revoked: neither tool prints a DS for it, so there is nothing to refuse
            let bind = support::run_in(p, &dsfromkey, &["-2", "-f", &zone, "kc.test"]);
            assert_eq!((bind.code, bind.stdout.as_str()), (0, ""), "{name}");
            assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{name}");
            continue;
        }
        assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{name}: {r:?}");
        assert!(
            r.stderr
                .starts_with(&format!("dsfromkey: fatal: can't load {zone}: DNSKEY "))
                && r.stderr.ends_with(&format!(": {words}\n")),
            "{name}: {}",
            r.stderr
        );
    }
    // The good key and flags BIND takes (no extended-flags bit) pass both.
    for flags in ["257", "0", "49409"] {
        let file = key_file(p, &format!("fl{flags}"), flags, 13, &good_key);
        let bind = support::run_in(p, &dsfromkey, &["-2", &file]).ok();
        let ours = support::run_in(p, support::ours("dsfromkey"), &["-2", &file]).ok();
        assert_eq!(ours.stdout, bind.stdout, "{flags}");
    }
    // An RSA key with a one-octet modulus: BIND hashes it; no validator can use it, we refuse.
    let file = key_file(p, "rsa8", "257", 8, &[1, 3, 0xc5]);
    let bind = support::run_in(p, &dsfromkey, &["-2", &file]);
    assert_eq!(bind.code, 0, "{bind:?}");
    // Our refusal is worded as BIND words a key file it cannot load (argument + `.key`).
    let r = support::run_in(p, support::ours("dsfromkey"), &["-2", &file]);
    assert_eq!(
        r.stderr,
        format!(
            "dsfromkey: warning: {file}:1: DNSKEY: public key is invalid\n\
             dsfromkey: fatal: can't load {file}.key: public key is invalid\n"
        )
    );
}
