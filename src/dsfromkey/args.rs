//! dnssec-dsfromkey's options, declared once as a clap struct: the normaliser in `cli` reads its
//! option table from the clap attributes ([`crate::cli::Options`]), and clap parses what the
//! normaliser makes of argv. In the library so that the argv fuzz target parses exactly what
//! the `dsfromkey` binary parses.

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;
use std::ffi::OsString;

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "dsfromkey",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The options: each field is one BIND option (its letter is `short`), read after `cli`
/// normalisation.
#[derive(Parser, Debug)]
pub struct Args {
    /// `-1`.
    #[arg(short = '1', long)]
    pub sha1: bool,
    /// `-2`.
    #[arg(short = '2', long)]
    pub sha256: bool,
    /// `-a`.
    #[arg(short = 'a', long)]
    pub digest: Vec<String>,
    /// `-A`.
    #[arg(short = 'A', long)]
    pub all: bool,
    /// `-C`.
    #[arg(short = 'C', long)]
    pub cds: bool,
    /// `-c`.
    #[arg(short = 'c', long)]
    pub class: Vec<String>,
    /// `-d`.
    #[arg(short = 'd', long, hide = true)]
    pub old_directory: Vec<OsString>,
    /// `-f`.
    #[arg(short = 'f', long)]
    pub file: Vec<OsString>,
    /// `-K`.
    #[arg(short = 'K', long)]
    pub directory: Vec<OsString>,
    /// `-l`.
    #[arg(short = 'l', long, hide = true)]
    pub lookaside: Vec<String>,
    /// `-s`.
    #[arg(short = 's', long)]
    pub keyset: bool,
    /// `-T`.
    #[arg(short = 'T', long)]
    pub ttl: Vec<String>,
    /// `-v`.
    #[arg(short = 'v', long)]
    pub verbose: Vec<String>,
    /// `-h`: the usage.
    #[arg(short = 'h', long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// The arguments after the options.
    pub args: Vec<OsString>,
}
