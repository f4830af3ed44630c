//! dnssec-importkey's options, declared once as a clap struct: the normaliser in `cli` reads its
//! option table from the clap attributes ([`crate::cli::Options`]), and clap parses what the
//! normaliser makes of argv. In the library so that the argv fuzz target parses exactly what
//! the `importkey` binary parses.

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;
use std::ffi::OsString;

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "importkey",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The options: each field is one BIND option (its letter is `short`), read after `cli`
/// normalisation.
#[derive(Parser)]
pub struct Args {
    /// `-f`.
    #[arg(short = 'f', long)]
    pub file: Vec<OsString>,
    /// `-K`.
    #[arg(short = 'K', long)]
    pub directory: Vec<OsString>,
    /// `-L`.
    #[arg(short = 'L', long)]
    pub ttl: Vec<String>,
    /// `-P`.
    #[arg(short = 'P', long)]
    pub publish: Vec<String>,
    /// `-D`.
    #[arg(short = 'D', long)]
    pub delete: Vec<String>,
    /// `-P sync`.
    #[arg(long = "publish-sync", value_name = "-P sync")]
    pub publish_sync: Vec<String>,
    /// `-D sync`.
    #[arg(long = "delete-sync", value_name = "-D sync")]
    pub delete_sync: Vec<String>,
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
    pub positional: Vec<OsString>,
}
