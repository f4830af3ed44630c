//! multisigner: check that the providers of a multi-signer group (RFC 8901 model 2: each
//! provider signs with its own KSK and ZSK) are consistent, from their signed zone files or
//! their servers, and print what brings each in line (docs/bind-compat.md, "multisigner").
//! Exit 0 when the group is consistent, 1 when it is not, 2 on errors.

pub mod args;
mod checks;
mod crossval;
mod keys;
mod reconcile;
mod run;
mod source;
mod view;

use crate::cli;
use args::{Args, SPEC};

/// The `multisigner` binary.
pub fn main() -> ! {
    let args: Args = cli::parse(&SPEC);
    cli::on_signals(cli::SignalExit::AsDefault);
    match run::run(args) {
        Ok(true) => std::process::exit(0),
        Ok(false) => std::process::exit(1),
        Err(e) => {
            cli::line(format_args!("{}: fatal: {e:#}", cli::program()));
            std::process::exit(2)
        }
    }
}
