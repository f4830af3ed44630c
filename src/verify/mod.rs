//! verify: a drop-in for BIND's dnssec-verify (docs/bind-compat.md, "verify"). Loads a signed
//! zone, checks every RRSIG, the keys, the NSEC/NSEC3 chain and that nothing is signed that should
//! not be, and prints dnssec-verify's report. Exit 0 only when the zone is fully signed.

pub mod args;
mod run;

use crate::cli;
use args::{Args, SPEC};

/// The `verify` binary.
pub fn main() -> ! {
    let args: Args = cli::parse(&SPEC);
    if args.show_usage {
        cli::print_usage(&SPEC);
        std::process::exit(0);
    }
    cli::run(|| {
        if run::verify(args)? {
            Ok(())
        } else {
            // The report already explained why; exit 1 without a fatal line.
            std::process::exit(1)
        }
    })
}
