//! The DNSSEC primitives against real BIND: zones signed by `dnssec-signzone` with keys from
//! `dnssec-keygen`, read back through `ldns-read-zone -u` (RFC 3597 generic form, so every
//! rdata arrives as wire hex and no text parser is needed here).
//!
//! - our RRSIG validation accepts every signature BIND made (ED25519 and RSASHA256) and
//!   names the reason when one is tampered with, expired or checked with the wrong key;
//! - re-signing BIND's RRsets with our signer and the same `.private` keys gives
//!   byte-identical signatures (both algorithms are deterministic);
//! - our NSEC and NSEC3 chains (plain, salted with iterations, opt-out), built from the
//!   unsigned zone's names, equal the records BIND made;
//! - our chain checker finds BIND's chains clean.
use crate::support;

use std::collections::BTreeMap;
use std::path::Path;

use dnssec_core::crypto::PrivateKey;
use dnssec_core::dnssec::{add_empty_non_terminals, ChainName, NameKind, RrsetId};
use dnssec_core::key::parse_private;
use dnssec_core::key::PrivateMaterial;
use dnssec_core::rr::Dnskey;
use dnssec_core::rr::{Nsec, Nsec3, Nsec3HashAlgorithm, Nsec3Params, NSEC3_OPT_OUT};
use dnssec_core::rr::{Rrsig, SigTime};
use dnssec_core::sign::build_nsec3_chain;
use dnssec_core::sign::build_nsec_chain;
use dnssec_core::sign::{sign_rrset, KeySigner, Validity};
use dnssec_core::validate::{check_nsec3_chain, check_nsec_chain};
use dnssec_core::validate::{verify_rrsig, RrsigFailure};
use dnssec_core::{Class, Name, RrType, Ttl};

/// A zone with every shape the chains care about: a secure and an insecure delegation with
/// glue and occluded data, an A record at a cut, a wildcard, empty non-terminals (also one
/// that only leads to an insecure delegation), and an owner written in upper case.
const ZONE: &str = "\
$TTL 3600
example.com. IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300
@ NS ns1
@ NS ns2
@ MX 10 mail
ns1 A 192.0.2.1
ns2 A 192.0.2.2
MAIL A 192.0.2.3
www A 192.0.2.4
www AAAA 2001:db8::4
*.wild TXT \"wildcard\"
a.b.c.ent A 192.0.2.5
sec NS ns.sec
sec DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
ns.sec A 192.0.2.6
insec NS ns.insec
insec A 192.0.2.9
ns.insec A 192.0.2.7
deep.under.insec A 192.0.2.8
x.y.opt NS ns.example.net.
";

const TYPES: [&str; 12] = [
    "SOA",
    "NS",
    "MX",
    "A",
    "AAAA",
    "TXT",
    "DS",
    "DNSKEY",
    "RRSIG",
    "NSEC",
    "NSEC3",
    "NSEC3PARAM",
];

/// One record as read back from ldns-read-zone's generic form.
#[derive(Clone, Debug)]
struct Rr {
    owner: Name,
    ttl: u32,
    rtype: RrType,
    rdata: Vec<u8>,
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Reads a zone file through `ldns-read-zone` with every type in RFC 3597 form.
fn read_zone(dir: &Path, ldns: &Path, file: &str) -> Vec<Rr> {
    let mut args: Vec<&str> = Vec::new();
    for t in TYPES {
        args.extend(["-u", t]);
    }
    args.push(file);
    let out = support::run_in(dir, ldns, &args).ok().stdout;
    let mut rrs = Vec::new();
    for line in out
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with(';'))
    {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert!(f.len() >= 6 && f[4] == "\\#", "unexpected line: {line}");
        let rtype = RrType::from_mnemonic(f[3]).unwrap();
        let data: String = f[6..].concat();
        rrs.push(Rr {
            owner: Name::parse(f[0], None).unwrap(),
            ttl: f[1].parse().unwrap(),
            rtype,
            rdata: hex(&data),
        });
    }
    rrs
}

/// The chain input for an unsigned zone: owner names in canonical order with their types and
/// roles, empty non-terminals added.
fn chain_names(rrs: &[Rr], apex: &Name) -> Vec<ChainName> {
    let mut by_owner: BTreeMap<Name, Vec<RrType>> = BTreeMap::new();
    for rr in rrs {
        by_owner.entry(rr.owner.clone()).or_default().push(rr.rtype);
    }
    // dnssec-signzone -S publishes the DNSKEY RRset at the apex before building the chain.
    by_owner
        .entry(apex.clone())
        .or_default()
        .push(RrType::DNSKEY);
    let cuts: Vec<Name> = by_owner
        .iter()
        .filter(|(n, t)| *n != apex && t.contains(&RrType::NS))
        .map(|(n, _)| n.clone())
        .collect();
    let names = by_owner
        .into_iter()
        .map(|(name, types)| {
            let kind = if name == *apex {
                NameKind::Apex
            } else if cuts.iter().any(|c| name != *c && name.is_subdomain_of(c)) {
                NameKind::BelowCut
            } else if cuts.contains(&name) {
                NameKind::Delegation
            } else {
                NameKind::Authoritative
            };
            ChainName { name, types, kind }
        })
        .collect();
    add_empty_non_terminals(names)
}

fn negative_ttl(rrs: &[Rr]) -> Ttl {
    let soa = rrs.iter().find(|r| r.rtype == RrType::SOA).unwrap();
    let minimum = u32::from_be_bytes(soa.rdata[soa.rdata.len() - 4..].try_into().unwrap());
    Ttl(soa.ttl.min(minimum))
}

/// (owner lowercased, ttl, rdata) triples, sorted, for set comparison.
fn triples(items: impl Iterator<Item = (Name, u32, Vec<u8>)>) -> Vec<(String, u32, Vec<u8>)> {
    let mut v: Vec<_> = items
        .map(|(o, t, r)| (o.to_string().to_ascii_lowercase(), t, r))
        .collect();
    v.sort();
    v
}

struct Signed {
    dir: tempfile::TempDir,
    ldns: std::path::PathBuf,
    apex: Name,
    unsigned: Vec<Rr>,
}

/// Makes the zone and an ED25519 KSK and ZSK with BIND's keygen, or None to skip.
fn setup(alg: &str) -> Option<Signed> {
    let [keygen, ldns] = support::tools(["dnssec-keygen", "ldns-read-zone"])?;
    let dir = support::scratch();
    std::fs::write(dir.path().join("example.com.db"), ZONE).unwrap();
    let mut ksk = vec!["-q", "-a", alg, "-f", "KSK"];
    let mut zsk = vec!["-q", "-a", alg];
    if alg == "RSASHA256" {
        ksk.extend(["-b", "2048"]);
        zsk.extend(["-b", "2048"]);
    }
    ksk.push("example.com");
    zsk.push("example.com");
    support::run_in(dir.path(), &keygen, &ksk).ok();
    support::run_in(dir.path(), &keygen, &zsk).ok();
    let unsigned = read_zone(dir.path(), &ldns, "example.com.db");
    Some(Signed {
        dir,
        ldns,
        apex: Name::parse("example.com.", None).unwrap(),
        unsigned,
    })
}

impl Signed {
    /// Signs with BIND's dnssec-signzone (one thread, smart signing) and reads the result.
    fn sign(&self, out: &str, extra: &[&str]) -> Option<Vec<Rr>> {
        let signzone = support::tool("dnssec-signzone")?;
        let mut args = vec!["-S", "-n", "1", "-o", "example.com", "-f", out];
        args.extend_from_slice(extra);
        args.push("example.com.db");
        support::run_in(self.dir.path(), signzone, &args).ok();
        Some(read_zone(self.dir.path(), &self.ldns, out))
    }
}

#[test]
fn nsec_chain_equals_binds() {
    let Some(z) = setup("ED25519") else { return };
    let Some(signed) = z.sign("nsec.signed", &[]) else {
        return;
    };
    let names = chain_names(&z.unsigned, &z.apex);
    let ours = build_nsec_chain(&names, negative_ttl(&z.unsigned)).unwrap();
    let bind: Vec<&Rr> = signed.iter().filter(|r| r.rtype == RrType::NSEC).collect();
    assert_eq!(ours.len(), 10, "apex, 6 authoritative names, 3 delegations");
    let ours_t = triples(ours.iter().map(|r| {
        let mut w = Vec::new();
        r.nsec.to_wire(&mut w);
        (r.owner.clone(), r.ttl.0, w)
    }));
    let bind_t = triples(
        bind.iter()
            .map(|r| (r.owner.clone(), r.ttl, r.rdata.clone())),
    );
    assert_eq!(ours_t, bind_t);

    let found: Vec<(Name, Nsec)> = bind
        .iter()
        .map(|r| (r.owner.clone(), Nsec::from_wire(&r.rdata).unwrap()))
        .collect();
    assert_eq!(check_nsec_chain(&names, &found).unwrap(), vec![]);
    let mut broken = found.clone();
    broken.retain(|(o, _)| o.to_string() != "www.example.com.");
    let problems = check_nsec_chain(&names, &broken).unwrap();
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["Missing NSEC record for www.example.com"]
    );
}

fn nsec3_case(extra: &[&str], salt: &[u8], iterations: u16, flags: u8) {
    let Some(z) = setup("ED25519") else { return };
    let Some(signed) = z.sign("nsec3.signed", extra) else {
        return;
    };
    let names = chain_names(&z.unsigned, &z.apex);
    let params = Nsec3Params {
        hash: Nsec3HashAlgorithm::SHA1,
        flags,
        iterations,
        salt: salt.to_vec(),
    };
    let ours = build_nsec3_chain(&names, &params, negative_ttl(&z.unsigned)).unwrap();
    let bind: Vec<&Rr> = signed.iter().filter(|r| r.rtype == RrType::NSEC3).collect();
    assert!(!bind.is_empty());
    let ours_t = triples(ours.iter().map(|r| {
        let mut w = Vec::new();
        r.nsec3.to_wire(&mut w);
        (r.owner.clone(), r.ttl.0, w)
    }));
    let bind_t = triples(
        bind.iter()
            .map(|r| (r.owner.clone(), r.ttl, r.rdata.clone())),
    );
    assert_eq!(
        ours_t, bind_t,
        "NSEC3 chain differs from BIND's with {extra:?}"
    );

    // BIND's NSEC3PARAM carries the same parameters with the flags cleared.
    let param = signed
        .iter()
        .find(|r| r.rtype == RrType::NSEC3PARAM)
        .unwrap();
    let bind_params = Nsec3Params::from_wire(&param.rdata).unwrap();
    assert_eq!(
        bind_params,
        Nsec3Params {
            flags: 0,
            ..params.clone()
        }
    );

    let found: Vec<(Name, Nsec3)> = bind
        .iter()
        .map(|r| (r.owner.clone(), Nsec3::from_wire(&r.rdata).unwrap()))
        .collect();
    assert_eq!(
        check_nsec3_chain(&names, &bind_params, &found).unwrap(),
        vec![]
    );
    let mut broken = found.clone();
    broken.remove(found.len() / 2);
    let problems = check_nsec3_chain(&names, &bind_params, &broken).unwrap();
    assert!(
        problems[0]
            .to_string()
            .starts_with("Missing NSEC3 record for "),
        "{problems:?}"
    );
}

#[test]
fn nsec3_chain_equals_binds() {
    nsec3_case(&["-3", "-"], &[], 0, 0);
}

#[test]
fn nsec3_salted_chain_equals_binds() {
    nsec3_case(
        &["-3", "AABBCCDD", "-H", "5"],
        &[0xaa, 0xbb, 0xcc, 0xdd],
        5,
        0,
    );
}

#[test]
fn nsec3_opt_out_chain_equals_binds() {
    nsec3_case(
        &["-3", "AABBCCDD", "-H", "5", "-A"],
        &[0xaa, 0xbb, 0xcc, 0xdd],
        5,
        NSEC3_OPT_OUT,
    );
}

/// The RRsets of a signed zone (owner, type) with their TTL and rdatas, RRSIGs apart.
type Rrsets = BTreeMap<(Name, u16), (u32, Vec<Vec<u8>>)>;

fn rrsets(rrs: &[Rr]) -> Rrsets {
    let mut sets: Rrsets = BTreeMap::new();
    for rr in rrs.iter().filter(|r| r.rtype != RrType::RRSIG) {
        let entry = sets
            .entry((rr.owner.clone(), rr.rtype.0))
            .or_insert((rr.ttl, Vec::new()));
        entry.1.push(rr.rdata.clone());
    }
    sets
}

fn now() -> SigTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    SigTime::from_unix(secs as i64)
}

/// Checks one of BIND's RRSIGs with our validator against the apex DNSKEYs.
fn verify_one(
    rrsig: &Rrsig,
    owner: &Name,
    rdatas: &[Vec<u8>],
    apex: &Name,
    keys: &[Dnskey],
    now: Option<SigTime>,
) -> Result<(), RrsigFailure> {
    // The test zone's rdata names are all lower case already: this is their canonical form.
    let mut refs: Vec<&[u8]> = rdatas.iter().map(Vec::as_slice).collect();
    let rrset = RrsetId {
        owner,
        class: Class::IN,
        rtype: rrsig.type_covered,
        ttl: rrsig.original_ttl,
    };
    let key = keys
        .iter()
        .find(|k| k.key_tag() == rrsig.key_tag)
        .expect("signing key in the zone");
    verify_rrsig(rrsig, rrset, &mut refs, apex, key, now, &mut Vec::new())
}

fn signatures_round_trip(alg: &str) {
    let Some(z) = setup(alg) else { return };
    let Some(signed) = z.sign("s.signed", &["-3", "AABBCCDD", "-H", "2"]) else {
        return;
    };
    let sets = rrsets(&signed);
    let keys: Vec<Dnskey> = sets
        .get(&(z.apex.clone(), RrType::DNSKEY.0))
        .unwrap()
        .1
        .iter()
        .map(|r| Dnskey::from_wire(r).unwrap())
        .collect();
    assert_eq!(keys.len(), 2);
    let sigs: Vec<(Name, Rrsig)> = signed
        .iter()
        .filter(|r| r.rtype == RrType::RRSIG)
        .map(|r| (r.owner.clone(), Rrsig::from_wire(&r.rdata).unwrap()))
        .collect();
    assert!(sigs.len() > 20, "BIND made {} signatures", sigs.len());

    // (a) every BIND signature verifies now, and each kind of damage is named.
    for (owner, rrsig) in &sigs {
        let (_, rdatas) = sets.get(&(owner.clone(), rrsig.type_covered.0)).unwrap();
        assert_eq!(
            verify_one(rrsig, owner, rdatas, &z.apex, &keys, Some(now())),
            Ok(()),
            "{owner} {:?}",
            rrsig.type_covered
        );
    }
    let www = Name::parse("www.example.com.", None).unwrap();
    let (owner, rrsig) = sigs
        .iter()
        .find(|(o, s)| *o == www && s.type_covered == RrType::A)
        .unwrap();
    let mut tampered = sets.get(&(www.clone(), RrType::A.0)).unwrap().1.clone();
    tampered[0][3] ^= 1;
    assert_eq!(
        verify_one(rrsig, owner, &tampered, &z.apex, &keys, Some(now())),
        Err(RrsigFailure::BadSignature)
    );
    let rdatas = &sets.get(&(www.clone(), RrType::A.0)).unwrap().1;
    let later = SigTime(rrsig.expiration.0.wrapping_add(1));
    assert_eq!(
        verify_one(rrsig, owner, rdatas, &z.apex, &keys, Some(later)),
        Err(RrsigFailure::Expired)
    );
    let mut forged = rrsig.clone();
    forged.signature[0] ^= 0x80;
    assert_eq!(
        verify_one(&forged, owner, rdatas, &z.apex, &keys, None),
        Err(RrsigFailure::BadSignature)
    );
    let other = keys.iter().find(|k| k.key_tag() != rrsig.key_tag).unwrap();
    let mut refs: Vec<&[u8]> = rdatas.iter().map(Vec::as_slice).collect();
    let rrset = RrsetId {
        owner,
        class: Class::IN,
        rtype: RrType::A,
        ttl: rrsig.original_ttl,
    };
    assert_eq!(
        verify_rrsig(
            rrsig,
            rrset,
            &mut refs,
            &z.apex,
            other,
            None,
            &mut Vec::new()
        ),
        Err(RrsigFailure::WrongKey)
    );

    // (b) our signer with the same private keys reproduces BIND's signatures byte for byte.
    let mut buf = Vec::new();
    let mut resigned = 0;
    for entry in std::fs::read_dir(z.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("private") {
            continue;
        }
        let file = parse_private(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let PrivateMaterial::Fields(fields) = &file.material else {
            panic!("no key material in {path:?}")
        };
        let key = PrivateKey::from_fields(file.algorithm, fields).unwrap();
        let dnskey = keys
            .iter()
            .find(|k| key.matches_public(&k.public_key))
            .expect("key published in the zone");
        let signer = KeySigner {
            key: &key,
            owner: &z.apex,
            key_tag: dnskey.key_tag(),
        };
        for (owner, rrsig) in sigs.iter().filter(|(_, s)| s.key_tag == dnskey.key_tag()) {
            let (ttl, rdatas) = sets.get(&(owner.clone(), rrsig.type_covered.0)).unwrap();
            let mut refs: Vec<&[u8]> = rdatas.iter().map(Vec::as_slice).collect();
            let rrset = RrsetId {
                owner,
                class: Class::IN,
                rtype: rrsig.type_covered,
                ttl: Ttl(*ttl),
            };
            let validity = Validity {
                inception: rrsig.inception,
                expiration: rrsig.expiration,
            };
            let ours = sign_rrset(&signer, rrset, &mut refs, validity, &mut buf).unwrap();
            assert_eq!(
                &ours, rrsig,
                "re-signed {owner} {:?} differs from BIND's",
                rrsig.type_covered
            );
            resigned += 1;
        }
    }
    assert_eq!(resigned, sigs.len(), "every BIND signature was reproduced");
}

#[test]
fn ed25519_signatures_match_binds() {
    signatures_round_trip("ED25519");
}

#[test]
fn rsasha256_signatures_match_binds() {
    signatures_round_trip("RSASHA256");
}

/// Removes the records of `rtype` at `owner` from a signed zone (through named-checkzone's
/// one-record-per-line form), runs BIND's dnssec-verify on the result and returns the stderr
/// lines that report chain problems.
fn bind_chain_report(z: &Signed, signed: &str, owner: &Name, rtype: &str) -> Option<Vec<String>> {
    let [checkzone, verify] = support::tools(["named-checkzone", "dnssec-verify"])?;
    let dump = support::run_in(
        z.dir.path(),
        checkzone,
        &["-q", "-D", "-o", "-", "example.com", signed],
    )
    .ok()
    .stdout;
    let kept: Vec<&str> = dump
        .lines()
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            !(f.len() > 4
                && f[3] == rtype
                && Name::parse(f[0], None)
                    .map(|n| n == *owner)
                    .unwrap_or(false))
        })
        .collect();
    std::fs::write(z.dir.path().join("damaged.db"), kept.join("\n") + "\n").unwrap();
    let run = support::run_in(z.dir.path(), verify, &["-o", "example.com", "damaged.db"]);
    assert_eq!(
        run.code, 1,
        "BIND must reject the damaged zone: {}",
        run.stderr
    );
    let prefixes = [
        "Missing NSEC",
        "Bad NSEC",
        "Multiple NSEC",
        "Break in NSEC3",
        "Expected",
        "Found:",
    ];
    Some(
        run.stderr
            .lines()
            .filter(|l| prefixes.iter().any(|p| l.starts_with(p)))
            .map(str::to_string)
            .collect(),
    )
}

fn our_lines(problems: &[dnssec_core::validate::ChainProblem]) -> Vec<String> {
    problems
        .iter()
        .flat_map(|p| {
            p.to_string()
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn chain_reports_match_dnssec_verify() {
    let Some(z) = setup("ED25519") else { return };
    let names = chain_names(&z.unsigned, &z.apex);

    // NSEC: drop the NSEC of the upper-case owner MAIL.
    let Some(signed) = z.sign("nsec.signed", &[]) else {
        return;
    };
    let mail = Name::parse("mail.example.com.", None).unwrap();
    let found: Vec<(Name, Nsec)> = signed
        .iter()
        .filter(|r| r.rtype == RrType::NSEC && r.owner != mail)
        .map(|r| (r.owner.clone(), Nsec::from_wire(&r.rdata).unwrap()))
        .collect();
    let ours = our_lines(&check_nsec_chain(&names, &found).unwrap());
    let Some(bind) = bind_chain_report(&z, "nsec.signed", &mail, "NSEC") else {
        return;
    };
    assert!(!ours.is_empty());
    assert_eq!(ours, bind);

    // NSEC3: drop the NSEC3 that stands for www.
    let Some(signed) = z.sign("nsec3.signed", &["-3", "AABBCCDD", "-H", "5"]) else {
        return;
    };
    let params = Nsec3Params {
        hash: Nsec3HashAlgorithm::SHA1,
        flags: 0,
        iterations: 5,
        salt: vec![0xaa, 0xbb, 0xcc, 0xdd],
    };
    let www = Name::parse("www.example.com.", None).unwrap();
    let hashed = dnssec_core::dnssec::nsec3_owner(
        &dnssec_core::dnssec::nsec3_hash(&www, &params.salt, params.iterations),
        &z.apex,
    )
    .unwrap();
    let found: Vec<(Name, Nsec3)> = signed
        .iter()
        .filter(|r| r.rtype == RrType::NSEC3 && r.owner != hashed)
        .map(|r| (r.owner.clone(), Nsec3::from_wire(&r.rdata).unwrap()))
        .collect();
    let ours = our_lines(&check_nsec3_chain(&names, &params, &found).unwrap());
    let Some(bind) = bind_chain_report(&z, "nsec3.signed", &hashed, "NSEC3") else {
        return;
    };
    assert!(ours.len() >= 2, "{ours:?}");
    assert_eq!(ours, bind);
}
