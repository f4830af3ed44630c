//! The rules of `settime` (docs/bind-compat.md, "settime") that are more than flag plumbing:
//! reading the state options, upgrading old key formats, making a key the successor of another,
//! and the warnings BIND gives about a key's schedule. `run` wires these to argv and the files.

use anyhow::{anyhow, bail, Result};
use dnssec_core::key::{FormatVersion, Key, KeyState, RecordState};
use dnssec_core::time::UnixTime;

/// Which record's state a `-d/-k/-r/-z STATE DATE` option sets (docs/bind-compat.md,
/// "key files: .state" and "settime").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateKind {
    /// `-d`: DSState / DSChange.
    Ds,
    /// `-k`: DNSKEYState / DNSKEYChange.
    Dnskey,
    /// `-r`: KRRSIGState / KRRSIGChange.
    Krrsig,
    /// `-z`: ZRRSIGState / ZRRSIGChange.
    Zrrsig,
}

/// One `-d/-k/-r/-z` request: the state (None = `none`, remove it and its time) and when it
/// changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateChange {
    /// Which record.
    pub kind: StateKind,
    /// The new state, or None to remove it.
    pub state: Option<RecordState>,
    /// The change time (None when the DATE was `none`).
    pub at: Option<UnixTime>,
}

/// Reads a state name for `-d/-k/-r/-z/-g` in any case; `none` is Ok(None).
pub fn parse_state(text: &str) -> Result<Option<RecordState>> {
    if text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    RecordState::parse(text)
        .map(Some)
        .ok_or_else(|| anyhow!("unknown key state {text}"))
}

/// Reads `-g`: only `none`, `hidden` or `omnipresent` are goals.
pub fn parse_goal(text: &str) -> Result<Option<RecordState>> {
    match parse_state(text)? {
        None => Ok(None),
        Some(s @ (RecordState::Hidden | RecordState::Omnipresent)) => Ok(Some(s)),
        Some(_) => bail!("-g must be either none, hidden, or omnipresent"),
    }
}

/// Applies `-g` (outer None = not given) and the `-d/-k/-r/-z` requests to a key state.
pub fn apply_states(
    state: &mut KeyState,
    goal: Option<Option<RecordState>>,
    changes: &[StateChange],
) {
    if let Some(goal) = goal {
        state.goal_state = goal;
    }
    for c in changes {
        let (slot, time) = match c.kind {
            StateKind::Ds => (&mut state.ds_state, &mut state.ds_change),
            StateKind::Dnskey => (&mut state.dnskey_state, &mut state.dnskey_change),
            StateKind::Krrsig => (&mut state.krrsig_state, &mut state.krrsig_change),
            StateKind::Zrrsig => (&mut state.zrrsig_state, &mut state.zrrsig_change),
        };
        *slot = c.state;
        *time = if c.state.is_some() { c.at } else { None };
    }
}

/// Refuses a `.private` format this tool would change silently, unless `-f`
/// (docs/bind-compat.md, "key files: .private"). With `force`, an old (v1.2) key becomes v1.3
/// with Created = now and, when no time is being set, Publish = Activate = now, as BIND does; a
/// newer v1.x is rewritten as v1.3.
pub fn check_version(key: &mut Key, force: bool, setting_times: bool, now: UnixTime) -> Result<()> {
    let version = key.version;
    if version == FormatVersion::V1_3 {
        return Ok(());
    }
    let older = version < FormatVersion::V1_3;
    if !force {
        let hint = if older {
            "upgrade to new"
        } else {
            "downgrade to current"
        };
        bail!(
            "Key {} has incompatible format version {version}, use -f to force {hint} version.",
            key.describe()
        );
    }
    key.version = FormatVersion::V1_3;
    if older {
        key.timing.created = Some(now);
        if !setting_times {
            key.timing.publish = Some(now);
            key.timing.activate = Some(now);
        }
    }
    Ok(())
}

/// What `-S` decides from the predecessor: the successor's Publish and Activate times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuccessorTimes {
    /// Predecessor's Inactive minus the prepublication interval.
    pub publish: UnixTime,
    /// Predecessor's Inactive.
    pub activate: UnixTime,
}

/// The `-S` checks made on the predecessor alone (docs/bind-compat.md, "settime"): it must be
/// active and retire at a known time, far enough ahead for `interval` of prepublication. A
/// predecessor with no Delete time gets a warning through `warn`.
pub fn successor_times(
    pred: &Key,
    interval: i64,
    now: UnixTime,
    warn: impl Fn(&crate::cli::Lines),
) -> Result<SuccessorTimes> {
    if pred.timing.activate.is_none() {
        return Err(crate::cli::Lines::new(
            "\t",
            [
                "Predecessor has no activation date. You must set one before",
                "generating a successor.",
            ]
            .map(String::from),
        )
        .into());
    }
    let Some(inactive) = pred.timing.inactive else {
        return Err(crate::cli::Lines::new(
            "\t",
            [
                "Predecessor has no inactivation date. You must set one before",
                "generating a successor.",
            ]
            .map(String::from),
        )
        .into());
    };
    let publish = inactive.offset(-interval);
    if interval != 0 && publish < now {
        return Err(crate::cli::Lines::new(
            "\t",
            [
                "Time until predecessor inactivation is",
                "shorter than the prepublication interval.  Either change",
                "predecessor inactivation date, or use the -i option to set",
                "a shorter prepublication interval.",
            ]
            .map(String::from),
        )
        .into());
    }
    match pred.timing.delete {
        None => warn(&crate::cli::Lines::new(
            "\t",
            [
                "Predecessor has no removal date;",
                "it will remain in the zone indefinitely after rollover.",
            ]
            .map(String::from),
        )),
        Some(delete) if delete < inactive => warn(&crate::cli::Lines::new(
            "\t",
            [
                "Predecessor is scheduled to be deleted",
                "before it is scheduled to be inactive.",
            ]
            .map(String::from),
        )),
        Some(_) => {}
    }
    Ok(SuccessorTimes {
        publish,
        activate: inactive,
    })
}

/// The `-S` checks between the two keys: same owner, algorithm, size and flags.
pub fn check_successor_pair(key: &Key, pred: &Key) -> Result<()> {
    if key.owner.to_lowercase() != pred.owner.to_lowercase() {
        bail!("Key name mismatch");
    }
    if key.algorithm() != pred.algorithm() {
        bail!("Key algorithm mismatch");
    }
    if key.bits() != pred.bits() {
        bail!("Key size mismatch");
    }
    if key.dnskey.flags != pred.dnskey.flags {
        bail!("Key flags mismatch");
    }
    Ok(())
}

/// The schedule warning BIND gives when a key would be deleted before it is retired
/// (docs/bind-compat.md, "settime"), for the key's Inactive and Delete times with the options
/// applied. BIND checks on every run, so the warning also comes on runs that change nothing.
pub fn schedule_warning(
    inactive: Option<UnixTime>,
    delete: Option<UnixTime>,
) -> Option<crate::cli::Lines> {
    match (inactive, delete) {
        (Some(i), Some(d)) if d < i => Some(crate::cli::Lines::new(
            "\t",
            [
                "Key is scheduled to be deleted before it is",
                "scheduled to be inactive.",
            ]
            .map(String::from),
        )),
        _ => None,
    }
}

/// The warnings for `-R` on a key that is not a KSK or is revoked already.
pub fn revoke_warnings(key: &Key) -> Vec<String> {
    let mut out = Vec::new();
    if !key.is_ksk() {
        out.push(format!(
            "Key {} is not flagged as a KSK, but -R was used.  Revoking a ZSK is legal, but undefined.",
            key.describe()
        ));
    }
    if key.is_revoked() {
        out.push(format!(
            "Key {} is already revoked; changing the revocation date will not affect this.",
            key.describe()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_words() {
        assert_eq!(
            parse_state("OMNIPRESENT").unwrap(),
            Some(RecordState::Omnipresent)
        );
        assert_eq!(parse_state("None").unwrap(), None);
        assert_eq!(
            parse_state("FOO").unwrap_err().to_string(),
            "unknown key state FOO"
        );
        assert_eq!(
            parse_goal("RUMOURED").unwrap_err().to_string(),
            "-g must be either none, hidden, or omnipresent"
        );
        assert_eq!(parse_goal("hidden").unwrap(), Some(RecordState::Hidden));
    }

    #[test]
    fn none_removes_state_and_time() {
        let mut s = KeyState::default();
        let at = Some(UnixTime(5));
        apply_states(
            &mut s,
            Some(Some(RecordState::Omnipresent)),
            &[StateChange {
                kind: StateKind::Zrrsig,
                state: Some(RecordState::Hidden),
                at,
            }],
        );
        assert_eq!(
            (s.zrrsig_state, s.zrrsig_change),
            (Some(RecordState::Hidden), at)
        );
        assert_eq!(s.goal_state, Some(RecordState::Omnipresent));
        apply_states(
            &mut s,
            Some(None),
            &[StateChange {
                kind: StateKind::Zrrsig,
                state: None,
                at,
            }],
        );
        assert_eq!(
            (s.zrrsig_state, s.zrrsig_change, s.goal_state),
            (None, None, None)
        );
    }
}
