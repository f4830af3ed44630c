//! dnssec-keygen's options, declared once as a clap struct: the normaliser in `cli` reads its
//! option table from the clap attributes ([`crate::cli::Options`]), and clap parses what the
//! normaliser makes of argv. In the library so that the argv fuzz target parses exactly what
//! the `keygen` binary parses.

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;
use std::ffi::OsString;

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "keygen",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The normalised options, as text; `keygen` checks them in BIND's order. Every value option
/// is a list so that a repeated timing option can be refused as BIND refuses it.
#[derive(Parser, Debug)]
pub struct Args {
    /// `-3`.
    #[arg(short = '3', long)]
    pub nsec3: bool,
    /// `-A`.
    #[arg(short = 'A', long)]
    pub activate: Vec<String>,
    /// `-a`.
    #[arg(short = 'a', long)]
    pub algorithm: Vec<String>,
    /// `-b`.
    #[arg(short = 'b', long)]
    pub bits: Vec<String>,
    /// `-C`.
    #[arg(short = 'C', long)]
    pub legacy: bool,
    /// `-c`.
    #[arg(short = 'c', long)]
    pub class: Vec<String>,
    /// `-D`.
    #[arg(short = 'D', long)]
    pub delete: Vec<String>,
    /// `-d`.
    #[arg(short = 'd', long)]
    pub digest_bits: Vec<String>,
    /// `-E`.
    #[arg(short = 'E', long)]
    pub engine: Vec<String>,
    /// `-e`: counted, as BIND warns for each one.
    #[arg(short = 'e', long, hide = true, action = clap::ArgAction::Count)]
    pub large_exponent: u8,
    /// `-f`.
    #[arg(short = 'f', long)]
    pub flag: Vec<String>,
    /// `-G`.
    #[arg(short = 'G', long)]
    pub generate_only: bool,
    /// `-g`.
    #[arg(short = 'g', long)]
    pub generator: Vec<String>,
    /// `-I`.
    #[arg(short = 'I', long)]
    pub inactive: Vec<String>,
    /// `-i`.
    #[arg(short = 'i', long)]
    pub interval: Vec<String>,
    /// `-K`.
    #[arg(short = 'K', long)]
    pub directory: Vec<OsString>,
    /// `-k`.
    #[arg(short = 'k', long)]
    pub policy: Vec<String>,
    /// `-L`.
    #[arg(short = 'L', long)]
    pub ttl: Vec<String>,
    /// `-l`.
    #[arg(short = 'l', long)]
    pub config: Vec<OsString>,
    /// `-m`.
    #[arg(short = 'm', long)]
    pub memdebug: Vec<String>,
    /// `-n`.
    #[arg(short = 'n', long)]
    pub nametype: Vec<String>,
    /// `-P`.
    #[arg(short = 'P', long)]
    pub publish: Vec<String>,
    /// `-p`.
    #[arg(short = 'p', long)]
    pub protocol: Vec<String>,
    /// `-q`.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// `-R`.
    #[arg(short = 'R', long)]
    pub revoke: Vec<String>,
    /// `-r`.
    #[arg(short = 'r', long, hide = true)]
    pub randomdev: Vec<String>,
    /// `-S`.
    #[arg(short = 'S', long)]
    pub successor: Vec<OsString>,
    /// `-s`.
    #[arg(short = 's', long)]
    pub strength: Vec<String>,
    /// `-T`.
    #[arg(short = 'T', long)]
    pub rrtype: Vec<String>,
    /// `-t`.
    #[arg(short = 't', long)]
    pub keytype: Vec<String>,
    /// `-v`.
    #[arg(short = 'v', long)]
    pub verbose: Vec<String>,
    /// `-P sync`.
    #[arg(long, value_name = "-P sync")]
    pub sync_publish: Vec<String>,
    /// `-D sync`.
    #[arg(long, value_name = "-D sync")]
    pub sync_delete: Vec<String>,
    /// `-h`: the usage.
    #[arg(short = 'h', long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// The arguments after the options.
    pub names: Vec<OsString>,
}
