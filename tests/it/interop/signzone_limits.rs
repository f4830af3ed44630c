//! signzone and verify against BIND 9.18 on the limits of issue 16 (docs/bind-compat.md,
//! "signzone: validity, limits and signals"): signatures that would not be valid now,
//! numeric flags, NSEC3 iterations from every source, and signals during signing. Each
//! case runs BIND's tool on the same input and compares the exit code and the message
//! where BIND has one; where ours deliberately refuses what BIND writes, the test says so.

use crate::support;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::{ours, run_in, scratch, tools, Run};

const ZONE: &str = "$TTL 300\n@ SOA ns1 host 1 3600 600 86400 300\n@ NS ns1\n\
ns1 A 192.0.2.1\nwww A 192.0.2.2\n";

/// A directory with the zone and a BIND-made KSK and ZSK (ECDSA P-256).
fn setup(keygen: &Path) -> tempfile::TempDir {
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("example.com"), ZONE).unwrap();
    run_in(d, keygen, &["-q", "-a", "13", "-f", "KSK", "example.com"]).ok();
    run_in(d, keygen, &["-q", "-a", "13", "example.com"]).ok();
    dir
}

/// A second directory with the same files, so BIND's side files do not mix with ours.
fn copy_of(src: &Path) -> tempfile::TempDir {
    let dir = scratch();
    for e in fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        // Not a previous run's output: each side starts without one.
        if p.is_file() && !p.ends_with("out.signed") {
            fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// The files of `dir` whose names start with `prefix`.
fn files_starting(dir: &Path, prefix: &str) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

/// The last `fatal:` line of stderr with the program name taken off, or the last line.
fn fatal_line(r: &Run) -> String {
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| !l.starts_with("Fetching"))
        .collect();
    let line = lines
        .iter()
        .rev()
        .find(|l| l.contains("fatal: "))
        .or(lines.last())
        .copied()
        .unwrap_or("");
    line.replace("dnssec-signzone: ", "")
        .replace("signzone: ", "")
}

/// Ours in `d`, BIND in a copy of `d`, both with `-S <args> -o example.com -f out.signed`.
fn both(signzone: &Path, d: &Path, args: &[&str], input: &str) -> (Run, Run, bool, bool) {
    let bind_dir = copy_of(d);
    let mut full = vec!["-S"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["-o", "example.com", "-f", "out.signed", input]);
    let _ = fs::remove_file(d.join("out.signed"));
    let o = run_in(d, ours("signzone"), &full);
    let b = run_in(bind_dir.path(), signzone, &full);
    let ours_wrote = d.join("out.signed").exists();
    let bind_wrote = bind_dir.path().join("out.signed").exists();
    (o, b, ours_wrote, bind_wrote)
}

/// Ours refused: exit 1, the message, and nothing at all written (no output, no temporary
/// file, no dsset file).
fn assert_refused_cleanly(d: &Path, args: &[&str], o: &Run, wrote: bool, message: &str) {
    assert_eq!(o.code, 1, "{args:?}: {o:?}");
    assert!(
        fatal_line(o).contains(message),
        "{args:?}: wanted {message:?}: {o:?}"
    );
    assert!(!wrote, "{args:?} wrote the zone");
    assert!(
        files_starting(d, "out.signed").is_empty(),
        "{args:?} left a temporary file"
    );
    assert!(
        files_starting(d, "dsset-").is_empty(),
        "{args:?} wrote a dsset file"
    );
}

#[test]
fn signatures_not_valid_now_are_refused_before_anything_is_written() {
    let Some([signzone, keygen]) = tools(["dnssec-signzone", "dnssec-keygen"]) else {
        return;
    };
    let dir = setup(&keygen);
    let d = dir.path();
    // BIND refuses these with a message of its own: the same line and exit code.
    for args in [
        &["-s", "now", "-e", "now"][..],
        &["-s", "now+10", "-e", "now+10"],
        &["-s", "now+100", "-e", "now+50"],
        // An end past 2106 wraps to before the start.
        &["-e", "21100101000000"],
        &["-X", "now-1d"],
        &["-X", "now+80y"],
        // Jitter ten times the period: BIND fails on whichever signature it reaches first.
        &["-s", "now", "-e", "now+100", "-j", "1000"],
    ] {
        let (o, b, wrote, _) = both(&signzone, d, args, "example.com");
        assert_eq!(b.code, 1, "{args:?}: BIND {b:?}");
        // With -X BIND names the first key of its own list, in the order it read the key
        // directory, and with jitter whichever key its threads reach first (the KSK in
        // some runs, the ZSK in others); the rest of the line must be the same.
        let key_blind = |l: String| -> String {
            if args[0] != "-X" && !args.contains(&"-j") {
                return l;
            }
            let mut parts: Vec<&str> = l.split('\'').collect();
            if parts.len() == 3 {
                parts[1] = "KEY";
            }
            parts.join("'")
        };
        assert_eq!(
            key_blind(fatal_line(&o)),
            key_blind(fatal_line(&b)),
            "{args:?}\nours {o:?}\nBIND {b:?}"
        );
        assert!(fatal_line(&b).contains("failed to sign data: invalid time"));
        assert_refused_cleanly(d, args, &o, wrote, "invalid time");
    }
    // BIND signs these and then fails its own verification (exit 1, no zone); ours says
    // why before signing.
    for (args, message) in [
        (
            &["-s", "now-40d", "-e", "now-10d"][..],
            "is not in the future: the signatures would have expired",
        ),
        (
            &["-s", "21100101000000", "-e", "21100201000000"],
            "is 68 years or more from now",
        ),
        (&["-s", "now-80y"], "is 68 years or more from now"),
        (&["-s", "now+3600", "-e", "now+1d"], "is in the future"),
    ] {
        let (o, b, wrote, bind_wrote) = both(&signzone, d, args, "example.com");
        assert_eq!((b.code, bind_wrote), (1, false), "{args:?}: BIND {b:?}");
        assert_refused_cleanly(d, args, &o, wrote, message);
    }
    // Refused by ours where BIND writes a zone that is bogus now: -P skips BIND's check,
    // and jitter as large as the period makes some expirations fall before now at random.
    for (args, message) in [
        (
            &["-P", "-s", "now-40d", "-e", "now-10d"][..],
            "the signatures would have expired",
        ),
        (
            &["-j", "2592000"],
            "jitter can move a signature's expiration to",
        ),
    ] {
        let o = run_in(
            d,
            ours("signzone"),
            &[
                &["-S"],
                args,
                &["-o", "example.com", "-f", "out.signed", "example.com"],
            ]
            .concat(),
        );
        let wrote = d.join("out.signed").exists();
        assert_refused_cleanly(d, args, &o, wrote, message);
    }
    // The shortest valid window is accepted by both.
    let (o, b, wrote, bind_wrote) =
        both(&signzone, d, &["-s", "now", "-e", "now+60"], "example.com");
    assert_eq!(
        (o.code, wrote, b.code, bind_wrote),
        (0, true, 0, true),
        "{o:?} {b:?}"
    );
}

#[test]
fn an_expired_kept_signature_is_made_again() {
    let Some([signzone, keygen, verify]) =
        tools(["dnssec-signzone", "dnssec-keygen", "dnssec-verify"])
    else {
        return;
    };
    let dir = setup(&keygen);
    let d = dir.path();
    run_in(
        d,
        &signzone,
        &[
            "-S",
            "-e",
            "now+2",
            "-o",
            "example.com",
            "-f",
            "short.signed",
            "example.com",
        ],
    )
    .ok();
    std::thread::sleep(Duration::from_millis(3200));
    // A cycle near 2^31 makes "expiring before now + cycle" wrap: it used to keep the
    // expired signatures. Both signers must make new ones.
    let args = [
        "-S",
        "-i",
        "2147483647",
        "-o",
        "example.com",
        "-f",
        "re.signed",
        "short.signed",
    ];
    let o = run_in(d, ours("signzone"), &args);
    assert_eq!(o.code, 0, "{o:?}");
    let bind_dir = copy_of(d);
    let b = run_in(bind_dir.path(), &signzone, &args);
    assert_eq!(b.code, 0, "{b:?}");
    let v = run_in(d, &verify, &["-o", "example.com", "re.signed"]);
    assert_eq!(v.code, 0, "BIND's verifier on our output: {v:?}");
    assert!(!v.stderr.contains("expired"), "{v:?}");
}

#[test]
fn numeric_flags_are_checked_as_bind_checks_them() {
    let Some([signzone, keygen]) = tools(["dnssec-signzone", "dnssec-keygen"]) else {
        return;
    };
    let dir = setup(&keygen);
    let d = dir.path();
    let soa_ttl = |dir: &Path| -> Option<String> {
        let text = fs::read_to_string(dir.join("out.signed")).ok()?;
        let line = text
            .lines()
            .find(|l| l.contains("SOA") && !l.contains("RRSIG"))?;
        line.split_whitespace().nth(1).map(str::to_string)
    };
    for value in [
        ("-i", "4294967295"),
        ("-i", "4294967296"),
        ("-i", "2147483648"),
        ("-i", "-1"),
        ("-i", "-99999999999999999999"),
        ("-i", ""),
        ("-i", "0x10"),
        ("-n", "-1"),
        ("-n", "0"),
        ("-n", "2147483648"),
        ("-n", "4294967296"),
        ("-n", "1x"),
        ("-j", "-1"),
        ("-j", "2147483648"),
        ("-j", "4294967296"),
        ("-H", "-1"),
        ("-H", "65536"),
        ("-H", "99999999999999999999"),
        ("-H", "x"),
        ("-v", "99999999999999999999"),
        ("-v", "abc"),
        ("-M", "abc"),
        ("-M", "1h"),
        ("-M", "-1"),
        ("-M", "4294967296"),
        ("-M", "100"),
        ("-T", "abc"),
    ] {
        let args = [value.0, value.1];
        let bind_dir = copy_of(d);
        let full = |a: &[&'static str]| -> Vec<&'static str> {
            [
                &["-S", "-O", "full"][..],
                a,
                &["-o", "example.com", "-f", "out.signed", "example.com"],
            ]
            .concat()
        };
        let _ = fs::remove_file(d.join("out.signed"));
        let o = run_in(d, ours("signzone"), &full(&args));
        let b = run_in(bind_dir.path(), &signzone, &full(&args));
        assert_eq!(o.code, b.code, "{args:?}\nours {o:?}\nBIND {b:?}");
        if b.code != 0 {
            assert_eq!(
                fatal_line(&o).trim_end(),
                fatal_line(&b).trim_end(),
                "{args:?}\nours {o:?}\nBIND {b:?}"
            );
        } else {
            assert_eq!(soa_ttl(d), soa_ttl(bind_dir.path()), "{args:?}");
        }
    }
}

/// A zone signed by ldns with `iterations` NSEC3 iterations and BIND's keys: neither BIND
/// nor ours will make one above 150.
fn ldns_signed(ldns: &Path, d: &Path, iterations: u16, out: &str) {
    let keys: Vec<String> = files_starting(d, "Kexample.com.")
        .into_iter()
        .filter_map(|k| k.strip_suffix(".private").map(str::to_string))
        .collect();
    let it = iterations.to_string();
    let mut args = vec![
        "-n",
        "-t",
        &it,
        "-s",
        "",
        "-f",
        out,
        "-o",
        "example.com",
        "example.com",
    ];
    args.extend(keys.iter().map(String::as_str));
    run_in(d, ldns, &args).ok();
}

#[test]
fn nsec3_iterations_are_limited_from_every_source_as_bind() {
    let Some([signzone, keygen, ldns]) =
        tools(["dnssec-signzone", "dnssec-keygen", "ldns-signzone"])
    else {
        return;
    };
    let dir = setup(&keygen);
    let d = dir.path();
    // Inputs: a bare NSEC3PARAM asking for 65,535 iterations, and real chains of 150 and
    // 151 iterations.
    fs::write(
        d.join("p65535.db"),
        format!("{ZONE}@ NSEC3PARAM 1 0 65535 -\n"),
    )
    .unwrap();
    run_in(
        d,
        &signzone,
        &[
            "-S",
            "-3",
            "-",
            "-H",
            "150",
            "-o",
            "example.com",
            "-f",
            "n150.signed",
            "example.com",
        ],
    )
    .ok();
    ldns_signed(&ldns, d, 151, "n151.signed");
    let nsec3param = |dir: &Path| -> Vec<String> {
        fs::read_to_string(dir.join("out.signed"))
            .map(|t| {
                t.lines()
                    .filter(|l| l.contains("NSEC3PARAM") && !l.contains("RRSIG"))
                    .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect()
            })
            .unwrap_or_default()
    };
    let started = Instant::now();
    for input in ["example.com", "p65535.db", "n150.signed", "n151.signed"] {
        for args in [
            &[][..],
            &["-u"],
            &["-3", "-"],
            &["-3", "-", "-u"],
            &["-3", "AB"],
            &["-3", "-", "-H", "150"],
            &["-3", "-", "-H", "151"],
            &["-3", "-", "-H", "151", "-u"],
            &["-3", "-", "-H", "2501"],
            &["-H", "151"],
        ] {
            let bind_dir = copy_of(d);
            let full = [
                &["-S", "-O", "full"][..],
                args,
                &["-o", "example.com", "-f", "out.signed", input],
            ]
            .concat();
            let _ = fs::remove_file(d.join("out.signed"));
            let o = run_in(d, ours("signzone"), &full);
            let b = run_in(bind_dir.path(), &signzone, &full);
            let what = format!("{input} {args:?}\nours {o:?}\nBIND {b:?}");
            assert_eq!(o.code, b.code, "{what}");
            if b.code != 0 {
                assert_eq!(fatal_line(&o), fatal_line(&b), "{what}");
            }
            assert_eq!(nsec3param(d), nsec3param(bind_dir.path()), "{what}");
        }
    }
    // The 65,535-iteration NSEC3PARAM never turned into a chain: this stays quick.
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn verify_refuses_nsec3_chains_over_bind_limit() {
    let Some([keygen, ldns, bind_verify]) =
        tools(["dnssec-keygen", "ldns-signzone", "dnssec-verify"])
    else {
        return;
    };
    let dir = setup(&keygen);
    let d = dir.path();
    for (iterations, refused) in [(150u16, false), (151, true), (2501, true)] {
        let file = format!("l{iterations}.signed");
        ldns_signed(&ldns, d, iterations, &file);
        let args = ["-o", "example.com", file.as_str()];
        let o = run_in(d, ours("verify"), &args);
        let b = run_in(d, &bind_verify, &args);
        assert_eq!(
            (o.code, &o.stdout, &o.stderr),
            (b.code, &b.stdout, &b.stderr),
            "{iterations} iterations"
        );
        assert_eq!(o.code, i32::from(refused), "{iterations}: {o:?}");
        if refused {
            assert_eq!(o.stderr, "verifynsec3: NSEC3 iterations out of range\n");
        }
    }
}

/// Starts `prog` signing `input` in `d`, waits until its temporary output exists (ours) or
/// a second has passed (BIND, which makes its temporary file only to write the signed zone
/// at the end), sends `signal` and returns the finished run.
fn interrupted(prog: &Path, d: &Path, input: &str, signal: &str, wait_for_temp: bool) -> Run {
    use std::process::{Command, Stdio};
    let mut child = Command::new(prog)
        .args([
            "-S",
            "-n",
            "1",
            "-o",
            "example.com",
            "-f",
            "out.signed",
            input,
        ])
        .current_dir(d)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(60);
    let waiting = || {
        if wait_for_temp {
            files_starting(d, "out.signed").len() < 2
        } else {
            started.elapsed() < Duration::from_secs(1)
        }
    };
    while waiting() {
        assert!(Instant::now() < deadline, "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "finished before the signal"
    );
    let pid = child.id().to_string();
    let k = Command::new("kill")
        .args([format!("-{signal}"), pid])
        .status()
        .unwrap();
    assert!(k.success());
    Run::from_output(child.wait_with_output().unwrap())
}

#[test]
fn signals_remove_the_temporary_file_and_say_so() {
    let Some([signzone, keygen]) = tools(["dnssec-signzone", "dnssec-keygen"]) else {
        return;
    };
    let dir = setup(&keygen);
    let d = dir.path();
    let mut big = String::from(ZONE);
    for i in 0..60_000 {
        big.push_str(&format!("n{i} A 192.0.2.3\n"));
    }
    fs::write(d.join("big.db"), &big).unwrap();
    let ours_path: PathBuf = ours("signzone");
    for signal in ["TERM", "INT", "HUP"] {
        fs::write(d.join("out.signed"), "old\n").unwrap();
        let r = interrupted(&ours_path, d, "big.db", signal, true);
        assert_eq!(r.code, 1, "SIG{signal}: {r:?}");
        assert!(
            r.stderr
                .ends_with("signzone: fatal: process aborted by user\n"),
            "SIG{signal}: {r:?}"
        );
        assert_eq!(
            files_starting(d, "out.signed"),
            ["out.signed"],
            "SIG{signal}"
        );
        assert_eq!(fs::read_to_string(d.join("out.signed")).unwrap(), "old\n");
    }
    // BIND on the same input and signal: the same line, exit code and leftovers.
    let b = interrupted(&signzone, d, "big.db", "TERM", false);
    assert_eq!(b.code, 1, "{b:?}");
    assert!(
        b.stderr
            .ends_with("dnssec-signzone: fatal: process aborted by user\n"),
        "{b:?}"
    );
    assert_eq!(files_starting(d, "out.signed"), ["out.signed"]);
    assert_eq!(fs::read_to_string(d.join("out.signed")).unwrap(), "old\n");
}

#[test]
fn the_post_sign_check_refuses_an_expired_signature_even_with_p() {
    // The fault hook of debug builds writes one expired RRSIG into the output, as a kept
    // signature that had expired would be; the check must refuse it. (BIND has no such
    // hook: nothing to compare.)
    if !cfg!(debug_assertions) {
        eprintln!("SKIP: the fault hook exists in debug builds only");
        return;
    }
    let Some([keygen]) = tools(["dnssec-keygen"]) else {
        return;
    };
    let dir = setup(&keygen);
    let d = dir.path();
    for extra in [&[][..], &["-P"]] {
        fs::write(d.join("out.signed"), "old\n").unwrap();
        let out = std::process::Command::new(ours("signzone"))
            .args(
                [
                    &["-S"],
                    extra,
                    &["-o", "example.com", "-f", "out.signed", "example.com"],
                ]
                .concat(),
            )
            .current_dir(d)
            .env("TZ", "UTC")
            .env("DNSSEC_KIT_TEST_FAULT", "expired-signature")
            .output()
            .unwrap();
        let r = Run::from_output(out);
        assert_eq!(r.code, 1, "{extra:?}: {r:?}");
        assert!(r.stderr.contains("has expired"), "{extra:?}: {r:?}");
        assert!(
            r.stdout.contains("Zone verification failed (failure)"),
            "{r:?}"
        );
        assert_eq!(fs::read_to_string(d.join("out.signed")).unwrap(), "old\n");
        assert_eq!(files_starting(d, "out.signed"), ["out.signed"]);
    }
}

#[test]
fn other_tools_die_of_the_signal_and_keep_an_inherited_ignore() {
    // BIND's other tools have no handler: they die of the signal, and a signal they
    // inherited as ignored (nohup) stays ignored. Ours only remove their temporary files
    // first. verify busy reading a large zone is the long-running tool here.
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let dir = scratch();
    let d = dir.path();
    let mut big = String::from(ZONE);
    for i in 0..1_000_000 {
        big.push_str(&format!("n{i} A 192.0.2.3\n"));
    }
    fs::write(d.join("big.db"), &big).unwrap();
    let start = |nohup: bool| {
        let verify = ours("verify");
        let mut c = if nohup {
            let mut c = Command::new("nohup");
            c.arg(verify);
            c
        } else {
            Command::new(verify)
        };
        c.args(["-o", "example.com", "big.db"])
            .current_dir(d)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let kill = |pid: u32, sig: &str| {
        assert!(Command::new("kill")
            .args([format!("-{sig}"), pid.to_string()])
            .status()
            .unwrap()
            .success());
    };
    let mut child = start(false);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "verify finished too early"
    );
    kill(child.id(), "TERM");
    assert_eq!(child.wait().unwrap().signal(), Some(15));

    let mut child = start(true);
    std::thread::sleep(Duration::from_millis(300));
    kill(child.id(), "HUP");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        child.try_wait().unwrap().is_none(),
        "SIGHUP under nohup killed verify"
    );
    kill(child.id(), "TERM");
    assert_eq!(child.wait().unwrap().signal(), Some(15));
}
