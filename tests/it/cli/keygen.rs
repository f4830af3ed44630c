//! Our keygen alone: the flag syntax, the files it writes, and every error row of
//! docs/bind-compat.md, "keygen" (exact one-line `keygen: fatal: ...` message, exit 1, no files).
use crate::support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn keygen(dir: &Path, args: &[&str]) -> support::Run {
    support::run_in(dir, support::ours("keygen"), args)
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The empty file `fails_with` puts in each scratch directory, for rows that need one.
const EMPTY_CONF: &str = "empty.conf";

/// Runs keygen expecting failure: exit 1, nothing on stdout, exactly `keygen: fatal: <msg>`
/// on stderr, and no key file left behind.
fn fails_with(args: &[&str], msg: &str) {
    let dir = support::scratch();
    // An empty policy file of our own for the `-l` rows: /dev/null is not a device in every
    // sandbox a test runs in.
    fs::write(dir.path().join(EMPTY_CONF), "").unwrap();
    let before = files(dir.path());
    let r = keygen(dir.path(), args);
    assert_eq!(r.code, 1, "{args:?}: {r:?}");
    assert_eq!(r.stdout, "", "{args:?}");
    assert_eq!(r.stderr, format!("keygen: fatal: {msg}\n"), "{args:?}");
    assert_eq!(files(dir.path()), before, "{args:?} left files behind");
}

fn key_line(text: &str) -> &str {
    text.lines().find(|l| !l.starts_with(';')).unwrap()
}

#[test]
fn makes_a_key_pair_and_prints_its_base_name() {
    let dir = support::scratch();
    let r = keygen(
        dir.path(),
        &["-a", "ECDSAP256SHA256", "-f", "KSK", "example.com"],
    )
    .ok();
    let base = r.stdout.trim_end();
    assert!(base.starts_with("Kexample.com.+013+"), "{base}");
    assert_eq!(r.stdout, format!("{base}\n"));
    let tag: u16 = base.rsplit('+').next().unwrap().parse().unwrap();
    assert_eq!(
        files(dir.path()),
        [format!("{base}.key"), format!("{base}.private")]
    );
    let key = fs::read_to_string(dir.path().join(format!("{base}.key"))).unwrap();
    assert!(
        key.starts_with(&format!(
            "; This is a key-signing key, keyid {tag}, for example.com.\n"
        )),
        "{key}"
    );
    assert!(
        key_line(&key).starts_with("example.com. IN DNSKEY 257 3 13 "),
        "{key}"
    );
    let private = fs::read_to_string(dir.path().join(format!("{base}.private"))).unwrap();
    assert!(private
        .starts_with("Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\nPrivateKey: "));
    for field in ["Created: ", "Publish: ", "Activate: "] {
        assert!(
            private.contains(&format!("\n{field}")),
            "{field} missing:\n{private}"
        );
    }
    let mode = |ext: &str| {
        fs::metadata(dir.path().join(format!("{base}.{ext}")))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!((mode("key"), mode("private")), (0o644, 0o600));
}

#[test]
fn default_algorithm_is_ecdsa_p256_zsk() {
    let dir = support::scratch();
    let base = keygen(dir.path(), &["example.com"])
        .ok()
        .stdout
        .trim_end()
        .to_string();
    assert!(base.starts_with("Kexample.com.+013+"), "{base}");
    let key = fs::read_to_string(dir.path().join(format!("{base}.key"))).unwrap();
    assert!(key.starts_with("; This is a zone-signing key"), "{key}");
    assert!(key_line(&key).starts_with("example.com. IN DNSKEY 256 3 13 "));
}

#[test]
fn bind_option_syntax_attached_combined_and_two_word() {
    let dir = support::scratch();
    let r = keygen(
        dir.path(),
        &[
            "-qa15", "-fK", "-L600", "-Psync", "20300105", "-D", "sync", "20300106", "-K.", "-cCH",
            "x.test",
        ],
    )
    .ok();
    let base = r.stdout.trim_end();
    assert!(base.starts_with("Kx.test.+015+"), "{base}");
    let key = fs::read_to_string(dir.path().join(format!("{base}.key"))).unwrap();
    assert!(
        key.contains("; SyncPublish: 20300105000000 (Sat Jan  5 00:00:00 2030)\n"),
        "{key}"
    );
    assert!(
        key.contains("; SyncDelete: 20300106000000 (Sun Jan  6 00:00:00 2030)\n"),
        "{key}"
    );
    assert!(
        key_line(&key).starts_with("x.test. 600 CH DNSKEY 257 3 15 "),
        "{key}"
    );
}

#[test]
fn printed_name_never_includes_the_key_directory() {
    let dir = support::scratch();
    fs::create_dir(dir.path().join("keys")).unwrap();
    let base = keygen(dir.path(), &["-K", "keys", "-a", "ED25519", "example.com"])
        .ok()
        .stdout;
    let base = base.trim_end();
    assert!(base.starts_with("Kexample.com.+015+"), "{base}");
    assert!(dir
        .path()
        .join("keys")
        .join(format!("{base}.private"))
        .exists());
}

#[test]
fn every_timing_field_is_written_in_order() {
    let dir = support::scratch();
    let args = [
        "-a", "ED25519", "-f", "KSK", "-P", "20300101", "-A", "20300102", "-R", "20310301", "-I",
        "20310101", "-D", "20310201", "-P", "sync", "20300105", "-D", "sync", "20310115",
        "ex.test",
    ];
    let base = keygen(dir.path(), &args).ok().stdout.trim_end().to_string();
    let private = fs::read_to_string(dir.path().join(format!("{base}.private"))).unwrap();
    let meta: Vec<&str> = private
        .lines()
        .skip(3)
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        meta,
        [
            "Created",
            "Publish",
            "Activate",
            "Revoke",
            "Inactive",
            "Delete",
            "SyncPublish",
            "SyncDelete"
        ],
        "{private}"
    );
    assert!(private.contains("\nRevoke: 20310301000000\n"));
    let key = fs::read_to_string(dir.path().join(format!("{base}.key"))).unwrap();
    assert!(
        key.contains("; Inactive: 20310101000000 (Wed Jan  1 00:00:00 2031)\n"),
        "{key}"
    );
}

#[test]
fn only_activate_given_publishes_at_activation() {
    let dir = support::scratch();
    let base = keygen(dir.path(), &["-a", "ED25519", "-A", "20300102", "ex.test"])
        .ok()
        .stdout;
    let private =
        fs::read_to_string(dir.path().join(format!("{}.private", base.trim_end()))).unwrap();
    assert!(
        private.contains("\nPublish: 20300102000000\nActivate: 20300102000000\n"),
        "{private}"
    );
    let base = keygen(
        dir.path(),
        &["-a", "ED25519", "-A", "20300110", "-i", "2d", "ex.test"],
    )
    .ok()
    .stdout;
    let private =
        fs::read_to_string(dir.path().join(format!("{}.private", base.trim_end()))).unwrap();
    assert!(
        private.contains("\nPublish: 20300108000000\nActivate: 20300110000000\n"),
        "{private}"
    );
}

#[test]
fn generate_only_and_legacy_keys() {
    let dir = support::scratch();
    let g = keygen(dir.path(), &["-G", "-a", "ED25519", "g.test"])
        .ok()
        .stdout;
    let private = fs::read_to_string(dir.path().join(format!("{}.private", g.trim_end()))).unwrap();
    let meta: Vec<&str> = private.lines().skip(3).collect();
    assert_eq!(meta.len(), 1, "{private}");
    assert!(meta[0].starts_with("Created: "));
    let c = keygen(dir.path(), &["-C", "-a", "ED25519", "c.test"])
        .ok()
        .stdout;
    let private = fs::read_to_string(dir.path().join(format!("{}.private", c.trim_end()))).unwrap();
    assert!(
        private.starts_with("Private-key-format: v1.2\n"),
        "{private}"
    );
    assert_eq!(private.lines().count(), 3, "{private}");
    let key = fs::read_to_string(dir.path().join(format!("{}.key", c.trim_end()))).unwrap();
    assert_eq!(
        key.lines().filter(|l| l.starts_with(';')).count(),
        1,
        "{key}"
    );
}

#[test]
fn policy_default_makes_a_csk_with_state() {
    let dir = support::scratch();
    let out = keygen(dir.path(), &["-k", "default", "x.test"]).ok().stdout;
    let base = out.trim_end();
    assert_eq!(out.lines().count(), 1);
    let key = fs::read_to_string(dir.path().join(format!("{base}.key"))).unwrap();
    assert!(
        key_line(&key).starts_with("x.test. 3600 IN DNSKEY 257 3 13 "),
        "{key}"
    );
    let state = fs::read_to_string(dir.path().join(format!("{base}.state"))).unwrap();
    let tags = support::keys::state_tags(&state);
    assert_eq!(
        tags,
        [
            "Algorithm",
            "Length",
            "Lifetime",
            "KSK",
            "ZSK",
            "Generated",
            "Published",
            "Active"
        ],
        "{state}"
    );
    assert!(
        state.contains("\nAlgorithm: 13\nLength: 256\nLifetime: 0\nKSK: yes\nZSK: yes\n"),
        "{state}"
    );
}

#[test]
fn successor_key_takes_over_at_predecessor_inactive() {
    let dir = support::scratch();
    let pred = keygen(
        dir.path(),
        &[
            "-a", "ED25519", "-f", "KSK", "-I", "20300201", "-D", "20300301", "s.test",
        ],
    )
    .ok();
    let pred = pred.stdout.trim_end();
    let r = keygen(dir.path(), &["-S", pred, "-i", "5d"]).ok();
    let succ = r.stdout.trim_end();
    assert!(succ.starts_with("Ks.test.+015+"), "{succ}");
    let succ_tag: u16 = succ.rsplit('+').next().unwrap().parse().unwrap();
    let pred_tag: u16 = pred.rsplit('+').next().unwrap().parse().unwrap();
    let sp = fs::read_to_string(dir.path().join(format!("{succ}.private"))).unwrap();
    assert!(sp.contains(&format!("\nPredecessor: {pred_tag}\n")), "{sp}");
    assert!(
        sp.contains("\nPublish: 20300127000000\nActivate: 20300201000000\n"),
        "{sp}"
    );
    let sk = fs::read_to_string(dir.path().join(format!("{succ}.key"))).unwrap();
    assert!(
        key_line(&sk).starts_with("s.test. IN DNSKEY 257 3 15 "),
        "{sk}"
    );
    let pp = fs::read_to_string(dir.path().join(format!("{pred}.private"))).unwrap();
    assert!(pp.contains(&format!("\nSuccessor: {succ_tag}\n")), "{pp}");
}

#[test]
fn successor_errors() {
    let dir = support::scratch();
    let no_inactive = keygen(dir.path(), &["-a", "ED25519", "s.test"])
        .ok()
        .stdout
        .trim_end()
        .to_string();
    let r = keygen(dir.path(), &["-S", &no_inactive]);
    let id = format!(
        "s.test/ED25519/{}",
        no_inactive
            .rsplit('+')
            .next()
            .unwrap()
            .parse::<u16>()
            .unwrap()
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "keygen: fatal: Key {id} has no inactivation date.\n\tYou must use dnssec-settime -I to set one before generating a successor.\n"
        )
    );
    let soon = keygen(dir.path(), &["-a", "ED25519", "-I", "+10d", "s.test"])
        .ok()
        .stdout
        .trim_end()
        .to_string();
    let r = keygen(dir.path(), &["-S", &soon]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("becomes inactive\n\tsooner than the prepublication period"),
        "{}",
        r.stderr
    );
    let r = keygen(dir.path(), &["-S", &soon, "-b", "2048"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "keygen: fatal: -S and -b cannot be used together\n")
    );
}

/// Writes `K<name>+015+<tag>.key` files for ED25519 keys whose tags are exactly `tags`. The
/// last two public-key octets form one 16-bit word of the RFC 4034 Appendix B sum, so they
/// steer the tag; the core's key-tag code checks each result. Returns every key written.
fn fill_tags(
    dir: &Path,
    name: &str,
    tags: impl Iterator<Item = u16>,
) -> Vec<dnssec_core::rr::Dnskey> {
    use base64::Engine;
    use dnssec_core::rr::Dnskey;
    let mut made = Vec::new();
    for tag in tags {
        let mut key = Dnskey {
            flags: 256,
            protocol: 3,
            algorithm: dnssec_core::Algorithm::ED25519,
            public_key: vec![7; 32],
        };
        // The fold's end-around carry skips one tag (the sum's high half) per base; a base
        // with another high half reaches it.
        'search: for fill in [7u8, 0, 0xff, 0x80] {
            key.public_key[..30].fill(fill);
            key.public_key[30] = 0;
            key.public_key[31] = 0;
            let base = key.key_tag();
            for delta in [0u16, 1] {
                let word = tag.wrapping_sub(base).wrapping_sub(delta);
                key.public_key[30] = (word >> 8) as u8;
                key.public_key[31] = word as u8;
                if key.key_tag() == tag {
                    break 'search;
                }
            }
        }
        assert_eq!(key.key_tag(), tag);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&key.public_key);
        let path = dir.join(format!("K{name}.+015+{tag:05}.key"));
        fs::write(path, format!("{name}. IN DNSKEY 256 3 15 {b64}\n")).unwrap();
        made.push(key);
    }
    made
}

fn read_dnskey(dir: &Path, base: &str) -> dnssec_core::rr::Dnskey {
    use base64::Engine;
    let text = fs::read_to_string(dir.join(format!("{base}.key"))).unwrap();
    let fields: Vec<&str> = key_line(&text).split(' ').collect();
    let b64: String = fields[6..].concat();
    dnssec_core::rr::Dnskey {
        flags: fields[3].parse().unwrap(),
        protocol: fields[4].parse().unwrap(),
        algorithm: dnssec_core::Algorithm(fields[5].parse().unwrap()),
        public_key: base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    }
}

#[test]
fn a_tag_collision_in_the_key_directory_forces_a_new_key() {
    // Every even tag is taken: the new key's tag, its tag once revoked, and the revoked tags
    // of the existing keys must all differ (docs/bind-compat.md, "keygen").
    let dir = support::scratch();
    let existing = fill_tags(dir.path(), "c.test", (0..=u16::MAX).step_by(2));
    let tags: std::collections::HashSet<u16> = existing.iter().map(|k| k.key_tag()).collect();
    let revoked: std::collections::HashSet<u16> =
        existing.iter().map(|k| k.revoked_tag()).collect();
    for _ in 0..3 {
        let base = keygen(dir.path(), &["-a", "ED25519", "c.test"]).ok().stdout;
        let key = read_dnskey(dir.path(), base.trim_end());
        let tag = key.key_tag();
        assert!(base.trim_end().ends_with(&format!("+{tag:05}")), "{base}");
        assert!(!tags.contains(&tag), "new key {tag} has a taken tag");
        assert!(
            !tags.contains(&key.revoked_tag()),
            "new key {tag} collides once revoked"
        );
        assert!(
            !revoked.contains(&tag),
            "new key {tag} collides with a revoked existing key"
        );
    }
}

#[test]
fn a_directory_with_every_tag_taken_is_a_clear_error() {
    let dir = support::scratch();
    assert_eq!(
        fill_tags(dir.path(), "full.test", 0..=u16::MAX).len(),
        65536
    );
    let r = keygen(dir.path(), &["-a", "ED25519", "full.test"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.stderr,
        "keygen: fatal: could not find an unused key tag for full.test/ED25519 in . after 1000 attempts\n"
    );
    // Another name or algorithm is not affected.
    keygen(dir.path(), &["-a", "ED25519", "other.test"]).ok();
    keygen(dir.path(), &["-a", "ECDSAP256SHA256", "full.test"]).ok();
}

#[test]
fn usage_version_and_unknown_options() {
    let dir = support::scratch();
    let r = keygen(dir.path(), &[]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(
        r.stderr.starts_with("Usage:\n    keygen [options] name\n"),
        "{}",
        r.stderr
    );
    let h = keygen(dir.path(), &["-h"]);
    assert_eq!((h.code, h.stderr.as_str()), (1, r.stderr.as_str()));
    let v = keygen(dir.path(), &["-V"]);
    assert_eq!((v.code, v.stdout.as_str()), (0, ""));
    assert_eq!(
        v.stderr,
        format!("keygen dnssec-kit-{}\n", env!("CARGO_PKG_VERSION"))
    );
    let y = keygen(dir.path(), &["-Y", "x.test"]);
    assert_eq!(y.code, 1);
    assert_eq!(
        y.stderr,
        format!("keygen: invalid argument -Y\n{}", r.stderr)
    );
    let m = keygen(dir.path(), &["-a", "13", "-P", "sync"]);
    assert_eq!(m.code, 1);
    assert!(
        m.stderr
            .starts_with("keygen: missing argument -P sync\nUsage:\n"),
        "{}",
        m.stderr
    );
    let e = keygen(dir.path(), &["-q", "-a", "ED25519", "-e", "x.test"]).ok();
    assert_eq!(
        e.stderr,
        "phased-out option -e (was 'use (RSA) large exponent')\n"
    );
}

#[test]
fn error_rows_of_reference_section_2() {
    let rows: &[(&[&str], &str)] = &[
        (&["-a", "FOO", "example.com"], "unknown algorithm FOO"),
        (&["-a", "DSA", "example.com"], "unsupported algorithm: DSA"),
        (&["-a", "ECCGOST", "example.com"], "unsupported algorithm: ECCGOST"),
        (&["-a", "RSASHA256", "-b", "512", "example.com"], "RSA key size 512 out of range"),
        (&["-a", "RSASHA256", "-b", "4097", "example.com"], "RSA key size 4097 out of range"),
        (&["-a", "RSASHA256", "-b", "x", "example.com"], "-b requires a non-negative number"),
        (&["-a", "ED25519", "bad..name"], "invalid key name bad..name: empty label"),
        (&["-a", "ED25519", "-P", "20261301", "example.com"], "time value 20261301 is invalid: out of range"),
        (&["-a", "ED25519", "-P", "tomorrow", "example.com"], "time value tomorrow is invalid"),
        (&["-a", "ED25519", "-A", "+5m", "example.com"], "'+5m' ambiguous: use 'mi' for minutes or 'mo' for months"),
        (&["-a", "ED25519", "-P", "now", "-P", "now", "example.com"], "-P specified more than once"),
        (&["-a", "ED25519", "-K", "/nonexistent", "example.com"], "cannot open directory /nonexistent: file not found"),
        (&["-a", "ED25519", "-K", "/etc/passwd", "example.com"], "cannot open directory /etc/passwd: invalid file"),
        (&["-a", "ED25519", "a.test", "b.test"], "extraneous arguments"),
        (&["-a", "ED25519", "a.test", "-q"], "extraneous arguments"),
        (&["-a", "ED25519"], "the key name was not specified"),
        (&["-S", "Knonexist.+013+00001"], "Invalid keyfile Knonexist.+013+00001: file not found"),
        (&["-k", "nosuch", "-l", EMPTY_CONF, "example.com"], "failed to load dnssec-policy 'nosuch'"),
        (&["-k", "default", "-f", "KSK", "example.com"], "-k and -f cannot be used together"),
        (&["-k", "default", "-L", "300", "example.com"], "-k and -L cannot be used together"),
        (&["-a", "ED25519", "-n", "HOST", "example.com"], "invalid DNSKEY nametype HOST"),
        (&["-a", "ED25519", "-T", "KEY", "example.com"], "no nametype specified"),
        (&["-a", "ED25519", "-T", "FOO", "example.com"], "unknown type 'FOO'"),
        (&["-a", "ED25519", "-p", "4", "example.com"], "invalid DNSKEY protocol: 4"),
        (&["-a", "ED25519", "-f", "zsk", "example.com"], "unknown flag 'zsk'"),
        (&["-a", "ED25519", "-G", "-P", "now", "example.com"], "cannot use -G together with -P or -A options"),
        (
            &["-a", "ED25519", "-C", "-P", "now", "example.com"],
            "cannot use -C together with -P, -A, -R, -I, -D, or -G options",
        ),
        (&["-a", "ED25519", "-L", "abc", "example.com"], "TTL must be numeric"),
        (&["-a", "DH", "dh.test"], "no nametype specified"),
        (&["-a", "DH", "-n", "HOST", "dh.test"], "key size not specified (-b option)"),
        (&["-a", "DH", "-n", "HOST", "-b", "100", "dh.test"], "DH key size 100 out of range"),
        (
            &["-a", "DH", "-n", "HOST", "-b", "768", "dh.test"],
            "unsupported algorithm: DH (dnssec-kit does not make Diffie-Hellman keys)",
        ),
        (&["-a", "RSASHA256", "-b", "1023", "example.com"], "RSA key size 1023 out of range"),
        (&["-a", "ED25519", "-v", "x", "example.com"], "-v must be followed by a number"),
        (&["-a", "ECDSAP256SHA256", "-g", "2", "example.com"], "specified DH generator for a non-DH key"),
        (
            &["-a", "ED25519", "-P", "now", "-A", "+1d", "-i", "2d", "example.com"],
            "Activation and publication dates are closer together than the\n\tprepublication interval.",
        ),
        (
            &["-a", "ED25519", "-A", "+1h", "-i", "1d", "example.com"],
            "Time until activation is shorter than the\n\tprepublication interval.",
        ),
        (&["-a", "ED25519", "-r", "/dev/random", "example.com"], "The -r option has been deprecated.\nSystem random data is always used.\n"),
    ];
    for (args, msg) in rows {
        fails_with(args, msg);
    }
}

#[test]
fn successor_of_a_broken_predecessor_names_file_and_fault() {
    let dir = support::scratch();
    let d = dir.path();
    let args = [
        "-a",
        "ECDSAP256SHA256",
        "-I",
        "+60d",
        "-D",
        "+70d",
        "b.test",
    ];
    let a = keygen(d, &args).ok().stdout.trim_end().to_string();
    let b = keygen(d, &args).ok().stdout.trim_end().to_string();
    // Another key's .private under this key's name: refused (BIND does not check).
    fs::copy(
        d.join(format!("{b}.private")),
        d.join(format!("{a}.private")),
    )
    .unwrap();
    let r = keygen(d, &["-S", &a]);
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert_eq!(
        r.stderr,
        format!("keygen: fatal: Invalid keyfile {a}: private key does not match public key\n")
    );
    // Malformed and bad-base64 .key files, and a missing .private.
    let key_text = fs::read_to_string(d.join(format!("{b}.key"))).unwrap();
    fs::write(d.join(format!("{a}.key")), "garbage\n").unwrap();
    let r = keygen(d, &["-S", &a]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "keygen: warning: {a}.key:1: type: end of file\nkeygen: fatal: Invalid keyfile {a}: end of file\n"
        )
    );
    let bad64 = key_text.replacen(" DNSKEY 256 3 13 ", " DNSKEY 256 3 13 !!!!", 1);
    let record_line = 1 + key_text
        .lines()
        .position(|l| l.contains(" DNSKEY "))
        .unwrap();
    fs::write(d.join(format!("{a}.key")), bad64).unwrap();
    let r = keygen(d, &["-S", &a]);
    assert_eq!(
        r.stderr,
        format!("keygen: warning: {a}.key:{record_line}: bad base64 encoding\nkeygen: fatal: Invalid keyfile {a}: bad base64 encoding\n")
    );
    fs::remove_file(d.join(format!("{b}.private"))).unwrap();
    let r = keygen(d, &["-S", &b]);
    assert_eq!(
        r.stderr,
        format!("keygen: fatal: Invalid keyfile {b}: file not found\n")
    );
    // Nothing new was written.
    assert_eq!(files(d).len(), 3, "{:?}", files(d));
}

/// docs/bind-compat.md, "keygen -S: TTL and second successors": the first successor of a key
/// named by path goes to the current directory (no -K), not beside the predecessor; a second
/// -S still finds it there and is refused, and the successor has the predecessor's TTL.
#[test]
fn second_successor_refused_when_the_first_is_in_another_directory() {
    let dir = support::scratch();
    fs::create_dir(dir.path().join("keys")).unwrap();
    let pred = keygen(
        dir.path(),
        &[
            "-q", "-K", "keys", "-a", "ED25519", "-L", "900", "-I", "+40d", "-D", "+50d", "s.test",
        ],
    )
    .ok()
    .stdout
    .trim_end()
    .to_string();
    let arg = format!("keys/{pred}");
    let first = keygen(dir.path(), &["-q", "-S", &arg, "-i", "5d"])
        .ok()
        .stdout
        .trim_end()
        .to_string();
    let sk = fs::read_to_string(dir.path().join(format!("{first}.key"))).unwrap();
    assert!(
        key_line(&sk).starts_with("s.test. 900 IN DNSKEY 256 3 15 "),
        "{sk}"
    );
    let tag = pred.rsplit('+').next().unwrap().trim_start_matches('0');
    support::keys::assert_refused(
        dir.path(),
        "keygen",
        &["-q", "-S", &arg, "-i", "5d"],
        &format!(
            "Key s.test/ED25519/{tag} already has a successor, {first}; use keygen -S {first} for the key after it"
        ),
    );
}

/// `-l FILE` with `-k NAME`, ours and dnssec-keygen on the same files (docs/bind-compat.md,
/// "keygen: -k and -l"): a file that cannot be read or parsed is named, one that lacks the
/// policy is BIND's plain `failed to load`, and `-k default` is the built-in policy whatever
/// the file holds (BIND does not read it). Both stderrs are compared with the program name
/// taken out.
#[test]
fn policy_file_errors_name_the_file_as_bind_does() {
    let Some(bind) = support::tool("dnssec-keygen") else {
        return;
    };
    let dir = support::scratch();
    let d = dir.path();
    fs::write(
        d.join("other.conf"),
        "dnssec-policy other { keys { csk lifetime unlimited algorithm 13; }; };\n",
    )
    .unwrap();
    fs::write(d.join("broken.conf"), "dnssec-policy other { keys {\n").unwrap();
    // A `default` of its own (named refuses it): BIND still makes the built-in's key.
    fs::write(
        d.join("default.conf"),
        "dnssec-policy default { keys { csk lifetime unlimited algorithm 8; }; };\n",
    )
    .unwrap();
    fs::create_dir(d.join("adir")).unwrap();
    let strip = |text: &str, prog: &str| text.replace(&format!("{prog}: "), "PROG: ");
    let cases: &[(&str, &str, i32, &str)] = &[
        (
            "/nonexistent-dnssec-kit.conf",
            "foo",
            1,
            "PROG: error: open: /nonexistent-dnssec-kit.conf: file not found\n\
             PROG: fatal: unable to load dnssec-policy 'foo' from '/nonexistent-dnssec-kit.conf'\n",
        ),
        (
            "other.conf",
            "foo",
            1,
            "PROG: fatal: failed to load dnssec-policy 'foo'\n",
        ),
        ("/nonexistent-dnssec-kit.conf", "default", 0, ""),
        ("broken.conf", "default", 0, ""),
        ("adir", "default", 0, ""),
        ("other.conf", "default", 0, ""),
        ("default.conf", "default", 0, ""),
        ("other.conf", "other", 0, ""),
    ];
    for &(file, policy, code, stderr) in cases {
        let args = ["-l", file, "-k", policy, "example."];
        let theirs = support::run_in(d, &bind, &args);
        let ours = keygen(d, &args);
        assert_eq!(theirs.code, code, "dnssec-keygen {args:?}: {theirs:?}");
        assert_eq!(ours.code, code, "keygen {args:?}: {ours:?}");
        assert_eq!(strip(&theirs.stderr, "dnssec-keygen"), stderr, "{args:?}");
        assert_eq!(strip(&ours.stderr, "keygen"), stderr, "{args:?}");
        if code == 0 {
            // The same algorithm as BIND's key: 13 from the built-in default.
            let alg = |name: &str| name.split('+').nth(1).map(str::to_string);
            assert_eq!(
                alg(ours.stdout.trim()),
                alg(theirs.stdout.trim()),
                "{args:?}"
            );
        }
    }
    // Unreadable for another reason: both name the file and stop with the same fatal line.
    for (file, words) in [("broken.conf", "broken.conf:"), ("adir", "adir")] {
        let args = ["-l", file, "-k", "other", "example."];
        for (run, prog) in [
            (support::run_in(d, &bind, &args), "dnssec-keygen"),
            (keygen(d, &args), "keygen"),
        ] {
            assert_eq!(run.code, 1, "{prog} {args:?}: {run:?}");
            let lines: Vec<String> = strip(&run.stderr, prog).lines().map(String::from).collect();
            assert_eq!(lines.len(), 2, "{prog} {args:?}: {run:?}");
            assert!(
                lines[0].starts_with("PROG: error: ") && lines[0].contains(words),
                "{prog} {args:?}: {run:?}"
            );
            assert_eq!(
                lines[1],
                format!("PROG: fatal: unable to load dnssec-policy 'other' from '{file}'"),
                "{prog}"
            );
        }
    }
}
