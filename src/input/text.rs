//! Text zone files for signzone and verify (docs/bind-compat.md, "signzone: errors" and
//! "verify"): loaded into the compact zone, with BIND's messages when loading fails. Both tools
//! print the same lines, worded by `dnssec_core::zonefile::bind_report` from the reader's typed
//! errors: the warnings given before the failure, the `error:`/`warning:` lines BIND's loader
//! logs, and `failed loading zone from 'F': RESULT`, whose result word scripts match.

use anyhow::{anyhow, Result};
use dnssec_core::rr::SigTime;
use dnssec_core::validate::{first_expired_signature, load_zone_for_check};
use dnssec_core::zone::Zone;
use dnssec_core::zonefile::bind_report::{self, Severity};
use dnssec_core::zonefile::ZoneErrorKind;

use super::warnings::{not_at_top, Warnings};
use super::ZoneFile;
use crate::cli;

/// The load warning BIND gives once, at the first RRSIG (in file order) that expired before
/// `now` (docs/bind-compat.md, "signzone: errors" and "verify"), for zones of either format.
pub fn warn_expired(zone: &Zone, now: SigTime) {
    if let Some(loc) = first_expired_signature(zone, now) {
        cli::warning(format!("{loc}: signature has expired"));
    }
}

/// Loads `z` as a text zone; for a verifier (`z.check`), the signatures of a big file are
/// judged while it loads (docs/bind-compat.md, "verify: memory"), with the same messages.
pub fn load(z: &ZoneFile<'_>) -> Result<Zone> {
    let (path, origin, class) = (z.path, z.origin, z.class);
    let file = cli::show(path);
    let mut warnings = Warnings::default();
    let loaded = match z.check {
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
                if let Some(e) = not_at_top(&file, soa_owner, z) {
                    return Err(e);
                }
            }
            Err(anyhow!(
                "failed loading zone from '{file}': {}",
                report.result
            ))
        }
    }
}
