//! dnssec-signzone's options: the option table the shared normaliser reads and the clap struct
//! of the normalised form, in the library so that the argv fuzz target parses exactly what
//! the `signzone` binary parses. Their checked meaning is `settings`.

use crate::cli::{Opt, ToolSpec, UnknownStyle};
use clap::Parser;
use std::ffi::OsString;

/// The single-letter options, as BIND's getopt string knows them.
pub const OPTS: &[Opt] = &[
    Opt::value('3', "nsec3-salt"),
    Opt::flag('A', "optout"),
    Opt::flag('a', "verify-new"),
    Opt::value('c', "class"),
    Opt::flag('C', "keyset-file"),
    Opt::bytes('d', "ds-dir"),
    Opt::flag('D', "dnssec-only"),
    Opt::value('E', "engine"),
    Opt::value('e', "end"),
    Opt::bytes('f', "output"),
    Opt::flag('F', "fips"),
    Opt::flag('g', "generate-ds"),
    Opt::value('H', "iterations"),
    Opt::flag('h', "help"),
    Opt::value('I', "input-format"),
    Opt::value('i', "cycle"),
    Opt::value('j', "jitter"),
    Opt::bytes('K', "key-dir"),
    Opt::bytes('k', "ksk"),
    Opt::value('L', "source-serial"),
    Opt::value('l', "lookaside"),
    Opt::value('M', "max-ttl"),
    Opt::value('m', "memdebug"),
    Opt::value('N', "serial"),
    Opt::value('n', "threads"),
    Opt::value('O', "output-format"),
    Opt::bytes('o', "origin"),
    Opt::flag('P', "no-verify"),
    Opt::value('p', "pseudorandom"),
    Opt::flag('Q', "drop-inactive"),
    Opt::flag('q', "quiet"),
    Opt::flag('R', "drop-unpublished"),
    Opt::value('r', "randomdev"),
    Opt::flag('S', "smart"),
    Opt::value('s', "start"),
    Opt::value('T', "key-ttl"),
    Opt::flag('t', "stats"),
    Opt::flag('U', "unsafe"),
    Opt::flag('u', "update-chain"),
    Opt::value('v', "verbose"),
    Opt::flag('V', "version"),
    Opt::value('X', "dnskey-end"),
    Opt::flag('x', "ksk-only-keyset"),
    Opt::value('Z', "test-option"),
    Opt::flag('z', "ignore-ksk-flag"),
];

/// The whole command-line description for the shared edge (`cli`).
pub const SPEC: ToolSpec = ToolSpec {
    name: "signzone",
    opts: OPTS,
    two_word: &[],
    usage: include_str!("usage.txt"),
    unknown: UnknownStyle::IllegalOption,
    usage_exit: 1,
};

/// Counts `-A` occurrences in the option part of argv (up to the first positional), as
/// BIND's getopt loop sees them, including combined flags like `-AA` or `-SA`.
pub fn count_optout(argv: impl Iterator<Item = std::ffi::OsString>) -> u32 {
    use std::os::unix::ffi::OsStrExt;
    let takes_value: Vec<u8> = OPTS
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

/// The flags as the shared normaliser hands them to clap.
#[derive(Parser, Debug)]
#[command(
    disable_help_flag = true,
    disable_version_flag = true,
    args_override_self = true
)]
pub struct Args {
    #[arg(long)]
    pub(crate) nsec3_salt: Vec<String>,
    #[arg(long)]
    pub(crate) optout: bool,
    /// How often `-A` was given (set by the main from argv).
    #[arg(skip)]
    pub optout_count: u32,
    #[arg(long)]
    pub(crate) verify_new: bool,
    #[arg(long)]
    pub(crate) class: Vec<String>,
    #[arg(long)]
    pub(crate) keyset_file: bool,
    #[arg(long)]
    pub(crate) ds_dir: Vec<OsString>,
    #[arg(long)]
    pub(crate) dnssec_only: bool,
    #[arg(long)]
    pub(crate) engine: Vec<String>,
    #[arg(long)]
    pub(crate) end: Vec<String>,
    #[arg(long)]
    pub(crate) output: Vec<OsString>,
    #[arg(long)]
    pub(crate) fips: bool,
    #[arg(long)]
    pub(crate) generate_ds: bool,
    #[arg(long)]
    pub(crate) iterations: Vec<String>,
    #[arg(long)]
    pub(crate) input_format: Vec<String>,
    #[arg(long)]
    pub(crate) cycle: Vec<String>,
    #[arg(long)]
    pub(crate) jitter: Vec<String>,
    #[arg(long)]
    pub(crate) key_dir: Vec<OsString>,
    #[arg(long)]
    pub(crate) ksk: Vec<OsString>,
    #[arg(long)]
    pub(crate) source_serial: Vec<String>,
    #[arg(long)]
    pub(crate) lookaside: Vec<String>,
    #[arg(long)]
    pub(crate) max_ttl: Vec<String>,
    #[arg(long)]
    pub(crate) memdebug: Vec<String>,
    #[arg(long)]
    pub(crate) serial: Vec<String>,
    #[arg(long)]
    pub(crate) threads: Vec<String>,
    #[arg(long)]
    pub(crate) output_format: Vec<String>,
    #[arg(long)]
    pub(crate) origin: Vec<OsString>,
    #[arg(long)]
    pub(crate) no_verify: bool,
    #[arg(long)]
    pub(crate) pseudorandom: Vec<String>,
    #[arg(long)]
    pub(crate) drop_inactive: bool,
    #[arg(long)]
    pub(crate) quiet: bool,
    #[arg(long)]
    pub(crate) drop_unpublished: bool,
    #[arg(long)]
    pub(crate) randomdev: Vec<String>,
    #[arg(long)]
    pub(crate) smart: bool,
    #[arg(long)]
    pub(crate) start: Vec<String>,
    #[arg(long)]
    pub(crate) key_ttl: Vec<String>,
    #[arg(long)]
    pub(crate) stats: bool,
    #[arg(long = "unsafe")]
    pub(crate) unsafe_flag: bool,
    #[arg(long)]
    pub(crate) update_chain: bool,
    #[arg(long)]
    pub(crate) verbose: Vec<String>,
    #[arg(long)]
    pub(crate) dnskey_end: Vec<String>,
    #[arg(long)]
    pub(crate) ksk_only_keyset: bool,
    #[arg(long)]
    pub(crate) test_option: Vec<String>,
    #[arg(long)]
    pub(crate) ignore_ksk_flag: bool,
    pub(crate) args: Vec<OsString>,
}
