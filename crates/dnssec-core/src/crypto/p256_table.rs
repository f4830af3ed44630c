//! ECDSA P-256 verification (FIPS 186-5 section 6.4.2, as RFC 6605 section 4 uses it) for
//! one public key and very many signatures, as a whole-zone verifier has.
//!
//! A general verifier computes `u1·G + u2·Q` with a precomputed table for the generator `G`
//! only; the variable point `Q` costs about 256 doublings per signature, most of the time.
//! A zone is signed by one or two keys, so here `Q` gets a table too: the sum becomes two
//! fixed-base multiplications of 32 mixed additions each, with no doubling at all.
//!
//! Verification handles only public data, so this code is variable-time by design; it must
//! never be used with a secret scalar. Points are kept in Jacobian coordinates
//! (x = X/Z², y = Y/Z³) and the final x-coordinate test multiplies instead of inverting.
//! The field arithmetic is the `p256` crate's; the group law, the tables and the verify
//! equation are here.

use p256::elliptic_curve::bigint::{CheckedAdd, U256};
use p256::elliptic_curve::ff::{Field, PrimeField};
use p256::elliptic_curve::ops::{Invert, Reduce};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::elliptic_curve::Curve;
use p256::{FieldBytes, FieldElement, NistP256, Scalar};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Bits of scalar per table window. Digits are signed (−2^(w−1)..=2^(w−1)), so a window
/// needs only 2^(w−1) entries; 11-bit windows make 24 additions per multiplication with a
/// table of 1.5 MiB per point.
const WINDOW_BITS: usize = 11;
/// Windows covering a 256-bit scalar plus the carry out of its top window.
const WINDOWS: usize = 256 / WINDOW_BITS + 1;
/// Entries per window: the multiples 1..=2^(w−1) (digit 0 adds nothing; negative digits use
/// the negated entry).
const HALF: usize = 1 << (WINDOW_BITS - 1);

/// The memory one key's table holds: WINDOWS · HALF affine points of two 32-byte field
/// elements (1.5 MiB).
pub(super) const TABLE_BYTES: usize = WINDOWS * HALF * std::mem::size_of::<Affine>();

/// The curve constant b of y² = x³ − 3x + b (FIPS 186-5 / SP 800-186 section 3.2.1.3).
const B_HEX: &str = "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b";

/// A point in affine coordinates; never the point at infinity.
#[derive(Clone, Copy)]
struct Affine {
    x: FieldElement,
    y: FieldElement,
}

/// A point in Jacobian coordinates; Z = 0 is the point at infinity.
#[derive(Clone, Copy)]
struct Jacobian {
    x: FieldElement,
    y: FieldElement,
    z: FieldElement,
}

impl Jacobian {
    const INFINITY: Jacobian = Jacobian {
        x: FieldElement::ONE,
        y: FieldElement::ONE,
        z: FieldElement::ZERO,
    };

    fn from_affine(p: &Affine) -> Jacobian {
        Jacobian {
            x: p.x,
            y: p.y,
            z: FieldElement::ONE,
        }
    }

    fn is_infinity(&self) -> bool {
        bool::from(self.z.is_zero())
    }

    /// 2P with the a = −3 doubling formulas (3M + 5S). P-256 has prime order, so no point
    /// other than infinity doubles to infinity, and Z = 0 propagates.
    fn double(&self) -> Jacobian {
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.multiply(&gamma);
        let t = self.x.sub(&delta).multiply(&self.x.add(&delta));
        let alpha = t.double().add(&t);
        let beta4 = beta.double().double();
        let x3 = alpha.square().sub(&beta4.double());
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma2_8 = gamma.square().double().double().double();
        let y3 = alpha.multiply(&beta4.sub(&x3)).sub(&gamma2_8);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P + A for an affine A (7M + 4S), with the exceptional cases the short formulas do
    /// not cover: P at infinity, P = A (doubling) and P = −A (infinity).
    fn add_affine(&self, a: &Affine) -> Jacobian {
        if self.is_infinity() {
            return Jacobian::from_affine(a);
        }
        let z1z1 = self.z.square();
        let u2 = a.x.multiply(&z1z1);
        let s2 = a.y.multiply(&self.z).multiply(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y).double();
        if bool::from(h.is_zero()) {
            return if bool::from(r.is_zero()) {
                self.double()
            } else {
                Jacobian::INFINITY
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h.multiply(&i);
        let v = self.x.multiply(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.multiply(&v.sub(&x3)).sub(&self.y.multiply(&j).double());
        let z3 = self.z.add(&h).square().sub(&z1z1).sub(&hh);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }
}

/// Converts many Jacobian points to affine with one field inversion (Montgomery's trick).
/// Returns `None` if any of them is the point at infinity.
fn normalize_all(points: &[Jacobian]) -> Option<Vec<Affine>> {
    let mut prefix = Vec::with_capacity(points.len());
    let mut acc = FieldElement::ONE;
    for p in points {
        if p.is_infinity() {
            return None;
        }
        prefix.push(acc);
        acc = acc.multiply(&p.z);
    }
    let mut inv = Option::<FieldElement>::from(acc.invert())?;
    let mut out = vec![
        Affine {
            x: FieldElement::ZERO,
            y: FieldElement::ZERO,
        };
        points.len()
    ];
    for (i, p) in points.iter().enumerate().rev() {
        let zinv = inv.multiply(&prefix[i]);
        inv = inv.multiply(&p.z);
        let zinv2 = zinv.square();
        out[i] = Affine {
            x: p.x.multiply(&zinv2),
            y: p.y.multiply(&zinv2.multiply(&zinv)),
        };
    }
    Some(out)
}

/// `d · 2^(w·j) · P` for every window j and d in 1..=2^(w−1), affine, window-major.
struct FixedBaseTable {
    entries: Vec<Affine>,
}

impl FixedBaseTable {
    fn new(point: &Affine) -> Option<FixedBaseTable> {
        let mut jacobian = Vec::with_capacity(WINDOWS * HALF);
        let mut base = *point;
        for window in 0..WINDOWS {
            let mut acc = Jacobian::from_affine(&base);
            jacobian.push(acc);
            for _ in 1..HALF {
                acc = acc.add_affine(&base);
                jacobian.push(acc);
            }
            if window + 1 < WINDOWS {
                // 2^w · base = 2 · (2^(w−1) · base), the next window's unit.
                base = normalize_all(&[acc.double()])?.first().copied()?;
            }
        }
        Some(FixedBaseTable {
            entries: normalize_all(&jacobian)?,
        })
    }

    /// Adds `scalar · P` to `acc`: one table lookup and one addition per non-zero digit.
    /// `None` if a digit has no entry, which [`signed_digits`]'s bounds (|d| ≤ HALF, WINDOWS
    /// digits) rule out: a missing term would make the sum wrong, so the caller must then
    /// not judge the signature at all.
    fn add_multiple(&self, mut acc: Jacobian, scalar_be: &FieldBytes) -> Option<Jacobian> {
        for (window, digit) in signed_digits(scalar_be).into_iter().enumerate() {
            let Some(magnitude) = digit.unsigned_abs().checked_sub(1) else {
                continue;
            };
            let index = window * HALF + magnitude as usize;
            let entry = self.entries.get(index);
            debug_assert!(
                entry.is_some(),
                "digit {digit} of window {window} has no entry"
            );
            let entry = entry?;
            acc = if digit > 0 {
                acc.add_affine(entry)
            } else {
                acc.add_affine(&Affine {
                    x: entry.x,
                    y: entry.y.neg(),
                })
            };
        }
        Some(acc)
    }
}

/// Recodes a big-endian 256-bit scalar into WINDOWS signed digits d with
/// scalar = Σ d_j · 2^(w·j) and −2^(w−1) < d_j ≤ 2^(w−1).
fn signed_digits(scalar_be: &FieldBytes) -> [i32; WINDOWS] {
    let mut limbs = [0u64; 4];
    for (i, chunk) in scalar_be.rchunks(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        limbs[i] = u64::from_be_bytes(word);
    }
    let bits = |at: usize| -> u64 {
        // WINDOW_BITS bits starting at bit `at`, possibly spanning two limbs.
        let (limb, shift) = (at / 64, at % 64);
        let low = limbs.get(limb).map_or(0, |l| l >> shift);
        let high = match (shift, limbs.get(limb + 1)) {
            (0, _) | (_, None) => 0,
            (_, Some(h)) => h << (64 - shift),
        };
        (low | high) & ((1 << WINDOW_BITS) - 1)
    };
    let mut digits = [0i32; WINDOWS];
    let mut carry = 0i32;
    for (j, digit) in digits.iter_mut().enumerate() {
        let value = bits(j * WINDOW_BITS) as i32 + carry;
        if value > HALF as i32 {
            *digit = value - (1 << WINDOW_BITS);
            carry = 1;
        } else {
            *digit = value;
            carry = 0;
        }
    }
    digits
}

/// 32 big-endian bytes as the crate's fixed-size array; `None` for any other length.
fn field_bytes(bytes: &[u8]) -> Option<FieldBytes> {
    <[u8; 32]>::try_from(bytes).ok().map(FieldBytes::from)
}

/// A big-endian integer below the group order n; `None` for n or more, or a bad length.
fn scalar(bytes: &[u8]) -> Option<Scalar> {
    field_bytes(bytes).and_then(|b| Option::from(Scalar::from_repr(b)))
}

fn field_from_hex(hex: &str) -> FieldElement {
    FieldElement::from_uint(U256::from_be_hex(hex)).unwrap_or(FieldElement::ZERO)
}

fn curve_b() -> FieldElement {
    field_from_hex(B_HEX)
}

/// True when (x, y) satisfies y² = x³ − 3x + b.
fn on_curve(p: &Affine) -> bool {
    let x3 = p.x.square().multiply(&p.x);
    let three_x = p.x.double().add(&p.x);
    let rhs = x3.sub(&three_x).add(&curve_b());
    p.y.square() == rhs
}

fn affine_from_xy(x: &[u8], y: &[u8]) -> Option<Affine> {
    let x = Option::<FieldElement>::from(FieldElement::from_bytes(&field_bytes(x)?))?;
    let y = Option::<FieldElement>::from(FieldElement::from_bytes(&field_bytes(y)?))?;
    let p = Affine { x, y };
    on_curve(&p).then_some(p)
}

/// The generator's table, built on first use and shared by every key.
fn generator_table() -> Option<&'static FixedBaseTable> {
    static TABLE: OnceLock<Option<FixedBaseTable>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let encoded = p256::AffinePoint::GENERATOR.to_encoded_point(false);
            let g = affine_from_xy(encoded.x()?, encoded.y()?)?;
            FixedBaseTable::new(&g)
        })
        .as_ref()
}

/// A P-256 public key with its own multiples table, for checking many signatures.
pub(super) struct P256TableKey {
    table: FixedBaseTable,
}

impl P256TableKey {
    /// Prepares the DNSKEY public key field x || y (RFC 6605 section 4); `None` if the point
    /// is not on the curve.
    pub(super) fn new(public_key: &[u8]) -> Option<P256TableKey> {
        if public_key.len() != 64 {
            return None;
        }
        let (x, y) = public_key.split_at(32);
        let q = affine_from_xy(x, y)?;
        Some(P256TableKey {
            table: FixedBaseTable::new(&q)?,
        })
    }

    /// Checks the signature r || s over the SHA-256 `digest` of the signed data; s⁻¹ comes
    /// from `batch` when it holds it. `Some(verdict)`, or `None` when this code cannot
    /// decide (no generator table, a non-zero s without inverse, a table lookup that
    /// fails): none of these can happen, but if one did the caller must use another
    /// verifier rather than take a guessed verdict.
    pub(super) fn verify_digest(
        &self,
        digest: &[u8; 32],
        signature: &[u8],
        batch: Option<&SignatureBatch>,
    ) -> Option<bool> {
        let g_table = generator_table()?;
        if signature.len() != 64 {
            return Some(false);
        }
        let (r_bytes, s_bytes) = signature.split_at(32);
        // r and s must lie in [1, n − 1].
        let (Some(r), Some(s)) = (scalar(r_bytes), scalar(s_bytes)) else {
            return Some(false);
        };
        if bool::from(r.is_zero()) || bool::from(s.is_zero()) {
            return Some(false);
        }
        let w = batch
            .and_then(|b| b.inverse(s_bytes))
            .or_else(|| Option::<Scalar>::from(s.invert_vartime()))?;
        // The digest is as long as the order, so it is taken whole and reduced mod n.
        let e = <Scalar as Reduce<U256>>::reduce_bytes(&FieldBytes::from(*digest));
        let u1 = e * w;
        let u2 = r * w;
        let sum = g_table.add_multiple(Jacobian::INFINITY, &u1.to_bytes())?;
        let sum = self.table.add_multiple(sum, &u2.to_bytes())?;
        if sum.is_infinity() {
            return Some(false);
        }
        Some(x_matches(&sum, &r))
    }
}

/// The inverses mod n of the s halves of many ECDSA P-256 signatures (RFC 6605 section 4),
/// computed together with one inversion and three multiplications each (Montgomery's
/// trick): per signature, the inversion would cost more than the rest of the check.
pub struct SignatureBatch {
    inverses: HashMap<[u8; 32], Scalar>,
}

impl SignatureBatch {
    /// Inverts the s of every 64-byte signature in `signatures` whose s is in [1, n − 1];
    /// anything else is left out (its check fails on its own later).
    pub fn new<'a>(signatures: impl IntoIterator<Item = &'a [u8]>) -> SignatureBatch {
        let mut keys: Vec<[u8; 32]> = Vec::new();
        let mut values: Vec<Scalar> = Vec::new();
        for sig in signatures {
            let Some(s_bytes) = sig.get(32..64).filter(|_| sig.len() == 64) else {
                continue;
            };
            let Some(s) = scalar(s_bytes) else {
                continue;
            };
            if bool::from(s.is_zero()) {
                continue;
            }
            let mut key = [0u8; 32];
            key.copy_from_slice(s_bytes);
            keys.push(key);
            values.push(s);
        }
        let mut inverses = HashMap::with_capacity(keys.len());
        // prefix[i] = s_0 · … · s_(i−1); one inversion of the whole product, then walk back.
        let mut prefix = Vec::with_capacity(values.len());
        let mut product = Scalar::ONE;
        for s in &values {
            prefix.push(product);
            product *= s;
        }
        if let Some(mut inverse) = Option::<Scalar>::from(product.invert_vartime()) {
            for i in (0..values.len()).rev() {
                inverses.insert(keys[i], inverse * prefix[i]);
                inverse *= values[i];
            }
        }
        SignatureBatch { inverses }
    }

    fn inverse(&self, s_bytes: &[u8]) -> Option<Scalar> {
        let key: &[u8; 32] = s_bytes.try_into().ok()?;
        self.inverses.get(key).copied()
    }
}

/// Whether the affine x of `p`, reduced mod n, equals r. x = X/Z², so the test is X = r'·Z²
/// for each r' ≡ r (mod n) below p: r itself, and r + n when that is still below p.
fn x_matches(p: &Jacobian, r: &Scalar) -> bool {
    let z2 = p.z.square();
    let r_uint: U256 = (*r).into();
    let candidates = [
        Some(r_uint),
        Option::<U256>::from(r_uint.checked_add(&NistP256::ORDER)),
    ];
    candidates.into_iter().flatten().any(|candidate| {
        Option::<FieldElement>::from(FieldElement::from_uint(candidate))
            .is_some_and(|fe| fe.multiply(&z2) == p.x)
    })
}

#[cfg(test)]
mod tests {
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
        let doc = EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .unwrap();
        let kp =
            EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, doc.as_ref())
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
                let ours =
                    P256TableKey::new(&bent[1..]).is_some_and(|k| k.check(&digest, &sig, None));
                assert_eq!(ours, aws_verify(&bent, &data, &sig));
                assert!(!ours);
            }
        }
        // Each message's signature and its n − s twin verify; nothing else does.
        assert_eq!(valid, 6 * 12 * 2, "of {total}");
    }
}
