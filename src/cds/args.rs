//! dnssec-cds's options: the option table the shared normaliser reads and the clap struct
//! of the normalised form, in the library so that the argv fuzz target parses exactly what
//! the `cds` binary parses.

use crate::cli::{Opt, ToolSpec, UnknownStyle};
use clap::Parser;

/// The single-letter options, as BIND's getopt string knows them.
pub const OPTS: &[Opt] = &[
    Opt::value('a', "digest"),
    Opt::value('c', "class"),
    Opt::flag('D', "prefer-cdnskey"),
    Opt::bytes('d', "ds"),
    Opt::bytes('f', "file"),
    Opt::flag('h', "help"),
    Opt::optional_attached_bytes('i', "inplace"),
    Opt::flag('m', "memdebug"),
    Opt::value('s', "start"),
    Opt::value('T', "ttl"),
    Opt::flag('u', "nsupdate"),
    Opt::value('v', "verbose"),
    Opt::flag('V', "version"),
];

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "cds",
    opts: OPTS,
    two_word: &[],
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::UsageOnly,
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
    /// `-a`.
    #[arg(long)]
    pub digest: Vec<String>,
    /// `-c`.
    #[arg(long)]
    pub class: Vec<String>,
    /// `-D`.
    #[arg(long)]
    pub prefer_cdnskey: bool,
    /// `-d`.
    #[arg(long)]
    pub ds: Vec<std::ffi::OsString>,
    /// `-f`.
    #[arg(long)]
    pub file: Vec<std::ffi::OsString>,
    /// `-i`.
    #[arg(long)]
    pub inplace: Vec<std::ffi::OsString>,
    /// `-m`.
    #[arg(long)]
    pub memdebug: bool,
    /// `-s`.
    #[arg(long)]
    pub start: Vec<String>,
    /// `-T`.
    #[arg(long)]
    pub ttl: Vec<String>,
    /// `-u`.
    #[arg(long)]
    pub nsupdate: bool,
    /// `-v`.
    #[arg(long)]
    pub verbose: Vec<String>,
    /// The arguments after the options.
    pub args: Vec<std::ffi::OsString>,
}
