//! The key manager against the timelines named 9.18 follows (docs/bind-compat.md, "keymgr:
//! the key manager"), with the later releases' fixes we follow.

use super::*;
use crate::algorithm::Algorithm;
use crate::kasp::policy::{Duration, KeyRole, Policy, PolicyKey};
use crate::key::{Key, RecordState};
use crate::name::Name;
use crate::rr::Dnskey;
use crate::time::UnixTime;

use RecordState::{Hidden as H, Omnipresent as O, Rumoured as R, Unretentive as U};

struct Maker;

impl KeyMaker for Maker {
    fn make(&mut self, algorithm: Algorithm, _bits: u32, flags: u16) -> Result<Key, KeymgrError> {
        Key::generate(
            Name::parse("example.", None).unwrap(),
            algorithm,
            None,
            flags,
        )
        .map_err(KeymgrError::Generate)
    }
    fn reserved(&self, _: &Dnskey) -> bool {
        false
    }
}

const T0: UnixTime = UnixTime(1_800_000_000);

fn step(keys: &mut Vec<ManagedKey>, policy: &Policy, now: UnixTime) -> Option<UnixTime> {
    let ctx = Context {
        policy,
        now,
        zone_dnskeys: None,
    };
    run(keys, &ctx, &mut Maker).unwrap().next
}

fn states(k: &ManagedKey) -> [Option<RecordState>; 4] {
    Record::ALL.map(|r| k.state(r))
}

#[test]
fn default_csk_from_scratch() {
    let policy = Policy::builtin_default();
    let mut keys = Vec::new();
    let next = step(&mut keys, &policy, T0);
    assert_eq!(keys.len(), 1);
    let k = &keys[0];
    assert!(k.is_ksk() && k.is_zsk() && k.is_modified());
    assert_eq!(k.key.dnskey.flags, 257);
    let t = &k.key.timing;
    assert_eq!(
        (t.created, t.publish, t.activate),
        (Some(T0), Some(T0), Some(T0))
    );
    // max(Ipub 7500, TTLsig + Dprp 86700): BIND 9.18 adds publish-safety (90300).
    assert_eq!(t.sync_publish, Some(T0.offset(86_700)));
    assert_eq!(k.lifetime(), Some(0));
    assert_eq!(states(k), [Some(R), Some(R), Some(R), Some(H)]);
    assert_eq!(k.goal(), O);
    assert_eq!(next, Some(T0.offset(7500)));

    // Nothing moves before its time.
    let again = step(&mut keys, &policy, T0.offset(7499));
    assert_eq!(states(&keys[0]), [Some(R), Some(R), Some(R), Some(H)]);
    assert_eq!(again, Some(T0.offset(7500)));

    let t1 = T0.offset(7500);
    let next = step(&mut keys, &policy, t1);
    assert_eq!(states(&keys[0]), [Some(O), Some(R), Some(O), Some(H)]);
    assert_eq!(keys[0].changed(Record::Dnskey), Some(t1));
    assert_eq!(keys[0].changed(Record::Zrrsig), Some(T0));
    assert_eq!(next, Some(T0.offset(86_700)));

    let t2 = T0.offset(86_700);
    let next = step(&mut keys, &policy, t2);
    assert_eq!(states(&keys[0]), [Some(O), Some(O), Some(O), Some(R)]);
    assert_eq!(keys[0].changed(Record::Ds), Some(t2));
    // The DS waits for checkds: ask again in an hour.
    assert_eq!(next, Some(t2.offset(3600)));

    let td = t2.offset(10_000);
    checkds(&mut keys, KeySelector::default(), DsSeen::Published, td).unwrap();
    assert_eq!(keys[0].key.timing.ds_publish, Some(td));
    assert_eq!(keys[0].changed(Record::Ds), Some(t2));
    let next = step(&mut keys, &policy, td);
    assert_eq!(next, Some(td.offset(86_400 + 3600)));
    let next = step(&mut keys, &policy, td.offset(90_000));
    assert_eq!(states(&keys[0]), [Some(O), Some(O), Some(O), Some(O)]);
    assert_eq!(next, None);
    // A run with nothing to do changes nothing.
    keys[0].modified = false;
    step(&mut keys, &policy, td.offset(100_000));
    assert!(!keys[0].is_modified());
}

fn ksk_zsk(zsk_life: u32) -> Policy {
    Policy {
        keys: vec![
            PolicyKey {
                role: KeyRole::Ksk,
                lifetime: None,
                algorithm: Algorithm::ECDSAP256SHA256,
                bits: 256,
            },
            PolicyKey {
                role: KeyRole::Zsk,
                lifetime: Some(Duration(zsk_life)),
                algorithm: Algorithm::ECDSAP256SHA256,
                bits: 256,
            },
        ],
        ..Policy::with_defaults("ksk-zsk")
    }
}

#[test]
fn zsk_prepublication_rollover() {
    let life = 30 * 86_400;
    let policy = ksk_zsk(life);
    let mut keys = Vec::new();
    step(&mut keys, &policy, T0);
    assert_eq!(keys.len(), 2);
    let zsk = keys.iter().position(|k| !k.is_ksk()).unwrap();
    let ztag = keys[zsk].tag();
    // Retired after the lifetime; removed Iret later (TTLsig + Dprp + Sret + Dsgn).
    let tr = T0.offset(i64::from(life));
    assert_eq!(keys[zsk].key.timing.inactive, Some(tr));
    assert_eq!(keys[zsk].key.timing.delete, Some(tr.offset(867_900)));
    // Bring everything to omnipresent, the DS by checkds.
    step(&mut keys, &policy, T0.offset(7500));
    step(&mut keys, &policy, T0.offset(86_700));
    let ksk = 1 - zsk;
    let ktag = keys[ksk].tag();
    checkds(
        &mut keys,
        KeySelector {
            tag: Some(ktag),
            algorithm: None,
        },
        DsSeen::Published,
        T0.offset(86_700),
    )
    .unwrap();
    step(&mut keys, &policy, T0.offset(86_700 + 90_000));
    assert_eq!(states(&keys[ksk]), [Some(O), None, Some(O), Some(O)]);
    assert_eq!(states(&keys[zsk]), [Some(O), Some(O), None, None]);
    // The successor is due Ipub before the retirement.
    let due = tr.offset(-7500);
    let next = step(&mut keys, &policy, T0.offset(200_000));
    assert_eq!(next, Some(due));
    step(&mut keys, &policy, due);
    assert_eq!(keys.len(), 3);
    let new = &keys[2];
    assert_eq!(new.key.timing.predecessor, Some(ztag));
    assert_eq!(keys[zsk].key.timing.successor, Some(new.tag()));
    assert_eq!(new.key.timing.publish, Some(due));
    assert_eq!(new.key.timing.activate, Some(tr));
    assert_eq!(new.key.timing.inactive, Some(tr.offset(i64::from(life))));
    assert_eq!(keys[zsk].goal(), H);
    assert_eq!(states(&keys[2]), [Some(R), Some(H), None, None]);
    // At Tr the new ZSK's DNSKEY is omnipresent, its signatures start, the old ones stop.
    let next = step(&mut keys, &policy, tr);
    assert_eq!(states(&keys[2]), [Some(O), Some(R), None, None]);
    assert_eq!(states(&keys[zsk]), [Some(O), Some(U), None, None]);
    // Isig+ = TTLsig + Dprp + Sret + Dsgn (a rollover).
    assert_eq!(next, Some(tr.offset(867_900)));
    let t = tr.offset(867_900);
    let next = step(&mut keys, &policy, t);
    assert_eq!(states(&keys[2]), [Some(O), Some(O), None, None]);
    assert_eq!(states(&keys[zsk]), [Some(U), Some(H), None, None]);
    assert_eq!(next, Some(t.offset(3900)));
    step(&mut keys, &policy, t.offset(3900));
    assert_eq!(states(&keys[zsk]), [Some(H), Some(H), None, None]);
    // Purged once purge-keys has passed since its last change.
    step(&mut keys, &policy, t.offset(3900 + 90 * 86_400 + 1));
    assert!(keys.iter().any(|k| k.purged && k.tag() == ztag));
}

#[test]
fn checkds_needs_a_key_when_several_ksks_exist() {
    let policy = ksk_zsk(30 * 86_400);
    let mut keys = Vec::new();
    step(&mut keys, &policy, T0);
    // One KSK: found without -key.
    assert!(checkds(&mut keys, KeySelector::default(), DsSeen::Published, T0).is_ok());
    // A second algorithm brings a second KSK.
    let mut more = policy.keys.clone();
    for k in &policy.keys {
        more.push(PolicyKey {
            algorithm: Algorithm::ED25519,
            ..k.clone()
        });
    }
    let policy2 = Policy {
        keys: more,
        ..policy.clone()
    };
    step(&mut keys, &policy2, T0);
    assert!(matches!(
        checkds(&mut keys, KeySelector::default(), DsSeen::Published, T0),
        Err(KeymgrError::MultipleKeys)
    ));
    assert!(matches!(
        checkds(
            &mut keys,
            KeySelector {
                tag: Some(1),
                algorithm: Some(Algorithm::ED448)
            },
            DsSeen::Published,
            T0
        ),
        Err(KeymgrError::NoKeyMatch)
    ));
}

/// The CSK rollover of BIND's `csk-roll` system test (lifetime 186 days, DNSKEY TTL 1h,
/// propagation 1h, publish-safety 1h, retire-safety 2h, parent DS TTL 1h, parent propagation
/// 1h, max zone TTL 1d, signing delay 25d): the intervals between runs named's test expects
/// from the successor's publication on, with the DS confirmed as soon as it waits.
#[test]
fn csk_rollover_matches_bind_timeline() {
    let policy = Policy {
        keys: vec![PolicyKey {
            role: KeyRole::Csk,
            lifetime: Some(Duration(186 * 86_400)),
            algorithm: Algorithm::ECDSAP256SHA256,
            bits: 256,
        }],
        dnskey_ttl: crate::time::Ttl(3600),
        zone_propagation_delay: Duration(3600),
        publish_safety: Duration(3600),
        retire_safety: Duration(7200),
        parent_ds_ttl: crate::time::Ttl(3600),
        parent_propagation_delay: Duration(3600),
        max_zone_ttl: crate::time::Ttl(86_400),
        signatures_validity: Duration(30 * 86_400),
        signatures_refresh: Duration(5 * 86_400),
        ..Policy::with_defaults("csk-roll")
    };
    let (keys, deltas, t) = rollover_deltas(&policy, 1, 6);
    assert_eq!(t, T0.offset(186 * 86_400 - 3 * 3600));
    assert_eq!(
        deltas,
        [10_800, 14_400, 7_200, 2_235_600, 7_200, 13_795_200]
    );
    // The last run is the next rollover: the first key, hidden for longer than purge-keys,
    // is gone; its successor is in full use and has a successor of its own.
    assert_eq!(keys.len(), 2);
    assert_eq!(states(&keys[0]), [Some(O), Some(O), Some(O), Some(O)]);
    assert_eq!(keys[0].goal(), H);
    assert_eq!(states(&keys[1]), [Some(R), Some(H), Some(R), Some(H)]);
    assert_eq!(keys[1].key.timing.predecessor, Some(keys[0].tag()));
}

/// Runs at `t`, confirming first any DS that waits for the parent, as an operator would.
fn advance(keys: &mut Vec<ManagedKey>, policy: &Policy, t: UnixTime) -> Option<UnixTime> {
    for p in pending(keys, policy, t) {
        if let Wait::Parent(seen) = p.wait {
            let sel = KeySelector {
                tag: Some(p.tag),
                algorithm: None,
            };
            checkds(keys, sel, seen, t).unwrap();
        }
    }
    let next = step(keys, policy, t);
    keys.retain(|k| !k.purged);
    next
}

/// Steps a zone from scratch at T0 from run to run until a successor appears (the zone has
/// `initial` keys before), then `count` more runs: the keys, the intervals between those
/// runs, and the time the successor was made.
fn rollover_deltas(
    policy: &Policy,
    initial: usize,
    count: usize,
) -> (Vec<ManagedKey>, Vec<i64>, UnixTime) {
    let mut keys = Vec::new();
    let mut t = T0;
    let mut next = advance(&mut keys, policy, t);
    while keys.len() == initial {
        t = next.expect("a next run");
        next = advance(&mut keys, policy, t);
    }
    let made = t;
    let mut deltas = Vec::new();
    for _ in 0..count {
        let n = next.expect("a next run");
        deltas.push(n.0 - t.0);
        t = n;
        next = advance(&mut keys, policy, t);
        // A DS that waits is confirmed in the run itself, so a second run at the same time
        // finishes what that allows (named's hourly re-check would).
        if next == Some(t.offset(3600)) {
            next = advance(&mut keys, policy, t);
        }
    }
    (keys, deltas, made)
}

/// The KSK rollover of BIND's `ksk-doubleksk` system test (KSK lifetime 60 days, DNSKEY TTL
/// 2h, publish-safety 1d, propagation 1h, parent DS TTL 1h, parent propagation 1h,
/// retire-safety 2d): the intervals between runs named's test expects.
#[test]
fn ksk_rollover_matches_bind_timeline() {
    let key = |role, lifetime| PolicyKey {
        role,
        lifetime,
        algorithm: Algorithm::ECDSAP256SHA256,
        bits: 256,
    };
    let policy = Policy {
        keys: vec![
            key(KeyRole::Ksk, Some(Duration(60 * 86_400))),
            key(KeyRole::Zsk, None),
        ],
        dnskey_ttl: crate::time::Ttl(7200),
        publish_safety: Duration(86_400),
        zone_propagation_delay: Duration(3600),
        parent_ds_ttl: crate::time::Ttl(3600),
        parent_propagation_delay: Duration(3600),
        retire_safety: Duration(2 * 86_400),
        ..Policy::with_defaults("ksk-doubleksk")
    };
    let (keys, deltas, made) = rollover_deltas(&policy, 2, 4);
    // Ipub = 2h + 1h + 1d before the old KSK retires.
    assert_eq!(made, T0.offset(60 * 86_400 - 27 * 3600));
    // The first three are BIND's test's numbers (Ipub, Ids, Idrop). The last, to the next
    // rollover, is L - Ipub - Ids - Idrop from a DS confirmed at the run itself; BIND's test
    // expects 4899600 there, an hour more, which depends on where its scenario places its
    // steps (not reproduced here).
    assert_eq!(
        deltas,
        [
            97_200,
            180_000,
            10_800,
            60 * 86_400 - 97_200 - 180_000 - 10_800
        ]
    );
    let old = keys.iter().find(|k| k.is_ksk() && k.goal() == H).unwrap();
    assert_eq!(states(old), [Some(H), None, Some(H), Some(H)]);
}

/// Two identical entries keep two keys: BIND 9.18 makes both on the first run and retires
/// one as excess on the next; later releases (and we) keep both.
#[test]
fn identical_entries_keep_their_keys() {
    let mut policy = ksk_zsk(0);
    policy.keys[1].lifetime = None;
    policy.keys.push(policy.keys[1].clone());
    let mut keys = Vec::new();
    step(&mut keys, &policy, T0);
    assert_eq!(keys.len(), 3);
    step(&mut keys, &policy, T0.offset(7500));
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k.goal() == O), "none retired");
    // With one such entry again, the second key is excess and retired.
    policy.keys.pop();
    step(&mut keys, &policy, T0.offset(7600));
    let retired: Vec<&ManagedKey> = keys.iter().filter(|k| k.goal() == H).collect();
    assert_eq!(retired.len(), 1);
    assert!(!retired[0].is_ksk());
    assert_eq!(retired[0].key.timing.inactive, Some(T0.offset(7600)));
}
