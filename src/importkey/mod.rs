//! importkey: bring someone else's public key into the key directory (docs/bind-compat.md,
//! "importkey"), a drop-in for BIND's dnssec-importkey. The written `.private` says `External:`
//! and holds no material, so every tool treats the key as publish-only.

pub mod args;
mod run;
pub mod source;

use crate::cli;
use args::{Args, SPEC};

/// The `importkey` binary.
pub fn main() -> ! {
    let (args, positions): (Args, _) = cli::parse_in_order(&SPEC);
    cli::run(|| run::importkey(args, &positions))
}
