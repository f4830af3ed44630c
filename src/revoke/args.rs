//! dnssec-revoke's options: the option table the shared normaliser reads and the clap struct
//! of the normalised form, in the library so that the argv fuzz target parses exactly what
//! the `revoke` binary parses.

use crate::cli::{Opt, ToolSpec, UnknownStyle};
use clap::Parser;

/// The single-letter options, as BIND's getopt string knows them.
pub const OPTS: &[Opt] = &[
    Opt::value('E', "engine"),
    Opt::flag('f', "force"),
    Opt::bytes('K', "directory"),
    Opt::flag('R', "print-tag"),
    Opt::flag('r', "remove"),
    Opt::value('v', "verbose"),
    Opt::flag('V', "version"),
    Opt::flag('h', "help"),
];

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "revoke",
    opts: OPTS,
    two_word: &[],
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The options after `cli` normalisation, one field per long name in [`OPTS`].
#[derive(Parser)]
// A repeated flag (`-f -f`) is accepted, as getopt accepts it; without this clap refuses
// it and the tool would stop with an internal option error.
#[command(
    disable_help_flag = true,
    disable_version_flag = true,
    args_override_self = true
)]
pub struct Args {
    /// `-E`.
    #[arg(long)]
    pub engine: Vec<String>,
    /// `-f`.
    #[arg(long)]
    pub force: bool,
    /// `-K`.
    #[arg(long)]
    pub directory: Vec<std::ffi::OsString>,
    /// `-R`.
    #[arg(long = "print-tag")]
    pub print_tag: bool,
    /// `-r`.
    #[arg(long)]
    pub remove: bool,
    /// `-v`.
    #[arg(long)]
    pub verbose: Vec<String>,
    /// The arguments after the options.
    #[arg(allow_hyphen_values = true)]
    pub keyfile: Vec<std::ffi::OsString>,
}
