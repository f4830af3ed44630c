//! Every tool's argument parser in one list, reachable from the library so that the
//! `cli_args` fuzz target and the tests drive the very parsers the binaries use. A new tool
//! is added here (and in `Cargo.toml`'s `[[bin]]` list when it needs one).

use std::ffi::OsString;

use crate::cli::{self, Early, ToolSpec};
use crate::{cds, dsfromkey, importkey, keygen, revoke, settime, signzone, verify};

/// One tool's parser on `argv`, as its binary runs it: Err when clap refuses the normalised
/// form, which means the option table and the clap struct disagree (a bug: the binary would
/// stop with `internal option error`).
fn parse_one<A: clap::Parser>(spec: &ToolSpec, argv: &[OsString]) -> Result<(), String> {
    match cli::try_parse_from::<A>(spec, argv) {
        Err(Early::Internal(msg)) => Err(format!("{}: {msg}", spec.name)),
        _ => Ok(()),
    }
}

/// Runs every tool's argument parser on `argv` (without argv[0]): the normaliser, clap and
/// signzone's `-A` counter, everything before a tool's own checks. Err names the first tool
/// whose parser refused what its own option table produced. The argv fuzz target calls this.
pub fn parse_with_every_tool(argv: &[OsString]) -> Result<(), String> {
    parse_one::<keygen::args::Args>(&keygen::args::SPEC, argv)?;
    parse_one::<settime::args::Args>(&settime::args::SPEC, argv)?;
    parse_one::<dsfromkey::args::Args>(&dsfromkey::args::SPEC, argv)?;
    parse_one::<importkey::args::Args>(&importkey::args::SPEC, argv)?;
    parse_one::<revoke::args::Args>(&revoke::args::SPEC, argv)?;
    parse_one::<cds::args::Args>(&cds::args::SPEC, argv)?;
    parse_one::<signzone::args::Args>(&signzone::args::SPEC, argv)?;
    parse_one::<verify::args::Args>(&verify::args::SPEC, argv)?;
    signzone::args::count_optout(argv.iter().cloned());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStringExt;

    fn argv(args: &[&[u8]]) -> Vec<OsString> {
        args.iter()
            .map(|a| OsString::from_vec(a.to_vec()))
            .collect()
    }

    /// Every option letter of every tool, alone, repeated and with stray bytes: no table
    /// and struct disagree (the fuzz target explores further).
    #[test]
    fn every_option_of_every_tool_reaches_its_clap_field() {
        let specs = [
            keygen::args::SPEC,
            settime::args::SPEC,
            dsfromkey::args::SPEC,
            importkey::args::SPEC,
            revoke::args::SPEC,
            cds::args::SPEC,
            signzone::args::SPEC,
            verify::args::SPEC,
        ];
        for spec in specs {
            for opt in spec.opts {
                let flag = format!("-{}", opt.short);
                let flag = flag.as_bytes();
                for case in [
                    argv(&[flag, b"v\xe9", b"n\xe9"]),
                    argv(&[flag, flag, flag, b"x"]),
                    argv(&[flag, b"v", flag, b"w\xff", b"--", b"-x"]),
                    argv(&[flag, b"sync", b"\xe9", b"x"]),
                ] {
                    parse_with_every_tool(&case)
                        .unwrap_or_else(|e| panic!("{} {case:?}: {e}", spec.name));
                }
            }
        }
    }
}
