//! Re-signing a signed zone (docs/bind-compat.md, "signzone: re-signing"): for each RRSIG
//! already in the zone, decide whether it stays, goes, or stays only if it still verifies, in
//! the order BIND applies its rules. Only retained signatures cost a verification; everything
//! else is decided from the RRSIG fields and the key list.

use crate::rr::{Rrsig, SigTime};
use crate::Ttl;

/// What the signer knows about the key that made an existing signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SignerKey {
    /// No key with this owner, algorithm and tag is known.
    Unknown,
    /// A key that signs this run.
    Signing,
    /// A key in the key list that does not sign (stand-by, retired, removed, publish-only).
    Other {
        /// It is in the DNSKEY RRset this run.
        published: bool,
        /// Its activation period covers now (for `-Q`).
        active: bool,
    },
}

/// The resigning options (`-Q`, `-R`) and the clock.
#[derive(Clone, Copy, Debug)]
pub struct RetainRules {
    /// Now, as RRSIG time.
    pub now: SigTime,
    /// Signatures expiring before now + cycle are replaced (`-i`).
    pub cycle: u32,
    /// `-Q`: drop signatures of keys that are no longer active.
    pub drop_inactive: bool,
    /// `-R`: drop signatures of keys that are no longer published or are unknown.
    pub drop_unpublished: bool,
}

/// The fate of one existing RRSIG (docs/bind-compat.md, "signzone: re-signing").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fate {
    /// Removed; the RRset gets a fresh signature from each signer that lacks one.
    Drop,
    /// Kept as it is.
    Keep,
    /// Kept if the signature verifies (and dropped otherwise).
    KeepIfValid,
}

/// Decides one RRSIG's fate. `rrset_ttl` is the TTL of the covered RRset now; `at_apex_signer`
/// says whether the RRSIG's signer name is where the zone's DNSKEYs live.
pub(super) fn fate(
    rrsig: &Rrsig,
    rrset_ttl: Ttl,
    key: SignerKey,
    at_apex_signer: bool,
    rules: &RetainRules,
) -> Fate {
    if rrsig.expiration.is_before(rrsig.inception) {
        return Fate::Drop;
    }
    // Expired at now (RFC 4035 section 5.3.1): never kept, whatever `-i` says (a cycle of
    // 0 or one near 2^32 would otherwise let it through); the RRset gets a new signature
    // from each signer, as BIND re-signs an expired RRSIG (docs/bind-compat.md).
    if !rules.now.is_before(rrsig.expiration) {
        return Fate::Drop;
    }
    let future = rules.now.is_before(rrsig.inception);
    let expiring = rrsig
        .expiration
        .is_before(SigTime(rules.now.0.wrapping_add(rules.cycle)));
    if key == SignerKey::Unknown && !future && at_apex_signer {
        return Fate::Drop;
    }
    if key == SignerKey::Unknown || future {
        return if !expiring && !rules.drop_unpublished {
            Fate::Keep
        } else {
            Fate::Drop
        };
    }
    let active = match key {
        SignerKey::Signing => true,
        SignerKey::Other { active, .. } => active,
        SignerKey::Unknown => false,
    };
    if rules.drop_inactive && !active {
        return Fate::Drop;
    }
    let consistent = !expiring && rrsig.original_ttl == rrset_ttl;
    match key {
        SignerKey::Signing => {
            if consistent {
                Fate::KeepIfValid
            } else {
                Fate::Drop
            }
        }
        SignerKey::Other { published, .. } => {
            if !published && rules.drop_unpublished {
                Fate::Drop
            } else if consistent {
                Fate::KeepIfValid
            } else {
                Fate::Drop
            }
        }
        SignerKey::Unknown => Fate::Drop,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Algorithm, Name, RrType};

    fn sig(inception: u32, expiration: u32, ttl: u32) -> Rrsig {
        Rrsig {
            type_covered: RrType::A,
            algorithm: Algorithm::ED25519,
            labels: 2,
            original_ttl: Ttl(ttl),
            expiration: SigTime(expiration),
            inception: SigTime(inception),
            key_tag: 1,
            signer: Name::parse("example.", None).unwrap(),
            signature: vec![1],
        }
    }

    fn rules() -> RetainRules {
        RetainRules {
            now: SigTime(1_000_000),
            cycle: 1000,
            drop_inactive: false,
            drop_unpublished: false,
        }
    }

    #[test]
    fn rules_in_order() {
        let r = rules();
        let good = sig(999_000, 2_000_000, 300);
        assert_eq!(
            fate(&sig(5, 4, 300), Ttl(300), SignerKey::Signing, true, &r),
            Fate::Drop
        );
        assert_eq!(
            fate(&good, Ttl(300), SignerKey::Unknown, true, &r),
            Fate::Drop
        );
        assert_eq!(
            fate(&good, Ttl(300), SignerKey::Unknown, false, &r),
            Fate::Keep
        );
        assert_eq!(
            fate(&good, Ttl(300), SignerKey::Signing, true, &r),
            Fate::KeepIfValid
        );
        assert_eq!(
            fate(&good, Ttl(600), SignerKey::Signing, true, &r),
            Fate::Drop,
            "TTL changed"
        );
        let expiring = sig(999_000, 1_000_500, 300);
        assert_eq!(
            fate(&expiring, Ttl(300), SignerKey::Signing, true, &r),
            Fate::Drop
        );
        let retired = SignerKey::Other {
            published: false,
            active: false,
        };
        assert_eq!(fate(&good, Ttl(300), retired, true, &r), Fate::KeepIfValid);
        let q = RetainRules {
            drop_inactive: true,
            ..r
        };
        assert_eq!(fate(&good, Ttl(300), retired, true, &q), Fate::Drop);
        let rr = RetainRules {
            drop_unpublished: true,
            ..r
        };
        assert_eq!(fate(&good, Ttl(300), retired, true, &rr), Fate::Drop);
        // Expired at now: dropped even with a zero cycle, also from an unknown key.
        let zero = RetainRules { cycle: 0, ..r };
        let at_now = sig(999_000, 1_000_000, 300);
        for key in [SignerKey::Signing, SignerKey::Unknown, retired] {
            assert_eq!(fate(&at_now, Ttl(300), key, false, &zero), Fate::Drop);
        }
        assert_eq!(
            fate(
                &sig(999_000, 1_000_001, 300),
                Ttl(300),
                SignerKey::Unknown,
                false,
                &zero
            ),
            Fate::Keep
        );
    }
}
