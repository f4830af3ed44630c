//! dnssec-signzone's options, declared once as a clap struct: the normaliser in `cli` reads its
//! option table from the clap attributes ([`crate::cli::Options`]), and clap parses what the
//! normaliser makes of argv. In the library so that the argv fuzz target parses exactly what
//! the `signzone` binary parses. Their checked meaning is `settings`.

use crate::cli::{ToolSpec, UnknownStyle};
use clap::Parser;
use std::ffi::OsString;

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "signzone",
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::IllegalOption,
    usage_exit: 1,
};

/// Counts `-A` occurrences in the option part of argv (up to the first positional), as
/// BIND's getopt loop sees them, including combined flags like `-AA` or `-SA`.
pub fn count_optout(argv: impl Iterator<Item = std::ffi::OsString>) -> u32 {
    use std::os::unix::ffi::OsStrExt;
    let takes_value: Vec<u8> = crate::cli::Options::of::<Args>()
        .opts
        .iter()
        .filter(|o| o.arity != crate::cli::Arity::Flag && o.short.is_ascii())
        .map(|o| o.short as u8)
        .collect();
    let mut count = 0;
    let mut skip_next = false;
    for arg in argv {
        let arg = arg.as_bytes();
        if skip_next {
            skip_next = false;
            continue;
        }
        if arg == b"--" || !arg.starts_with(b"-") || arg == b"-" {
            break;
        }
        for (i, &c) in arg.iter().enumerate().skip(1) {
            if c == b'A' {
                count += 1;
            } else if takes_value.contains(&c) {
                skip_next = i + 1 == arg.len();
                break;
            }
        }
    }
    count
}

/// The flags: each field is one BIND option (its letter is `short`), read after `cli`
/// normalisation.
#[derive(Parser, Debug)]
pub struct Args {
    #[arg(short = '3', long)]
    pub(crate) nsec3_salt: Vec<String>,
    #[arg(short = 'A', long)]
    pub(crate) optout: bool,
    /// How often `-A` was given (set by the main from argv).
    #[arg(skip)]
    pub optout_count: u32,
    #[arg(short = 'a', long)]
    pub(crate) verify_new: bool,
    #[arg(short = 'c', long)]
    pub(crate) class: Vec<String>,
    #[arg(short = 'C', long)]
    pub(crate) keyset_file: bool,
    #[arg(short = 'd', long)]
    pub(crate) ds_dir: Vec<OsString>,
    #[arg(short = 'D', long)]
    pub(crate) dnssec_only: bool,
    #[arg(short = 'E', long)]
    pub(crate) engine: Vec<String>,
    #[arg(short = 'e', long)]
    pub(crate) end: Vec<String>,
    #[arg(short = 'f', long)]
    pub(crate) output: Vec<OsString>,
    #[arg(short = 'F', long, hide = true)]
    pub(crate) fips: bool,
    #[arg(short = 'g', long)]
    pub(crate) generate_ds: bool,
    #[arg(short = 'H', long)]
    pub(crate) iterations: Vec<String>,
    #[arg(short = 'I', long)]
    pub(crate) input_format: Vec<String>,
    #[arg(short = 'i', long)]
    pub(crate) cycle: Vec<String>,
    #[arg(short = 'j', long)]
    pub(crate) jitter: Vec<String>,
    #[arg(short = 'K', long)]
    pub(crate) key_dir: Vec<OsString>,
    #[arg(short = 'k', long)]
    pub(crate) ksk: Vec<OsString>,
    #[arg(short = 'L', long)]
    pub(crate) source_serial: Vec<String>,
    #[arg(short = 'l', long, hide = true)]
    pub(crate) lookaside: Vec<String>,
    #[arg(short = 'M', long)]
    pub(crate) max_ttl: Vec<String>,
    #[arg(short = 'm', long, hide = true)]
    pub(crate) memdebug: Vec<String>,
    #[arg(short = 'N', long)]
    pub(crate) serial: Vec<String>,
    #[arg(short = 'n', long)]
    pub(crate) threads: Vec<String>,
    #[arg(short = 'O', long)]
    pub(crate) output_format: Vec<String>,
    #[arg(short = 'o', long)]
    pub(crate) origin: Vec<OsString>,
    #[arg(short = 'P', long)]
    pub(crate) no_verify: bool,
    #[arg(short = 'p', long, hide = true)]
    pub(crate) pseudorandom: Vec<String>,
    #[arg(short = 'Q', long)]
    pub(crate) drop_inactive: bool,
    #[arg(short = 'q', long)]
    pub(crate) quiet: bool,
    #[arg(short = 'R', long)]
    pub(crate) drop_unpublished: bool,
    #[arg(short = 'r', long, hide = true)]
    pub(crate) randomdev: Vec<String>,
    #[arg(short = 'S', long)]
    pub(crate) smart: bool,
    #[arg(short = 's', long)]
    pub(crate) start: Vec<String>,
    #[arg(short = 'T', long)]
    pub(crate) key_ttl: Vec<String>,
    #[arg(short = 't', long)]
    pub(crate) stats: bool,
    #[arg(short = 'U', long = "unsafe", hide = true)]
    pub(crate) unsafe_flag: bool,
    #[arg(short = 'u', long)]
    pub(crate) update_chain: bool,
    #[arg(short = 'v', long)]
    pub(crate) verbose: Vec<String>,
    #[arg(short = 'X', long)]
    pub(crate) dnskey_end: Vec<String>,
    #[arg(short = 'x', long)]
    pub(crate) ksk_only_keyset: bool,
    #[arg(short = 'Z', long, hide = true)]
    pub(crate) test_option: Vec<String>,
    #[arg(short = 'z', long)]
    pub(crate) ignore_ksk_flag: bool,
    /// `-h`: the usage.
    #[arg(short = 'h', long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// `-V`: the version.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
    pub(crate) args: Vec<OsString>,
}
