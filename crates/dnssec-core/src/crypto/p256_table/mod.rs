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

/// The point of a DNSKEY field x || y (RFC 6605 section 4), or None unless it is 64 octets
/// holding two field elements that satisfy the curve equation.
fn point_of(public_key: &[u8]) -> Option<Affine> {
    if public_key.len() != 64 {
        return None;
    }
    let (x, y) = public_key.split_at(32);
    affine_from_xy(x, y)
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
        let q = point_of(public_key)?;
        Some(P256TableKey {
            table: FixedBaseTable::new(&q)?,
        })
    }

    /// Whether [`P256TableKey::new`] takes `public_key` as a point, without building its
    /// table (for tests that judge many points).
    #[cfg(test)]
    pub(super) fn accepts_point(public_key: &[u8]) -> bool {
        point_of(public_key).is_some()
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
mod tests;
