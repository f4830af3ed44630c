//! The loader's warnings as signzone and verify print them, with the out-of-zone ones
//! bounded (docs/bind-compat.md, "signzone: operator experience", "Out-of-zone data"): a zone
//! signed with a wrong or missing `-o` has every record outside the origin, and a warning for
//! each (as named-checkzone gives) buried the one line that says what went wrong.

use std::fmt::Display;

use dnssec_core::zonefile::raw::RawWarning;
use dnssec_core::zonefile::{Warning, WarningKind};
use dnssec_core::Name;

use crate::cli;

/// Out-of-zone warnings printed in full before the rest are only counted.
pub const OUT_OF_ZONE_SHOWN: usize = 5;

/// Prints warnings in order: every warning but the out-of-zone ones past the first
/// [`OUT_OF_ZONE_SHOWN`], which [`Warnings::finish`] sums up in one line.
#[derive(Default)]
pub struct Warnings {
    out_of_zone: usize,
}

impl Warnings {
    fn print(&mut self, w: impl Display, out_of_zone: bool) {
        if out_of_zone {
            self.out_of_zone += 1;
            if self.out_of_zone > OUT_OF_ZONE_SHOWN {
                return;
            }
        }
        cli::warning(w);
    }

    /// Prints (or counts) every warning of a text zone's load.
    pub fn print_all<'a>(&mut self, all: impl IntoIterator<Item = &'a Warning>) {
        for w in all {
            self.print(w, matches!(w.kind, WarningKind::OutOfZone(_)));
        }
    }

    /// Prints (or counts) every warning of a raw zone's load.
    pub fn print_raw<'a>(&mut self, all: impl IntoIterator<Item = &'a RawWarning>) {
        for w in all {
            self.print(w, w.out_of_zone);
        }
    }

    /// The count of the out-of-zone warnings not shown, when there are any.
    pub fn finish(self) {
        if let Some(more) = self.out_of_zone.checked_sub(OUT_OF_ZONE_SHOWN) {
            if more > 0 {
                cli::warning(format!("{more} more out-of-zone records ignored"));
            }
        }
    }
}

/// The hint after a load that failed because the zone's SOA is not at the origin: the origin
/// came from `-o`, or, without it, from the file name (as BIND takes it).
pub fn origin_hint(soa_owner: &str, origin: &Name, origin_given: bool) {
    let origin = origin.bind_text();
    if origin_given {
        cli::note(format!(
            "hint: the zone's SOA is at {soa_owner}, not at the origin {origin}: check -o"
        ));
    } else {
        cli::note(format!(
            "hint: the zone's SOA is at {soa_owner}, but without -o the origin is the file name ({origin}): give the zone's name with -o"
        ));
    }
}

/// After a load that failed because the zone's SOA is at `soa_owner`, not at the origin: the
/// hint ([`origin_hint`]), and, where the tool words it so (verify without `-o`), the
/// error that ends the run instead of `failed loading zone from ...`.
pub fn not_at_top(file: &str, soa_owner: &str, z: &super::ZoneFile<'_>) -> Option<anyhow::Error> {
    origin_hint(soa_owner, z.origin, z.origin_given);
    z.hint_origin.then(|| {
        anyhow::anyhow!(
            "failed loading zone '{file}' from file '{file}': use -o to specify a different zone origin"
        )
    })
}
