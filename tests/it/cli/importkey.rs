//! Our importkey alone (docs/bind-compat.md, "importkey"): the written `.key` and `External:`
//! `.private`, the zone-file form in canonical order, the refusals, and that the core loads an
//! imported key as publish-only (it can never sign with it).

use crate::support;

use dnssec_core::key::{Key, KeyPrivate};
use dnssec_core::Algorithm;
use std::fs;
use std::path::Path;
use support::keys::{self, snapshot, Times};
use support::{run_in, run_with_stdin, Run};

fn make_key(dir: &Path, owner: &str, alg: Algorithm, ksk: bool) -> Key {
    keys::make_key(dir, owner, alg, ksk, Times::CreatedOnly)
}

fn importkey(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, support::ours("importkey"), args)
}

fn refused(dir: &Path, args: &[&str], message: &str) {
    keys::assert_refused(dir, "importkey", args, message);
}

#[test]
fn imports_a_key_file_with_times() {
    let d = support::scratch();
    let src = d.path().join("src");
    fs::create_dir_all(&src).unwrap();
    fs::create_dir(d.path().join("out")).unwrap();
    let key = make_key(&src, "ik.test", Algorithm::ECDSAP256SHA256, true);
    let k = key.basename();
    let r = importkey(
        d.path(),
        &[
            "-K",
            "out",
            "-P",
            "20301124021024",
            "-D",
            "20301224021024",
            "-P",
            "sync",
            "20301125021024",
            "-D",
            "sync",
            "20301214021024",
            "-L",
            "600",
            &format!("src/{k}.key"),
        ],
    )
    .ok();
    assert_eq!(r.stdout, format!("out/{k}.key\nout/{k}.private\n"));
    let record = fs::read_to_string(src.join(format!("{k}.key"))).unwrap();
    let record_line = record
        .lines()
        .last()
        .unwrap()
        .replace("ik.test. IN", "ik.test. 600 IN");
    assert_eq!(
        fs::read_to_string(d.path().join(format!("out/{k}.key"))).unwrap(),
        format!(
            "; This is a key-signing key, keyid {}, for ik.test.\n\
             ; Publish: 20301124021024 (Sun Nov 24 02:10:24 2030)\n\
             ; Delete: 20301224021024 (Tue Dec 24 02:10:24 2030)\n\
             ; SyncPublish: 20301125021024 (Mon Nov 25 02:10:24 2030)\n\
             ; SyncDelete: 20301214021024 (Sat Dec 14 02:10:24 2030)\n{record_line}\n",
            key.key_tag()
        )
    );
    assert_eq!(
        fs::read_to_string(d.path().join(format!("out/{k}.private"))).unwrap(),
        "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\nExternal:\n\
         Publish: 20301124021024\nDelete: 20301224021024\nSyncPublish: 20301125021024\n\
         SyncDelete: 20301214021024\n"
    );

    // The core loads it as publish-only: no signer, External private half.
    let imported = Key::load(&k, Some(&d.path().join("out"))).unwrap();
    assert!(matches!(imported.private, KeyPrivate::External));
    assert!(imported.signer().is_none());
    assert_eq!(imported.dnskey, key.dnskey);

    // Importing again over an External key is fine; over the real key it is refused.
    importkey(d.path(), &["-K", "out", &format!("src/{k}")]).ok();
    refused(
        d.path(),
        &["-K", "src", &format!("src/{k}")],
        &format!("Private key already exists in src/{k}.private"),
    );
}

#[test]
fn imports_every_dnskey_of_a_name_in_canonical_order() {
    let d = support::scratch();
    let p = d.path();
    let keys = p.join("keys");
    fs::create_dir(&keys).unwrap();
    let ksk = make_key(&keys, "ik.test", Algorithm::ED25519, true);
    let zsk = make_key(&keys, "ik.test", Algorithm::ED25519, false);
    let other = make_key(&keys, "other.test", Algorithm::ED25519, true);
    let line = |k: &Key| {
        fs::read_to_string(keys.join(format!("{}.key", k.basename())))
            .unwrap()
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    // dig-style lines with TTLs, a comment and a multi-line record, KSK first on purpose.
    let ksk_line = line(&ksk).replace(" IN ", " 3600 IN ");
    let zsk_line = line(&zsk)
        .replace("DNSKEY 256 3 15 ", "DNSKEY 256 3 15 (\n\t")
        .replace(" IN ", " 3600 IN ")
        + " )";
    let text = format!(
        "; dig output\n{ksk_line}\n{}\nik.test. 3600 IN A 192.0.2.1\n{zsk_line}\n",
        line(&other)
    );
    fs::write(p.join("ik.test"), &text).unwrap();
    let r = importkey(p, &["-f", "ik.test"]).ok();
    let (z, k) = (zsk.basename(), ksk.basename());
    assert_eq!(
        r.stdout,
        format!("{z}.key\n{z}.private\n{k}.key\n{k}.private\n")
    );
    let written = fs::read_to_string(p.join(format!("{z}.key"))).unwrap();
    assert_eq!(written.lines().last().unwrap(), line(&zsk));

    // Standard input must give each record a TTL, as BIND's importkey wants
    // (docs/bind-compat.md, "importkey: standard input and a second import"): refused
    // without one, nothing written; taken with one, or after `$TTL`.
    let out = p.join("o2");
    fs::create_dir(&out).unwrap();
    let stdin_args = ["-K", "o2", "-f", "-", "ik.test"];
    let r = run_with_stdin(
        p,
        support::ours("importkey"),
        &stdin_args,
        Some(line(&ksk).as_bytes()),
    );
    assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{r:?}");
    assert_eq!(
        r.stderr,
        "importkey: warning: stream-stdin:1: no TTL specified; zone rejected\n\
         importkey: fatal: can't load from input: no ttl\n"
    );
    assert!(snapshot(&out).is_empty());
    for input in [ksk_line.clone(), format!("$TTL 60\n{}", line(&ksk))] {
        let r = run_with_stdin(
            p,
            support::ours("importkey"),
            &stdin_args,
            Some(input.as_bytes()),
        )
        .ok();
        assert_eq!(r.stdout, format!("o2/{k}.key\no2/{k}.private\n"));
    }

    refused(
        p,
        &["-f", "ik.test", "nothere.test"],
        "no DNSKEY RR for nothere.test in ik.test",
    );
    refused(
        p,
        &["-f", "nosuch", "ik.test"],
        "can't load nosuch: file not found",
    );
    refused(p, &["-f", "ik.test", "a", "b"], "extraneous arguments");
}

#[test]
fn error_rows() {
    let d = support::scratch();
    let p = d.path();
    let key = make_key(p, "ik.test", Algorithm::ECDSAP256SHA256, true);
    let k = key.basename();
    fs::write(p.join("Kbad.+013+00001.key"), "; nothing\n").unwrap();
    refused(
        p,
        &["Knone.+013+00001"],
        "invalid keyfile name Knone.+013+00001: file not found",
    );
    keys::assert_refused_at(
        p,
        "importkey",
        &["Kbad.+013+00001"],
        "Kbad.+013+00001.key:1: owner: end of file",
        "invalid keyfile name Kbad.+013+00001: end of file",
    );
    refused(p, &["-P", "bogus", &k], "time value bogus is invalid");
    refused(
        p,
        &["-P", "now", "-P", "now", &k],
        "-P specified more than once",
    );
    refused(p, &["-L", "abc", &k], "TTL must be numeric");
    refused(p, &[&k, "extra"], "extraneous arguments");
    refused(
        p,
        &["-K", "/nonexistent", &k],
        &format!(
            "Failed to write key {}: error occurred writing key to disk",
            key.describe()
        ),
    );
    refused(
        p,
        &[&k],
        &format!("Private key already exists in {k}.private"),
    );
    let r = importkey(p, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("Usage:\n    importkey options [-K dir] keyfile\n"),
        "{r:?}"
    );
}

#[test]
fn a_failed_write_leaves_an_earlier_import() {
    use std::os::unix::fs::PermissionsExt;
    let d = support::scratch();
    let p = d.path();
    fs::set_permissions(p, fs::Permissions::from_mode(0o755)).unwrap();
    let key = make_key(p, "ik.test", Algorithm::ED25519, true);
    let out = p.join("out");
    fs::create_dir(&out).unwrap();
    let arg = format!("../{}", key.basename());
    let r = support::run_in(&out, support::ours("importkey"), &["-P", "20300101", &arg]).ok();
    assert_eq!(r.stdout.lines().count(), 2);
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&out);
    let Some(r) =
        support::run_unprivileged(&out, &support::ours("importkey"), &["-P", "20300102", &arg])
    else {
        return;
    };
    fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.stderr,
        format!(
            "importkey: fatal: Failed to write key {}: error occurred writing key to disk\n",
            key.describe()
        )
    );
    assert_eq!(snapshot(&out), before);
}
