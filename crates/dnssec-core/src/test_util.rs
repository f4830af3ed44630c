//! Fixtures shared by the unit tests of several layers. Test code only: it is the one module
//! allowed to reach any layer (scripts/check-layers.sh), so that a lower layer's tests can
//! build their input with a higher layer (rdata from text through the zone-file lexer, a
//! signed RRset through the signer) without the layer itself importing upward.

use base64::Engine;

use crate::algorithm::Algorithm;
use crate::rr::dnskey::Dnskey;
pub(crate) use crate::zonefile::lexer::parse_rdata as parse_text;

/// The key of REFERENCE.md 1.1 (`Kexample.com.+013+03897`), keyid 3897 per BIND.
pub(crate) fn sample_dnskey() -> Dnskey {
    let b64 = "nh48gCjeFwM7c/sTFe/WVCtCaQy1XKXPVFZJiTndVAuz9zq1kt5G3fO/XV42Urfgx6Ga44UcxiGu3TpaVuW9AQ==";
    Dnskey {
        flags: 257,
        protocol: 3,
        algorithm: Algorithm::ECDSAP256SHA256,
        public_key: base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap(),
    }
}
