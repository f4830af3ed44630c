//! keymgr's output lines: one per change, then when to run next; and the reasons pending
//! transitions wait (after `-status`).

use dnssec_core::kasp::keymgr::{Change, DsSeen, Event, Pending, Wait};
use dnssec_core::key::RecordState;
use dnssec_core::time::{format_ctime, format_timestamp, UnixTime};
use dnssec_core::Name;

fn stamp(t: UnixTime) -> String {
    format!("{} ({})", format_timestamp(t), format_ctime(t))
}

fn state(s: Option<RecordState>) -> &'static str {
    s.map_or("none", RecordState::as_str)
}

/// The line for one change: `<zone>/<ALG>/<tag>: <what>`.
pub(super) fn event(zone: &Name, e: &Event) -> String {
    let what = match &e.change {
        Change::Created { ksk, zsk } => {
            let role = match (ksk, zsk) {
                (true, true) => "CSK",
                (true, false) => "KSK",
                _ => "ZSK",
            };
            format!("created ({role})")
        }
        Change::Purged => "purged (key files deleted)".to_string(),
        Change::Goal(from, to) => format!("goal {} -> {}", state(*from), to),
        Change::State(r, from, to) => format!("{} {} -> {}", r.tag(), state(*from), to),
        Change::Time(name, Some(t)) => format!("{name} {}", stamp(*t)),
        Change::Time(name, None) => format!("{name} unset"),
        Change::Value(name, v) => format!("{name} {v}"),
    };
    format!(
        "{}/{}/{}: {what}",
        zone.to_message_string(),
        e.algorithm,
        e.tag
    )
}

/// The last line of a step: when it must run next.
pub(super) fn next(zone: &Name, next: Option<UnixTime>) -> String {
    match next {
        Some(t) => format!("{}: next run {}", zone.to_message_string(), stamp(t)),
        None => format!("{}: no run scheduled", zone.to_message_string()),
    }
}

/// Why one transition waits.
pub(super) fn pending(p: &Pending) -> String {
    let why = match &p.wait {
        Wait::Policy => "waits for the key's own DNSKEY (policy)".to_string(),
        Wait::Safety => {
            "waits for another key (a DS, DNSKEY chain or signatures must stay in place)"
                .to_string()
        }
        Wait::Until(t) => format!("waits for caches until {}", stamp(*t)),
        Wait::Parent(DsSeen::Published) => {
            "waits for the parent's DS: run -checkds published once the parent has it".to_string()
        }
        Wait::Parent(DsSeen::Withdrawn) => {
            "waits for the parent to drop the DS: run -checkds withdrawn once it has".to_string()
        }
    };
    format!(
        "  key {} {} {} -> {}: {why}",
        p.tag,
        p.record.tag(),
        p.from,
        p.to
    )
}
