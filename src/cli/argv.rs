//! BIND's getopt in front of clap: [`normalise`] rewrites a tool's argv (bytes, as the OS
//! gave them) into the unambiguous long-option form its clap parser reads.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use super::text;

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

/// What an option does before clap sees the rest: the help and version options stop the
/// tool early (usage, `prog <version>`), every other option is the clap field's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Not a stopping option.
    No,
    /// Prints the usage (`ArgAction::Help`).
    Usage,
    /// Prints the version (`ArgAction::Version`).
    Version,
}

/// One single-letter option of a tool and the long name the clap parser knows it by, read
/// from the tool's clap definition by [`Options::of`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opt {
    /// The letter the user types.
    pub short: char,
    /// The clap long name the normaliser emits (`--<long>`).
    pub long: String,
    /// Whether and how it takes a value.
    pub arity: Arity,
    /// The value is a file name or a domain name and is handed to clap as the exact bytes
    /// given (its clap field is an `OsString`); other values are text, and bytes that are not
    /// UTF-8 reach them as `\DDD` (docs/bind-compat.md, "command line: arguments and
    /// messages").
    pub bytes: bool,
    /// Whether it stops the tool before clap (help, version).
    pub stop: Stop,
    /// Hidden from the usage text (`#[arg(hide = true)]`): BIND's usage does not list it
    /// either. The man page still describes it.
    pub hidden: bool,
}

/// BIND's two-word options: when the value of `-<short>` is exactly `word`, the next argument
/// is the real value and the pair becomes the distinct option `--<long>` (`-P sync DATE`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwoWord {
    /// The option letter (`P` or `D`).
    pub short: char,
    /// The first word (`sync`, `ds`).
    pub word: String,
    /// The clap long name of the combined option.
    pub long: String,
}

/// An option spelt as a whole word after one dash, as rndc spells its (`-checkds`, `-key 5`):
/// keymgr takes `rndc dnssec`'s options in rndc's words. A word option is never part of a
/// cluster of letters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordOpt {
    /// The word the user types after the dash (`checkds`), also the clap long name.
    pub word: String,
    /// True when the next argument is its value.
    pub takes_value: bool,
}

/// A tool's options as BIND's getopt knows them, read from the tool's clap definition, which
/// is the only place an option is declared (docs/bind-compat.md, "command line: arguments
/// and messages"). The clap attributes say everything the normaliser needs:
/// - `short = 'x'` and `long`: the letter the user types and the long name clap reads;
/// - the action: `SetTrue` (or `Count`) is a flag, `Help` and `Version` are flags that stop
///   the tool early, anything else takes a value;
/// - an `OsString` field keeps its value as bytes ([`Opt::bytes`]);
/// - `require_equals = true` is a value that can only be attached (`-i[ext]`);
/// - an option `<long>` next to a long-only `<long>-date` takes a value and the next
///   argument (`-d STATE DATE`);
/// - a long-only option whose `value_name` is `-<letter> <word>` is a two-word form
///   (`value_name = "-P sync"` for `-P sync DATE`);
/// - a long-only option whose `value_name` is `-<its long name>` is a word option
///   ([`WordOpt`]: `value_name = "-checkds"` for `-checkds published`);
/// - `hide = true` marks an option BIND's usage text leaves out, so ours does too
///   (tests/cli_options.rs checks that every other option is in the usage text).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The single-letter options.
    pub opts: Vec<Opt>,
    /// The two-word forms.
    pub two_word: Vec<TwoWord>,
    /// The word options.
    pub words: Vec<WordOpt>,
}

impl Options {
    /// The options of the clap parser `A`.
    pub fn of<A: clap::CommandFactory>() -> Options {
        Options::from_command(&command::<A>())
    }

    /// The options of a clap command (see [`Options`] for the rules).
    pub fn from_command(cmd: &clap::Command) -> Options {
        use clap::ArgAction;
        let longs: Vec<&str> = cmd.get_arguments().filter_map(|a| a.get_long()).collect();
        let mut out = Options::default();
        for arg in cmd.get_arguments() {
            let Some(long) = arg.get_long() else {
                continue; // a positional
            };
            let bytes = arg.get_value_parser().type_id() == std::any::TypeId::of::<OsString>();
            let Some(short) = arg.get_short() else {
                let value_name = arg
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map(|v| v.as_str());
                if value_name == Some(format!("-{long}").as_str()) {
                    out.words.push(WordOpt {
                        word: long.to_string(),
                        takes_value: !matches!(
                            arg.get_action(),
                            ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count
                        ),
                    });
                } else if let Some((letter, word)) = two_word_name(arg) {
                    out.two_word.push(TwoWord {
                        short: letter,
                        word: word.to_string(),
                        long: long.to_string(),
                    });
                }
                continue; // else the second half of a value-then-next option
            };
            let (arity, stop) = match arg.get_action() {
                ArgAction::Help => (Arity::Flag, Stop::Usage),
                ArgAction::Version => (Arity::Flag, Stop::Version),
                ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count => {
                    (Arity::Flag, Stop::No)
                }
                _ if arg.is_require_equals_set() => (Arity::OptionalAttached, Stop::No),
                _ if longs.contains(&format!("{long}-date").as_str()) => {
                    (Arity::ValueThenNext, Stop::No)
                }
                _ => (Arity::Value, Stop::No),
            };
            out.opts.push(Opt {
                short,
                long: long.to_string(),
                arity,
                bytes,
                stop,
                hidden: arg.is_hide_set(),
            });
        }
        out
    }

    /// The option for one argv byte; getopt works on bytes, so a byte that is not ASCII is
    /// never an option letter.
    pub fn opt(&self, c: u8) -> Option<&Opt> {
        self.opts
            .iter()
            .find(|o| o.short.is_ascii() && o.short as u32 == u32::from(c))
    }

    /// The option whose long name the normaliser emitted as `--<long>`.
    pub fn by_long(&self, long: &str) -> Option<&Opt> {
        self.opts.iter().find(|o| o.long == long)
    }
}

/// The `-<letter> <word>` of a two-word option, from its `value_name`.
fn two_word_name(arg: &clap::Arg) -> Option<(char, &str)> {
    let name = arg.get_value_names()?.first()?.as_str();
    let (flag, word) = name.split_once(' ')?;
    let mut letters = flag.strip_prefix('-')?.chars();
    match (letters.next(), letters.next()) {
        (Some(letter), None) if !word.is_empty() => Some((letter, word)),
        _ => None,
    }
}

/// A tool's clap command with the settings every tool shares, so that its clap struct holds
/// only options: clap's own help and version flags off (the tool's `-h` and `-V` stop before
/// clap, see [`Stop`]); a repeated option overriding itself, as getopt accepts `-f -f`
/// (clap would refuse the repeat and the tool stop with an internal option error); and a
/// version, only because clap wants one beside an `ArgAction::Version` option.
pub fn command<A: clap::CommandFactory>() -> clap::Command {
    A::command()
        .disable_help_flag(true)
        .disable_version_flag(true)
        .version(super::VERSION)
        .args_override_self(true)
}

/// How a tool words an unknown option (docs/bind-compat.md,
/// "command line: options, usage and exit status").
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

/// Everything the shared edge needs to know about one tool besides its options, which are
/// its clap definition's ([`Options`]).
#[derive(Clone, Copy, Debug)]
pub struct ToolSpec {
    /// Our program name, used when argv[0] is unusable (`keygen`).
    pub name: &'static str,
    /// The usage text after `Usage:\n`; `{prog}` is replaced by the program name.
    pub usage: &'static str,
    /// How an unknown option is reported.
    pub unknown: UnknownStyle,
    /// Exit status after printing the usage: 1, or 0 for dnssec-verify's QUIRK
    /// (docs/bind-compat.md, "quirks" item 13).
    pub usage_exit: i32,
}

/// An option letter as a message shows it: itself when printable ASCII, else `\DDD`.
pub(super) fn letter(c: u8) -> String {
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
    MissingTwoWord(u8, String),
    /// A word option without its value (`-key` at the end): `missing argument -key`.
    MissingWordValue(String),
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
            ArgvError::MissingWordValue(w) => write!(f, "missing argument -{w}"),
        }
    }
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
pub fn normalise(options: &Options, argv: &[OsString]) -> Result<Vec<OsString>, ArgvError> {
    let mut out = Vec::new();
    let i = normalise_options(options, argv, &mut out)?;
    out.push(OsString::from("--"));
    out.extend(argv[i..].iter().cloned());
    Ok(out)
}

/// As [`normalise`], but on an error also the options met before it (those of a cluster
/// included), followed by `--`: what a getopt loop had read when it met the bad option.
pub fn normalise_until(options: &Options, argv: &[OsString]) -> (Vec<OsString>, Option<ArgvError>) {
    let mut out = Vec::new();
    match normalise_options(options, argv, &mut out) {
        Ok(i) => {
            out.push(OsString::from("--"));
            out.extend(argv[i..].iter().cloned());
            (out, None)
        }
        Err(e) => {
            out.push(OsString::from("--"));
            (out, Some(e))
        }
    }
}

/// The options of `argv` onto `out` as `--long[=value]`; returns where the positionals start.
fn normalise_options(
    options: &Options,
    argv: &[OsString],
    out: &mut Vec<OsString>,
) -> Result<usize, ArgvError> {
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
        if let Some(word) = options.words.iter().find(|w| w.word.as_bytes() == cluster) {
            i += 1;
            if word.takes_value {
                let v = argv
                    .get(i)
                    .ok_or(ArgvError::MissingWordValue(word.word.clone()))?;
                i += 1;
                out.push(long_option(&word.word, Some((v.as_bytes(), false))));
            } else {
                out.push(long_option(&word.word, None));
            }
            continue;
        }
        if cluster.is_empty() {
            // BIND's getopt treats a lone `-` as the unknown option `-`.
            return Err(ArgvError::Unknown(b'-'));
        }
        i += 1;
        for (pos, &c) in cluster.iter().enumerate() {
            let opt = options.opt(c).ok_or(ArgvError::Unknown(c))?;
            let rest = &cluster[pos + 1..];
            match opt.arity {
                Arity::Flag => {
                    out.push(long_option(&opt.long, None));
                    continue;
                }
                Arity::OptionalAttached => {
                    out.push(long_option(&opt.long, Some((rest, opt.bytes))));
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
                    out.push(long_option(&opt.long, Some((value, opt.bytes))));
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
                    match options
                        .two_word
                        .iter()
                        .find(|t| t.short as u32 == u32::from(c) && t.word.as_bytes() == value)
                    {
                        Some(two) => {
                            let v = argv
                                .get(i)
                                .ok_or_else(|| ArgvError::MissingTwoWord(c, two.word.clone()))?;
                            i += 1;
                            out.push(long_option(&two.long, Some((v.as_bytes(), false))));
                        }
                        None => out.push(long_option(&opt.long, Some((value, opt.bytes)))),
                    }
                }
            }
            // A value option consumes the rest of the cluster.
            break;
        }
    }
    Ok(i)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A tool with one option of every kind, declared as the tools declare theirs.
    #[derive(clap::Parser, Debug)]
    pub(crate) struct Test {
        #[arg(short = 'a', long)]
        pub(crate) algorithm: Option<String>,
        #[arg(short = 'f', long)]
        pub(crate) flag: Vec<String>,
        #[arg(short = 'K', long)]
        pub(crate) directory: Option<String>,
        #[arg(short = 'P', long)]
        pub(crate) publish: Option<String>,
        #[arg(short = 'D', long)]
        pub(crate) delete: Option<String>,
        #[arg(short = 'v', long)]
        pub(crate) verbose: Option<String>,
        #[arg(short = 'S', long = "S")]
        pub(crate) s: bool,
        #[arg(short = 'z', long = "z")]
        pub(crate) z: bool,
        #[arg(short = 'q', long)]
        pub(crate) quiet: bool,
        #[arg(short = 'h', long, action = clap::ArgAction::Help)]
        pub(crate) help: Option<bool>,
        #[arg(short = 'V', long, action = clap::ArgAction::Version)]
        pub(crate) version: Option<bool>,
        #[arg(short = 'i', long, require_equals = true)]
        pub(crate) inplace: Option<String>,
        #[arg(short = 'd', long)]
        pub(crate) ds_state: Option<String>,
        #[arg(long)]
        pub(crate) ds_state_date: Option<String>,
        #[arg(long, value_name = "-P sync")]
        pub(crate) publish_sync: Option<String>,
        #[arg(long, value_name = "-D sync")]
        pub(crate) delete_sync: Option<String>,
        #[arg(long, value_name = "-P ds")]
        pub(crate) publish_ds: Option<String>,
        #[arg(long, value_name = "-D ds")]
        pub(crate) delete_ds: Option<String>,
        /// A word option with a value, rndc style (`-key 5`).
        #[arg(long, value_name = "-key")]
        pub(crate) key: Option<String>,
        /// A word option without one (`-status`).
        #[arg(long, value_name = "-status")]
        pub(crate) status: bool,
        /// A String field: a byte that is not UTF-8 here is a mismatch clap reports.
        pub(crate) names: Vec<String>,
    }

    pub(crate) const SPEC: ToolSpec = ToolSpec {
        name: "test",
        usage: "    {prog} [options] name\n",
        unknown: UnknownStyle::InvalidArgument,
        usage_exit: 1,
    };

    #[test]
    fn options_come_from_the_clap_definition() {
        let o = Options::of::<Test>();
        let find = |c: u8| o.opt(c).unwrap_or_else(|| panic!("-{}", c as char));
        assert_eq!(find(b'a').arity, Arity::Value);
        assert_eq!(find(b'a').long, "algorithm");
        assert!(!find(b'a').bytes);
        assert_eq!(find(b'q').arity, Arity::Flag);
        assert_eq!(find(b'S').long, "S");
        assert_eq!(find(b'i').arity, Arity::OptionalAttached);
        assert_eq!(find(b'd').arity, Arity::ValueThenNext);
        assert_eq!(find(b'd').long, "ds-state");
        assert_eq!(
            (find(b'h').arity, find(b'h').stop),
            (Arity::Flag, Stop::Usage)
        );
        assert_eq!(find(b'V').stop, Stop::Version);
        assert_eq!(find(b'q').stop, Stop::No);
        assert!(o.opt(b'x').is_none());
        // The `-date` half and the two-word forms have no letter of their own.
        assert_eq!(o.opts.len(), 13);
        let two: Vec<(char, &str, &str)> = o
            .two_word
            .iter()
            .map(|t| (t.short, t.word.as_str(), t.long.as_str()))
            .collect();
        assert_eq!(
            two,
            [
                ('P', "sync", "publish-sync"),
                ('D', "sync", "delete-sync"),
                ('P', "ds", "publish-ds"),
                ('D', "ds", "delete-ds"),
            ]
        );
    }

    fn norm(args: &[&str]) -> Result<Vec<String>, ArgvError> {
        let argv: Vec<OsString> = args.iter().map(OsString::from).collect();
        normalise(&Options::of::<Test>(), &argv).map(|v| {
            v.into_iter()
                .map(|a| a.into_string().expect("UTF-8 in, UTF-8 out"))
                .collect()
        })
    }

    fn ok(args: &[&str]) -> Vec<String> {
        norm(args).unwrap()
    }

    #[test]
    fn word_options_are_whole_words() {
        assert_eq!(
            ok(&["-status", "-key", "5", "-a13", "x"]),
            ["--status", "--key=5", "--algorithm=13", "--", "x"]
        );
        // Only the exact word: anything else is a cluster of letters, as getopt reads it.
        assert_eq!(norm(&["-keyx", "x"]), Err(ArgvError::Unknown(b'k')));
        assert_eq!(
            norm(&["-key"]).unwrap_err().to_string(),
            "missing argument -key"
        );
        let o = Options::of::<Test>();
        assert!(o.words.iter().any(|w| w.word == "key" && w.takes_value));
        assert!(o.words.iter().any(|w| w.word == "status" && !w.takes_value));
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
            Err(ArgvError::MissingTwoWord(b'P', "sync".into()))
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

    pub(crate) fn os(bytes: &[u8]) -> OsString {
        OsString::from_vec(bytes.to_vec())
    }

    #[test]
    fn bytes_values_and_positionals_pass_through_text_values_are_escaped() {
        #[derive(clap::Parser)]
        struct Bytes {
            #[arg(short = 'K', long)]
            directory: Vec<OsString>,
            #[arg(short = 'a', long)]
            algorithm: Vec<String>,
            #[arg(short = 'i', long, require_equals = true)]
            inplace: Vec<OsString>,
            #[arg(short = 'd', long)]
            ds_state: Vec<String>,
            #[arg(long)]
            ds_state_date: Vec<String>,
        }
        let spec = Options::of::<Bytes>();
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
}
