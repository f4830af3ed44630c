//! keymgr: BIND 9.18's dnssec-policy key manager run offline over BIND's key files
//! (docs/bind-compat.md, "keymgr: the key manager"). A step does what named's key manager
//! would do at a time: create keys and successors, set their timing metadata, advance their
//! states, purge dead keys. `-checkds` and `-rollover` do what `rndc dnssec` does, `-status`
//! prints what rndc prints, `-plan` simulates steps forward.
//!
//! Exit status: 0 done or nothing to do, 1 error, [`WAITING_FOR_PARENT`] when a KSK's DS
//! must be confirmed with `-checkds`.

pub mod args;
mod checkds_auto;
mod config;
mod hook;
mod json;
mod lock;
mod print;
mod run;

use crate::cli;
use args::{Args, SPEC};

/// The exit status of a run that is waiting for the parent's DS to be confirmed.
pub const WAITING_FOR_PARENT: i32 = 2;

/// The `keymgr` binary.
pub fn main() -> ! {
    let args: Args = cli::parse(&SPEC);
    cli::run(|| {
        if run::keymgr(args)? {
            use std::io::Write as _;
            let _ = std::io::stdout().flush();
            std::process::exit(WAITING_FOR_PARENT);
        }
        Ok(())
    })
}
