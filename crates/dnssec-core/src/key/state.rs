//! BIND's `.state` file (docs/bind-compat.md, "key files: .state"): the key-and-signing-policy
//! (KASP) state of a key, written by `keygen -k` and `settime -s`.
//!
//! Writing follows BIND's full order with every line present only when set. Reading skips the
//! first line and unknown tags, takes states case-insensitively, and, unlike BIND
//! (docs/bind-compat.md, "quirks" item 3), also reads the `PublishCDS`/`DeleteCDS`/`DSDelCount`
//! names that BIND itself writes, so our files round-trip.

use super::error::KeyError;
use super::timing::KeyTiming;
use crate::algorithm::Algorithm;
use crate::name::Name;
use crate::time::{format_ctime_in, format_timestamp, parse_key_timestamp, StampError, UnixTime};
use chrono::TimeZone;
use std::fmt;

/// One of the RFC 7583 / draft-ietf-dnsop-dnssec-key-timing record states BIND tracks
/// (docs/bind-compat.md, "key files: .state"), written lowercase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordState {
    /// Not in the zone and not in caches.
    Hidden,
    /// Introduced, possibly not yet everywhere.
    Rumoured,
    /// Everywhere.
    Omnipresent,
    /// Removed, possibly still in caches.
    Unretentive,
}

impl RecordState {
    /// Parses a state name in any case (`settime -s -d RUMOURED`).
    pub fn parse(text: &str) -> Option<RecordState> {
        Some(match text.to_ascii_lowercase().as_str() {
            "hidden" => RecordState::Hidden,
            "rumoured" => RecordState::Rumoured,
            "omnipresent" => RecordState::Omnipresent,
            "unretentive" => RecordState::Unretentive,
            _ => return None,
        })
    }

    /// The lowercase name BIND writes.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordState::Hidden => "hidden",
            RecordState::Rumoured => "rumoured",
            RecordState::Omnipresent => "omnipresent",
            RecordState::Unretentive => "unretentive",
        }
    }
}

impl fmt::Display for RecordState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The contents of a `.state` file (docs/bind-compat.md, "key files: .state"). Times that also
/// live in `.private` are in `timing` under their `.private` names (Generated = created,
/// Published = publish, Active = activate, Retired = inactive, Revoked = revoke, Removed =
/// delete, PublishCDS = sync_publish, DeleteCDS = sync_delete, DSPublish, DSRemoved = ds_delete).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyState {
    /// `Algorithm`: must match the key.
    pub algorithm: Option<Algorithm>,
    /// `Length` in bits: must match the key.
    pub length: Option<u32>,
    /// `Lifetime` in seconds (0 = unlimited).
    pub lifetime: Option<u32>,
    /// `KSK: yes|no`.
    pub ksk: Option<bool>,
    /// `ZSK: yes|no`.
    pub zsk: Option<bool>,
    /// The times, plus `Predecessor`/`Successor` (the other timing fields are unused here).
    pub timing: KeyTiming,
    /// `DSPubCount`.
    pub ds_pub_count: Option<u32>,
    /// `DSDelCount` (read also as `DSRemCount`).
    pub ds_del_count: Option<u32>,
    /// `DNSKEYChange`.
    pub dnskey_change: Option<UnixTime>,
    /// `ZRRSIGChange`.
    pub zrrsig_change: Option<UnixTime>,
    /// `KRRSIGChange`.
    pub krrsig_change: Option<UnixTime>,
    /// `DSChange`.
    pub ds_change: Option<UnixTime>,
    /// `DNSKEYState`.
    pub dnskey_state: Option<RecordState>,
    /// `ZRRSIGState`.
    pub zrrsig_state: Option<RecordState>,
    /// `KRRSIGState`.
    pub krrsig_state: Option<RecordState>,
    /// `DSState`.
    pub ds_state: Option<RecordState>,
    /// `GoalState`.
    pub goal_state: Option<RecordState>,
}

/// Where a `.state` line's value goes.
#[derive(Clone, Copy)]
enum Slot {
    Algorithm,
    Length,
    Lifetime,
    Predecessor,
    Successor,
    Ksk,
    Zsk,
    Time(fn(&mut KeyState) -> &mut Option<UnixTime>),
    Count(fn(&mut KeyState) -> &mut Option<u32>),
    State(fn(&mut KeyState) -> &mut Option<RecordState>),
}

/// BIND's write order (docs/bind-compat.md, "key files: .state").
const WRITE_ORDER: [(&str, Slot); 28] = [
    ("Algorithm", Slot::Algorithm),
    ("Length", Slot::Length),
    ("Lifetime", Slot::Lifetime),
    ("Predecessor", Slot::Predecessor),
    ("Successor", Slot::Successor),
    ("KSK", Slot::Ksk),
    ("ZSK", Slot::Zsk),
    ("Generated", Slot::Time(|s| &mut s.timing.created)),
    ("Published", Slot::Time(|s| &mut s.timing.publish)),
    ("Active", Slot::Time(|s| &mut s.timing.activate)),
    ("Retired", Slot::Time(|s| &mut s.timing.inactive)),
    ("Revoked", Slot::Time(|s| &mut s.timing.revoke)),
    ("Removed", Slot::Time(|s| &mut s.timing.delete)),
    ("DSPublish", Slot::Time(|s| &mut s.timing.ds_publish)),
    ("DSRemoved", Slot::Time(|s| &mut s.timing.ds_delete)),
    ("PublishCDS", Slot::Time(|s| &mut s.timing.sync_publish)),
    ("DeleteCDS", Slot::Time(|s| &mut s.timing.sync_delete)),
    ("DSPubCount", Slot::Count(|s| &mut s.ds_pub_count)),
    ("DSDelCount", Slot::Count(|s| &mut s.ds_del_count)),
    ("DNSKEYChange", Slot::Time(|s| &mut s.dnskey_change)),
    ("ZRRSIGChange", Slot::Time(|s| &mut s.zrrsig_change)),
    ("KRRSIGChange", Slot::Time(|s| &mut s.krrsig_change)),
    ("DSChange", Slot::Time(|s| &mut s.ds_change)),
    ("DNSKEYState", Slot::State(|s| &mut s.dnskey_state)),
    ("ZRRSIGState", Slot::State(|s| &mut s.zrrsig_state)),
    ("KRRSIGState", Slot::State(|s| &mut s.krrsig_state)),
    ("DSState", Slot::State(|s| &mut s.ds_state)),
    ("GoalState", Slot::State(|s| &mut s.goal_state)),
];

/// The names BIND's reader uses for three of the values (docs/bind-compat.md, "quirks" item 3);
/// accepted as well.
const READ_ALIASES: [(&str, Slot); 3] = [
    ("SyncPublish", Slot::Time(|s| &mut s.timing.sync_publish)),
    ("SyncDelete", Slot::Time(|s| &mut s.timing.sync_delete)),
    ("DSRemCount", Slot::Count(|s| &mut s.ds_del_count)),
];

/// Reads a `.state` file's text (docs/bind-compat.md, "key files: .state") as BIND 9.18's
/// reader does (docs/bind-compat.md, "keys: times, fields and checks"): the first line is
/// skipped; the next lines must be `Algorithm:` and `Length:` (`unexpected token` otherwise,
/// `end of file` when the file ends first); after them a line whose tag is unknown is skipped,
/// a known tag without a value is `unexpected token` (`end of file` at the end), a bad time is
/// `syntax error` or `out of range`, a bad number or yes/no is `unexpected token` or
/// `out of range`, and an unknown record state is `not found`. Every error names its line and tag.
pub fn parse_state(text: &str) -> Result<KeyState, KeyError> {
    let mut state = KeyState::default();
    let total = text.lines().count();
    let ends_with_newline = text.ends_with('\n');
    let mut lines = text
        .lines()
        .enumerate()
        .skip(1)
        .map(|(n, l)| (n + 1, l))
        .filter(|(_, l)| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with(';')
        });
    for required in ["Algorithm", "Length"] {
        let Some((n, line)) = lines.next() else {
            return Err(KeyError::at_line(
                KeyError::EndOfFile,
                total.max(1),
                Some(required),
            ));
        };
        let tag = line.split_ascii_whitespace().next().unwrap_or_default();
        if !tag
            .strip_suffix(':')
            .is_some_and(|t| t.eq_ignore_ascii_case(required))
        {
            return Err(KeyError::at_line(
                KeyError::UnexpectedToken,
                n,
                Some(required),
            ));
        }
        read_line(&mut state, n, line, n == total && !ends_with_newline)?;
    }
    for (n, line) in lines {
        read_line(&mut state, n, line, n == total && !ends_with_newline)?;
    }
    Ok(state)
}

/// Reads one `Tag: value` line into `state`; unknown tags (and lines without a `Tag:`) are
/// skipped. `last` says the line ends the file without a newline, where BIND reports a
/// missing value as `end of file`.
fn read_line(state: &mut KeyState, n: usize, line: &str, last: bool) -> Result<(), KeyError> {
    let mut tokens = line.split_ascii_whitespace();
    let Some(tag) = tokens.next().and_then(|t| t.strip_suffix(':')) else {
        return Ok(());
    };
    let Some(&(name, slot)) = WRITE_ORDER
        .iter()
        .chain(READ_ALIASES.iter())
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
    else {
        return Ok(());
    };
    let at = |e: KeyError| KeyError::at_line(e, n, Some(name));
    let Some(value) = tokens.next() else {
        return Err(at(if last {
            KeyError::EndOfFile
        } else {
            KeyError::UnexpectedToken
        }));
    };
    // BIND reads numbers as unsigned 32-bit: a sign or other text is `unexpected token`,
    // digits that do not fit are `out of range`.
    let number = || -> Result<u32, KeyError> {
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(at(KeyError::UnexpectedToken));
        }
        value.parse::<u32>().map_err(|_| at(KeyError::OutOfRange))
    };
    let yes_no = || match value {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(at(KeyError::UnexpectedToken)),
    };
    match slot {
        Slot::Algorithm => {
            state.algorithm = Some(Algorithm(
                u8::try_from(number()?).map_err(|_| at(KeyError::UnexpectedToken))?,
            ))
        }
        Slot::Length => state.length = Some(number()?),
        Slot::Lifetime => state.lifetime = Some(number()?),
        Slot::Predecessor => {
            state.timing.predecessor =
                Some(u16::try_from(number()?).map_err(|_| at(KeyError::OutOfRange))?)
        }
        Slot::Successor => {
            state.timing.successor =
                Some(u16::try_from(number()?).map_err(|_| at(KeyError::OutOfRange))?)
        }
        Slot::Ksk => state.ksk = Some(yes_no()?),
        Slot::Zsk => state.zsk = Some(yes_no()?),
        Slot::Time(f) => {
            *f(state) = Some(parse_key_timestamp(value).map_err(|e| {
                at(match e {
                    StampError::Syntax => KeyError::Syntax,
                    StampError::OutOfRange => KeyError::OutOfRange,
                })
            })?)
        }
        Slot::Count(f) => *f(state) = Some(number()?),
        Slot::State(f) => {
            *f(state) = Some(RecordState::parse(value).ok_or_else(|| at(KeyError::UnknownState))?)
        }
    }
    Ok(())
}

/// [`parse_state`] for a key of `algorithm` and `bits`: a `.state` naming another algorithm
/// or size is refused at its line with BIND's `unexpected token`.
pub(super) fn parse_state_for(
    text: &str,
    algorithm: Algorithm,
    bits: Option<u32>,
) -> Result<KeyState, KeyError> {
    let state = parse_state(text)?;
    if state.check_matches(algorithm, bits).is_err() {
        // Find the line to name: Algorithm is checked first, as BIND does.
        let wrong_algorithm = state.algorithm.is_some_and(|a| a != algorithm);
        let (wanted, field) = if wrong_algorithm {
            ("algorithm:", "Algorithm")
        } else {
            ("length:", "Length")
        };
        let line = text
            .lines()
            .position(|l| l.trim_start().to_ascii_lowercase().starts_with(wanted))
            .map_or(1, |i| i + 1);
        return Err(KeyError::at_line(
            KeyError::UnexpectedToken,
            line,
            Some(field),
        ));
    }
    Ok(state)
}

impl KeyState {
    /// Checks the `Algorithm` and `Length` lines against the key (docs/bind-compat.md,
    /// "key files: .state": a mismatch makes loading fail).
    pub fn check_matches(&self, algorithm: Algorithm, bits: Option<u32>) -> Result<(), KeyError> {
        if self.algorithm.is_some_and(|a| a != algorithm) {
            return Err(KeyError::StateMismatch);
        }
        if let (Some(len), Some(bits)) = (self.length, bits) {
            if len != bits {
                return Err(KeyError::StateMismatch);
            }
        }
        Ok(())
    }
}

/// Writes a `.state` file's text (docs/bind-compat.md, "key files: .state") for the key with
/// `tag` at `owner`, the ctime comments in `tz` (BIND uses local time).
pub(super) fn write_state_in<Tz: TimeZone>(
    state: &KeyState,
    tag: u16,
    owner: &Name,
    tz: &Tz,
) -> String
where
    Tz::Offset: fmt::Display,
{
    let mut out = format!("; This is the state of key {tag}, for {owner}\n");
    let mut s = state.clone();
    for (tag, slot) in WRITE_ORDER {
        let value = match slot {
            Slot::Algorithm => s.algorithm.map(|a| a.0.to_string()),
            Slot::Length => s.length.map(|v| v.to_string()),
            Slot::Lifetime => s.lifetime.map(|v| v.to_string()),
            Slot::Predecessor => s.timing.predecessor.map(|v| v.to_string()),
            Slot::Successor => s.timing.successor.map(|v| v.to_string()),
            Slot::Ksk => s.ksk.map(|v| if v { "yes" } else { "no" }.to_string()),
            Slot::Zsk => s.zsk.map(|v| if v { "yes" } else { "no" }.to_string()),
            Slot::Time(f) => {
                f(&mut s).map(|t| format!("{} ({})", format_timestamp(t), format_ctime_in(t, tz)))
            }
            Slot::Count(f) => f(&mut s).map(|v| v.to_string()),
            Slot::State(f) => f(&mut s).map(|v| v.as_str().to_string()),
        };
        if let Some(v) = value {
            out.push_str(&format!("{tag}: {v}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::sample_key_file as sample;
    use chrono::Utc;

    fn header(text: &str) -> (u16, Name) {
        let first = text.lines().next().unwrap();
        let rest = first.strip_prefix("; This is the state of key ").unwrap();
        let (tag, owner) = rest.split_once(", for ").unwrap();
        (tag.parse().unwrap(), Name::parse(owner, None).unwrap())
    }

    #[test]
    fn bind_samples_round_trip_byte_for_byte() {
        for name in [
            "kasp-after-keygen-k-default.state",
            "kasp-after-settime-s.state",
            "kasp-zsk-policy.state",
        ] {
            let text = sample(name);
            let state = parse_state(&text).unwrap();
            let (tag, owner) = header(&text);
            assert_eq!(write_state_in(&state, tag, &owner, &Utc), text, "{name}");
        }
    }

    #[test]
    fn reader_values() {
        let state = parse_state(&sample("kasp-after-settime-s.state")).unwrap();
        assert_eq!(state.algorithm, Some(Algorithm::ECDSAP256SHA256));
        assert_eq!(state.length, Some(256));
        assert_eq!(
            (state.ksk, state.zsk, state.lifetime),
            (Some(true), Some(true), Some(0))
        );
        assert_eq!(state.ds_state, Some(RecordState::Rumoured));
        assert_eq!(state.zrrsig_state, Some(RecordState::Hidden));
        assert_eq!(
            state.timing.ds_delete,
            crate::time::parse_timestamp("20270124020910")
        );
        assert_eq!(
            state.timing.sync_publish,
            crate::time::parse_timestamp("20261126020910")
        );
        assert!(state
            .check_matches(Algorithm::ECDSAP256SHA256, Some(256))
            .is_ok());
        assert_eq!(
            state.check_matches(Algorithm::ED25519, Some(256)),
            Err(KeyError::StateMismatch)
        );
        assert_eq!(
            state.check_matches(Algorithm::ECDSAP256SHA256, Some(384)),
            Err(KeyError::StateMismatch)
        );
    }

    #[test]
    fn reader_rules() {
        let text = "Algorithm: 99\nalgorithm: 13\nLength: 256\nFuture: thing\nno colon here\nDNSKEYSTATE: OMNIPRESENT\nSyncPublish: 20300101000000\nDSRemCount: 2\nksk: yes\nPubl";
        let state = parse_state(text).unwrap();
        // the first line is a comment position and is skipped even when it looks like data;
        // unknown tags, lines without a tag and a cut-off tag at the end are skipped
        assert_eq!(state.algorithm, Some(Algorithm(13)));
        assert_eq!(state.dnskey_state, Some(RecordState::Omnipresent));
        assert_eq!(
            state.timing.sync_publish,
            crate::time::parse_timestamp("20300101000000")
        );
        assert_eq!(state.ds_del_count, Some(2));
        assert_eq!(state.ksk, Some(true));
        // What BIND 9.18's dnssec-settime answers for the same files, with line and tag.
        const HEAD: &str = "; header\nAlgorithm: 13\nLength: 256\n";
        let err = |body: &str| {
            parse_state(&format!("{HEAD}{body}"))
                .unwrap_err()
                .detail()
                .unwrap()
        };
        assert_eq!(err("DSState: maybe\n"), "line 4: DSState: not found");
        assert_eq!(err("Published: 2026\n"), "line 4: Published: syntax error");
        assert_eq!(err("Published: 2026"), "line 4: Published: syntax error");
        assert_eq!(
            err("Published: 20301301000000\n"),
            "line 4: Published: out of range"
        );
        assert_eq!(
            err("Published: 19000101000000\n"),
            "line 4: Published: out of range"
        );
        assert_eq!(err("Published:\n"), "line 4: Published: unexpected token");
        assert_eq!(err("Published:"), "line 4: Published: end of file");
        assert_eq!(err("KSK: YES\n"), "line 4: KSK: unexpected token");
        assert_eq!(err("Lifetime: -5\n"), "line 4: Lifetime: unexpected token");
        assert_eq!(
            err("Lifetime: 99999999999\n"),
            "line 4: Lifetime: out of range"
        );
        let whole = |text: &str| parse_state(text).unwrap_err().detail().unwrap();
        assert_eq!(
            whole("hello world\nthis is junk\n"),
            "line 2: Algorithm: unexpected token"
        );
        assert_eq!(whole(""), "line 1: Algorithm: end of file");
        assert_eq!(whole("; x\nAlgorithm: 13\n"), "line 2: Length: end of file");
        assert_eq!(
            whole("; x\nLength: 256\nAlgorithm: 13\n"),
            "line 2: Algorithm: unexpected token"
        );
        assert_eq!(
            parse_state_for(HEAD, Algorithm::ED25519, Some(256))
                .unwrap_err()
                .detail()
                .unwrap(),
            "line 2: Algorithm: unexpected token"
        );
        assert_eq!(
            parse_state_for(HEAD, Algorithm::ECDSAP256SHA256, Some(384))
                .unwrap_err()
                .detail()
                .unwrap(),
            "line 3: Length: unexpected token"
        );
        assert!(parse_state_for(HEAD, Algorithm::ECDSAP256SHA256, Some(256)).is_ok());
        // our own write of the CDS times reads back
        let owner = Name::parse("x.test.", None).unwrap();
        let written = write_state_in(&state, 1, &owner, &Utc);
        assert!(
            written.contains("PublishCDS: 20300101000000 (Tue Jan  1 00:00:00 2030)\n"),
            "{written}"
        );
        assert_eq!(parse_state(&written).unwrap(), state);
    }
}
