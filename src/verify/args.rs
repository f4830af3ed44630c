//! dnssec-verify's options, declared once as a clap struct: the normaliser in `cli` reads its
//! option table from the clap attributes ([`crate::cli::Options`]), and clap parses what the
//! normaliser makes of argv. In the library so that the argv fuzz target parses exactly what
//! the `verify` binary parses.

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;

/// docs/bind-compat.md, "quirks" item 13: BIND exits 0 after printing the usage for any
/// reason. We exit 1 for usage errors (no zone file, unknown option) so that a CI gate never
/// passes on a typo; `-h`, an explicit request, exits 0.
/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "verify",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::IllegalOption,
    usage_exit: 1,
};

/// The options: each field is one BIND option (its letter is `short`), read after `cli`
/// normalisation.
#[derive(Parser, Debug)]
pub struct Args {
    /// `-c`.
    #[arg(short = 'c', long)]
    pub class: Vec<String>,
    /// `-E`.
    #[arg(short = 'E', long)]
    pub engine: Vec<String>,
    /// `-h`.
    #[arg(short = 'h', long, hide = true)]
    pub show_usage: bool,
    /// `-I`.
    #[arg(short = 'I', long)]
    pub input_format: Vec<String>,
    /// `-m`.
    #[arg(short = 'm', long, hide = true)]
    pub memdebug: Vec<String>,
    /// `-o`.
    #[arg(short = 'o', long)]
    pub origin: Vec<std::ffi::OsString>,
    /// `-q`.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// `-T`.
    #[arg(short = 'T', long)]
    pub at_time: Vec<String>,
    /// `-v`.
    #[arg(short = 'v', long)]
    pub verbose: Vec<String>,
    /// `-x`.
    #[arg(short = 'x', long)]
    pub keyset_ksk_only: bool,
    /// `-z`.
    #[arg(short = 'z', long)]
    pub ignore_ksk_flag: bool,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// The arguments after the options.
    pub args: Vec<std::ffi::OsString>,
}
