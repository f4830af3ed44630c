//! dnssec-importkey's options: the option table the shared normaliser reads and the clap struct
//! of the normalised form, in the library so that the argv fuzz target parses exactly what
//! the `importkey` binary parses.

use crate::cli::{Opt, ToolSpec, TwoWord, UnknownStyle};
use clap::Parser;
use std::ffi::OsString;

/// The single-letter options, as BIND's getopt string knows them.
pub const OPTS: &[Opt] = &[
    Opt::bytes('f', "file"),
    Opt::bytes('K', "directory"),
    Opt::value('L', "ttl"),
    Opt::value('P', "publish"),
    Opt::value('D', "delete"),
    Opt::value('v', "verbose"),
    Opt::flag('V', "version"),
    Opt::flag('h', "help"),
];

/// BIND's two-word options.
pub const TWO: &[TwoWord] = &[
    TwoWord::new('P', "sync", "publish-sync"),
    TwoWord::new('D', "sync", "delete-sync"),
];

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "importkey",
    opts: OPTS,
    two_word: TWO,
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
    /// `-f`.
    #[arg(long)]
    pub file: Vec<OsString>,
    /// `-K`.
    #[arg(long)]
    pub directory: Vec<OsString>,
    /// `-L`.
    #[arg(long)]
    pub ttl: Vec<String>,
    /// `-P`.
    #[arg(long)]
    pub publish: Vec<String>,
    /// `-D`.
    #[arg(long)]
    pub delete: Vec<String>,
    /// `-P sync`.
    #[arg(long = "publish-sync")]
    pub publish_sync: Vec<String>,
    /// `-D sync`.
    #[arg(long = "delete-sync")]
    pub delete_sync: Vec<String>,
    /// `-v`.
    #[arg(long)]
    pub verbose: Vec<String>,
    /// The arguments after the options.
    #[arg(allow_hyphen_values = true)]
    pub positional: Vec<OsString>,
}
