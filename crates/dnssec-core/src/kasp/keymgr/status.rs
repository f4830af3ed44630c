//! What `rndc dnssec -status` prints for a zone (docs/bind-compat.md, "keymgr: the key
//! manager", status), and, beyond it, why each pending transition waits.

use super::model::{ManagedKey, Record};
use super::rules::{desired, Move, Ring};
use super::timing::{transition_time, Intervals};
use crate::kasp::policy::Policy;
use crate::key::RecordState;
use crate::time::{format_ctime_in, UnixTime};
use chrono::TimeZone;
use std::fmt;

use RecordState::{Hidden as H, Omnipresent as O, Rumoured as R, Unretentive as U};

fn role(k: &ManagedKey) -> &'static str {
    match (k.is_ksk(), k.is_zsk()) {
        (true, true) => "CSK",
        (true, false) => "KSK",
        (false, true) => "ZSK",
        (false, false) => "NOSIGN",
    }
}

/// The status text of `keys` under `policy` at `now`, times in `tz`, laid out as rndc
/// prints it: the policy, the time, then per key (unused keys left out) when it was
/// published and signs, its rollover, and its goal and record states.
pub fn status<Tz: TimeZone>(keys: &[ManagedKey], policy: &Policy, now: UnixTime, tz: &Tz) -> String
where
    Tz::Offset: fmt::Display,
{
    let iv = Intervals::of(policy);
    let ctime = |t: UnixTime| format_ctime_in(t, tz);
    let mut out = format!(
        "dnssec-policy: {}\ncurrent time:  {}\n",
        policy.name,
        ctime(now)
    );
    for k in keys.iter().filter(|k| !k.purged && !k.is_unused()) {
        let mnemonic = k
            .key
            .algorithm()
            .mnemonic()
            .map_or_else(|| k.key.algorithm().0.to_string(), str::to_string);
        out.push_str(&format!("\nkey: {} ({mnemonic}), {}\n", k.tag(), role(k)));
        let t = &k.key.timing;
        let mut since = |label: &str, record: Record, when: Option<UnixTime>| {
            let when_t = when.unwrap_or(UnixTime(0));
            out.push_str(label);
            if matches!(k.state(record), Some(R | O)) {
                out.push_str(&format!("yes - since {}\n", ctime(when_t)));
            } else if now < when_t {
                out.push_str(&format!("no  - scheduled {}\n", ctime(when_t)));
            } else {
                out.push_str("no\n");
            }
        };
        since("  published:      ", Record::Dnskey, t.publish);
        if k.is_ksk() {
            since("  key signing:    ", Record::Krrsig, t.publish);
        }
        if k.is_zsk() {
            since("  zone signing:   ", Record::Zrrsig, t.activate);
        }
        out.push('\n');
        out.push_str(&rollover_line(k, &iv, now, &ctime));
        for (label, state) in [
            (
                "goal:           ",
                k.key.state.as_ref().and_then(|s| s.goal_state),
            ),
            ("dnskey:         ", k.state(Record::Dnskey)),
            ("ds:             ", k.state(Record::Ds)),
            ("zone rrsig:     ", k.state(Record::Zrrsig)),
            ("key rrsig:      ", k.state(Record::Krrsig)),
        ] {
            if let Some(s) = state {
                out.push_str(&format!("  - {label}{s}\n"));
            }
        }
    }
    out
}

/// The rollover line (with its newline), or nothing for a key never published or
/// activated.
fn rollover_line(
    k: &ManagedKey,
    iv: &Intervals,
    now: UnixTime,
    ctime: &dyn Fn(UnixTime) -> String,
) -> String {
    let t = &k.key.timing;
    let zsk = k.is_zsk();
    let (rrsig, active, retire) = if zsk {
        (Record::Zrrsig, t.activate, t.inactive)
    } else {
        (Record::Krrsig, t.publish, t.delete)
    };
    if active.is_none_or(|a| a.0 == 0) {
        return String::new();
    }
    let goal = k.key.state.as_ref().and_then(|s| s.goal_state);
    let line = if goal == Some(H) && matches!(k.state(rrsig), Some(U | H)) {
        if matches!(k.state(Record::Dnskey), Some(R | O)) {
            match t.delete {
                Some(d) => format!("  Key is retired, will be removed on {}", ctime(d)),
                None => String::new(),
            }
        } else {
            "  Key has been removed from the zone".to_string()
        }
    } else {
        match retire {
            Some(r) if now < r => {
                if goal == Some(O) {
                    // The successor's publication: Inactive minus Ipub.
                    let lead = iv.ipub(i64::from(k.start_ttl));
                    let inactive = t.inactive.unwrap_or(r);
                    let p = if lead > inactive.0 {
                        now
                    } else {
                        inactive.offset(-lead)
                    };
                    format!("  Next rollover scheduled on {}", ctime(p))
                } else {
                    format!("  Key will retire on {}", ctime(r))
                }
            }
            Some(r) => format!("  Rollover is due since {}", ctime(r)),
            None => "  No rollover scheduled".to_string(),
        }
    };
    format!("{line}\n")
}

/// Why a record of a key is not moving towards its goal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wait {
    /// The policy wants the key's own DNSKEY further along first.
    Policy,
    /// The move would break one of the DNSSEC safety rules (another key must move first).
    Safety,
    /// Caches must expire first: the move is due at this time.
    Until(UnixTime),
    /// The parent's DS must be confirmed by checkds first (published or withdrawn).
    Parent(super::commands::DsSeen),
}

/// A record that wants to move, and why it does not yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The key's tag.
    pub tag: u16,
    /// The record.
    pub record: Record,
    /// Its state now.
    pub from: RecordState,
    /// The state it wants.
    pub to: RecordState,
    /// What it waits for.
    pub wait: Wait,
}

/// Every record of `keys` that wants to move towards its key's goal at `now`, and what
/// stops it, judged as the state machine judges it.
pub fn pending(keys: &[ManagedKey], policy: &Policy, now: UnixTime) -> Vec<Pending> {
    let iv = Intervals::of(policy);
    let ring = Ring {
        keys,
        secure_to_insecure: policy.keys.is_empty(),
    };
    let mut out = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        for record in Record::ALL {
            if !k.has_record(record) {
                continue;
            }
            let Some(from) = k.state(record) else {
                continue;
            };
            let Some(to) = desired(k.goal(), from) else {
                continue;
            };
            let mv = Move {
                key: i,
                record,
                state: to,
            };
            let wait = if !ring.approved(mv) {
                Wait::Policy
            } else if !ring.allowed(mv) {
                Wait::Safety
            } else {
                let last = k.changed(record).unwrap_or(now);
                let unconfirmed = record == Record::Ds
                    && match to {
                        O => k.key.timing.ds_publish.is_none_or(|t| t > now),
                        H => k.key.timing.ds_delete.is_none_or(|t| t > now),
                        _ => false,
                    };
                if unconfirmed {
                    Wait::Parent(if to == O {
                        super::commands::DsSeen::Published
                    } else {
                        super::commands::DsSeen::Withdrawn
                    })
                } else {
                    Wait::Until(transition_time(k, record, to, last, &iv, now))
                }
            };
            out.push(Pending {
                tag: k.tag(),
                record,
                from,
                to,
                wait,
            });
        }
    }
    out
}
