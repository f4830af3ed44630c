//! BIND's time and TTL syntax (REFERENCE.md 0.2 and 0.3), the two ways key files print a time
//! (REFERENCE.md 1.1, QUIRK 16), and RFC 1982 serial-number arithmetic for SOA serials and
//! the 32-bit RRSIG times of RFC 4034 section 3.1.5.
//!
//! The rules below were checked against `dnssec-settime -P <value>` / `-up P` (BIND 9.18):
//! `now` and the ctime form are case-sensitive (`NOW` is invalid) while the unit letters and
//! `none|never|unset` are not; the first `+` or `-` splits an absolute part from an offset;
//! the offset number is read like C `strtoll` with base 0 (so `+0x10` is 16 and `+010` is 8);
//! text after a unit letter is ignored (`+1dx` is one day).
//!
//! BIND keeps key times in 32 bits and wraps values outside 1970..2106 (`99991231` becomes a
//! 1969 date). [`UnixTime`] is 64-bit here; times meant for key files are refused where BIND
//! would change their meaning ([`parse_key_time`], [`KEY_TIME_RANGE`]); other times (RRSIG
//! validity, `cds -s`) keep their 64-bit meaning, and an offset that overflows 64 bits is
//! refused as out of range.

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use std::cmp::Ordering;
use std::fmt;

/// Seconds since 1970-01-01 00:00:00 UTC, the unit of every key time (REFERENCE.md 0.2).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// The epoch itself, which `0` and `-` denote (REFERENCE.md 0.2).
    pub const EPOCH: UnixTime = UnixTime(0);

    /// This time moved by `seconds` (negative moves back), saturating at the i64 limits.
    pub fn offset(self, seconds: i64) -> UnixTime {
        UnixTime(self.0.saturating_add(seconds))
    }

    /// The 32-bit value RRSIG and key-state wire fields carry (RFC 4034 section 3.1.5:
    /// seconds modulo 2^32).
    pub fn to_u32_wrapping(self) -> u32 {
        self.0 as u32
    }

    /// The clock of this machine, for binaries (the core otherwise takes `now` as an argument).
    pub fn now() -> UnixTime {
        UnixTime(Utc::now().timestamp())
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The result of reading a time argument: a time, or the explicit "unset" that `none`,
/// `never` and `unset` ask for (REFERENCE.md 0.2).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum TimeSpec {
    /// A time was given.
    Set(UnixTime),
    /// The user asked for the time to be removed.
    Unset,
}

impl TimeSpec {
    /// The time, or None for `Unset`.
    pub fn time(self) -> Option<UnixTime> {
        match self {
            TimeSpec::Set(t) => Some(t),
            TimeSpec::Unset => None,
        }
    }
}

/// Why a time or TTL argument was refused, worded as BIND's tools word it (REFERENCE.md 0.2, 0.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeError {
    /// `time value X is invalid`.
    Invalid(String),
    /// `time value X is invalid: out of range` (a calendar field outside its range).
    OutOfRange(String),
    /// `'X' ambiguous: use 'mi' for minutes or 'mo' for months` (a bare `m` unit).
    Ambiguous(String),
    /// `TTL must be numeric` (a TTL with no digits).
    TtlNotNumeric(String),
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Invalid(s) => write!(f, "time value {s} is invalid"),
            TimeError::OutOfRange(s) => write!(f, "time value {s} is invalid: out of range"),
            TimeError::Ambiguous(s) => write!(
                f,
                "'{s}' ambiguous: use 'mi' for minutes or 'mo' for months"
            ),
            TimeError::TtlNotNumeric(_) => f.write_str("TTL must be numeric"),
        }
    }
}

impl std::error::Error for TimeError {}

/// Reads a time argument as BIND's `-P/-A/-R/-I/-D`, signzone `-s/-e` and cds `-s` do
/// (REFERENCE.md 0.2). `base` is what a bare `+N`/`-N` is relative to (now for most tools,
/// the start time for signzone `-e`); `now` is what `now` means. The ctime form is read in
/// the local time zone (TZ).
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
pub const KEY_TIME_RANGE: std::ops::RangeInclusive<i64> = 0..=0xFFFF_FFFF;

/// True when `t` lies in [`KEY_TIME_RANGE`].
pub fn is_key_time(t: UnixTime) -> bool {
    KEY_TIME_RANGE.contains(&t.0)
}

/// The key times a tool may write at `now` so that BIND keeps them even when it rewrites the
/// file: BIND prints a stamp from the 32-bit value as the time nearest to now, so a time
/// 2^31 seconds (68 years) or more away from now comes back as another date (a `-P 2100`
/// stamp turns into 1963 after any BIND rewrite). This is [`KEY_TIME_RANGE`] cut to
/// `now - 2^31 .. now + 2^31` (docs/bind-compat.md, "keys: times, fields and checks").
pub fn key_time_window(now: UnixTime) -> std::ops::RangeInclusive<i64> {
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
pub fn parse_key_time_in<Tz: TimeZone>(
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

/// A record TTL in seconds (RFC 1035 section 3.2.1; RFC 2181 section 8 limits it to 2^31-1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Ttl(pub u32);

impl Ttl {
    /// The largest TTL RFC 2181 section 8 allows.
    pub const MAX: Ttl = Ttl(0x7fff_ffff);
}

impl std::fmt::Display for Ttl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Reads a TTL or interval argument (`-L`, `-T`, `-i`; REFERENCE.md 0.3): a number in C
/// base-0 syntax with an optional unit; `none`, `never` and `unset` mean 0 (no TTL). Values
/// outside 0..2^32 are refused (BIND wraps them modulo 2^32).
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
enum AbsoluteError {
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
fn calendar_utc(b: &[u8], with_time: bool) -> Result<UnixTime, AbsoluteError> {
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

/// Formats a time as the `YYYYMMDDHHMMSS` UTC stamp of key files (REFERENCE.md 1.1, 1.2).
pub fn format_timestamp(t: UnixTime) -> String {
    match DateTime::<Utc>::from_timestamp(t.0, 0) {
        Some(dt) => format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            dt.year(),
            dt.month(),
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second()
        ),
        None => t.0.to_string(),
    }
}

/// Reads the `YYYYMMDDHHMMSS` stamp of `.private` and `.state` files (REFERENCE.md 1.2);
/// None when it is not 14 digits or not a calendar time.
pub fn parse_timestamp(text: &str) -> Option<UnixTime> {
    let b = text.as_bytes();
    if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    calendar_utc(b, true).ok()
}

/// Why a key file's time stamp was refused (docs/bind-compat.md, "keys: times, fields and
/// checks").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StampError {
    /// Not 14 digits: BIND says `syntax error`.
    Syntax,
    /// A month, day or clock field outside its range (BIND: `out of range`), or a time
    /// outside [`KEY_TIME_RANGE`] (BIND would wrap it to another date).
    OutOfRange,
}

/// Reads a key file's `YYYYMMDDHHMMSS` stamp, keeping only times in [`KEY_TIME_RANGE`].
pub fn parse_key_timestamp(text: &str) -> Result<UnixTime, StampError> {
    let b = text.as_bytes();
    if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
        return Err(StampError::Syntax);
    }
    match calendar_utc(b, true) {
        Ok(t) if is_key_time(t) => Ok(t),
        _ => Err(StampError::OutOfRange),
    }
}

/// Formats a time as C's ctime without the newline, `%a %b %e %H:%M:%S %Y`, in `tz`
/// (REFERENCE.md 1.1: the parenthesised part of `.key` comments; QUIRK 16).
pub fn format_ctime_in<Tz: TimeZone>(t: UnixTime, tz: &Tz) -> String
where
    Tz::Offset: fmt::Display,
{
    match DateTime::<Utc>::from_timestamp(t.0, 0) {
        Some(dt) => dt
            .with_timezone(tz)
            .format("%a %b %e %H:%M:%S %Y")
            .to_string(),
        None => t.0.to_string(),
    }
}

/// [`format_ctime_in`] in the local time zone (TZ), as BIND prints it.
pub fn format_ctime(t: UnixTime) -> String {
    format_ctime_in(t, &Local)
}

/// An RFC 1982 serial number (32-bit, SERIAL_BITS = 32), used for SOA serials and compared
/// with RRSIG inception/expiration (RFC 4034 section 3.1.5).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Serial(pub u32);

impl Serial {
    /// RFC 1982 section 3.1 addition: `n` must be at most 2^31 - 1.
    pub fn checked_add(self, n: u32) -> Option<Serial> {
        (n <= 0x7fff_ffff).then(|| Serial(self.0.wrapping_add(n)))
    }
}

impl PartialOrd for Serial {
    /// RFC 1982 section 3.2 comparison; None for the undefined pair that differs by 2^31.
    fn partial_cmp(&self, other: &Serial) -> Option<Ordering> {
        let (a, b) = (self.0, other.0);
        if a == b {
            return Some(Ordering::Equal);
        }
        let diff = b.wrapping_sub(a);
        match diff.cmp(&0x8000_0000) {
            Ordering::Less => Some(Ordering::Less),
            Ordering::Greater => Some(Ordering::Greater),
            Ordering::Equal => None,
        }
    }
}

/// Widens a 32-bit RRSIG time to the full time nearest to `now` (RFC 4034 section 3.1.5:
/// the fields are serial numbers modulo 2^32 and are read relative to the present).
pub fn rrsig_time_near(wire: u32, now: UnixTime) -> UnixTime {
    let delta = wire.wrapping_sub(now.0 as u32) as i32;
    UnixTime(now.0 + i64::from(delta))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    const NOW: UnixTime = UnixTime(1_795_495_065);
    const BASE: UnixTime = UnixTime(1_700_000_000);

    fn p(text: &str) -> Result<TimeSpec, TimeError> {
        parse_time_in(text, BASE, NOW, &Utc)
    }
    fn at(t: i64) -> Result<TimeSpec, TimeError> {
        Ok(TimeSpec::Set(UnixTime(t)))
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(p("20261201"), at(1_796_083_200));
        assert_eq!(p("20261201120000"), at(1_796_126_400));
        assert_eq!(p("1795486144"), at(1_795_486_144));
        assert_eq!(p("Tue Dec  1 00:00:00 2026"), at(1_796_083_200));
        assert_eq!(p("Tue Dec 01 00:00:00 2026"), at(1_796_083_200));
        // the weekday is not checked against the date, and days roll over as in mktime
        assert_eq!(p("Mon Dec  1 00:00:00 2026"), at(1_796_083_200));
        assert_eq!(p("Tue Feb 30 00:00:00 2026"), at(1_772_409_600));
        assert_eq!(p("Tue Dec  1 00:00:60 2026"), at(1_796_083_260));
        assert_eq!(p("20261231235960"), at(1_798_761_600));
        assert_eq!(p("19691231"), at(-86400));
        assert_eq!(p("now"), at(NOW.0));
        assert_eq!(p("0"), at(0));
        assert_eq!(p("-"), at(0));
        assert_eq!(p(""), at(BASE.0));
    }

    #[test]
    fn ctime_is_local_time() {
        let east = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            parse_time_in("Tue Dec  1 00:00:00 2026", BASE, NOW, &east),
            at(1_796_083_200 - 3600)
        );
    }

    #[test]
    fn unset_words() {
        for w in ["none", "NONE", "never", "NEVER", "unset", "UnSet"] {
            assert_eq!(p(w), Ok(TimeSpec::Unset), "{w}");
        }
    }

    #[test]
    fn offsets() {
        assert_eq!(p("20261201+1d"), at(1_796_169_600));
        assert_eq!(p("20261201+"), at(1_796_083_200));
        assert_eq!(p("20261201+1"), at(1_796_083_201));
        assert_eq!(p("20261201-1y"), at(1_764_547_200));
        assert_eq!(p("now+1w"), at(NOW.0 + 604_800));
        assert_eq!(p("now-1d"), at(NOW.0 - 86400));
        assert_eq!(p("now+"), at(NOW.0));
        assert_eq!(p("+1mo"), at(BASE.0 + 2_592_000));
        assert_eq!(p("+1Mo"), at(BASE.0 + 2_592_000));
        assert_eq!(p("-2h"), at(BASE.0 - 7200));
        assert_eq!(p("+90mi"), at(BASE.0 + 5400));
        assert_eq!(p("+1MI"), at(BASE.0 + 60));
        assert_eq!(p("+1y"), at(BASE.0 + 31_536_000));
        assert_eq!(p("+1Y"), at(BASE.0 + 31_536_000));
        assert_eq!(p("+10S"), at(BASE.0 + 10));
        assert_eq!(p("+10"), at(BASE.0 + 10));
        assert_eq!(p("-10"), at(BASE.0 - 10));
        assert_eq!(p("-0"), at(BASE.0));
        assert_eq!(p("+"), at(BASE.0));
        assert_eq!(p("1795486144+10"), at(1_795_486_154));
        assert_eq!(p("1795486144-1mo"), at(1_792_894_144));
        assert_eq!(p("Tue Dec  1 00:00:00 2026+1d"), at(1_796_169_600));
        // strtoll details: base 0, blanks and a second sign
        assert_eq!(p("+0x10"), at(BASE.0 + 16));
        assert_eq!(p("+010"), at(BASE.0 + 8));
        assert_eq!(p("+ 1"), at(BASE.0 + 1));
        assert_eq!(p("+-1"), at(BASE.0 - 1));
        assert_eq!(p("-+1d"), at(BASE.0 - 86400));
        // text after the unit letter is ignored
        assert_eq!(p("+1dx"), at(BASE.0 + 86400));
        assert_eq!(p("+1d+1d"), at(BASE.0 + 86400));
        assert_eq!(p("+1w2"), at(BASE.0 + 604_800));
    }

    #[test]
    fn errors() {
        let msg = |t: &str| p(t).unwrap_err().to_string();
        for bad in [
            "NOW",
            "Now+1W",
            "now ",
            " now",
            "nowx",
            "tomorrow",
            "2026",
            "00",
            "1",
            "179548614",
            "17954861440",
            "2026120a",
            "2026120112000a",
            "202612011200",
            "20261201x",
            "0+1d",
            "+1x",
            "+1 ",
            "+1 d",
            "+--1",
            "+1e5",
            "+0x",
            "+0xg",
            "+1mx",
            "20261201 +1d",
            "tue dec  1 00:00:00 2026",
            "Tue Dec 1 00:00:00 2026",
            "Tue Dec 32 00:00:00 2026",
            "Tue Foo  1 00:00:00 2026",
            "Xyz Dec  1 00:00:00 2026",
            "Tue Dec  1 25:00:00 2026",
            "nonex",
            "   +1",
        ] {
            assert_eq!(msg(bad), format!("time value {bad} is invalid"), "{bad:?}");
        }
        for bad in [
            "20261301",
            "20260230",
            "20261231240000",
            "20261301+1d",
            "+99999999999999999999",
        ] {
            assert_eq!(
                msg(bad),
                format!("time value {bad} is invalid: out of range"),
                "{bad:?}"
            );
        }
        assert_eq!(
            msg("+5m"),
            "'+5m' ambiguous: use 'mi' for minutes or 'mo' for months"
        );
        assert_eq!(
            msg("+1M"),
            "'+1M' ambiguous: use 'mi' for minutes or 'mo' for months"
        );
        assert_eq!(
            msg("now+5m"),
            "'now+5m' ambiguous: use 'mi' for minutes or 'mo' for months"
        );
        assert_eq!(
            msg("20261201+1m"),
            "'20261201+1m' ambiguous: use 'mi' for minutes or 'mo' for months"
        );
    }

    #[test]
    fn ttls() {
        let t = |s: &str| parse_ttl(s).map(|t| t.0);
        assert_eq!(t("3600"), Ok(3600));
        assert_eq!(t("1h"), Ok(3600));
        assert_eq!(t("1H"), Ok(3600));
        assert_eq!(t("0x10"), Ok(16));
        assert_eq!(t("010"), Ok(8));
        assert_eq!(t("1mi"), Ok(60));
        assert_eq!(t("1mo"), Ok(2_592_000));
        assert_eq!(t("1w"), Ok(604_800));
        assert_eq!(t("1y"), Ok(31_536_000));
        assert_eq!(t("1h30m"), Ok(3600));
        assert_eq!(t(" 1"), Ok(1));
        assert_eq!(t("+5"), Ok(5));
        assert_eq!(t("4294967295"), Ok(u32::MAX));
        for w in ["none", "NONE", "never", "unset", "0"] {
            assert_eq!(t(w), Ok(0));
        }
        let msg = |s: &str| parse_ttl(s).unwrap_err().to_string();
        assert_eq!(msg("abc"), "TTL must be numeric");
        assert_eq!(msg(""), "TTL must be numeric");
        assert_eq!(
            msg("1m"),
            "'1m' ambiguous: use 'mi' for minutes or 'mo' for months"
        );
        assert_eq!(msg("1x"), "time value 1x is invalid");
        assert_eq!(msg("08"), "time value 08 is invalid");
        assert_eq!(msg("1 h"), "time value 1 h is invalid");
        assert_eq!(msg("1mx"), "time value 1mx is invalid");
        assert_eq!(msg("-1"), "time value -1 is invalid: out of range");
        assert_eq!(
            msg("4294967296"),
            "time value 4294967296 is invalid: out of range"
        );
    }

    #[test]
    fn formatting() {
        assert_eq!(format_timestamp(UnixTime(1_796_083_200)), "20261201000000");
        assert_eq!(format_timestamp(UnixTime(-86400)), "19691231000000");
        assert_eq!(
            format_ctime_in(UnixTime(1_796_083_200), &Utc),
            "Tue Dec  1 00:00:00 2026"
        );
        assert_eq!(
            format_ctime_in(UnixTime(1_798_675_200), &Utc),
            "Thu Dec 31 00:00:00 2026"
        );
        let east = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(
            format_ctime_in(UnixTime(1_796_083_200), &east),
            "Tue Dec  1 01:00:00 2026"
        );
        assert_eq!(
            parse_timestamp("20261201000000"),
            Some(UnixTime(1_796_083_200))
        );
        assert_eq!(parse_timestamp("2026120100000"), None);
        assert_eq!(parse_timestamp("20261301000000"), None);
    }

    #[test]
    fn key_times_stay_in_32_bits() {
        let k = |t: &str| parse_key_time_in(t, BASE, NOW, &Utc);
        // NOW is in 2026: the window ends 2^31 seconds later, in December 2094
        assert_eq!(k("0"), at(0));
        assert_eq!(k("20941212075152"), at(NOW.0 + (1 << 31) - 1));
        assert_eq!(k("none"), Ok(TimeSpec::Unset));
        assert_eq!(key_time_window(UnixTime(0)), 0..=(1 << 31) - 1);
        assert_eq!(
            key_time_window(UnixTime(4_000_000_000)),
            (4_000_000_000 - (1 << 31))..=0xFFFF_FFFF
        );
        for bad in [
            "-3000y",
            "+9000y",
            "20941212075153",
            "21000101",
            "21060207062815",
            "21060207062816",
            "99991231235959",
            "5000000000",
            "19691231",
            "now-60y",
        ] {
            assert_eq!(
                k(bad).unwrap_err().to_string(),
                format!("time value {bad} is invalid: out of range"),
                "{bad}"
            );
        }
        assert_eq!(
            k("tomorrow").unwrap_err().to_string(),
            "time value tomorrow is invalid"
        );
        assert_eq!(parse_key_timestamp("19700101000000"), Ok(UnixTime(0)));
        assert_eq!(
            parse_key_timestamp("21060207062815"),
            Ok(UnixTime(0xFFFF_FFFF))
        );
        for (text, err) in [
            ("-9721130020626", StampError::Syntax),
            ("2026120100000", StampError::Syntax),
            ("20261301000000", StampError::OutOfRange),
            ("19000101000000", StampError::OutOfRange),
            ("21060207062816", StampError::OutOfRange),
            ("99991231235959", StampError::OutOfRange),
        ] {
            assert_eq!(parse_key_timestamp(text), Err(err), "{text}");
        }
    }

    #[test]
    fn serials() {
        assert!(Serial(1) < Serial(2));
        assert!(Serial(u32::MAX) < Serial(0));
        assert!(Serial(0) > Serial(u32::MAX));
        assert_eq!(Serial(0).partial_cmp(&Serial(0x8000_0000)), None);
        assert_eq!(Serial(u32::MAX).checked_add(1), Some(Serial(0)));
        assert_eq!(Serial(5).checked_add(0x8000_0000), None);
        let now = UnixTime(1_795_495_065);
        assert_eq!(
            rrsig_time_near(now.to_u32_wrapping().wrapping_add(10), now),
            now.offset(10)
        );
        assert_eq!(
            rrsig_time_near(now.to_u32_wrapping().wrapping_sub(10), now),
            now.offset(-10)
        );
        // past 2106 the 32-bit value wraps but still means the time near now
        let later = UnixTime(5_000_000_000);
        assert_eq!(
            rrsig_time_near(later.to_u32_wrapping(), later.offset(-100)),
            later
        );
    }
}
