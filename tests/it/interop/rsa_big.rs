//! RSA keys over 4096 bits (docs/bind-compat.md, "keys: RSA over 4096 bits"): BIND's
//! dsfromkey and importkey read their `.key` files; settime, revoke and signzone meet the
//! `.private` and stop at its modulus (`ran out of space`). Each tool is run as BIND's and
//! as ours on the same files, and exit codes, output and files compared. A `.key` whose key
//! field is over 1276 octets is refused by every tool that reads one (docs/bind-compat.md,
//! "keys: key fields over 1276 octets").

use crate::support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use support::{ours, run_in, scratch, Run};

/// A 4098-bit RSASHA256 ZSK and KSK for `example.` (made for this test from two primes with
/// openssl; BIND cannot make keys over 4096 bits).
const ZSK: &str = "Kexample.+008+10056";
const KSK: &str = "Kexample.+008+57584";
const FILES: [(&str, &str); 4] = [
    (
        "Kexample.+008+10056.key",
        include_str!("rsa_big/Kexample.+008+10056.key"),
    ),
    (
        "Kexample.+008+10056.private",
        include_str!("rsa_big/Kexample.+008+10056.private"),
    ),
    (
        "Kexample.+008+57584.key",
        include_str!("rsa_big/Kexample.+008+57584.key"),
    ),
    (
        "Kexample.+008+57584.private",
        include_str!("rsa_big/Kexample.+008+57584.private"),
    ),
];

fn setup(dir: &Path) {
    for (name, text) in FILES {
        let p = dir.join(name);
        fs::write(&p, text).unwrap();
        if name.ends_with(".private") {
            fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
    fs::write(
        dir.join("z.db"),
        "$TTL 300\nexample. SOA ns.example. h.example. 1 3600 600 86400 300\n\
         example. NS ns.example.\nns.example. A 192.0.2.1\n",
    )
    .unwrap();
}

/// Message lines without the program's name.
fn messages(r: &Run) -> Vec<String> {
    r.stderr
        .lines()
        .map(|l| l.split_once(": ").map_or(l, |x| x.1).to_string())
        .collect()
}

/// The record lines of the `.key` files in `dir` (comments carry times and differ).
fn key_records(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".key"))
        .collect();
    names.sort();
    names
        .iter()
        .flat_map(|n| {
            fs::read_to_string(dir.join(n))
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with(';'))
                .map(|l| {
                    format!(
                        "{n}: {}",
                        l.split_whitespace().collect::<Vec<_>>().join(" ")
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn rsa_keys_over_4096_bits_are_read_as_bind_reads_them() {
    let Some([dsfromkey, importkey, settime, revoke, signzone]) = support::tools([
        "dnssec-dsfromkey",
        "dnssec-importkey",
        "dnssec-settime",
        "dnssec-revoke",
        "dnssec-signzone",
    ]) else {
        return;
    };
    let cases: [(&str, &std::path::PathBuf, Vec<String>); 5] = [
        (
            "dsfromkey",
            &dsfromkey,
            vec!["-2".into(), format!("{KSK}.key")],
        ),
        (
            "importkey",
            &importkey,
            vec!["-K".into(), "out".into(), format!("{ZSK}.key")],
        ),
        (
            "settime",
            &settime,
            vec!["-I".into(), "+1d".into(), ZSK.into()],
        ),
        ("revoke", &revoke, vec![KSK.into()]),
        (
            "signzone",
            &signzone,
            vec![
                "-S".into(),
                "-o".into(),
                "example".into(),
                "-f".into(),
                "s".into(),
                "z.db".into(),
            ],
        ),
    ];
    let mut codes = Vec::new();
    for (name, bind, args) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (bd, od) = (scratch(), scratch());
        for d in [&bd, &od] {
            setup(d.path());
            fs::create_dir(d.path().join("out")).unwrap();
        }
        let b = run_in(bd.path(), bind, &args);
        let o = run_in(od.path(), ours(name), &args);
        assert_eq!(
            (o.code, &o.stdout, messages(&o)),
            (b.code, &b.stdout, messages(&b)),
            "{name}"
        );
        assert_eq!(
            key_records(&od.path().join("out")),
            key_records(&bd.path().join("out"))
        );
        assert_eq!(key_records(od.path()), key_records(bd.path()), "{name}");
        codes.push(o.code);
    }
    // dsfromkey and importkey read the keys; the tools that load the private half do not.
    assert_eq!(codes, [0, 0, 1, 1, 1]);
}

/// A made-up RSA key field of `len` octets: exponent 65537, then an odd modulus with its top
/// bit set (only `.key` files and zones hold it; no tool signs with it).
fn rsa_field(len: usize) -> Vec<u8> {
    let mut field = vec![3u8, 1, 0, 1];
    field.extend((4..len as u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 1));
    field[4] |= 0x80;
    field
}

fn base64(field: &[u8]) -> String {
    let mut b64 = String::new();
    dnssec_core::encoding::base64_encode(field, &mut b64);
    b64
}

/// Public keys of 8192 bits (a 1028-octet field) and of the longest field a key file holds
/// (1276 octets, a 10,176-bit modulus; made-up moduli: only the `.key` is read) are read by
/// both dsfromkey and importkey, and give the same DS and the same imported record.
#[test]
fn an_8192_bit_public_key_is_read_by_dsfromkey_and_importkey() {
    let Some([dsfromkey, importkey]) = support::tools(["dnssec-dsfromkey", "dnssec-importkey"])
    else {
        return;
    };
    for len in [4 + 1024, 1276] {
        let record = format!("example. IN DNSKEY 257 3 8 {}\n", base64(&rsa_field(len)));
        read_by_dsfromkey_and_importkey(&dsfromkey, &importkey, &record);
    }
}

fn read_by_dsfromkey_and_importkey(dsfromkey: &Path, importkey: &Path, record: &str) {
    for (name, bind) in [("dsfromkey", dsfromkey), ("importkey", importkey)] {
        let (bd, od) = (scratch(), scratch());
        for d in [&bd, &od] {
            fs::write(d.path().join("big.key"), record).unwrap();
            fs::create_dir(d.path().join("out")).unwrap();
        }
        let args: &[&str] = if name == "dsfromkey" {
            &["-2", "big.key"]
        } else {
            &["-K", "out", "big.key"]
        };
        let b = run_in(bd.path(), bind, args);
        let o = run_in(od.path(), ours(name), args);
        assert_eq!(b.code, 0, "{name}: {}", b.stderr);
        assert_eq!(
            (o.code, &o.stdout, messages(&o)),
            (b.code, &b.stdout, messages(&b))
        );
        assert_eq!(
            key_records(&od.path().join("out")),
            key_records(&bd.path().join("out"))
        );
    }
}

/// Our key's `.key` with its key field replaced by `field` (the comments and the rest of the
/// record line kept), over several lines when `split`.
fn with_field(key_text: &str, field: &[u8], split: bool) -> String {
    let b64 = base64(field);
    key_text
        .lines()
        .map(|line| {
            if line.starts_with(';') {
                return format!("{line}\n");
            }
            let head: Vec<&str> = line.split_whitespace().take(6).collect();
            assert_eq!(head[2], "DNSKEY", "{line}");
            if split {
                let lines: Vec<&str> = b64
                    .as_bytes()
                    .chunks(400)
                    .map(|c| std::str::from_utf8(c).unwrap())
                    .collect();
                format!("{} (\n{}\n\t)\n", head.join(" "), lines.join("\n"))
            } else {
                format!("{} {b64}\n", head.join(" "))
            }
        })
        .collect()
}

/// BIND's located line (`dns_rdata_fromtext: [./]FILE:LINE: near eol: ran out of space`) and
/// ours (`prog: warning: FILE:LINE: DNSKEY: ran out of space`) as `FILE:LINE`, in order.
fn out_of_space_places(stderr: &str, bind: bool) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| {
            let rest = if bind {
                l.strip_prefix("dns_rdata_fromtext: ")?
                    .strip_suffix(": near eol: ran out of space")?
            } else {
                l.split_once(": warning: ")?
                    .1
                    .strip_suffix(": DNSKEY: ran out of space")?
            };
            Some(rest.trim_start_matches("./").to_string())
        })
        .collect()
}

/// A `.key` whose key field is over 1276 octets (the DNSKEY rdata over BIND's 1280-octet
/// buffer; docs/bind-compat.md, "keys: key fields over 1276 octets") is refused by every
/// tool that reads a `.key`, ours and BIND's alike: the same exit code, the same fatal line
/// (`ran out of space`), a line naming the same file and line, nothing written. In a zone
/// such a key is read (`dsfromkey -f` prints its DS), and `importkey -f` fails when it would
/// write the key file.
#[test]
fn a_key_field_over_1276_octets_is_refused_as_bind_refuses_it() {
    use dnssec_core::Algorithm;
    use support::keys::{make_key, snapshot, Times};
    let Some([dsfromkey, importkey, settime, revoke, signzone, keygen]) = support::tools([
        "dnssec-dsfromkey",
        "dnssec-importkey",
        "dnssec-settime",
        "dnssec-revoke",
        "dnssec-signzone",
        "dnssec-keygen",
    ]) else {
        return;
    };
    // Real keys (their `.private` loads), the `.key` field then replaced: the refusal can
    // only come from the `.key`.
    let template = scratch();
    let zsk = make_key(
        template.path(),
        "example",
        Algorithm::RSASHA256,
        false,
        Times::Active,
    );
    let ksk = make_key(
        template.path(),
        "example",
        Algorithm::RSASHA256,
        true,
        Times::Active,
    );
    let (zsk, ksk) = (zsk.basename(), ksk.basename());
    let read = |name: &str| fs::read(template.path().join(name)).unwrap();
    let key_text = |base: &str| String::from_utf8(read(&format!("{base}.key"))).unwrap();
    let zone = "$TTL 300\nexample. SOA ns.example. h.example. 1 3600 600 86400 300\n\
                example. NS ns.example.\nns.example. A 192.0.2.1\n";

    for (len, split) in [(1277, false), (1300, true), (2000, false)] {
        let field = rsa_field(len);
        let setup = |dir: &Path| {
            for base in [&zsk, &ksk] {
                let private = dir.join(format!("{base}.private"));
                fs::write(&private, read(&format!("{base}.private"))).unwrap();
                fs::set_permissions(&private, fs::Permissions::from_mode(0o600)).unwrap();
                let text = with_field(&key_text(base), &field, split);
                fs::write(dir.join(format!("{base}.key")), text).unwrap();
            }
            fs::write(dir.join("z.db"), zone).unwrap();
            // The same key in a zone, for -f.
            let record = with_field(&key_text(&ksk), &field, false);
            fs::write(dir.join("keys.db"), format!("$TTL 300\n{record}")).unwrap();
            fs::create_dir(dir.join("out")).unwrap();
        };
        let ksk_key = format!("{ksk}.key");
        // Tool, BIND's tool, arguments, how many `.key` files it names as out of space.
        let cases: [(&str, &Path, Vec<&str>, usize); 9] = [
            ("dsfromkey", &dsfromkey, vec!["-2", &ksk], 1),
            ("importkey", &importkey, vec!["-K", "out", &ksk_key], 1),
            ("settime", &settime, vec!["-I", "+1d", &zsk], 1),
            ("revoke", &revoke, vec![&ksk], 1),
            ("keygen", &keygen, vec!["-S", &zsk], 1),
            (
                "signzone",
                &signzone,
                vec!["-S", "-o", "example", "-f", "s", "z.db"],
                2,
            ),
            (
                "signzone",
                &signzone,
                vec!["-o", "example", "-f", "s", "-k", &ksk, "z.db", &zsk],
                1,
            ),
            (
                "importkey",
                &importkey,
                vec!["-K", "out", "-f", "keys.db", "example"],
                0,
            ),
            (
                "dsfromkey",
                &dsfromkey,
                vec!["-2", "-f", "keys.db", "example"],
                0,
            ),
        ];
        for (name, bind, args, named_files) in cases {
            let what = format!("{name} {args:?} on a {len}-octet field");
            let (bd, od) = (scratch(), scratch());
            setup(bd.path());
            setup(od.path());
            let before = snapshot(od.path());
            let b = run_in(bd.path(), bind, &args);
            let o = run_in(od.path(), ours(name), &args);
            assert_eq!(o.code, b.code, "{what}: {o:?} {b:?}");
            assert_eq!(o.stdout, b.stdout, "{what}");
            // Our messages without the lines naming the place, BIND's without its
            // dns_rdata_fromtext lines (compared below); signzone -S meets the two keys in
            // directory order, so the lines are compared as sets.
            let said = |stderr: String| {
                let mut lines = messages(&Run {
                    code: 0,
                    stdout: String::new(),
                    stderr,
                });
                lines.sort();
                lines
            };
            let bind_lines: String = b
                .stderr
                .split_inclusive('\n')
                .filter(|l| !l.starts_with("dns_rdata_fromtext: "))
                .collect();
            assert_eq!(
                said(support::keys::without_key_detail(&o.stderr)),
                said(bind_lines),
                "{what}"
            );
            let mut places = (
                out_of_space_places(&o.stderr, false),
                out_of_space_places(&b.stderr, true),
            );
            places.0.sort();
            places.1.sort();
            assert_eq!(places.0, places.1, "{what}");
            assert_eq!(places.0.len(), named_files, "{what}: {}", o.stderr);
            if name == "dsfromkey" && args.contains(&"-f") {
                // In a zone the key is read and hashed.
                assert_eq!(o.code, 0, "{what}: {}", o.stderr);
                assert!(o.stdout.contains(" IN DS "), "{what}");
                continue;
            }
            assert_eq!(o.code, 1, "{what}");
            // The fatal line says it, or (signzone -S) the warning for each key does.
            assert!(
                o.stderr.contains(": ran out of space\n"),
                "{what}: {}",
                o.stderr
            );
            assert_eq!(snapshot(od.path()), before, "{what} changed files");
            assert_eq!(key_records(&od.path().join("out")), Vec::<String>::new());
        }
    }
}
