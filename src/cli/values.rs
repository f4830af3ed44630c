//! The small value readers every tool shares: the last or only value of a repeated option,
//! C-style whole numbers, `-v`, key times, `-K`, domain names and paths as given.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// An argument as text: the UTF-8 parts as they are, every byte that is not part of valid
/// UTF-8 as `\DDD` (the decimal escape BIND uses for such octets in names). Used for option
/// values that are text (a non-UTF-8 byte can then never match a keyword or a number, and a
/// message shows it readably) and to show a file name in a message.
pub fn text(arg: &OsStr) -> String {
    dnssec_core::error::path_text(Path::new(arg))
}

/// A path as a message shows it: [`text`] of its bytes.
pub fn show(path: impl AsRef<Path>) -> String {
    dnssec_core::error::path_text(path.as_ref())
}

/// A `-v` verbosity level (docs/bind-compat.md,
/// "command line: options, usage and exit status"). Negative numbers are accepted, as C's
/// strtol reads them, and mean quiet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Verbosity(pub u32);

impl Verbosity {
    /// Reads the whole argument as a decimal integer with an optional sign (strtol, base 10,
    /// nothing may follow). None when it is not a number.
    pub fn parse(text: &str) -> Option<Verbosity> {
        let (negative, digits) = decimal(text)?;
        if negative {
            return Some(Verbosity(0));
        }
        Some(Verbosity(digits.parse::<u32>().unwrap_or(u32::MAX)))
    }
}

/// The common `-v` check: `-v must be followed by a number` (keygen, settime, dsfromkey,
/// importkey, revoke, cds; signzone and verify word it `verbose level must be numeric`).
pub fn verbosity(text: Option<&str>) -> anyhow::Result<Verbosity> {
    match text {
        None => Ok(Verbosity(0)),
        Some(t) => {
            Verbosity::parse(t).ok_or_else(|| anyhow::anyhow!("-v must be followed by a number"))
        }
    }
}

/// The last value of a repeatable option (later occurrences override earlier ones, as with
/// getopt loops that assign a variable).
pub fn last(values: &[String]) -> Option<&str> {
    values.last().map(String::as_str)
}

/// The value of an option that may be given only once (`-P specified more than once`, as
/// keygen and settime word it). `flag` is how the message names it (`-P`, `-P sync`).
pub fn once<'a>(values: &'a [String], flag: &str) -> anyhow::Result<Option<&'a str>> {
    if values.len() > 1 {
        anyhow::bail!("{flag} specified more than once");
    }
    Ok(last(values))
}

/// [`once`] for an option kept as bytes ([`Opt::bytes`](crate::cli::Opt::bytes)).
pub fn once_os<'a>(values: &'a [OsString], flag: &str) -> anyhow::Result<Option<&'a OsStr>> {
    if values.len() > 1 {
        anyhow::bail!("{flag} specified more than once");
    }
    Ok(last_os(values))
}

/// A key timing value (`-P`, `-A`, ... of keygen, settime and importkey; docs/bind-compat.md,
/// "time arguments"): the time, or None for the explicit unset (`none`). Relative values count
/// from `now`. Times a key file cannot carry (outside 1970..2106) are refused as out of range
/// (docs/bind-compat.md, "keys: times, fields and checks"). The tools read each value where
/// it stands on the command line and refuse a repeat there ([`InOrder::once`](crate::cli::InOrder::once)).
pub fn key_time(
    text: &str,
    now: dnssec_core::time::UnixTime,
) -> anyhow::Result<Option<dnssec_core::time::UnixTime>> {
    Ok(dnssec_core::time::parse_key_time(text, now, now)?.time())
}

/// The `-c` class: the last one given, IN by default; `unknown class C` otherwise (keygen,
/// dsfromkey, cds, signzone, verify word it alike).
pub fn class(values: &[String]) -> anyhow::Result<dnssec_core::Class> {
    match last(values) {
        None => Ok(dnssec_core::Class::IN),
        Some(c) => {
            dnssec_core::Class::from_mnemonic(c).ok_or_else(|| anyhow::anyhow!("unknown class {c}"))
        }
    }
}

/// Reads a whole argument as a decimal integer (C strtol, base 10, optional sign, nothing
/// after it) within `min..=max`; None otherwise. BIND's numeric options (`-b`, `-p`, `-s`)
/// use this rule.
pub fn number(text: &str, min: i64, max: i64) -> Option<i64> {
    decimal(text)?;
    text.parse::<i64>().ok().filter(|n| (min..=max).contains(n))
}

/// The sign (true when negative) and the digits of a whole decimal argument: an optional
/// sign, then one digit or more, nothing else (no white space, no prefix). The strictest of
/// the strtol-like readers: [`number`] and [`Verbosity::parse`].
fn decimal(text: &str) -> Option<(bool, &str)> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((text.starts_with('-'), digits))
}

/// C's `strtol` over the whole text (`radix` 0 picks C's prefixes): leading white space, a
/// sign, digits, nothing after, as signzone reads its numbers. Returns the value (saturated) and whether any digit was
/// read; the empty text is 0 with no digits, as C leaves it.
pub fn strtol(text: &str, radix: u32) -> Option<(i64, bool)> {
    let t = text.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let hex = body
        .strip_prefix("0x")
        .or_else(|| body.strip_prefix("0X"))
        .filter(|h| h.starts_with(|c: char| c.is_ascii_hexdigit()));
    let (radix, digits) = match (radix, hex) {
        (0 | 16, Some(h)) => (16, h),
        (0, None) if body.len() > 1 && body.starts_with('0') => (8, &body[1..]),
        (0, None) => (10, body),
        (r, _) => (r, body),
    };
    if digits.is_empty() {
        return text.is_empty().then_some((0, false));
    }
    if !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // C's strtol saturates at LONG_MIN and LONG_MAX on overflow.
    let v = match i64::from_str_radix(digits, radix) {
        Ok(v) if neg => -v,
        Ok(v) => v,
        Err(_) if neg => i64::MIN,
        Err(_) => i64::MAX,
    };
    Some((v, true))
}

/// Checks that a `-K` directory exists, with BIND's message
/// `cannot open directory D: file not found`. None means the current directory.
pub fn key_dir(dir: Option<&OsStr>) -> anyhow::Result<PathBuf> {
    match dir.map(Path::new) {
        None => Ok(PathBuf::from(".")),
        Some(d) if d.is_dir() => Ok(d.to_path_buf()),
        Some(d) if d.exists() => {
            anyhow::bail!("cannot open directory {}: invalid file", show(d))
        }
        Some(d) => anyhow::bail!("cannot open directory {}: file not found", show(d)),
    }
}

/// The last value of a repeatable option kept as bytes ([`Opt::bytes`](crate::cli::Opt::bytes)).
pub fn last_os(values: &[OsString]) -> Option<&OsStr> {
    values.last().map(OsString::as_os_str)
}

/// Prints a path on stdout as its bytes and a newline, as BIND's tools print the files they
/// wrote (a name that is not UTF-8 comes out as given, not replaced).
pub fn out_path(path: &Path) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(path.as_os_str().as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|e| anyhow::anyhow!("writing to standard output: {e}"))
}

/// A domain name given on the command line, from its bytes as BIND reads it: presentation
/// form with `\X`/`\DDD` escapes, and every other byte (one >= 0x80 included) the octet
/// itself, relative names completed with the root.
pub fn name_arg(arg: &OsStr) -> Result<dnssec_core::Name, dnssec_core::name::NameError> {
    dnssec_core::Name::parse_bytes(arg.as_bytes(), Some(&dnssec_core::Name::root()))
}

/// True when stdin is a terminal (keygen prints its progress only then).
pub fn stdin_is_tty() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::argv::tests::os;

    #[test]
    fn text_shows_bytes_that_are_not_utf8_as_decimal_escapes() {
        assert_eq!(text(&os(b"plain")), "plain");
        assert_eq!(text(&os("é".as_bytes())), "é");
        assert_eq!(text(&os(b"t\xe9st\xc3")), r"t\233st\195");
        assert_eq!(show(Path::new(&os(b"/tmp/\xff"))), r"/tmp/\255");
    }

    #[test]
    fn verbosity_reads_like_strtol() {
        assert_eq!(Verbosity::parse("3"), Some(Verbosity(3)));
        assert_eq!(Verbosity::parse("+2"), Some(Verbosity(2)));
        assert_eq!(Verbosity::parse("-3"), Some(Verbosity(0)));
        assert_eq!(Verbosity::parse("99999999999"), Some(Verbosity(u32::MAX)));
        for bad in ["", "x", "3x", "-", " 3", "0x3"] {
            assert_eq!(Verbosity::parse(bad), None, "{bad:?}");
        }
        assert_eq!(
            verbosity(Some("x")).unwrap_err().to_string(),
            "-v must be followed by a number"
        );
        assert_eq!(verbosity(None).unwrap(), Verbosity(0));
    }

    #[test]
    fn numbers_are_whole_and_in_range() {
        assert_eq!(number("2048", 0, 4096), Some(2048));
        assert_eq!(number("+7", 0, 15), Some(7));
        assert_eq!(number("-1", 0, 15), None);
        assert_eq!(number("16", 0, 15), None);
        assert_eq!(number("1x", 0, 15), None);
        assert_eq!(number("", 0, 15), None);
        assert_eq!(number("99999999999999999999", 0, i64::MAX), None);
        assert_eq!(strtol("0x10", 0), Some((16, true)));
        assert_eq!(strtol(" -010", 0), Some((-8, true)));
        assert_eq!(strtol("010", 10), Some((10, true)));
        assert_eq!(strtol("", 0), Some((0, false)));
        assert_eq!(strtol("08", 0), None);
        assert_eq!(strtol("1x", 10), None);
        assert_eq!(strtol("99999999999999999999", 10), Some((i64::MAX, true)));
        assert_eq!(class(&[]).unwrap(), dnssec_core::Class::IN);
        assert_eq!(
            class(&["XX".to_string()]).unwrap_err().to_string(),
            "unknown class XX"
        );
        assert_eq!(last(&["a".to_string(), "b".to_string()]), Some("b"));
        assert_eq!(last(&[]), None);
        let two = ["now".to_string(), "now".to_string()];
        assert_eq!(
            once(&two, "-P sync").unwrap_err().to_string(),
            "-P sync specified more than once"
        );
        let now = dnssec_core::time::UnixTime(1_800_000_000);
        assert_eq!(key_time("now", now).unwrap(), Some(now));
        assert_eq!(key_time("none", now).unwrap(), None);
        assert_eq!(
            key_time("+5m", now).unwrap_err().to_string(),
            "'+5m' ambiguous: use 'mi' for minutes or 'mo' for months"
        );
        assert_eq!(
            key_time("bogus", now).unwrap_err().to_string(),
            "time value bogus is invalid"
        );
    }

    #[test]
    fn key_dir_messages() {
        assert_eq!(key_dir(None).unwrap(), PathBuf::from("."));
        assert_eq!(
            key_dir(Some(OsStr::new("/nonexistent-dnssec-kit")))
                .unwrap_err()
                .to_string(),
            "cannot open directory /nonexistent-dnssec-kit: file not found"
        );
    }
}
