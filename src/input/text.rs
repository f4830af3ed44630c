//! Text zone files for signzone and verify (docs/bind-compat.md, "signzone: errors" and
//! "verify"): loaded into the compact zone, with BIND's messages when loading fails. Both tools
//! print the same lines, worded by `dnssec_core::zonefile::bind_report` from the reader's typed
//! errors: the warnings given before the failure, the `error:`/`warning:` lines BIND's loader
//! logs, and `failed loading zone from 'F': RESULT`, whose result word scripts match.

use anyhow::{anyhow, Result};
use dnssec_core::rr::SigTime;
use dnssec_core::validate::{first_expired_signature, load_zone_for_check, CheckOptions};
use dnssec_core::zone::Zone;
use dnssec_core::zonefile::bind_report::{self, Severity};
use dnssec_core::zonefile::ZoneErrorKind;
use dnssec_core::{Class, Name};

use super::warnings::{origin_hint, Warnings};
use crate::cli;

/// The load warning BIND gives once, at the first RRSIG (in file order) that expired before
/// `now` (docs/bind-compat.md, "signzone: errors" and "verify"), for zones of either format.
pub fn warn_expired(zone: &Zone, now: SigTime) {
    if let Some(loc) = first_expired_signature(zone, now) {
        cli::warning(format!("{loc}: signature has expired"));
    }
}

/// Loads `file` as a text zone for `origin`. `hint_origin` asks for verify's wording when
/// no `-o` was given and the file is for another zone (docs/bind-compat.md, "verify");
/// `origin_given` (an `-o` was given) words the hint after such a failure
/// (docs/bind-compat.md, "signzone: operator experience", "Out-of-zone data").
pub fn load(
    path: &std::path::Path,
    origin: &Name,
    class: Class,
    hint_origin: bool,
    origin_given: bool,
) -> Result<Zone> {
    load_for(path, origin, class, hint_origin, origin_given, None)
}

/// As [`load`]; with `check`, for a verifier that checks the zone with those options: the
/// signatures of a big file are then judged while it loads (docs/bind-compat.md, "verify:
/// memory"), with the same messages.
pub fn load_for(
    path: &std::path::Path,
    origin: &Name,
    class: Class,
    hint_origin: bool,
    origin_given: bool,
    check: Option<&CheckOptions>,
) -> Result<Zone> {
    let file = cli::show(path);
    let mut warnings = Warnings::default();
    let loaded = match check {
        Some(options) => load_zone_for_check(path, origin, class, options),
        None => Zone::load_path(path, origin, class),
    };
    match loaded {
        Ok(zone) => {
            warnings.print_all(zone.warnings());
            warnings.finish();
            Ok(zone)
        }
        Err(failed) => {
            warnings.print_all(&failed.warnings);
            warnings.finish();
            let report = bind_report::report(&failed.error);
            for line in &report.lines {
                match line.severity {
                    Severity::Error => cli::error(&line.text),
                    Severity::Warning => cli::warning(&line.text),
                }
            }
            if let ZoneErrorKind::NotAtTop(soa_owner) = &failed.error.kind {
                origin_hint(soa_owner, origin, origin_given);
            }
            if hint_origin && matches!(failed.error.kind, ZoneErrorKind::NotAtTop(_)) {
                return Err(anyhow!(
                    "failed loading zone '{file}' from file '{file}': use -o to specify a different zone origin"
                ));
            }
            Err(anyhow!(
                "failed loading zone from '{file}': {}",
                report.result
            ))
        }
    }
}
