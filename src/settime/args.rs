//! settime's command line (docs/bind-compat.md, "settime"): the BIND option letters, their
//! two-word forms, and the clap view of the normalised argv.

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "settime",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The options after `cli` normalisation; repeated options are kept so the tool can
/// refuse repeats as BIND does.
#[derive(Parser)]
pub struct Args {
    /// `-f`: rewrite another format version as v1.3.
    #[arg(short = 'f', long)]
    pub force: bool,
    /// `-K`: key directory.
    #[arg(short = 'K', long)]
    pub directory: Vec<std::ffi::OsString>,
    /// `-L`: DNSKEY TTL.
    #[arg(short = 'L', long)]
    pub ttl: Vec<String>,
    /// `-P`.
    #[arg(short = 'P', long)]
    pub publish: Vec<String>,
    /// `-A`.
    #[arg(short = 'A', long)]
    pub activate: Vec<String>,
    /// `-R`.
    #[arg(short = 'R', long)]
    pub revoke: Vec<String>,
    /// `-I`.
    #[arg(short = 'I', long)]
    pub inactive: Vec<String>,
    /// `-D`.
    #[arg(short = 'D', long)]
    pub delete: Vec<String>,
    /// `-P sync`.
    #[arg(long = "publish-sync", value_name = "-P sync")]
    pub publish_sync: Vec<String>,
    /// `-P ds`.
    #[arg(long = "publish-ds", value_name = "-P ds")]
    pub publish_ds: Vec<String>,
    /// `-D sync`.
    #[arg(long = "delete-sync", value_name = "-D sync")]
    pub delete_sync: Vec<String>,
    /// `-D ds`.
    #[arg(long = "delete-ds", value_name = "-D ds")]
    pub delete_ds: Vec<String>,
    /// `-S`: the predecessor key.
    #[arg(short = 'S', long)]
    pub successor: Vec<std::ffi::OsString>,
    /// `-i`: prepublication interval.
    #[arg(short = 'i', long)]
    pub interval: Vec<String>,
    /// `-s`: write the `.state` file.
    #[arg(short = 's', long)]
    pub state: bool,
    /// `-g`.
    #[arg(short = 'g', long)]
    pub goal: Vec<String>,
    /// `-d` STATE.
    #[arg(short = 'd', long = "ds-state")]
    pub ds_state: Vec<String>,
    /// `-d` DATE.
    #[arg(long = "ds-state-date")]
    pub ds_state_date: Vec<String>,
    /// `-k` STATE.
    #[arg(short = 'k', long = "dnskey-state")]
    pub dnskey_state: Vec<String>,
    /// `-k` DATE.
    #[arg(long = "dnskey-state-date")]
    pub dnskey_state_date: Vec<String>,
    /// `-r` STATE.
    #[arg(short = 'r', long = "krrsig-state")]
    pub krrsig_state: Vec<String>,
    /// `-r` DATE.
    #[arg(long = "krrsig-state-date")]
    pub krrsig_state_date: Vec<String>,
    /// `-z` STATE.
    #[arg(short = 'z', long = "zrrsig-state")]
    pub zrrsig_state: Vec<String>,
    /// `-z` DATE.
    #[arg(long = "zrrsig-state-date")]
    pub zrrsig_state_date: Vec<String>,
    /// `-p`.
    #[arg(short = 'p', long)]
    pub print: Vec<String>,
    /// `-u`.
    #[arg(short = 'u', long)]
    pub epoch: bool,
    /// `-v`.
    #[arg(short = 'v', long)]
    pub verbose: Vec<String>,
    /// `-E` (ignored).
    #[arg(short = 'E', long)]
    pub engine: Vec<String>,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// `-h`: the usage.
    #[arg(short = 'h', long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// The positional arguments (one key).
    #[arg(allow_hyphen_values = true)]
    pub keyfile: Vec<std::ffi::OsString>,
}
