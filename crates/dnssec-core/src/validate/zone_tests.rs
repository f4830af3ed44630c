//! Whole-zone checks on small zones signed here with real keys, then broken on purpose.

use super::zone::*;
use crate::crypto::PrivateKey;
use crate::dnssec::add_empty_non_terminals;
use crate::dnssec::RrsetId;
use crate::name::Name;
use crate::rr::Dnskey;
use crate::rr::SigTime;
use crate::rr::{Nsec3HashAlgorithm, Nsec3Params, NSEC3_OPT_OUT};
use crate::test_util::Validity;
use crate::test_util::{build_nsec3_chain, build_nsec_chain, sign_rrset, KeySigner};
use crate::zone::{NameRole, Zone};
use crate::zonefile::Reader;
use crate::{Algorithm, Class, RrType, Ttl};

const TEXT: &str = "$TTL 300
@ SOA ns1 host 1 3600 900 604800 300
@ NS ns1
ns1 A 192.0.2.1
www A 192.0.2.2
a.b.ent TXT x
sub NS ns.sub
ns.sub A 192.0.2.9
";

const NOW: SigTime = SigTime(1_800_000_000);

fn apex() -> Name {
    Name::parse("example.", None).unwrap()
}

struct Keys {
    ksk: PrivateKey,
    zsk: PrivateKey,
    /// More DNSKEYs published (and covered by the DNSKEY RRset's signature), signing nothing.
    extra: Vec<Dnskey>,
}

fn keys() -> Keys {
    let alg = Algorithm(13);
    Keys {
        ksk: PrivateKey::generate(alg, None).unwrap(),
        zsk: PrivateKey::generate(alg, None).unwrap(),
        extra: Vec::new(),
    }
}

fn dnskey(key: &PrivateKey, flags: u16) -> Dnskey {
    Dnskey {
        flags,
        protocol: 3,
        algorithm: key.algorithm(),
        public_key: key.public_key(),
    }
}

/// Signs TEXT with a KSK/ZSK pair and NSEC; `skip(owner, type)` leaves RRSIGs out and
/// `extra` is added unsigned after signing.
fn signed(keys: &Keys, skip: impl Fn(&str, RrType) -> bool, extra: &str) -> Zone {
    signed_with(keys, None, skip, extra)
}

/// As [`signed`], with an NSEC3 chain of `nsec3` instead of NSEC when given.
fn signed_with(
    keys: &Keys,
    nsec3: Option<Nsec3Params>,
    skip: impl Fn(&str, RrType) -> bool,
    extra: &str,
) -> Zone {
    let apex = apex();
    let mut zone = Zone::from_reader(
        Reader::from_str(TEXT, "t.db", Some(apex.clone())),
        &apex,
        Class::IN,
    )
    .unwrap();
    let k = dnskey(&keys.ksk, 257);
    let z = dnskey(&keys.zsk, 256);
    for key in [&k, &z].into_iter().chain(&keys.extra) {
        zone.add_parts(&apex, Ttl(300), RrType::DNSKEY, &key.to_wire())
            .unwrap();
    }
    zone.finish().unwrap();
    match &nsec3 {
        None => {
            for rec in build_nsec_chain(&crate::dnssec::chain_names(&zone), Ttl(300)).unwrap() {
                let mut wire = Vec::new();
                rec.nsec.to_wire(&mut wire);
                zone.add_parts(&rec.owner, rec.ttl, RrType::NSEC, &wire)
                    .unwrap();
            }
        }
        Some(params) => {
            let mut wire = Vec::new();
            Nsec3Params {
                flags: 0,
                ..params.clone()
            }
            .to_wire(&mut wire);
            zone.add_parts(&apex, Ttl(0), RrType::NSEC3PARAM, &wire)
                .unwrap();
            zone.finish().unwrap();
            let names = add_empty_non_terminals(crate::dnssec::chain_names(&zone));
            for rec in build_nsec3_chain(&names, params, Ttl(300)).unwrap() {
                let mut wire = Vec::new();
                rec.nsec3.to_wire(&mut wire);
                zone.add_parts(&rec.owner, rec.ttl, RrType::NSEC3, &wire)
                    .unwrap();
            }
        }
    }
    zone.finish().unwrap();
    let validity = Validity {
        inception: SigTime(NOW.0 - 3600),
        expiration: SigTime(NOW.0 + 86400),
    };
    let ksk = KeySigner {
        key: &keys.ksk,
        owner: &apex,
        key_tag: k.key_tag(),
    };
    let zsk = KeySigner {
        key: &keys.zsk,
        owner: &apex,
        key_tag: z.key_tag(),
    };
    let mut sigs = Vec::new();
    let mut buf = Vec::new();
    for node in zone.names() {
        let owner = node.name();
        for set in node.rrsets() {
            let t = set.rtype();
            let wanted = match node.role() {
                NameRole::Glue | NameRole::Occluded => false,
                NameRole::Delegation => matches!(t, RrType::DS | RrType::NSEC),
                _ => t != RrType::RRSIG,
            };
            if !wanted || skip(&owner.to_string(), t) {
                continue;
            }
            let id = RrsetId {
                owner: &owner,
                class: Class::IN,
                rtype: t,
                ttl: set.ttl(),
            };
            let mut rdatas: Vec<&[u8]> = set.canonical_rdatas().collect();
            let rrsig = if t == RrType::DNSKEY {
                sign_rrset(&ksk, id, &mut rdatas, validity, &mut buf)
            } else {
                sign_rrset(&zsk, id, &mut rdatas, validity, &mut buf)
            }
            .unwrap();
            let mut wire = Vec::new();
            rrsig.to_wire(&mut wire);
            sigs.push((owner.clone(), set.ttl(), wire));
        }
    }
    for (owner, ttl, wire) in sigs {
        zone.add_parts(&owner, ttl, RrType::RRSIG, &wire).unwrap();
    }
    for record in Reader::from_str(extra, "extra", Some(apex.clone())) {
        zone.add(&record.unwrap()).unwrap();
    }
    zone.finish().unwrap();
    zone
}

fn lines(report: &ZoneReport) -> Vec<String> {
    report.problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn signed_zone_verifies_in_both_modes() {
    let keys = keys();
    let zone = signed(&keys, |_, _| false, "");
    for options in [
        CheckOptions::crypto(NOW),
        CheckOptions::structural(Some(NOW)),
    ] {
        let report = check_zone(&zone, &options);
        assert!(report.is_ok(), "{:?}", lines(&report));
        assert_eq!(report.algorithms, vec![Algorithm(13)]);
        assert_eq!(
            report.verifying_block(),
            "Verifying the zone using the following algorithms:\n- ECDSAP256SHA256\n"
        );
        assert_eq!(
            report.outcome_block(),
            "Zone fully signed:\n\
             Algorithm: ECDSAP256SHA256: KSKs: 1 active, 0 stand-by, 0 revoked\n\
             \x20                           ZSKs: 1 active, 0 stand-by, 0 revoked\n"
        );
    }
}

#[test]
fn missing_signature_is_named_with_owner_and_type() {
    let keys = keys();
    let zone = signed(&keys, |o, t| o == "www.example." && t == RrType::A, "");
    for options in [
        CheckOptions::crypto(NOW),
        CheckOptions::structural(Some(NOW)),
    ] {
        let report = check_zone(&zone, &options);
        assert_eq!(lines(&report), vec!["No signatures for www.example/A"]);
        assert_eq!(report.bad_algorithms, vec![Algorithm(13)]);
        let first = report.first_problem().unwrap();
        assert_eq!(
            (first.owner.to_string().as_str(), first.rtype),
            ("www.example.", RrType::A)
        );
        assert!(report
            .outcome_block()
            .contains("DNSSEC completeness test failed.\n"));
    }
}

#[test]
fn time_window_and_crypto_only_in_their_modes() {
    let keys = keys();
    let zone = signed(&keys, |_, _| false, "");
    let late = SigTime(NOW.0 + 10 * 86400);
    let report = check_zone(&zone, &CheckOptions::crypto(late));
    assert_eq!(lines(&report), vec!["No self-signed KSK DNSKEY found"]);
    assert!(report.stopped && report.verifying_block().is_empty());
    assert!(check_zone(&zone, &CheckOptions::structural(None)).is_ok());
}

#[test]
fn unsigned_data_and_signed_glue_are_reported_in_zone_order() {
    let keys = keys();
    // An RRSIG copied onto glue: the zone does not sign glue (RFC 4035 section 2.2).
    let zone = signed(&keys, |_, _| false, "");
    let www_sig = zone
        .find(&Name::parse("www.example.", None).unwrap())
        .and_then(|n| n.rrset(RrType::RRSIG))
        .and_then(|s| s.covering(RrType::A).next().map(<[u8]>::to_vec))
        .unwrap();
    let mut zone = signed(&keys, |_, _| false, "zzz 300 A 192.0.2.7\n");
    let glue = Name::parse("ns.sub.example.", None).unwrap();
    zone.add_parts(&glue, Ttl(300), RrType::RRSIG, &www_sig)
        .unwrap();
    zone.finish().unwrap();
    let report = check_zone(&zone, &CheckOptions::crypto(NOW));
    assert_eq!(
        lines(&report),
        vec![
            "Found unexpected signatures for ns.sub.example/A",
            "Bad NSEC record for www.example, next name mismatch (expected:zzz.example, found:example)",
            "No signatures for zzz.example/A",
            "Missing NSEC record for zzz.example",
        ]
    );
}

#[test]
fn unsigned_zone_stops_at_the_keys() {
    let apex = apex();
    let zone = Zone::from_reader(
        Reader::from_str(TEXT, "t.db", Some(apex.clone())),
        &apex,
        Class::IN,
    )
    .unwrap();
    let report = check_zone(&zone, &CheckOptions::crypto(NOW));
    assert_eq!(lines(&report), vec!["Zone contains no DNSSEC keys"]);
    assert!(report.stopped);
}

#[test]
fn algorithm_without_signatures_is_a_warning() {
    let keys = keys();
    let mut zone = signed(&keys, |_, _| false, "");
    // Re-sign is not needed to show the rule: a second-algorithm key that signs nothing.
    let other = PrivateKey::generate(Algorithm(15), None).unwrap();
    zone.add_parts(
        &apex(),
        Ttl(300),
        RrType::DNSKEY,
        &dnskey(&other, 256).to_wire(),
    )
    .unwrap();
    zone.finish().unwrap();
    // The DNSKEY RRset changed, so its RRSIG no longer verifies; structural mode still
    // finds the KSK's RRSIG and reports the algorithm that signs nothing.
    // BIND and Knot accept such a zone, so it is a warning, not a problem.
    let report = check_zone(&zone, &CheckOptions::structural(Some(NOW)));
    assert!(report.is_ok(), "{:?}", lines(&report));
    assert!(report.bad_algorithms.is_empty());
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        vec![
            "ED25519 keys in the DNSKEY RRset sign nothing (no self-signed KSK); \
             RFC 4035 section 2.2 wants every algorithm there to sign the zone"
        ]
    );
    let crypto = check_zone(&zone, &CheckOptions::crypto(NOW));
    assert_eq!(lines(&crypto), vec!["No self-signed KSK DNSKEY found"]);
}

/// docs/bind-compat.md, "verify: keys off their curve": P-384 keys that are no point of
/// their curve, the only keys of their algorithm, are warned about each time dnssec-verify
/// would try them (twice for the ZSK and once for the KSK while sorting the keys, once each
/// after), count as stand-by and draw no "sign nothing" warning; a good stand-by key of the
/// algorithm beside them still does.
#[test]
fn keys_off_their_curve_are_warned_about_and_sign_nothing_quietly() {
    let mut keys = keys();
    let p384 = PrivateKey::generate(Algorithm(14), None).unwrap();
    let mut bad_zsk = dnskey(&p384, 256);
    let last = bad_zsk.public_key.len() - 1;
    bad_zsk.public_key[last] ^= 1;
    assert_eq!(
        crate::key::check_zone_key(&bad_zsk),
        Err(crate::key::KeyError::CryptoFailure),
        "the point is off its curve"
    );
    let bad_ksk = Dnskey {
        flags: 257,
        ..bad_zsk.clone()
    };
    keys.extra = vec![bad_zsk, bad_ksk];
    let zone = signed(&keys, |_, _| false, "");
    let report = check_zone(&zone, &CheckOptions::crypto(NOW));
    assert!(report.is_ok(), "{:?}", lines(&report));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let flags = |w: &[ZoneProblem]| -> Vec<u16> {
        w.iter()
            .map(|p| match p.kind {
                ProblemKind::KeyNotOnCurve { flags, .. } => flags,
                _ => 0,
            })
            .collect()
    };
    assert_eq!(flags(&report.key_warnings), vec![256, 256, 257]);
    assert_eq!(flags(&report.reloaded_key_warnings), vec![256, 257]);
    assert_eq!(report.algorithms, vec![Algorithm(13)]);
    assert!(report.summary_block().ends_with(
        "Algorithm: ECDSAP384SHA384: KSKs: 0 active, 1 stand-by, 0 revoked\n\
         \x20                           ZSKs: 0 active, 1 stand-by, 0 revoked\n"
    ));
    // Structural mode (signzone's check) tries no key.
    let structural = check_zone(&zone, &CheckOptions::structural(Some(NOW)));
    assert!(structural.key_warnings.is_empty() && structural.reloaded_key_warnings.is_empty());

    // A good P-384 key that signs nothing beside them: the warning of ours comes back.
    keys.extra.push(dnskey(&p384, 256));
    let zone = signed(&keys, |_, _| false, "");
    let report = check_zone(&zone, &CheckOptions::crypto(NOW));
    assert!(report.is_ok(), "{:?}", lines(&report));
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(
        warnings,
        vec![
            "ECDSAP384SHA384 keys in the DNSKEY RRset sign nothing (no self-signed KSK); \
             RFC 4035 section 2.2 wants every algorithm there to sign the zone"
        ]
    );
}

fn params(flags: u8) -> Nsec3Params {
    Nsec3Params {
        hash: Nsec3HashAlgorithm::SHA1,
        flags,
        iterations: 5,
        salt: vec![0xaa, 0xbb],
    }
}

#[test]
fn nsec3_zones_verify_and_a_missing_nsec3_is_named() {
    let keys = keys();
    for flags in [0, NSEC3_OPT_OUT] {
        let zone = signed_with(&keys, Some(params(flags)), |_, _| false, "");
        for options in [
            CheckOptions::crypto(NOW),
            CheckOptions::structural(Some(NOW)),
        ] {
            let report = check_zone(&zone, &options);
            assert!(report.is_ok(), "flags {flags}: {:?}", lines(&report));
        }
    }
    // Remove the NSEC3 record of www (and its RRSIG) by rebuilding without it.
    let full = signed_with(&keys, Some(params(0)), |_, _| false, "");
    let www = Name::parse("www.example.", None).unwrap();
    let hash = crate::dnssec::nsec3_hash(&www, &[0xaa, 0xbb], 5);
    let owner = crate::dnssec::nsec3_owner(&hash, &apex()).unwrap();
    let mut zone = Zone::new(apex(), Class::IN);
    for node in full.names() {
        if node.name() == owner {
            continue;
        }
        for rec in node.rrsets().flat_map(|s| s.records()) {
            zone.add(&rec.to_record()).unwrap();
        }
    }
    zone.finish().unwrap();
    let report = check_zone(&zone, &CheckOptions::structural(Some(NOW)));
    let first = report.first_problem().unwrap();
    assert_eq!((&first.owner, first.rtype), (&www, RrType::NSEC3));
    assert!(lines(&report)[0].starts_with("Missing NSEC3 record for www.example"));
    assert!(report.bad_algorithms.is_empty());
    assert_eq!(
        report.outcome_block(),
        "DNSSEC completeness test failed (failure).\n"
    );
}
