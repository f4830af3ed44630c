//! Our tools alone, a module per tool (cross-tool subjects: `args`, `input_bounds`,
//! `stream_errors`); a few also run BIND's tool on the same input where that says what the
//! answer must be.

mod args;
mod cds;
mod completions;
mod dsfromkey;
mod importkey;
mod input_bounds;
mod install;
mod keygen;
mod keymgr;
pub mod multisigner;
mod options;
mod readme;
mod revoke;
mod settime;
mod signzone;
mod stream_errors;
mod verify;
