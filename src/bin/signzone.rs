//! signzone: a drop-in for BIND's dnssec-signzone (REFERENCE.md section 6) that spends its
//! time in the cryptography: the zone is held compactly, signatures are made on every core,
//! and every zone it writes has passed a completeness check.

use dnssec_kit::argv::signzone::{count_optout, SPEC};
use dnssec_kit::cli;
use dnssec_kit::signzone::{self, Args};

fn main() {
    // BIND's signer removes its temporary output and says so when interrupted.
    cli::on_signals(cli::SignalExit::Aborted);
    // `-A` toggles, so its count matters; clap's override-self setting would fold repeats.
    // Taken as bytes: a file name that is not UTF-8 must not stop the tool.
    let optout_count = count_optout(std::env::args_os().skip(1));
    let mut args: Args = cli::parse(&SPEC);
    args.optout_count = optout_count;
    cli::run(|| signzone::run(args))
}
