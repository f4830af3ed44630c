//! A tool's front: the program name, argv through the normaliser into clap, usage and `-V`,
//! and [`run`], which turns the body's error into `prog: fatal:` and the exit status.

use std::ffi::OsString;
use std::path::Path;
use std::sync::OnceLock;

use super::argv::{
    command, letter, normalise, normalise_until, ArgvError, Options, Stop, ToolSpec, UnknownStyle,
};
use super::messages::{escape, fatal, line, note, render_error, write_stderr, Plain};
use super::order::Positions;
use super::signals::{on_signals, SignalExit};
use super::text;

static PROGRAM: OnceLock<String> = OnceLock::new();

/// The program name used in messages: the basename of argv[0] (so a `dnssec-keygen` symlink
/// speaks as `dnssec-keygen`), set by [`parse`], already escaped for a message.
pub fn program() -> &'static str {
    PROGRAM.get().map(String::as_str).unwrap_or("dnssec-kit")
}

fn set_program(default: &str, argv0: Option<&OsString>) {
    let from_argv0 = argv0
        .and_then(|a| {
            Path::new(a)
                .file_name()
                .map(|f| escape(&text(f)).into_owned())
        })
        .filter(|s| !s.is_empty());
    let _ = PROGRAM.set(from_argv0.unwrap_or_else(|| default.to_string()));
}

/// Our version string, shown by `-V` and in usage.
pub const VERSION: &str = concat!("dnssec-kit-", env!("CARGO_PKG_VERSION"));

/// The usage text, `Usage:` first, with the program name and version filled in. It is the
/// program's own multi-line text (the program name is escaped when it is set).
pub fn usage_text(spec: &ToolSpec) -> String {
    format!(
        "Usage:\n{}",
        spec.usage
            .replace("{prog}", program())
            .replace("{version}", VERSION)
    )
}

/// Prints the usage to stderr (dnssec-verify's `-h` prints it and exits 0).
pub fn print_usage(spec: &ToolSpec) {
    write_stderr(&usage_text(spec));
}

/// Prints the usage to stderr and exits with the tool's usage status.
pub fn usage(spec: &ToolSpec) -> ! {
    print_usage(spec);
    std::process::exit(spec.usage_exit)
}

fn report_argv_error(spec: &ToolSpec, err: &ArgvError) -> ! {
    match (err, spec.unknown) {
        (
            ArgvError::MissingTwoWord(..)
            | ArgvError::MissingNext(..)
            | ArgvError::MissingWordValue(..),
            _,
        )
        | (_, UnknownStyle::InvalidArgument) => note(err),
        // signzone and verify: getopt's own line, then the tool's.
        (ArgvError::Unknown(c), UnknownStyle::IllegalOption) => {
            note(format!("illegal option -- {}", letter(*c)));
            note(err);
        }
        (ArgvError::MissingValue(c), UnknownStyle::IllegalOption) => {
            note(format!("option requires an argument -- {}", letter(*c)));
            note(err);
        }
        (_, UnknownStyle::UsageOnly) => {}
    }
    usage(spec)
}

/// Parses the process's argv for `spec` into the tool's clap struct. Handles, as BIND does:
/// no arguments at all (usage), unknown options (message + usage), the help option (usage)
/// and the version option (`prog <version>` on stderr, exit 0). Arguments are taken as the
/// bytes the OS gave, never converted lossily.
pub fn parse<A: clap::Parser>(spec: &ToolSpec) -> A {
    parse_from(spec, &process_argv::<A>(spec))
}

/// The process's argv after argv[0], which names the program; no arguments at all is the
/// usage, and a completion request is answered here.
fn process_argv<A: clap::Parser>(spec: &ToolSpec) -> Vec<OsString> {
    let mut raw = std::env::args_os();
    let argv0 = raw.next();
    set_program(spec.name, argv0.as_ref());
    let argv: Vec<OsString> = raw.collect();
    if argv.is_empty() {
        usage(spec);
    }
    if let Some(shell) = super::complete::requested(&argv) {
        print_completion::<A>(spec, shell);
    }
    argv
}

/// `TOOL --generate-completions SHELL`: the completion script on stdout, exit 0; an unknown
/// shell is fatal.
fn print_completion<A: clap::Parser>(spec: &ToolSpec, shell: &OsString) -> ! {
    use std::io::Write;
    let name = text(shell);
    let Some(shell) = super::complete::shell(&name) else {
        fatal(format!(
            "{}: unknown shell '{}' (bash, zsh or fish)",
            super::complete::GENERATE,
            escape(&name)
        ))
    };
    let script = super::complete::script(spec, &command::<A>(), program(), shell);
    let mut out = std::io::stdout().lock();
    if out.write_all(&script).and_then(|()| out.flush()).is_err() {
        fatal("cannot write the completion script to standard output");
    }
    std::process::exit(0)
}

/// Why [`try_parse_from`] stopped before the tool's work: what the tool prints instead.
#[derive(Debug)]
pub enum Early {
    /// The help option: the usage.
    Usage,
    /// The version option: `prog <version>`.
    Version,
    /// An argv error, reported with the usage.
    Argv(ArgvError),
    /// clap refused the normalised form: the spec and the clap struct disagree (a bug). Holds
    /// clap's first line.
    Internal(String),
}

/// As [`parse_from`] without printing or exiting: the parsed options, or why the tool stops
/// early. Everything up to the tool's own checks; the argv fuzz target drives it.
pub fn try_parse_from<A: clap::Parser>(spec: &ToolSpec, argv: &[OsString]) -> Result<A, Early> {
    try_parse_in_order(spec, argv).map(|(a, _)| a)
}

/// As [`try_parse_from`], with where each option's values stood on the command line (for
/// [`InOrder`](super::InOrder)).
pub fn try_parse_in_order<A: clap::Parser>(
    spec: &ToolSpec,
    argv: &[OsString],
) -> Result<(A, Positions), Early> {
    let options = Options::of::<A>();
    let normalised = normalise(&options, argv).map_err(Early::Argv)?;
    if let Some((_, stop)) = first_stop(&options, &normalised) {
        return Err(stop);
    }
    from_normalised(spec, normalised)
}

/// The first option in `normalised` that stops the tool (`-h`, `-V`): where, and what it does.
fn first_stop(options: &Options, normalised: &[OsString]) -> Option<(usize, Early)> {
    normalised
        .iter()
        .take_while(|a| *a != "--")
        .enumerate()
        .find_map(|(at, arg)| {
            // Flags are emitted bare (`--help`), values as `--long=value`: only a flag can stop.
            let stop = arg
                .to_str()
                .and_then(|a| a.strip_prefix("--"))
                .and_then(|long| options.by_long(long))
                .map(|o| o.stop);
            match stop {
                Some(Stop::Usage) => Some((at, Early::Usage)),
                Some(Stop::Version) => Some((at, Early::Version)),
                _ => None,
            }
        })
}

/// The normaliser's words through clap into the tool's struct, with where each value stood.
fn from_normalised<A: clap::Parser>(
    spec: &ToolSpec,
    normalised: Vec<OsString>,
) -> Result<(A, Positions), Early> {
    let cmd = command::<A>();
    let positions = Positions::of(&cmd, &normalised);
    let with_prog = std::iter::once(OsString::from(spec.name)).chain(normalised);
    let internal = |e: clap::Error| {
        let text = e.to_string();
        Early::Internal(text.lines().next().unwrap_or("").to_string())
    };
    let mut matches = cmd.try_get_matches_from(with_prog).map_err(internal)?;
    Ok((
        A::from_arg_matches_mut(&mut matches).map_err(internal)?,
        positions,
    ))
}

/// As [`try_parse_in_order`], but a stop (`-h`, `-V`, an unknown option or a missing value)
/// does not end the parse: the options before it are parsed, and the stop is kept in the
/// positions, for [`InOrder::finish`](super::InOrder::finish) to act on when no option before
/// it was bad, as BIND's option loop meets it only after those.
fn try_parse_deferring<A: clap::Parser>(
    spec: &ToolSpec,
    argv: &[OsString],
) -> Result<(A, Positions), Early> {
    let options = Options::of::<A>();
    let (mut normalised, error) = normalise_until(&options, argv);
    let mut stop = error.map(Early::Argv);
    // A stop among the options comes before the argv error, which ends them.
    if let Some((at, early)) = first_stop(&options, &normalised) {
        normalised.truncate(at);
        normalised.push(OsString::from("--"));
        stop = Some(early);
    }
    let (a, mut positions) = from_normalised(spec, normalised)?;
    positions.stop = stop.map(|early| (early, *spec));
    Ok((a, positions))
}

/// As [`parse`], with where each option's values stood on the command line, for a tool that
/// checks its options in command-line order as BIND's option loop does
/// ([`InOrder`](super::InOrder)). Usage, version, an unknown option or a missing value are
/// acted on by [`InOrder::finish`](super::InOrder::finish), after the options before them:
/// such a tool must make its option checks through an `InOrder` and finish it first.
pub fn parse_in_order<A: clap::Parser>(spec: &ToolSpec) -> (A, Positions) {
    let argv = process_argv::<A>(spec);
    try_parse_deferring(spec, &argv).unwrap_or_else(|early| stop_early(spec, &early))
}

/// As [`parse`], from an explicit argv (without argv[0]).
pub fn parse_from<A: clap::Parser>(spec: &ToolSpec, argv: &[OsString]) -> A {
    try_parse_from(spec, argv).unwrap_or_else(|early| stop_early(spec, &early))
}

/// Does what an early stop means: the usage, the version, an argv error with the usage.
pub(super) fn stop_early(spec: &ToolSpec, early: &Early) -> ! {
    match early {
        Early::Usage => usage(spec),
        Early::Version => {
            line(format_args!("{} {VERSION}", program()));
            std::process::exit(0)
        }
        Early::Argv(e) => report_argv_error(spec, e),
        // The normaliser only emits options from the spec, so a clap error here means the
        // spec and the clap struct disagree: a bug, reported rather than panicking.
        Early::Internal(text) => fatal(format!("internal option error: {text}")),
    }
}

/// Runs a tool body: an error becomes `prog: fatal: <error with its context chain>` and exit
/// status 1; success exits 0.
pub fn run(body: impl FnOnce() -> anyhow::Result<()>) -> ! {
    on_signals(SignalExit::AsDefault);
    match body() {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            match e.downcast_ref::<Plain>() {
                Some(plain) => line(&plain.0),
                None => write_stderr(&format!("{}: fatal: {}\n", program(), render_error(&e))),
            }
            std::process::exit(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::argv::tests::{os, Test, SPEC};

    #[test]
    fn try_parse_stops_early_without_exiting() {
        let parsed = try_parse_from::<Test>(&SPEC, &[os(b"-h")]);
        assert!(matches!(parsed, Err(Early::Usage)));
        let parsed = try_parse_from::<Test>(&SPEC, &[os(b"-V")]);
        assert!(matches!(parsed, Err(Early::Version)));
        let parsed = try_parse_from::<Test>(&SPEC, &[os(b"-Y")]);
        assert!(matches!(parsed, Err(Early::Argv(ArgvError::Unknown(b'Y')))));
        // `names` is a String field: a spec/struct mismatch is an error, not a panic.
        let parsed = try_parse_from::<Test>(&SPEC, &[os(b"\xe9")]);
        assert!(matches!(parsed, Err(Early::Internal(_))), "{parsed:?}");
    }

    #[test]
    fn clap_reads_the_normalised_form() {
        let argv: Vec<OsString> = [
            "-qa", "13", "-a8", "-fK", "-fR", "-P", "sync", "-1d", "-i", "-K", "", "--", "-n", "x",
        ]
        .iter()
        .map(OsString::from)
        .collect();
        let d: Test = parse_from(&SPEC, &argv);
        assert_eq!(
            d.algorithm.as_deref(),
            Some("8"),
            "a repeated option overrides"
        );
        assert_eq!(d.flag, ["K", "R"]);
        assert_eq!(d.publish_sync.as_deref(), Some("-1d"));
        assert!(d.quiet);
        assert_eq!(d.inplace.as_deref(), Some(""));
        assert_eq!(d.directory.as_deref(), Some(""));
        assert_eq!(d.names, ["-n", "x"]);
    }
}
