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

#[cfg(test)]
pub(super) mod tests {
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
    pub(crate) const SPEC: ToolSpec = ToolSpec {
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

    pub(crate) fn os(bytes: &[u8]) -> OsString {
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
}
