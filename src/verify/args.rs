//! dnssec-verify's options: the option table the shared normaliser reads and the clap struct
//! of the normalised form, in the library so that the argv fuzz target parses exactly what
//! the `verify` binary parses.

use crate::cli::{Opt, ToolSpec, UnknownStyle};
use clap::Parser;

/// The single-letter options, as BIND's getopt string knows them.
pub const OPTS: &[Opt] = &[
    Opt::value('c', "class"),
    Opt::value('E', "engine"),
    Opt::flag('h', "show-usage"),
    Opt::value('I', "input-format"),
    Opt::value('m', "memdebug"),
    Opt::bytes('o', "origin"),
    Opt::flag('q', "quiet"),
    Opt::value('T', "at-time"),
    Opt::value('v', "verbose"),
    Opt::flag('V', "version"),
    Opt::flag('x', "keyset-ksk-only"),
    Opt::flag('z', "ignore-ksk-flag"),
];

/// QUIRK 13 (REFERENCE.md section 10): BIND exits 0 after printing the usage for any
/// reason. We exit 1 for usage errors (no zone file, unknown option) so that a CI gate never
/// passes on a typo; `-h`, an explicit request, exits 0.
/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "verify",
    opts: OPTS,
    two_word: &[],
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::IllegalOption,
    usage_exit: 1,
};

/// The options after `cli` normalisation, one field per long name in [`OPTS`].
#[derive(Parser, Debug)]
#[command(
    disable_help_flag = true,
    disable_version_flag = true,
    args_override_self = true
)]
pub struct Args {
    /// `-c`.
    #[arg(long)]
    pub class: Vec<String>,
    /// `-E`.
    #[arg(long)]
    pub engine: Vec<String>,
    /// `-h`.
    #[arg(long)]
    pub show_usage: bool,
    /// `-I`.
    #[arg(long)]
    pub input_format: Vec<String>,
    /// `-m`.
    #[arg(long)]
    pub memdebug: Vec<String>,
    /// `-o`.
    #[arg(long)]
    pub origin: Vec<std::ffi::OsString>,
    /// `-q`.
    #[arg(long)]
    pub quiet: bool,
    /// `-T`.
    #[arg(long)]
    pub at_time: Vec<String>,
    /// `-v`.
    #[arg(long)]
    pub verbose: Vec<String>,
    /// `-x`.
    #[arg(long)]
    pub keyset_ksk_only: bool,
    /// `-z`.
    #[arg(long)]
    pub ignore_ksk_flag: bool,
    /// The arguments after the options.
    pub args: Vec<std::ffi::OsString>,
}
