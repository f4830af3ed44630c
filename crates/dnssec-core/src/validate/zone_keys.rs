//! The zone's DNSKEY RRset as a whole-zone check sees it (RFC 4035 section 2.1, RFC 5011
//! section 2.1): each key parsed and its verifying key prepared once, and how one RRSIG is
//! judged against the keys in either check mode.

use std::collections::HashMap;

use super::rrsig::{check_before_crypto, check_rrsig_with, KeyFacts, RrsigFailure};
use super::zone::CheckMode;
use crate::crypto::{SignatureBatch, VerifyingKey};
use crate::dnssec::RrsetId;
use crate::name::Name;
use crate::rr::Dnskey;
use crate::rr::{Rrsig, SigTime};
use crate::Algorithm;

/// One DNSKEY of the apex with what checking signatures needs.
pub(crate) struct ZoneKey {
    pub(crate) dnskey: Dnskey,
    pub(crate) tag: u16,
    /// `Err` when the key cannot verify anything (unsupported algorithm, bad key).
    pub(crate) verifier: Result<VerifyingKey, RrsigFailure>,
}

/// The apex keys and the options that decide how a signature is judged.
pub(crate) struct KeyRing<'a> {
    pub(crate) apex: &'a Name,
    pub(crate) class: crate::Class,
    pub(crate) keys: Vec<ZoneKey>,
    by_tag: HashMap<(u8, u16), Vec<usize>>,
    mode: CheckMode,
    now: Option<SigTime>,
}

impl<'a> KeyRing<'a> {
    /// Parses the DNSKEY rdatas; malformed ones are skipped (they cannot sign). In
    /// structural mode no verifying key is prepared.
    pub(crate) fn new<'r>(
        apex: &'a Name,
        class: crate::Class,
        rdatas: impl Iterator<Item = &'r [u8]>,
        mode: CheckMode,
        now: Option<SigTime>,
    ) -> KeyRing<'a> {
        let mut keys = Vec::new();
        let mut by_tag: HashMap<(u8, u16), Vec<usize>> = HashMap::new();
        for rd in rdatas {
            let Ok(dnskey) = Dnskey::from_wire(rd) else {
                continue;
            };
            let tag = dnskey.key_tag();
            let verifier = match mode {
                CheckMode::Crypto => VerifyingKey::new(dnskey.algorithm, &dnskey.public_key)
                    .map_err(RrsigFailure::from),
                CheckMode::Structural => Err(RrsigFailure::UnsupportedAlgorithm(dnskey.algorithm)),
            };
            by_tag
                .entry((dnskey.algorithm.0, tag))
                .or_default()
                .push(keys.len());
            keys.push(ZoneKey {
                dnskey,
                tag,
                verifier,
            });
        }
        KeyRing {
            apex,
            class,
            keys,
            by_tag,
            mode,
            now,
        }
    }

    /// For a check that has few signatures left to verify (the rest were judged while the
    /// zone loaded): no key builds a table of multiples.
    pub(crate) fn forgo_tables(&self) {
        for key in &self.keys {
            if let Ok(v) = &key.verifier {
                v.forgo_table();
            }
        }
    }

    /// The indices of the keys an RRSIG names by algorithm and tag (RFC 4034 section 3.1.6).
    pub(crate) fn candidates(&self, algorithm: Algorithm, tag: u16) -> &[usize] {
        self.by_tag
            .get(&(algorithm.0, tag))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Judges `rrsig` over the RRset with key `index`: the RFC 4035 section 5.3 checks, the
    /// time window when a `now` was given, and in crypto mode the signature itself (with the
    /// shared work of `batch`, when the RRSIG is one of it).
    pub(crate) fn check(
        &self,
        index: usize,
        rrsig: &Rrsig,
        rrset: RrsetId<'_>,
        rdatas: &mut [&[u8]],
        buf: &mut Vec<u8>,
        batch: Option<&SignatureBatch>,
    ) -> Result<(), RrsigFailure> {
        self.check_judged(index, rrsig, rrset, rdatas, buf, batch, None)
    }

    /// As [`KeyRing::check`]; with `verdict`, the signature was already judged with this
    /// key while the zone loaded (`zone_load.rs`) and that verdict stands in for the crypto
    /// (every other check runs as without it).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn check_judged(
        &self,
        index: usize,
        rrsig: &Rrsig,
        rrset: RrsetId<'_>,
        rdatas: &mut [&[u8]],
        buf: &mut Vec<u8>,
        batch: Option<&SignatureBatch>,
        verdict: Option<bool>,
    ) -> Result<(), RrsigFailure> {
        let Some(key) = self.keys.get(index) else {
            return Err(RrsigFailure::WrongKey);
        };
        let facts = KeyFacts {
            owner: self.apex,
            flags: key.dnskey.flags,
            protocol: key.dnskey.protocol,
            algorithm: key.dnskey.algorithm,
            key_tag: key.tag,
        };
        match self.mode {
            CheckMode::Crypto => match &key.verifier {
                // The signature verified over data built from this very RRset while the zone
                // loaded: building it again would only be thrown away.
                Ok(_) if verdict == Some(true) => {
                    check_before_crypto(rrsig, rrset, facts, self.now)
                }
                Ok(prepared) => {
                    check_rrsig_with(rrsig, rrset, rdatas, facts, self.now, buf, |data, sig| {
                        match verdict {
                            Some(true) => Ok(()),
                            Some(false) => Err(RrsigFailure::BadSignature),
                            None => prepared
                                .verify_in_batch(data, sig, batch)
                                .map_err(RrsigFailure::from),
                        }
                    })
                }
                Err(e) => Err(e.clone()),
            },
            CheckMode::Structural => check_before_crypto(rrsig, rrset, facts, self.now),
        }
    }

    /// Whether key `index` made one of `sigs` over the RRset; on failure, why the last
    /// candidate RRSIG did not count (None when the key made none).
    pub(crate) fn signs(
        &self,
        index: usize,
        sigs: &[Rrsig],
        rrset: RrsetId<'_>,
        rdatas: &mut [&[u8]],
        buf: &mut Vec<u8>,
    ) -> Result<(), Option<RrsigFailure>> {
        let Some(key) = self.keys.get(index) else {
            return Err(None);
        };
        let mut last = None;
        for sig in sigs
            .iter()
            .filter(|s| s.algorithm == key.dnskey.algorithm && s.key_tag == key.tag)
        {
            match self.check(index, sig, rrset, rdatas, buf, None) {
                Ok(()) => return Ok(()),
                Err(e) => last = Some(e),
            }
        }
        Err(last)
    }
}
