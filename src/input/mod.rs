//! The inputs several tools read, with BIND's messages when they cannot be read: text and
//! raw zone files (signzone, verify), a bounded read of a file or standard input (dsfromkey,
//! cds, importkey), and the DNSKEY records at a zone's apex (dsfromkey).

pub mod bounded;
pub mod raw;
pub mod text;
pub mod warnings;
pub mod zonekeys;

use anyhow::Result;
use dnssec_core::validate::CheckOptions;
use dnssec_core::zone::Zone;
use dnssec_core::{Class, Name};
use std::path::Path;

/// A zone file as signzone and verify name it on their command lines: what both the text and
/// the raw loader need.
pub struct ZoneFile<'a> {
    /// The file, opened as given.
    pub path: &'a Path,
    /// The origin: `-o`, else the file name.
    pub origin: &'a Name,
    /// The class (`-c`).
    pub class: Class,
    /// `-I raw`.
    pub raw: bool,
    /// The origin came from `-o`; words the hint after a load whose SOA is elsewhere
    /// (docs/bind-compat.md, "signzone: operator experience", "Out-of-zone data").
    pub origin_given: bool,
    /// verify's own final line when the SOA is not at an origin taken from the file name
    /// (docs/bind-compat.md, "verify").
    pub hint_origin: bool,
    /// verify's check: a big text file's signatures are then checked while it loads
    /// (docs/bind-compat.md, "verify: memory").
    pub check: Option<&'a CheckOptions>,
}

/// Loads the zone in its format, with BIND's messages when it cannot be loaded.
pub fn load_zone(z: &ZoneFile<'_>) -> Result<Zone> {
    if z.raw {
        raw::load(z)
    } else {
        text::load(z)
    }
}
