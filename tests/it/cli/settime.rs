//! Our settime alone (docs/bind-compat.md, "settime"): what it writes and prints, every error
//! row with its exact message, the warnings, and that a refused or failed run leaves the files
//! as they were.

use crate::support;

use chrono::Utc;
use dnssec_core::key::{FormatVersion, Key};
use dnssec_core::time::UnixTime;
use dnssec_core::Algorithm;
use std::fs;
use std::path::Path;
use support::keys::{self, snapshot, Times};
use support::{run_in, Run};

/// Makes a key with our core (no external tool) and returns its base name.
fn make_key(dir: &Path, owner: &str, alg: Algorithm, ksk: bool) -> String {
    keys::make_key(dir, owner, alg, ksk, Times::Active).basename()
}

fn settime(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, support::ours("settime"), args)
}

/// Runs settime and checks it fails with exactly `message`, prints nothing on stdout and
/// touches nothing.
fn refused(dir: &Path, args: &[&str], message: &str) {
    let r = keys::assert_refused(dir, "settime", args, message);
    assert_eq!(r.stdout, "", "{args:?}");
}

#[test]
fn no_change_prints_nothing_and_writes_nothing() {
    let d = support::scratch();
    let k = make_key(d.path(), "x.test", Algorithm::ED25519, true);
    let before = snapshot(d.path());
    for args in [
        vec![k.as_str()],
        vec!["-s", &k],
        vec!["-v", "1", &k],
        vec!["-i", "5d", &k],
    ] {
        let r = settime(d.path(), &args).ok();
        assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""), "{args:?}");
    }
    assert_eq!(snapshot(d.path()), before);
}

#[test]
fn sets_prints_and_unsets_times() {
    let d = support::scratch();
    let k = make_key(d.path(), "x.test", Algorithm::ED25519, true);
    let r = settime(
        d.path(),
        &[
            "-P", "20300101", "-A", "20300102", "-I", "20310101", "-D", "20310201", "-P", "sync",
            "20300105", "-L", "600", &k,
        ],
    )
    .ok();
    assert_eq!(r.stdout, format!("./{k}.key\n./{k}.private\n"));
    let key = fs::read_to_string(d.path().join(format!("{k}.key"))).unwrap();
    assert!(
        key.contains("; Publish: 20300101000000 (Tue Jan  1 00:00:00 2030)\n"),
        "{key}"
    );
    assert!(
        key.contains("; SyncPublish: 20300105000000 (Sat Jan  5 00:00:00 2030)\n"),
        "{key}"
    );
    assert!(key.contains("x.test. 600 IN DNSKEY 257 3 15 "), "{key}");
    let r = settime(d.path(), &["-p", "all", &k]).ok();
    assert_eq!(
        r.stdout,
        "Created: Wed Nov 18 11:06:40 2026\nPublish: Tue Jan  1 00:00:00 2030\n\
         Activate: Wed Jan  2 00:00:00 2030\nRevoke: UNSET\nInactive: Wed Jan  1 00:00:00 2031\n\
         Delete: Sat Feb  1 00:00:00 2031\nSYNC Publish: Sat Jan  5 00:00:00 2030\n\
         SYNC Delete: UNSET\nDS Publish: UNSET\nDS Delete: UNSET\n"
    );
    let r = settime(d.path(), &["-u", "-p", "Dds", "-p", "PA", &k]).ok();
    assert_eq!(
        r.stdout,
        "Publish: 1893456000\nActivate: 1893542400\nDS Delete: UNSET\n"
    );
    // `none` unsets; -L none drops the TTL; -P ds goes to .private, -D ds nowhere without -s.
    settime(
        d.path(),
        &[
            "-I", "none", "-D", "none", "-L", "none", "-P", "ds", "20300103", "-D", "ds",
            "20300104", &k,
        ],
    )
    .ok();
    let key = fs::read_to_string(d.path().join(format!("{k}.key"))).unwrap();
    assert!(!key.contains("Inactive") && !key.contains(" 600 "), "{key}");
    let private = fs::read_to_string(d.path().join(format!("{k}.private"))).unwrap();
    assert!(private.contains("DSPublish: 20300103000000\n") && !private.contains("20300104"));
    assert!(!d.path().join(format!("{k}.state")).exists());
}

#[test]
fn state_options_write_the_state_file() {
    let d = support::scratch();
    let k = make_key(d.path(), "x.test", Algorithm::ED25519, true);
    let r = settime(
        d.path(),
        &[
            "-s",
            "-g",
            "OMNIPRESENT",
            "-d",
            "RUMOURED",
            "20261101000000",
            "-k",
            "OMNIPRESENT",
            "20261101000000",
            "-z",
            "HIDDEN",
            "20261102",
            "-D",
            "ds",
            "20261201",
            &k,
        ],
    )
    .ok();
    assert_eq!(r.stdout, format!("./{k}.key\n./{k}.private\n./{k}.state\n"));
    let state = fs::read_to_string(d.path().join(format!("{k}.state"))).unwrap();
    let tags = support::keys::state_tags(&state);
    assert_eq!(
        tags,
        [
            "Algorithm",
            "Length",
            "Generated",
            "Published",
            "Active",
            "DSRemoved",
            "DNSKEYChange",
            "ZRRSIGChange",
            "DSChange",
            "DNSKEYState",
            "ZRRSIGState",
            "DSState",
            "GoalState"
        ]
    );
    assert!(state.contains("ZRRSIGState: hidden\n") && state.contains("DSState: rumoured\n"));
    assert!(state.contains("ZRRSIGChange: 20261102000000 (Mon Nov  2 00:00:00 2026)\n"));
    // `none` removes a state and its time.
    settime(d.path(), &["-s", "-z", "none", "now", "-g", "none", &k]).ok();
    let state = fs::read_to_string(d.path().join(format!("{k}.state"))).unwrap();
    assert!(
        !state.contains("ZRRSIG") && !state.contains("GoalState"),
        "{state}"
    );
    // Without -s the state file is left alone but its values still count.
    let before = fs::read(d.path().join(format!("{k}.state"))).unwrap();
    let r = settime(d.path(), &["-P", "20300101", "-p", "Dds", &k]).ok();
    assert_eq!(
        r.stdout,
        format!("DS Delete: Tue Dec  1 00:00:00 2026\n./{k}.key\n./{k}.private\n")
    );
    assert_eq!(
        fs::read(d.path().join(format!("{k}.state"))).unwrap(),
        before
    );
}

#[test]
fn every_error_row_is_refused_with_bind_words() {
    let d = support::scratch();
    let p = d.path();
    let k = make_key(p, "se.test", Algorithm::ECDSAP256SHA256, true);
    refused(
        p,
        &["Knonexist.+013+00001"],
        "Invalid keyfile Knonexist.+013+00001: file not found",
    );
    refused(
        p,
        &["sub/Knonexist.+013+00001.key"],
        "Invalid keyfile Knonexist.+013+00001.key: file not found",
    );
    fs::write(p.join("Kbad.+013+00001.key"), "; nothing here\n").unwrap();
    fs::write(p.join("Kbad.+013+00001.private"), "").unwrap();
    keys::assert_refused_at(
        p,
        "settime",
        &["Kbad.+013+00001"],
        "Kbad.+013+00001.key:1: owner: end of file",
        "Invalid keyfile Kbad.+013+00001: end of file",
    );
    fs::copy(p.join(format!("{k}.key")), p.join("Kcopy.key")).unwrap();
    refused(p, &["Kcopy"], "Invalid keyfile Kcopy: file not found");
    refused(p, &["-P", "2026", &k], "time value 2026 is invalid");
    refused(
        p,
        &["-P", "20260230", &k],
        "time value 20260230 is invalid: out of range",
    );
    refused(
        p,
        &["-P", "+5m", &k],
        "'+5m' ambiguous: use 'mi' for minutes or 'mo' for months",
    );
    refused(
        p,
        &["-P", "now", "-P", "now", &k],
        "-P specified more than once",
    );
    refused(
        p,
        &["-D", "sync", "now", "-D", "sync", "now", &k],
        "-D sync specified more than once",
    );
    refused(p, &["-L", "abc", &k], "TTL must be numeric");
    refused(p, &["-v", "x", &k], "-v must be followed by a number");
    refused(p, &["-s", "-d", "FOO", "now", &k], "unknown key state FOO");
    refused(
        p,
        &["-s", "-d", "OMNIPRESENT", &k],
        &format!("time value {k} is invalid"),
    );
    refused(
        p,
        &["-g", "OMNIPRESENT", &k],
        "Options -g, -d, -k, -r and -z require -s to be set",
    );
    refused(
        p,
        &["-g", "RUMOURED", "-s", &k],
        "-g must be either none, hidden, or omnipresent",
    );
    refused(
        p,
        &["-s", "-k", "hidden", "now", "-k", "hidden", "now", &k],
        "-k specified more than once",
    );
    refused(p, &[&k, "extra"], "Extraneous arguments");
    refused(p, &["-P", "now", &k, "-A", "now"], "Extraneous arguments");
    refused(p, &["-P", "now"], "The key file name was not specified");

    let priv_path = p.join(format!("{k}.private"));
    let good = fs::read_to_string(&priv_path).unwrap();
    // BIND's fatal line, after a line naming the file, line and tag of the fault.
    let spoil = |text: String, place: &str, words: &str| {
        fs::write(&priv_path, text).unwrap();
        let r = keys::assert_refused_at(
            p,
            "settime",
            &["-P", "now", &k],
            &format!("{k}.private:{place}: {words}"),
            &format!("Invalid keyfile {k}: {words}"),
        );
        assert_eq!(r.stdout, "");
        fs::write(&priv_path, &good).unwrap();
    };
    spoil(
        good.replace("PrivateKey: ", "PrivateKey: !"),
        "3: PrivateKey",
        "bad base64 encoding",
    );
    let lines = good.lines().count();
    spoil(
        format!("{good}Bogus: 1\n"),
        &format!("{}: Bogus", lines + 1),
        "private key is invalid",
    );
    spoil(
        good.replace("v1.3", "v2.0"),
        "1: Private-key-format",
        "private key is invalid",
    );
}

#[test]
fn format_versions_need_force() {
    let d = support::scratch();
    let p = d.path();
    let k = make_key(p, "old.test", Algorithm::ECDSAP256SHA256, false);
    let priv_path = p.join(format!("{k}.private"));
    let key = Key::load(&k, Some(p)).unwrap();
    let desc = key.describe();
    let mut legacy = key;
    legacy.version = FormatVersion::V1_2;
    fs::write(&priv_path, legacy.private_text().unwrap()).unwrap();
    fs::write(p.join(format!("{k}.key")), legacy.public_text_in(&Utc)).unwrap();
    for args in [vec!["-P", "now", &k], vec!["-p", "all", &k]] {
        refused(p, &args, &format!("Key {desc} has incompatible format version 1.2, use -f to force upgrade to new version."));
    }
    let r = settime(p, &["-f", &k]).ok();
    assert_eq!(r.stdout, format!("./{k}.key\n./{k}.private\n"));
    let text = fs::read_to_string(&priv_path).unwrap();
    assert!(text.starts_with("Private-key-format: v1.3\n"));
    for tag in ["Created: ", "Publish: ", "Activate: "] {
        assert!(text.contains(tag), "{text}");
    }
    fs::write(&priv_path, text.replace("v1.3", "v1.4")).unwrap();
    refused(p, &["-P", "now", &k], &format!("Key {desc} has incompatible format version 1.4, use -f to force downgrade to current version."));
}

#[test]
fn a_state_file_for_another_key_is_refused() {
    let d = support::scratch();
    let p = d.path();
    let k = make_key(p, "x.test", Algorithm::ED25519, true);
    settime(p, &["-s", "-g", "omnipresent", &k]).ok();
    let state_path = p.join(format!("{k}.state"));
    let good = fs::read_to_string(&state_path).unwrap();
    for (bad, place) in [
        (
            good.replace("Algorithm: 15", "Algorithm: 13"),
            "2: Algorithm",
        ),
        (good.replace("Length: 256", "Length: 255"), "3: Length"),
    ] {
        fs::write(&state_path, bad).unwrap();
        // BIND's words for a .state of another key, after the line that names it
        keys::assert_refused_at(
            p,
            "settime",
            &["-s", "-P", "now", &k],
            &format!("{k}.state:{place}: unexpected token"),
            &format!("Invalid keyfile {k}: unexpected token"),
        );
    }
}

#[test]
fn warnings_keep_going() {
    let d = support::scratch();
    let p = d.path();
    let z = make_key(p, "se.test", Algorithm::ECDSAP256SHA256, false);
    let desc = Key::load(&z, Some(p)).unwrap().describe();
    let r = settime(p, &["-R", "+1d", &z]).ok();
    assert_eq!(
        r.stderr,
        format!("settime: warning: Key {desc} is not flagged as a KSK, but -R was used.  Revoking a ZSK is legal, but undefined.\n")
    );
    let r = settime(p, &["-I", "+10d", "-D", "+5d", &z]).ok();
    let warning = "settime: warning: Key is scheduled to be deleted before it is\n\tscheduled to be inactive.\n";
    assert_eq!(r.stderr, warning);
    // The warning is about the key, so it comes back on a run that changes nothing.
    let r = settime(p, &[&z]).ok();
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", warning));
}

#[test]
fn successor_takes_its_times_from_the_predecessor() {
    let d = support::scratch();
    let p = d.path();
    let old = make_key(p, "x.test", Algorithm::ED25519, false);
    let new = make_key(p, "x.test", Algorithm::ED25519, false);
    let ksk = make_key(p, "x.test", Algorithm::ED25519, true);
    let other = make_key(p, "y.test", Algorithm::ED25519, false);
    refused(
        p,
        &["-S", &old, &new],
        "Predecessor has no inactivation date. You must set one before\n\tgenerating a successor.",
    );
    refused(
        p,
        &["-S", &old, "-P", "now", &new],
        "-S and -P cannot be used together",
    );
    for k in [&old, &ksk, &other] {
        settime(p, &["-I", "20300101", "-D", "20300201", k]).ok();
    }
    refused(p, &["-S", &ksk, &new], "Key flags mismatch");
    refused(p, &["-S", &other, &new], "Key name mismatch");
    refused(p, &["-S", &old, "-i", "10y", &new], "Time until predecessor inactivation is\n\tshorter than the prepublication interval.  Either change\n\tpredecessor inactivation date, or use the -i option to set\n\ta shorter prepublication interval.");
    // a negative interval would publish the successor after its activation
    refused(
        p,
        &["-S", &old, "-i", "-1", &new],
        "time value -1 is invalid: out of range",
    );
    let r = settime(p, &["-S", &old, "-i", "10d", &new]).ok();
    assert_eq!(
        r.stdout,
        format!("./{new}.key\n./{new}.private\n./{old}.key\n./{old}.private\n")
    );
    let n = Key::load(&new, Some(p)).unwrap();
    let o = Key::load(&old, Some(p)).unwrap();
    assert_eq!(n.timing.activate, Some(UnixTime(1_893_456_000)));
    assert_eq!(n.timing.publish, Some(UnixTime(1_893_456_000 - 10 * 86400)));
    assert_eq!(
        (n.timing.predecessor, o.timing.successor),
        (Some(o.key_tag()), Some(n.key_tag()))
    );
}

#[test]
fn a_failed_write_leaves_the_old_files() {
    use std::os::unix::fs::PermissionsExt;
    let d = support::scratch();
    let keys = d.path().join("keys");
    fs::create_dir(&keys).unwrap();
    fs::set_permissions(d.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let k = make_key(&keys, "x.test", Algorithm::ED25519, true);
    fs::set_permissions(&keys, fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&keys);
    let Some(r) = support::run_unprivileged(
        &keys,
        &support::ours("settime"),
        &["-s", "-P", "+1d", "-g", "hidden", &k],
    ) else {
        return;
    };
    fs::set_permissions(&keys, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr
            .starts_with("settime: fatal: Failed to write key x.test/ED25519/"),
        "{r:?}"
    );
    assert_eq!(r.stdout, "");
    assert_eq!(snapshot(&keys), before);
}
