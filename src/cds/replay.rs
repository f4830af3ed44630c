//! Why a child RRset failed when the replay bound alone refused it (docs/bind-compat.md,
//! "cds: the replay bound explained"): the lines that follow BIND's fatal line, naming each
//! signature that is valid and made by a trusted key but older than the bound, by how much,
//! and the `-s` that would accept it.

use super::auth::Authenticator;
use dnssec_core::time::{format_timestamp, UnixTime};
use dnssec_core::validate::{DsMatch, SigBounds, SigOutcome, SigReport};
use dnssec_core::RrType;
use std::path::Path;

/// Where the replay bound came from.
pub enum BoundSource<'a> {
    /// The DS file's modification time (no `-s`).
    FileTime(&'a Path),
    /// `-s`, as given.
    Start(&'a str),
}

/// What the explanation needs besides the signature checks.
pub struct Bound<'a> {
    /// The bound itself: no child signature may be older.
    pub not_before: UnixTime,
    /// Where it came from.
    pub source: BoundSource<'a>,
    /// The DS file's modification time, which `-s -N` counts from.
    pub file_time: UnixTime,
    /// The DS file as messages name it.
    pub file: &'a Path,
}

/// A duration as days and a clock time, e.g. `10d 02:00:05` (`02:00:05` under a day).
fn span(secs: i64) -> String {
    let (d, rest) = (secs / 86_400, secs % 86_400);
    let clock = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    if d > 0 {
        format!("{d}d {clock}")
    } else {
        clock
    }
}

/// The lines after BIND's `could not validate child LABEL RRset for NAME` when no signature
/// verified, or None when the bound is not what refused the RRset: at least one signature
/// must be too old and verify with a trusted key once the bound is moved back to it.
pub fn explain(
    auth: &Authenticator<'_>,
    rtype: RrType,
    label: &str,
    trust: &[DsMatch],
    reports: &[SigReport],
    bound: &Bound<'_>,
) -> Option<Vec<String>> {
    let too_old: Vec<&SigReport> = reports
        .iter()
        .filter(|r| r.outcome == SigOutcome::TooOld)
        .collect();
    let earliest =
        too_old
            .iter()
            .map(|r| r.inception)
            .reduce(|a, b| if b.is_before(a) { b } else { a })?;
    // The same checks with the bound moved back to the oldest signature: the ones that now
    // verify were refused for their age alone. The reports come in the same order.
    let relaxed = auth.check(
        rtype,
        trust,
        SigBounds {
            not_before: earliest,
            now: auth.bounds.now,
        },
    );
    let now = auth.opts.now.0;
    let refused: Vec<(&SigReport, i64)> = reports
        .iter()
        .zip(&relaxed)
        .filter(|(r, again)| {
            r.outcome == SigOutcome::TooOld && again.outcome == SigOutcome::Verified
        })
        .map(|(r, _)| (r, r.inception.to_unix_near(now)))
        .collect();
    let oldest = refused.iter().map(|(_, t)| *t).min()?;
    let bound_text = format_timestamp(bound.not_before);
    let origin = match &bound.source {
        BoundSource::FileTime(p) => {
            format!("the modification time of {}", crate::cli::show(p))
        }
        BoundSource::Start(text) => format!("from -s {text}"),
    };
    let mut lines = vec![format!(
        "the {label} RRset's only valid signatures by keys the current DS records trust are \
         older than the replay bound, {bound_text} ({origin}):"
    )];
    for (r, inception) in &refused {
        let behind = bound.not_before.0 - inception;
        let unit = if behind == 1 { "second" } else { "seconds" };
        lines.push(format!(
            "RRSIG {label} by key {}/{}: inception {}, {behind} {unit} ({}) before the bound",
            r.key_tag,
            r.algorithm,
            format_timestamp(UnixTime(*inception)),
            span(behind)
        ));
    }
    let before_file = bound.file_time.0 - oldest;
    let relative = if before_file > 0 {
        format!(
            " or -s -{before_file} ({} before the modification time of {})",
            span(before_file),
            crate::cli::show(bound.file)
        )
    } else {
        String::new()
    };
    lines.push(format!(
        "if these child records are current, not a replay of old ones (e.g. the DS file was \
         just written), accept them with -s {}{relative}",
        format_timestamp(UnixTime(oldest))
    ));
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::span;

    #[test]
    fn spans_read_as_days_and_clock_time() {
        assert_eq!(span(5), "00:00:05");
        assert_eq!(span(3 * 3600 + 61), "03:01:01");
        assert_eq!(span(10 * 86_400 + 7200 + 5), "10d 02:00:05");
    }
}
