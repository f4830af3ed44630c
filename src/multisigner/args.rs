//! multisigner's options, declared once as a clap struct (see `crate::cli::Options`).

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;

/// The whole command-line description for the shared edge (`cli`). A usage error exits 2,
/// as every error does: 1 means an inconsistent group.
pub const SPEC: ToolSpec = ToolSpec {
    name: "multisigner",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 2,
};

/// The options.
#[derive(Parser)]
pub struct Args {
    /// `-o zone`: the zone the providers serve.
    #[arg(short = 'o', long)]
    pub origin: Vec<std::ffi::OsString>,
    /// `-q`: print only the problems.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// `-v`: also list every provider's keys.
    #[arg(short = 'v', long)]
    pub verbose: bool,
    /// `-T ttl`: the TTL of the records the reconcile output adds.
    #[arg(short = 'T', long)]
    pub ttl: Vec<String>,
    /// `-u provider=DIR`: write what brings the provider in line (repeatable).
    #[arg(short = 'u', long)]
    pub update: Vec<std::ffi::OsString>,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// `-h`: the usage.
    #[arg(short = 'h', long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// The sources: signed zone files and `@server[#port]`.
    #[arg(allow_hyphen_values = true)]
    pub sources: Vec<std::ffi::OsString>,
}
