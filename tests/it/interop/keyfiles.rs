//! Key files against BIND at test time: keys made by `dnssec-keygen` load in our core with
//! the same tag and DS digests as `dnssec-dsfromkey`; keys made and written by our core are
//! accepted by `dnssec-dsfromkey` and `dnssec-settime`; and BIND's rewrite of our files
//! (`dnssec-settime -P <unchanged>`) is byte-identical to what we wrote.

use crate::support;

use chrono::Utc;
use dnssec_core::crypto;
use dnssec_core::key::{Key, KeyPath, KeyState, Overwrite, RecordState};
use dnssec_core::rr::Dnskey;
use dnssec_core::time::{format_ctime_in, UnixTime};
use dnssec_core::{Algorithm, Class, DigestType, Name, Ttl};
use std::path::Path;

const ALGS: [(&str, u8); 5] = [
    ("RSASHA256", 8),
    ("RSASHA512", 10),
    ("ECDSAP256SHA256", 13),
    ("ECDSAP384SHA384", 14),
    ("ED25519", 15),
];

fn digests() -> [(DigestType, &'static [&'static str]); 3] {
    [
        (DigestType::SHA1, &["-1"]),
        (DigestType::SHA256, &["-2"]),
        (DigestType::SHA384, &["-a", "SHA-384"]),
    ]
}

fn dsfromkey_line(dir: &Path, dsfromkey: &Path, opts: &[&str], base: &str) -> String {
    let mut args: Vec<&str> = opts.to_vec();
    args.push(base);
    support::run_in(dir, dsfromkey, &args).ok().stdout
}

#[test]
fn bind_keys_load_with_bind_tags_and_ds() {
    let Some([keygen, dsfromkey]) = support::tools(["dnssec-keygen", "dnssec-dsfromkey"]) else {
        return;
    };
    let dir = support::scratch();
    for (name, number) in ALGS {
        for flags in [&["-f", "KSK"][..], &[][..]] {
            let mut args = vec!["-q", "-a", name, "-L", "3600"];
            args.extend_from_slice(flags);
            args.push("Interop.Example.");
            let base = support::keys::bind_keygen(&keygen, dir.path(), &args);
            let key = Key::load(&base, Some(dir.path())).unwrap_or_else(|e| panic!("{base}: {e}"));
            assert_eq!(key.algorithm(), Algorithm(number));
            assert_eq!(
                key.basename(),
                base,
                "our tag and name escaping equal BIND's file name"
            );
            assert_eq!(key.ttl, Some(Ttl(3600)));
            assert_eq!(key.owner.to_string(), "Interop.Example.");
            assert!(
                key.signer().is_some(),
                "{base}: BIND's private key is usable"
            );
            assert!(
                key.timing.created.is_some()
                    && key.timing.publish.is_some()
                    && key.timing.activate.is_some()
            );
            for (digest, opts) in digests() {
                let ds =
                    dnssec_core::crypto::ds_from_dnskey(&key.owner, &key.dnskey, digest).unwrap();
                let ours = ds.text_line(&key.owner, None, key.class, false);
                assert_eq!(
                    ours,
                    dsfromkey_line(dir.path(), &dsfromkey, opts, &base),
                    "{base} {digest:?}"
                );
            }
            // sign with BIND's key through our core, check with our verifier
            let signer = key.signer().unwrap();
            let sig = signer.sign(b"interop data").unwrap();
            crypto::verify(
                key.algorithm(),
                &key.dnskey.public_key,
                b"interop data",
                &sig,
            )
            .unwrap();
        }
    }
}

fn every_time(key: &mut Key, base: i64) {
    let t = |d: i64| Some(UnixTime(base + d));
    key.timing.created = t(0);
    key.timing.publish = t(86_400);
    key.timing.activate = t(2 * 86_400);
    key.timing.revoke = t(300 * 86_400);
    key.timing.inactive = t(400 * 86_400);
    key.timing.delete = t(500 * 86_400);
    key.timing.ds_publish = t(3 * 86_400);
    key.timing.sync_publish = t(4 * 86_400);
    key.timing.sync_delete = t(450 * 86_400);
    key.timing.successor = Some(4242);
    // BIND 9.18 keeps at most 18 lines after the two `.private` headers and silently drops
    // the rest when it rewrites a key (found with this test: an RSA key's 8 fields plus 11
    // metadata lines lost `SyncDelete`). We keep every field, so for RSA the test stays at
    // 18 lines, where BIND's rewrite is still faithful.
    if !key.algorithm().is_rsa() {
        key.timing.predecessor = Some(1717);
    }
}

#[test]
fn our_keys_are_accepted_and_rewritten_identically_by_bind() {
    let Some([dsfromkey, settime]) = support::tools(["dnssec-dsfromkey", "dnssec-settime"]) else {
        return;
    };
    let dir = support::scratch();
    let copy = support::scratch();
    let owner = Name::parse("our.example.", None).unwrap();
    for (_, number) in ALGS {
        let flags = Dnskey::ZONE | Dnskey::SEP;
        let mut key = Key::generate(owner.clone(), Algorithm(number), None, flags).unwrap();
        key.ttl = Some(Ttl(7200));
        every_time(&mut key, 1_796_083_200);
        let (paths, _) = key.write_in(dir.path(), Overwrite::Refuse, &Utc).unwrap();
        assert_eq!(paths.len(), 2);
        let base = key.basename();

        for (digest, opts) in digests() {
            let ours = dnssec_core::crypto::ds_from_dnskey(&owner, &key.dnskey, digest)
                .unwrap()
                .text_line(&owner, None, Class::IN, false);
            let bind = dsfromkey_line(dir.path(), &dsfromkey, opts, &base);
            assert_eq!(ours, bind, "{base}");
            assert!(bind.contains(&format!(" DS {} ", key.key_tag())));
        }

        let shown = support::run_in(dir.path(), &settime, &["-p", "all", &base])
            .ok()
            .stdout;
        let publish = format!(
            "Publish: {}\n",
            format_ctime_in(key.timing.publish.unwrap(), &Utc)
        );
        assert!(shown.contains(&publish), "{shown}");
        assert!(shown.contains("SYNC Delete: "), "{shown}");

        // BIND rewrites the files even for an unchanged value; its bytes must equal ours.
        for ext in ["key", "private"] {
            std::fs::copy(
                dir.path().join(format!("{base}.{ext}")),
                copy.path().join(format!("{base}.{ext}")),
            )
            .unwrap();
        }
        let stamp = dnssec_core::time::format_timestamp(key.timing.publish.unwrap());
        let printed = support::run_in(copy.path(), &settime, &["-P", &stamp, &base])
            .ok()
            .stdout;
        assert_eq!(printed, format!("./{base}.key\n./{base}.private\n"));
        for ext in ["private", "key"] {
            let ours = std::fs::read_to_string(dir.path().join(format!("{base}.{ext}"))).unwrap();
            let bind = std::fs::read_to_string(copy.path().join(format!("{base}.{ext}"))).unwrap();
            assert_eq!(ours, bind, "{base}.{ext}");
        }

        // and what we wrote loads back as the same key, private half included
        let back = Key::load_path(&KeyPath::new(dir.path(), &base)).unwrap();
        assert_eq!(back.dnskey, key.dnskey);
        assert_eq!(back.timing, key.timing);
        let sig = back.signer().unwrap().sign(b"data").unwrap();
        crypto::verify(key.algorithm(), &key.dnskey.public_key, b"data", &sig).unwrap();
    }
}

#[test]
fn state_written_by_us_is_rewritten_identically_by_bind() {
    let Some([settime]) = support::tools(["dnssec-settime"]) else {
        return;
    };
    let dir = support::scratch();
    let copy = support::scratch();
    let owner = Name::parse("state.example.", None).unwrap();
    let mut key =
        Key::generate(owner, Algorithm::ED25519, None, Dnskey::ZONE | Dnskey::SEP).unwrap();
    every_time(&mut key, 1_796_083_200);
    key.timing.ds_delete = Some(UnixTime(1_796_083_200 + 460 * 86_400));
    key.state = Some(KeyState {
        lifetime: Some(0),
        ksk: Some(true),
        zsk: Some(true),
        dnskey_change: Some(UnixTime(1_796_000_000)),
        dnskey_state: Some(RecordState::Omnipresent),
        ds_state: Some(RecordState::Rumoured),
        goal_state: Some(RecordState::Omnipresent),
        ..KeyState::default()
    });
    key.write_in(dir.path(), Overwrite::Refuse, &Utc).unwrap();
    let base = key.basename();
    for ext in ["key", "private", "state"] {
        std::fs::copy(
            dir.path().join(format!("{base}.{ext}")),
            copy.path().join(format!("{base}.{ext}")),
        )
        .unwrap();
    }
    let stamp = dnssec_core::time::format_timestamp(key.timing.publish.unwrap());
    support::run_in(copy.path(), &settime, &["-s", "-P", &stamp, &base]).ok();
    for ext in ["key", "private", "state"] {
        let ours = std::fs::read_to_string(dir.path().join(format!("{base}.{ext}"))).unwrap();
        let bind = std::fs::read_to_string(copy.path().join(format!("{base}.{ext}"))).unwrap();
        assert_eq!(ours, bind, "{base}.{ext}");
    }
    // the DS delete time lives only in .state, and comes back from it
    let back = Key::load_path(&KeyPath::new(dir.path(), &base)).unwrap();
    assert_eq!(back.timing.ds_delete, key.timing.ds_delete);
    assert_eq!(back.timing, key.timing);
}

/// Our time syntax against `dnssec-settime -P <value>` read back with `-up P`
/// (docs/bind-compat.md, "time arguments" and "testing against BIND" scenario 5): same time
/// (within the seconds that pass between runs for `now`-relative values), same acceptance, same
/// message.
#[test]
fn time_syntax_matches_settime() {
    use dnssec_core::time::{parse_time_in, TimeSpec};
    let Some([keygen, settime]) = support::tools(["dnssec-keygen", "dnssec-settime"]) else {
        return;
    };
    let dir = support::scratch();
    let base = support::keys::bind_keygen(&keygen, dir.path(), &["-q", "-a", "ED25519", "t.test"]);
    let values = [
        "20261201",
        "20261201120000",
        "20261201+1d",
        "now+1w",
        "+1mo",
        "-2h",
        "+90mi",
        "+1y",
        "1795486144+10",
        "Tue Dec  1 00:00:00 2026",
        "Tue Feb 30 00:00:00 2026",
        "0",
        "-",
        "none",
        "NONE",
        "never",
        "+5m",
        "tomorrow",
        "20261301",
        "2026",
        "NOW",
        "+10S",
        "+0x10",
        "+010",
        "+1dx",
        "-+1d",
        "+",
        "now-1d",
        "20261201-1y",
        "+1MI",
        "20260230",
        "20261231235960",
        "+1 d",
        "+1x",
        "now+5m",
        "19691231",
    ];
    for value in values {
        let run = support::run_in(dir.path(), &settime, &["-P", value, &base]);
        let now = UnixTime::now();
        let ours = parse_time_in(value, now, now, &Utc);
        match ours {
            Err(e) => {
                assert_eq!(run.code, 1, "{value:?}: BIND accepted what we refuse ({e})");
                assert_eq!(
                    run.stderr,
                    format!("dnssec-settime: fatal: {e}\n"),
                    "{value:?}"
                );
            }
            Ok(spec) => {
                assert_eq!(run.code, 0, "{value:?}: BIND refused: {}", run.stderr);
                let shown = support::run_in(dir.path(), &settime, &["-up", "P", &base])
                    .ok()
                    .stdout;
                let shown = shown.trim().strip_prefix("Publish: ").unwrap().to_string();
                match spec {
                    TimeSpec::Unset => assert_eq!(shown, "UNSET", "{value:?}"),
                    TimeSpec::Set(t) => {
                        let bind: i64 = shown.parse().unwrap();
                        assert!(
                            (bind - t.0).abs() <= 2,
                            "{value:?}: BIND {bind}, ours {}",
                            t.0
                        );
                    }
                }
            }
        }
    }
}

/// Verify-only algorithms and sizes: RRSIGs that `dnssec-signzone` makes with RSASHA1 (5),
/// NSEC3RSASHA1 (7) and a 1024-bit RSASHA256 key (which aws-lc-rs cannot sign with) check out
/// with our `crypto::verify` through the core validator, and a flipped bit fails.
#[test]
fn bind_signatures_of_legacy_rsa_verify() {
    use dnssec_core::dnssec::RrsetId;
    use dnssec_core::rr::RrType;
    use dnssec_core::rr::Rrsig;
    use dnssec_core::validate::verify_rrsig;
    use dnssec_core::zonefile::Reader;
    use std::collections::BTreeMap;

    let Some([keygen, signzone]) = support::tools(["dnssec-keygen", "dnssec-signzone"]) else {
        return;
    };
    for (alg, bits, nsec3) in [
        ("RSASHA1", "1024", false),
        ("NSEC3RSASHA1", "2048", true),
        ("RSASHA256", "1024", false),
    ] {
        let dir = support::scratch();
        let zone = "legacy.test.";
        let key =
            support::keys::bind_keygen(&keygen, dir.path(), &["-q", "-a", alg, "-b", bits, zone]);
        let loaded = Key::load(&key, Some(dir.path())).unwrap();
        // the key loads and can sign (aws-lc-rs verifies these, crypto's RSA fallback signs)
        assert!(loaded.signer().is_some(), "{alg}/{bits}");
        std::fs::write(
            dir.path().join("zone.db"),
            format!("$TTL 300\n@ IN SOA ns hostmaster 1 3600 600 86400 300\n@ NS ns\nns A 192.0.2.1\n$INCLUDE {key}.key\n"),
        )
        .unwrap();
        let mut args = vec!["-o", zone, "-f", "signed.db", "-z"];
        if nsec3 {
            args.extend_from_slice(&["-3", "-"]);
        }
        args.extend_from_slice(&["zone.db", &key]);
        support::run_in(dir.path(), &signzone, &args).ok();
        let apex = Name::parse(zone, None).unwrap();
        let mut sets: BTreeMap<(Name, u16), Vec<Vec<u8>>> = BTreeMap::new();
        let mut sigs = Vec::new();
        for rr in Reader::from_path(dir.path().join("signed.db"), Some(apex.clone())).unwrap() {
            let rr = rr.unwrap();
            if rr.rtype == RrType::RRSIG {
                sigs.push((rr.owner.clone(), Rrsig::from_wire(&rr.rdata).unwrap()));
            } else {
                sets.entry((rr.owner.clone(), rr.rtype.0))
                    .or_default()
                    .push(rr.rdata.clone());
            }
        }
        assert!(sigs.len() >= 4, "{alg}: {} signatures", sigs.len());
        for (owner, mut sig) in sigs {
            let rdatas = &sets[&(owner.clone(), sig.type_covered.0)];
            let check = |sig: &Rrsig| {
                let mut refs: Vec<&[u8]> = rdatas.iter().map(Vec::as_slice).collect();
                let rrset = RrsetId {
                    owner: &owner,
                    class: Class::IN,
                    rtype: sig.type_covered,
                    ttl: sig.original_ttl,
                };
                verify_rrsig(
                    sig,
                    rrset,
                    &mut refs,
                    &apex,
                    &loaded.dnskey,
                    None,
                    &mut Vec::new(),
                )
            };
            check(&sig).unwrap_or_else(|e| panic!("{alg}: {owner} {:?}: {e}", sig.type_covered));
            sig.signature[5] ^= 1;
            assert!(check(&sig).is_err(), "{alg}: a damaged signature must fail");
        }
    }
}

/// dnssec-keygen writes an ECDSA scalar without its leading zero octets, so about one key
/// in 256 has a short `PrivateKey` field. Such a key must sign with our signzone, and the
/// zone verify with BIND's dnssec-verify (our loader refused it, which left the zone
/// with "No signing keys specified or found").
#[test]
fn bind_ecdsa_keys_with_a_short_scalar_sign() {
    let Some([keygen, verify]) = support::tools(["dnssec-keygen", "dnssec-verify"]) else {
        return;
    };
    use base64::Engine;
    let dir = support::scratch();
    let d = dir.path();
    let mut short = None;
    for _ in 0..3000 {
        let base = support::run_in(d, &keygen, &["-q", "-a", "ECDSAP256SHA256", "example.com"])
            .ok()
            .stdout
            .trim()
            .to_string();
        let private = std::fs::read_to_string(d.join(format!("{base}.private"))).unwrap();
        let scalar = private
            .lines()
            .find_map(|l| l.strip_prefix("PrivateKey: "))
            .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            .unwrap();
        if scalar.len() < 32 {
            short = Some(base);
            break;
        }
        for ext in ["key", "private"] {
            std::fs::remove_file(d.join(format!("{base}.{ext}"))).unwrap();
        }
    }
    let base = short.expect("no short scalar in 3000 BIND keys");
    std::fs::write(
        d.join("z.db"),
        format!("$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n$INCLUDE {base}.key\n"),
    )
    .unwrap();
    support::run_in(
        d,
        support::ours("signzone"),
        &["-z", "-o", "example.com", "-f", "z.signed", "z.db"],
    )
    .ok();
    support::run_in(d, &verify, &["-z", "-o", "example.com", "z.signed"]).ok();
    rewritten_short_scalars_match_bind(d, &base);
}

/// settime and revoke rewrite a key's `.private` file: ours must write what BIND's writes,
/// for BIND's short (minimal) scalar and for the same key with the scalar padded to 32
/// octets (as our keygen wrote it before; BIND drops the zero octet on rewrite).
fn rewritten_short_scalars_match_bind(d: &Path, base: &str) {
    let Some([settime, revoke]) = support::tools(["dnssec-settime", "dnssec-revoke"]) else {
        return;
    };
    use base64::Engine;
    use std::fs;
    let b64 = base64::engine::general_purpose::STANDARD;
    let private = fs::read_to_string(d.join(format!("{base}.private"))).unwrap();
    let padded = private
        .lines()
        .map(|l| match l.strip_prefix("PrivateKey: ") {
            Some(v) => {
                let mut scalar = vec![0u8];
                scalar.extend(b64.decode(v).unwrap());
                format!("PrivateKey: {}\n", b64.encode(scalar))
            }
            None => format!("{l}\n"),
        })
        .collect::<String>();
    let public = fs::read_to_string(d.join(format!("{base}.key"))).unwrap();
    for (form, private) in [("short", &private), ("padded", &padded)] {
        for (theirs, ours, args) in [
            (&settime, "settime", &["-P", "20300101", base][..]),
            (&revoke, "revoke", &[base][..]),
        ] {
            let run = |prog: &dyn AsRef<std::ffi::OsStr>| {
                let w = support::scratch();
                fs::write(w.path().join(format!("{base}.key")), &public).unwrap();
                fs::write(w.path().join(format!("{base}.private")), private).unwrap();
                let r = support::run_in(w.path(), prog, args);
                // The files' names and their PrivateKey lines (revoke also stamps the time,
                // which two runs may see a second apart).
                let keys: Vec<(String, String)> = support::keys::snapshot(w.path())
                    .into_iter()
                    .map(|(name, bytes)| {
                        let text = String::from_utf8_lossy(&bytes).into_owned();
                        let line = text.lines().find(|l| l.starts_with("PrivateKey: "));
                        (name, line.unwrap_or_default().to_string())
                    })
                    .collect();
                (r.code, keys)
            };
            let b = run(theirs);
            let o = run(&support::ours(ours));
            assert_eq!(b.0, 0, "{ours} {form}: BIND failed");
            assert_eq!(o, b, "{ours} on a {form} scalar: files differ from BIND's");
        }
    }
}
