//! dnssec-kit: the tools, each in a folder of its own (`keygen`, `settime`, `dsfromkey`,
//! `importkey`, `revoke`, `cds`, `signzone`, `verify`: its options in `args`, its work in the
//! other modules, its binary's body in `main`), what they share at the command-line edge
//! (`cli`), the inputs several tools read (`input`), and the list of every tool (`tools`).
//! `src/bin/<tool>.rs` only calls `<tool>::main`. Everything about DNS data, keys and crypto
//! lives in the `dnssec-core` crate.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cds;
pub mod cli;
pub mod dsfromkey;
pub mod importkey;
pub mod input;
pub mod keygen;
pub mod keymgr;
pub mod multisigner;
pub mod revoke;
pub mod settime;
pub mod signzone;
pub mod tools;
pub mod verify;
