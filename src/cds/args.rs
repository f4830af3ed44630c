//! dnssec-cds's options, declared once as a clap struct: the normaliser in `cli` reads its
//! option table from the clap attributes ([`crate::cli::Options`]), and clap parses what the
//! normaliser makes of argv. In the library so that the argv fuzz target parses exactly what
//! the `cds` binary parses.

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "cds",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::UsageOnly,
    usage_exit: 1,
};

/// The options: each field is one BIND option (its letter is `short`), read after `cli`
/// normalisation.
#[derive(Parser, Debug)]
pub struct Args {
    /// `-a`.
    #[arg(short = 'a', long)]
    pub digest: Vec<String>,
    /// `-c`.
    #[arg(short = 'c', long)]
    pub class: Vec<String>,
    /// `-D`.
    #[arg(short = 'D', long)]
    pub prefer_cdnskey: bool,
    /// `-d`.
    #[arg(short = 'd', long)]
    pub ds: Vec<std::ffi::OsString>,
    /// `-f`.
    #[arg(short = 'f', long)]
    pub file: Vec<std::ffi::OsString>,
    /// `-i`.
    #[arg(short = 'i', long, require_equals = true)]
    pub inplace: Vec<std::ffi::OsString>,
    /// `-m`.
    #[arg(short = 'm', long, hide = true)]
    pub memdebug: bool,
    /// `-s`.
    #[arg(short = 's', long)]
    pub start: Vec<String>,
    /// `-T`.
    #[arg(short = 'T', long)]
    pub ttl: Vec<String>,
    /// `-u`.
    #[arg(short = 'u', long)]
    pub nsupdate: bool,
    /// `-U server[#port]`: ours, not BIND's (docs/bind-compat.md, "cds: server and zone
    /// lines (-U)"); implies `-u`.
    #[arg(short = 'U', long)]
    pub update_server: Vec<std::ffi::OsString>,
    /// `-v`.
    #[arg(short = 'v', long)]
    pub verbose: Vec<String>,
    /// `-h`: the usage.
    #[arg(short = 'h', long, action = clap::ArgAction::Help, hide = true)]
    pub help: Option<bool>,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// The arguments after the options.
    pub args: Vec<std::ffi::OsString>,
}
