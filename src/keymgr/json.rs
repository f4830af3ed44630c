//! `-status -j`: the zone's keys and what waits, as one JSON object on one line (schema in
//! man/keymgr.1, "JSON STATUS"). Shell-safe: every string is escaped to printable ASCII
//! (`\uXXXX` for anything else), times are UNIX seconds or `null`, names are in escaped
//! presentation form.

use dnssec_core::kasp::keymgr::{DsSeen, ManagedKey, Pending, Record, Wait};
use dnssec_core::kasp::Policy;
use dnssec_core::key::RecordState;
use dnssec_core::time::UnixTime;
use dnssec_core::Name;
use std::fmt::Write as _;

/// A JSON string literal with everything outside printable ASCII escaped.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

fn time(t: Option<UnixTime>) -> String {
    t.map_or_else(|| "null".to_string(), |t| t.0.to_string())
}

fn state(s: Option<RecordState>) -> String {
    s.map_or_else(|| "null".to_string(), |s| string(s.as_str()))
}

fn number<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "null".to_string(), |v| v.to_string())
}

fn key(k: &ManagedKey) -> String {
    let t = &k.key.timing;
    let states: Vec<String> = Record::ALL
        .iter()
        .map(|r| {
            format!(
                "{}:{{\"state\":{},\"since\":{}}}",
                string(&r.tag().to_ascii_lowercase()),
                if k.has_record(*r) {
                    state(k.state(*r))
                } else {
                    "null".to_string()
                },
                time(k.changed(*r))
            )
        })
        .collect();
    format!(
        "{{\"tag\":{},\"algorithm\":{},\"ksk\":{},\"zsk\":{},\"goal\":{},\"lifetime\":{},\
         \"records\":{{{}}},\"times\":{{\"published\":{},\"active\":{},\"retired\":{},\
         \"removed\":{},\"sync_publish\":{},\"sync_delete\":{},\"ds_publish\":{},\
         \"ds_delete\":{}}},\"predecessor\":{},\"successor\":{}}}",
        k.tag(),
        k.key.algorithm().0,
        k.is_ksk(),
        k.is_zsk(),
        string(k.goal().as_str()),
        number(k.lifetime()),
        states.join(","),
        time(t.publish),
        time(t.activate),
        time(t.inactive),
        time(t.delete),
        time(t.sync_publish),
        time(t.sync_delete),
        time(t.ds_publish),
        time(t.ds_delete),
        number(t.predecessor),
        number(t.successor),
    )
}

fn pending(p: &Pending) -> String {
    let (wait, until) = match &p.wait {
        Wait::Policy => ("policy", None),
        Wait::Safety => ("safety", None),
        Wait::Until(t) => ("time", Some(*t)),
        Wait::Parent(DsSeen::Published) => ("parent-publish", None),
        Wait::Parent(DsSeen::Withdrawn) => ("parent-withdraw", None),
    };
    format!(
        "{{\"tag\":{},\"record\":{},\"from\":{},\"to\":{},\"wait\":{},\"until\":{}}}",
        p.tag,
        string(&p.record.tag().to_ascii_lowercase()),
        string(p.from.as_str()),
        string(p.to.as_str()),
        string(wait),
        time(until)
    )
}

/// The status object of one zone.
pub(super) fn status(
    zone: &Name,
    keys: &[ManagedKey],
    policy: &Policy,
    now: UnixTime,
    waits: &[Pending],
) -> String {
    let keys: Vec<String> = keys
        .iter()
        .filter(|k| !k.purged && !k.is_unused())
        .map(key)
        .collect();
    let waits: Vec<String> = waits.iter().map(pending).collect();
    format!(
        "{{\"zone\":{},\"policy\":{},\"time\":{},\"keys\":[{}],\"pending\":[{}]}}",
        string(&zone.to_message_string()),
        string(&policy.name),
        now.0,
        keys.join(","),
        waits.join(",")
    )
}

/// The status object of a zone keymgr leaves alone (docs/bind-compat.md, "keymgr:
/// dnssec-policy none and shared key directories"): `policy` is `"none"` for `dnssec-policy
/// none` and null for no policy, and no keys (they are not read).
pub(super) fn unmanaged(zone: &Name, policy: Option<&str>, now: UnixTime) -> String {
    format!(
        "{{\"zone\":{},\"policy\":{},\"time\":{},\"keys\":[],\"pending\":[]}}",
        string(&zone.to_message_string()),
        policy.map_or_else(|| "null".to_string(), string),
        now.0
    )
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn strings_are_printable_ascii() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("x\ny\u{e9}'$`"), r#""x\u000ay\u00e9'$`""#);
        assert_eq!(string("\u{1f600}"), r#""\ud83d\ude00""#);
    }
}
