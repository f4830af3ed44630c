//! keymgr's options, declared once as a clap struct (see [`crate::cli::Options`]): BIND-style
//! letters for the step (`-K`, `-l`, `-k`, `-t`, `-n`) and rndc's words for the commands
//! (`-checkds`, `-key`, `-alg`, `-when`, `-status`, `-rollover`, `-plan`).

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "keymgr",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::InvalidArgument,
    usage_exit: 1,
};

/// The options.
#[derive(Parser)]
pub struct Args {
    /// `-K`: the key directory.
    #[arg(short = 'K', long)]
    pub directory: Vec<std::ffi::OsString>,
    /// `-l`: a named.conf-style file with `dnssec-policy` statements.
    #[arg(short = 'l', long)]
    pub config: Vec<std::ffi::OsString>,
    /// `-k`: the policy's name.
    #[arg(short = 'k', long)]
    pub policy: Vec<String>,
    /// `-t`: the time of the run (BIND time syntax).
    #[arg(short = 't', long)]
    pub time: Vec<String>,
    /// `-n`: print what would change, write nothing.
    #[arg(short = 'n', long = "dry-run")]
    pub dry_run: bool,
    /// `-checkds published|withdrawn|auto`: record what the parent did with a DS, or ask it.
    #[arg(long, value_name = "-checkds")]
    pub checkds: Vec<String>,
    /// `-p server[#port]`: a server of the parent zone to ask, with `-checkds auto`.
    #[arg(short = 'p', long = "parent", value_name = "server")]
    pub parent: Vec<String>,
    /// `-r resolver[#port]`: the resolver that finds the parent's servers, with
    /// `-checkds auto` and no `-p` (default: those of /etc/resolv.conf).
    #[arg(short = 'r', long = "resolver", value_name = "resolver")]
    pub resolver: Vec<String>,
    /// `-key tag`: the key a command acts on.
    #[arg(long, value_name = "-key")]
    pub key: Vec<String>,
    /// `-alg algorithm`: the key's algorithm, with `-key`.
    #[arg(long, value_name = "-alg")]
    pub alg: Vec<String>,
    /// `-when time`: when the parent acted (checkds) or the rollover happens.
    #[arg(long, value_name = "-when")]
    pub when: Vec<String>,
    /// `-status`: print the zone's key status.
    #[arg(long, value_name = "-status")]
    pub status: bool,
    /// `-rollover`: roll the key `-key` names.
    #[arg(long, value_name = "-rollover")]
    pub rollover: bool,
    /// `-j`: with `-status`, print JSON.
    #[arg(short = 'j', long)]
    pub json: bool,
    /// `-H command`: run when a DS should be submitted to or withdrawn from the parent.
    #[arg(short = 'H', long)]
    pub hook: Vec<String>,
    /// `-plan [until]`: simulate the policy (until a time, else two years ahead), writing
    /// nothing.
    #[arg(long, value_name = "-plan")]
    pub plan: Vec<String>,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    /// `-h`: the usage.
    #[arg(short = 'h', long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// The zones.
    #[arg(allow_hyphen_values = true)]
    pub zone: Vec<std::ffi::OsString>,
}
