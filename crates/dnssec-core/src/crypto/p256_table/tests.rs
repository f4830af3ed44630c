//! The table path judged against aws-lc on valid, damaged and edge-case signatures.

use super::*;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, EcdsaKeyPair, KeyPair};
use p256::elliptic_curve::bigint::Encoding;
use p256::elliptic_curve::sec1::FromEncodedPoint;

impl P256TableKey {
    /// The verdict, which must be decided (`None` is an internal failure).
    fn check(&self, digest: &[u8; 32], sig: &[u8], batch: Option<&SignatureBatch>) -> bool {
        self.verify_digest(digest, sig, batch)
            .expect("the table path decides")
    }
}

fn sha256(data: &[u8]) -> [u8; 32] {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}

fn aws_verify(public: &[u8], data: &[u8], sig: &[u8]) -> bool {
    signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, public)
        .verify(data, sig)
        .is_ok()
}

fn new_key() -> (EcdsaKeyPair, Vec<u8>) {
    let rng = SystemRandom::new();
    let doc =
        EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
    let kp = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, doc.as_ref())
        .unwrap();
    let public = kp.public_key().as_ref().to_vec();
    (kp, public)
}

#[test]
fn generator_and_constant_b_are_on_the_curve() {
    assert!(generator_table().is_some());
    let encoded = p256::AffinePoint::GENERATOR.to_encoded_point(false);
    let g = affine_from_xy(encoded.x().unwrap(), encoded.y().unwrap());
    assert!(g.is_some());
}

#[test]
fn table_entries_equal_the_p256_crates_multiples() {
    // Independent arithmetic: the p256 crate's own scalar multiplication.
    let encoded = p256::AffinePoint::GENERATOR.to_encoded_point(false);
    let g = affine_from_xy(encoded.x().unwrap(), encoded.y().unwrap()).unwrap();
    let table = FixedBaseTable::new(&g).unwrap();
    let last = WINDOWS - 1;
    let top = HALF as u64;
    for (window, digit) in [(0, 1u64), (0, 2), (0, top), (1, 1), (5, 77), (last, top)] {
        let entry = table.entries[window * HALF + digit as usize - 1];
        let mut k = Scalar::from(digit);
        for _ in 0..window * WINDOW_BITS {
            k = k.double();
        }
        let expect = (p256::ProjectivePoint::GENERATOR * k)
            .to_affine()
            .to_encoded_point(false);
        assert_eq!(
            entry.x.to_bytes().as_slice(),
            expect.x().unwrap().as_slice()
        );
        assert_eq!(
            entry.y.to_bytes().as_slice(),
            expect.y().unwrap().as_slice()
        );
    }
}

#[test]
fn agrees_with_aws_lc_on_valid_and_tampered_signatures() {
    let rng = SystemRandom::new();
    for _ in 0..3 {
        let (kp, public) = new_key();
        let key = P256TableKey::new(&public[1..]).unwrap();
        for i in 0..200u32 {
            let data = format!("message number {i}").into_bytes();
            let sig = kp.sign(&rng, &data).unwrap().as_ref().to_vec();
            assert!(key.check(&sha256(&data), &sig, None), "valid signature {i}");
            // Flip one bit somewhere in r or s, or in the data.
            let mut bad = sig.clone();
            bad[(i as usize * 7) % 64] ^= 1 << (i % 8);
            assert_eq!(
                key.check(&sha256(&data), &bad, None),
                aws_verify(&public, &data, &bad)
            );
            assert!(!key.check(&sha256(&data), &bad, None));
            let mut other = data.clone();
            other.push(b'!');
            assert!(!key.check(&sha256(&other), &sig, None));
        }
    }
}

#[test]
fn batched_inverses_give_the_same_verdicts() {
    let rng = SystemRandom::new();
    let (kp, public) = new_key();
    let key = P256TableKey::new(&public[1..]).unwrap();
    let messages: Vec<Vec<u8>> = (0..50u32).map(|i| format!("m{i}").into_bytes()).collect();
    let mut sigs: Vec<Vec<u8>> = messages
        .iter()
        .map(|m| kp.sign(&rng, m).unwrap().as_ref().to_vec())
        .collect();
    // A zero s, a short signature and an s >= n go in too: they must not spoil the rest.
    sigs.push([&sigs[0][..32], &[0u8; 32][..]].concat());
    sigs.push(vec![1u8; 10]);
    sigs.push([&sigs[0][..32], &[0xffu8; 32][..]].concat());
    let batch = SignatureBatch::new(sigs.iter().map(Vec::as_slice));
    assert_eq!(batch.inverses.len(), 50);
    for (m, sig) in messages.iter().zip(&sigs) {
        assert!(key.check(&sha256(m), sig, Some(&batch)));
        assert!(!key.check(&sha256(b"other"), sig, Some(&batch)));
    }
    // A signature whose s is not in the batch falls back to inverting on its own.
    let late = kp.sign(&rng, b"late").unwrap();
    assert!(key.check(&sha256(b"late"), late.as_ref(), Some(&batch)));
    for bad in &sigs[50..] {
        assert!(!key.check(&sha256(&messages[0]), bad, Some(&batch)));
    }
}

#[test]
fn a_signature_by_another_key_fails() {
    let rng = SystemRandom::new();
    let (kp, _) = new_key();
    let (_, other_public) = new_key();
    let key = P256TableKey::new(&other_public[1..]).unwrap();
    let sig = kp.sign(&rng, b"data").unwrap();
    assert!(!key.check(&sha256(b"data"), sig.as_ref(), None));
}

#[test]
fn out_of_range_r_and_s_are_refused() {
    let rng = SystemRandom::new();
    let (kp, public) = new_key();
    let key = P256TableKey::new(&public[1..]).unwrap();
    let digest = sha256(b"data");
    let sig = kp.sign(&rng, b"data").unwrap().as_ref().to_vec();
    let n = NistP256::ORDER.to_be_bytes();
    let ff = [0xffu8; 32];
    let zero = [0u8; 32];
    for (r, s) in [
        (&zero[..], &sig[32..]),
        (&sig[..32], &zero[..]),
        (&n[..], &sig[32..]),
        (&sig[..32], &n[..]),
        (&ff[..], &sig[32..]),
        (&sig[..32], &ff[..]),
    ] {
        let bad = [r, s].concat();
        assert!(!key.check(&digest, &bad, None));
        assert!(!aws_verify(&public, b"data", &bad));
    }
    assert!(!key.check(&digest, &sig[..63], None));
}

#[test]
fn points_off_the_curve_are_refused() {
    let (_, public) = new_key();
    let mut bad = public[1..].to_vec();
    bad[63] ^= 1;
    assert!(P256TableKey::new(&bad).is_none());
    assert!(P256TableKey::new(&[0u8; 64]).is_none());
    assert!(P256TableKey::new(&[0xffu8; 64]).is_none());
    assert!(P256TableKey::new(&public[1..33]).is_none());
}

#[test]
fn signed_digits_add_back_up_to_the_scalar() {
    let mut k = Scalar::from(0x1234_5678_9abc_def0u64);
    for round in 0..200u64 {
        // A spread of scalars: powers, near-order values and pseudo-random products.
        k = k * k + Scalar::from(round);
        for scalar in [k, -k, Scalar::ONE, -Scalar::ONE, Scalar::ZERO] {
            let digits = signed_digits(&scalar.to_bytes());
            let mut sum = Scalar::ZERO;
            let mut unit = Scalar::ONE;
            for d in digits {
                assert!(d.unsigned_abs() as usize <= HALF);
                let magnitude = Scalar::from(u64::from(d.unsigned_abs()));
                sum += if d < 0 {
                    -(unit * magnitude)
                } else {
                    unit * magnitude
                };
                for _ in 0..WINDOW_BITS {
                    unit = unit.double();
                }
            }
            assert_eq!(sum, scalar);
        }
    }
}

#[test]
fn exceptional_additions_double_and_cancel() {
    let encoded = p256::AffinePoint::GENERATOR.to_encoded_point(false);
    let g = affine_from_xy(encoded.x().unwrap(), encoded.y().unwrap()).unwrap();
    let gj = Jacobian::from_affine(&g);
    let doubled = normalize_all(&[gj.add_affine(&g)]).unwrap()[0];
    let two = (p256::ProjectivePoint::GENERATOR * Scalar::from(2u64))
        .to_affine()
        .to_encoded_point(false);
    assert_eq!(doubled.x.to_bytes().as_slice(), two.x().unwrap().as_slice());
    let minus_g = Affine {
        x: g.x,
        y: g.y.neg(),
    };
    assert!(gj.add_affine(&minus_g).is_infinity());
    assert!(Jacobian::INFINITY.double().is_infinity());
}

/// A scalar from arbitrary bytes (their SHA-256, reduced mod n).
fn scalar_of(data: &[u8]) -> Scalar {
    <Scalar as Reduce<U256>>::reduce_bytes(&FieldBytes::from(sha256(data)))
}

/// The 64-byte DNSKEY form (x || y) of a point, and its table key.
fn key_of(point: &p256::ProjectivePoint) -> (Vec<u8>, P256TableKey) {
    let encoded = point.to_affine().to_encoded_point(false);
    let public = encoded.as_bytes().to_vec();
    let key = P256TableKey::new(&public[1..]).unwrap();
    (public, key)
}

/// u1·G + u2·Q as the table path sums it, affine x (None at infinity).
fn table_sum_x(key: &P256TableKey, u1: &Scalar, u2: &Scalar) -> Option<Vec<u8>> {
    let g = generator_table().unwrap();
    let sum = g.add_multiple(Jacobian::INFINITY, &u1.to_bytes()).unwrap();
    let sum = key.table.add_multiple(sum, &u2.to_bytes()).unwrap();
    normalize_all(&[sum]).map(|a| a[0].x.to_bytes().to_vec())
}

fn crate_sum_x(q: &p256::ProjectivePoint, u1: &Scalar, u2: &Scalar) -> Option<Vec<u8>> {
    let sum = p256::ProjectivePoint::GENERATOR * u1 + q * u2;
    let encoded = sum.to_affine().to_encoded_point(false);
    encoded.x().map(|x| x.to_vec())
}

#[test]
fn r_from_an_x_coordinate_between_n_and_p_is_reduced() {
    // A point R whose x lies in [n, p): x = n + t for the first small t that is on the
    // curve. Its signature has r = t, and the check must find X = (r + n)·Z².
    let n = NistP256::ORDER;
    let (t, r_point) = (1u64..)
        .find_map(|t| {
            let x = n.wrapping_add(&U256::from_u64(t)).to_be_bytes();
            let compressed = [&[0x02u8][..], &x[..]].concat();
            let encoded = p256::EncodedPoint::from_bytes(&compressed).ok()?;
            let point: Option<p256::AffinePoint> =
                p256::AffinePoint::from_encoded_point(&encoded).into();
            point.map(|p| (t, p256::ProjectivePoint::from(p)))
        })
        .unwrap();
    // Given r, s and the message, choose the key: Q = (R − u1·G) / u2.
    let data = b"x above the order";
    let e = scalar_of(data);
    let s = scalar_of(b"any s");
    let r = Scalar::from(t);
    let w = s.invert().unwrap();
    let (u1, u2) = (e * w, r * w);
    let q = (r_point - p256::ProjectivePoint::GENERATOR * u1) * u2.invert().unwrap();
    let (public, key) = key_of(&q);
    let sig = [r.to_bytes().as_slice(), s.to_bytes().as_slice()].concat();
    assert!(aws_verify(&public, data, &sig), "aws-lc accepts r = x − n");
    assert!(key.check(&sha256(data), &sig, None), "the table path too");
    // r + 1, and the unreduced x (not below n), are refused by both.
    let next = [
        (r + Scalar::ONE).to_bytes().as_slice(),
        s.to_bytes().as_slice(),
    ]
    .concat();
    let x = n.wrapping_add(&U256::from_u64(t)).to_be_bytes();
    let unreduced = [&x[..], s.to_bytes().as_slice()].concat();
    for bad in [next, unreduced] {
        assert!(!aws_verify(&public, data, &bad));
        assert!(!key.check(&sha256(data), &bad, None));
    }
}

#[test]
fn a_sum_at_infinity_is_refused() {
    // Q = −(e/r)·G makes u1·G + u2·Q = (e − r·e/r)/s · G = infinity for any s.
    let data = b"sum at infinity";
    let e = scalar_of(data);
    for seed in 0..4u8 {
        let r = scalar_of(&[seed, 1]);
        let s = scalar_of(&[seed, 2]);
        let q = p256::ProjectivePoint::GENERATOR * -(e * r.invert().unwrap());
        let (public, key) = key_of(&q);
        let w = s.invert().unwrap();
        assert_eq!(
            table_sum_x(&key, &(e * w), &(r * w)),
            None,
            "the sum is infinity"
        );
        let sig = [r.to_bytes().as_slice(), s.to_bytes().as_slice()].concat();
        assert!(!aws_verify(&public, data, &sig));
        assert!(!key.check(&sha256(data), &sig, None));
    }
}

#[test]
fn a_forced_doubling_sums_as_the_p256_crate_does() {
    // Q = (e/r)·G and s = r/d make u2 = d and u1·G = d·Q: the first addition from Q's
    // table (digit d, window 0) meets an accumulator equal to its entry and must double.
    let data = b"forced doubling";
    let e = scalar_of(data);
    for d in [1u64, 2, 5, HALF as u64] {
        let r = scalar_of(&d.to_be_bytes());
        let s = r * Scalar::from(d).invert().unwrap();
        let q = p256::ProjectivePoint::GENERATOR * (e * r.invert().unwrap());
        let (public, key) = key_of(&q);
        let w = s.invert().unwrap();
        let (u1, u2) = (e * w, r * w);
        assert_eq!(u2, Scalar::from(d));
        assert_eq!(p256::ProjectivePoint::GENERATOR * u1, q * u2, "u1·G = u2·Q");
        let sum = table_sum_x(&key, &u1, &u2);
        assert!(sum.is_some());
        assert_eq!(sum, crate_sum_x(&q, &u1, &u2), "2·u1·G, digit {d}");
        // r is not x(2·u1·G) mod n (r fixes Q, so it cannot also be R's x): both refuse.
        let sig = [r.to_bytes().as_slice(), s.to_bytes().as_slice()].concat();
        assert_eq!(
            key.check(&sha256(data), &sig, None),
            aws_verify(&public, data, &sig)
        );
    }
}

/// Deterministic pseudo-random numbers for picking bits to flip (xorshift64).
struct Bits(u64);

impl Bits {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_keys_and_damaged_signatures_are_judged_as_aws_lc_judges_them() {
    // A generator in place of published vectors: valid signatures, the other valid s
    // (n − s), bit flips in r, s, the message and the key, and r or s set to 0, 1, n − 1,
    // n and 2^256 − 1. Every verdict must be aws-lc's.
    let rng = SystemRandom::new();
    let mut bits = Bits(0x9e37_79b9_7f4a_7c15);
    let n = NistP256::ORDER.to_be_bytes();
    let n_minus_1 = (-Scalar::ONE).to_bytes();
    let one = Scalar::ONE.to_bytes();
    let specials: [&[u8]; 5] = [&[0u8; 32], &one, &n_minus_1, &n, &[0xffu8; 32]];
    let (mut valid, mut total) = (0, 0);
    for _ in 0..6 {
        let (kp, public) = new_key();
        let key = P256TableKey::new(&public[1..]).unwrap();
        for m in 0..12 {
            let mut data = vec![0u8; 1 + bits.below(100)];
            data.iter_mut().for_each(|b| *b = bits.below(256) as u8);
            data.push(m);
            let sig = kp.sign(&rng, &data).unwrap().as_ref().to_vec();
            let s = scalar(&sig[32..]).unwrap();
            let mut cases = vec![
                sig.clone(),
                [&sig[..32], (-s).to_bytes().as_slice()].concat(),
            ];
            for half in [0, 32] {
                let mut flipped = sig.clone();
                flipped[half + bits.below(32)] ^= 1 << bits.below(8);
                cases.push(flipped);
                for special in specials {
                    let mut set = sig.clone();
                    set[half..half + 32].copy_from_slice(special);
                    cases.push(set);
                }
            }
            let digest = sha256(&data);
            for case in &cases {
                let ours = key.check(&digest, case, None);
                assert_eq!(ours, aws_verify(&public, &data, case), "{case:02x?}");
                valid += usize::from(ours);
                total += 1;
            }
            let mut other = data.clone();
            let at = bits.below(other.len());
            other[at] ^= 1 << bits.below(8);
            assert!(!key.check(&sha256(&other), &sig, None));
            assert!(!aws_verify(&public, &other, &sig));
            // A damaged key: off the curve (refused by both) or another point.
            let mut bent = public.clone();
            bent[1 + bits.below(64)] ^= 1 << bits.below(8);
            let ours = P256TableKey::new(&bent[1..]).is_some_and(|k| k.check(&digest, &sig, None));
            assert_eq!(ours, aws_verify(&bent, &data, &sig));
            assert!(!ours);
        }
    }
    // Each message's signature and its n − s twin verify; nothing else does.
    assert_eq!(valid, 6 * 12 * 2, "of {total}");
}
