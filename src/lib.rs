//! dnssec-kit: the command-line edge shared by the tools in `src/bin/`. Everything else
//! lives in the `dnssec-core` crate.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod keygen;
pub mod policy;
pub mod zonekeys;
