//! Ed448 (algorithm 16) and RSA keys at the small end (RSASHA1/NSEC3RSASHA1 at 1024 bits,
//! 512-bit keys that old zones still carry) between our tools and BIND's dnssec-keygen,
//! dnssec-signzone, dnssec-verify and dnssec-dsfromkey, and Knot's kzonecheck
//! (docs/bind-compat.md, "keys and crypto: Ed448 and RSA sizes"). Ed448 and PKCS#1 v1.5
//! signatures are deterministic, so with the same keys, zone and validity window our signed
//! zone must equal BIND's, signatures included (named-checkzone's canonical dump).

use crate::support;

use base64::Engine;
use dnssec_core::crypto::{PrivateFields, PrivateKey, RsaFields};
use dnssec_core::key::{Key, Overwrite};
use dnssec_core::name::Name;
use dnssec_core::rr::Dnskey;
use dnssec_core::Algorithm;
use std::fs;
use std::path::Path;
use support::{ours, run_in, scratch, tools, Run};

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
";
const WINDOW: [&str; 4] = ["-s", "20260101000000", "-e", "20270101000000"];

fn signzone(dir: &Path, signer: &Path, out: &str, extra: &[&str]) -> Run {
    let mut args = vec!["-S", "-o", ORIGIN, "-f", out];
    args.extend_from_slice(&WINDOW);
    args.extend_from_slice(extra);
    args.push("zone.db");
    run_in(dir, signer, &args)
}

/// The zone in `file` passes BIND's dnssec-verify, our verify and Knot's kzonecheck; a copy
/// with one address changed fails all three (so each really checked the signatures).
fn all_accept(dir: &Path, file: &str, what: &str) {
    let Some([bind_verify, kzonecheck]) = tools(["dnssec-verify", "kzonecheck"]) else {
        return;
    };
    let tampered = format!("{file}.tampered");
    let text = fs::read_to_string(dir.join(file)).unwrap();
    assert!(text.contains("192.0.2.4"), "{what}");
    fs::write(dir.join(&tampered), text.replace("192.0.2.4", "192.0.2.5")).unwrap();
    for (name, prog, args) in [
        ("dnssec-verify", &bind_verify, vec!["-o", ORIGIN]),
        ("our verify", &ours("verify"), vec!["-o", ORIGIN]),
        ("kzonecheck", &kzonecheck, vec!["-o", ORIGIN, "-d", "on"]),
    ] {
        let mut good = args.clone();
        good.push(file);
        let r = run_in(dir, prog, &good);
        assert_eq!(r.code, 0, "{name} on {what}: {r:?}");
        let mut bad = args;
        bad.push(&tampered);
        let r = run_in(dir, prog, &bad);
        assert_eq!(r.code, 1, "{name} on {what}, tampered: {r:?}");
    }
}

/// A scratch directory holding [`ZONE`] as `zone.db`.
fn zone_dir() -> tempfile::TempDir {
    let dir = scratch();
    fs::write(dir.path().join("zone.db"), ZONE).unwrap();
    dir
}

/// Signs `zone.db` in `dir` with `signer` into `out` ([`signzone`]), which must succeed, and
/// checks the result with every verifier ([`all_accept`]); `what` names it in failures.
fn signed_and_accepted(dir: &Path, signer: &Path, out: &str, extra: &[&str], what: &str) -> Run {
    let r = signzone(dir, signer, out, extra);
    assert_eq!(r.code, 0, "{what}: {r:?}");
    all_accept(dir, out, what);
    r
}

/// Our `ours.db` and BIND's `bind.db` in `dir` are the same zone, signatures included
/// (named-checkzone's canonical dump); `what` names the case in a failure.
fn same_signed_zone(dir: &Path, what: &str) {
    if let (Some(a), Some(b)) = (canon(dir, "ours.db"), canon(dir, "bind.db")) {
        assert_eq!(a, b, "{what}: our signed zone differs from BIND's");
    }
}

/// Our dsfromkey and BIND's print the same (exit code and lines) for `args` in `dir`.
fn same_ds(dir: &Path, bind_dsfromkey: &Path, args: &[&str]) -> Run {
    let a = run_in(dir, ours("dsfromkey"), args);
    let b = run_in(dir, bind_dsfromkey, args);
    assert_eq!((a.code, &a.stdout), (b.code, &b.stdout), "{args:?}");
    a
}

/// named-checkzone's canonical dump, comment lines dropped.
fn canon(dir: &Path, file: &str) -> Option<String> {
    support::canonical_dump(dir, &[], ORIGIN, file)
}

/// The `.private` lines' names (`Private-key-format`, `Algorithm`, `PrivateKey`, ...).
fn field_names(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split(':').next().unwrap_or_default().to_string())
        .collect()
}

/// The decoded `PrivateKey:` value of an EdDSA/ECDSA `.private`.
fn private_key_octets(text: &str) -> Vec<u8> {
    let value = text
        .lines()
        .find_map(|l| l.strip_prefix("PrivateKey: "))
        .expect("a PrivateKey line");
    base64::engine::general_purpose::STANDARD
        .decode(value)
        .unwrap()
}

/// The public key field of a `.key` file's DNSKEY line, decoded.
fn public_key_octets(text: &str) -> Vec<u8> {
    let line = text.lines().find(|l| !l.starts_with(';')).unwrap();
    let b64: String = line.split_whitespace().skip(6).collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

/// BIND's keygen makes the Ed448 keys; our signzone signs exactly as BIND's does, the result
/// passes BIND's verify, ours and kzonecheck, and our dsfromkey prints BIND's DS lines.
#[test]
fn ed448_keys_from_bind_work_in_ours() {
    let Some([bind_keygen, bind_signzone, bind_dsfromkey]) =
        tools(["dnssec-keygen", "dnssec-signzone", "dnssec-dsfromkey"])
    else {
        return;
    };
    let dir = zone_dir();
    let d = dir.path();
    let ksk = run_in(d, &bind_keygen, &["-q", "-a", "ED448", "-f", "KSK", ORIGIN])
        .ok()
        .stdout;
    let zsk = run_in(d, &bind_keygen, &["-q", "-a", "ED448", ORIGIN])
        .ok()
        .stdout;
    let (ksk, zsk) = (ksk.trim(), zsk.trim());
    // BIND's layout, which our key loader must take: a 57-octet seed and a 57-octet point.
    let private = fs::read_to_string(d.join(format!("{zsk}.private"))).unwrap();
    assert!(private.contains("\nAlgorithm: 16 (ED448)\n"), "{private}");
    assert_eq!(private_key_octets(&private).len(), 57);
    let public = fs::read_to_string(d.join(format!("{zsk}.key"))).unwrap();
    assert_eq!(public_key_octets(&public).len(), 57);

    let what = "our zone signed with BIND's Ed448 keys";
    let r = signed_and_accepted(d, &ours("signzone"), "ours.db", &[], what);
    assert!(
        r.stdout.contains("Algorithm: ED448: KSKs: 1 active"),
        "{r:?}"
    );
    let what = "BIND's zone signed with BIND's Ed448 keys";
    signed_and_accepted(d, &bind_signzone, "bind.db", &[], what);
    if let Some(a) = canon(d, "ours.db") {
        assert!(a.contains("RRSIG\tSOA 16 2 3600 "), "{a}");
    }
    same_signed_zone(d, "Ed448");

    for key in [ksk, zsk] {
        for digest in [
            &[][..],
            &["-a", "SHA-384"],
            &["-a", "SHA-1", "-a", "SHA-256"],
        ] {
            let mut args = digest.to_vec();
            args.push(key);
            let a = same_ds(d, &bind_dsfromkey, &args);
            assert!(a.stdout.contains(" DS "), "{a:?}");
        }
    }
}

/// Our keygen makes the Ed448 keys, in BIND's `.private` layout; BIND's signzone signs with
/// them and its result passes every verifier; BIND's dsfromkey reads them as ours does.
#[test]
fn ed448_keys_from_ours_work_in_bind() {
    let Some([bind_keygen, bind_signzone, bind_dsfromkey]) =
        tools(["dnssec-keygen", "dnssec-signzone", "dnssec-dsfromkey"])
    else {
        return;
    };
    let dir = zone_dir();
    let d = dir.path();
    // -b is ignored for Ed448, by BIND and by us.
    let ksk = run_in(
        d,
        ours("keygen"),
        &["-a", "ED448", "-b", "512", "-f", "KSK", ORIGIN],
    )
    .ok();
    let zsk = run_in(d, ours("keygen"), &["-a", "16", ORIGIN]).ok();
    let (ksk, zsk) = (ksk.stdout.trim(), zsk.stdout.trim());
    assert!(
        ksk.contains("+016+") && zsk.contains("+016+"),
        "{ksk} {zsk}"
    );

    let other = scratch();
    let theirs = run_in(
        other.path(),
        &bind_keygen,
        &["-q", "-a", "ED448", "-b", "512", ORIGIN],
    )
    .ok()
    .stdout;
    let theirs =
        fs::read_to_string(other.path().join(format!("{}.private", theirs.trim()))).unwrap();
    let mine = fs::read_to_string(d.join(format!("{zsk}.private"))).unwrap();
    assert_eq!(field_names(&mine), field_names(&theirs));
    assert_eq!(mine.lines().nth(1), theirs.lines().nth(1), "Algorithm line");
    assert_eq!(private_key_octets(&mine).len(), 57);
    let public = fs::read_to_string(d.join(format!("{zsk}.key"))).unwrap();
    assert_eq!(public_key_octets(&public).len(), 57);

    let what = "BIND's zone signed with our Ed448 keys";
    signed_and_accepted(d, &bind_signzone, "bind.db", &[], what);
    signzone(d, &ours("signzone"), "ours.db", &[]).ok();
    same_signed_zone(d, "Ed448");
    for key in [ksk, zsk] {
        same_ds(d, &bind_dsfromkey, &[key]);
    }
}

/// Zones BIND signs with 1024-bit RSASHA1 and NSEC3RSASHA1 keys (its smallest) pass our
/// verify, and ours pass BIND's (with our keys: interop::rsa_fallback).
#[test]
fn rsasha1_1024_zones_signed_by_bind_pass_our_verify() {
    let Some([bind_keygen, bind_signzone]) = tools(["dnssec-keygen", "dnssec-signzone"]) else {
        return;
    };
    for (alg, nsec3) in [
        ("RSASHA1", &[][..]),
        ("NSEC3RSASHA1", &["-3", "abcd", "-H", "1"][..]),
    ] {
        let dir = zone_dir();
        let d = dir.path();
        for flags in [&["-f", "KSK"][..], &[]] {
            let mut args = vec!["-q", "-a", alg, "-b", "1024"];
            args.extend_from_slice(flags);
            args.push(ORIGIN);
            run_in(d, &bind_keygen, &args).ok();
        }
        let what = format!("BIND's {alg}-1024 zone");
        signed_and_accepted(d, &bind_signzone, "bind.db", nsec3, &what);
        let what = format!("our {alg}-1024 zone");
        signed_and_accepted(d, &ours("signzone"), "ours.db", nsec3, &what);
    }
}

/// A source of randomness for the `rsa` crate in tests: the kernel's.
struct Urandom(fs::File);

impl rsa::rand_core::RngCore for Urandom {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        std::io::Read::read_exact(&mut self.0, dest).expect("/dev/urandom");
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rsa::rand_core::CryptoRng for Urandom {}

/// Writes an active `bits`-bit RSA key of `alg` into `dir` in BIND's format (neither BIND's
/// keygen nor ours makes keys under 1024 bits; older BIND versions did) and returns it.
fn small_rsa_key(dir: &Path, alg: Algorithm, bits: usize, ksk: bool) -> Key {
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};
    let mut rng = Urandom(fs::File::open("/dev/urandom").unwrap());
    let k = rsa::RsaPrivateKey::new(&mut rng, bits).unwrap();
    let be = |v: &rsa::BigUint| v.to_bytes_be();
    let fields = RsaFields {
        modulus: be(k.n()),
        public_exponent: be(k.e()),
        private_exponent: be(k.d()),
        prime1: be(&k.primes()[0]),
        prime2: be(&k.primes()[1]),
        exponent1: be(k.dp().unwrap()),
        exponent2: be(k.dq().unwrap()),
        coefficient: be(&k.qinv().unwrap().to_biguint().unwrap()),
    };
    let material = PrivateKey::from_fields(alg, &PrivateFields::Rsa(fields)).unwrap();
    let flags = Dnskey::ZONE | if ksk { Dnskey::SEP } else { 0 };
    let owner = Name::parse(ORIGIN, Some(&Name::root())).unwrap();
    let mut key = Key::new(owner, flags, material);
    let created = dnssec_core::time::UnixTime(1_767_225_600); // 2026-01-01
    key.timing.created = Some(created);
    key.timing.publish = Some(created);
    key.timing.activate = Some(created);
    key.write_in(dir, Overwrite::Refuse, &chrono::Utc).unwrap();
    key
}

/// 512-bit RSA keys, which BIND 9.18 still signs and verifies with: a zone BIND signs with
/// them passes our verify, ours passes BIND's, and the two are equal (PKCS#1 v1.5 is
/// deterministic). Both keygens refuse the size (`keygen_size_limits_as_bind`).
#[test]
fn rsa_512_zones_both_ways() {
    let Some(bind_signzone) = support::tool("dnssec-signzone") else {
        return;
    };
    for alg in [Algorithm::RSASHA256, Algorithm::RSASHA1] {
        let dir = zone_dir();
        let d = dir.path();
        let ksk = small_rsa_key(d, alg, 512, true);
        small_rsa_key(d, alg, 512, false);
        assert_eq!(ksk.bits(), Some(512));
        let what = format!("BIND's zone with 512-bit {alg} keys");
        signed_and_accepted(d, &bind_signzone, "bind.db", &[], &what);
        let what = format!("our zone with 512-bit {alg} keys");
        signed_and_accepted(d, &ours("signzone"), "ours.db", &[], &what);
        same_signed_zone(d, &format!("512-bit {alg}"));
    }
}

/// keygen's `-b` limits for every RSA algorithm, both sides of each end, as BIND's: the same
/// exit status and the same lines (deprecation warning included), no files; and `-b` ignored
/// for Ed448 and P-384, as BIND ignores it.
#[test]
fn keygen_size_limits_as_bind() {
    let Some(bind_keygen) = support::tool("dnssec-keygen") else {
        return;
    };
    let mut cases: Vec<Vec<&str>> = Vec::new();
    for alg in ["RSASHA1", "NSEC3RSASHA1", "RSASHA256", "RSASHA512"] {
        for bits in ["511", "512", "1023", "4097", "99999"] {
            cases.push(vec!["-a", alg, "-b", bits]);
        }
    }
    cases.push(vec!["-a", "RSASHA256", "-b", "-1"]);
    cases.push(vec!["-a", "RSASHA256", "-b", "4096x"]);
    cases.push(vec!["-a", "ED448", "-b", "1"]);
    cases.push(vec!["-a", "ECDSAP384SHA384", "-b", "4097"]);
    for mut args in cases {
        args.extend(["-q", ORIGIN]);
        let (a, b) = (scratch(), scratch());
        let ours_run = run_in(a.path(), ours("keygen"), &args);
        let bind_run = run_in(b.path(), &bind_keygen, &args);
        assert_eq!(ours_run.code, bind_run.code, "{args:?}: {ours_run:?}");
        let fixed = args[1] == "ED448" || args[1].starts_with("ECDSA");
        if fixed {
            assert_eq!(ours_run.code, 0, "{args:?}");
            assert!(ours_run.stdout.starts_with("Kexample.com.+01"), "{args:?}");
            continue;
        }
        assert_eq!(ours_run.code, 1, "{args:?}");
        assert_eq!(
            ours_run.stderr.replace("keygen: ", ""),
            bind_run.stderr.replace("dnssec-keygen: ", ""),
            "{args:?}"
        );
        assert!(ours_run.stderr.contains("fatal: "), "{args:?}");
        assert_eq!(fs::read_dir(a.path()).unwrap().count(), 0, "{args:?}");
    }
}

/// An Ed448 key of BIND's rewritten by our settime and revoke: the same files, byte for byte,
/// as BIND's settime and revoke make from the same key (the seed written back whole); and
/// its public half imported by our importkey as by BIND's.
#[test]
fn ed448_key_files_rewritten_as_bind() {
    let Some([bind_keygen, bind_settime, bind_revoke]) =
        tools(["dnssec-keygen", "dnssec-settime", "dnssec-revoke"])
    else {
        return;
    };
    let (a, b) = (scratch(), scratch());
    let key = run_in(
        a.path(),
        &bind_keygen,
        &["-q", "-a", "ED448", "-f", "KSK", ORIGIN],
    )
    .ok()
    .stdout;
    let key = key.trim();
    for ext in ["key", "private"] {
        let name = format!("{key}.{ext}");
        fs::copy(a.path().join(&name), b.path().join(&name)).unwrap();
    }
    let settime = ["-I", "20270101", "-D", "20270201", key];
    run_in(a.path(), ours("settime"), &settime).ok();
    run_in(b.path(), &bind_settime, &settime).ok();
    let snapshot = support::keys::snapshot;
    assert_eq!(snapshot(a.path()), snapshot(b.path()), "after settime");
    let ours_run = run_in(a.path(), ours("revoke"), &[key]).ok();
    let bind_run = run_in(b.path(), &bind_revoke, &[key]).ok();
    assert_eq!(ours_run.stdout, bind_run.stdout);
    // The Revoke time is each run's clock: compared without its value.
    let masked = |dir: &Path| -> Vec<(String, String)> {
        snapshot(dir)
            .into_iter()
            .map(|(name, bytes)| {
                let text = String::from_utf8(bytes).unwrap();
                let text: Vec<&str> = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("Revoke: ") {
                            "Revoke:"
                        } else {
                            l
                        }
                    })
                    .filter(|l| !l.starts_with("; Revoke: "))
                    .collect();
                (name, text.join("\n"))
            })
            .collect()
    };
    let (ours_files, bind_files) = (masked(a.path()), masked(b.path()));
    assert_eq!(ours_files, bind_files, "after revoke");
    assert!(ours_files
        .iter()
        .any(|(_, t)| t.contains("DNSKEY 385 3 16 ")));

    // importkey of the public half: the same two files from both.
    let Some(bind_importkey) = support::tool("dnssec-importkey") else {
        return;
    };
    let source = b.path().join(format!("{key}.key"));
    let source = source.to_str().unwrap();
    let (c, d) = (scratch(), scratch());
    let args = ["-P", "20270101", "-D", "20270201", source];
    let ours_run = run_in(c.path(), ours("importkey"), &args).ok();
    let bind_run = run_in(d.path(), &bind_importkey, &args).ok();
    assert_eq!(ours_run.stdout, bind_run.stdout);
    assert_eq!(snapshot(c.path()), snapshot(d.path()), "after importkey");
    assert_eq!(snapshot(c.path()).len(), 2);
}
