//! The integration tests: one test binary (`cargo test --test it`), so that the test code is
//! compiled and linked once instead of once per file. Our binaries are found through Cargo's
//! `CARGO_BIN_EXE_<tool>` (`support::ours`).
//!
//! - `cli::<tool>`: one tool of ours alone, its flags, files, messages and exit codes
//!   (`cargo test --test it cli::signzone`);
//! - `interop::<area>`: ours and BIND's (or ldns's, named's) tools on the same input, compared
//!   (`cargo test --test it interop::signzone`); these fail instead of skipping when a tool is
//!   missing under `DNSSEC_KIT_INTEROP=required`;
//! - `support`: what they share (running tools, scratch directories, key and zone fixtures).
//!
//! All of them run in one process, several at a time: a test changes the environment or the
//! working directory only of the commands it runs, never of the test process.

mod cli;
mod interop;
mod support;
