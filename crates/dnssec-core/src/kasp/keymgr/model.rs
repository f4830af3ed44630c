//! The key model the key manager works on (docs/bind-compat.md, "keymgr: the key manager"):
//! a key file set with its role, goal and per-record states (RFC 7583 section 3.1 names the
//! records; the states are those of Mekking et al.), and the predicates derived from them.

use crate::key::{Key, KeyState, RecordState};
use crate::time::UnixTime;

/// The four records whose state the key manager tracks for a key, in the order it evaluates
/// them (docs/bind-compat.md, "keymgr: the key manager").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Record {
    /// The key's DNSKEY record.
    Dnskey,
    /// Signatures by the key over the zone's RRsets other than DNSKEY/CDS/CDNSKEY.
    Zrrsig,
    /// Signatures by the key over the DNSKEY RRset.
    Krrsig,
    /// The DS record for the key at the parent.
    Ds,
}

impl Record {
    /// Every record, in evaluation order.
    pub const ALL: [Record; 4] = [Record::Dnskey, Record::Zrrsig, Record::Krrsig, Record::Ds];

    /// The position in a state pattern.
    pub(super) fn index(self) -> usize {
        match self {
            Record::Dnskey => 0,
            Record::Zrrsig => 1,
            Record::Krrsig => 2,
            Record::Ds => 3,
        }
    }

    /// The `.state` prefix of the record's lines (`DNSKEYState`, `ZRRSIGChange`, ...).
    pub fn tag(self) -> &'static str {
        match self {
            Record::Dnskey => "DNSKEY",
            Record::Zrrsig => "ZRRSIG",
            Record::Krrsig => "KRRSIG",
            Record::Ds => "DS",
        }
    }
}

/// A key under management: the key files' contents plus what the run needs to know about it.
#[derive(Debug)]
pub struct ManagedKey {
    /// The key; its `state` is always `Some` once the key manager has initialised it.
    pub key: Key,
    /// The DNSKEY TTL the key's file had when the run started (the guards use it).
    pub(super) start_ttl: u32,
    /// Something changed that must be written.
    pub(super) modified: bool,
    /// Made in this run (written without replacing anything).
    pub created: bool,
    /// Deleted in this run after `purge-keys`.
    pub purged: bool,
}

impl ManagedKey {
    /// Wraps a loaded key.
    pub fn new(key: Key) -> ManagedKey {
        let start_ttl = key.ttl.map_or(0, |t| t.0);
        ManagedKey {
            key,
            start_ttl,
            modified: false,
            created: false,
            purged: false,
        }
    }

    /// The key tag.
    pub fn tag(&self) -> u16 {
        self.key.key_tag()
    }

    /// True when the key must be written.
    pub fn is_modified(&self) -> bool {
        self.modified
    }

    pub(super) fn state_mut(&mut self) -> &mut KeyState {
        self.key.state.get_or_insert_with(KeyState::default)
    }

    /// The `KSK:` boolean.
    pub fn ksk(&self) -> Option<bool> {
        self.key.state.as_ref().and_then(|s| s.ksk)
    }

    /// The `ZSK:` boolean.
    pub fn zsk(&self) -> Option<bool> {
        self.key.state.as_ref().and_then(|s| s.zsk)
    }

    /// True when the key has the KSK role.
    pub fn is_ksk(&self) -> bool {
        self.ksk() == Some(true)
    }

    /// True when the key has the ZSK role.
    pub fn is_zsk(&self) -> bool {
        self.zsk() == Some(true)
    }

    /// True when the key's role has `record` (DNSKEY always, KRRSIG and DS with the KSK
    /// role, ZRRSIG with the ZSK role).
    pub fn has_record(&self, record: Record) -> bool {
        match record {
            Record::Dnskey => true,
            Record::Zrrsig => self.is_zsk(),
            Record::Krrsig | Record::Ds => self.is_ksk(),
        }
    }

    /// The stored state of `record`.
    pub fn state(&self, record: Record) -> Option<RecordState> {
        let s = self.key.state.as_ref()?;
        match record {
            Record::Dnskey => s.dnskey_state,
            Record::Zrrsig => s.zrrsig_state,
            Record::Krrsig => s.krrsig_state,
            Record::Ds => s.ds_state,
        }
    }

    /// When `record` last changed state.
    pub fn changed(&self, record: Record) -> Option<UnixTime> {
        let s = self.key.state.as_ref()?;
        match record {
            Record::Dnskey => s.dnskey_change,
            Record::Zrrsig => s.zrrsig_change,
            Record::Krrsig => s.krrsig_change,
            Record::Ds => s.ds_change,
        }
    }

    pub(super) fn set_changed(&mut self, record: Record, at: UnixTime) {
        let s = self.state_mut();
        let slot = match record {
            Record::Dnskey => &mut s.dnskey_change,
            Record::Zrrsig => &mut s.zrrsig_change,
            Record::Krrsig => &mut s.krrsig_change,
            Record::Ds => &mut s.ds_change,
        };
        if *slot != Some(at) {
            *slot = Some(at);
            self.modified = true;
        }
    }

    /// Sets `record` to `state` without touching its change stamp (checkds does that).
    pub(super) fn put_state(&mut self, record: Record, state: RecordState) {
        let s = self.state_mut();
        let slot = match record {
            Record::Dnskey => &mut s.dnskey_state,
            Record::Zrrsig => &mut s.zrrsig_state,
            Record::Krrsig => &mut s.krrsig_state,
            Record::Ds => &mut s.ds_state,
        };
        if *slot != Some(state) {
            *slot = Some(state);
            self.modified = true;
        }
    }

    /// Sets `record` to `state` and its change stamp to `now`.
    pub(super) fn set_state(&mut self, record: Record, state: RecordState, now: UnixTime) {
        self.put_state(record, state);
        self.set_changed(record, now);
    }

    /// The goal (hidden when none is stored).
    pub fn goal(&self) -> RecordState {
        self.key
            .state
            .as_ref()
            .and_then(|s| s.goal_state)
            .unwrap_or(RecordState::Hidden)
    }

    pub(super) fn set_goal(&mut self, goal: RecordState) {
        let s = self.state_mut();
        if s.goal_state != Some(goal) {
            s.goal_state = Some(goal);
            self.modified = true;
        }
    }

    /// The `Lifetime:` in seconds.
    pub fn lifetime(&self) -> Option<u32> {
        self.key.state.as_ref().and_then(|s| s.lifetime)
    }

    pub(super) fn set_lifetime(&mut self, lifetime: u32) {
        let s = self.state_mut();
        if s.lifetime != Some(lifetime) {
            s.lifetime = Some(lifetime);
            self.modified = true;
        }
    }

    pub(super) fn set_role(&mut self, ksk: bool, zsk: bool) {
        let s = self.state_mut();
        if s.ksk != Some(ksk) || s.zsk != Some(zsk) {
            s.ksk = Some(ksk);
            s.zsk = Some(zsk);
            self.modified = true;
        }
    }

    /// Sets (or clears) one time of the key's metadata, noting a change.
    pub(super) fn set_time(&mut self, field: crate::key::TimeField, value: Option<UnixTime>) {
        if self.key.timing.get(field) != value {
            self.key.timing.set(field, value);
            self.modified = true;
        }
    }

    pub(super) fn set_link(&mut self, predecessor: Option<u16>, successor: Option<u16>) {
        if let Some(p) = predecessor {
            if self.key.timing.predecessor != Some(p) {
                self.key.timing.predecessor = Some(p);
                self.modified = true;
            }
        }
        if let Some(s) = successor {
            if self.key.timing.successor != Some(s) {
                self.key.timing.successor = Some(s);
                self.modified = true;
            }
        }
    }

    /// True when every stored state the key has is hidden (missing counts as hidden).
    pub fn all_hidden(&self) -> bool {
        Record::ALL
            .iter()
            .all(|&r| matches!(self.state(r), None | Some(RecordState::Hidden)))
    }

    /// True when the key has never been used (pre-generated): no time set but its creation,
    /// and no state stamp of a state other than hidden (docs/bind-compat.md, "keymgr: the
    /// key manager").
    pub fn is_unused(&self) -> bool {
        let t = &self.key.timing;
        let times = [
            t.publish,
            t.activate,
            t.revoke,
            t.inactive,
            t.delete,
            t.ds_publish,
            t.ds_delete,
            t.sync_publish,
            t.sync_delete,
        ];
        if times.iter().any(Option::is_some) {
            return false;
        }
        Record::ALL.iter().all(|&r| {
            self.changed(r).is_none() || matches!(self.state(r), None | Some(RecordState::Hidden))
        })
    }

    /// True when the key is in use for signing at `now`: its DS (KSK role) and its zone
    /// signatures (ZSK role) are rumoured or omnipresent; without states, by its times.
    pub fn is_active(&self, now: UnixTime) -> bool {
        let live = |s: Option<RecordState>| {
            matches!(s, Some(RecordState::Rumoured | RecordState::Omnipresent))
        };
        let t = &self.key.timing;
        let by_time = t.activate.is_some_and(|a| a <= now) && t.inactive.is_none_or(|i| i > now);
        let mut ok = true;
        let mut any_state = false;
        if self.is_ksk() && self.state(Record::Ds).is_some() {
            any_state = true;
            ok &= live(self.state(Record::Ds));
        }
        if self.is_zsk() && self.state(Record::Zrrsig).is_some() {
            any_state = true;
            ok &= live(self.state(Record::Zrrsig));
        }
        if any_state {
            ok
        } else {
            by_time
        }
    }

    /// True when the key has a `Predecessor` or a `Successor` link.
    pub fn in_rollover(&self) -> bool {
        self.key.timing.predecessor.is_some() || self.key.timing.successor.is_some()
    }
}
