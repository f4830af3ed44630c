//! settime's command line (REFERENCE.md 3): the BIND option letters, their two-word forms,
//! and the clap view of the normalised argv.

use crate::cli::{Opt, ToolSpec, TwoWord, UnknownStyle};
use clap::Parser;

/// settime's single-letter options (REFERENCE.md 3).
pub const OPTS: &[Opt] = &[
    Opt::flag('f', "force"),
    Opt::bytes('K', "directory"),
    Opt::value('L', "ttl"),
    Opt::value('P', "publish"),
    Opt::value('A', "activate"),
    Opt::value('R', "revoke"),
    Opt::value('I', "inactive"),
    Opt::value('D', "delete"),
    Opt::bytes('S', "successor"),
    Opt::value('i', "interval"),
    Opt::flag('s', "state"),
    Opt::value('g', "goal"),
    Opt::value_then_next('d', "ds-state"),
    Opt::value_then_next('k', "dnskey-state"),
    Opt::value_then_next('r', "krrsig-state"),
    Opt::value_then_next('z', "zrrsig-state"),
    Opt::value('p', "print"),
    Opt::flag('u', "epoch"),
    Opt::value('v', "verbose"),
    Opt::value('E', "engine"),
    Opt::flag('V', "version"),
    Opt::flag('h', "help"),
];

/// The two-word forms `-P sync|ds DATE` and `-D sync|ds DATE`.
pub const TWO: &[TwoWord] = &[
    TwoWord::new('P', "sync", "publish-sync"),
    TwoWord::new('P', "ds", "publish-ds"),
    TwoWord::new('D', "sync", "delete-sync"),
    TwoWord::new('D', "ds", "delete-ds"),
];

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "settime",
    opts: OPTS,
    two_word: TWO,
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The options after `cli` normalisation; repeated options are kept so the tool can
/// refuse repeats as BIND does.
#[derive(Parser)]
// A repeated flag (`-f -f`) is accepted, as getopt accepts it; without this clap refuses
// it and the tool would stop with an internal option error.
#[command(
    disable_help_flag = true,
    disable_version_flag = true,
    args_override_self = true
)]
pub struct Args {
    /// `-f`: rewrite another format version as v1.3.
    #[arg(long)]
    pub force: bool,
    /// `-K`: key directory.
    #[arg(long)]
    pub directory: Vec<std::ffi::OsString>,
    /// `-L`: DNSKEY TTL.
    #[arg(long)]
    pub ttl: Vec<String>,
    /// `-P`.
    #[arg(long)]
    pub publish: Vec<String>,
    /// `-A`.
    #[arg(long)]
    pub activate: Vec<String>,
    /// `-R`.
    #[arg(long)]
    pub revoke: Vec<String>,
    /// `-I`.
    #[arg(long)]
    pub inactive: Vec<String>,
    /// `-D`.
    #[arg(long)]
    pub delete: Vec<String>,
    /// `-P sync`.
    #[arg(long = "publish-sync")]
    pub publish_sync: Vec<String>,
    /// `-P ds`.
    #[arg(long = "publish-ds")]
    pub publish_ds: Vec<String>,
    /// `-D sync`.
    #[arg(long = "delete-sync")]
    pub delete_sync: Vec<String>,
    /// `-D ds`.
    #[arg(long = "delete-ds")]
    pub delete_ds: Vec<String>,
    /// `-S`: the predecessor key.
    #[arg(long)]
    pub successor: Vec<std::ffi::OsString>,
    /// `-i`: prepublication interval.
    #[arg(long)]
    pub interval: Vec<String>,
    /// `-s`: write the `.state` file.
    #[arg(long)]
    pub state: bool,
    /// `-g`.
    #[arg(long)]
    pub goal: Vec<String>,
    /// `-d` STATE.
    #[arg(long = "ds-state")]
    pub ds_state: Vec<String>,
    /// `-d` DATE.
    #[arg(long = "ds-state-date")]
    pub ds_state_date: Vec<String>,
    /// `-k` STATE.
    #[arg(long = "dnskey-state")]
    pub dnskey_state: Vec<String>,
    /// `-k` DATE.
    #[arg(long = "dnskey-state-date")]
    pub dnskey_state_date: Vec<String>,
    /// `-r` STATE.
    #[arg(long = "krrsig-state")]
    pub krrsig_state: Vec<String>,
    /// `-r` DATE.
    #[arg(long = "krrsig-state-date")]
    pub krrsig_state_date: Vec<String>,
    /// `-z` STATE.
    #[arg(long = "zrrsig-state")]
    pub zrrsig_state: Vec<String>,
    /// `-z` DATE.
    #[arg(long = "zrrsig-state-date")]
    pub zrrsig_state_date: Vec<String>,
    /// `-p`.
    #[arg(long)]
    pub print: Vec<String>,
    /// `-u`.
    #[arg(long)]
    pub epoch: bool,
    /// `-v`.
    #[arg(long)]
    pub verbose: Vec<String>,
    /// `-E` (ignored).
    #[arg(long)]
    pub engine: Vec<String>,
    /// The positional arguments (one key).
    #[arg(allow_hyphen_values = true)]
    pub keyfile: Vec<std::ffi::OsString>,
}
