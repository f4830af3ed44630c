//! settime: show or change a key's times and KASP states (docs/bind-compat.md, "settime"), a
//! drop-in for BIND's dnssec-settime.

pub mod args;
pub mod print;
pub mod rules;
mod run;

use crate::cli;
use args::{Args, SPEC};

/// The `settime` binary.
pub fn main() -> ! {
    let (args, positions): (Args, _) = cli::parse_in_order(&SPEC);
    cli::run(|| run::settime(args, &positions))
}
