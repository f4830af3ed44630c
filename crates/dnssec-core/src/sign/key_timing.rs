//! Key timing mistakes a smart-signing run can see coming (RFC 6781 section 4.1, RFC 7583
//! sections 3.2 and 3.3; docs/bind-compat.md, "signzone: operator experience", "Key-timing
//! warnings"): a key that leaves the DNSKEY RRset while cached RRsets are signed only by it, a
//! key that signs in the run that first publishes it, a KSK that stops signing before its
//! successor has a DS at the parent, and a replacement ZSK not linked to the key it replaces.
//! Only warnings: nothing here changes what is signed.

use std::collections::{HashMap, HashSet};

use crate::key::{KeyState, KeyTiming, RecordState};
use crate::time::UnixTime;
use crate::zone::Zone;
use crate::{Algorithm, RrType, Ttl};

use super::policy::SignerRole;

/// A key as its RRSIGs name it: algorithm and key tag (RFC 4034 section 3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyId {
    /// The DNSKEY algorithm.
    pub algorithm: Algorithm,
    /// The key tag (RFC 4034 appendix B).
    pub tag: u16,
}

/// What the run knows of one key of the zone.
#[derive(Clone, Copy, Debug)]
pub struct TimedKey<'a> {
    /// The key.
    pub id: KeyId,
    /// Its role this run.
    pub role: SignerRole,
    /// In the input zone's DNSKEY RRset.
    pub in_input: bool,
    /// In the DNSKEY RRset this run writes.
    pub published: bool,
    /// Signs RRsets other than DNSKEY, CDS and CDNSKEY this run.
    pub signs_data: bool,
    /// Its timing metadata, when it has key files.
    pub timing: Option<&'a KeyTiming>,
    /// Its `.state` file, when it has one.
    pub state: Option<&'a KeyState>,
}

/// One warning (docs/bind-compat.md, "signzone: operator experience", "Key-timing
/// warnings").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimingWarning {
    /// `key` is not in the DNSKEY RRset this run writes, while `rrsets` RRsets of the input
    /// are signed by it and by no key that stays: resolvers holding them with their old
    /// signatures cannot validate them once they fetch the new DNSKEY RRset (RFC 6781
    /// section 4.1.1.1).
    RemovedWhileSigning {
        /// The key that goes.
        key: KeyId,
        /// RRsets of the input signed only by keys that go.
        rrsets: usize,
    },
    /// `key` signs zone data in the run that first publishes it, while the zone had a key of
    /// its algorithm before: resolvers holding the DNSKEY RRset without it cannot validate its signatures
    /// for up to the DNSKEY TTL (RFC 6781 section 4.1.1.1, pre-publication).
    SignsWhenFirstPublished {
        /// The new key.
        key: KeyId,
    },
    /// `retiring` no longer signs the DNSKEY RRset while `successor`, the KSK that does,
    /// has no DS at the parent by its metadata (no DS publish time passed, no DS state
    /// rumoured or omnipresent; RFC 7583 section 3.3.1).
    KskSuccessorWithoutDs {
        /// The KSK that stops.
        retiring: KeyId,
        /// The KSK that signs instead.
        successor: KeyId,
    },
    /// `new` (same algorithm, a ZSK) is published while `old` is set to retire, but the two
    /// are not linked as predecessor and successor, so the signer replaces every signature
    /// at once instead of as they come due (docs/bind-compat.md, "signzone: smart signing
    /// (-S)", "Who signs what").
    NotLinked {
        /// The retiring key.
        old: KeyId,
        /// The key that replaces it.
        new: KeyId,
    },
}

/// The run's facts beside its keys.
#[derive(Clone, Copy, Debug)]
pub struct RunFacts {
    /// The time of the run.
    pub now: UnixTime,
    /// The TTL of the DNSKEY RRset written.
    pub dnskey_ttl: Ttl,
}

fn reached(t: Option<UnixTime>, now: UnixTime) -> bool {
    t.is_some_and(|t| t <= now)
}

/// The time a key entered the DNSKEY RRset by its metadata: its publish time, else (a key
/// published because it signs) its activation.
fn published_at(k: &TimedKey<'_>) -> Option<UnixTime> {
    let t = k.timing?;
    t.publish.or(t.activate)
}

/// True when the key's DS is at the parent, by its metadata.
fn has_ds(k: &TimedKey<'_>, now: UnixTime) -> bool {
    let by_state = k
        .state
        .and_then(|s| s.ds_state)
        .is_some_and(|s| matches!(s, RecordState::Rumoured | RecordState::Omnipresent));
    by_state || reached(k.timing.and_then(|t| t.ds_publish), now)
}

/// Every warning of the run, in a fixed order (by kind, then by the keys' order).
pub fn timing_warnings(zone: &Zone, keys: &[TimedKey<'_>], run: RunFacts) -> Vec<TimingWarning> {
    let mut out = removed_while_signing(zone, keys);
    // The input's DNSKEYs were served before only when the input is a signed zone.
    let served = zone
        .find(zone.origin())
        .and_then(|n| n.rrset(RrType::RRSIG))
        .is_some_and(|s| s.covering(RrType::DNSKEY).next().is_some());
    out.extend(signs_when_first_published(keys, run, served));
    out.extend(ksk_successor_without_ds(keys, run.now));
    out.extend(not_linked(keys));
    out
}

/// The signers (at the origin) of each RRset of the input, by owner and covered type.
fn input_signers(zone: &Zone) -> Vec<HashSet<KeyId>> {
    let origin = zone.origin();
    let mut sets = Vec::new();
    for node in zone.names() {
        let Some(sigs) = node.rrset(RrType::RRSIG) else {
            continue;
        };
        let mut by_type: HashMap<u16, HashSet<KeyId>> = HashMap::new();
        for rd in sigs.rdatas() {
            // RFC 4034 section 3.1: type covered, algorithm, ..., key tag at 16, signer.
            let (Some(covered), Some(&alg), Some(tag), Some(signer)) =
                (rd.get(0..2), rd.get(2), rd.get(16..18), rd.get(18..))
            else {
                continue;
            };
            if crate::Name::from_wire_prefix(signer)
                .ok()
                .is_none_or(|(n, _)| n != *origin)
            {
                continue;
            }
            by_type
                .entry(u16::from_be_bytes([covered[0], covered[1]]))
                .or_default()
                .insert(KeyId {
                    algorithm: Algorithm(alg),
                    tag: u16::from_be_bytes([tag[0], tag[1]]),
                });
        }
        sets.extend(by_type.into_values());
    }
    sets
}

fn removed_while_signing(zone: &Zone, keys: &[TimedKey<'_>]) -> Vec<TimingWarning> {
    let staying: HashSet<KeyId> = keys.iter().filter(|k| k.published).map(|k| k.id).collect();
    let mut stranded: HashMap<KeyId, usize> = HashMap::new();
    for signers in input_signers(zone) {
        if signers.iter().any(|s| staying.contains(s)) {
            continue;
        }
        for s in signers {
            *stranded.entry(s).or_default() += 1;
        }
    }
    // Keys the zone knew (its input DNSKEY RRset or its key files), in the list's order.
    keys.iter()
        .filter(|k| !k.published && !k.role.revoked)
        .filter_map(|k| {
            stranded
                .get(&k.id)
                .map(|&rrsets| TimingWarning::RemovedWhileSigning { key: k.id, rrsets })
        })
        .collect()
}

/// `served`: the input is a signed zone, so its DNSKEY RRset has been served; the DNSKEYs of
/// an unsigned input are only the operator's list.
fn signs_when_first_published(
    keys: &[TimedKey<'_>],
    run: RunFacts,
    served: bool,
) -> Vec<TimingWarning> {
    let ttl = i64::from(run.dnskey_ttl.0);
    // Published at least a DNSKEY TTL ago: resolvers may hold a DNSKEY RRset of it.
    let old = |k: &TimedKey<'_>| {
        k.published
            && ((k.in_input && served) || published_at(k).is_some_and(|p| p.0 <= run.now.0 - ttl))
    };
    keys.iter()
        .filter(|k| k.signs_data && !old(k))
        // Only beside an older key of its own algorithm: a new algorithm's signatures are
        // to come before its key (RFC 6781 section 4.1.4), so signing at once is right.
        .filter(|k| {
            keys.iter()
                .any(|o| o.id != k.id && o.id.algorithm == k.id.algorithm && old(o))
        })
        .map(|k| TimingWarning::SignsWhenFirstPublished { key: k.id })
        .collect()
}

fn ksk_successor_without_ds(keys: &[TimedKey<'_>], now: UnixTime) -> Vec<TimingWarning> {
    let mut out = Vec::new();
    for r in keys.iter().filter(|k| k.role.ksk && !k.role.revoked) {
        let Some(t) = r.timing else {
            continue;
        };
        // Retiring: still published (or taken out this run) but past its inactive time.
        let retiring = (r.published || r.in_input) && reached(t.inactive, now) && !r.role.signing;
        if !retiring {
            continue;
        }
        let successors: Vec<&TimedKey<'_>> = keys
            .iter()
            .filter(|s| {
                s.id != r.id
                    && s.role.ksk
                    && s.role.signing
                    && !s.role.revoked
                    && s.id.algorithm == r.id.algorithm
            })
            .collect();
        if successors.iter().any(|s| has_ds(s, now)) {
            continue;
        }
        out.extend(
            successors
                .iter()
                .map(|s| TimingWarning::KskSuccessorWithoutDs {
                    retiring: r.id,
                    successor: s.id,
                }),
        );
    }
    out
}

fn not_linked(keys: &[TimedKey<'_>]) -> Vec<TimingWarning> {
    let zsk = |k: &TimedKey<'_>| k.role.zsk && !k.role.ksk && !k.role.revoked;
    let mut out = Vec::new();
    for old in keys.iter().filter(|k| zsk(k) && k.published) {
        let Some(ot) = old.timing else {
            continue;
        };
        if ot.inactive.is_none() {
            continue;
        }
        for new in keys.iter().filter(|k| zsk(k) && k.published) {
            let Some(nt) = new.timing else {
                continue;
            };
            let newer = match (nt.activate, ot.activate) {
                (Some(n), Some(o)) => n > o,
                (Some(_), None) => true,
                _ => false,
            };
            if new.id == old.id || new.id.algorithm != old.id.algorithm || !newer {
                continue;
            }
            // A key that will itself have retired before `old` does is no replacement.
            if nt.inactive.zip(ot.inactive).is_some_and(|(n, o)| n <= o) {
                continue;
            }
            let linked = nt.predecessor == Some(old.id.tag) && ot.successor == Some(new.id.tag);
            if !linked {
                out.push(TimingWarning::NotLinked {
                    old: old.id,
                    new: new.id,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(ksk: bool, signing: bool) -> SignerRole {
        SignerRole {
            algorithm: Algorithm::ECDSAP256SHA256,
            ksk,
            zsk: !ksk,
            revoked: false,
            signing,
        }
    }

    fn key<'a>(tag: u16, ksk: bool, signing: bool, timing: &'a KeyTiming) -> TimedKey<'a> {
        TimedKey {
            id: KeyId {
                algorithm: Algorithm::ECDSAP256SHA256,
                tag,
            },
            role: role(ksk, signing),
            in_input: false,
            published: true,
            signs_data: signing && !ksk,
            timing: Some(timing),
            state: None,
        }
    }

    const DAY: i64 = 86400;
    const NOW: UnixTime = UnixTime(100 * DAY);
    const RUN: RunFacts = RunFacts {
        now: NOW,
        dnskey_ttl: Ttl(3600),
    };

    fn at(days: i64) -> Option<UnixTime> {
        Some(UnixTime(NOW.0 + days * DAY))
    }

    #[test]
    fn a_key_signing_as_it_is_published_is_flagged_only_in_a_rollover() {
        let old = KeyTiming {
            publish: at(-30),
            activate: at(-30),
            ..KeyTiming::default()
        };
        let new = KeyTiming {
            publish: at(0),
            activate: at(0),
            ..KeyTiming::default()
        };
        let keys = [key(1, false, true, &old), key(2, false, true, &new)];
        assert_eq!(
            signs_when_first_published(&keys, RUN, false),
            [TimingWarning::SignsWhenFirstPublished { key: keys[1].id }]
        );
        // The zone's first keys: nothing was cached.
        assert!(signs_when_first_published(&keys[1..], RUN, false).is_empty());
        // Published ten days before it signs: fine.
        let early = KeyTiming {
            publish: at(-10),
            ..new.clone()
        };
        let keys = [key(1, false, true, &old), key(2, false, true, &early)];
        assert!(signs_when_first_published(&keys, RUN, false).is_empty());
    }

    #[test]
    fn a_successor_without_ds_and_an_unlinked_replacement() {
        let retired = KeyTiming {
            publish: at(-60),
            activate: at(-60),
            inactive: at(-1),
            ..KeyTiming::default()
        };
        let next = KeyTiming {
            publish: at(-30),
            activate: at(-1),
            ..KeyTiming::default()
        };
        let keys = [key(1, true, false, &retired), key(2, true, true, &next)];
        assert_eq!(
            ksk_successor_without_ds(&keys, NOW),
            [TimingWarning::KskSuccessorWithoutDs {
                retiring: keys[0].id,
                successor: keys[1].id
            }]
        );
        let with_ds = KeyTiming {
            ds_publish: at(-2),
            ..next.clone()
        };
        let keys = [key(1, true, false, &retired), key(2, true, true, &with_ds)];
        assert!(ksk_successor_without_ds(&keys, NOW).is_empty());

        let keys = [key(1, false, false, &retired), key(2, false, true, &next)];
        assert_eq!(
            not_linked(&keys),
            [TimingWarning::NotLinked {
                old: keys[0].id,
                new: keys[1].id
            }]
        );
        let linked_old = KeyTiming {
            successor: Some(2),
            ..retired.clone()
        };
        let linked_new = KeyTiming {
            predecessor: Some(1),
            ..next.clone()
        };
        let keys = [
            key(1, false, false, &linked_old),
            key(2, false, true, &linked_new),
        ];
        assert!(not_linked(&keys).is_empty());
    }
}
