//! DNSKEYs in the zone that BIND's key reader cannot make a key of (docs/bind-compat.md,
//! "signzone: zone keys BIND cannot load"): `dnssec-signzone` stops with `failed to load the
//! zone keys: ...` for an ECDSA point off its curve, a key field of the wrong length, an RSA
//! field too short for its exponent, the extended-flags bit; it signs a zone whose odd keys
//! it can still make (an RSA key with an empty modulus, an EdDSA field longer than the key)
//! or does not implement. Each zone is
//! signed by BIND's signzone and ours, with and without `-S`.

use crate::support;

use dnssec_core::Algorithm;
use std::fs;
use support::keys::{make_key, Times};
use support::{ours, run_in, scratch};

fn base64(field: &[u8]) -> String {
    let mut b64 = String::new();
    dnssec_core::encoding::base64_encode(field, &mut b64);
    b64
}

/// Messages without the program's name, without our line naming the DNSKEY and BIND's
/// OpenSSL line in its place (`EVP_PKEY_fromdata failed (crypto failure)`).
fn messages(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .map(|l| l.split_once(": ").map_or(l, |x| x.1).to_string())
        .filter(|l| !(l.starts_with("warning: DNSKEY ") && l.contains(" at the zone apex: ")))
        .filter(|l| l != "warning: EVP_PKEY_fromdata failed (crypto failure)")
        .collect()
}

#[test]
fn zone_keys_bind_cannot_load_stop_the_signer() {
    let Some(signzone) = support::tool("dnssec-signzone") else {
        return;
    };
    let keys = scratch();
    let ksk = make_key(
        keys.path(),
        "example",
        Algorithm::ECDSAP256SHA256,
        true,
        Times::Active,
    );
    let zsk = make_key(
        keys.path(),
        "example",
        Algorithm::ECDSAP256SHA256,
        false,
        Times::Active,
    );
    let ones = |n: usize| base64(&vec![1u8; n]);
    let good_p256 = base64(&zsk.dnskey.public_key);
    // (extra apex DNSKEY, BIND's fatal words or None when the zone is signed)
    let cases: Vec<(String, Option<&str>)> = vec![
        (format!("256 3 13 {}", ones(64)), Some("crypto failure")),
        (format!("0 3 13 {}", ones(64)), Some("crypto failure")),
        (format!("256 3 14 {}", ones(96)), Some("crypto failure")),
        ("256 3 13 AAAA".into(), Some("public key is invalid")),
        ("256 3 15 AAAA".into(), Some("public key is invalid")),
        (
            format!("256 3 16 {}", ones(56)),
            Some("public key is invalid"),
        ),
        ("256 3 8 AA==".into(), Some("public key is invalid")),
        ("256 3 8 AQ==".into(), Some("public key is invalid")),
        ("256 3 5 AQ==".into(), Some("public key is invalid")),
        (
            format!("4352 3 13 {good_p256}"),
            Some("public key is invalid"),
        ),
        // BIND makes these keys (or does not implement the algorithm) and signs: an EdDSA
        // field longer than its key is read up to the key's length.
        ("256 3 8 AQE=".into(), None),
        (format!("256 3 15 {}", ones(33)), None),
        (format!("256 3 16 {}", ones(58)), None),
        ("256 3 8 AAAAAQ==".into(), None),
        ("256 3 3 AQ==".into(), None),
        ("256 3 200 AAAA".into(), None),
    ];
    let mut zone = String::from(
        "$TTL 300\nexample. SOA ns.example. h.example. 1 3600 600 86400 300\n\
         example. NS ns.example.\nns.example. A 192.0.2.1\n",
    );
    for key in [&ksk, &zsk] {
        zone.push_str(&format!(
            "example. DNSKEY {} 3 13 {}\n",
            key.dnskey.flags,
            base64(&key.dnskey.public_key)
        ));
    }
    for (extra, refusal) in &cases {
        for smart in [false, true] {
            let what = format!("DNSKEY {extra}, -S {smart}");
            let (bd, od) = (scratch(), scratch());
            for d in [&bd, &od] {
                for entry in fs::read_dir(keys.path()).unwrap() {
                    let entry = entry.unwrap();
                    fs::copy(entry.path(), d.path().join(entry.file_name())).unwrap();
                }
                fs::write(
                    d.path().join("z.db"),
                    format!("{zone}example. DNSKEY {extra}\n"),
                )
                .unwrap();
            }
            let mut args = vec!["-o", "example", "-f", "s", "z.db"];
            if smart {
                args.insert(0, "-S");
            }
            let b = run_in(bd.path(), &signzone, &args);
            let o = run_in(od.path(), ours("signzone"), &args);
            assert_eq!(o.code, b.code, "{what}: ours {o:?}\nBIND {b:?}");
            assert_eq!(messages(&o.stderr), messages(&b.stderr), "{what}");
            match refusal {
                Some(words) => {
                    assert_eq!(o.code, 1, "{what}");
                    assert!(
                        o.stderr.ends_with(&format!(
                            "signzone: fatal: failed to load the zone keys: {words}\n"
                        )),
                        "{what}: {}",
                        o.stderr
                    );
                    // Ours names the key it could not make.
                    let head: Vec<&str> = extra.split(' ').take(3).collect();
                    assert!(
                        o.stderr
                            .contains(&format!("warning: DNSKEY {} (key tag ", head.join(" "))),
                        "{what}: {}",
                        o.stderr
                    );
                    assert!(!od.path().join("s").exists(), "{what}");
                }
                None => {
                    assert_eq!(o.code, 0, "{what}: {}", o.stderr);
                    assert!(od.path().join("s").exists(), "{what}");
                }
            }
        }
    }
}
