//! One verification run: options checked, the zone loaded, checked, and the report printed.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;

use super::args::{Args, SPEC};
use crate::cli;
use anyhow::{anyhow, Result};
use dnssec_core::rr::SigTime;
use dnssec_core::time::{parse_time, UnixTime};
use dnssec_core::validate::{
    check_zone_counting, CheckMode, CheckOptions, ZoneProblem, ZoneReport,
};

/// Runs the whole tool; Ok(false) means the zone is not fully signed.
pub(super) fn verify(args: Args) -> Result<bool> {
    let verbose = cli::verbosity(cli::last(&args.verbose))
        .map_err(|_| anyhow!("verbose level must be numeric"))?
        .0;
    let class = cli::class(&args.class)?;
    // BIND compares case-insensitively and, unlike signzone, knows no `raw=N` here.
    let input_raw = match cli::last(&args.input_format).map(|f| (f, f.to_ascii_lowercase())) {
        None => false,
        Some((_, l)) if l == "text" => false,
        Some((_, l)) if l == "raw" => true,
        // BIND's message ends in a newline of its own, so an empty line follows it.
        Some((other, _)) => {
            return Err(cli::Lines::new(
                "",
                [format!("unknown file format: {other}"), String::new()],
            )
            .into())
        }
    };
    let now = UnixTime::now();
    let at = match cli::last(&args.at_time) {
        None => now,
        Some(t) => parse_time(t, now, now)?
            .time()
            .ok_or_else(|| anyhow!("-T needs a time, not '{t}'"))?,
    };
    let Some(path) = args.args.first() else {
        cli::usage(&SPEC);
    };
    let file = cli::text(path);
    let origin_given = cli::last_os(&args.origin).is_some();
    let origin_arg = cli::last_os(&args.origin).unwrap_or(path);
    let origin_text = cli::text(origin_arg);
    let origin = cli::name_arg(origin_arg).map_err(|e| {
        anyhow!("failed loading zone from '{file}': bad origin '{origin_text}': {e}")
    })?;

    let started = std::time::Instant::now();
    // On a terminal only (docs/bind-compat.md, "signzone: operator experience", "Progress").
    let mut progress = cli::Progress::start();
    progress.phase("loading the zone", None, "records");
    let options = CheckOptions {
        mode: CheckMode::Crypto,
        now: Some(SigTime::from(at)),
        ignore_ksk_flag: args.ignore_ksk_flag,
        keyset_ksk_only: args.keyset_ksk_only,
    };
    let zone = crate::input::load_zone(&crate::input::ZoneFile {
        path: path.as_ref(),
        origin: &origin,
        class,
        raw: input_raw,
        origin_given,
        hint_origin: !origin_given,
        check: Some(&options),
    })?;
    if verbose >= 2 {
        cli::note(format!(
            "loaded {} records ({:.1} MiB; {} signatures checked while loading) in {:.3} s",
            zone.len(),
            zone.memory_bytes() as f64 / f64::from(1 << 20),
            zone.judged_signatures(),
            started.elapsed().as_secs_f64()
        ));
    }
    // -q silences standard output only; warnings and problems still go to standard error,
    // as with dnssec-verify, so that a quiet CI gate still logs why it failed.
    let quiet = args.quiet;
    crate::input::text::warn_expired(&zone, SigTime::from(at));
    // The origin and the file exactly as given (bytes, control characters escaped), as
    // dnssec-verify prints them ('tld.' stays 'tld.').
    let mut out = b"Loading zone '".to_vec();
    out.extend(cli::escape_bytes(origin_arg.as_bytes()));
    out.extend_from_slice(b"' from file '");
    out.extend(cli::escape_bytes(path.as_bytes()));
    out.extend_from_slice(b"'\n\n");
    let checking = std::time::Instant::now();
    progress.phase("verifying", Some(zone.name_count() as u64), "names");
    let report = check_zone_counting(&zone, &options, progress.counter());
    progress.finish();
    if verbose >= 2 {
        cli::note(format!(
            "checked the zone in {:.3} s",
            checking.elapsed().as_secs_f64()
        ));
    }
    print_report(&out, &report, verbose, quiet)?;
    Ok(report.is_ok())
}

/// The report: the head and blocks on stdout (unless quiet), the problems on stderr.
fn print_report(head: &[u8], report: &ZoneReport, verbose: u32, quiet: bool) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let write = |out: &mut std::io::StdoutLock<'_>, s: &[u8]| {
        if quiet {
            return Ok(());
        }
        out.write_all(s)
            .and_then(|_| out.flush())
            .map_err(|e| anyhow!("can't write output: {e}"))
    };
    write(&mut stdout, head)?;
    // A key that cannot be made is warned about each time dnssec-verify tries to make it:
    // while it sorts the keys (before the algorithms), then when it makes them again for the
    // RRsets (after the key-count problems). -v names the key, the first time.
    let mut named: Vec<ZoneProblem> = Vec::new();
    let mut key_warning = |w: &ZoneProblem| {
        cli::warning(w);
        if !named.contains(w) {
            detail(w, verbose);
            named.push(w.clone());
        }
    };
    report.key_warnings.iter().for_each(&mut key_warning);
    write(&mut stdout, report.verifying_block().as_bytes())?;
    for w in &report.warnings {
        cli::warning(w);
    }
    let (key_counts, others) = report.problems.split_at(report.key_problems());
    key_counts.iter().for_each(problem(verbose));
    report.reloaded_key_warnings.iter().for_each(key_warning);
    others.iter().for_each(problem(verbose));
    write(&mut stdout, report.outcome_block().as_bytes())
}

/// Prints a problem on standard error (and its explanation under `-v`).
fn problem(verbose: u32) -> impl Fn(&ZoneProblem) {
    move |p| {
        // A finding may span lines (BIND's chain breaks); only those breaks are kept.
        cli::block(&p.to_string());
        detail(p, verbose);
    }
}

/// A finding's explanation, under `-v`.
fn detail(p: &ZoneProblem, verbose: u32) {
    if verbose > 0 {
        if let Some(d) = p.detail() {
            cli::line(format_args!("    ({d})"));
        }
    }
}
