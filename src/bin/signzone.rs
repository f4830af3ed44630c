//! signzone: a drop-in for BIND's dnssec-signzone (REFERENCE.md section 6) that spends its
//! time in the cryptography: the zone is held compactly, signatures are made on every core,
//! and every zone it writes has passed a completeness check.

use dnssec_kit::cli::{self, Opt, ToolSpec, UnknownStyle};
use dnssec_kit::signzone::{self, Args};

const OPTS: &[Opt] = &[
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

const SPEC: ToolSpec = ToolSpec {
    name: "signzone",
    opts: OPTS,
    two_word: &[],
    usage: include_str!("signzone.usage"),
    unknown: UnknownStyle::IllegalOption,
    usage_exit: 1,
};

fn main() {
    // `-A` toggles, so its count matters; clap's override-self setting would fold repeats.
    // Taken as bytes: a file name that is not UTF-8 must not stop the tool.
    let optout_count = count_optout(std::env::args_os().skip(1));
    let mut args: Args = cli::parse(&SPEC);
    args.optout_count = optout_count;
    cli::run(|| signzone::run(args))
}

/// Counts `-A` occurrences in the option part of argv (up to the first positional), as
/// BIND's getopt loop sees them, including combined flags like `-AA` or `-SA`.
fn count_optout(argv: impl Iterator<Item = std::ffi::OsString>) -> u32 {
    use std::os::unix::ffi::OsStrExt;
    let takes_value: Vec<u8> = OPTS
        .iter()
        .filter(|o| o.arity != cli::Arity::Flag && o.short.is_ascii())
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
