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
    Opt::value('d', "ds-dir"),
    Opt::flag('D', "dnssec-only"),
    Opt::value('E', "engine"),
    Opt::value('e', "end"),
    Opt::value('f', "output"),
    Opt::flag('F', "fips"),
    Opt::flag('g', "generate-ds"),
    Opt::value('H', "iterations"),
    Opt::flag('h', "help"),
    Opt::value('I', "input-format"),
    Opt::value('i', "cycle"),
    Opt::value('j', "jitter"),
    Opt::value('K', "key-dir"),
    Opt::value('k', "ksk"),
    Opt::value('L', "source-serial"),
    Opt::value('l', "lookaside"),
    Opt::value('M', "max-ttl"),
    Opt::value('m', "memdebug"),
    Opt::value('N', "serial"),
    Opt::value('n', "threads"),
    Opt::value('O', "output-format"),
    Opt::value('o', "origin"),
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
    // BIND's signer removes its temporary output and says so when interrupted.
    cli::on_signals(cli::SignalExit::Aborted);
    // `-A` toggles, so its count matters; clap's override-self setting would fold repeats.
    let optout_count = count_optout(std::env::args().skip(1));
    let mut args: Args = cli::parse(&SPEC);
    args.optout_count = optout_count;
    cli::run(|| signzone::run(args))
}

/// Counts `-A` occurrences in the option part of argv (up to the first positional), as
/// BIND's getopt loop sees them, including combined flags like `-AA` or `-SA`.
fn count_optout(argv: impl Iterator<Item = String>) -> u32 {
    let takes_value: Vec<char> = OPTS
        .iter()
        .filter(|o| o.arity != cli::Arity::Flag)
        .map(|o| o.short)
        .collect();
    let mut count = 0;
    let mut skip_next = false;
    for arg in argv {
        if skip_next {
            skip_next = false;
            continue;
        }
        if arg == "--" || !arg.starts_with('-') || arg == "-" {
            break;
        }
        for (i, c) in arg.char_indices().skip(1) {
            if c == 'A' {
                count += 1;
            } else if takes_value.contains(&c) {
                skip_next = i + c.len_utf8() == arg.len();
                break;
            }
        }
    }
    count
}
