//! Who publishes and who signs (docs/bind-compat.md, "signzone: smart signing (-S)", RFC 6781
//! section 4.1): from each key's timing metadata and KASP states at "now", decide whether it is
//! published, signs, is revoked or is removed; and for one RRset, which of the zone's keys sign
//! it.
//!
//! Key states from `.state` trump the timing metadata (docs/bind-compat.md,
//! "key files: .state"): a key with a `ZRRSIGState` signs exactly when that state is rumoured
//! or omnipresent, whatever its `Activate` time says; likewise `DNSKEYState` decides
//! publication and removal.

use crate::key::{KeyState, KeyTiming, RecordState};
use crate::rr::Dnskey;
use crate::time::UnixTime;
use crate::{Algorithm, RrType};

/// What the signer knows about one key when deciding its role.
#[derive(Clone, Debug, Default)]
pub struct KeyFacts<'a> {
    /// The key's times (with `.state` values already applied).
    pub timing: Option<&'a KeyTiming>,
    /// The `.state` file, when the key has one.
    pub state: Option<&'a KeyState>,
    /// True for a key named on the command line (`keyfile…`, `-k`): it signs whatever its
    /// timing says, as BIND's explicit keys do.
    pub explicit: bool,
}

/// The decision for one key at "now" (docs/bind-compat.md, "signzone: smart signing (-S)",
/// "Per-key hints").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyHints {
    /// The key belongs in the DNSKEY RRset.
    pub publish: bool,
    /// The key makes signatures.
    pub sign: bool,
    /// The key is published with the REVOKE bit (RFC 5011 section 2.1) and signs only the
    /// DNSKEY RRset.
    pub revoke: bool,
    /// The key is taken out of the DNSKEY RRset.
    pub remove: bool,
    /// CDS/CDNSKEY for this key belong in the zone (RFC 7344 section 4).
    pub sync_publish: bool,
    /// CDS/CDNSKEY for this key must go.
    pub sync_delete: bool,
    /// From `.state`: the key's KRRSIG is rumoured or omnipresent (it signs the DNSKEY
    /// RRset in its KSK role); `None` without a KRRSIG state.
    pub keyset_signs: Option<bool>,
    /// From `.state`: the key's ZRRSIG is rumoured or omnipresent (it signs the zone's other
    /// RRsets in its ZSK role); `None` without a ZRRSIG state.
    pub zone_signs: Option<bool>,
}

fn live(state: Option<RecordState>) -> Option<bool> {
    state.map(|s| matches!(s, RecordState::Rumoured | RecordState::Omnipresent))
}

fn reached(t: Option<UnixTime>, now: UnixTime) -> bool {
    t.is_some_and(|t| t <= now)
}

/// Computes a key's hints at `now` (docs/bind-compat.md, "signzone: smart signing (-S)"). A key
/// without any timing (`keygen -G`) is neither published nor used; an explicit key always signs.
pub fn key_hints(facts: &KeyFacts<'_>, now: UnixTime) -> KeyHints {
    let empty = KeyTiming::default();
    let t = facts.timing.unwrap_or(&empty);
    let state = facts.state;
    let keyset_signs = state.and_then(|s| live(s.krrsig_state));
    let zone_signs = state.and_then(|s| live(s.zrrsig_state));
    let mut h = KeyHints {
        publish: match state.and_then(|s| live(s.dnskey_state)) {
            Some(v) => v,
            None => reached(t.publish, now),
        },
        // named signs with a key in each role whose signature state is rumoured or
        // omnipresent (docs/bind-compat.md, "keymgr: the pipeline"): a KSK's KRRSIG
        // decides as a ZSK's ZRRSIG does; a CSK signs while either is live, in the roles
        // `keyset_signs`/`zone_signs` say.
        sign: match (zone_signs, keyset_signs) {
            (None, None) => reached(t.activate, now) && !reached(t.inactive, now),
            (z, k) => z.unwrap_or(false) || k.unwrap_or(false),
        },
        keyset_signs,
        zone_signs,
        revoke: reached(t.revoke, now),
        remove: match state.and_then(|s| s.dnskey_state) {
            Some(s) => matches!(s, RecordState::Hidden | RecordState::Unretentive),
            None => reached(t.delete, now),
        },
        ..KeyHints::default()
    };
    if facts.explicit {
        h.sign = true;
        h.keyset_signs = None;
        h.zone_signs = None;
        h.publish = true;
        h.remove = false;
    }
    if h.sign && t.publish.is_none() {
        h.publish = true;
    }
    if h.remove {
        h.publish = false;
        h.sign = false;
    }
    // A DS state in `.state` alone decides, as the other states do; the sync times count
    // only without one (observed: DS hidden with SyncPublish passed removes the records, DS
    // omnipresent with SyncDelete passed keeps them).
    match live(state.and_then(|s| s.ds_state)) {
        Some(live) => {
            h.sync_publish = live;
            h.sync_delete = !live;
        }
        None => {
            h.sync_delete = reached(t.sync_delete, now);
            h.sync_publish = reached(t.sync_publish, now) && !h.sync_delete;
        }
    }
    h
}

/// One key of the zone as the signer uses it when choosing signers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignerRole {
    /// The key's algorithm.
    pub algorithm: Algorithm,
    /// A key-signing key: the SEP flag, `-k`, or `KSK: yes` in `.state`.
    pub ksk: bool,
    /// A zone-signing key: no SEP flag, or `ZSK: yes` in `.state` (a CSK is both).
    pub zsk: bool,
    /// Published with the REVOKE bit.
    pub revoked: bool,
    /// Makes signatures this run (private material present and the key active).
    pub signing: bool,
}

impl SignerRole {
    /// The role of a published DNSKEY, with `signing` given by the caller. `state` is the
    /// `.state` file's `KSK`/`ZSK` pair when present; it overrides the SEP flag. A role whose
    /// signature state is not live this run is dropped with [`SignerRole::narrowed`].
    pub fn of(
        dnskey: &Dnskey,
        forced_ksk: bool,
        state: Option<(bool, bool)>,
        signing: bool,
    ) -> SignerRole {
        let (ksk, zsk) = match state {
            Some(roles) => roles,
            None => (dnskey.is_ksk(), !dnskey.is_ksk()),
        };
        SignerRole {
            algorithm: dnskey.algorithm,
            ksk: ksk || forced_ksk,
            zsk: zsk && !forced_ksk,
            revoked: dnskey.is_revoked(),
            signing,
        }
    }
}

impl SignerRole {
    /// The role as the key's signature states leave it this run (docs/bind-compat.md,
    /// "keymgr: the pipeline"): the KSK role only while its KRRSIG is live, the ZSK role
    /// only while its ZRRSIG is live, each kept when the key has no such state.
    pub fn narrowed(mut self, hints: &KeyHints) -> SignerRole {
        if let Some(k) = hints.keyset_signs {
            self.ksk &= k;
        }
        if let Some(z) = hints.zone_signs {
            self.zsk &= z;
        }
        self
    }
}

/// How KSKs and ZSKs divide the work (`-x`, `-z`; docs/bind-compat.md, "signzone: options").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SplitRules {
    /// `-x`: only KSKs sign the DNSKEY, CDS and CDNSKEY RRsets.
    pub ksk_only_keyset: bool,
    /// `-z`: ignore the KSK flag; every key signs everything.
    pub ignore_ksk_flag: bool,
}

/// True for the RRsets the key-signing keys sign: DNSKEY, CDS and CDNSKEY at the apex (RFC
/// 7344 section 4.1 asks for CDS/CDNSKEY to be signed like the DNSKEY RRset).
pub(super) fn is_keyset_type(rtype: RrType) -> bool {
    matches!(rtype, RrType::DNSKEY | RrType::CDS | RrType::CDNSKEY)
}

/// Which of `keys` sign an RRset of type `rtype` (`at_apex` says whether its owner is the
/// apex), following docs/bind-compat.md, "signzone: smart signing (-S)", "Who signs what".
/// Returns one flag per key.
pub(super) fn signers_for(
    keys: &[SignerRole],
    rtype: RrType,
    at_apex: bool,
    rules: SplitRules,
) -> Vec<bool> {
    let keyset = at_apex && is_keyset_type(rtype);
    keys.iter()
        .map(|k| {
            if !k.signing {
                return false;
            }
            if k.revoked {
                return keyset && rtype == RrType::DNSKEY;
            }
            let zsk_role = rules.ignore_ksk_flag || k.zsk;
            if keyset {
                let alg_has_ksk = keys
                    .iter()
                    .any(|o| o.algorithm == k.algorithm && o.ksk && !o.revoked);
                k.ksk || !alg_has_ksk || (zsk_role && !rules.ksk_only_keyset)
            } else {
                zsk_role
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::RecordState;

    fn t(publish: Option<i64>, activate: Option<i64>) -> KeyTiming {
        KeyTiming {
            publish: publish.map(UnixTime),
            activate: activate.map(UnixTime),
            ..KeyTiming::default()
        }
    }

    const NOW: UnixTime = UnixTime(1000);

    fn hints(timing: &KeyTiming) -> KeyHints {
        key_hints(
            &KeyFacts {
                timing: Some(timing),
                ..KeyFacts::default()
            },
            NOW,
        )
    }

    /// The hints of a key with these times and this `.state`.
    fn hints_with(timing: &KeyTiming, state: &KeyState) -> KeyHints {
        key_hints(
            &KeyFacts {
                timing: Some(timing),
                state: Some(state),
                explicit: false,
            },
            NOW,
        )
    }

    #[test]
    fn the_observed_timing_matrix() {
        // docs/bind-compat.md, "signzone: smart signing (-S)": P=A=now active; P=now A=+10d
        // stand-by; P=+5d nothing.
        let active = hints(&t(Some(1000), Some(1000)));
        assert!(active.publish && active.sign);
        let standby = hints(&t(Some(1000), Some(2000)));
        assert!(standby.publish && !standby.sign);
        let future = hints(&t(Some(1500), Some(2000)));
        assert!(!future.publish && !future.sign);
        let mut retired = t(Some(10), Some(10));
        retired.inactive = Some(UnixTime(900));
        let r = hints(&retired);
        assert!(r.publish && !r.sign);
        retired.delete = Some(UnixTime(999));
        let d = hints(&retired);
        assert!(d.remove && !d.publish && !d.sign);
        let g = hints(&t(None, None));
        assert!(
            !g.publish && !g.sign,
            "a key without P/A is not used (docs/bind-compat.md, \"quirks\" item 6)"
        );
        let a_only = hints(&t(None, Some(10)));
        assert!(
            a_only.publish && a_only.sign,
            "signing implies publishing when P is unset"
        );
    }

    /// A KSK's KRRSIG state decides its signing as a ZSK's ZRRSIG does, whatever the times
    /// say; a CSK keeps only the roles whose signature state is live.
    #[test]
    fn signature_states_decide_each_role() {
        let mut retired = t(Some(10), Some(10));
        retired.inactive = Some(UnixTime(500));
        let with = |k: Option<RecordState>, z: Option<RecordState>| {
            let state = KeyState {
                krrsig_state: k,
                zrrsig_state: z,
                ..KeyState::default()
            };
            hints_with(&retired, &state)
        };
        let ksk = with(Some(RecordState::Omnipresent), None);
        assert!(ksk.sign && ksk.keyset_signs == Some(true) && ksk.zone_signs.is_none());
        let gone = with(Some(RecordState::Unretentive), None);
        assert!(!gone.sign);
        let csk = with(Some(RecordState::Omnipresent), Some(RecordState::Hidden));
        assert!(csk.sign);
        let dnskey = Dnskey {
            flags: 257,
            protocol: 3,
            algorithm: Algorithm::ECDSAP256SHA256,
            public_key: vec![1; 64],
        };
        let role = SignerRole::of(&dnskey, false, Some((true, true)), true).narrowed(&csk);
        assert!(role.ksk && !role.zsk);
    }

    #[test]
    fn states_trump_times() {
        let timing = t(Some(10), Some(10));
        let state = KeyState {
            zrrsig_state: Some(RecordState::Hidden),
            ..KeyState::default()
        };
        let h = hints_with(&timing, &state);
        assert!(h.publish && !h.sign);
        let state = KeyState {
            dnskey_state: Some(RecordState::Unretentive),
            ..KeyState::default()
        };
        let h = hints_with(&timing, &state);
        assert!(h.remove && !h.publish);
    }

    #[test]
    fn sync_records_follow_sync_times() {
        let mut timing = t(Some(10), Some(10));
        timing.sync_publish = Some(UnixTime(500));
        assert!(hints(&timing).sync_publish);
        timing.sync_delete = Some(UnixTime(900));
        let h = hints(&timing);
        assert!(!h.sync_publish && h.sync_delete);
    }

    #[test]
    fn a_ds_state_trumps_the_sync_times() {
        let mut timing = t(Some(10), Some(10));
        timing.sync_publish = Some(UnixTime(500));
        let with = |ds: RecordState, timing: &KeyTiming| {
            let state = KeyState {
                ds_state: Some(ds),
                ..KeyState::default()
            };
            hints_with(timing, &state)
        };
        let h = with(RecordState::Hidden, &timing);
        assert!(!h.sync_publish && h.sync_delete, "hidden beats SyncPublish");
        timing.sync_delete = Some(UnixTime(900));
        let h = with(RecordState::Omnipresent, &timing);
        assert!(
            h.sync_publish && !h.sync_delete,
            "omnipresent beats SyncDelete"
        );
        timing.sync_publish = None;
        timing.sync_delete = None;
        let h = with(RecordState::Rumoured, &timing);
        assert!(h.sync_publish && !h.sync_delete);
        let h = with(RecordState::Unretentive, &timing);
        assert!(!h.sync_publish && h.sync_delete);
    }

    fn role(ksk: bool, signing: bool) -> SignerRole {
        SignerRole {
            algorithm: Algorithm::ECDSAP256SHA256,
            ksk,
            zsk: !ksk,
            revoked: false,
            signing,
        }
    }

    #[test]
    fn who_signs_what() {
        let keys = [role(true, true), role(false, true), role(false, false)];
        let plain = SplitRules::default();
        assert_eq!(
            signers_for(&keys, RrType::A, false, plain),
            [false, true, false]
        );
        assert_eq!(
            signers_for(&keys, RrType::DNSKEY, true, plain),
            [true, true, false]
        );
        let x = SplitRules {
            ksk_only_keyset: true,
            ..plain
        };
        assert_eq!(
            signers_for(&keys, RrType::CDS, true, x),
            [true, false, false]
        );
        let z = SplitRules {
            ignore_ksk_flag: true,
            ..plain
        };
        assert_eq!(signers_for(&keys, RrType::A, false, z), [true, true, false]);
        // No KSK for the algorithm: its ZSKs sign the DNSKEY RRset even with -x.
        let zsk_only = [role(false, true)];
        assert_eq!(signers_for(&zsk_only, RrType::DNSKEY, true, x), [true]);
        // A revoked key signs only the DNSKEY RRset.
        let revoked = [SignerRole {
            revoked: true,
            ..role(true, true)
        }];
        assert_eq!(signers_for(&revoked, RrType::DNSKEY, true, plain), [true]);
        assert_eq!(signers_for(&revoked, RrType::CDS, true, plain), [false]);
        // A CSK (KSK and ZSK in its .state) signs everything.
        let csk = [SignerRole {
            zsk: true,
            ..role(true, true)
        }];
        assert_eq!(signers_for(&csk, RrType::A, false, plain), [true]);
        // DNSKEY elsewhere than the apex is ordinary data.
        assert_eq!(
            signers_for(&keys, RrType::DNSKEY, false, plain),
            [false, true, false]
        );
    }
}
