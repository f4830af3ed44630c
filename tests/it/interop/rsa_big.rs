//! RSA keys over 4096 bits (docs/bind-compat.md, "keys: RSA over 4096 bits"): BIND's
//! dsfromkey and importkey read their `.key` files; settime, revoke and signzone meet the
//! `.private` and stop at its modulus (`ran out of space`). Each tool is run as BIND's and
//! as ours on the same files, and exit codes, output and files compared.

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

/// A public key of 8192 bits (a made-up modulus: only the `.key` is read) is read by both
/// dsfromkey and importkey, and gives the same DS and the same imported record.
#[test]
fn an_8192_bit_public_key_is_read_by_dsfromkey_and_importkey() {
    let Some([dsfromkey, importkey]) = support::tools(["dnssec-dsfromkey", "dnssec-importkey"])
    else {
        return;
    };
    let mut field = vec![3u8, 1, 0, 1];
    field.extend((0..1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 1));
    field[4] |= 0x80;
    let mut b64 = String::new();
    dnssec_core::encoding::base64_encode(&field, &mut b64);
    let record = format!("example. IN DNSKEY 257 3 8 {b64}\n");
    for (name, bind) in [("dsfromkey", &dsfromkey), ("importkey", &importkey)] {
        let (bd, od) = (scratch(), scratch());
        for d in [&bd, &od] {
            fs::write(d.path().join("big.key"), &record).unwrap();
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
