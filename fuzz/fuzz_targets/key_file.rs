//! Arbitrary bytes read as each of BIND's key files: the `.key` record (`owner [ttl] [class]
//! DNSKEY|KEY rdata`, comments, parentheses), the `.private` tag list with its key material,
//! and the `.state` file. Every reader must answer with a value or an error, never a panic.
#![no_main]

use dnssec_core::crypto::PrivateKey;
use dnssec_core::key::{parse_private, parse_public, parse_state};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_public(&text, "Kfuzz.key");
    if let Ok(file) = parse_private(&text) {
        // Loading the material is where malformed RSA components or short scalars would bite.
        if let dnssec_core::key::PrivateMaterial::Fields(fields) = &file.material {
            let _ = PrivateKey::from_fields(file.algorithm, fields);
        }
    }
    let _ = parse_state(&text);
});
