//! keygen: makes a DNSSEC key pair and writes it as BIND's `K<name>+<alg>+<tag>` files
//! (docs/bind-compat.md, "keygen"), printing the base name on stdout.
//!
//! Deliberate difference from dnssec-keygen 9.18: without `-a` (and without `-S`/`-k`) the
//! algorithm is ECDSAP256SHA256 instead of the error `no algorithm specified`.

pub mod args;
pub mod make;
pub mod policy;
mod request;

use crate::cli;
use args::{Args, SPEC};

/// The `keygen` binary.
pub fn main() -> ! {
    let (args, positions): (Args, _) = cli::parse_in_order(&SPEC);
    cli::run(|| {
        for base in make::run(request::request(args, &positions)?)? {
            crate::outln!("{base}")?;
        }
        Ok(())
    })
}
