//! signzone and verify as an operator meets them (issue #14; docs/bind-compat.md, "signzone:
//! operator experience"): a CSK signs with `-S` alone, out-of-zone data is summed up rather
//! than listed, progress on a terminal only, and the key-timing warnings of smart signing.
//! Each behaviour is run beside BIND's tools on the same input.

use crate::support;

use dnssec_core::time::Serial;
use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tools, Run};

const ZONE: &str = "$TTL 300\n@ SOA ns.example.com. hm.example.com. 1 3600 600 86400 300\n\
@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.2\nmail MX 10 www\nsub NS ns.sub\nns.sub A 192.0.2.3\n";

const S: &str = "20260101000000";
const E: &str = "20300101000000";

/// The records of a canonical dump with each RRSIG cut before its signature field (ECDSA
/// signatures differ from run to run): what is signed, by whom, for how long.
fn shape(dir: &Path, file: &str) -> Option<Vec<String>> {
    let dump = support::canonical_dump(dir, &[], "example.com", file)?;
    Some(
        dump.lines()
            .map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                if f.get(3) == Some(&"RRSIG") {
                    f[..12.min(f.len())].join(" ")
                } else {
                    f.join(" ")
                }
            })
            .collect(),
    )
}

/// `keygen -k default` (our keygen: one key, KSK and ZSK in its `.state`) and a lone KSK made
/// by BIND's keygen (no `.state` role): `signzone -S` alone signs the whole zone with it,
/// where BIND's signer stops and wants `-z`; the result is what BIND signs with `-S -z`, and
/// BIND's verifier (with `-z`, as for any zone whose keys all have the KSK flag) and Knot's
/// kzonecheck accept it.
#[test]
fn a_csk_signs_the_zone_with_smart_signing_alone() {
    let Some([keygen, signer, verify, kzonecheck]) = tools([
        "dnssec-keygen",
        "dnssec-signzone",
        "dnssec-verify",
        "kzonecheck",
    ]) else {
        return;
    };
    for csk_from_policy in [true, false] {
        let dir = scratch();
        let d = dir.path();
        fs::write(d.join("example.com.db"), ZONE).unwrap();
        if csk_from_policy {
            run_in(d, ours("keygen"), &["-k", "default", "example.com"]).ok();
            let state = fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.extension().is_some_and(|x| x == "state"))
                .expect("keygen -k default writes a .state");
            let state = fs::read_to_string(state).unwrap();
            assert!(state.contains("KSK: yes") && state.contains("ZSK: yes"));
        } else {
            run_in(d, &keygen, &["-q", "-a", "13", "-f", "KSK", "example.com"]).ok();
        }
        let flags = ["-S", "-s", S, "-e", E, "-o", "example.com"];
        fn with(
            flags: &[&'static str],
            extra: &[&'static str],
            out: &'static str,
        ) -> Vec<&'static str> {
            let mut a = flags.to_vec();
            a.extend_from_slice(extra);
            a.extend(["-f", out, "example.com.db"]);
            a
        }
        let r = run_in(d, ours("signzone"), &with(&flags, &[], "o.signed")).ok();
        assert!(r.stdout.contains("KSKs: 1 active"), "{}", r.stdout);
        let text = fs::read_to_string(d.join("o.signed")).unwrap();
        for covered in ["A", "MX", "NS", "SOA", "NSEC", "DNSKEY"] {
            assert!(
                text.contains(&format!("RRSIG\t{covered} 13 ")),
                "no RRSIG over {covered}:\n{text}"
            );
        }
        let b = run_in(d, &signer, &with(&flags, &[], "b.signed"));
        assert_eq!(b.code, 1, "BIND signed without -z: {b:?}");
        assert!(b
            .stderr
            .contains("No non-KSK DNSKEY found; supply a ZSK or use '-z'."));
        run_in(d, &signer, &with(&flags, &["-z"], "b.signed")).ok();
        let (Some(ours_shape), Some(bind_shape)) = (shape(d, "o.signed"), shape(d, "b.signed"))
        else {
            return;
        };
        assert!(ours_shape.len() > 10);
        assert_eq!(ours_shape, bind_shape, "ours -S differs from BIND's -S -z");
        let v = run_in(d, &verify, &["-z", "-o", "example.com", "o.signed"]);
        assert_eq!(v.code, 0, "dnssec-verify -z: {v:?}");
        let k = run_in(
            d,
            &kzonecheck,
            &["-o", "example.com", "-d", "on", "o.signed"],
        );
        assert_eq!(k.code, 0, "kzonecheck: {k:?}");
    }
}

/// With a ZSK beside the KSK nothing changes: `-S` signs the data with the ZSK only.
#[test]
fn a_ksk_with_a_zsk_still_signs_only_the_keys() {
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("example.com.db"), ZONE).unwrap();
    let kg = ours("keygen");
    run_in(d, &kg, &["-q", "-a", "13", "-f", "KSK", "example.com"]).ok();
    let zsk = run_in(d, &kg, &["-q", "-a", "13", "example.com"]).ok();
    let zsk_tag: u16 = zsk
        .stdout
        .trim()
        .rsplit('+')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    run_in(
        d,
        ours("signzone"),
        &[
            "-S",
            "-o",
            "example.com",
            "-f",
            "o.signed",
            "example.com.db",
        ],
    )
    .ok();
    let text = fs::read_to_string(d.join("o.signed")).unwrap();
    let a_sigs: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("www.example.com."))
        .filter(|l| l.contains("RRSIG\tA "))
        .take(1)
        .collect();
    assert_eq!(a_sigs.len(), 1, "{text}");
    // The key tag is on the line after the RRSIG's first line.
    let after = text.split("RRSIG\tA 13 3 300").nth(1).unwrap();
    assert!(
        after
            .lines()
            .nth(1)
            .unwrap()
            .contains(&format!(" {zsk_tag} example.com.")),
        "the A RRset is not signed by the ZSK {zsk_tag}:\n{after}"
    );
    assert_eq!(text.matches("RRSIG\tA 13 3 300").count(), 2, "www and ns");
}

/// A zone for example.com with `extra` records of another zone after it.
fn zone_with_many(records: usize, foreign_suffix: &str) -> String {
    let mut z = String::from(
        "$TTL 300\nexample.com. SOA ns.example.com. hm.example.com. 1 3600 600 86400 300\n\
         example.com. NS ns.example.com.\nns.example.com. A 192.0.2.1\n",
    );
    for i in 0..records {
        z.push_str(&format!(
            "h{i}.{foreign_suffix} A 192.0.2.{}\n",
            i % 250 + 1
        ));
    }
    z
}

fn without_prog(line: &str) -> &str {
    line.split_once(": ").map_or(line, |(_, rest)| rest)
}

/// The out-of-zone lines and the lines after them, for a run loading a zone whose records
/// are (nearly) all outside the origin.
fn assert_bounded(r: &Run, prog: &str, more: usize) {
    let lines: Vec<&str> = r.stderr.lines().collect();
    let ooz = lines
        .iter()
        .filter(|l| l.contains("ignoring out-of-zone data ("))
        .count();
    assert_eq!(ooz, 5, "{prog}: {}", r.stderr);
    let count = format!("{prog}: warning: {more} more out-of-zone records ignored");
    assert!(lines.contains(&count.as_str()), "{prog}: {}", r.stderr);
    assert!(lines.len() <= 10, "{prog}: {} lines", lines.len());
}

/// A wrong `-o` (and none at all): at most five out-of-zone warnings, one count line, BIND's
/// two lines as BIND prints them (its signer and verifier print no out-of-zone warning: the
/// SOA outside the origin stops the load), a hint that names the SOA's owner, exit 1.
#[test]
fn a_wrong_origin_gives_a_count_and_a_hint_not_a_line_per_record() {
    let Some([bind_signer, bind_verify]) = tools(["dnssec-signzone", "dnssec-verify"]) else {
        return;
    };
    let dir = scratch();
    let d = dir.path();
    let n = 3000;
    fs::write(d.join("zone.db"), zone_with_many(n, "example.com.")).unwrap();
    run_in(d, ours("keygen"), &["-q", "-a", "13", "example.net"]).ok();
    // ns and the n hosts are out of zone; the SOA's own owner run stops the load.
    let more = n + 1 - 5;
    let cases: [(&str, &str, Vec<&str>, &str); 4] = [
        (
            "signzone",
            "dnssec-signzone",
            vec!["-S", "-o", "example.net", "zone.db"],
            "not at the origin example.net: check -o",
        ),
        (
            "signzone",
            "dnssec-signzone",
            vec!["-S", "zone.db"],
            "without -o the origin is the file name (zone.db)",
        ),
        (
            "verify",
            "dnssec-verify",
            vec!["-o", "example.net", "zone.db"],
            "not at the origin example.net: check -o",
        ),
        (
            "verify",
            "dnssec-verify",
            vec!["zone.db"],
            "without -o the origin is the file name (zone.db)",
        ),
    ];
    for (prog, bind_prog, args, hint) in cases {
        let ours_run = run_in(d, ours(prog), &args);
        let bind_tool = if prog == "signzone" {
            &bind_signer
        } else {
            &bind_verify
        };
        let bind_run = run_in(d, bind_tool, &args);
        assert_eq!(ours_run.code, 1, "{prog} {args:?}");
        assert_eq!(bind_run.code, 1, "{bind_prog} {args:?}");
        assert_bounded(&ours_run, prog, more);
        assert!(
            ours_run
                .stderr
                .contains(&format!("{prog}: hint: the zone's SOA is at example.com, "))
                && ours_run.stderr.contains(hint),
            "{}",
            ours_run.stderr
        );
        // BIND's lines, in order, among ours.
        let ours_rest: Vec<&str> = ours_run
            .stderr
            .lines()
            .filter(|l| !l.contains("out-of-zone") && !l.contains(": hint: "))
            .map(without_prog)
            .collect();
        let bind_lines: Vec<&str> = bind_run.stderr.lines().map(without_prog).collect();
        assert_eq!(bind_lines.len(), 2, "{bind_prog}: {}", bind_run.stderr);
        assert_eq!(ours_rest, bind_lines, "{prog} {args:?}");
        assert!(!d.join("zone.db.signed").exists());
    }
}

/// The right origin with records of another zone: five warnings, then the count; the zone
/// is signed (BIND copies such records unsigned into its output without a word, which the
/// man page lists as a difference).
#[test]
fn foreign_records_under_the_right_origin_are_counted() {
    let dir = scratch();
    let d = dir.path();
    let n = 2000;
    fs::write(d.join("zone.db"), zone_with_many(n, "example.org.")).unwrap();
    let kg = ours("keygen");
    run_in(d, &kg, &["-q", "-a", "13", "-f", "KSK", "example.com"]).ok();
    run_in(d, &kg, &["-q", "-a", "13", "example.com"]).ok();
    let r = run_in(
        d,
        ours("signzone"),
        &["-S", "-o", "example.com", "-f", "o.signed", "zone.db"],
    )
    .ok();
    assert_bounded(&r, "signzone", n - 5);
    assert!(!r.stderr.contains("hint:"), "{}", r.stderr);
    let v = run_in(d, ours("verify"), &["-o", "example.com", "zone.db"]);
    assert_bounded(&v, "verify", n - 5);
    // Five or fewer: listed, no count line.
    fs::write(d.join("few.db"), zone_with_many(5, "example.org.")).unwrap();
    let r = run_in(
        d,
        ours("signzone"),
        &["-S", "-o", "example.com", "-f", "few.signed", "few.db"],
    )
    .ok();
    assert_eq!(r.stderr.matches("ignoring out-of-zone data (").count(), 5);
    assert!(!r.stderr.contains("more out-of-zone"), "{}", r.stderr);
}

/// A zone of `n` delegations (with the apex and its name server: `n + 2` names).
fn delegations(n: usize) -> String {
    let mut z = String::from(
        "$TTL 300\nexample.com. SOA ns.example.com. hm.example.com. 1 3600 600 86400 300\n\
         example.com. NS ns.example.com.\nns.example.com. A 192.0.2.1\n",
    );
    for i in 0..n {
        z.push_str(&format!("d{i}.example.com. NS ns.d{i}.example.net.\n"));
    }
    z
}

/// Runs `tool args` on a pseudo-terminal (util-linux `script`, which gives the command a
/// terminal for its standard streams and logs what it writes there), progress due at once.
/// Returns the exit code and the terminal's log.
fn on_terminal(script: &Path, dir: &Path, tool: &str, args: &[&str]) -> (i32, String) {
    let mut cmd = ours(tool).display().to_string();
    for a in args {
        cmd.push(' ');
        cmd.push_str(a);
    }
    let out = std::process::Command::new(script)
        .args(["-q", "-e", "-c", &cmd, "terminal.log"])
        .current_dir(dir)
        .env("TZ", "UTC")
        .env("DNSSEC_KIT_PROGRESS_AFTER_MS", "0")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run script");
    let log = fs::read_to_string(dir.join("terminal.log")).unwrap();
    (out.status.code().unwrap_or(-1), log)
}

/// On a terminal, signzone shows each phase with percent and rate (NSEC and NSEC3), verify
/// its check, and every other line starts clean (the progress line is wiped before it).
#[test]
fn progress_shows_on_a_terminal() {
    let Some([script]) = tools(["script"]) else {
        return;
    };
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("big.db"), delegations(3000)).unwrap();
    let kg = ours("keygen");
    run_in(d, &kg, &["-q", "-a", "13", "-f", "KSK", "example.com"]).ok();
    run_in(d, &kg, &["-q", "-a", "13", "example.com"]).ok();
    let sign = ["-S", "-o", "example.com", "-f", "t.signed", "big.db"];
    let (code, log) = on_terminal(&script, d, "signzone", &sign);
    assert_eq!(code, 0, "{log}");
    for shown in [
        "\rsignzone: loading the zone: ",
        "\rsignzone: signing: 0% (0 of 3002 names, 0/s)\x1b[K",
        "\r\x1b[KVerifying the zone using the following algorithms:",
    ] {
        assert!(log.contains(shown), "{shown:?} not in {log:?}");
    }
    // Each report line stands alone on its terminal line.
    assert!(log.contains("\nZone fully signed:\r\n"), "{log:?}");
    let mut nsec3 = vec!["-3", "-"];
    nsec3.extend(sign);
    let (code, log) = on_terminal(&script, d, "signzone", &nsec3);
    assert_eq!(code, 0, "{log}");
    assert!(
        log.contains("\rsignzone: signing the NSEC3 chain: "),
        "{log:?}"
    );
    let (code, log) = on_terminal(&script, d, "verify", &["-o", "example.com", "t.signed"]);
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("\rverify: verifying: 0% (0 of "), "{log:?}");
    assert!(log.contains("\nZone fully signed:"), "{log:?}");
}

/// In a pipe nothing is drawn, even when progress is due at once: both streams are the same
/// bytes as without it, warnings and report included.
#[test]
fn no_progress_in_a_pipe() {
    let dir = scratch();
    let d = dir.path();
    let mut zone = delegations(3000);
    zone.push_str("x.example.org. A 192.0.2.9\n");
    fs::write(d.join("big.db"), zone).unwrap();
    let kg = ours("keygen");
    run_in(d, &kg, &["-q", "-a", "13", "-f", "KSK", "example.com"]).ok();
    run_in(d, &kg, &["-q", "-a", "13", "example.com"]).ok();
    let run = |tool: &str, args: &[&str], progress: bool| {
        let mut cmd = std::process::Command::new(ours(tool));
        cmd.args(args).current_dir(d).env("TZ", "UTC");
        if progress {
            cmd.env("DNSSEC_KIT_PROGRESS_AFTER_MS", "0");
        } else {
            cmd.env_remove("DNSSEC_KIT_PROGRESS_AFTER_MS");
        }
        let out = cmd.stdin(std::process::Stdio::null()).output().unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    let sign = ["-S", "-o", "example.com", "-f", "p.signed", "big.db"];
    let with = run("signzone", &sign, true);
    let without = run("signzone", &sign, false);
    assert_eq!(with, without);
    assert_eq!(with.0, Some(0));
    let err = String::from_utf8(with.2).unwrap();
    assert_eq!(
        err,
        "signzone: warning: big.db:3005: ignoring out-of-zone data (x.example.org)\n"
    );
    let verify = ["-o", "example.com", "p.signed"];
    let with = run("verify", &verify, true);
    assert_eq!(with, run("verify", &verify, false));
    assert_eq!(with.0, Some(0));
    assert!(with.2.is_empty());
}

/// The key tag of a key file's base name (`Kexample.com.+013+08961` is 8961).
fn tag(base: &str) -> u16 {
    base.rsplit('+').next().unwrap().parse().unwrap()
}

fn named(base: &str) -> String {
    format!("example.com/ECDSAP256SHA256/{}", tag(base))
}

/// A key of example.com made by BIND's keygen with `args`, its base name.
fn bind_key(keygen: &Path, dir: &Path, args: &[&str]) -> String {
    let mut a = vec!["-q", "-a", "13"];
    a.extend_from_slice(args);
    a.push("example.com");
    run_in(dir, keygen, &a).ok().stdout.trim().to_string()
}

/// Signs `input` with both signers (`-S`, fixed validity), asserts that the key-timing
/// warnings take nothing from BIND's behaviour (same exit code, standard output and, once
/// our warnings are set aside, standard error; the same signed zone but for signature
/// bytes) and returns our key-timing warning lines.
fn timing_lines(signer: &Path, dir: &Path, input: &str) -> Vec<String> {
    timing_run(signer, dir, input).1
}

/// As [`timing_lines`], with the exit code both signers gave.
fn timing_run(signer: &Path, dir: &Path, input: &str) -> (i32, Vec<String>) {
    let args = |out: &'static str| {
        vec![
            "-S",
            "-s",
            S,
            "-e",
            E,
            "-o",
            "example.com",
            "-f",
            out,
            input,
        ]
    };
    for out in ["o.signed", "b.signed"] {
        let _ = fs::remove_file(dir.join(out));
    }
    let o = run_in(dir, ours("signzone"), &args("o.signed"));
    let b = run_in(dir, signer, &args("b.signed"));
    assert_eq!(o.code, b.code, "ours: {o:?}\nBIND: {b:?}");
    // The report, output name aside; BIND lists fetched keys in directory order.
    let report = |r: &Run, out: &str| {
        let mut l: Vec<String> = r
            .stdout
            .lines()
            .filter(|l| *l != out)
            .map(String::from)
            .collect();
        l.sort();
        l
    };
    assert_eq!(report(&o, "o.signed"), report(&b, "b.signed"));
    let is_timing = |l: &&str| {
        l.starts_with("signzone: warning: key ") || l.starts_with("signzone: warning: KSK ")
    };
    let rest: Vec<&str> = o
        .stderr
        .lines()
        .filter(|l| !is_timing(l))
        .map(without_prog)
        .collect();
    let mut bind_rest: Vec<&str> = b.stderr.lines().map(without_prog).collect();
    // A failed check's lines at one name come in another order than BIND's (noted in the
    // session report); the same lines all the same.
    let mut rest = rest;
    rest.sort_unstable();
    bind_rest.sort_unstable();
    assert_eq!(rest, bind_rest);
    if o.code != 0 {
        assert!(!dir.join("o.signed").exists());
    } else if let (Some(a), Some(b)) = (shape(dir, "o.signed"), shape(dir, "b.signed")) {
        assert_eq!(a, b, "the signed zones differ beyond signature bytes");
    }
    let lines = o
        .stderr
        .lines()
        .filter(is_timing)
        .map(|l| l.trim_start_matches("signzone: warning: ").to_string())
        .collect();
    (o.code, lines)
}

/// A pre-publication ZSK roll as `keygen -S` and settime lay it out, and a KSK roll whose new
/// KSK has its DS: no warning. Each mistake, one at a time: a new key signing as it is
/// published, a replacement not linked as successor, a KSK retiring before its successor
/// has a DS, a ZSK deleted while RRsets of the input are still signed only by it.
#[test]
fn key_timing_warnings_in_smart_signing() {
    let Some([keygen, settime, signer]) =
        tools(["dnssec-keygen", "dnssec-settime", "dnssec-signzone"])
    else {
        return;
    };
    let settime = |dir: &Path, args: &[&str]| run_in(dir, &settime, args).ok();
    // Old ZSK active for 60 days, inactive since yesterday, deleted in 20 days; its linked
    // successor published 10 days ago, active since yesterday.
    let zsk_roll = |d: &Path| {
        let ksk = bind_key(&keygen, d, &["-f", "KSK", "-P", "now-60d", "-A", "now-60d"]);
        let old = bind_key(
            &keygen,
            d,
            &["-P", "now-60d", "-A", "now-60d", "-I", "now+30d"],
        );
        let new = run_in(d, &keygen, &["-q", "-S", &old, "-i", "10d"])
            .ok()
            .stdout
            .trim()
            .to_string();
        settime(d, &["-I", "now-1d", "-D", "now+20d", &old]);
        settime(d, &["-P", "now-10d", "-A", "now-1d", &new]);
        (ksk, old, new)
    };

    // The roll as it should be: nothing to say.
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("z.db"), ZONE).unwrap();
    zsk_roll(d);
    assert_eq!(timing_lines(&signer, d, "z.db"), Vec::<String>::new());

    // The successor published and active in the same run.
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("z.db"), ZONE).unwrap();
    let (_, _, new) = zsk_roll(d);
    settime(d, &["-P", "now", "-A", "now", &new]);
    let lines = timing_lines(&signer, d, "z.db");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with(&format!(
            "key {} signs in the run that first publishes it: ",
            named(&new)
        )),
        "{lines:#?}"
    );

    // A replacement made by plain keygen: not linked.
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("z.db"), ZONE).unwrap();
    let (_, old, new) = zsk_roll(d);
    for ext in ["key", "private", "state"] {
        let _ = fs::remove_file(d.join(format!("{new}.{ext}")));
    }
    let unlinked = bind_key(&keygen, d, &["-P", "now-10d", "-A", "now-1d"]);
    let lines = timing_lines(&signer, d, "z.db");
    assert_eq!(
        lines,
        [format!(
            "key {} replaces key {} but is not linked as its successor: every signature is \
             replaced at once, not gradually (keygen -S makes a linked successor)",
            named(&unlinked),
            named(&old)
        )]
    );

    // A KSK roll: the old KSK retired yesterday, the new one has no DS yet; then it has.
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("z.db"), ZONE).unwrap();
    let old_ksk = bind_key(&keygen, d, &["-f", "KSK", "-P", "now-60d", "-A", "now-60d"]);
    bind_key(&keygen, d, &["-P", "now-60d", "-A", "now-60d"]);
    settime(d, &["-I", "now-1d", "-D", "now+20d", &old_ksk]);
    let new_ksk = bind_key(&keygen, d, &["-f", "KSK", "-P", "now-10d", "-A", "now-1d"]);
    let lines = timing_lines(&signer, d, "z.db");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with(&format!(
            "KSK {} no longer signs the DNSKEY RRset, but KSK {} that does has no DS",
            named(&old_ksk),
            named(&new_ksk)
        )),
        "{lines:#?}"
    );
    settime(d, &["-P", "ds", "now-2d", &new_ksk]);
    assert_eq!(timing_lines(&signer, d, "z.db"), Vec::<String>::new());

    // Re-signing a signed zone: the old ZSK deleted while the input's RRsets carry only its
    // signatures (its linked successor adds none while they are valid).
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("z.db"), ZONE).unwrap();
    let ksk = bind_key(&keygen, d, &["-f", "KSK", "-P", "now-60d", "-A", "now-60d"]);
    let old = bind_key(
        &keygen,
        d,
        &["-P", "now-60d", "-A", "now-60d", "-I", "now+30d"],
    );
    run_in(
        d,
        ours("signzone"),
        &[
            "-S",
            "-s",
            S,
            "-e",
            E,
            "-o",
            "example.com",
            "-f",
            "before.signed",
            "z.db",
        ],
    )
    .ok();
    let new = run_in(d, &keygen, &["-q", "-S", &old, "-i", "10d"])
        .ok()
        .stdout
        .trim()
        .to_string();
    settime(d, &["-P", "now-10d", "-A", "now-1d", &new]);
    // Still published (delete in 20 days): nothing to say.
    settime(d, &["-I", "now-1d", "-D", "now+20d", &old]);
    assert_eq!(
        timing_lines(&signer, d, "before.signed"),
        Vec::<String>::new()
    );
    settime(d, &["-D", "now-1h", &old]);
    let (code, lines) = timing_run(&signer, d, "before.signed");
    // BIND's signer (and ours, the same) then keeps the successor from signing, since the
    // predecessor's signatures are there, and fails its own check: `No correct
    // ECDSAP256SHA256 signature for example.com SOA`, exit 1. The warning says why first.
    assert_eq!(code, 1);
    // SOA, NS, MX and A RRsets and the five NSEC RRsets: ten; the KSK's signature keeps
    // the DNSKEY RRset.
    assert_eq!(
        lines,
        [format!(
            "key {} leaves the DNSKEY RRset while 10 RRsets of the input are signed only by it: \
             resolvers that hold them cannot validate them",
            named(&old)
        )],
        "{ksk}"
    );
}

/// man/signzone.1's cron example, as written there, on the example zone (a YYYYMMDDnn
/// serial): ours and BIND's dnssec-signzone give the same serial, one that advances past the
/// source's (the man page explains why `-N date` and not `-N increment` for a run that reads
/// the unsigned zone), and neither warns that the serial would not advance.
#[test]
fn the_man_page_cron_example_advances_the_serial_as_bind_does() {
    let Some([keygen, signer]) = tools(["dnssec-keygen", "dnssec-signzone"]) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let man = fs::read_to_string(root.join("man/signzone.1")).unwrap();
    let line = man
        .lines()
        .skip_while(|l| !l.starts_with("Re-sign daily from cron"))
        .find(|l| l.trim_start().starts_with("signzone "))
        .expect("man/signzone.1 has a cron example")
        .trim();
    let args: Vec<&str> = line.split_whitespace().skip(1).collect();
    let source = fs::read_to_string(root.join("examples/example.com.db")).unwrap();
    let serial_of = |text: &str| -> u32 {
        let at = text.find(" SOA").unwrap();
        text[at..]
            .split(|c: char| c.is_whitespace() || c == '(')
            .filter(|w| !w.is_empty())
            .nth(3)
            .unwrap()
            .parse()
            .unwrap()
    };
    let old = serial_of(&source);
    let mut serials = Vec::new();
    for tool in [ours("signzone"), signer] {
        let dir = scratch();
        let d = dir.path();
        fs::write(d.join("example.com.db"), &source).unwrap();
        fs::create_dir(d.join("keys")).unwrap();
        bind_key(&keygen, d, &["-K", "keys", "-f", "KSK"]);
        bind_key(&keygen, d, &["-K", "keys"]);
        let r = run_in(d, &tool, &args).ok();
        assert!(!r.stderr.contains("would not advance"), "{tool:?}: {r:?}");
        let signed = fs::read_to_string(d.join("example.com.signed")).unwrap();
        serials.push(serial_of(&signed));
    }
    assert_eq!(serials[0], serials[1], "ours / BIND");
    assert!(
        Serial(serials[0]) > Serial(old),
        "{} does not advance past {old}",
        serials[0]
    );
}
