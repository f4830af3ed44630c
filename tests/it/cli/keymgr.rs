//! keymgr alone: a step's output and files, `-n`, the exit status while a DS waits for the
//! parent, `-checkds` and `-rollover` refusals, the lock, `-plan` against repeated steps, and
//! bad input refused with a message naming the file.

use crate::support::{self, keys::snapshot, run_in, Run};
use std::fs;
use std::path::Path;

fn keymgr(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, support::ours("keymgr"), args)
}

/// Key tags replaced by `#1`, `#2`, ... in order of appearance, so that runs making different
/// random keys compare.
fn without_tags(lines: &[String]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    lines
        .iter()
        .map(|l| {
            let Some((head, rest)) = l.split_once(": ") else {
                return l.clone();
            };
            let Some((prefix, tag)) = head.rsplit_once('/') else {
                return l.clone();
            };
            let n = match seen.iter().position(|t| t == tag) {
                Some(n) => n,
                None => {
                    seen.push(tag.to_string());
                    seen.len() - 1
                }
            };
            format!("{prefix}/#{}: {rest}", n + 1)
        })
        .collect()
}

/// The change lines of a step (without the last `next run` line).
fn changes(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| !l.contains(": next run ") && !l.contains(": no run scheduled"))
        .map(str::to_string)
        .collect()
}

#[test]
fn step_dry_run_and_waiting_for_the_parent() {
    let tmp = support::scratch();
    let dir = tmp.path();
    // -n prints the plan and writes nothing.
    let dry = keymgr(dir, &["-n", "-t", "20300101000000", "example"]).ok();
    assert!(dry.stdout.contains("created (CSK)"), "{}", dry.stdout);
    assert!(
        dry.stdout
            .ends_with("example: next run 20300101020500 (Tue Jan  1 02:05:00 2030)\n"),
        "{}",
        dry.stdout
    );
    assert!(snapshot(dir).keys().all(|f| f == "keymgr.lock"));
    let first = keymgr(dir, &["-t", "20300101000000", "example"]).ok();
    let files: Vec<String> = snapshot(dir).into_keys().collect();
    assert_eq!(files.len(), 4, "{files:?}");
    let private = files.iter().find(|f| f.ends_with(".private")).unwrap();
    let mode = fs::metadata(dir.join(private)).unwrap().permissions();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode) & 0o777,
        0o600
    );
    // A second run at the same time has nothing to do and rewrites nothing.
    let before = snapshot(dir);
    let again = keymgr(dir, &["-t", "20300101000000", "example"]).ok();
    assert!(changes(&again).is_empty(), "{}", again.stdout);
    assert_eq!(before, snapshot(dir));
    assert!(changes(&first).len() > 5);
    keymgr(dir, &["-t", "20300101020500", "example"]).ok();
    // Signatures spread: the DS goes rumoured and waits for the parent: exit 2.
    let waiting = keymgr(dir, &["-t", "20300102000500", "example"]);
    assert_eq!(waiting.code, 2, "{waiting:?}");
    assert!(
        waiting.stdout.contains("DS hidden -> rumoured"),
        "{}",
        waiting.stdout
    );
    let status = keymgr(dir, &["-t", "20300102000500", "-status", "example"]).ok();
    assert!(
        status.stdout.contains("waits for the parent's DS"),
        "{}",
        status.stdout
    );
    // Confirmed: DSPublish set, the run is no longer waiting.
    let confirmed = keymgr(
        dir,
        &["-t", "20300102010000", "-checkds", "published", "example"],
    )
    .ok();
    assert!(
        confirmed.stdout.contains("DSPublish 20300102010000"),
        "{}",
        confirmed.stdout
    );
    let state = snapshot(dir)
        .into_iter()
        .find(|(f, _)| f.ends_with(".state"))
        .unwrap()
        .1;
    let state = String::from_utf8(state).unwrap();
    assert!(state.contains("\nDSPublish: 20300102010000 "), "{state}");
    // DSChange is not touched by checkds (named leaves it too).
    assert!(state.contains("\nDSChange: 20300102000500 "), "{state}");
}

#[test]
fn plan_matches_repeated_steps() {
    let tmp = support::scratch();
    let dir = tmp.path();
    let plan = keymgr(
        dir,
        &["-t", "20300101000000", "-plan", "20300201000000", "example"],
    )
    .ok();
    assert!(snapshot(dir).keys().all(|f| f == "keymgr.lock"));
    // Replay: step at each time the plan names, confirming the DS where it assumed it.
    let mut replay = Vec::new();
    let mut times: Vec<&str> = plan
        .stdout
        .lines()
        .filter_map(|l| l.split(' ').next())
        .filter(|t| t.len() == 14 && t.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    times.dedup();
    for t in times {
        let checkds = plan
            .stdout
            .lines()
            .any(|l| l.starts_with(t) && l.contains("assuming the parent's DS is published"));
        let mut args = vec!["-t", t];
        if checkds {
            args.extend(["-checkds", "published"]);
        }
        args.push("example");
        let run = keymgr(dir, &args);
        for line in changes(&run) {
            if !line.contains("marked DS as") {
                replay.push(format!("{t} {line}"));
            }
        }
    }
    let planned: Vec<String> = plan
        .stdout
        .lines()
        .filter(|l| !l.contains("assuming the parent") && !l.starts_with("example: "))
        .map(str::to_string)
        .collect();
    assert_eq!(without_tags(&planned), without_tags(&replay));
    assert!(
        planned
            .iter()
            .any(|l| l.contains("DS rumoured -> omnipresent")),
        "{planned:?}"
    );
}

#[test]
fn refusals() {
    let tmp = support::scratch();
    let dir = tmp.path();
    keymgr(dir, &["-t", "20300101000000", "example"]).ok();
    let before = snapshot(dir);
    let refused = |args: &[&str], message: &str| {
        let run = keymgr(dir, args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert_eq!(before, snapshot(dir), "{args:?} changed files");
    };
    refused(
        &["-checkds", "maybe", "example"],
        "expected 'published', 'withdrawn' or 'auto'",
    );
    refused(
        &["-checkds", "published", "-key", "1", "example"],
        "no matching key found",
    );
    refused(&["-rollover", "example"], "-rollover needs -key");
    refused(&["-t", "yesterday", "example"], "-t:");
    refused(
        &["-l", "named.conf", "example"],
        "open: named.conf: file not found",
    );
    refused(&["-k", "mine", "example"], "dnssec-policy 'mine' not found");
    refused(
        &["-K", "missing", "example"],
        "cannot open directory missing",
    );
    refused(&["-status", "-plan", "+1d", "example"], "only one of");
    refused(&["-key"], "missing argument -key");
    // A key not yet active cannot be rolled.
    let tag = String::from_utf8(
        before
            .keys()
            .find(|f| f.ends_with(".key"))
            .unwrap()
            .clone()
            .into_bytes(),
    )
    .unwrap()
    .rsplit('+')
    .next()
    .unwrap()
    .trim_end_matches(".key")
    .trim_start_matches('0')
    .to_string();
    refused(
        &["-t", "20291231000000", "-rollover", "-key", &tag, "example"],
        "key is not actively signing",
    );
    // A broken .state is reported with its file and line.
    let state = before
        .keys()
        .find(|f| f.ends_with(".state"))
        .unwrap()
        .clone();
    let text = String::from_utf8(before[&state].clone()).unwrap();
    fs::write(
        dir.join(&state),
        text.replace("DSState: hidden", "DSState: sideways"),
    )
    .unwrap();
    let run = keymgr(dir, &["-t", "20300101000000", "example"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains(&state) && run.stderr.contains("DSState"),
        "{}",
        run.stderr
    );
}

#[test]
fn rollover_makes_a_successor_when_due() {
    let tmp = support::scratch();
    let dir = tmp.path();
    let first = keymgr(dir, &["-t", "20300101000000", "example"]).ok();
    let tag = first
        .stdout
        .split('/')
        .nth(2)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .to_string();
    let run = keymgr(
        dir,
        &[
            "-t",
            "20300201000000",
            "-rollover",
            "-key",
            &tag,
            "-when",
            "20300201000000",
            "example",
        ],
    )
    .ok();
    // Retired at -when + Ipub (3600 + 300 + 3600), so the successor is due at once.
    assert!(
        run.stdout.contains("Retired 20300201020500"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("created (CSK)"), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!("Predecessor {tag}")),
        "{}",
        run.stdout
    );
}

/// Takes keymgr's lock on `path` as another run would, until `unlock` or drop.
fn hold_lock(path: &Path) -> fs::File {
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .unwrap();
    lock.lock().unwrap();
    lock
}

#[test]
fn a_second_run_on_a_locked_directory_is_refused() {
    let tmp = support::scratch();
    let dir = tmp.path();
    let lock = hold_lock(&dir.join("keymgr.lock"));
    let run = keymgr(dir, &["-t", "20300101000000", "example"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("in use by another keymgr run"),
        "{}",
        run.stderr
    );
    lock.unlock().unwrap();
    keymgr(dir, &["-t", "20300101000000", "example"]).ok();
}

/// A zone signed with one key made by keygen (a KSK, no `.state`) is taken over as the
/// default policy's CSK, as named takes a lone DNSKEY: no new key, no retirement.
#[test]
fn a_lone_legacy_key_is_adopted_as_the_csk() {
    let tmp = support::scratch();
    let dir = tmp.path();
    let made = run_in(
        dir,
        support::ours("keygen"),
        &[
            "-q",
            "-a",
            "ECDSAP256SHA256",
            "-f",
            "KSK",
            "-P",
            "20291101000000",
            "-A",
            "20291101000000",
            "example",
        ],
    )
    .ok();
    let base = made.stdout.trim();
    let run = keymgr(dir, &["-t", "20300101000000", "example"]);
    // Exit 2: the DS it introduces waits for the parent.
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!run.stdout.contains("created"), "{}", run.stdout);
    assert!(
        !run.stdout.contains("goal omnipresent -> hidden"),
        "{}",
        run.stdout
    );
    let state = fs::read_to_string(dir.join(format!("{base}.state"))).unwrap();
    for line in [
        "KSK: yes",
        "ZSK: yes",
        "DNSKEYState: omnipresent",
        "ZRRSIGState: omnipresent",
        "GoalState: omnipresent",
    ] {
        assert!(state.contains(line), "{line}: {state}");
    }
    // Its DS is introduced once its own DNSKEY and the signatures are everywhere.
    assert!(state.contains("DSState: rumoured"), "{state}");
}

/// `-H command`: run once a DS should be submitted (the CSK's DS goes rumoured), with the DS
/// and DNSKEY lines on stdin and the zone, action, tags and key directory in the
/// environment; the DS line is what dsfromkey (ours, and BIND's when installed) makes from
/// the key file. Going insecure later asks for the withdrawal the same way. A failing hook
/// fails the run.
#[test]
fn hook_runs_when_a_ds_should_be_submitted_or_withdrawn() {
    let tmp = support::scratch();
    let dir = tmp.path();
    let hook = "{ echo \"$KEYMGR_ACTION|$KEYMGR_ZONE|$KEYMGR_KEYS|$KEYMGR_KEY_DIRECTORY\"; cat; } \
                >> hook.out";
    keymgr(dir, &["-t", "20300101000000", "-H", hook, "example"]).ok();
    assert!(!dir.join("hook.out").exists(), "nothing to submit yet");
    let run = keymgr(dir, &["-t", "20300105000000", "-H", hook, "example"]);
    assert_eq!(run.code, 2, "{run:?}");
    let out = fs::read_to_string(dir.join("hook.out")).unwrap();
    let key = snapshot(dir)
        .into_keys()
        .find(|f| f.ends_with(".key"))
        .unwrap();
    let tag = key.trim_end_matches(".key").rsplit('+').next().unwrap();
    let tag = tag.trim_start_matches('0');
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0], format!("submit|example|{tag}|."));
    let ds = run_in(dir, support::ours("dsfromkey"), &["-2", &key])
        .ok()
        .stdout;
    assert_eq!(format!("{}\n", lines[1]), ds);
    if let Some(bind) = support::tool("dnssec-dsfromkey") {
        let theirs = run_in(dir, bind, &["-2", &key]).ok().stdout;
        assert_eq!(theirs, ds);
    }
    let record = fs::read_to_string(dir.join(&key)).unwrap();
    assert!(record.lines().any(|l| l == lines[2]), "{out}\n{record}");

    // The parent publishes; later the zone goes insecure and the DS must go.
    keymgr(
        dir,
        &["-t", "20300105000000", "-checkds", "published", "example"],
    )
    .ok();
    fs::remove_file(dir.join("hook.out")).unwrap();
    let run = keymgr(
        dir,
        &[
            "-t",
            "20300201000000",
            "-k",
            "insecure",
            "-H",
            hook,
            "example",
        ],
    );
    assert_eq!(run.code, 2, "{run:?}");
    let out = fs::read_to_string(dir.join("hook.out")).unwrap();
    assert!(
        out.starts_with(&format!("withdraw|example|{tag}|.\n")),
        "{out}"
    );

    // -checkds without -key takes several zones; with -key, one.
    keymgr(dir, &["-t", "20300101000000", "other.example"]).ok();
    keymgr(dir, &["-t", "20300105000000", "other.example"]);
    let both = keymgr(
        dir,
        &[
            "-t",
            "20300105000000",
            "-checkds",
            "published",
            "example",
            "other.example",
        ],
    );
    assert!(both.stdout.contains("other.example: key "), "{both:?}");
    let run = keymgr(
        dir,
        &[
            "-checkds",
            "published",
            "-key",
            "1",
            "example",
            "other.example",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("take one zone"), "{}", run.stderr);

    // A failing hook fails the run, naming the command.
    let run = keymgr(
        dir,
        &[
            "-t",
            "20300201010000",
            "-k",
            "insecure",
            "-H",
            "exit 3",
            "example",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.contains("-H: 'exit 3' failed"), "{}", run.stderr);
}

/// `-status -j`: one line of printable ASCII JSON with the same states `-status` prints;
/// `-j` alone is refused. `-plan ZONE` without an end time plans two years ahead: the same
/// lines as `-plan` with that end time.
#[test]
fn status_json_and_plan_without_end() {
    let tmp = support::scratch();
    let dir = tmp.path();
    keymgr(dir, &["-t", "20300101000000", "example"]).ok();
    let json = keymgr(dir, &["-t", "20300105000000", "-status", "-j", "example"]).ok();
    let line = json.stdout.trim_end_matches('\n');
    assert!(!line.contains('\n'), "{line}");
    assert!(line.bytes().all(|b| (b' '..=b'~').contains(&b)), "{line}");
    assert!(
        line.starts_with("{\"zone\":\"example\",\"policy\":\"default\",\"time\":1893801600,"),
        "{line}"
    );
    assert!(
        line.contains("\"ksk\":true,\"zsk\":true,\"goal\":\"omnipresent\""),
        "{line}"
    );
    // Before the step at that time, the records are still rumoured and DS hidden; what
    // waits is named with its time.
    assert!(
        line.contains("\"dnskey\":{\"state\":\"rumoured\",\"since\":1893456000}"),
        "{line}"
    );
    assert!(line.contains("\"ds\":{\"state\":\"hidden\""), "{line}");
    assert!(line.contains("\"pending\":[{"), "{line}");
    let text = keymgr(dir, &["-t", "20300105000000", "-status", "example"]).ok();
    assert!(
        text.stdout.contains("key signing:    yes"),
        "{}",
        text.stdout
    );
    let run = keymgr(dir, &["-j", "example"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("-j goes with -status"),
        "{}",
        run.stderr
    );

    let t = "20300101000000";
    let default = keymgr(dir, &["-t", t, "-plan", "example"]).ok();
    // Two years of 366 days from 2030-01-01: 732 days.
    let explicit = keymgr(dir, &["-t", t, "-plan", "20320103000000", "example"]).ok();
    assert_eq!(default.stdout, explicit.stdout);
    assert!(
        default.stdout.contains("DS rumoured -> omnipresent"),
        "{}",
        default.stdout
    );
}

/// Key tags replaced by `#N` in the order the keys were created (each role's line order
/// inside a run is the order keys are listed in, which differs between the plan's memory and
/// the key directory), then the lines sorted: time first, so each run's changes compare as
/// a set.
fn by_creation(lines: &[String]) -> Vec<String> {
    let tag_of = |l: &str| -> Option<String> {
        let head = l.split_once(": ")?.0;
        Some(head.rsplit_once('/')?.1.to_string())
    };
    let mut order: Vec<String> = Vec::new();
    for l in lines.iter().filter(|l| l.contains(": created (")) {
        if let Some(tag) = tag_of(l) {
            order.push(tag);
        }
    }
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| {
            let Some(tag) = tag_of(l) else {
                return l.clone();
            };
            let n = order.iter().position(|t| *t == tag).map_or(0, |n| n + 1);
            let mut l = l.replacen(&format!("/{tag}: "), &format!("/#{n}: "), 1);
            // Successor/Predecessor lines name a tag too.
            for (i, t) in order.iter().enumerate() {
                if l.ends_with(&format!(" {t}")) {
                    l = format!("{} #{}", &l[..l.len() - t.len() - 1], i + 1);
                }
            }
            l
        })
        .collect();
    out.sort();
    out
}

/// `-plan` over 10 years for KSK+ZSK with a one-year KSK and a 90-day ZSK (issue 13, "done
/// when") against repeated steps at the times the plan names. Both sides model the parent
/// the same way: it acts as soon as a DS is due. The plan says so in its "assuming" lines;
/// the replay asks `-status` before each step and records what it waits for with
/// `-checkds published|withdrawn -key TAG -when T`.
#[test]
fn plan_over_ten_years_matches_repeated_steps() {
    let tmp = support::scratch();
    let dir = tmp.path();
    fs::write(
        dir.join("keymgr.conf"),
        "dnssec-policy \"p\" { keys { ksk lifetime P1Y algorithm 13; \
         zsk lifetime P90D algorithm 13; }; };\n\
         zone \"example\" { type primary; file \"example.db\"; inline-signing yes; \
         dnssec-policy \"p\"; };\n",
    )
    .unwrap();
    let conf = ["-l", "keymgr.conf"];
    let start = "20300101000000";
    let end = "20400101000000";
    let mut args = conf.to_vec();
    args.extend(["-t", start, "-plan", end, "example"]);
    let plan = keymgr(dir, &args).ok();
    assert!(snapshot(dir)
        .keys()
        .all(|f| f == "keymgr.lock" || f == "keymgr.conf"));
    let mut times: Vec<&str> = plan
        .stdout
        .lines()
        .filter_map(|l| l.split(' ').next())
        .filter(|t| t.len() == 14 && t.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    times.dedup();
    let mut replay = Vec::new();
    let mut parent_acts = 0;
    for t in times {
        let mut status = conf.to_vec();
        status.extend(["-t", t, "-status", "example"]);
        let status = keymgr(dir, &status).ok();
        for line in status.stdout.lines() {
            let Some(rest) = line.trim().strip_prefix("key ") else {
                continue;
            };
            let word = if line.contains("run -checkds published") {
                "published"
            } else if line.contains("run -checkds withdrawn") {
                "withdrawn"
            } else {
                continue;
            };
            let tag = rest.split_whitespace().next().unwrap().to_string();
            let mut a = conf.to_vec();
            a.extend([
                "-t", t, "-checkds", word, "-key", &tag, "-when", t, "example",
            ]);
            let run = keymgr(dir, &a);
            assert!(matches!(run.code, 0 | 2), "{run:?}");
            parent_acts += 1;
            replay.extend(
                changes(&run)
                    .into_iter()
                    .filter(|l| !l.contains("marked DS as"))
                    .map(|l| format!("{t} {l}")),
            );
        }
        let mut a = conf.to_vec();
        a.extend(["-t", t, "example"]);
        let run = keymgr(dir, &a);
        assert!(matches!(run.code, 0 | 2), "{run:?}");
        replay.extend(changes(&run).into_iter().map(|l| format!("{t} {l}")));
    }
    let assumed = plan
        .stdout
        .lines()
        .filter(|l| l.contains("assuming the parent"))
        .count();
    let planned: Vec<String> = plan
        .stdout
        .lines()
        .filter(|l| !l.contains("assuming the parent") && !l.starts_with("example: "))
        .map(str::to_string)
        .collect();
    let (a, b) = (by_creation(&planned), by_creation(&replay));
    if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        panic!(
            "plan and replay differ at line {i}:\nplan:   {:?}\nreplay: {:?}",
            &a[i.saturating_sub(3)..(i + 3).min(a.len())],
            &b[i.saturating_sub(3)..(i + 3).min(b.len())]
        );
    }
    assert_eq!(assumed, parent_acts, "{}", plan.stdout);
    // Ten years of rollovers: about 40 ZSKs and 10 KSKs were made.
    let made = |role: &str| {
        planned
            .iter()
            .filter(|l| l.contains("created") && l.contains(role))
            .count()
    };
    assert!((9..=12).contains(&made("KSK")), "{}", plan.stdout);
    assert!((38..=44).contains(&made("ZSK")), "{}", plan.stdout);
}

/// `keymgr -l named.conf` over many zones goes on past a zone that fails (its key directory
/// does not exist): the error names the zone and the directory, the other zones are
/// stepped, and the run exits 1; with no zone failing and a DS waiting, it exits 2.
#[test]
fn many_zones_go_on_past_a_failing_one() {
    let tmp = support::scratch();
    let dir = tmp.path();
    let zone = |name: &str, keys: &str| {
        format!(
            "zone \"{name}\" {{ type primary; file \"{name}.db\"; inline-signing yes; \
             dnssec-policy \"default\"; key-directory \"{keys}\"; }};\n"
        )
    };
    fs::create_dir(dir.join("ka")).unwrap();
    fs::create_dir(dir.join("kc")).unwrap();
    fs::write(
        dir.join("named.conf"),
        format!(
            "{}{}{}",
            zone("a.example", "ka"),
            zone("b.example", "missing"),
            zone("c.example", "kc")
        ),
    )
    .unwrap();
    let created = |sub: &str| support::count_files(&dir.join(sub), |n| n.ends_with(".state"));
    let r = keymgr(dir, &["-l", "named.conf", "-t", "20300101000000"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains(
            "keymgr: error: zone 'b.example': cannot open directory missing: file not found"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("keymgr.lock"), "{}", r.stderr);
    assert!(r.stderr.contains("1 of 3 zones failed"), "{}", r.stderr);
    // The zones after the failing one were stepped too.
    assert!(r.stdout.contains("c.example: next run"), "{}", r.stdout);
    assert_eq!((created("ka"), created("kc")), (1, 1));
    // A month on, a and c wait for their DS; b still fails: the error wins (1).
    let later = ["-l", "named.conf", "-t", "20300201000000"];
    let r = keymgr(dir, &later);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("a.example: next run"), "{}", r.stdout);
    // With b's directory made, nothing fails and a DS waits: 2.
    fs::create_dir(dir.join("missing")).unwrap();
    let r = keymgr(dir, &later);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(created("missing"), 1);
}

/// A small zone for named to load.
fn zone_text(name: &str) -> String {
    format!("$TTL 300\n@ SOA ns.{name}. hm.{name}. 1 3600 600 86400 300\n@ NS ns\nns A 192.0.2.1\n")
}

/// Kills the named a test started when the test ends, however it ends.
struct NamedGuard(std::process::Child);

impl Drop for NamedGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// docs/bind-compat.md, "keymgr: dnssec-policy none and shared key directories": named
/// loads a zone with `dnssec-policy none` (and one with no policy) and leaves the keys in
/// their key directory alone, while it manages a zone with a policy beside them; keymgr over
/// the same file does the same, says so in a line per zone and exits 0, for a step and for
/// `-status`, `-checkds` and `-rollover` (rndc answers those with "Zone does not have
/// dnssec-policy" and exit 0).
#[test]
fn dnssec_policy_none_leaves_the_keys_alone_as_named_does() {
    let Some([named, keygen]) = support::tools(["named", "dnssec-keygen"]) else {
        return;
    };
    let tmp = support::scratch();
    let dir = tmp.path();
    for sub in ["keys", "managed"] {
        fs::create_dir(dir.join(sub)).unwrap();
    }
    for zone in ["a.example", "b.example", "c.example"] {
        fs::write(dir.join(format!("{zone}.db")), zone_text(zone)).unwrap();
    }
    // Keys a step would act on: BIND's KSK and ZSK without a .state, and a CSK of ours with one.
    let ksk = run_in(
        dir,
        &keygen,
        &["-q", "-K", "keys", "-a", "13", "-f", "KSK", "a.example"],
    )
    .ok()
    .stdout;
    run_in(dir, &keygen, &["-q", "-K", "keys", "-a", "13", "a.example"]).ok();
    run_in(
        dir,
        support::ours("keygen"),
        &["-K", "keys", "-k", "default", "b.example"],
    )
    .ok();
    let tag = ksk
        .trim()
        .rsplit('+')
        .next()
        .unwrap()
        .trim_start_matches('0')
        .to_string();
    let before = snapshot(&dir.join("keys"));
    let port = support::free_port();
    fs::write(
        dir.join("named.conf"),
        format!(
            "options {{ directory \"{d}\"; listen-on port {port} {{ 127.0.0.1; }}; \
             listen-on-v6 {{ none; }}; pid-file none; recursion no; dnssec-validation no; \
             notify no; }};\ncontrols {{ }};\n\
             zone \"a.example\" {{ type primary; file \"a.example.db\"; inline-signing yes; \
             dnssec-policy none; key-directory \"keys\"; }};\n\
             zone \"b.example\" {{ type primary; file \"b.example.db\"; key-directory \"keys\"; }};\n\
             zone \"c.example\" {{ type primary; file \"c.example.db\"; inline-signing yes; \
             dnssec-policy default; key-directory \"managed\"; }};\n",
            d = dir.display()
        ),
    )
    .unwrap();

    // named: the managed zone gets its key (so the key manager ran); the others' keys stay.
    let log = dir.join("named.log");
    let child = std::process::Command::new(&named)
        .args(["-g", "-n", "1", "-c"])
        .arg(dir.join("named.conf"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let guard = NamedGuard(child);
    let managed_state = || {
        snapshot(&dir.join("managed"))
            .keys()
            .any(|f| f.ends_with(".state"))
    };
    for _ in 0..400 {
        if managed_state() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    // A moment for anything named would do to the other zones at the same time.
    std::thread::sleep(std::time::Duration::from_millis(300));
    drop(guard);
    let named_log = fs::read_to_string(&log).unwrap_or_default();
    assert!(
        managed_state(),
        "named made no key for c.example:\n{named_log}"
    );
    assert!(named_log.contains("zone a.example/IN"), "{named_log}");
    assert_eq!(
        snapshot(&dir.join("keys")),
        before,
        "named changed keys/:\n{named_log}"
    );

    // keymgr over the whole file: a line for the `none` zone, nothing for the zone without a
    // policy, the managed zone stepped; keys/ unchanged and not even locked.
    // Exit 2: by 2030 the managed zone's CSK (named made it) waits for its DS.
    let r = keymgr(dir, &["-l", "named.conf", "-t", "20300101000000"]);
    assert_eq!((r.code, r.stderr.as_str()), (2, ""), "{r:?}");
    assert!(
        r.stdout
            .starts_with("a.example: dnssec-policy none, nothing to do\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("b.example"), "{}", r.stdout);
    assert!(r.stdout.contains("c.example: next run"), "{}", r.stdout);
    assert_eq!(snapshot(&dir.join("keys")), before);
    // Named on the command line, each with every command: its line, exit 0, no change.
    let lines = "a.example: dnssec-policy none, nothing to do\n\
                 b.example: no dnssec-policy, nothing to do\n";
    let r = keymgr(dir, &["-l", "named.conf", "a.example", "b.example"]).ok();
    assert_eq!(r.stdout, lines);
    for (zone, line) in [
        ("a.example", lines.lines().next()),
        ("b.example", lines.lines().nth(1)),
    ] {
        for args in [
            &["-status"][..],
            &["-checkds", "published"],
            &["-checkds", "published", "-key", &tag],
            &["-rollover", "-key", &tag],
            &["-plan", "+1y"],
        ] {
            let mut all = vec!["-l", "named.conf"];
            all.extend_from_slice(args);
            all.push(zone);
            let r = keymgr(dir, &all);
            assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{all:?}: {r:?}");
            assert_eq!(r.stdout, format!("{}\n", line.unwrap()), "{all:?}");
        }
    }
    // -status -j: still one JSON object, with the policy (or null) and no keys.
    for (zone, policy) in [("a.example", "\"none\""), ("b.example", "null")] {
        let r = keymgr(
            dir,
            &[
                "-l",
                "named.conf",
                "-t",
                "20300101000000",
                "-status",
                "-j",
                zone,
            ],
        )
        .ok();
        assert_eq!(
            r.stdout,
            format!(
                "{{\"zone\":\"{zone}\",\"policy\":{policy},\"time\":1893456000,\
                 \"keys\":[],\"pending\":[]}}\n"
            )
        );
    }
    assert_eq!(snapshot(&dir.join("keys")), before);
}

/// A named.conf of four zones, three sharing the key directory `shared`, one in `own`.
fn shared_dir_conf(dir: &Path) {
    let zone = |name: &str, keys: &str| {
        format!(
            "zone \"{name}\" {{ type primary; file \"{name}.db\"; inline-signing yes; \
             dnssec-policy \"default\"; key-directory \"{keys}\"; }};\n"
        )
    };
    fs::create_dir(dir.join("own")).unwrap();
    fs::write(
        dir.join("named.conf"),
        ["a.example", "b.example", "c.example"]
            .iter()
            .map(|z| zone(z, "shared"))
            .chain([zone("d.example", "own")])
            .collect::<String>(),
    )
    .unwrap();
}

/// The error lines of a run (the file's own warnings about a missing directory aside).
fn errors(r: &Run) -> Vec<&str> {
    r.stderr
        .lines()
        .filter(|l| l.starts_with("keymgr: "))
        .collect()
}

/// A key directory that does not exist, shared by three zones: one error line for the
/// three, the run goes on with the zone elsewhere and counts the three as failed.
#[test]
fn a_missing_shared_key_directory_is_reported_once() {
    let tmp = support::scratch();
    let dir = tmp.path();
    shared_dir_conf(dir);
    let r = keymgr(dir, &["-l", "named.conf", "-t", "20300101000000"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        errors(&r),
        [
            "keymgr: error: 3 zones ('a.example', 'b.example', 'c.example'): \
             cannot open directory shared: file not found",
            "keymgr: fatal: 3 of 4 zones failed",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("d.example: next run"), "{}", r.stdout);
    assert!(!r.stdout.contains("a.example"), "{}", r.stdout);
}

/// A key directory locked by another run, shared by three zones: one error line for the
/// three, nothing written there, the zone elsewhere stepped.
#[test]
fn a_locked_shared_key_directory_is_reported_once() {
    let tmp = support::scratch();
    let dir = tmp.path();
    shared_dir_conf(dir);
    fs::create_dir(dir.join("shared")).unwrap();
    let lock = hold_lock(&dir.join("shared/keymgr.lock"));
    let r = keymgr(dir, &["-l", "named.conf", "-t", "20300101000000"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        errors(&r),
        [
            "keymgr: error: 3 zones ('a.example', 'b.example', 'c.example'): \
             key directory shared is in use by another keymgr run",
            "keymgr: fatal: 3 of 4 zones failed",
        ],
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("d.example: next run"), "{}", r.stdout);
    assert_eq!(
        snapshot(&dir.join("shared"))
            .into_keys()
            .collect::<Vec<_>>(),
        ["keymgr.lock"]
    );
    lock.unlock().unwrap();
    // Once the other run is done, the three are stepped.
    let r = keymgr(dir, &["-l", "named.conf", "-t", "20300101000000"]).ok();
    assert_eq!(r.stdout.matches(": next run ").count(), 4, "{}", r.stdout);
}
