//! Arbitrary argument vectors through every tool's argument parser: the fuzz bytes split at
//! NUL are the arguments (as the kernel hands them over: any bytes but NUL), fed to the
//! BIND-style normaliser and the clap parser of keygen, settime, dsfromkey, importkey,
//! revoke, cds, signzone and verify, and to signzone's `-A` counter. Everything before a
//! tool does its work must answer with options, usage or an error, never a panic; clap
//! refusing what the tool's own option table produced is a bug and panics here on purpose.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

fuzz_target!(|data: &[u8]| {
    // An empty input is no arguments at all (the tools print usage before parsing).
    if data.is_empty() {
        return;
    }
    let argv: Vec<OsString> = data
        .split(|&b| b == 0)
        .map(|a| OsString::from_vec(a.to_vec()))
        .collect();
    if let Err(e) = dnssec_kit::tools::parse_with_every_tool(&argv) {
        panic!("option table and clap struct disagree: {e} for {argv:?}");
    }
});
