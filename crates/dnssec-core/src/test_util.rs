//! Fixtures shared by the unit tests of several layers. Test code only: it is the one module
//! allowed to reach any layer (scripts/check-layers.sh), so that a lower layer's tests can
//! build their input with a higher layer (rdata from text through the zone-file lexer, a
//! signed RRset through the signer) without the layer itself importing upward.

use std::fmt;

use crate::algorithm::Algorithm;
use crate::crypto::{PrivateKey, VerifyingKey};
use crate::dnssec::{ChainName, NameKind};
use crate::name::Name;
use crate::rr::Dnskey;
use crate::rr::SigTime;
use crate::rr::{Class, RrType};
pub(crate) use crate::sign::build_nsec3_chain;
pub(crate) use crate::sign::build_nsec_chain;
use crate::sign::RetainRules;
use crate::sign::Signer;
pub(crate) use crate::sign::Validity;
pub(crate) use crate::sign::{sign_rrset, KeySigner};
use crate::sign::{Context, DriverKey};
use crate::sign::{SignerRole, SplitRules};
pub(crate) use crate::zonefile::parse_rdata as parse_text;

/// The key of docs/bind-compat.md, "key files: .key" (`Kexample.com.+013+03897`), keyid 3897
/// per BIND.
pub(crate) fn sample_dnskey() -> Dnskey {
    let b64 =
        "nh48gCjeFwM7c/sTFe/WVCtCaQy1XKXPVFZJiTndVAuz9zq1kt5G3fO/XV42Urfgx6Ga44UcxiGu3TpaVuW9AQ==";
    Dnskey {
        flags: 257,
        protocol: 3,
        algorithm: Algorithm::ECDSAP256SHA256,
        public_key: crate::encoding::base64_decode(b64.as_bytes()).unwrap(),
    }
}

/// A name from text; test input is known to be valid.
pub(crate) fn n(s: &str) -> Name {
    Name::parse(s, None).unwrap()
}

/// One entry of the chain builders' input.
pub(crate) fn entry(name: &str, kind: NameKind, types: &[RrType]) -> ChainName {
    ChainName {
        name: n(name),
        types: types.to_vec(),
        kind,
    }
}

/// A stand-in key whose "signature" is a checksum of the data, so tests can see exactly
/// which bytes were signed without real crypto.
pub(crate) struct ChecksumKey {
    pub name: Name,
    pub tag: u16,
}

#[derive(Debug)]
pub(crate) struct Never;
impl fmt::Display for Never {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("never")
    }
}
impl std::error::Error for Never {}

pub(crate) fn checksum(data: &[u8]) -> Vec<u8> {
    let sum = data.iter().enumerate().fold(0u64, |acc, (i, &b)| {
        acc.wrapping_mul(31).wrapping_add(b as u64 ^ i as u64)
    });
    sum.to_be_bytes().to_vec()
}

impl Signer for ChecksumKey {
    type Error = Never;
    fn algorithm(&self) -> Algorithm {
        Algorithm::ED25519
    }
    fn key_tag(&self) -> u16 {
        self.tag
    }
    fn signer_name(&self) -> &Name {
        &self.name
    }
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>, Never> {
        Ok(checksum(data))
    }
}

/// A zone key for the signing driver: Ed25519 or whatever `private` is, a KSK or a ZSK.
pub(crate) fn key<'a>(private: &'a PrivateKey, ksk: bool) -> DriverKey<'a> {
    let dnskey = Dnskey {
        flags: if ksk { 257 } else { 256 },
        protocol: 3,
        algorithm: private.algorithm(),
        public_key: private.public_key(),
    };
    DriverKey {
        tag: dnskey.key_tag(),
        role: SignerRole::of(&dnskey, false, None, true),
        verifier: VerifyingKey::new(dnskey.algorithm, &dnskey.public_key).ok(),
        dnskey,
        private: Some(private),
        published: true,
        active: true,
        predecessor: None,
    }
}

pub(crate) fn ctx<'a>(keys: Vec<DriverKey<'a>>, now: u32) -> Context<'a> {
    Context::new(
        n("example."),
        Class::IN,
        keys,
        SplitRules::default(),
        Validity {
            inception: SigTime(now - 3600),
            expiration: SigTime(now + 30 * 86400),
        },
        SigTime(now + 30 * 86400),
        0,
        RetainRules {
            now: SigTime(now),
            cycle: 7 * 86400,
            drop_inactive: false,
            drop_unpublished: false,
        },
        true,
    )
}

/// A BIND-made sample key file, copied from `shared/reference/bind-examples/`.
pub(crate) fn sample_key_file(name: &str) -> String {
    let path = format!("{}/testdata/bind-keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}
