//! The RSA keys aws-lc-rs cannot sign with or make (RSASHA1 and NSEC3RSASHA1 at any size, RSA
//! under 2048 bits, sizes other than 2048/3072/4096), which crypto's RSA fallback handles,
//! against BIND's dnssec-keygen, dnssec-signzone and dnssec-verify and ldns-verify-zone, at
//! test time. PKCS#1 v1.5 signatures are deterministic, so with the same keys, zone and
//! validity window our signed zone must equal BIND's record for record, signatures included
//! (compared in named-checkzone's canonical dump, docs/bind-compat.md, "testing against BIND").

use crate::support;

use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tool, tools, Run};

const ORIGIN: &str = "example.com";
const ZONE: &str = "$TTL 3600
@	IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
	NS ns1
	MX 10 mail
ns1	A 192.0.2.1
mail	A 192.0.2.3
www	A 192.0.2.4
	AAAA 2001:db8::4
sub	NS ns.sub
ns.sub	A 192.0.2.10
*.wild	TXT \"wildcard\"
a.b.ent	TXT \"below an empty non-terminal\"
";
const WINDOW: [&str; 4] = ["-s", "20260101000000", "-e", "20270101000000"];

/// The algorithm/size pairs of the task: each needs the fallback to sign.
const KINDS: [(&str, &str); 4] = [
    ("RSASHA1", "1024"),
    ("NSEC3RSASHA1", "1024"),
    ("RSASHA256", "1024"),
    ("RSASHA512", "1536"),
];

fn nsec3_flags(alg: &str) -> &'static [&'static str] {
    if alg == "NSEC3RSASHA1" {
        &["-3", "abcd", "-H", "1"]
    } else {
        &[]
    }
}

/// Signs `zone.db` in `dir` with -S (keys found in the directory) into `out`.
fn sign(dir: &Path, signer: &Path, alg: &str, out: &str) -> Run {
    let mut args = vec!["-S", "-o", ORIGIN, "-f", out];
    args.extend_from_slice(&WINDOW);
    args.extend_from_slice(nsec3_flags(alg));
    args.push("zone.db");
    run_in(dir, signer, &args)
}

fn must_verify(dir: &Path, file: &str, what: &str) {
    let Some([verify, ldns]) = tools(["dnssec-verify", "ldns-verify-zone"]) else {
        return;
    };
    let r = run_in(dir, &verify, &["-o", ORIGIN, file]);
    assert_eq!(r.code, 0, "dnssec-verify on {what}: {r:?}");
    assert!(
        r.stdout.contains("Zone fully signed:"),
        "dnssec-verify on {what}: {r:?}"
    );
    let r = run_in(dir, &ldns, &[file]);
    assert_eq!(r.code, 0, "ldns-verify-zone on {what}: {r:?}");
}

/// named-checkzone's canonical dump of a zone, comment lines dropped.
fn canon(dir: &Path, file: &str) -> Option<String> {
    support::canonical_dump(dir, &[], ORIGIN, file)
}

/// The key tags whose RRSIGs cover `rtype` at the apex, from a canonical dump.
fn apex_signers(canonical: &str, rtype: &str) -> Vec<String> {
    let apex = format!("{ORIGIN}.");
    canonical
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|f| f.first() == Some(&apex.as_str()) && f.get(3) == Some(&"RRSIG"))
        .filter(|f| f.get(4) == Some(&rtype))
        .filter_map(|f| f.get(10).map(|t| t.to_string()))
        .collect()
}

fn key_tag(base: &str) -> String {
    let tag = base.rsplit('+').next().unwrap_or_default();
    tag.trim_start_matches('0').to_string()
}

/// Our keygen makes the keys; BIND's dnssec-signzone uses them and dnssec-verify (and
/// ldns-verify-zone) accept the result. Our `.private` has BIND's lines in BIND's order.
#[test]
fn our_keys_sign_with_bind() {
    let Some([bind_keygen, bind_signzone]) = tools(["dnssec-keygen", "dnssec-signzone"]) else {
        return;
    };
    for (alg, bits) in KINDS {
        let dir = scratch();
        let d = dir.path();
        fs::write(d.join("zone.db"), ZONE).unwrap();
        let ksk = run_in(
            d,
            ours("keygen"),
            &["-a", alg, "-b", bits, "-f", "KSK", ORIGIN],
        )
        .ok();
        let zsk = run_in(d, ours("keygen"), &["-a", alg, "-b", bits, ORIGIN]).ok();
        // BIND's deprecation warning, word for word, for the SHA-1 algorithms.
        let warning = if alg.contains("SHA1") {
            format!("WARNING: DNSKEY algorithm '{alg}' is deprecated. Please migrate to another algorithm\n")
        } else {
            String::new()
        };
        assert_eq!(zsk.stderr, warning, "{alg}");
        let (ksk, zsk) = (ksk.stdout.trim().to_string(), zsk.stdout.trim().to_string());
        let ours_private = fs::read_to_string(d.join(format!("{zsk}.private"))).unwrap();

        let other = scratch();
        let theirs = run_in(
            other.path(),
            &bind_keygen,
            &["-q", "-a", alg, "-b", bits, ORIGIN],
        )
        .ok()
        .stdout;
        let theirs_private =
            fs::read_to_string(other.path().join(format!("{}.private", theirs.trim()))).unwrap();
        let field_names = |text: &str| -> Vec<String> {
            text.lines()
                .map(|l| l.split(':').next().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(
            field_names(&ours_private),
            field_names(&theirs_private),
            "{alg}"
        );
        let algorithm_line = |text: &str| text.lines().nth(1).map(str::to_string);
        assert_eq!(
            algorithm_line(&ours_private),
            algorithm_line(&theirs_private)
        );

        let r = sign(d, &bind_signzone, alg, "signed.db");
        assert_eq!(r.code, 0, "BIND signing with our {alg} keys: {r:?}");
        must_verify(
            d,
            "signed.db",
            &format!("BIND's zone signed with our {alg}-{bits} keys"),
        );
        let Some(canonical) = canon(d, "signed.db") else {
            return;
        };
        assert_eq!(apex_signers(&canonical, "SOA"), [key_tag(&zsk)], "{alg}");
        let mut dnskey_signers = apex_signers(&canonical, "DNSKEY");
        dnskey_signers.sort();
        let mut both = vec![key_tag(&ksk), key_tag(&zsk)];
        both.sort();
        assert_eq!(dnskey_signers, both, "{alg}");
    }
}

/// BIND's keygen makes the keys; our signzone signs with them, the result passes BIND's
/// dnssec-verify and ldns-verify-zone, and equals BIND's own signing of the same zone.
#[test]
fn bind_keys_sign_with_ours_like_bind() {
    let Some([bind_keygen, bind_signzone]) = tools(["dnssec-keygen", "dnssec-signzone"]) else {
        return;
    };
    for (alg, bits) in KINDS {
        let dir = scratch();
        let d = dir.path();
        fs::write(d.join("zone.db"), ZONE).unwrap();
        run_in(
            d,
            &bind_keygen,
            &["-q", "-a", alg, "-b", bits, "-f", "KSK", ORIGIN],
        )
        .ok();
        run_in(d, &bind_keygen, &["-q", "-a", alg, "-b", bits, ORIGIN]).ok();
        let r = sign(d, &ours("signzone"), alg, "ours.db");
        assert_eq!(r.code, 0, "our signzone with BIND's {alg} keys: {r:?}");
        must_verify(
            d,
            "ours.db",
            &format!("our zone signed with BIND's {alg}-{bits} keys"),
        );
        sign(d, &bind_signzone, alg, "bind.db").ok();
        let (Some(a), Some(b)) = (canon(d, "ours.db"), canon(d, "bind.db")) else {
            return;
        };
        assert!(a.contains(" RRSIG "), "{alg}");
        assert_eq!(a, b, "{alg}-{bits}: our signed zone differs from BIND's");
    }
}

/// A 2048-bit KSK (aws-lc-rs) with a 1024-bit ZSK (the fallback), both RSASHA256: the ZSK
/// signs the zone data as in BIND, and is not left out as stand-by.
#[test]
fn mixed_sizes_sign_with_the_small_zsk_like_bind() {
    let Some([bind_keygen, bind_signzone]) = tools(["dnssec-keygen", "dnssec-signzone"]) else {
        return;
    };
    let dir = scratch();
    let d = dir.path();
    fs::write(d.join("zone.db"), ZONE).unwrap();
    let ksk = run_in(
        d,
        &bind_keygen,
        &["-q", "-a", "RSASHA256", "-b", "2048", "-f", "KSK", ORIGIN],
    )
    .ok()
    .stdout;
    let zsk = run_in(
        d,
        &bind_keygen,
        &["-q", "-a", "RSASHA256", "-b", "1024", ORIGIN],
    )
    .ok()
    .stdout;
    let r = sign(d, &ours("signzone"), "RSASHA256", "ours.db").ok();
    assert!(
        r.stdout.contains("ZSKs: 1 active, 0 stand-by, 0 revoked"),
        "{r:?}"
    );
    must_verify(d, "ours.db", "our zone with a 2048 KSK and 1024 ZSK");
    sign(d, &bind_signzone, "RSASHA256", "bind.db").ok();
    let (Some(a), Some(b)) = (canon(d, "ours.db"), canon(d, "bind.db")) else {
        return;
    };
    assert_eq!(apex_signers(&a, "SOA"), [key_tag(zsk.trim())]);
    assert_eq!(apex_signers(&a, "NS"), [key_tag(zsk.trim())]);
    let mut dnskey = apex_signers(&a, "DNSKEY");
    dnskey.sort();
    let mut both = vec![key_tag(ksk.trim()), key_tag(zsk.trim())];
    both.sort();
    assert_eq!(dnskey, both);
    assert_eq!(a, b, "our signed zone differs from BIND's");
}

/// keygen's sizes and messages for RSA as BIND's: the range ends, an odd size made to the
/// bit, and the deprecation warning for the SHA-1 algorithms.
#[test]
fn keygen_rsa_sizes_and_messages_as_bind() {
    let Some(bind_keygen) = tool("dnssec-keygen") else {
        return;
    };
    let fatal = |s: &str, prog: &str| s.replace(&format!("{prog}: "), "");
    for args in [
        ["-a", "RSASHA256", "-b", "1023"],
        ["-a", "RSASHA1", "-b", "4097"],
        ["-a", "RSASHA1", "-b", "1024"],
        ["-a", "NSEC3RSASHA1", "-b", "1025"],
    ] {
        let (a, b) = (scratch(), scratch());
        let mut full = args.to_vec();
        full.push(ORIGIN);
        let ours_run = run_in(a.path(), ours("keygen"), &full);
        let bind_run = run_in(b.path(), &bind_keygen, &full);
        assert_eq!(ours_run.code, bind_run.code, "{args:?}");
        assert_eq!(
            fatal(&ours_run.stderr, "keygen"),
            fatal(&bind_run.stderr, "dnssec-keygen"),
            "{args:?}"
        );
        if ours_run.code == 0 {
            let base = ours_run.stdout.trim();
            let bits: u32 = args[3].parse().unwrap();
            let key = dnssec_core::key::Key::load(base, Some(a.path())).unwrap();
            assert_eq!(key.bits(), Some(bits), "{args:?}");
            assert!(key.signer().is_some(), "{args:?}");
        }
    }
}
