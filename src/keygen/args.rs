//! dnssec-keygen's options: the option table the shared normaliser reads and the clap struct
//! of the normalised form, in the library so that the argv fuzz target parses exactly what
//! the `keygen` binary parses.

use crate::cli::{Opt, ToolSpec, TwoWord, UnknownStyle};
use clap::Parser;
use std::ffi::OsString;

/// The single-letter options, as BIND's getopt string knows them.
pub const OPTS: &[Opt] = &[
    Opt::flag('3', "nsec3"),
    Opt::value('A', "activate"),
    Opt::value('a', "algorithm"),
    Opt::value('b', "bits"),
    Opt::flag('C', "legacy"),
    Opt::value('c', "class"),
    Opt::value('D', "delete"),
    Opt::value('d', "digest-bits"),
    Opt::value('E', "engine"),
    Opt::flag('e', "large-exponent"),
    Opt::value('f', "flag"),
    Opt::flag('G', "generate-only"),
    Opt::value('g', "generator"),
    Opt::flag('h', "help"),
    Opt::value('I', "inactive"),
    Opt::value('i', "interval"),
    Opt::bytes('K', "directory"),
    Opt::value('k', "policy"),
    Opt::value('L', "ttl"),
    Opt::bytes('l', "config"),
    Opt::value('m', "memdebug"),
    Opt::value('n', "nametype"),
    Opt::value('P', "publish"),
    Opt::value('p', "protocol"),
    Opt::flag('q', "quiet"),
    Opt::value('R', "revoke"),
    Opt::value('r', "randomdev"),
    Opt::bytes('S', "successor"),
    Opt::value('s', "strength"),
    Opt::value('T', "rrtype"),
    Opt::value('t', "keytype"),
    Opt::flag('V', "version"),
    Opt::value('v', "verbose"),
];

/// BIND's two-word options.
pub const TWO_WORD: &[TwoWord] = &[
    TwoWord::new('P', "sync", "sync-publish"),
    TwoWord::new('D', "sync", "sync-delete"),
];

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "keygen",
    opts: OPTS,
    two_word: TWO_WORD,
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The normalised options, as text; `keygen` checks them in BIND's order. Every value option
/// is a list so that a repeated timing option can be refused as BIND refuses it.
#[derive(Parser, Debug)]
#[command(
    disable_help_flag = true,
    disable_version_flag = true,
    args_override_self = true
)]
pub struct Args {
    /// `-3`.
    #[arg(long)]
    pub nsec3: bool,
    /// `-A`.
    #[arg(long)]
    pub activate: Vec<String>,
    /// `-a`.
    #[arg(long)]
    pub algorithm: Vec<String>,
    /// `-b`.
    #[arg(long)]
    pub bits: Vec<String>,
    /// `-C`.
    #[arg(long)]
    pub legacy: bool,
    /// `-c`.
    #[arg(long)]
    pub class: Vec<String>,
    /// `-D`.
    #[arg(long)]
    pub delete: Vec<String>,
    /// `-d`.
    #[arg(long)]
    pub digest_bits: Vec<String>,
    /// `-E`.
    #[arg(long)]
    pub engine: Vec<String>,
    /// `-e`.
    #[arg(long)]
    pub large_exponent: bool,
    /// `-f`.
    #[arg(long)]
    pub flag: Vec<String>,
    /// `-G`.
    #[arg(long)]
    pub generate_only: bool,
    /// `-g`.
    #[arg(long)]
    pub generator: Vec<String>,
    /// `-I`.
    #[arg(long)]
    pub inactive: Vec<String>,
    /// `-i`.
    #[arg(long)]
    pub interval: Vec<String>,
    /// `-K`.
    #[arg(long)]
    pub directory: Vec<OsString>,
    /// `-k`.
    #[arg(long)]
    pub policy: Vec<String>,
    /// `-L`.
    #[arg(long)]
    pub ttl: Vec<String>,
    /// `-l`.
    #[arg(long)]
    pub config: Vec<OsString>,
    /// `-m`.
    #[arg(long)]
    pub memdebug: Vec<String>,
    /// `-n`.
    #[arg(long)]
    pub nametype: Vec<String>,
    /// `-P`.
    #[arg(long)]
    pub publish: Vec<String>,
    /// `-p`.
    #[arg(long)]
    pub protocol: Vec<String>,
    /// `-q`.
    #[arg(long)]
    pub quiet: bool,
    /// `-R`.
    #[arg(long)]
    pub revoke: Vec<String>,
    /// `-r`.
    #[arg(long)]
    pub randomdev: Vec<String>,
    /// `-S`.
    #[arg(long)]
    pub successor: Vec<OsString>,
    /// `-s`.
    #[arg(long)]
    pub strength: Vec<String>,
    /// `-T`.
    #[arg(long)]
    pub rrtype: Vec<String>,
    /// `-t`.
    #[arg(long)]
    pub keytype: Vec<String>,
    /// `-v`.
    #[arg(long)]
    pub verbose: Vec<String>,
    /// `-P sync`.
    #[arg(long)]
    pub sync_publish: Vec<String>,
    /// `-D sync`.
    #[arg(long)]
    pub sync_delete: Vec<String>,
    /// The arguments after the options.
    pub names: Vec<OsString>,
}
