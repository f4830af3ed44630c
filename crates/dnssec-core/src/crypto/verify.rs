//! Verifying RRSIG signature fields with a DNSKEY public key (RFC 4034 section 3.1.8.1,
//! RFC 4035 section 5.3.3), and the bulk P-256 path with its bounded multiples tables.

use super::keys::*;
use super::*;
use crate::algorithm::Algorithm;
use aws_lc_rs::signature::{self, UnparsedPublicKey};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Checks an RRSIG signature field `sig` over `data` with a DNSKEY public key field
/// (RFC 4034 section 3.1.8.1). Supports 5, 7, 8, 10 (RSA 512-8192 bits), 13, 14, 15 and 16.
pub fn verify(
    algorithm: Algorithm,
    public_key: &[u8],
    data: &[u8],
    sig: &[u8],
) -> Result<(), CryptoError> {
    VerifyingKey::new(algorithm, public_key)?.verify(data, sig)
}

pub(super) enum Verifier {
    Rsa(&'static signature::RsaParameters, Vec<u8>, Vec<u8>),
    RsaSmall(rsa_fallback::SmallRsaVerifier),
    Ecdsa(&'static signature::EcdsaVerificationAlgorithm, Vec<u8>),
    EcdsaP256(Vec<u8>, BulkP256),
    Ed25519(Vec<u8>),
    Ed448(ed448::Ed448Verifier),
}

/// After this many signatures one P-256 key has *verified* (not merely been tried on),
/// building its multiples table (a few milliseconds, [`p256_table::TABLE_BYTES`] of memory)
/// pays for itself; small jobs never build it. Counting successes rather than attempts
/// matters when many keys share one key tag (RFC 4034 Appendix B): every RRSIG with that
/// tag is tried on every one of them, but only the key that made it earns a table.
pub(super) const P256_TABLE_AFTER: u32 = 256;

/// At most this many P-256 multiples tables exist in the process at once (6 MiB in
/// all). A zone is signed by one or two P-256 keys, so this covers a real zone with room
/// for a rollover; a hostile zone whose hundreds of keys each verify hundreds of
/// signatures gets no more, and its other keys are checked by aws-lc (same verdicts,
/// slower). The tools verify one zone per process, so this is also the per-zone bound
/// (docs/bind-compat.md, "verify: many DNSKEYs sharing one key tag"; RFC 4035 section
/// 5.3.1 has every same-tag key tried).
pub(crate) const P256_MAX_TABLES: usize = 4;

// The bound the documentation promises: all tables together stay within 8 MiB.
const _: () = assert!(P256_MAX_TABLES * p256_table::TABLE_BYTES <= 8 << 20);

/// How many P-256 tables are alive now (see [`P256_MAX_TABLES`]).
pub(super) static P256_LIVE_TABLES: AtomicUsize = AtomicUsize::new(0);

/// One of the [`P256_MAX_TABLES`] places, given back when the table is dropped.
pub(super) struct TableSlot;

impl TableSlot {
    fn acquire() -> Option<TableSlot> {
        take_place(&P256_LIVE_TABLES, P256_MAX_TABLES).then_some(TableSlot)
    }
}

/// Counts one more user of `live` if fewer than `max` hold it now.
pub(super) fn take_place(live: &AtomicUsize, max: usize) -> bool {
    live.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
        (n < max).then_some(n + 1)
    })
    .is_ok()
}

impl Drop for TableSlot {
    fn drop(&mut self) {
        P256_LIVE_TABLES.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The lazily built fast path for a P-256 key that checks a whole zone's signatures.
pub(super) struct BulkP256 {
    /// Signatures this key has verified through aws-lc so far.
    verified: AtomicU32,
    /// Set once, when the key has earned its table: `None` if no slot was free or the
    /// point was refused (aws-lc then does every check).
    table: OnceLock<Option<(p256_table::P256TableKey, TableSlot)>>,
}

impl BulkP256 {
    /// The table path's verdict, or `None` when aws-lc must judge: the key has no table
    /// (yet), or the table path could not decide (an internal inconsistency, see
    /// [`p256_table::P256TableKey::verify_digest`]).
    fn verify(
        &self,
        point: &[u8],
        data: &[u8],
        sig: &[u8],
        batch: Option<&SignatureBatch>,
    ) -> Option<bool> {
        let table = match self.table.get() {
            Some(table) => table.as_ref()?,
            None if self.verified.load(Ordering::Relaxed) >= P256_TABLE_AFTER => self
                .table
                .get_or_init(|| {
                    let slot = TableSlot::acquire()?;
                    Some((p256_table::P256TableKey::new(point.get(1..)?)?, slot))
                })
                .as_ref()?,
            None => return None,
        };
        let mut digest = [0u8; 32];
        digest
            .copy_from_slice(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, data).as_ref());
        table.0.verify_digest(&digest, sig, batch)
    }

    /// Counts one signature aws-lc found valid for this key.
    fn verified_one(&self) {
        if self.table.get().is_none() {
            self.verified.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// A DNSKEY public key prepared once for checking many signatures (RFC 4034 section 5.3).
pub struct VerifyingKey {
    verifier: Verifier,
}

impl VerifyingKey {
    /// Prepares a DNSKEY public key field of `algorithm` for verification. A field of the
    /// wrong length, or an ECDSA field that is no point of its curve (RFC 6605 section 4),
    /// is [`CryptoError::InvalidPublicKey`].
    pub fn new(algorithm: Algorithm, public_key: &[u8]) -> Result<VerifyingKey, CryptoError> {
        let verifier = match algorithm.0 {
            5 | 7 | 8 | 10 => {
                let params: &'static signature::RsaParameters = match algorithm.0 {
                    8 => &signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
                    10 => &signature::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
                    _ => &signature::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
                };
                let (e, n) = parse_rsa_public_key(public_key)?;
                let (e, n) = (strip_zeros(e), strip_zeros(n));
                if e.is_empty() || n.is_empty() {
                    return Err(CryptoError::InvalidPublicKey);
                }
                match rsa_fallback::SmallRsaVerifier::new(algorithm, e, n) {
                    Some(small) => Verifier::RsaSmall(small?),
                    None => Verifier::Rsa(params, n.to_vec(), e.to_vec()),
                }
            }
            13 | 14 => {
                let (alg, len): (&'static signature::EcdsaVerificationAlgorithm, usize) =
                    if algorithm.0 == 13 {
                        (&signature::ECDSA_P256_SHA256_FIXED, 64)
                    } else {
                        (&signature::ECDSA_P384_SHA384_FIXED, 96)
                    };
                // A point off its curve can verify nothing: refused here, as BIND refuses
                // to load it (docs/bind-compat.md, "small fidelity items"), rather than
                // failing every signature later.
                if public_key.len() != len || !ec_point_on_curve(algorithm, public_key) {
                    return Err(CryptoError::InvalidPublicKey);
                }
                let mut point = Vec::with_capacity(len + 1);
                point.push(0x04);
                point.extend_from_slice(public_key);
                if algorithm.0 == 13 {
                    let bulk = BulkP256 {
                        verified: AtomicU32::new(0),
                        table: OnceLock::new(),
                    };
                    Verifier::EcdsaP256(point, bulk)
                } else {
                    Verifier::Ecdsa(alg, point)
                }
            }
            15 => {
                if public_key.len() != 32 {
                    return Err(CryptoError::InvalidPublicKey);
                }
                Verifier::Ed25519(public_key.to_vec())
            }
            16 => Verifier::Ed448(ed448::Ed448Verifier::new(public_key)?),
            _ => return Err(CryptoError::UnsupportedAlgorithm(algorithm)),
        };
        Ok(VerifyingKey { verifier })
    }

    /// As [`VerifyingKey::new`], for a key about to check a whole zone's signatures (RFC
    /// 4035 section 5.3 for each): a P-256 key builds its multiples table on first use
    /// instead of after [`P256_TABLE_AFTER`] verified signatures (if one of the
    /// [`P256_MAX_TABLES`] is free then).
    pub fn for_many(algorithm: Algorithm, public_key: &[u8]) -> Result<VerifyingKey, CryptoError> {
        let key = VerifyingKey::new(algorithm, public_key)?;
        if let Verifier::EcdsaP256(_, bulk) = &key.verifier {
            bulk.verified.store(P256_TABLE_AFTER, Ordering::Relaxed);
        }
        Ok(key)
    }

    /// For a key that has few signatures left to check: a P-256 key never builds its
    /// multiples table (whose making would cost more than the signatures it would speed up).
    pub(crate) fn forgo_table(&self) {
        if let Verifier::EcdsaP256(_, bulk) = &self.verifier {
            let _ = bulk.table.set(None);
        }
    }

    /// Checks `sig` over `data`.
    pub fn verify(&self, data: &[u8], sig: &[u8]) -> Result<(), CryptoError> {
        self.verify_in_batch(data, sig, None)
    }

    /// As [`VerifyingKey::verify`], for a signature that is one of `batch`: the batch's
    /// shared work (ECDSA P-256 s inverses) is used when it applies.
    pub fn verify_in_batch(
        &self,
        data: &[u8],
        sig: &[u8],
        batch: Option<&SignatureBatch>,
    ) -> Result<(), CryptoError> {
        let result = match &self.verifier {
            Verifier::Rsa(params, n, e) => signature::RsaPublicKeyComponents {
                n: n.as_slice(),
                e: e.as_slice(),
            }
            .verify(params, data, sig),
            Verifier::RsaSmall(key) => return key.verify(data, sig),
            Verifier::Ecdsa(alg, point) => UnparsedPublicKey::new(*alg, point).verify(data, sig),
            Verifier::EcdsaP256(point, bulk) => match bulk.verify(point, data, sig, batch) {
                Some(true) => Ok(()),
                Some(false) => Err(aws_lc_rs::error::Unspecified),
                None => {
                    let result = UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, point)
                        .verify(data, sig);
                    if result.is_ok() {
                        bulk.verified_one();
                    }
                    result
                }
            },
            Verifier::Ed25519(key) => {
                UnparsedPublicKey::new(&signature::ED25519, key).verify(data, sig)
            }
            Verifier::Ed448(key) => return key.verify(data, sig),
        };
        result.map_err(|_| CryptoError::BadSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::PrivateKey;

    /// A point moved off its curve is refused when the key is prepared, not signature by
    /// signature (docs/bind-compat.md, "small fidelity items").
    #[test]
    fn off_curve_ecdsa_keys_are_refused_up_front() {
        for alg in [Algorithm(13), Algorithm(14)] {
            let mut public = PrivateKey::generate(alg, None).unwrap().public_key();
            assert!(VerifyingKey::new(alg, &public).is_ok());
            let last = public.len() - 1;
            public[last] ^= 1;
            assert_eq!(
                VerifyingKey::new(alg, &public).err(),
                Some(CryptoError::InvalidPublicKey),
                "{alg}"
            );
            assert_eq!(
                verify(alg, &public, b"data", &[0; 96][..public.len()]),
                Err(CryptoError::InvalidPublicKey)
            );
        }
    }

    #[test]
    fn p256_keys_give_the_same_verdicts_before_and_after_the_table() {
        let alg = Algorithm(13);
        let key = PrivateKey::generate(alg, None).unwrap();
        let public = key.public_key();
        let lazy = VerifyingKey::new(alg, &public).unwrap();
        let eager = VerifyingKey::for_many(alg, &public).unwrap();
        for i in 0..P256_TABLE_AFTER + 40 {
            let data = i.to_be_bytes();
            let mut sig = key.sign(&data).unwrap();
            assert_eq!(lazy.verify(&data, &sig), Ok(()), "signature {i}");
            assert_eq!(eager.verify(&data, &sig), Ok(()));
            sig[i as usize % 64] ^= 0x80;
            assert_eq!(lazy.verify(&data, &sig), Err(CryptoError::BadSignature));
            assert_eq!(eager.verify(&data, &sig), Err(CryptoError::BadSignature));
        }
        let Verifier::EcdsaP256(_, bulk) = &lazy.verifier else {
            panic!("a P-256 key takes the bulk-capable verifier");
        };
        assert!(
            bulk.table.get().is_some_and(Option::is_some),
            "the table was built"
        );
    }

    #[test]
    fn failed_attempts_do_not_earn_a_p256_table() {
        // Many same-tag keys are each tried on every RRSIG with that tag: a key that only
        // fails must stay on aws-lc, however often it is tried.
        let alg = Algorithm(13);
        let signer = PrivateKey::generate(alg, None).unwrap();
        let bystander =
            VerifyingKey::new(alg, &PrivateKey::generate(alg, None).unwrap().public_key()).unwrap();
        for i in 0..2 * P256_TABLE_AFTER {
            let data = i.to_be_bytes();
            let sig = signer.sign(&data).unwrap();
            assert_eq!(
                bystander.verify(&data, &sig),
                Err(CryptoError::BadSignature)
            );
        }
        let Verifier::EcdsaP256(_, bulk) = &bystander.verifier else {
            panic!("a P-256 key takes the bulk-capable verifier");
        };
        assert_eq!(bulk.verified.load(Ordering::Relaxed), 0);
        assert!(
            bulk.table.get().is_none(),
            "no table for a key that verified nothing"
        );
    }

    #[test]
    fn table_places_are_bounded_and_given_back() {
        // A counter of its own: the process-wide one is shared with tests running beside.
        let live = AtomicUsize::new(0);
        for _ in 0..P256_MAX_TABLES {
            assert!(take_place(&live, P256_MAX_TABLES));
        }
        assert!(!take_place(&live, P256_MAX_TABLES), "one place too many");
        assert_eq!(live.load(Ordering::Relaxed), P256_MAX_TABLES);
    }
}
