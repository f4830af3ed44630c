//! dnssec-dsfromkey's options: the option table the shared normaliser reads and the clap struct
//! of the normalised form, in the library so that the argv fuzz target parses exactly what
//! the `dsfromkey` binary parses.

use crate::cli::{Opt, ToolSpec, UnknownStyle};
use clap::Parser;
use std::ffi::OsString;

/// The single-letter options, as BIND's getopt string knows them.
pub const OPTS: &[Opt] = &[
    Opt::flag('1', "sha1"),
    Opt::flag('2', "sha256"),
    Opt::value('a', "digest"),
    Opt::flag('A', "all"),
    Opt::flag('C', "cds"),
    Opt::value('c', "class"),
    Opt::bytes('d', "old-directory"),
    Opt::bytes('f', "file"),
    Opt::flag('h', "help"),
    Opt::bytes('K', "directory"),
    Opt::value('l', "lookaside"),
    Opt::flag('s', "keyset"),
    Opt::value('T', "ttl"),
    Opt::value('v', "verbose"),
    Opt::flag('V', "version"),
];

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "dsfromkey",
    opts: OPTS,
    two_word: &[],
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
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
    /// `-1`.
    #[arg(long)]
    pub sha1: bool,
    /// `-2`.
    #[arg(long)]
    pub sha256: bool,
    /// `-a`.
    #[arg(long)]
    pub digest: Vec<String>,
    /// `-A`.
    #[arg(long)]
    pub all: bool,
    /// `-C`.
    #[arg(long)]
    pub cds: bool,
    /// `-c`.
    #[arg(long)]
    pub class: Vec<String>,
    /// `-d`.
    #[arg(long)]
    pub old_directory: Vec<OsString>,
    /// `-f`.
    #[arg(long)]
    pub file: Vec<OsString>,
    /// `-K`.
    #[arg(long)]
    pub directory: Vec<OsString>,
    /// `-l`.
    #[arg(long)]
    pub lookaside: Vec<String>,
    /// `-s`.
    #[arg(long)]
    pub keyset: bool,
    /// `-T`.
    #[arg(long)]
    pub ttl: Vec<String>,
    /// `-v`.
    #[arg(long)]
    pub verbose: Vec<String>,
    /// The arguments after the options.
    pub args: Vec<OsString>,
}
