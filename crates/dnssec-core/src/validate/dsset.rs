//! Authenticating a child's RRsets with a parent's DS set (RFC 4035 section 5.2, RFC 7344
//! section 4.1): which DNSKEYs a DS set vouches for, and which RRSIGs over an RRset were made
//! by such a key, verify, and are not older than a replay bound. dnssec-cds uses it with the
//! old DS set (to trust the child's CDS/CDNSKEY) and with the new one (to prove the new set
//! cannot break the delegation); a verifier can use it for a zone's DNSKEY RRset.

use crate::crypto;
use crate::dnssec::RrsetId;
use crate::name::Name;
use crate::rr::{Dnskey, Ds};
use crate::rr::{Rrsig, SigTime};
use crate::validate::rrsig::{verify_rrsig, RrsigFailure};
use crate::Algorithm;

/// How strictly a DNSKEY must agree with the DS records that name it (docs/bind-compat.md,
/// "cds" steps 3 and 6c).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchRule {
    /// Trusted when any DS with the key's tag and algorithm has the right digest: how a
    /// validator treats the DS set it already relies on (RFC 4035 section 5.2).
    Loose,
    /// Trusted only when EVERY DS with the key's tag and algorithm has the right digest: a
    /// new DS set must not carry a wrong digest in any position, since some validators would
    /// pick exactly that one (docs/bind-compat.md, "quirks" item 12: BIND checks only the first).
    Strict,
}

/// What a DS set says about one DNSKEY.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DsMatch {
    /// No DS has the key's tag and algorithm (or, under [`MatchRule::Loose`], none of those
    /// has the right digest).
    NoDs,
    /// The key is trusted; the index is the first DS (in set order) that proves it.
    Matched(usize),
    /// Under [`MatchRule::Strict`], the DS at this index names the key but its digest is
    /// wrong (or cannot be computed), so the key is not trusted.
    Mismatch(usize),
}

impl DsMatch {
    /// True when the key is trusted.
    pub fn is_trusted(self) -> bool {
        matches!(self, DsMatch::Matched(_))
    }
}

/// Matches one DNSKEY owned by `owner` against `ds_set` (RFC 4034 section 5.2 digest check)
/// under `rule`.
pub fn match_key(owner: &Name, key: &Dnskey, ds_set: &[Ds], rule: MatchRule) -> DsMatch {
    let tag = key.key_tag();
    let mut first_good = None;
    for (i, ds) in ds_set.iter().enumerate() {
        if ds.key_tag != tag || ds.algorithm != key.algorithm {
            continue;
        }
        let good =
            crypto::ds_from_dnskey(owner, key, ds.digest_type).is_ok_and(|d| d.digest == ds.digest);
        match (good, rule) {
            (true, _) => {
                first_good.get_or_insert(i);
            }
            (false, MatchRule::Strict) => return DsMatch::Mismatch(i),
            (false, MatchRule::Loose) => {}
        }
    }
    first_good.map_or(DsMatch::NoDs, DsMatch::Matched)
}

/// What happened to one RRSIG over the RRset (the order of the checks is dnssec-cds's:
/// replay bound first, then the key, then the signature).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SigOutcome {
    /// The inception is before the replay bound (RFC 7344 section 4.1 leaves replay
    /// protection to the parent; docs/bind-compat.md, "cds" step 1).
    TooOld,
    /// No trusted DNSKEY has the RRSIG's tag and algorithm.
    NoTrustedKey,
    /// A trusted key has the tag, but the RRSIG does not validate (RFC 4035 section 5.3);
    /// the reason is the last key's.
    Failed(RrsigFailure),
    /// The RRSIG validates with a trusted key.
    Verified,
}

/// One RRSIG's result, in input order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigReport {
    /// The RRSIG's key tag (RFC 4034 section 3.1.6).
    pub key_tag: u16,
    /// The RRSIG's algorithm (RFC 4034 section 3.1.2).
    pub algorithm: Algorithm,
    /// The RRSIG's inception (RFC 4034 section 3.1.5).
    pub inception: SigTime,
    /// What happened.
    pub outcome: SigOutcome,
}

/// A DNSKEY with the trust a DS set gave it.
#[derive(Clone, Copy, Debug)]
pub struct CandidateKey<'a> {
    /// The key.
    pub key: &'a Dnskey,
    /// Whether a DS set vouches for it ([`match_key`]).
    pub trusted: bool,
}

/// The rules an RRSIG must meet besides verifying.
#[derive(Clone, Copy, Debug)]
pub struct SigBounds {
    /// Signatures with an inception before this are replays (serial arithmetic, RFC 1982).
    pub not_before: SigTime,
    /// The validity window is checked against this time (RFC 4035 section 5.3.1).
    pub now: SigTime,
}

/// Checks every RRSIG in `rrsigs` that covers `rrset.rtype` against the keys owned by
/// `key_owner` (RFC 4035 section 5.3), in input order. `rdatas` are the RRset's canonical
/// rdatas (sorted in place).
pub fn check_rrset_sigs(
    rrset: RrsetId<'_>,
    rdatas: &mut [&[u8]],
    rrsigs: &[Rrsig],
    key_owner: &Name,
    keys: &[CandidateKey<'_>],
    bounds: SigBounds,
) -> Vec<SigReport> {
    let mut buf = Vec::new();
    rrsigs
        .iter()
        .filter(|sig| sig.type_covered == rrset.rtype)
        .map(|sig| {
            let outcome = check_one(sig, rrset, rdatas, key_owner, keys, bounds, &mut buf);
            SigReport {
                key_tag: sig.key_tag,
                algorithm: sig.algorithm,
                inception: sig.inception,
                outcome,
            }
        })
        .collect()
}

fn check_one(
    sig: &Rrsig,
    rrset: RrsetId<'_>,
    rdatas: &mut [&[u8]],
    key_owner: &Name,
    keys: &[CandidateKey<'_>],
    bounds: SigBounds,
    buf: &mut Vec<u8>,
) -> SigOutcome {
    if sig.inception.is_before(bounds.not_before) {
        return SigOutcome::TooOld;
    }
    let mut last_failure = None;
    // Key tags collide (RFC 4034 Appendix B), so every trusted key with the tag is tried.
    for cand in keys
        .iter()
        .filter(|c| c.trusted && c.key.algorithm == sig.algorithm && c.key.key_tag() == sig.key_tag)
    {
        match verify_rrsig(
            sig,
            rrset,
            rdatas,
            key_owner,
            cand.key,
            Some(bounds.now),
            buf,
        ) {
            Ok(()) => return SigOutcome::Verified,
            Err(e) => last_failure = Some(e),
        }
    }
    last_failure.map_or(SigOutcome::NoTrustedKey, SigOutcome::Failed)
}

/// The earliest inception among verified signatures, in serial arithmetic (RFC 1982): the
/// time a parent may record so that older child data is refused later (docs/bind-compat.md,
/// "cds" step 3).
pub fn oldest_verified_inception<'a>(
    reports: impl IntoIterator<Item = &'a SigReport>,
) -> Option<SigTime> {
    reports
        .into_iter()
        .filter(|r| r.outcome == SigOutcome::Verified)
        .map(|r| r.inception)
        .reduce(|a, b| if b.is_before(a) { b } else { a })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::PrivateKey;
    use crate::dnssec::build_signed_data;
    use crate::rr::Rrsig;
    use crate::{Class, DigestType, RrType, Ttl};

    fn owner() -> Name {
        Name::parse("child.test.", None).unwrap()
    }

    fn key(flags: u16) -> (PrivateKey, Dnskey) {
        let private = PrivateKey::generate(Algorithm::ED25519, None).unwrap();
        let dnskey = Dnskey {
            flags,
            protocol: 3,
            algorithm: Algorithm::ED25519,
            public_key: private.public_key(),
        };
        (private, dnskey)
    }

    fn sign(private: &PrivateKey, key: &Dnskey, rdatas: &[Vec<u8>], inception: u32) -> Rrsig {
        let mut sig = Rrsig {
            type_covered: RrType::DNSKEY,
            algorithm: key.algorithm,
            labels: 2,
            original_ttl: Ttl(3600),
            expiration: SigTime(inception + 86400),
            inception: SigTime(inception),
            key_tag: key.key_tag(),
            signer: owner(),
            signature: Vec::new(),
        };
        let mut refs: Vec<&[u8]> = rdatas.iter().map(Vec::as_slice).collect();
        let mut data = Vec::new();
        build_signed_data(&mut data, &sig, &owner(), Class::IN, &mut refs).unwrap();
        sig.signature = private.sign(&data).unwrap();
        sig
    }

    #[test]
    fn strict_rejects_a_wrong_second_digest_that_loose_accepts() {
        let (_, k) = key(257);
        let good1 = crypto::ds_from_dnskey(&owner(), &k, DigestType::SHA1).unwrap();
        let mut bad2 = crypto::ds_from_dnskey(&owner(), &k, DigestType::SHA256).unwrap();
        bad2.digest[0] ^= 0xff;
        let set = [good1, bad2];
        assert_eq!(
            match_key(&owner(), &k, &set, MatchRule::Loose),
            DsMatch::Matched(0)
        );
        assert_eq!(
            match_key(&owner(), &k, &set, MatchRule::Strict),
            DsMatch::Mismatch(1)
        );
        let (_, other) = key(257);
        assert_eq!(
            match_key(&owner(), &other, &set, MatchRule::Strict),
            DsMatch::NoDs
        );
    }

    #[test]
    fn signatures_are_checked_in_order_with_replay_bound() {
        let (zpriv, zsk) = key(256);
        let (kpriv, ksk) = key(257);
        let rdatas = vec![zsk.to_wire(), ksk.to_wire()];
        let sigs = vec![
            sign(&zpriv, &zsk, &rdatas, 1_000_000),
            sign(&kpriv, &ksk, &rdatas, 1_000_000),
            sign(&kpriv, &ksk, &rdatas, 500),
        ];
        let ds = [crypto::ds_from_dnskey(&owner(), &ksk, DigestType::SHA256).unwrap()];
        let keys: Vec<CandidateKey<'_>> = [&zsk, &ksk]
            .into_iter()
            .map(|k| CandidateKey {
                key: k,
                trusted: match_key(&owner(), k, &ds, MatchRule::Strict).is_trusted(),
            })
            .collect();
        let o = owner();
        let id = RrsetId {
            owner: &o,
            class: Class::IN,
            rtype: RrType::DNSKEY,
            ttl: Ttl(3600),
        };
        let mut refs: Vec<&[u8]> = rdatas.iter().map(Vec::as_slice).collect();
        let bounds = SigBounds {
            not_before: SigTime(1000),
            now: SigTime(1_000_100),
        };
        let reports = check_rrset_sigs(id, &mut refs, &sigs, &o, &keys, bounds);
        let outcomes: Vec<_> = reports.iter().map(|r| r.outcome.clone()).collect();
        assert_eq!(
            outcomes,
            [
                SigOutcome::NoTrustedKey,
                SigOutcome::Verified,
                SigOutcome::TooOld
            ]
        );
        assert_eq!(
            oldest_verified_inception(&reports),
            Some(SigTime(1_000_000))
        );
        // A damaged signature by the trusted key is a failure, not a pass.
        let mut damaged = sigs[1].clone();
        damaged.signature[5] ^= 1;
        let reports = check_rrset_sigs(id, &mut refs, &[damaged], &o, &keys, bounds);
        assert_eq!(
            reports[0].outcome,
            SigOutcome::Failed(RrsigFailure::BadSignature)
        );
        assert_eq!(oldest_verified_inception(&reports), None);
        // Expired relative to now.
        let late = SigBounds {
            not_before: SigTime(1000),
            now: SigTime(3_000_000),
        };
        let reports = check_rrset_sigs(id, &mut refs, &sigs[1..2], &o, &keys, late);
        assert_eq!(
            reports[0].outcome,
            SigOutcome::Failed(RrsigFailure::Expired)
        );
    }
}
