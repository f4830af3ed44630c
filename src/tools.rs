//! Every tool's argument parser in one list, reachable from the library so that the
//! `cli_args` fuzz target and the tests drive the very parsers the binaries use. A new tool
//! is added to [`TOOLS`].

use std::ffi::OsString;

use crate::cli::{self, Early, Options, ToolSpec};
use crate::{
    cds, dsfromkey, importkey, keygen, keymgr, multisigner, revoke, settime, signzone, verify,
};

/// One tool as the shared edge and the tests see it: its spec and its clap definition.
#[derive(Clone, Copy, Debug)]
pub struct Tool {
    /// Name, usage text, how errors are worded.
    pub spec: ToolSpec,
    /// The clap definition of its options ([`cli::command`] of its `Args`).
    pub command: fn() -> clap::Command,
    /// Its parser on an argv, as its binary runs it: Err when clap refuses the normalised
    /// form, which means the normaliser and the clap struct disagree (a bug: the binary
    /// would stop with `internal option error`).
    pub parse: fn(&ToolSpec, &[OsString]) -> Result<(), String>,
}

impl Tool {
    /// The options as BIND's getopt sees them, read from the clap definition.
    pub fn options(&self) -> Options {
        Options::from_command(&(self.command)())
    }
}

const fn tool<A: clap::Parser>(spec: ToolSpec) -> Tool {
    Tool {
        spec,
        command: cli::command::<A>,
        parse: parse_one::<A>,
    }
}

/// Every tool, in the order of the README's table.
pub const TOOLS: &[Tool] = &[
    tool::<keygen::args::Args>(keygen::args::SPEC),
    tool::<dsfromkey::args::Args>(dsfromkey::args::SPEC),
    tool::<settime::args::Args>(settime::args::SPEC),
    tool::<importkey::args::Args>(importkey::args::SPEC),
    tool::<revoke::args::Args>(revoke::args::SPEC),
    tool::<signzone::args::Args>(signzone::args::SPEC),
    tool::<verify::args::Args>(verify::args::SPEC),
    tool::<cds::args::Args>(cds::args::SPEC),
    tool::<keymgr::args::Args>(keymgr::args::SPEC),
    tool::<multisigner::args::Args>(multisigner::args::SPEC),
];

fn parse_one<A: clap::Parser>(spec: &ToolSpec, argv: &[OsString]) -> Result<(), String> {
    match cli::try_parse_from::<A>(spec, argv) {
        Err(Early::Internal(msg)) => Err(format!("{}: {msg}", spec.name)),
        _ => Ok(()),
    }
}

/// Runs every tool's argument parser on `argv` (without argv[0]): the normaliser, clap and
/// signzone's `-A` counter, everything before a tool's own checks. Err names the first tool
/// whose parser refused what the normaliser made of its own options. The argv fuzz target
/// calls this.
pub fn parse_with_every_tool(argv: &[OsString]) -> Result<(), String> {
    for tool in TOOLS {
        (tool.parse)(&tool.spec, argv)?;
    }
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
        for tool in TOOLS {
            for opt in tool.options().opts {
                let flag = format!("-{}", opt.short);
                let flag = flag.as_bytes();
                for case in [
                    argv(&[flag, b"v\xe9", b"n\xe9"]),
                    argv(&[flag, flag, flag, b"x"]),
                    argv(&[flag, b"v", flag, b"w\xff", b"--", b"-x"]),
                    argv(&[flag, b"sync", b"\xe9", b"x"]),
                ] {
                    parse_with_every_tool(&case)
                        .unwrap_or_else(|e| panic!("{} {case:?}: {e}", tool.spec.name));
                }
            }
        }
    }
}
