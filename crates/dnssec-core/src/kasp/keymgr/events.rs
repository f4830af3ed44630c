//! What a run changed, key by key, for the tool to print one line per change
//! (docs/bind-compat.md, "keymgr: the key manager", output): found by comparing each key's
//! state and metadata before and after, so every change is reported however it was made.

use super::model::{ManagedKey, Record};
use crate::algorithm::Algorithm;
use crate::key::{KeyState, KeyTiming, RecordState, TimeField};
use crate::time::UnixTime;

/// One change to one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The key was made (or a pre-generated key taken) for the policy.
    Created {
        /// Signs the DNSKEY RRset.
        ksk: bool,
        /// Signs the other RRsets.
        zsk: bool,
    },
    /// The key's files were deleted after `purge-keys`.
    Purged,
    /// The goal changed.
    Goal(Option<RecordState>, RecordState),
    /// A record's state changed.
    State(Record, Option<RecordState>, RecordState),
    /// A time of the metadata was set, changed or cleared (`.state` names: `Published`, ...).
    Time(&'static str, Option<UnixTime>),
    /// Another metadata value (`Lifetime`, `KSK`, `ZSK`, `Predecessor`, `Successor`).
    Value(&'static str, String),
}

/// A change and the key it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The key's tag.
    pub tag: u16,
    /// The key's algorithm.
    pub algorithm: Algorithm,
    /// What changed.
    pub change: Change,
}

/// A key's state and metadata before a run.
#[derive(Clone, Debug)]
pub struct Snapshot {
    keys: Vec<(Algorithm, u16, KeyTiming, KeyState)>,
}

const TIMES: [(TimeField, &str); 10] = [
    (TimeField::Created, "Generated"),
    (TimeField::Publish, "Published"),
    (TimeField::Activate, "Active"),
    (TimeField::Inactive, "Retired"),
    (TimeField::Revoke, "Revoked"),
    (TimeField::Delete, "Removed"),
    (TimeField::DsPublish, "DSPublish"),
    (TimeField::DsDelete, "DSRemoved"),
    (TimeField::SyncPublish, "PublishCDS"),
    (TimeField::SyncDelete, "DeleteCDS"),
];

impl Snapshot {
    /// Notes the keys as they are.
    pub fn of(keys: &[ManagedKey]) -> Snapshot {
        Snapshot {
            keys: keys
                .iter()
                .map(|k| {
                    (
                        k.key.algorithm(),
                        k.tag(),
                        k.key.timing.clone(),
                        k.key.state.clone().unwrap_or_default(),
                    )
                })
                .collect(),
        }
    }

    /// The changes from this snapshot to `keys`, key by key in keyring order: creation,
    /// role and links, times, the goal, then each record's state.
    pub fn changes(&self, keys: &[ManagedKey]) -> Vec<Event> {
        let mut out = Vec::new();
        for k in keys {
            let (alg, tag) = (k.key.algorithm(), k.tag());
            let mut push = |change| {
                out.push(Event {
                    tag,
                    algorithm: alg,
                    change,
                })
            };
            if k.purged {
                push(Change::Purged);
                continue;
            }
            let before = self.keys.iter().find(|(a, t, _, _)| *a == alg && *t == tag);
            let empty = (KeyTiming::default(), KeyState::default());
            let (timing, state) = match before {
                Some((_, _, t, s)) => (t, s),
                None => {
                    push(Change::Created {
                        ksk: k.is_ksk(),
                        zsk: k.is_zsk(),
                    });
                    (&empty.0, &empty.1)
                }
            };
            let now = k.key.state.clone().unwrap_or_default();
            let yes_no = |b: Option<bool>| b.map(|b| if b { "yes" } else { "no" }.to_string());
            let values = [
                (
                    "Lifetime",
                    state.lifetime.map(|v| v.to_string()),
                    now.lifetime.map(|v| v.to_string()),
                ),
                ("KSK", yes_no(state.ksk), yes_no(now.ksk)),
                ("ZSK", yes_no(state.zsk), yes_no(now.zsk)),
                (
                    "Predecessor",
                    timing.predecessor.map(|v| v.to_string()),
                    k.key.timing.predecessor.map(|v| v.to_string()),
                ),
                (
                    "Successor",
                    timing.successor.map(|v| v.to_string()),
                    k.key.timing.successor.map(|v| v.to_string()),
                ),
            ];
            for (name, old, new) in values {
                if old != new {
                    push(Change::Value(
                        name,
                        new.unwrap_or_else(|| "unset".to_string()),
                    ));
                }
            }
            for (field, name) in TIMES {
                let new = k.key.timing.get(field);
                if timing.get(field) != new {
                    push(Change::Time(name, new));
                }
            }
            if state.goal_state != now.goal_state {
                if let Some(goal) = now.goal_state {
                    push(Change::Goal(state.goal_state, goal));
                }
            }
            for r in Record::ALL {
                let old = record_state(state, r);
                if let Some(new) = k.state(r) {
                    if old != Some(new) {
                        push(Change::State(r, old, new));
                    }
                }
            }
        }
        out
    }
}

fn record_state(s: &KeyState, r: Record) -> Option<RecordState> {
    match r {
        Record::Dnskey => s.dnskey_state,
        Record::Zrrsig => s.zrrsig_state,
        Record::Krrsig => s.krrsig_state,
        Record::Ds => s.ds_state,
    }
}
