//! dsfromkey: prints the DS (or CDS) records of DNSSEC keys read from a `.key` file, a zone
//! file or a keyset file (docs/bind-compat.md, "dsfromkey"; RFC 4034 section 5, RFC 7344).

pub mod args;
mod run;

use crate::cli;
use args::{Args, SPEC};

/// The `dsfromkey` binary.
pub fn main() -> ! {
    let args: Args = cli::parse(&SPEC);
    cli::run(|| run::run(args))
}
