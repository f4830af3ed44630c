//! BIND's time syntax as dnssec-settime reads it, key-file stamps, serial arithmetic.

use super::parse::{key_time_window, parse_key_time_in};
use super::*;
use chrono::FixedOffset;
use chrono::Utc;

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
