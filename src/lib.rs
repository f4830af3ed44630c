//! dnssec-kit: what the tools in `src/bin/` share at the command-line edge (`cli`), and the
//! tool-level logic that is more than flag handling (`keygen`, `policy`, `zonekeys`).
//! Everything about DNS data, keys and crypto lives in the `dnssec-core` crate.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod argv;
pub mod bounded_input;
pub mod cds;
pub mod cli;
pub mod importkey;
pub mod keygen;
pub mod policy;
pub mod raw_input;
pub mod settime;
pub mod signzone;
pub mod text_input;
pub mod zonekeys;
