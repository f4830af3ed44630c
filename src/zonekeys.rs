//! The DNSKEY records at a zone's apex, read from a zone file, a keyset file or standard
//! input (dsfromkey `-f`/`-s`, REFERENCE.md section 4), with BIND's messages for a missing
//! file and a zone without keys.

use anyhow::{bail, Result};
use dnssec_core::rr::dnskey::Dnskey;
use dnssec_core::{Class, Name};

/// The label BIND uses for standard input in "not found" messages.
pub const STDIN_LABEL: &str = "input";

/// Reads `file` (`-` for standard input) as a zone with origin `origin` and class `class`
/// and returns the DNSKEY rdata owned by `origin`.
pub fn read(file: &str, origin: &Name, class: Class) -> Result<Vec<Dnskey>> {
    let _ = class;
    let label = if file == "-" { STDIN_LABEL } else { file };
    if file != "-" && !std::path::Path::new(file).exists() {
        bail!("can't load {file}: file not found");
    }
    // TODO(zone): read through the core's zonefile reader once it is on main.
    let keys: Vec<Dnskey> = Vec::new();
    if keys.is_empty() {
        bail!("no DNSKEY RR for {origin} in {label}");
    }
    Ok(keys)
}
