//! The edge every tool shares (REFERENCE.md 0.1): BIND-compatible argv handling in front of
//! clap, and BIND-style reporting (`prog: fatal: msg`, `prog: warning: msg`, usage, `-V`).
//!
//! BIND's tools parse options with a classic (non-permuting) getopt: values may be attached
//! (`-a13`) or separate (`-a 13`), flags combine (`-SPz`), and option parsing stops at the
//! first positional argument. A few options take a second word (`-P sync DATE`). clap cannot
//! express all of that, so [`normalise`] rewrites argv into an unambiguous long-option form
//! (`--<long>=<value>`, then `--`, then the positionals) that a derive-based clap parser reads.
//!
//! A tool describes its options once in a [`ToolSpec`] and calls [`parse`]; it then returns
//! `anyhow::Result<()>` from its body through [`run`], which turns an error into
//! `prog: fatal: <error>` and exit status 1.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// How a single-letter option takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    /// No value (`-q`); may be combined with other flags (`-Cq`).
    Flag,
    /// A value, attached (`-a13`) or in the next argument (`-a 13`), even if that starts with `-`.
    Value,
    /// A value that can only be attached (`-i.bak`); `-i` alone means the empty value
    /// (dnssec-cds `-i[extension]`).
    OptionalAttached,
    /// A value as with `Value`, then the next argument as a second, mandatory value
    /// (settime `-d STATE DATE`); emitted as `--<long>=VALUE` and `--<long>-date=NEXT`.
    ValueThenNext,
}

/// One single-letter option of a tool and the long name the clap parser knows it by.
#[derive(Clone, Copy, Debug)]
pub struct Opt {
    /// The letter the user types.
    pub short: char,
    /// The clap long name the normaliser emits (`--<long>`).
    pub long: &'static str,
    /// Whether and how it takes a value.
    pub arity: Arity,
}

impl Opt {
    /// A flag without a value.
    pub const fn flag(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::Flag,
        }
    }
    /// An option with a value.
    pub const fn value(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::Value,
        }
    }
    /// An option with a value and a mandatory second argument (settime `-d STATE DATE`).
    pub const fn value_then_next(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::ValueThenNext,
        }
    }
    /// An option whose value can only be attached (`-i[ext]`).
    pub const fn optional_attached(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::OptionalAttached,
        }
    }
}

/// BIND's two-word options: when the value of `-<short>` is exactly `word`, the next argument
/// is the real value and the pair becomes the distinct option `--<long>` (`-P sync DATE`).
#[derive(Clone, Copy, Debug)]
pub struct TwoWord {
    /// The option letter (`P` or `D`).
    pub short: char,
    /// The first word (`sync`, `ds`).
    pub word: &'static str,
    /// The clap long name of the combined option.
    pub long: &'static str,
}

impl TwoWord {
    /// `-<short> <word> VALUE` becomes `--<long>=VALUE`.
    pub const fn new(short: char, word: &'static str, long: &'static str) -> TwoWord {
        TwoWord { short, word, long }
    }
}

/// How a tool words an unknown option (REFERENCE.md 0.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownStyle {
    /// `prog: invalid argument -Y` then usage (keygen, settime, dsfromkey, importkey, revoke).
    InvalidArgument,
    /// `prog: illegal option -- Y` (or `prog: option requires an argument -- o`), then
    /// `prog: invalid argument -Y`, then usage (signzone, verify).
    IllegalOption,
    /// Usage alone (cds).
    UsageOnly,
}

/// Everything the shared edge needs to know about one tool.
#[derive(Clone, Copy, Debug)]
pub struct ToolSpec {
    /// Our program name, used when argv[0] is unusable (`keygen`).
    pub name: &'static str,
    /// The single-letter options. An option whose long name is `help` prints the usage;
    /// one named `version` prints the version (both handled here, before clap).
    pub opts: &'static [Opt],
    /// The two-word forms.
    pub two_word: &'static [TwoWord],
    /// The usage text after `Usage:\n`; `{prog}` is replaced by the program name.
    pub usage: &'static str,
    /// How an unknown option is reported.
    pub unknown: UnknownStyle,
    /// Exit status after printing the usage: 1, or 0 for dnssec-verify's QUIRK (REFERENCE.md 10.13).
    pub usage_exit: i32,
}

impl ToolSpec {
    fn opt(&self, c: char) -> Option<&Opt> {
        self.opts.iter().find(|o| o.short == c)
    }
}

/// Why argv could not be normalised; both are reported with the usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgvError {
    /// An option letter the tool does not know. Holds the letter as BIND prints it (`-` for
    /// `--foo` and a lone `-`).
    Unknown(char),
    /// A value option with nothing after it (`-a` at the end).
    MissingValue(char),
    /// A two-word option without its value (`-P sync` at the end): `missing argument -P sync`.
    MissingTwoWord(char, &'static str),
    /// A value-then-next option without its second argument (`-d omnipresent` at the end):
    /// `missing argument -d omnipresent`.
    MissingNext(char, String),
}

impl fmt::Display for ArgvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgvError::Unknown(c) | ArgvError::MissingValue(c) => {
                write!(f, "invalid argument -{c}")
            }
            ArgvError::MissingTwoWord(c, w) => write!(f, "missing argument -{c} {w}"),
            ArgvError::MissingNext(c, v) => write!(f, "missing argument -{c} {v}"),
        }
    }
}

/// Rewrites BIND-style argv (without argv[0]) into `--long[=value]` options, then `--`, then
/// the positionals. Option parsing stops at the first argument that does not start with `-`
/// (or after `--`), as BIND's getopt does; later `-x` arguments are positionals, so the tool
/// reports them as extraneous.
pub fn normalise(spec: &ToolSpec, argv: &[String]) -> Result<Vec<String>, ArgvError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        if arg == "--" {
            i += 1;
            break;
        }
        let Some(cluster) = arg.strip_prefix('-') else {
            break;
        };
        if cluster.is_empty() {
            // BIND's getopt treats a lone `-` as the unknown option `-`.
            return Err(ArgvError::Unknown('-'));
        }
        i += 1;
        for (pos, c) in cluster.char_indices() {
            let opt = spec.opt(c).ok_or(ArgvError::Unknown(c))?;
            let rest = &cluster[pos + c.len_utf8()..];
            match opt.arity {
                Arity::Flag => {
                    out.push(format!("--{}", opt.long));
                    continue;
                }
                Arity::OptionalAttached => out.push(format!("--{}={rest}", opt.long)),
                Arity::ValueThenNext => {
                    let value = if !rest.is_empty() {
                        rest.to_string()
                    } else {
                        let v = argv.get(i).ok_or(ArgvError::Unknown(c))?;
                        i += 1;
                        v.clone()
                    };
                    let next = argv
                        .get(i)
                        .ok_or_else(|| ArgvError::MissingNext(c, value.clone()))?;
                    i += 1;
                    out.push(format!("--{}={value}", opt.long));
                    out.push(format!("--{}-date={next}", opt.long));
                }
                Arity::Value => {
                    let value = if !rest.is_empty() {
                        rest.to_string()
                    } else {
                        let v = argv.get(i).ok_or(ArgvError::MissingValue(c))?;
                        i += 1;
                        v.clone()
                    };
                    match spec
                        .two_word
                        .iter()
                        .find(|t| t.short == c && t.word == value)
                    {
                        Some(two) => {
                            let v = argv.get(i).ok_or(ArgvError::MissingTwoWord(c, two.word))?;
                            i += 1;
                            out.push(format!("--{}={v}", two.long));
                        }
                        None => out.push(format!("--{}={value}", opt.long)),
                    }
                }
            }
            // A value option consumes the rest of the cluster.
            break;
        }
    }
    out.push("--".to_string());
    out.extend(argv[i..].iter().cloned());
    Ok(out)
}

static PROGRAM: OnceLock<String> = OnceLock::new();

/// The program name used in messages: the basename of argv[0] (so a `dnssec-keygen` symlink
/// speaks as `dnssec-keygen`), set by [`parse`].
pub fn program() -> &'static str {
    PROGRAM.get().map(String::as_str).unwrap_or("dnssec-kit")
}

fn set_program(default: &str, argv0: Option<&OsString>) {
    let from_argv0 = argv0
        .and_then(|a| {
            Path::new(a)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
        })
        .filter(|s| !s.is_empty());
    let _ = PROGRAM.set(from_argv0.unwrap_or_else(|| default.to_string()));
}

/// `println!` that returns a failed write (a full disk, a closed pipe) as an error for the
/// tool to report, where `println!` would panic.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
            .map_err(|e| anyhow::anyhow!("writing to standard output: {e}"))
    }};
}

/// `eprintln!` that ignores a failed write: a diagnostic is best effort, and a closed or
/// full stderr must not turn into a panic.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// [`errln!`] without the newline.
#[macro_export]
macro_rules! errout {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// Our version string, shown by `-V` and in usage.
pub const VERSION: &str = concat!("dnssec-kit-", env!("CARGO_PKG_VERSION"));

/// `prog: fatal: msg` on stderr, exit 1.
pub fn fatal(msg: impl fmt::Display) -> ! {
    crate::errln!("{}: fatal: {msg}", program());
    std::process::exit(1)
}

/// `prog: warning: msg` on stderr.
pub fn warning(msg: impl fmt::Display) {
    crate::errln!("{}: warning: {msg}", program());
}

/// BIND's words for a key-file error, for the fatal or warning line a tool prints; first
/// prints `prog: warning: FILE:LINE: FIELD: words` when the error knows where it was found,
/// as BIND prints a located line before `can't load` for zone-file problems
/// (docs/bind-compat.md, "keys: times, fields and checks").
pub fn key_error(e: &dnssec_core::key::KeyError) -> String {
    if let Some(detail) = e.detail() {
        warning(detail);
    }
    e.to_string()
}

/// `prog: error: msg` on stderr (BIND's logger wording for a non-fatal error line).
pub fn error(msg: impl fmt::Display) {
    crate::errln!("{}: error: {msg}", program());
}

/// `prog: msg` on stderr: BIND's plain notes (verbose output, `the -d option is deprecated`).
pub fn note(msg: impl fmt::Display) {
    crate::errln!("{}: {msg}", program());
}

fn usage_text(spec: &ToolSpec) -> String {
    format!(
        "Usage:\n{}",
        spec.usage
            .replace("{prog}", program())
            .replace("{version}", VERSION)
    )
}

/// Prints the usage to stderr and exits with the tool's usage status.
pub fn usage(spec: &ToolSpec) -> ! {
    crate::errout!("{}", usage_text(spec));
    std::process::exit(spec.usage_exit)
}

fn report_argv_error(spec: &ToolSpec, err: &ArgvError) -> ! {
    match (err, spec.unknown) {
        (ArgvError::MissingTwoWord(..) | ArgvError::MissingNext(..), _)
        | (_, UnknownStyle::InvalidArgument) => note(err),
        // signzone and verify: getopt's own line, then the tool's.
        (ArgvError::Unknown(c), UnknownStyle::IllegalOption) => {
            note(format!("illegal option -- {c}"));
            note(err);
        }
        (ArgvError::MissingValue(c), UnknownStyle::IllegalOption) => {
            note(format!("option requires an argument -- {c}"));
            note(err);
        }
        (_, UnknownStyle::UsageOnly) => {}
    }
    usage(spec)
}

/// Parses the process's argv for `spec` into the tool's clap struct. Handles, as BIND does:
/// no arguments at all (usage), unknown options (message + usage), the help option (usage)
/// and the version option (`prog <version>` on stderr, exit 0).
pub fn parse<A: clap::Parser>(spec: &ToolSpec) -> A {
    let mut raw = std::env::args_os();
    let argv0 = raw.next();
    set_program(spec.name, argv0.as_ref());
    let argv: Vec<String> = raw.map(|a| a.to_string_lossy().into_owned()).collect();
    if argv.is_empty() {
        usage(spec);
    }
    parse_from(spec, &argv)
}

/// As [`parse`], from an explicit argv (without argv[0]).
pub fn parse_from<A: clap::Parser>(spec: &ToolSpec, argv: &[String]) -> A {
    let normalised = normalise(spec, argv).unwrap_or_else(|e| report_argv_error(spec, &e));
    for arg in normalised.iter().take_while(|a| *a != "--") {
        match arg.as_str() {
            "--help" => usage(spec),
            "--version" => {
                crate::errln!("{} {VERSION}", program());
                std::process::exit(0)
            }
            _ => {}
        }
    }
    let with_prog = std::iter::once(program().to_string()).chain(normalised);
    // The normaliser only emits options from the spec, so a clap error here means the spec
    // and the clap struct disagree: a bug, reported rather than panicking.
    A::try_parse_from(with_prog).unwrap_or_else(|e| {
        let text = e.to_string();
        fatal(format!(
            "internal option error: {}",
            text.lines().next().unwrap_or("")
        ))
    })
}

/// Runs a tool body: an error becomes `prog: fatal: <error with its context chain>` and exit
/// status 1; success exits 0.
pub fn run(body: impl FnOnce() -> anyhow::Result<()>) -> ! {
    match body() {
        Ok(()) => std::process::exit(0),
        Err(e) => match e.downcast_ref::<Plain>() {
            Some(plain) => {
                crate::errln!("{}", plain.0);
                std::process::exit(1)
            }
            None => fatal(format!("{e:#}")),
        },
    }
}

/// An error BIND prints bare, without `prog: fatal:` (signzone's `unknown raw format
/// version`); [`run`] prints it as is and exits 1.
#[derive(Debug)]
pub struct Plain(pub String);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Plain {}

/// A `-v` verbosity level (REFERENCE.md 0.1). Negative numbers are accepted, as C's strtol
/// reads them, and mean quiet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Verbosity(pub u32);

impl Verbosity {
    /// Reads the whole argument as a decimal integer with an optional sign (strtol, base 10,
    /// nothing may follow). None when it is not a number.
    pub fn parse(text: &str) -> Option<Verbosity> {
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if text.starts_with('-') {
            return Some(Verbosity(0));
        }
        Some(Verbosity(digits.parse::<u32>().unwrap_or(u32::MAX)))
    }
}

/// The common `-v` check: `-v must be followed by a number` (keygen, settime, dsfromkey,
/// importkey, revoke, cds; signzone and verify word it `verbose level must be numeric`).
pub fn verbosity(text: Option<&str>) -> anyhow::Result<Verbosity> {
    match text {
        None => Ok(Verbosity(0)),
        Some(t) => {
            Verbosity::parse(t).ok_or_else(|| anyhow::anyhow!("-v must be followed by a number"))
        }
    }
}

/// The last value of a repeatable option (later occurrences override earlier ones, as with
/// getopt loops that assign a variable).
pub fn last(values: &[String]) -> Option<&str> {
    values.last().map(String::as_str)
}

/// The value of an option that may be given only once (`-P specified more than once`, as
/// keygen and settime word it). `flag` is how the message names it (`-P`, `-P sync`).
pub fn once<'a>(values: &'a [String], flag: &str) -> anyhow::Result<Option<&'a str>> {
    if values.len() > 1 {
        anyhow::bail!("{flag} specified more than once");
    }
    Ok(last(values))
}

/// A key timing option (`-P`, `-A`, ... REFERENCE.md 0.2) given at most once: None when
/// absent, else the time or the explicit unset. Relative values count from `base`; `now` is
/// `now`. Times a key file cannot carry (outside 1970..2106) are refused as out of range
/// (docs/bind-compat.md, "keys: times, fields and checks").
pub fn time_option(
    values: &[String],
    flag: &str,
    base: dnssec_core::time::UnixTime,
    now: dnssec_core::time::UnixTime,
) -> anyhow::Result<Option<dnssec_core::time::TimeSpec>> {
    match once(values, flag)? {
        None => Ok(None),
        Some(text) => Ok(Some(dnssec_core::time::parse_key_time(text, base, now)?)),
    }
}

/// Reads a whole argument as a decimal integer (C strtol, base 10, optional sign, nothing
/// after it) within `min..=max`; None otherwise. BIND's numeric options (`-b`, `-p`, `-s`)
/// use this rule.
pub fn number(text: &str, min: i64, max: i64) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok().filter(|n| (min..=max).contains(n))
}

/// Checks that a `-K` directory exists, with BIND's message
/// `cannot open directory D: file not found`. None means the current directory.
pub fn key_dir(dir: Option<&str>) -> anyhow::Result<PathBuf> {
    match dir {
        None => Ok(PathBuf::from(".")),
        Some(d) if Path::new(d).is_dir() => Ok(PathBuf::from(d)),
        Some(d) if Path::new(d).exists() => {
            anyhow::bail!("cannot open directory {d}: invalid file")
        }
        Some(d) => anyhow::bail!("cannot open directory {d}: file not found"),
    }
}

/// True when stdin is a terminal (keygen prints its progress only then).
pub fn stdin_is_tty() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: &[Opt] = &[
        Opt::value('a', "algorithm"),
        Opt::value('f', "flag"),
        Opt::value('K', "directory"),
        Opt::value('P', "publish"),
        Opt::value('D', "delete"),
        Opt::value('v', "verbose"),
        Opt::flag('S', "S"),
        Opt::flag('z', "z"),
        Opt::flag('q', "quiet"),
        Opt::flag('h', "help"),
        Opt::flag('V', "version"),
        Opt::optional_attached('i', "inplace"),
        Opt::value_then_next('d', "ds-state"),
    ];
    const TWO: &[TwoWord] = &[
        TwoWord::new('P', "sync", "publish-sync"),
        TwoWord::new('D', "sync", "delete-sync"),
        TwoWord::new('P', "ds", "publish-ds"),
        TwoWord::new('D', "ds", "delete-ds"),
    ];
    const SPEC: ToolSpec = ToolSpec {
        name: "test",
        opts: OPTS,
        two_word: TWO,
        usage: "    {prog} [options] name\n",
        unknown: UnknownStyle::InvalidArgument,
        usage_exit: 1,
    };

    fn norm(args: &[&str]) -> Result<Vec<String>, ArgvError> {
        let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        normalise(&SPEC, &argv)
    }

    fn ok(args: &[&str]) -> Vec<String> {
        norm(args).unwrap()
    }

    #[test]
    fn attached_and_separate_values_are_the_same() {
        assert_eq!(ok(&["-a13", "x"]), ["--algorithm=13", "--", "x"]);
        assert_eq!(ok(&["-a", "13", "x"]), ["--algorithm=13", "--", "x"]);
        assert_eq!(
            ok(&["-fK", "-f", "REVOKE"]),
            ["--flag=K", "--flag=REVOKE", "--"]
        );
    }

    #[test]
    fn value_then_next_takes_the_following_argument_whatever_it_is() {
        assert_eq!(
            ok(&["-d", "OMNI", "now", "K"]),
            ["--ds-state=OMNI", "--ds-state-date=now", "--", "K"]
        );
        assert_eq!(
            ok(&["-dOMNI", "-1h", "K"]),
            ["--ds-state=OMNI", "--ds-state-date=-1h", "--", "K"]
        );
        // BIND takes the key file itself as the date when the date is left out.
        assert_eq!(
            ok(&["-d", "OMNI", "K"]),
            ["--ds-state=OMNI", "--ds-state-date=K", "--"]
        );
        assert_eq!(
            norm(&["-d", "omni"]),
            Err(ArgvError::MissingNext('d', "omni".into()))
        );
        assert_eq!(
            ArgvError::MissingNext('d', "omni".into()).to_string(),
            "missing argument -d omni"
        );
    }

    #[test]
    fn a_separate_value_may_start_with_a_dash() {
        assert_eq!(
            ok(&["-P", "-2h", "-v", "-3", "n"]),
            ["--publish=-2h", "--verbose=-3", "--", "n"]
        );
        assert_eq!(ok(&["-K", "--", "n"]), ["--directory=--", "--", "n"]);
        assert_eq!(ok(&["-K", ""]), ["--directory=", "--"]);
    }

    #[test]
    fn combined_flags_and_a_trailing_value() {
        assert_eq!(ok(&["-SPz"]), ["--S", "--publish=z", "--"]);
        assert_eq!(ok(&["-Szq", "n"]), ["--S", "--z", "--quiet", "--", "n"]);
        assert_eq!(ok(&["-qa", "13"]), ["--quiet", "--algorithm=13", "--"]);
        assert_eq!(ok(&["-qa13"]), ["--quiet", "--algorithm=13", "--"]);
    }

    #[test]
    fn two_word_forms_become_distinct_options() {
        assert_eq!(
            ok(&["-P", "sync", "+1d", "n"]),
            ["--publish-sync=+1d", "--", "n"]
        );
        assert_eq!(ok(&["-D", "sync", "now"]), ["--delete-sync=now", "--"]);
        assert_eq!(
            ok(&["-P", "ds", "20300101"]),
            ["--publish-ds=20300101", "--"]
        );
        assert_eq!(ok(&["-D", "ds", "-1d"]), ["--delete-ds=-1d", "--"]);
        // BIND compares the option's value, so an attached `sync` counts too.
        assert_eq!(ok(&["-Psync", "+1d"]), ["--publish-sync=+1d", "--"]);
        assert_eq!(ok(&["-P", "now", "n"]), ["--publish=now", "--", "n"]);
        // Only the exact word: `SYNC` is an ordinary (bad) date for the tool to reject.
        assert_eq!(ok(&["-P", "SYNC", "n"]), ["--publish=SYNC", "--", "n"]);
        assert_eq!(
            norm(&["-P", "sync"]),
            Err(ArgvError::MissingTwoWord('P', "sync"))
        );
        assert_eq!(
            norm(&["-D", "ds"]).unwrap_err().to_string(),
            "missing argument -D ds"
        );
    }

    #[test]
    fn two_words_apply_only_to_listed_options() {
        assert_eq!(ok(&["-a", "sync", "n"]), ["--algorithm=sync", "--", "n"]);
    }

    #[test]
    fn optional_attached_value() {
        assert_eq!(ok(&["-i", "x"]), ["--inplace=", "--", "x"]);
        assert_eq!(ok(&["-i.bak", "x"]), ["--inplace=.bak", "--", "x"]);
        assert_eq!(ok(&["-qi.orig"]), ["--quiet", "--inplace=.orig", "--"]);
    }

    #[test]
    fn options_stop_at_the_first_positional() {
        assert_eq!(
            ok(&["-q", "name", "-a", "13"]),
            ["--quiet", "--", "name", "-a", "13"]
        );
        assert_eq!(ok(&["name", "-q"]), ["--", "name", "-q"]);
        assert_eq!(ok(&["-q", "--", "-name"]), ["--quiet", "--", "-name"]);
        assert_eq!(ok(&["--", "a", "b"]), ["--", "a", "b"]);
        assert_eq!(ok(&[]), ["--"]);
    }

    #[test]
    fn unknown_options_and_missing_values() {
        assert_eq!(norm(&["-Y"]), Err(ArgvError::Unknown('Y')));
        assert_eq!(norm(&["-qY"]), Err(ArgvError::Unknown('Y')));
        assert_eq!(norm(&["-a"]), Err(ArgvError::MissingValue('a')));
        assert_eq!(
            norm(&["-qa"]).unwrap_err().to_string(),
            "invalid argument -a"
        );
        assert_eq!(norm(&["--foo"]), Err(ArgvError::Unknown('-')));
        assert_eq!(norm(&["-"]), Err(ArgvError::Unknown('-')));
        assert_eq!(
            norm(&["-Y"]).unwrap_err().to_string(),
            "invalid argument -Y"
        );
        assert_eq!(
            norm(&["--x"]).unwrap_err().to_string(),
            "invalid argument --"
        );
        // An unknown option after the first positional is not an option at all.
        assert_eq!(ok(&["n", "-Y"]), ["--", "n", "-Y"]);
    }

    #[test]
    fn non_ascii_letters_are_unknown_not_a_panic() {
        assert_eq!(norm(&["-é"]), Err(ArgvError::Unknown('é')));
        assert_eq!(ok(&["-aé"]), ["--algorithm=é", "--"]);
    }

    #[test]
    fn verbosity_reads_like_strtol() {
        assert_eq!(Verbosity::parse("3"), Some(Verbosity(3)));
        assert_eq!(Verbosity::parse("+2"), Some(Verbosity(2)));
        assert_eq!(Verbosity::parse("-3"), Some(Verbosity(0)));
        assert_eq!(Verbosity::parse("99999999999"), Some(Verbosity(u32::MAX)));
        for bad in ["", "x", "3x", "-", " 3", "0x3"] {
            assert_eq!(Verbosity::parse(bad), None, "{bad:?}");
        }
        assert_eq!(
            verbosity(Some("x")).unwrap_err().to_string(),
            "-v must be followed by a number"
        );
        assert_eq!(verbosity(None).unwrap(), Verbosity(0));
    }

    #[test]
    fn numbers_are_whole_and_in_range() {
        assert_eq!(number("2048", 0, 4096), Some(2048));
        assert_eq!(number("+7", 0, 15), Some(7));
        assert_eq!(number("-1", 0, 15), None);
        assert_eq!(number("16", 0, 15), None);
        assert_eq!(number("1x", 0, 15), None);
        assert_eq!(number("", 0, 15), None);
        assert_eq!(number("99999999999999999999", 0, i64::MAX), None);
        assert_eq!(last(&["a".to_string(), "b".to_string()]), Some("b"));
        assert_eq!(last(&[]), None);
        let two = ["now".to_string(), "now".to_string()];
        assert_eq!(
            once(&two, "-P sync").unwrap_err().to_string(),
            "-P sync specified more than once"
        );
        let now = dnssec_core::time::UnixTime(1_800_000_000);
        let t = time_option(&two[..1], "-P", now, now).unwrap();
        assert_eq!(t, Some(dnssec_core::time::TimeSpec::Set(now)));
        let bad = ["+5m".to_string()];
        assert_eq!(
            time_option(&bad, "-P", now, now).unwrap_err().to_string(),
            "'+5m' ambiguous: use 'mi' for minutes or 'mo' for months"
        );
    }

    #[test]
    fn key_dir_messages() {
        assert_eq!(key_dir(None).unwrap(), PathBuf::from("."));
        assert_eq!(
            key_dir(Some("/nonexistent-dnssec-kit"))
                .unwrap_err()
                .to_string(),
            "cannot open directory /nonexistent-dnssec-kit: file not found"
        );
    }

    #[derive(clap::Parser, Debug)]
    #[command(
        disable_help_flag = true,
        disable_version_flag = true,
        args_override_self = true
    )]
    struct Demo {
        #[arg(long = "algorithm")]
        algorithm: Option<String>,
        #[arg(long = "flag")]
        flag: Vec<String>,
        #[arg(long = "publish-sync")]
        publish_sync: Option<String>,
        #[arg(long = "quiet")]
        quiet: bool,
        #[arg(long = "inplace")]
        inplace: Option<String>,
        #[arg(long = "directory")]
        directory: Option<String>,
        names: Vec<String>,
    }

    #[test]
    fn clap_reads_the_normalised_form() {
        let argv: Vec<String> = [
            "-qa", "13", "-a8", "-fK", "-fR", "-P", "sync", "-1d", "-i", "-K", "", "--", "-n", "x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let d: Demo = parse_from(&SPEC, &argv);
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
