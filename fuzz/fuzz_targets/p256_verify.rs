//! Differential check of the bulk P-256 verifier (per-key table, batched s inverses) against
//! aws-lc's: for any signature bytes and data, under either of two fixed keys, both must give
//! the same verdict. The first byte picks the key and whether the signature is taken raw from
//! the input or made by the key and then damaged by an input mask (so valid signatures and
//! near misses are reached, not only random bytes, which never verify).
#![no_main]

use dnssec_core::crypto::{self, PrivateKey, SignatureBatch, VerifyingKey};
use dnssec_core::Algorithm;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const P256: Algorithm = Algorithm(13);

fn keys() -> &'static [(PrivateKey, VerifyingKey); 2] {
    static KEYS: OnceLock<[(PrivateKey, VerifyingKey); 2]> = OnceLock::new();
    KEYS.get_or_init(|| {
        [0, 1].map(|_| {
            let key = PrivateKey::generate(P256, None).expect("P-256 key generation");
            let bulk = VerifyingKey::for_many(P256, &key.public_key()).expect("own public key");
            (key, bulk)
        })
    })
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, rest)) = input.split_first() else {
        return;
    };
    if rest.len() < 64 {
        return;
    }
    let (raw, data) = rest.split_at(64);
    let (key, bulk) = &keys()[usize::from(mode & 1)];
    let sig: Vec<u8> = if mode & 2 == 0 {
        raw.to_vec()
    } else {
        let good = key.sign(data).expect("signing");
        // Most masks are sparse: keep only the bits the mode's high nibble selects.
        let keep = mode >> 4;
        good.iter()
            .zip(raw)
            .map(|(g, m)| if keep == 0 { *g } else { g ^ (m & keep) })
            .collect()
    };
    let reference = crypto::verify(P256, &key.public_key(), data, &sig).is_ok();
    assert_eq!(bulk.verify(data, &sig).is_ok(), reference, "table path disagrees");
    let batch = SignatureBatch::new([sig.as_slice(), raw]);
    assert_eq!(
        bulk.verify_in_batch(data, &sig, Some(&batch)).is_ok(),
        reference,
        "batched path disagrees"
    );
});
