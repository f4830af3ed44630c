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

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
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
    /// The value is a file name or a domain name and is handed to clap as the exact bytes
    /// given (its clap field is an `OsString`); other values are text, and bytes that are not
    /// UTF-8 reach them as `\DDD` (docs/bind-compat.md, "command line: arguments and
    /// messages").
    pub bytes: bool,
}

impl Opt {
    /// A flag without a value.
    pub const fn flag(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::Flag,
            bytes: false,
        }
    }
    /// An option with a text value (a number, a keyword, a date).
    pub const fn value(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::Value,
            bytes: false,
        }
    }
    /// An option whose value is a file name or a domain name, kept as the bytes given; its
    /// clap field must be an `OsString`.
    pub const fn bytes(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::Value,
            bytes: true,
        }
    }
    /// An option with a value and a mandatory second argument (settime `-d STATE DATE`).
    pub const fn value_then_next(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::ValueThenNext,
            bytes: false,
        }
    }
    /// An option whose value can only be attached (`-i[ext]`).
    pub const fn optional_attached(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::OptionalAttached,
            bytes: false,
        }
    }
    /// As [`Opt::optional_attached`], with the value kept as bytes (a file name suffix).
    pub const fn optional_attached_bytes(short: char, long: &'static str) -> Opt {
        Opt {
            short,
            long,
            arity: Arity::OptionalAttached,
            bytes: true,
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
    /// The option for one argv byte; getopt works on bytes, so a byte that is not ASCII is
    /// never an option letter.
    fn opt(&self, c: u8) -> Option<&Opt> {
        self.opts
            .iter()
            .find(|o| o.short.is_ascii() && o.short as u32 == u32::from(c))
    }
}

/// An option letter as a message shows it: itself when printable ASCII, else `\DDD`.
fn letter(c: u8) -> String {
    if c.is_ascii_graphic() {
        char::from(c).to_string()
    } else {
        format!("\\{c:03}")
    }
}

/// Why argv could not be normalised; both are reported with the usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArgvError {
    /// An option letter (an argv byte) the tool does not know. Holds the byte as BIND prints
    /// it (`-` for `--foo` and a lone `-`).
    Unknown(u8),
    /// A value option with nothing after it (`-a` at the end).
    MissingValue(u8),
    /// A two-word option without its value (`-P sync` at the end): `missing argument -P sync`.
    MissingTwoWord(u8, &'static str),
    /// A value-then-next option without its second argument (`-d omnipresent` at the end):
    /// `missing argument -d omnipresent`; the value as [`text`] shows it.
    MissingNext(u8, String),
}

impl fmt::Display for ArgvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgvError::Unknown(c) | ArgvError::MissingValue(c) => {
                write!(f, "invalid argument -{}", letter(*c))
            }
            ArgvError::MissingTwoWord(c, w) => write!(f, "missing argument -{} {w}", letter(*c)),
            ArgvError::MissingNext(c, v) => write!(f, "missing argument -{} {v}", letter(*c)),
        }
    }
}

/// An argument as text: the UTF-8 parts as they are, every byte that is not part of valid
/// UTF-8 as `\DDD` (the decimal escape BIND uses for such octets in names). Used for option
/// values that are text (a non-UTF-8 byte can then never match a keyword or a number, and a
/// message shows it readably) and to show a file name in a message.
pub fn text(arg: &OsStr) -> String {
    dnssec_core::error::path_text(Path::new(arg))
}

/// A path as a message shows it: [`text`] of its bytes.
pub fn show(path: impl AsRef<Path>) -> String {
    dnssec_core::error::path_text(path.as_ref())
}

fn long_option(long: &str, value: Option<(&[u8], bool)>) -> OsString {
    let mut out = format!("--{long}").into_bytes();
    if let Some((value, keep_bytes)) = value {
        out.push(b'=');
        if keep_bytes {
            out.extend_from_slice(value);
        } else {
            out.extend_from_slice(text(OsStr::from_bytes(value)).as_bytes());
        }
    }
    OsString::from_vec(out)
}

/// Rewrites BIND-style argv (without argv[0]) into `--long[=value]` options, then `--`, then
/// the positionals. Option parsing stops at the first argument that does not start with `-`
/// (or after `--`), as BIND's getopt does; later `-x` arguments are positionals, so the tool
/// reports them as extraneous. It works on the bytes of each argument, as getopt does:
/// positionals and [`Opt::bytes`] values pass through unchanged, other values as [`text`].
pub fn normalise(spec: &ToolSpec, argv: &[OsString]) -> Result<Vec<OsString>, ArgvError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < argv.len() {
        let arg = argv[i].as_bytes();
        if arg == b"--" {
            i += 1;
            break;
        }
        let Some(cluster) = arg.strip_prefix(b"-") else {
            break;
        };
        if cluster.is_empty() {
            // BIND's getopt treats a lone `-` as the unknown option `-`.
            return Err(ArgvError::Unknown(b'-'));
        }
        i += 1;
        for (pos, &c) in cluster.iter().enumerate() {
            let opt = spec.opt(c).ok_or(ArgvError::Unknown(c))?;
            let rest = &cluster[pos + 1..];
            match opt.arity {
                Arity::Flag => {
                    out.push(long_option(opt.long, None));
                    continue;
                }
                Arity::OptionalAttached => {
                    out.push(long_option(opt.long, Some((rest, opt.bytes))));
                }
                Arity::ValueThenNext => {
                    let value = if !rest.is_empty() {
                        rest
                    } else {
                        let v = argv.get(i).ok_or(ArgvError::Unknown(c))?;
                        i += 1;
                        v.as_bytes()
                    };
                    let next = argv
                        .get(i)
                        .ok_or_else(|| ArgvError::MissingNext(c, text(OsStr::from_bytes(value))))?;
                    i += 1;
                    out.push(long_option(opt.long, Some((value, opt.bytes))));
                    let date = format!("{}-date", opt.long);
                    out.push(long_option(&date, Some((next.as_bytes(), false))));
                }
                Arity::Value => {
                    let value = if !rest.is_empty() {
                        rest
                    } else {
                        let v = argv.get(i).ok_or(ArgvError::MissingValue(c))?;
                        i += 1;
                        v.as_bytes()
                    };
                    match spec
                        .two_word
                        .iter()
                        .find(|t| t.short as u32 == u32::from(c) && t.word.as_bytes() == value)
                    {
                        Some(two) => {
                            let v = argv.get(i).ok_or(ArgvError::MissingTwoWord(c, two.word))?;
                            i += 1;
                            out.push(long_option(two.long, Some((v.as_bytes(), false))));
                        }
                        None => out.push(long_option(opt.long, Some((value, opt.bytes)))),
                    }
                }
            }
            // A value option consumes the rest of the cluster.
            break;
        }
    }
    out.push(OsString::from("--"));
    out.extend(argv[i..].iter().cloned());
    Ok(out)
}

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

/// Escapes the control characters of message text as BIND's decimal escapes (`\010` for a
/// newline), so that text taken from input (a file name, a token) can neither end a message
/// line early nor start a forged `prog: fatal:` line (docs/bind-compat.md, "command line:
/// arguments and messages"). Escaping is idempotent: its output has no control characters.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(dnssec_core::error::escaped_text(text.as_bytes(), true))
}

/// [`escape`] for bytes that need not be UTF-8 (a file name printed as BIND prints it):
/// control characters become `\DDD`, every other byte stays as it is.
pub fn escape_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_control() {
            out.extend_from_slice(format!("\\{b:03}").as_bytes());
        } else {
            out.push(b);
        }
    }
    out
}

/// A message the program itself breaks into several lines (BIND's multi-line fatal errors
/// and warnings: `Key ... has no activation date.\n\tYou must use ...`). Each piece is
/// escaped on its own and the pieces are joined by a newline and `indent`, so only the
/// program's own line breaks survive the message funnel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lines {
    indent: &'static str,
    pieces: Vec<String>,
}

impl Lines {
    /// The pieces as one message: the first piece on the message's own line, each further
    /// piece on a new line that starts with `indent`.
    pub fn new(indent: &'static str, pieces: impl IntoIterator<Item = String>) -> Lines {
        Lines {
            indent,
            pieces: pieces.into_iter().collect(),
        }
    }

    /// The message with each piece escaped.
    fn render(&self) -> String {
        let escaped: Vec<Cow<'_, str>> = self.pieces.iter().map(|p| escape(p)).collect();
        escaped.join(&format!("\n{}", self.indent))
    }
}

impl fmt::Display for Lines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pieces.join(&format!("\n{}", self.indent)))
    }
}

impl std::error::Error for Lines {}

/// Writes raw bytes to stderr, best effort: a diagnostic must not turn a closed or full
/// stderr into a panic. Only the funnel below and the usage text use it.
fn write_stderr(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// One diagnostic line on stderr, control characters escaped: the funnel every message of
/// the tools goes through ([`fatal`], [`warning`], [`error`], [`note`], [`errln!`]).
pub fn line(msg: impl fmt::Display) {
    write_stderr(&format!("{}\n", escape(&msg.to_string())));
}

/// Text the program laid out in lines itself (a verifier finding rendered from DNS data,
/// whose names and rdata are already in escaped presentation form): each line goes through
/// [`line`] on its own, so its line breaks stay and nothing else can add one.
pub fn block(text: &str) {
    for piece in text.lines() {
        line(piece);
    }
}

/// A [`Lines`] message on stderr, each piece escaped.
pub fn lines(msg: &Lines) {
    write_stderr(&format!("{}\n", msg.render()));
}

/// An error with its context chain, as `{e:#}` words it (`outer: inner`), every link
/// escaped, the program's own [`Lines`] kept on their lines.
fn render_error(e: &anyhow::Error) -> String {
    e.chain()
        .map(|link| match link.downcast_ref::<Lines>() {
            Some(lines) => lines.render(),
            None => escape(&link.to_string()).into_owned(),
        })
        .collect::<Vec<_>>()
        .join(": ")
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

/// One diagnostic line on stderr through [`cli::line`](crate::cli::line): control
/// characters escaped, a failed write ignored. For a bare line such as BIND's
/// `WARNING: ...`; the prefixed forms are [`cli::warning`](crate::cli::warning) and friends.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {{
        $crate::cli::line(format_args!($($arg)*));
    }};
}

/// Our version string, shown by `-V` and in usage.
pub const VERSION: &str = concat!("dnssec-kit-", env!("CARGO_PKG_VERSION"));

/// `prog: fatal: msg` on stderr, exit 1.
pub fn fatal(msg: impl fmt::Display) -> ! {
    line(format_args!("{}: fatal: {msg}", program()));
    std::process::exit(1)
}

/// `prog: warning: msg` on stderr.
pub fn warning(msg: impl fmt::Display) {
    line(format_args!("{}: warning: {msg}", program()));
}

/// `prog: warning: ` and a [`Lines`] message on stderr.
pub fn warning_lines(msg: &Lines) {
    write_stderr(&format!("{}: warning: {}\n", program(), msg.render()));
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
    line(format_args!("{}: error: {msg}", program()));
}

/// `prog: msg` on stderr: BIND's plain notes (verbose output, `the -d option is deprecated`).
pub fn note(msg: impl fmt::Display) {
    line(format_args!("{}: {msg}", program()));
}

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
        (ArgvError::MissingTwoWord(..) | ArgvError::MissingNext(..), _)
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
    let mut raw = std::env::args_os();
    let argv0 = raw.next();
    set_program(spec.name, argv0.as_ref());
    let argv: Vec<OsString> = raw.collect();
    if argv.is_empty() {
        usage(spec);
    }
    parse_from(spec, &argv)
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
    let normalised = normalise(spec, argv).map_err(Early::Argv)?;
    for arg in normalised.iter().take_while(|a| *a != "--") {
        if arg == "--help" {
            return Err(Early::Usage);
        }
        if arg == "--version" {
            return Err(Early::Version);
        }
    }
    let with_prog = std::iter::once(OsString::from(spec.name)).chain(normalised);
    A::try_parse_from(with_prog).map_err(|e| {
        let text = e.to_string();
        Early::Internal(text.lines().next().unwrap_or("").to_string())
    })
}

/// As [`parse`], from an explicit argv (without argv[0]).
pub fn parse_from<A: clap::Parser>(spec: &ToolSpec, argv: &[OsString]) -> A {
    match try_parse_from(spec, argv) {
        Ok(a) => a,
        Err(Early::Usage) => usage(spec),
        Err(Early::Version) => {
            line(format_args!("{} {VERSION}", program()));
            std::process::exit(0)
        }
        Err(Early::Argv(e)) => report_argv_error(spec, &e),
        // The normaliser only emits options from the spec, so a clap error here means the
        // spec and the clap struct disagree: a bug, reported rather than panicking.
        Err(Early::Internal(text)) => fatal(format!("internal option error: {text}")),
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

/// What a tool does after SIGTERM, SIGINT or SIGHUP has removed its temporary files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalExit {
    /// `prog: fatal: process aborted by user` and exit 1, as BIND's signer does
    /// (docs/bind-compat.md, "signzone: validity, limits and signals").
    Aborted,
    /// Die of the signal as if no handler were installed, as BIND's other tools do.
    AsDefault,
}

static SIGNALS: std::sync::OnceLock<()> = std::sync::OnceLock::new();

/// Installs, once per process (the first call wins), a handler for SIGTERM, SIGINT and
/// SIGHUP that removes every temporary file the process has listed in
/// `dnssec_core::temp_files` and then ends the process as `exit` says. [`run`] installs
/// [`SignalExit::AsDefault`]; signzone asks for [`SignalExit::Aborted`] first.
///
/// signal-hook's iterator delivers the signals to an ordinary thread, so the clean-up may
/// take locks, remove files and print, none of which is allowed inside a signal handler.
pub fn on_signals(exit: SignalExit) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    SIGNALS.get_or_init(|| {
        // A tool that dies of the signal keeps a disposition it inherited as "ignore"
        // (`nohup`, `&` in a script): a signal it would have ignored must not kill it now.
        // BIND's signer handles all three whatever it inherited, and so does ours.
        let ignored = ignored_signals();
        let wanted: Vec<i32> = [SIGTERM, SIGINT, SIGHUP]
            .into_iter()
            .filter(|&s| exit == SignalExit::Aborted || ignored & (1u64 << (s - 1)) == 0)
            .collect();
        let Ok(mut signals) = signal_hook::iterator::Signals::new(wanted) else {
            // Without the handler a signal kills the tool as before; not a reason to fail.
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    dnssec_core::temp_files::remove_all();
                    match exit {
                        SignalExit::Aborted => fatal("process aborted by user"),
                        SignalExit::AsDefault => {
                            let _ = signal_hook::low_level::emulate_default_handler(sig);
                            std::process::exit(128 + sig)
                        }
                    }
                }
            });
        drop(spawned);
    });
}

/// The signals this process inherited as ignored: the `SigIgn` mask of /proc/self/status
/// (bit N-1 for signal N); 0 where that cannot be read.
fn ignored_signals() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("SigIgn:"))
                .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
        })
        .unwrap_or(0)
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

/// [`once`] for an option kept as bytes ([`Opt::bytes`]).
pub fn once_os<'a>(values: &'a [OsString], flag: &str) -> anyhow::Result<Option<&'a OsStr>> {
    if values.len() > 1 {
        anyhow::bail!("{flag} specified more than once");
    }
    Ok(last_os(values))
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
pub fn key_dir(dir: Option<&OsStr>) -> anyhow::Result<PathBuf> {
    match dir.map(Path::new) {
        None => Ok(PathBuf::from(".")),
        Some(d) if d.is_dir() => Ok(d.to_path_buf()),
        Some(d) if d.exists() => {
            anyhow::bail!("cannot open directory {}: invalid file", show(d))
        }
        Some(d) => anyhow::bail!("cannot open directory {}: file not found", show(d)),
    }
}

/// The last value of a repeatable option kept as bytes ([`Opt::bytes`]).
pub fn last_os(values: &[OsString]) -> Option<&OsStr> {
    values.last().map(OsString::as_os_str)
}

/// Prints a path on stdout as its bytes and a newline, as BIND's tools print the files they
/// wrote (a name that is not UTF-8 comes out as given, not replaced).
pub fn out_path(path: &Path) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(path.as_os_str().as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .map_err(|e| anyhow::anyhow!("writing to standard output: {e}"))
}

/// A domain name given on the command line, from its bytes as BIND reads it: presentation
/// form with `\X`/`\DDD` escapes, and every other byte (one >= 0x80 included) the octet
/// itself, relative names completed with the root.
pub fn name_arg(arg: &OsStr) -> Result<dnssec_core::Name, dnssec_core::name::NameError> {
    dnssec_core::Name::parse_bytes(arg.as_bytes(), Some(&dnssec_core::Name::root()))
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
        let argv: Vec<OsString> = args.iter().map(OsString::from).collect();
        normalise(&SPEC, &argv).map(|v| {
            v.into_iter()
                .map(|a| a.into_string().expect("UTF-8 in, UTF-8 out"))
                .collect()
        })
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
            Err(ArgvError::MissingNext(b'd', "omni".into()))
        );
        assert_eq!(
            ArgvError::MissingNext(b'd', "omni".into()).to_string(),
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
            Err(ArgvError::MissingTwoWord(b'P', "sync"))
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
        assert_eq!(norm(&["-Y"]), Err(ArgvError::Unknown(b'Y')));
        assert_eq!(norm(&["-qY"]), Err(ArgvError::Unknown(b'Y')));
        assert_eq!(norm(&["-a"]), Err(ArgvError::MissingValue(b'a')));
        assert_eq!(
            norm(&["-qa"]).unwrap_err().to_string(),
            "invalid argument -a"
        );
        assert_eq!(norm(&["--foo"]), Err(ArgvError::Unknown(b'-')));
        assert_eq!(norm(&["-"]), Err(ArgvError::Unknown(b'-')));
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
        // getopt reads bytes: the first byte of `é` is the unknown option, shown as `\DDD`.
        assert_eq!(norm(&["-é"]), Err(ArgvError::Unknown(0xc3)));
        assert_eq!(
            norm(&["-é"]).unwrap_err().to_string(),
            r"invalid argument -\195"
        );
        assert_eq!(ok(&["-aé"]), ["--algorithm=é", "--"]);
    }

    fn os(bytes: &[u8]) -> OsString {
        OsString::from_vec(bytes.to_vec())
    }

    #[test]
    fn bytes_values_and_positionals_pass_through_text_values_are_escaped() {
        const OPTS: &[Opt] = &[
            Opt::bytes('K', "directory"),
            Opt::value('a', "algorithm"),
            Opt::optional_attached_bytes('i', "inplace"),
            Opt::value_then_next('d', "ds-state"),
        ];
        let spec = ToolSpec { opts: OPTS, ..SPEC };
        let argv = [
            os(b"-K\xe9/d"),
            os(b"-a"),
            os(b"1\xff3"),
            os(b"-i.\xfe"),
            os(b"-d\xe9"),
            os(b"n\x80w"),
            os(b"z\xe9.zone"),
            os(b"-K"),
        ];
        let out = normalise(&spec, &argv).unwrap();
        assert_eq!(
            out,
            [
                os(b"--directory=\xe9/d"),
                os(br"--algorithm=1\2553"),
                os(b"--inplace=.\xfe"),
                os(br"--ds-state=\233"),
                os(br"--ds-state-date=n\128w"),
                os(b"--"),
                os(b"z\xe9.zone"),
                os(b"-K"),
            ]
        );
        assert_eq!(
            normalise(&spec, &[os(b"-d\xe9")]),
            Err(ArgvError::MissingNext(b'd', r"\233".into()))
        );
        assert_eq!(
            normalise(&spec, &[os(b"-\x01")]).unwrap_err().to_string(),
            r"invalid argument -\001"
        );
    }

    #[test]
    fn text_shows_bytes_that_are_not_utf8_as_decimal_escapes() {
        assert_eq!(text(&os(b"plain")), "plain");
        assert_eq!(text(&os("é".as_bytes())), "é");
        assert_eq!(text(&os(b"t\xe9st\xc3")), r"t\233st\195");
        assert_eq!(show(Path::new(&os(b"/tmp/\xff"))), r"/tmp/\255");
    }

    #[test]
    fn escape_leaves_no_control_character() {
        assert_eq!(escape("a\nb"), r"a\010b");
        assert_eq!(escape("x\ty\r\x1b[1m\x7f"), r"x\009y\013\027[1m\127");
        assert_eq!(escape("\u{85}"), r"\194\133");
        assert!(matches!(escape("clean é"), Cow::Borrowed("clean é")));
        let once = escape("a\nkeygen: fatal: b").into_owned();
        assert_eq!(escape(&once), once, "idempotent");
        assert_eq!(escape_bytes(b"o\xe9\n"), b"o\xe9\\010");
    }

    #[test]
    fn only_the_programs_own_line_breaks_survive() {
        let msg = Lines::new(
            "\t",
            [
                "Key x\n/ECDSAP256SHA256/1 has no date.".to_string(),
                "Use -A.".into(),
            ],
        );
        assert_eq!(
            msg.render(),
            "Key x\\010/ECDSAP256SHA256/1 has no date.\n\tUse -A."
        );
        let e = anyhow::Error::new(msg).context("file\nkeygen: fatal: forged");
        assert_eq!(
            render_error(&e),
            "file\\010keygen: fatal: forged: Key x\\010/ECDSAP256SHA256/1 has no date.\n\tUse -A."
        );
        let plain = anyhow::anyhow!("can't load a\rb");
        assert_eq!(render_error(&plain), r"can't load a\013b");
    }

    #[test]
    fn try_parse_stops_early_without_exiting() {
        let parsed = try_parse_from::<Demo>(&SPEC, &[os(b"-h")]);
        assert!(matches!(parsed, Err(Early::Usage)));
        let parsed = try_parse_from::<Demo>(&SPEC, &[os(b"-V")]);
        assert!(matches!(parsed, Err(Early::Version)));
        let parsed = try_parse_from::<Demo>(&SPEC, &[os(b"-Y")]);
        assert!(matches!(parsed, Err(Early::Argv(ArgvError::Unknown(b'Y')))));
        // `names` is a String field: a spec/struct mismatch is an error, not a panic.
        let parsed = try_parse_from::<Demo>(&SPEC, &[os(b"\xe9")]);
        assert!(matches!(parsed, Err(Early::Internal(_))), "{parsed:?}");
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
            key_dir(Some(OsStr::new("/nonexistent-dnssec-kit")))
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
        let argv: Vec<OsString> = [
            "-qa", "13", "-a8", "-fK", "-fR", "-P", "sync", "-1d", "-i", "-K", "", "--", "-n", "x",
        ]
        .iter()
        .map(OsString::from)
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
