//! Reading BIND's time and TTL arguments (docs/bind-compat.md, "time arguments" and
//! "TTL and interval arguments"): absolute times in the stamp and ctime forms, `now`, offsets
//! with units, and the key-time ranges BIND keeps.

use chrono::{Local, NaiveDate, NaiveDateTime, TimeZone};

use super::*;

/// Reads a time argument as BIND's `-P/-A/-R/-I/-D`, signzone `-s/-e` and cds `-s` do
/// (docs/bind-compat.md, "time arguments"). `base` is what a bare `+N`/`-N` is relative to (now
/// for most tools, the start time for signzone `-e`); `now` is what `now` means. The ctime form
/// is read in the local time zone (TZ).
pub fn parse_time(text: &str, base: UnixTime, now: UnixTime) -> Result<TimeSpec, TimeError> {
    parse_time_in(text, base, now, &Local)
}

/// As [`parse_time`], with the ctime form read in the given time zone (for tests and for
/// callers that already hold the zone).
pub fn parse_time_in<Tz: TimeZone>(
    text: &str,
    base: UnixTime,
    now: UnixTime,
    tz: &Tz,
) -> Result<TimeSpec, TimeError> {
    if ["none", "never", "unset"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
    {
        return Ok(TimeSpec::Unset);
    }
    if text == "0" || text == "-" {
        return Ok(TimeSpec::Set(UnixTime::EPOCH));
    }
    let split = text.find(['+', '-']).unwrap_or(text.len());
    let (absolute, offset) = text.split_at(split);
    let start = match absolute {
        "" => base,
        "now" => now,
        _ => parse_absolute(absolute, tz).map_err(|e| e.for_text(text))?,
    };
    if offset.is_empty() {
        return Ok(TimeSpec::Set(start));
    }
    let negative = offset.starts_with('-');
    let seconds = parse_interval(&offset[1..], text, Interval::Offset)?;
    let delta = if negative {
        seconds.checked_neg()
    } else {
        Some(seconds)
    };
    let value = delta
        .and_then(|d| start.0.checked_add(d))
        .ok_or_else(|| TimeError::OutOfRange(text.to_string()))?;
    Ok(TimeSpec::Set(UnixTime(value)))
}

/// The key times BIND's key files carry with their meaning intact: 1970-01-01 00:00:00 to
/// 2106-02-07 06:28:15 UTC, the unsigned 32-bit range (docs/bind-compat.md, "keys: times,
/// fields and checks"). BIND reads any 14-digit stamp but keeps it modulo 2^32, so a time
/// outside this range would mean another date to BIND, or (before year 0) not be readable
/// at all; the tools refuse to write such times and the key-file readers refuse to read them.
pub(crate) const KEY_TIME_RANGE: std::ops::RangeInclusive<i64> = 0..=0xFFFF_FFFF;

/// True when `t` lies in [`KEY_TIME_RANGE`].
pub(crate) fn is_key_time(t: UnixTime) -> bool {
    KEY_TIME_RANGE.contains(&t.0)
}

/// The key times a tool may write at `now` so that BIND keeps them even when it rewrites the
/// file: BIND prints a stamp from the 32-bit value as the time nearest to now, so a time
/// 2^31 seconds (68 years) or more away from now comes back as another date (a `-P 2100`
/// stamp turns into 1963 after any BIND rewrite). This is [`KEY_TIME_RANGE`] cut to
/// `now - 2^31 .. now + 2^31` (docs/bind-compat.md, "keys: times, fields and checks").
pub(crate) fn key_time_window(now: UnixTime) -> std::ops::RangeInclusive<i64> {
    let half = 1i64 << 31;
    let lo = now.0.saturating_sub(half).max(*KEY_TIME_RANGE.start());
    let hi = now.0.saturating_add(half - 1).min(*KEY_TIME_RANGE.end());
    lo..=hi
}

/// [`parse_time`] for a time that goes into a key file (`-P`, `-A`, `-R`, `-I`, `-D` and the
/// sync/DS forms of keygen, settime and importkey): a result outside [`key_time_window`] is
/// refused as `time value X is invalid: out of range` (docs/bind-compat.md, "keys: times,
/// fields and checks").
pub fn parse_key_time(text: &str, base: UnixTime, now: UnixTime) -> Result<TimeSpec, TimeError> {
    parse_key_time_in(text, base, now, &Local)
}

/// [`parse_key_time`] with the ctime form read in `tz`.
pub(crate) fn parse_key_time_in<Tz: TimeZone>(
    text: &str,
    base: UnixTime,
    now: UnixTime,
    tz: &Tz,
) -> Result<TimeSpec, TimeError> {
    match parse_time_in(text, base, now, tz)? {
        TimeSpec::Set(t) if !key_time_window(now).contains(&t.0) => {
            Err(TimeError::OutOfRange(text.to_string()))
        }
        spec => Ok(spec),
    }
}

/// Reads a TTL or interval argument (`-L`, `-T`, `-i`; docs/bind-compat.md,
/// "TTL and interval arguments"): a number in C base-0 syntax with an optional unit; `none`,
/// `never` and `unset` mean 0 (no TTL). Values outside 0..2^32 are refused (BIND wraps them
/// modulo 2^32).
pub fn parse_ttl(text: &str) -> Result<Ttl, TimeError> {
    if ["none", "never", "unset"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
    {
        return Ok(Ttl(0));
    }
    let seconds = parse_interval(text, text, Interval::Ttl)?;
    u32::try_from(seconds)
        .map(Ttl)
        .map_err(|_| TimeError::OutOfRange(text.to_string()))
}

/// Reads an interval in seconds with the same syntax as [`parse_ttl`] but without the
/// `none` words, for options such as `-i` that must be a plain duration.
pub fn parse_interval_seconds(text: &str) -> Result<i64, TimeError> {
    parse_interval(text, text, Interval::Ttl)
}

/// Which caller a number-and-unit is for: the two differ only in the error for "no digits".
#[derive(Clone, Copy, PartialEq)]
enum Interval {
    Offset,
    Ttl,
}

/// A partial failure of an absolute time, before the whole argument is known.
pub(super) enum AbsoluteError {
    Invalid,
    OutOfRange,
}

impl AbsoluteError {
    fn for_text(self, text: &str) -> TimeError {
        match self {
            AbsoluteError::Invalid => TimeError::Invalid(text.to_string()),
            AbsoluteError::OutOfRange => TimeError::OutOfRange(text.to_string()),
        }
    }
}

fn parse_absolute<Tz: TimeZone>(text: &str, tz: &Tz) -> Result<UnixTime, AbsoluteError> {
    let b = text.as_bytes();
    let all_digits = b.iter().all(u8::is_ascii_digit);
    match b.len() {
        8 if all_digits => calendar_utc(b, false),
        14 if all_digits => calendar_utc(b, true),
        10 if all_digits => text
            .parse::<i64>()
            .map(UnixTime)
            .map_err(|_| AbsoluteError::Invalid),
        24 => parse_ctime(text, tz),
        _ => Err(AbsoluteError::Invalid),
    }
}

fn digits(b: &[u8]) -> u32 {
    b.iter()
        .fold(0u32, |acc, d| acc * 10 + u32::from(d.wrapping_sub(b'0')))
}

/// `YYYYMMDD[HHMMSS]` in UTC. A second of 60 is allowed and rolls into the next minute, as
/// BIND allows for leap seconds.
pub(super) fn calendar_utc(b: &[u8], with_time: bool) -> Result<UnixTime, AbsoluteError> {
    let (year, month, day) = (digits(&b[0..4]), digits(&b[4..6]), digits(&b[6..8]));
    let (hour, minute, second) = if with_time {
        (digits(&b[8..10]), digits(&b[10..12]), digits(&b[12..14]))
    } else {
        (0, 0, 0)
    };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day).ok_or(AbsoluteError::OutOfRange)?;
    if hour > 23 || minute > 59 || second > 60 {
        return Err(AbsoluteError::OutOfRange);
    }
    let midnight = date.and_hms_opt(0, 0, 0).ok_or(AbsoluteError::OutOfRange)?;
    let secs = midnight.and_utc().timestamp() + i64::from(hour * 3600 + minute * 60 + second);
    Ok(UnixTime(secs))
}

const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The 24-character `Day Mon DD HH:MM:SS YYYY` form, read in `tz` the way mktime reads it:
/// the weekday is checked for spelling only, and a day past the month's end rolls over
/// (`Feb 30` is 2 March), as BIND does.
fn parse_ctime<Tz: TimeZone>(text: &str, tz: &Tz) -> Result<UnixTime, AbsoluteError> {
    let fields: Vec<&str> = text.split_ascii_whitespace().collect();
    let [day_name, month_name, day, clock, year] = fields[..] else {
        return Err(AbsoluteError::Invalid);
    };
    if !DAY_NAMES.contains(&day_name) {
        return Err(AbsoluteError::Invalid);
    }
    let month = MONTH_NAMES
        .iter()
        .position(|m| *m == month_name)
        .ok_or(AbsoluteError::Invalid)? as u32
        + 1;
    let number = |s: &str,
                  max_len: usize,
                  range: std::ops::RangeInclusive<u32>|
     -> Result<u32, AbsoluteError> {
        if s.is_empty() || s.len() > max_len || !s.bytes().all(|c| c.is_ascii_digit()) {
            return Err(AbsoluteError::Invalid);
        }
        let v = digits(s.as_bytes());
        if range.contains(&v) {
            Ok(v)
        } else {
            Err(AbsoluteError::Invalid)
        }
    };
    let day = number(day, 2, 1..=31)?;
    let year = number(year, 4, 0..=9999)?;
    let hms: Vec<&str> = clock.split(':').collect();
    let [h, m, s] = hms[..] else {
        return Err(AbsoluteError::Invalid);
    };
    let (hour, minute, second) = (
        number(h, 2, 0..=23)?,
        number(m, 2, 0..=59)?,
        number(s, 2, 0..=61)?,
    );
    let first = NaiveDate::from_ymd_opt(year as i32, month, 1).ok_or(AbsoluteError::Invalid)?;
    let naive: NaiveDateTime = first.and_hms_opt(0, 0, 0).ok_or(AbsoluteError::Invalid)?
        + chrono::Duration::seconds(i64::from(
            (day - 1) * 86400 + hour * 3600 + minute * 60 + second,
        ));
    // mktime picks the earlier instant in a repeated hour and moves forward across a gap.
    let local = tz
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + chrono::Duration::hours(1)))
                .earliest()
        })
        .ok_or(AbsoluteError::Invalid)?;
    Ok(UnixTime(local.timestamp()))
}

/// Reads `N[unit]` where N follows C `strtoll` base 0 (leading blanks, a sign, `0x` hex,
/// leading-zero octal). `whole` is the full argument, for error messages.
fn parse_interval(text: &str, whole: &str, kind: Interval) -> Result<i64, TimeError> {
    let invalid = || TimeError::Invalid(whole.to_string());
    let out_of_range = || TimeError::OutOfRange(whole.to_string());
    let (number, rest) = strtoll(text).ok_or_else(out_of_range)?;
    let (number, rest) = match number {
        Some(n) => (n, rest),
        None if kind == Interval::Ttl => return Err(TimeError::TtlNotNumeric(whole.to_string())),
        None => (0, text),
    };
    let mut chars = rest.bytes();
    let unit: i64 = match chars.next().map(|c| c.to_ascii_lowercase()) {
        None => 1,
        Some(b'y') => 365 * 86400,
        Some(b'w') => 7 * 86400,
        Some(b'd') => 86400,
        Some(b'h') => 3600,
        Some(b's') => 1,
        Some(b'm') => match chars.next().map(|c| c.to_ascii_lowercase()) {
            Some(b'o') => 30 * 86400,
            Some(b'i') => 60,
            None => return Err(TimeError::Ambiguous(whole.to_string())),
            Some(_) => return Err(invalid()),
        },
        Some(_) => return Err(invalid()),
    };
    number.checked_mul(unit).ok_or_else(out_of_range)
}

/// C `strtoll(text, &end, 0)`: returns the number (None when no digits were read, in which
/// case nothing is consumed) and the unread rest. Returns None on overflow.
fn strtoll(text: &str) -> Option<(Option<i64>, &str)> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let negative = match b.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let (radix, start) = if b.get(i) == Some(&b'0')
        && matches!(b.get(i + 1), Some(b'x' | b'X'))
        && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
    {
        (16, i + 2)
    } else if b.get(i) == Some(&b'0') {
        (8, i)
    } else {
        (10, i)
    };
    let mut end = start;
    while end < b.len() && (b[end] as char).is_digit(radix) {
        end += 1;
    }
    if end == start {
        return Some((None, text));
    }
    let magnitude = i128::from_str_radix(&text[start..end], radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    let value = i64::try_from(value).ok()?;
    Some((Some(value), &text[end..]))
}
