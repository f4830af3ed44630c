//! Policy durations: ISO 8601 (`P1Y6M`, `PT1H30M`, `P2W`) or TTL-style (`3600`, `1h30m`,
//! `2w`), converted as BIND 9.18 converts them (docs/bind-compat.md, "keymgr: policies"):
//! a year is 365 days, a month 31, a week 7; the ISO sum is clamped to 2^32-1 seconds,
//! a TTL-style value above it is refused.

use super::policy::Duration;

const DAY: u64 = 86_400;

/// Reads a duration; `None` when the text is neither form (named-checkconf then says
/// `expected ISO 8601 duration or TTL value`).
pub fn parse_duration(text: &str) -> Option<Duration> {
    match text.strip_prefix(['P', 'p']) {
        Some(iso) => parse_iso(iso),
        None => parse_ttl_style(text),
    }
}

/// After the `P`: `[nY][nM][nD][T[nH][nM][nS]]` in that order, each at most once, or `nW`
/// alone. Each number must fit 32 bits; the total is clamped.
fn parse_iso(rest: &str) -> Option<Duration> {
    let upper = rest.to_ascii_uppercase();
    let (date, time) = match upper.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (upper.as_str(), None),
    };
    let mut total: u64 = 0;
    if let Some(weeks) = date.strip_suffix('W') {
        if time.is_some() {
            return None;
        }
        return Some(clamp(number(weeks)? * 7 * DAY));
    }
    total += fields(date, &[('Y', 365 * DAY), ('M', 31 * DAY), ('D', DAY)])?;
    if let Some(time) = time {
        total += fields(time, &[('H', 3_600), ('M', 60), ('S', 1)])?;
    }
    Some(clamp(total))
}

/// `n<unit>` parts in the order of `units`, each at most once, nothing else.
fn fields(mut text: &str, units: &[(char, u64)]) -> Option<u64> {
    let mut total = 0u64;
    for &(unit, scale) in units {
        if text.is_empty() {
            break;
        }
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        if text[digits..].starts_with(unit) {
            total += number(&text[..digits])? * scale;
            text = &text[digits + 1..];
        }
    }
    text.is_empty().then_some(total)
}

/// A decimal number of at most 32 bits.
fn number(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<u32>().ok().map(u64::from)
}

fn clamp(seconds: u64) -> Duration {
    Duration(u32::try_from(seconds).unwrap_or(u32::MAX))
}

/// BIND's TTL syntax: a plain number, or numbers each followed by a unit (`w d h m s`, any
/// case); the total must fit 32 bits.
fn parse_ttl_style(text: &str) -> Option<Duration> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<u32>().ok().map(Duration);
    }
    let mut total: u64 = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let n = number(&rest[..digits])?;
        let scale = match rest[digits..].chars().next()?.to_ascii_lowercase() {
            'w' => 7 * DAY,
            'd' => DAY,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        total = total.checked_add(n * scale)?;
        rest = &rest[digits + 1..];
    }
    if text.is_empty() {
        return None;
    }
    u32::try_from(total).ok().map(Duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Option<u32> {
        parse_duration(text).map(|d| d.0)
    }

    #[test]
    fn iso_8601() {
        assert_eq!(d("P1Y"), Some(31_536_000));
        assert_eq!(d("P6M"), Some(186 * 86_400));
        assert_eq!(d("P1M"), Some(31 * 86_400));
        assert_eq!(d("PT1H30M"), Some(5_400));
        assert_eq!(d("PT1M"), Some(60));
        assert_eq!(d("P2W"), Some(14 * 86_400));
        assert_eq!(d("p1w"), Some(7 * 86_400));
        assert_eq!(d("P90D"), Some(7_776_000));
        assert_eq!(
            d("P1Y2M3DT4H5M6S"),
            Some(31_536_000 + 62 * 86_400 + 3 * 86_400 + 14_706)
        );
        assert_eq!(d("P"), Some(0));
        assert_eq!(d("PT"), Some(0));
        assert_eq!(d("P1DT"), Some(86_400));
        assert_eq!(d("P0D"), Some(0));
    }

    #[test]
    fn iso_8601_clamps_and_refuses() {
        // 5,000,000 days is past 2^32 seconds: clamped, as named-checkconf accepts it.
        assert_eq!(d("P5000000D"), Some(u32::MAX));
        assert_eq!(d("P4294967295Y"), Some(u32::MAX));
        for bad in [
            "P99999999999D",
            "P1W2D",
            "P1W1W",
            "P1H",
            "PT1D",
            "P1D1Y",
            "P1M1M",
            "PT1H1H",
            "P1DT2H3",
            "P1.5D",
            "P-1D",
            "PT0.5S",
            "P1X",
            "P1",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }

    #[test]
    fn ttl_style() {
        assert_eq!(d("3600"), Some(3_600));
        assert_eq!(d("0"), Some(0));
        assert_eq!(d("1h30m"), Some(5_400));
        assert_eq!(d("1H"), Some(3_600));
        assert_eq!(d("2w"), Some(14 * 86_400));
        assert_eq!(
            d("1w2d3h4m5s"),
            Some(7 * 86_400 + 2 * 86_400 + 3 * 3_600 + 245)
        );
        assert_eq!(d("1d1d"), Some(2 * 86_400));
        assert_eq!(d("4294967295"), Some(u32::MAX));
        for bad in [
            "4294967296",
            "99999999999",
            "10x",
            "1s1",
            "",
            "h",
            "unlimited",
            "-1",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }
}
