//! The operator's commands besides a run (docs/bind-compat.md, "keymgr: the key manager",
//! commands): recording the parent's DS by hand, as `rndc dnssec -checkds` does, and
//! scheduling a rollover, as `rndc dnssec -rollover` does. Each is followed by a run.

use super::error::KeymgrError;
use super::model::{ManagedKey, Record};
use super::timing::Intervals;
use crate::algorithm::Algorithm;
use crate::kasp::policy::Policy;
use crate::key::{RecordState, TimeField};
use crate::time::UnixTime;

/// What the parent was seen to do with a key's DS (RFC 7344 section 4 leaves the check
/// to the operator; docs/bind-compat.md, "keymgr: the key manager", checkds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DsSeen {
    /// The parent publishes the DS.
    Published,
    /// The parent no longer publishes the DS.
    Withdrawn,
}

/// Which key a command names: by tag and optionally algorithm, or the only candidate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeySelector {
    /// `-key`.
    pub tag: Option<u16>,
    /// `-alg`.
    pub algorithm: Option<Algorithm>,
}

fn pick(
    keys: &[ManagedKey],
    sel: KeySelector,
    candidate: impl Fn(&ManagedKey) -> bool,
) -> Result<usize, KeymgrError> {
    let found: Vec<usize> = (0..keys.len())
        .filter(|&i| {
            let k = &keys[i];
            !k.purged
                && candidate(k)
                && sel.tag.is_none_or(|t| t == k.tag())
                && sel.algorithm.is_none_or(|a| a == k.key.algorithm())
        })
        .collect();
    match found.as_slice() {
        [] => Err(KeymgrError::NoKeyMatch),
        [one] => Ok(*one),
        _ => Err(KeymgrError::MultipleKeys),
    }
}

/// Records that the parent published or withdrew the DS of the KSK-role key `sel` names,
/// at `when`: the DSPublish (DSRemoved) time, and the DS state forced to rumoured
/// (unretentive) when it is not that already. The DS change stamp stays as it is, as BIND
/// leaves it. Returns the key's tag.
pub fn checkds(
    keys: &mut [ManagedKey],
    sel: KeySelector,
    seen: DsSeen,
    when: UnixTime,
) -> Result<u16, KeymgrError> {
    // A key without the role booleans counts by its SEP flag.
    let i = pick(keys, sel, |k| k.ksk().unwrap_or(k.key.is_ksk()))?;
    let k = &mut keys[i];
    match seen {
        DsSeen::Published => {
            k.set_time(TimeField::DsPublish, Some(when));
            k.put_state(Record::Ds, RecordState::Rumoured);
        }
        DsSeen::Withdrawn => {
            k.set_time(TimeField::DsDelete, Some(when));
            k.put_state(Record::Ds, RecordState::Unretentive);
        }
    }
    Ok(k.tag())
}

/// Schedules the rollover of the key `sel` names: it retires at `when` plus the time its
/// successor needs to be published (Ipub), so the successor is made by the run at `when`.
/// The key must be active at `now`. Returns the key's tag.
pub fn rollover(
    keys: &mut [ManagedKey],
    sel: KeySelector,
    policy: &Policy,
    when: UnixTime,
    now: UnixTime,
) -> Result<u16, KeymgrError> {
    let i = pick(keys, sel, |_| true)?;
    let k = &mut keys[i];
    if k.key.timing.activate.is_none_or(|a| a > now) {
        return Err(KeymgrError::NotActivelySigning);
    }
    let iv = Intervals::of(policy);
    let retire = when.offset(iv.ipub(i64::from(k.start_ttl)));
    k.set_time(TimeField::Inactive, Some(retire));
    Ok(k.tag())
}
