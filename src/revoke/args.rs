//! dnssec-revoke's options, declared once as a clap struct: the normaliser in `cli` reads its
//! option table from the clap attributes ([`crate::cli::Options`]), and clap parses what the
//! normaliser makes of argv. In the library so that the argv fuzz target parses exactly what
//! the `revoke` binary parses.

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "revoke",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The options: each field is one BIND option (its letter is `short`), read after `cli`
/// normalisation.
#[derive(Parser)]
pub struct Args {
    /// `-E`.
    #[arg(short = 'E', long)]
    pub engine: Vec<String>,
    /// `-f`.
    #[arg(short = 'f', long)]
    pub force: bool,
    /// `-K`.
    #[arg(short = 'K', long)]
    pub directory: Vec<std::ffi::OsString>,
    /// `-R`.
    #[arg(short = 'R', long = "print-tag")]
    pub print_tag: bool,
    /// `-r`.
    #[arg(short = 'r', long)]
    pub remove: bool,
    /// `-v`.
    #[arg(short = 'v', long)]
    pub verbose: Vec<String>,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// `-h`: the usage.
    #[arg(short = 'h', long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// The arguments after the options.
    #[arg(allow_hyphen_values = true)]
    pub keyfile: Vec<std::ffi::OsString>,
}
