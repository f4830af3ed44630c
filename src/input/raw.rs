//! `-I raw` for signzone and verify: a raw zone file (docs/bind-compat.md,
//! "signzone: output formats and order") into the compact zone, with BIND's messages. Scripts
//! match the `failed loading zone from 'F': <result>` line, so it keeps BIND's result words;
//! the `error:` line before it adds the offset and the detail BIND leaves out, except where
//! BIND's own line is the known one (a text file given as raw, an unsupported version).

use anyhow::{anyhow, Result};
use dnssec_core::zone::load_raw;
use dnssec_core::zone::Zone;
use dnssec_core::zonefile::raw::RawErrorKind;

use super::warnings::{not_at_top, Warnings};
use super::ZoneFile;
use crate::cli;

/// Loads `z` as a raw zone.
pub fn load(z: &ZoneFile<'_>) -> Result<Zone> {
    let (path, origin, class) = (z.path, z.origin, z.class);
    let file = cli::show(path);
    let loaded = match load_raw(path, origin, class) {
        Ok(loaded) => loaded,
        Err(e) => {
            match &e.kind {
                RawErrorKind::Io { reason } => {
                    return Err(anyhow!("failed loading zone from '{file}': {reason}"))
                }
                RawErrorKind::NotRaw { .. } => {
                    cli::error("dns_master_load: file format mismatch (not raw)")
                }
                RawErrorKind::UnsupportedVersion(_) => {
                    cli::error("dns_master_load: unsupported file format version")
                }
                RawErrorKind::NotAtTop(owner) => {
                    cli::error(format!("dns_master_load: {owner}: not at top of zone"));
                    cli::error("dns_master_load: not at top of zone");
                    if let Some(e) = not_at_top(&file, owner, z) {
                        return Err(e);
                    }
                }
                // BIND names neither file nor place for a raw rdataset of another class
                // (docs/bind-compat.md, "zone reader: record types").
                RawErrorKind::ClassMismatch { .. } => cli::error("dns_master_load: bad class"),
                _ => cli::error(format!("dns_master_load: {e}")),
            }
            return Err(anyhow!(
                "failed loading zone from '{file}': {}",
                e.kind.result_text()
            ));
        }
    };
    let mut warnings = Warnings::default();
    warnings.print_raw(&loaded.warnings);
    warnings.print_all(loaded.zone.warnings());
    warnings.finish();
    Ok(loaded.zone)
}
