//! Every tool's argument parser in one place (the option table for [`crate::cli::normalise`]
//! and the clap struct of the normalised form), reachable from the library so that the
//! `cli_args` fuzz target drives the very parsers the binaries use. settime's lives in
//! [`crate::settime::args`].

pub mod cds;
pub mod dsfromkey;
pub mod importkey;
pub mod keygen;
pub mod revoke;
pub mod signzone;
pub mod verify;
