//! BIND's time and TTL syntax (docs/bind-compat.md, "time arguments" and
//! "TTL and interval arguments"), the two ways key files print a time (docs/bind-compat.md,
//! "key files: .key" and "quirks" item 16), and RFC 1982 serial-number arithmetic for SOA
//! serials and the 32-bit RRSIG times of RFC 4034 section 3.1.5.
//!
//! The rules below were checked against `dnssec-settime -P <value>` / `-up P` (BIND 9.18):
//! `now` and the ctime form are case-sensitive (`NOW` is invalid) while the unit letters and
//! `none|never|unset` are not; the first `+` or `-` splits an absolute part from an offset;
//! the offset number is read like C `strtoll` with base 0 (so `+0x10` is 16 and `+010` is 8);
//! text after a unit letter is ignored (`+1dx` is one day).
//!
//! BIND keeps key times in 32 bits and wraps values outside 1970..2106 (`99991231` becomes a
//! 1969 date). [`UnixTime`] is 64-bit here; times meant for key files are refused where BIND
//! would change their meaning ([`parse_key_time`], `KEY_TIME_RANGE`); other times (RRSIG
//! validity, `cds -s`) keep their 64-bit meaning, and an offset that overflows 64 bits is
//! refused as out of range.

use chrono::Utc;
use std::cmp::Ordering;
use std::fmt;

mod parse;
mod stamp;

pub(crate) use parse::is_key_time;
pub use parse::{parse_interval_seconds, parse_key_time, parse_time, parse_time_in, parse_ttl};
#[cfg(test)]
pub(crate) use stamp::parse_timestamp;
pub use stamp::{format_ctime, format_ctime_in, format_timestamp};
pub(crate) use stamp::{parse_key_timestamp, StampError};

/// Seconds since 1970-01-01 00:00:00 UTC, the unit of every key time (docs/bind-compat.md,
/// "time arguments").
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// The epoch itself, which `0` and `-` denote (docs/bind-compat.md, "time arguments").
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
/// `never` and `unset` ask for (docs/bind-compat.md, "time arguments").
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

/// Why a time or TTL argument was refused, worded as BIND's tools word it (docs/bind-compat.md,
/// "time arguments" and "TTL and interval arguments").
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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
mod tests;
