//! Every option a tool declares (its clap struct, the one place options are declared) is
//! explained where users look: in the usage text the tool prints, unless BIND's usage hides it
//! too (`hide = true` on the clap field), and in the tool's man page `man/<tool>.1`. The list
//! of tools is the library's (`dnssec_kit::tools::TOOLS`), so a new tool is checked as soon as
//! it is listed there.

use std::path::Path;
use std::process::Command;

use crate::support;
use dnssec_kit::cli::{Opt, Stop};
use dnssec_kit::tools::TOOLS;

/// The usage text as the tool prints it for `-h` (on stderr).
fn printed_usage(tool: &str) -> String {
    let out = Command::new(support::ours(tool))
        .arg("-h")
        .output()
        .unwrap_or_else(|e| panic!("{tool}: cannot run: {e}"));
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(text.starts_with("Usage:"), "{tool}: -h printed {text:?}");
    text
}

/// True when `flag` (`-K`, `-P sync`) stands in `text` as an option of its own: after the
/// start of a line, white space or an opening bracket, and not followed by another letter
/// of a cluster (`-K` is not found in `-KSK`).
fn mentions(text: &str, flag: &str) -> bool {
    text.match_indices(flag).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + flag.len()..].chars().next();
        matches!(
            before,
            None | Some(' ' | '\t' | '\n' | '[' | '|' | '(' | '"')
        ) && !matches!(after, Some(c) if c.is_ascii_alphanumeric())
    })
}

/// True when the man page has an entry for `flag`: the line after a `.TP` (the tag of an
/// OPTIONS entry, `.BI \-K " directory"`, `.BI "\-P sync" " date"`, `.BR \-E ", " \-m`) names
/// it as an option of its own.
fn man_entry(man: &str, flag: &str) -> bool {
    let roff = flag.replace('-', "\\-");
    let lines: Vec<&str> = man.lines().collect();
    lines.windows(2).any(|pair| {
        pair[0] == ".TP"
            && pair[1].match_indices(roff.as_str()).any(|(at, _)| {
                let after = pair[1][at + roff.len()..].chars().next();
                matches!(after, None | Some(' ' | '"' | ','))
            })
    })
}

/// The flags of one tool as a user types them, with whether BIND's usage lists them.
fn flags(opts: &[Opt], two_word: &[(char, String)]) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = opts
        .iter()
        .map(|o| (format!("-{}", o.short), !o.hidden))
        .collect();
    out.extend(two_word.iter().map(|(c, w)| (format!("-{c} {w}"), true)));
    out
}

#[test]
fn every_option_is_in_the_usage_text_and_the_man_page() {
    let mut missing = Vec::new();
    for tool in TOOLS {
        let name = tool.spec.name;
        let options = tool.options();
        assert!(!options.opts.is_empty(), "{name}: no options read");
        let usage = printed_usage(name);
        let man_path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("man")
            .join(format!("{name}.1"));
        let man = std::fs::read_to_string(&man_path)
            .unwrap_or_else(|e| panic!("{name}: no man page {}: {e}", man_path.display()));
        let two: Vec<(char, String)> = options
            .two_word
            .iter()
            .map(|t| (t.short, t.word.clone()))
            .collect();
        let mut all = flags(&options.opts, &two);
        all.extend(options.words.iter().map(|w| (format!("-{}", w.word), true)));
        for (flag, listed) in all {
            if listed && !mentions(&usage, &flag) {
                missing.push(format!("{name}: {flag} is not in the usage text"));
            }
            if !man_entry(&man, &flag) {
                missing.push(format!("{name}: {flag} has no entry in man/{name}.1"));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

/// The checks above find what they look for, and only that.
#[test]
fn the_checks_tell_an_option_from_a_word_that_contains_it() {
    assert!(mentions("    -K <directory>: where", "-K"));
    assert!(mentions("[-K dir]", "-K"));
    assert!(mentions("-P sync date", "-P sync"));
    assert!(!mentions("-KSK", "-K"));
    assert!(!mentions("use-K", "-K"));
    assert!(man_entry(".TP\n.BI \\-K \" directory\"", "-K"));
    assert!(man_entry(".TP\n.BI \"\\-P sync\" \" date\"", "-P sync"));
    assert!(man_entry(".TP\n.B \\-q", "-q"));
    assert!(man_entry(".TP\n.BR \\-E \", \" \\-m", "-m"));
    assert!(!man_entry(".TP\n.B \\-qx", "-q"));
    assert!(!man_entry(".B \\-q", "-q"));
    assert!(!man_entry(".RB [ \\-hrRfV ]", "-h"));
    // Help and version are options like the others: every tool has them.
    for tool in TOOLS {
        let stops: Vec<Stop> = tool.options().opts.iter().map(|o| o.stop).collect();
        assert!(stops.contains(&Stop::Version), "{}", tool.spec.name);
    }
}
