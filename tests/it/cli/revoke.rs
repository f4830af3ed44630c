//! Our revoke alone (docs/bind-compat.md, "revoke"): the revoked twin's files, `-R`, `-r`,
//! `-f`, `-K`, and every refusal with its exact message and no file touched.

use crate::support;

use dnssec_core::key::{FormatVersion, Key};
use dnssec_core::Algorithm;
use std::fs;
use std::path::Path;
use support::keys::{self, snapshot, Times};
use support::{run_in, Run};

fn make_key(dir: &Path, owner: &str, ksk: bool) -> Key {
    keys::make_key(dir, owner, Algorithm::ED25519, ksk, Times::Active)
}

fn revoke(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, support::ours("revoke"), args)
}

fn refused(dir: &Path, args: &[&str], message: &str) {
    keys::assert_refused(dir, "revoke", args, message);
}

#[test]
fn writes_the_revoked_twin() {
    let d = support::scratch();
    let p = d.path();
    let key = make_key(p, "rv.test", true);
    let k = key.basename();
    let tag = key.dnskey.revoked_tag();
    let r = revoke(p, &["-R", &k]).ok();
    assert_eq!(r.stdout, format!("{tag}\n"));
    assert_eq!(snapshot(p).len(), 2, "-R writes nothing");

    let r = revoke(p, &[&format!("{k}.key")]).ok();
    let new = format!("Krv.test.+015+{tag:05}");
    assert_eq!(
        (r.stdout.clone(), r.stderr.as_str()),
        (format!("{new}\n"), "")
    );
    let text = fs::read_to_string(p.join(format!("{new}.key"))).unwrap();
    assert!(
        text.starts_with(&format!(
            "; This is a revoked key-signing key, keyid {tag}, for rv.test.\n"
        )),
        "{text}"
    );
    assert!(
        text.contains("; Revoke: ") && text.contains(" IN DNSKEY 385 3 15 "),
        "{text}"
    );
    let private = fs::read_to_string(p.join(format!("{new}.private"))).unwrap();
    assert!(private.contains("\nRevoke: "), "{private}");
    let revoked = Key::load(&new, Some(p)).unwrap();
    assert!(revoked.is_revoked());
    assert_eq!(revoked.key_tag(), tag);
    assert_eq!(revoked.dnskey.public_key, key.dnskey.public_key);
    // The originals stay without -r.
    assert!(p.join(format!("{k}.key")).exists() && p.join(format!("{k}.private")).exists());

    refused(
        p,
        &[&k],
        &format!("Key file {new}.key already exists; use -f to force overwrite"),
    );
    refused(
        p,
        &[&new],
        &format!("Key {} is already revoked", revoked.describe()),
    );
    let r = revoke(p, &["-f", &k]).ok();
    assert_eq!(r.stdout, format!("{new}\n"));
}

#[test]
fn remove_originals_and_key_directory() {
    let d = support::scratch();
    let p = d.path();
    fs::create_dir(p.join("sub")).unwrap();
    let key = make_key(&p.join("sub"), "rv.test", true);
    let k = key.basename();
    let new = format!("Krv.test.+015+{:05}", key.dnskey.revoked_tag());
    let r = revoke(p, &["-r", "-K", "sub", &k]).ok();
    assert_eq!(r.stdout, format!("sub/{new}\n"));
    let left: Vec<String> = snapshot(&p.join("sub")).into_keys().collect();
    assert_eq!(left, [format!("{new}.key"), format!("{new}.private")]);
    refused(
        p,
        &["sub/Knone.+013+00001"],
        "Invalid keyfile name Knone.+013+00001: file not found",
    );
    refused(
        p,
        &["-K", "/nonexistent", &k],
        &format!("Invalid keyfile name {k}: file not found"),
    );
}

#[test]
fn zsk_warning_state_untouched_and_old_formats() {
    let d = support::scratch();
    let p = d.path();
    let key = make_key(p, "rv.test", false);
    let k = key.basename();
    // revoke reads no .state (BIND's neither), so even a junk one is left alone.
    fs::write(p.join(format!("{k}.state")), "junk\njunk\n").unwrap();
    let r = revoke(p, &[&k]).ok();
    assert_eq!(
        r.stderr,
        "revoke: warning: Key is not flagged as a KSK. Revoking a ZSK is legal, but undefined.\n"
    );
    let new = r.stdout.trim().to_string();
    assert!(!p.join(format!("{new}.state")).exists());
    assert_eq!(
        fs::read_to_string(p.join(format!("{k}.state"))).unwrap(),
        "junk\njunk\n"
    );

    let mut old = make_key(p, "old.test", true);
    old.version = FormatVersion::V1_2;
    let ok = old.basename();
    fs::write(p.join(format!("{ok}.private")), old.private_text().unwrap()).unwrap();
    refused(
        p,
        &[&ok],
        &format!(
            "Key {} has incompatible format version 1.2, use -f to force upgrade to new version.",
            old.describe()
        ),
    );
    let r = revoke(p, &["-f", &ok]).ok();
    let private = fs::read_to_string(p.join(format!("{}.private", r.stdout.trim()))).unwrap();
    assert!(
        private.starts_with("Private-key-format: v1.3\n") && private.contains("\nRevoke: "),
        "{private}"
    );
}

#[test]
fn usage_and_arguments() {
    let d = support::scratch();
    let r = revoke(d.path(), &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("Usage:\n    revoke [options] keyfile\n"),
        "{r:?}"
    );
    let r = revoke(d.path(), &["-Y", "K"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with("revoke: invalid argument -Y\nUsage:"),
        "{r:?}"
    );
    refused(d.path(), &["Ka", "Kb"], "Extraneous arguments");
    refused(
        d.path(),
        &["-v", "x", "Ka"],
        "-v must be followed by a number",
    );
}

#[test]
fn a_failed_write_keeps_the_originals_even_with_r() {
    use std::os::unix::fs::PermissionsExt;
    let d = support::scratch();
    let keys = d.path().join("keys");
    fs::create_dir(&keys).unwrap();
    fs::set_permissions(d.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let k = make_key(&keys, "rv.test", true).basename();
    fs::set_permissions(&keys, fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&keys);
    let Some(r) = support::run_unprivileged(&keys, &support::ours("revoke"), &["-r", &k]) else {
        return;
    };
    fs::set_permissions(&keys, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr
            .starts_with("revoke: fatal: Failed to write key rv.test/ED25519/"),
        "{r:?}"
    );
    assert_eq!(r.stdout, "");
    assert_eq!(snapshot(&keys), before);
}
