//! The two ways key files print a time (docs/bind-compat.md, "key files: .key" and "quirks"
//! item 16): the `YYYYMMDDHHMMSS` UTC stamp and the ctime comment.

use chrono::{DateTime, Datelike, Local, TimeZone, Timelike, Utc};
use std::fmt;

use super::parse::calendar_utc;
use super::*;

/// Formats a time as the `YYYYMMDDHHMMSS` UTC stamp of key files (docs/bind-compat.md,
/// "key files: .key" and "key files: .private").
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

/// Reads the `YYYYMMDDHHMMSS` stamp of `.private` and `.state` files (docs/bind-compat.md,
/// "key files: .private"); None when it is not 14 digits or not a calendar time.
#[cfg(test)]
pub(crate) fn parse_timestamp(text: &str) -> Option<UnixTime> {
    let b = text.as_bytes();
    if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    calendar_utc(b, true).ok()
}

/// Why a key file's time stamp was refused (docs/bind-compat.md, "keys: times, fields and
/// checks").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum StampError {
    /// Not 14 digits: BIND says `syntax error`.
    Syntax,
    /// A month, day or clock field outside its range (BIND: `out of range`), or a time
    /// outside [`KEY_TIME_RANGE`] (BIND would wrap it to another date).
    OutOfRange,
}

/// Reads a key file's `YYYYMMDDHHMMSS` stamp, keeping only times in [`KEY_TIME_RANGE`].
pub(crate) fn parse_key_timestamp(text: &str) -> Result<UnixTime, StampError> {
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
/// (docs/bind-compat.md, "key files: .key": the parenthesised part of `.key` comments;
/// docs/bind-compat.md, "quirks" item 16).
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
