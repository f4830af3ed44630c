//! revoke: make the revoked twin of a key (docs/bind-compat.md, "revoke", RFC 5011 section
//! 2.1), a drop-in for BIND's dnssec-revoke. The new files carry the REVOKE flag and a Revoke
//! time; the `.state` file is left alone, as BIND leaves it.

pub mod args;
mod run;

use crate::cli;
use args::{Args, SPEC};

/// The `revoke` binary.
pub fn main() -> ! {
    let args: Args = cli::parse(&SPEC);
    cli::run(|| run::revoke(args))
}
