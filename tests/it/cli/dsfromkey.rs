//! Our dsfromkey alone: its three modes, digest selection and order, and every error row of
//! docs/bind-compat.md, "dsfromkey" (exact `dsfromkey: fatal: ...` line, exit 1).
use crate::support;

use std::fs;
use std::path::Path;

fn dsfromkey(dir: &Path, args: &[&str]) -> support::Run {
    support::run_in(dir, support::ours("dsfromkey"), args)
}

fn keygen(dir: &Path, args: &[&str]) -> String {
    let r = support::run_in(dir, support::ours("keygen"), args).ok();
    r.stdout.trim_end().to_string()
}

fn tag_of(base: &str) -> u16 {
    base.rsplit('+').next().unwrap().parse().unwrap()
}

fn fails_with(dir: &Path, args: &[&str], msg: &str) {
    let r = dsfromkey(dir, args);
    assert_eq!(r.code, 1, "{args:?}: {r:?}");
    assert_eq!(r.stdout, "", "{args:?}");
    assert_eq!(r.stderr, format!("dsfromkey: fatal: {msg}\n"), "{args:?}");
}

/// The fields of one DS line: owner, ttl (if any), class, type, tag, alg, digest type, hex.
fn fields(line: &str) -> Vec<&str> {
    line.split(' ').collect()
}

#[test]
fn keyfile_mode_accepts_base_name_key_and_private_paths() {
    let dir = support::scratch();
    let k = keygen(dir.path(), &["-a", "ED25519", "-f", "KSK", "ds.test"]);
    let by_base = dsfromkey(dir.path(), &[&k]).ok();
    let f = fields(by_base.stdout.trim_end());
    assert_eq!(
        f[..6],
        ["ds.test.", "IN", "DS", &tag_of(&k).to_string(), "15", "2"]
    );
    assert_eq!(f[6].len(), 64);
    assert!(
        f[6].bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)),
        "{}",
        f[6]
    );
    assert_eq!(by_base.stdout.lines().count(), 1);
    for arg in [format!("{k}.key"), format!("{k}.private"), format!("{k}.")] {
        let r = dsfromkey(dir.path(), &[&arg]).ok();
        assert_eq!(r.stdout, by_base.stdout, "{arg}");
    }
    // Only the .key file is needed.
    fs::remove_file(dir.path().join(format!("{k}.private"))).unwrap();
    assert_eq!(dsfromkey(dir.path(), &[&k]).ok().stdout, by_base.stdout);
}

#[test]
fn digest_selection_is_deduplicated_and_sorted() {
    let dir = support::scratch();
    let k = keygen(
        dir.path(),
        &["-a", "ECDSAP256SHA256", "-f", "KSK", "ds.test"],
    );
    let r = dsfromkey(
        dir.path(),
        &["-a", "SHA384", "-2", "-a", "sha-256", "-1", "-a", "1", &k],
    )
    .ok();
    let types: Vec<&str> = r.stdout.lines().map(|l| fields(l)[5]).collect();
    assert_eq!(types, ["1", "2", "4"]);
    let lens: Vec<usize> = r.stdout.lines().map(|l| fields(l)[6].len()).collect();
    assert_eq!(lens, [40, 64, 96]);
    assert_eq!(r.stderr, "WARNING: DS digest type 0 is deprecated\n");
}

#[test]
fn cds_and_ttl_forms() {
    let dir = support::scratch();
    let k = keygen(dir.path(), &["-a", "ED25519", "ds.test"]);
    let plain = dsfromkey(dir.path(), &[&k]).ok().stdout;
    let digest = fields(plain.trim_end())[6].to_string();
    let tag = tag_of(&k);
    let cds = dsfromkey(dir.path(), &["-C", "-T", "300", &k]).ok().stdout;
    assert_eq!(cds, format!("ds.test. 300 IN CDS {tag} 15 2 {digest}\n"));
    let ttl = dsfromkey(dir.path(), &["-T", "1h", &k]).ok().stdout;
    assert_eq!(ttl, format!("ds.test. 3600 IN DS {tag} 15 2 {digest}\n"));
    let attached = dsfromkey(dir.path(), &["-CT300", &k]).ok().stdout;
    assert_eq!(attached, cds);
}

#[test]
fn revoked_keys_print_nothing() {
    let dir = support::scratch();
    let k = keygen(
        dir.path(),
        &["-a", "ED25519", "-f", "KSK", "-f", "REVOKE", "ds.test"],
    );
    let r = dsfromkey(dir.path(), &[&k]).ok();
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("", ""));
}

fn zone_with_keys(dir: &Path, keys: &[&str]) -> String {
    let mut zone = String::from("$TTL 300\n");
    for k in keys {
        let text = fs::read_to_string(dir.join(format!("{k}.key"))).unwrap();
        zone.extend(
            text.lines()
                .filter(|l| !l.starts_with(';'))
                .map(|l| format!("{l}\n")),
        );
    }
    zone
}

#[test]
fn zone_file_mode_selects_ksks_unless_all_and_reads_stdin() {
    let dir = support::scratch();
    let ksk = keygen(dir.path(), &["-a", "ED25519", "-f", "KSK", "ds.test"]);
    let zsk = keygen(dir.path(), &["-a", "ED25519", "ds.test"]);
    let rev = keygen(
        dir.path(),
        &["-a", "ED25519", "-f", "KSK", "-f", "REVOKE", "ds.test"],
    );
    let zone = zone_with_keys(dir.path(), &[&ksk, &zsk, &rev]);
    fs::write(dir.path().join("ds.test"), &zone).unwrap();
    let ksk_line = dsfromkey(dir.path(), &[&ksk]).ok().stdout;
    let zsk_line = dsfromkey(dir.path(), &[&zsk]).ok().stdout;
    // The zone name defaults to the file name.
    assert_eq!(
        dsfromkey(dir.path(), &["-f", "ds.test"]).ok().stdout,
        ksk_line
    );
    // -A adds the ZSK; the order is canonical DNSKEY rdata order, so flags 256 first.
    assert_eq!(
        dsfromkey(dir.path(), &["-A", "-f", "ds.test", "ds.test."])
            .ok()
            .stdout,
        format!("{zsk_line}{ksk_line}")
    );
    let piped = support::run_with_stdin(
        dir.path(),
        support::ours("dsfromkey"),
        &["-f", "-", "ds.test"],
        Some(zone.as_bytes()),
    )
    .ok();
    assert_eq!(piped.stdout, ksk_line);
}

#[test]
fn dig_output_on_stdin() {
    let dir = support::scratch();
    let ksk = keygen(
        dir.path(),
        &["-a", "ECDSAP256SHA256", "-f", "KSK", "ds.test"],
    );
    let ksk2 = keygen(dir.path(), &["-a", "ED25519", "-f", "KSK", "ds.test"]);
    let zsk = keygen(dir.path(), &["-a", "ECDSAP256SHA256", "ds.test"]);
    let mut dig = String::from(
        "\n; <<>> DiG 9.18 <<>> ds.test DNSKEY\n;; global options: +cmd\n;; ANSWER SECTION:\n",
    );
    for k in [&ksk, &zsk, &ksk2] {
        let text = fs::read_to_string(dir.path().join(format!("{k}.key"))).unwrap();
        let rr = text
            .lines()
            .find(|l| !l.starts_with(';'))
            .unwrap()
            .replacen(" IN ", "\t3600\tIN\t", 1);
        dig.push_str(&rr);
        dig.push('\n');
    }
    dig.push_str("\n;; Query time: 1 msec\n");
    let out = support::run_with_stdin(
        dir.path(),
        support::ours("dsfromkey"),
        &["-A", "-f", "-", "ds.test"],
        Some(dig.as_bytes()),
    )
    .ok()
    .stdout;
    let mut tags: Vec<u16> = out.lines().map(|l| fields(l)[3].parse().unwrap()).collect();
    tags.sort();
    let mut want = vec![tag_of(&ksk), tag_of(&ksk2), tag_of(&zsk)];
    want.sort();
    assert_eq!(tags, want, "{out}");
}

#[test]
fn keyset_mode_reads_keyset_file_from_key_dir() {
    let dir = support::scratch();
    let ksk = keygen(dir.path(), &["-a", "ED25519", "-f", "KSK", "ks.test"]);
    let zsk = keygen(dir.path(), &["-a", "ED25519", "ks.test"]);
    fs::create_dir(dir.path().join("kd")).unwrap();
    fs::write(
        dir.path().join("kd/keyset-ks.test."),
        zone_with_keys(dir.path(), &[&ksk, &zsk]),
    )
    .unwrap();
    let both = format!(
        "{}{}",
        dsfromkey(dir.path(), &[&zsk]).ok().stdout,
        dsfromkey(dir.path(), &[&ksk]).ok().stdout
    );
    assert_eq!(
        dsfromkey(dir.path(), &["-s", "-K", "kd", "ks.test"])
            .ok()
            .stdout,
        both
    );
    let d = dsfromkey(dir.path(), &["-d", "kd", "-s", "ks.test."]).ok();
    assert_eq!(d.stdout, both);
    assert_eq!(d.stderr, "dsfromkey: the -d option is deprecated; use -K\n");
}

#[test]
fn usage_and_version() {
    let dir = support::scratch();
    let r = dsfromkey(dir.path(), &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .starts_with("Usage:\n    dsfromkey [options] keyfile\n"),
        "{}",
        r.stderr
    );
    let v = dsfromkey(dir.path(), &["-V"]);
    assert_eq!(
        (v.code, v.stderr.clone()),
        (
            0,
            format!("dsfromkey dnssec-kit-{}\n", env!("CARGO_PKG_VERSION"))
        )
    );
    let y = dsfromkey(dir.path(), &["-Y", "K"]);
    assert_eq!(y.code, 1);
    assert!(
        y.stderr
            .starts_with("dsfromkey: invalid argument -Y\nUsage:\n"),
        "{}",
        y.stderr
    );
}

#[test]
fn error_rows_of_reference_section_4() {
    let dir = support::scratch();
    let d = dir.path();
    let k = keygen(d, &["-a", "ECDSAP256SHA256", "-f", "KSK", "ds.test"]);
    let key_text = fs::read_to_string(d.join(format!("{k}.key"))).unwrap();
    let rr = key_text.lines().find(|l| !l.starts_with(';')).unwrap();
    fs::write(d.join("Kbad.+013+00001.key"), "garbage\n").unwrap();
    fs::write(d.join("Kempty.+013+00001.key"), "").unwrap();
    let b64 = rr.replacen(" 257 3 13 ", " 257 3 13 !!!!", 1);
    fs::write(d.join("Kb64.+013+00001.key"), format!("{b64}\n")).unwrap();
    let alg = rr.replacen(" 257 3 13 ", " 257 3 99 ", 1);
    fs::write(d.join("Kalg.+099+00001.key"), format!("{alg}\n")).unwrap();
    fs::write(d.join("zonekeys"), format!("$TTL 300\n{rr}\n")).unwrap();
    fs::write(d.join("nottl"), format!("{}\n", rr)).unwrap();
    let rows: &[(&[&str], &str)] = &[
        (
            &["Knone.+013+00001"],
            "can't load Knone.+013+00001.key: file not found",
        ),
        (
            &["Kalg.+099+00001"],
            "can't load Kalg.+099+00001.key: algorithm is unsupported",
        ),
        (&["-a", "SHA-512", &k], "unknown DS algorithm SHA-512"),
        (&["-a", "GOST", &k], "can't build record"),
        (
            &["-f", "nosuchfile", "ds.test"],
            "can't load nosuchfile: file not found",
        ),
        (
            &["-f", "zonekeys", "other.test"],
            "no DNSKEY RR for other.test in zonekeys",
        ),
        (
            &["-s", "nosuch.test"],
            "can't load keyset-nosuch.test.: file not found",
        ),
        (
            &["-s", "-f", "zonekeys", "ds.test"],
            "cannot use both -s and -f",
        ),
        (&[&k, &k], "extraneous arguments"),
        (&[&k, "-1"], "extraneous arguments"),
        (&["-T", "abc", &k], "TTL must be numeric"),
        (&["-l", "foo", &k], "-l option (DLV lookaside) is obsolete"),
        (&["-v", "x", &k], "-v must be followed by a number"),
        (
            &["-c", "FOO", "-f", "zonekeys", "ds.test"],
            "unknown class FOO",
        ),
    ];
    // Faults inside a key file: BIND's fatal line after one naming file, line and field.
    for (base, detail, words) in [
        ("Kbad.+013+00001", "1: type: end of file", "end of file"),
        ("Kempty.+013+00001", "1: owner: end of file", "end of file"),
        (
            "Kb64.+013+00001",
            "1: bad base64 encoding",
            "bad base64 encoding",
        ),
    ] {
        let r = support::keys::assert_refused_at(
            d,
            "dsfromkey",
            &[base],
            &format!("{base}.key:{detail}"),
            &format!("can't load {base}.key: {words}"),
        );
        assert_eq!(r.stdout, "");
    }
    for (args, msg) in rows {
        fails_with(d, args, msg);
    }
}
