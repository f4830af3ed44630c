//! `-I raw` for signzone and verify: a raw zone file (docs/bind-compat.md,
//! "signzone: output formats and order") into the compact zone, with BIND's messages. Scripts
//! match the `failed loading zone from 'F': <result>` line, so it keeps BIND's result words;
//! the `error:` line before it adds the offset and the detail BIND leaves out, except where
//! BIND's own line is the known one (a text file given as raw, an unsupported version).

use anyhow::{anyhow, Result};
use dnssec_core::zone::load_raw;
use dnssec_core::zone::Zone;
use dnssec_core::zonefile::raw::RawErrorKind;
use dnssec_core::{Class, Name};

use super::warnings::{origin_hint, Warnings};
use crate::cli;

/// Loads `file` as a raw zone for `origin`. `hint_origin` asks for verify's wording when no
/// `-o` was given and the file is for another zone (docs/bind-compat.md, "verify");
/// `origin_given` words the hint after such a failure (docs/bind-compat.md, "signzone:
/// operator experience", "Out-of-zone data").
pub fn load(
    path: &std::path::Path,
    origin: &Name,
    class: Class,
    hint_origin: bool,
    origin_given: bool,
) -> Result<Zone> {
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
                    origin_hint(owner, origin, origin_given);
                    if hint_origin {
                        return Err(anyhow!(
                            "failed loading zone '{file}' from file '{file}': use -o to specify a different zone origin"
                        ));
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
