//! One key manager run over a zone's keys at a given time (docs/bind-compat.md, "keymgr: the
//! key manager", one run): initialise and retire strays, purge, one pass per policy entry
//! creating first keys and successors when due, the state machine until nothing moves, and
//! the DNSKEY TTL. Everything happens in memory; [`super::store`] reads and writes the files.

use super::error::KeymgrError;
use super::model::{ManagedKey, Record};
use super::rules::{desired, Move, Ring};
use super::timing::{delete_time, parent_confirmed, transition_time, Intervals};
use crate::algorithm::Algorithm;
use crate::kasp::policy::{Policy, PolicyKey};
use crate::key::{Key, RecordState, TimeField};
use crate::rr::Dnskey;
use crate::time::{Ttl, UnixTime};

use RecordState::{Hidden as H, Omnipresent as O, Rumoured as R, Unretentive as U};

/// How many fresh keys to try before giving up on a tag no other key uses.
const MAX_TAG_ATTEMPTS: u32 = 1000;

/// Makes key material for new keys; the tool uses fresh random keys, tests may do otherwise.
pub trait KeyMaker {
    /// A new key of `algorithm` and `bits` with DNSKEY `flags`, owned by the zone.
    fn make(&mut self, algorithm: Algorithm, bits: u32, flags: u16) -> Result<Key, KeymgrError>;

    /// True when `candidate`'s tag (plain or revoked) is taken by a key file in the key
    /// directory that is not in the keyring (the keyring itself is checked by the run).
    fn reserved(&self, candidate: &Dnskey) -> bool;
}

/// What one run needs besides the keys.
pub struct Context<'a> {
    /// The zone's policy.
    pub policy: &'a Policy,
    /// The time of the run; every comparison and every stamp uses it.
    pub now: UnixTime,
    /// When the zone's DNSKEY RRset is known: how many keys it holds (a single legacy key
    /// is taken as a CSK). None when the zone is not read.
    pub zone_dnskeys: Option<usize>,
}

/// The result of a run besides the changed keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunOutcome {
    /// When the key manager must run again; None when nothing is scheduled.
    pub next: Option<UnixTime>,
    /// `next` leaving out the hourly look at a DS the parent has not been confirmed to
    /// hold: what a caller that already knows when the parent's answer will do (a
    /// `-checkds auto` sighting waiting out the DS TTL) adds its own time to
    /// (docs/bind-compat.md, "keymgr: many zones and the next run").
    pub next_without_parent: Option<UnixTime>,
}

fn earliest(next: &mut Option<UnixTime>, t: UnixTime) {
    if next.is_none_or(|n| t < n) {
        *next = Some(t);
    }
}

/// Runs the key manager over `keys` (the zone's keys in keyring order) at `ctx.now`.
/// New keys are appended; purged keys stay with `purged` set so the store deletes them.
pub fn run(
    keys: &mut Vec<ManagedKey>,
    ctx: &Context<'_>,
    maker: &mut dyn KeyMaker,
) -> Result<RunOutcome, KeymgrError> {
    let iv = Intervals::of(ctx.policy);
    let now = ctx.now;
    let csk = ctx.zone_dnskeys == Some(1);
    // Phase 1: initialise, retire keys no entry wants, purge the dead.
    for k in keys.iter_mut() {
        init(k, csk, &iv, now);
        if !ctx.policy.keys.iter().any(|e| matches_entry(k, e)) {
            retire(k, &iv, now);
        }
        if may_purge(k, ctx.policy, now) {
            k.purged = true;
        }
    }
    // Purged keys take no further part in the run.
    let (purged, live): (Vec<ManagedKey>, Vec<ManagedKey>) = keys.drain(..).partition(|k| k.purged);
    *keys = live;
    let result = manage(keys, ctx, maker, &iv);
    keys.extend(purged);
    result
}

/// Phases 2 to 4 over the live keys.
fn manage(
    keys: &mut Vec<ManagedKey>,
    ctx: &Context<'_>,
    maker: &mut dyn KeyMaker,
    iv: &Intervals,
) -> Result<RunOutcome, KeymgrError> {
    let iv = *iv;
    let now = ctx.now;
    // Phase 2: one pass per policy entry.
    let mut next = None;
    let mut next_without_parent = None;
    let mut created: Vec<ManagedKey> = Vec::new();
    // Keys an earlier entry took: two identical entries keep two keys. BIND 9.18 lets the
    // second entry see the first one's key as excess and retire one of them on the next run
    // (fixed in later releases; docs/bind-compat.md, "keymgr: the key manager").
    let mut claimed: Vec<usize> = Vec::new();
    // Keys in use beyond what an entry needs, retired once every entry has had its pick.
    let mut excess: Vec<usize> = Vec::new();
    for entry in &ctx.policy.keys {
        let lifetime = entry.lifetime.map_or(0, |d| d.0);
        let mut active: Option<usize> = None;
        for i in 0..keys.len() {
            if claimed.contains(&i) || !matches_entry(&keys[i], entry) {
                continue;
            }
            update_lifetime(&mut keys[i], lifetime, &iv, now);
            match active {
                Some(a) => {
                    let k = &keys[i];
                    if !k.is_unused()
                        && k.goal() == O
                        && dep(keys, i).is_none()
                        && dep(keys, a).is_none()
                    {
                        excess.push(i);
                    }
                }
                None => {
                    if keys[i].goal() == O || keys[i].is_active(now) {
                        active = Some(i);
                    }
                }
            }
        }
        if let Some(a) = active {
            claimed.push(a);
        }
        match active {
            None => {
                let slot = new_key(keys, &mut created, entry, ctx, maker)?;
                if let Slot::Existing(i) = slot {
                    claimed.push(i);
                }
                let new = slot.get(keys, &mut created);
                new.set_lifetime(lifetime);
                first_key(new, &iv, now);
                finish_new(new, lifetime, &iv);
            }
            Some(a) => {
                let Some(p) = prepublication_time(&mut keys[a], lifetime, &iv, now) else {
                    // No rollover: BIND 9.18 lets this reset the next run time (fixed in
                    // later releases; docs/bind-compat.md, "keymgr: the key manager").
                    continue;
                };
                if p > now {
                    earliest(&mut next, p);
                    earliest(&mut next_without_parent, p);
                    continue;
                }
                if has_successor(keys, a) {
                    continue;
                }
                let slot = new_key(keys, &mut created, entry, ctx, maker)?;
                if let Slot::Existing(i) = slot {
                    claimed.push(i);
                }
                let (a_tag, a_inactive) = (keys[a].tag(), keys[a].key.timing.inactive);
                let new = slot.get(keys, &mut created);
                new.set_lifetime(lifetime);
                successor(new, a_tag, a_inactive, p, &iv, now);
                finish_new(new, lifetime, &iv);
                let new_tag = new.tag();
                keys[a].set_link(None, Some(new_tag));
                keys[a].set_goal(H);
            }
        }
    }
    for i in excess {
        if !claimed.contains(&i) {
            retire(&mut keys[i], &iv, now);
        }
    }
    keys.extend(created);
    // Phase 3: the state machine until a pass changes nothing.
    let (due, parent) = state_machine(keys, ctx.policy, &iv, now);
    if let Some(t) = due {
        earliest(&mut next, t);
        earliest(&mut next_without_parent, t);
    }
    if let Some(t) = parent {
        earliest(&mut next, t);
    }
    // Phase 4: every key gets the policy's DNSKEY TTL.
    for k in keys.iter_mut() {
        let ttl = Some(Ttl(ctx.policy.dnskey_ttl.0));
        if k.key.ttl != ttl {
            k.key.ttl = ttl;
            k.modified = true;
        }
    }
    Ok(RunOutcome {
        next,
        next_without_parent,
    })
}

/// The live predecessor of key `k`: the first key whose Successor names `k` and whom `k`'s
/// Predecessor names, unless all its states are hidden.
fn dep(keys: &[ManagedKey], k: usize) -> Option<u16> {
    let key = &keys[k];
    keys.iter()
        .find(|d| {
            d.key.timing.successor == Some(key.tag())
                && key.key.timing.predecessor == Some(d.tag())
                && !d.all_hidden()
        })
        .map(ManagedKey::tag)
}

/// True when key `a` has a successor in the keyring (links both ways).
fn has_successor(keys: &[ManagedKey], a: usize) -> bool {
    let ak = &keys[a];
    keys.iter().any(|s| {
        ak.key.timing.successor == Some(s.tag()) && s.key.timing.predecessor == Some(ak.tag())
    })
}

/// True when `k` is what `entry` asks for: algorithm, size and both role booleans.
pub(super) fn matches_entry(k: &ManagedKey, entry: &PolicyKey) -> bool {
    k.key.algorithm() == entry.algorithm
        && k.key.bits() == Some(entry.bits)
        && k.ksk() == Some(entry.role.is_ksk())
        && k.zsk() == Some(entry.role.is_zsk())
}

/// Gives a key its role and any missing state from its timing metadata (keys made outside
/// the key manager; docs/bind-compat.md, "keymgr: the key manager", adoption).
pub(super) fn init(k: &mut ManagedKey, csk: bool, iv: &Intervals, now: UnixTime) {
    let sep = k.key.is_ksk();
    let ksk = k.ksk().unwrap_or(sep || csk);
    let zsk = k.zsk().unwrap_or(!sep || csk);
    k.set_role(ksk, zsk);
    let t = k.key.timing.clone();
    let ttl_key = i64::from(k.start_ttl);
    let due = |at: Option<UnixTime>| at.is_some_and(|a| a <= now);
    let settled = |at: Option<UnixTime>, wait: i64| at.is_some_and(|a| a.offset(wait) <= now);
    let (mut dnskey, mut zrrsig, mut ds, mut goal) = (H, H, H, H);
    if due(t.activate) {
        zrrsig = if settled(t.activate, iv.ttl_sig + iv.dprp) {
            O
        } else {
            R
        };
        goal = O;
    }
    if due(t.publish) {
        dnskey = if settled(t.publish, ttl_key + iv.dprp) {
            O
        } else {
            R
        };
        goal = O;
    }
    if due(t.sync_publish) {
        ds = if settled(t.sync_publish, iv.ttl_ds + iv.dprp_parent) {
            O
        } else {
            R
        };
        goal = O;
    }
    if due(t.inactive) {
        zrrsig = if settled(t.inactive, iv.ttl_sig + iv.dprp) {
            H
        } else {
            U
        };
        ds = U;
        goal = H;
    }
    if due(t.delete) {
        dnskey = if settled(t.delete, ttl_key + iv.dprp) {
            H
        } else {
            U
        };
        zrrsig = H;
        ds = H;
        goal = H;
    }
    let fill = |k: &mut ManagedKey, r: Record, s: RecordState| {
        if k.has_record(r) && k.state(r).is_none() {
            k.set_state(r, s, now);
        }
    };
    fill(k, Record::Dnskey, dnskey);
    fill(k, Record::Zrrsig, zrrsig);
    fill(k, Record::Krrsig, dnskey);
    fill(k, Record::Ds, ds);
    if k.key.state.as_ref().and_then(|s| s.goal_state).is_none() {
        k.set_goal(goal);
    }
}

/// Retires a key: Inactive now (unless already past), goal hidden, Delete recomputed, and
/// any missing state taken as omnipresent.
fn retire(k: &mut ManagedKey, iv: &Intervals, now: UnixTime) {
    if k.key.timing.inactive.is_none_or(|i| i > now) {
        k.set_time(TimeField::Inactive, Some(now));
    }
    k.set_goal(H);
    let delete = delete_time(k, iv);
    k.set_time(TimeField::Delete, delete);
    for r in Record::ALL {
        if k.has_record(r) && k.state(r).is_none() {
            k.set_state(r, O, now);
        }
    }
}

/// True when a dead key's files may go: `purge-keys` after its last state change, every
/// record hidden, and it was used once.
fn may_purge(k: &ManagedKey, policy: &Policy, now: UnixTime) -> bool {
    let Some(after) = policy.purge_keys else {
        return false;
    };
    if after.0 == 0 || k.goal() == O || k.is_unused() {
        return false;
    }
    let hidden = Record::ALL
        .iter()
        .filter(|&&r| k.has_record(r))
        .all(|&r| matches!(k.state(r), None | Some(H)));
    if !hidden {
        return false;
    }
    let last = Record::ALL.iter().filter_map(|&r| k.changed(r)).max();
    last.is_some_and(|l| l.offset(after.seconds()) < now)
}

/// Applies the entry's lifetime to a matching key: set when missing; a changed lifetime
/// reschedules a key still wanted.
fn update_lifetime(k: &mut ManagedKey, lifetime: u32, iv: &Intervals, now: UnixTime) {
    match k.lifetime() {
        None => k.set_lifetime(lifetime),
        Some(l) if l != lifetime && k.goal() == O => {
            k.set_lifetime(lifetime);
            if lifetime > 0 {
                let from = k.key.timing.activate.unwrap_or(now);
                k.set_time(TimeField::Inactive, Some(from.offset(i64::from(lifetime))));
                let delete = delete_time(k, iv);
                k.set_time(TimeField::Delete, delete);
            } else {
                k.set_time(TimeField::Inactive, None);
                k.set_time(TimeField::Delete, None);
            }
        }
        Some(_) => {}
    }
}

/// When the successor of the active key `a` must be published (its Inactive time minus
/// Ipub), filling in the times `a` lacks; None when `a` never rolls.
fn prepublication_time(
    a: &mut ManagedKey,
    lifetime: u32,
    iv: &Intervals,
    now: UnixTime,
) -> Option<UnixTime> {
    if a.key.timing.activate.is_none() {
        a.set_time(TimeField::Activate, Some(now));
    }
    if a.key.timing.publish.is_none() {
        a.set_time(TimeField::Publish, Some(now));
    }
    let lead = iv.ipub(i64::from(a.start_ttl));
    if a.is_ksk() && a.key.timing.sync_publish.is_none() {
        let publish = a.key.timing.publish.unwrap_or(now);
        let first = if a.key.timing.predecessor.is_none() {
            iv.first_sync_delay(i64::from(a.start_ttl))
        } else {
            lead
        };
        a.set_time(
            TimeField::SyncPublish,
            Some(publish.offset(lead.max(first))),
        );
    }
    let inactive = match a.key.timing.inactive {
        Some(i) => i,
        None => {
            if a.lifetime().is_none() {
                a.set_lifetime(lifetime);
            }
            let l = a.lifetime().unwrap_or(0);
            if l == 0 {
                return None;
            }
            let i = a.key.timing.activate.unwrap_or(now).offset(i64::from(l));
            a.set_time(TimeField::Inactive, Some(i));
            i
        }
    };
    let delete = delete_time(a, iv);
    a.set_time(TimeField::Delete, delete);
    Some(if lead > inactive.0 {
        now
    } else {
        inactive.offset(-lead)
    })
}

/// Where the key chosen for an entry is: a pre-generated key already in the keyring, or one
/// made in this run.
#[derive(Clone, Copy)]
enum Slot {
    Existing(usize),
    Created(usize),
}

impl Slot {
    fn get<'a>(
        self,
        keys: &'a mut [ManagedKey],
        created: &'a mut [ManagedKey],
    ) -> &'a mut ManagedKey {
        match self {
            Slot::Existing(i) => &mut keys[i],
            Slot::Created(i) => &mut created[i],
        }
    }
}

/// Picks the key for `entry`: an unused matching key (pre-generated), or a fresh one whose
/// tag and revoked tag no other key of its algorithm has.
fn new_key(
    keys: &[ManagedKey],
    created: &mut Vec<ManagedKey>,
    entry: &PolicyKey,
    ctx: &Context<'_>,
    maker: &mut dyn KeyMaker,
) -> Result<Slot, KeymgrError> {
    if let Some(i) = keys
        .iter()
        .position(|k| matches_entry(k, entry) && k.is_unused())
    {
        return Ok(Slot::Existing(i));
    }
    let flags = if entry.role.is_ksk() {
        Dnskey::ZONE | Dnskey::SEP
    } else {
        Dnskey::ZONE
    };
    let clashes = |created: &[ManagedKey], candidate: &Dnskey| {
        let tags = [candidate.unrevoked_tag(), candidate.revoked_tag()];
        keys.iter().chain(created.iter()).any(|k| {
            k.key.algorithm() == candidate.algorithm
                && (tags.contains(&k.key.dnskey.unrevoked_tag())
                    || tags.contains(&k.key.dnskey.revoked_tag()))
        })
    };
    for _ in 0..MAX_TAG_ATTEMPTS {
        let key = maker.make(entry.algorithm, entry.bits, flags)?;
        if clashes(created, &key.dnskey) || maker.reserved(&key.dnskey) {
            continue;
        }
        let mut k = ManagedKey::new(key);
        k.created = true;
        k.modified = true;
        k.key.ttl = Some(Ttl(ctx.policy.dnskey_ttl.0));
        k.start_ttl = ctx.policy.dnskey_ttl.0;
        k.set_role(entry.role.is_ksk(), entry.role.is_zsk());
        k.set_time(TimeField::Created, Some(ctx.now));
        init(&mut k, false, &Intervals::of(ctx.policy), ctx.now);
        created.push(k);
        return Ok(Slot::Created(created.len() - 1));
    }
    Err(KeymgrError::TagsExhausted)
}

/// The times of a zone's first key for an entry: published and active now; a KSK's
/// CDS/CDNSKEY once its DNSKEY and the zone's signatures have spread.
fn first_key(k: &mut ManagedKey, iv: &Intervals, now: UnixTime) {
    k.set_time(TimeField::Publish, Some(now));
    k.set_time(TimeField::Activate, Some(now));
    if k.is_ksk() {
        let delay = iv.first_sync_delay(i64::from(k.start_ttl));
        k.set_time(TimeField::SyncPublish, Some(now.offset(delay)));
    }
}

/// Schedules `new` as the successor of the key tagged `a_tag` that retires at
/// `a_inactive`: published at `p` (or when it was created, if later, shifting its activation
/// by as much), active when the predecessor retires.
fn successor(
    new: &mut ManagedKey,
    a_tag: u16,
    a_inactive: Option<UnixTime>,
    p: UnixTime,
    iv: &Intervals,
    now: UnixTime,
) {
    let c = new.key.timing.created.unwrap_or(now);
    let mut publish = p;
    let mut activate = a_inactive.unwrap_or(now);
    if publish < c {
        activate = activate.offset(c.0 - publish.0);
        publish = c;
    }
    if activate < c {
        activate = c;
    }
    new.set_link(Some(a_tag), None);
    new.set_time(TimeField::Publish, Some(publish));
    new.set_time(TimeField::Activate, Some(activate));
    if new.is_ksk() {
        let lead = iv.ipub(i64::from(new.start_ttl));
        new.set_time(TimeField::SyncPublish, Some(publish.offset(lead)));
    }
}

/// The common end of a new key: goal omnipresent and, with a lifetime, its retirement.
fn finish_new(k: &mut ManagedKey, lifetime: u32, iv: &Intervals) {
    k.set_goal(O);
    if lifetime > 0 {
        if let Some(a) = k.key.timing.activate {
            k.set_time(TimeField::Inactive, Some(a.offset(i64::from(lifetime))));
            let delete = delete_time(k, iv);
            k.set_time(TimeField::Delete, delete);
        }
    }
}

/// Moves records towards their keys' goals while the policy, the safety rules and the
/// timing allow; returns the earliest time a blocked move becomes due, and apart from it
/// the earliest hourly look at a DS the parent has not been confirmed to hold.
fn state_machine(
    keys: &mut [ManagedKey],
    policy: &Policy,
    iv: &Intervals,
    now: UnixTime,
) -> (Option<UnixTime>, Option<UnixTime>) {
    let mut next = None;
    let mut parent = None;
    // Each pass either changes a state or stops; a record moves at most three times
    // (H -> R -> O, or O -> U -> H), which bounds the loop.
    let bound = keys.len() * 4 * 4 + 1;
    for _ in 0..bound {
        let mut changed = false;
        for i in 0..keys.len() {
            for record in Record::ALL {
                if !keys[i].has_record(record) {
                    continue;
                }
                let Some(current) = keys[i].state(record) else {
                    continue;
                };
                let Some(want) = desired(keys[i].goal(), current) else {
                    continue;
                };
                let ring = Ring {
                    keys,
                    secure_to_insecure: policy.keys.is_empty(),
                };
                let mv = Move {
                    key: i,
                    record,
                    state: want,
                };
                if !ring.approved(mv) || !ring.allowed(mv) {
                    continue;
                }
                let last = match keys[i].changed(record) {
                    Some(t) => t,
                    None => {
                        keys[i].set_changed(record, now);
                        now
                    }
                };
                let when = transition_time(&keys[i], record, want, last, iv, now);
                if when > now {
                    if record == Record::Ds && !parent_confirmed(&keys[i], want, now) {
                        earliest(&mut parent, when);
                    } else {
                        earliest(&mut next, when);
                    }
                    continue;
                }
                keys[i].set_state(record, want, now);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    (next, parent)
}
