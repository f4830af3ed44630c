//! signzone: a drop-in for BIND's dnssec-signzone (docs/bind-compat.md,
//! "signzone: run, report and statistics") that spends its time in the cryptography: the zone
//! is held compactly, signatures are made on every core, and every zone it writes has passed a
//! completeness check.
//!
//! signzone's edge: flags to options, key files to the signer's key list, the signed zone to
//! text, and the report BIND's users script against (docs/bind-compat.md,
//! "signzone: run, report and statistics"). The signing itself is `dnssec_core::sign` (plan,
//! policy, driver).

pub mod args;
mod check;
mod encode;
#[cfg(debug_assertions)]
mod fault;
mod keys;
mod output;
mod report;
mod settings;
mod sign;
mod text;

pub use args::Args;
pub use sign::run;

use crate::cli;
use args::{count_optout, SPEC};

/// The `signzone` binary.
pub fn main() -> ! {
    // BIND's signer removes its temporary output and says so when interrupted.
    cli::on_signals(cli::SignalExit::Aborted);
    // `-A` toggles, so its count matters; clap's override-self setting would fold repeats.
    // Taken as bytes: a file name that is not UTF-8 must not stop the tool.
    let optout_count = count_optout(std::env::args_os().skip(1));
    let mut args: Args = cli::parse(&SPEC);
    args.optout_count = optout_count;
    cli::run(|| run(args))
}
