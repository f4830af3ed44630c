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

/// The option letters a text names as options: `-X` (X a letter or digit) standing alone
/// after the start, white space or `[`, `(`, `"`, `|`, `,`, and not followed by another
/// letter or digit (`-1d` is a value, `-KSK` a word). `dash` is `-` in a usage text and `\-`
/// in roff.
fn named_flags(text: &str, dash: &str) -> Vec<char> {
    text.match_indices(dash)
        .filter_map(|(at, _)| {
            let before = text[..at].chars().next_back();
            let mut after = text[at + dash.len()..].chars();
            let letter = after.next()?;
            let next = after.next();
            let alone = matches!(
                before,
                None | Some(' ' | '\t' | '\n' | '[' | '(' | '"' | '|' | ',')
            );
            (alone
                && letter.is_ascii_alphanumeric()
                && !matches!(next, Some(c) if c.is_ascii_alphanumeric()))
            .then_some(letter)
        })
        .collect()
}

/// The roff macro lines of a man page (`.B`, `.TP` tags, SYNOPSIS), where options are set
/// in bold, minus those that quote another tool's option (`.B signzone \-s`).
fn man_macro_lines(man: &str, own: &str) -> String {
    man.lines()
        .filter(|l| l.starts_with('.'))
        .filter(|l| {
            let first = l.split_whitespace().nth(1).unwrap_or("").trim_matches('"');
            let first = first
                .strip_prefix("dnssec\\-")
                .or_else(|| first.strip_prefix("dnssec-"))
                .unwrap_or(first);
            !TOOLS
                .iter()
                .any(|t| t.spec.name != own && t.spec.name == first)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_option_in_the_usage_text_and_the_man_page_exists() {
    let mut stale = Vec::new();
    for tool in TOOLS {
        let name = tool.spec.name;
        let letters: Vec<char> = tool.options().opts.iter().map(|o| o.short).collect();
        let usage = printed_usage(name);
        let man = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("man/{name}.1")),
        )
        .unwrap();
        for (what, found) in [
            ("usage text", named_flags(&usage, "-")),
            ("man page", named_flags(&man_macro_lines(&man, name), "\\-")),
        ] {
            for c in found {
                if !letters.contains(&c) {
                    stale.push(format!(
                        "{name}: -{c} in the {what} is no option of the tool"
                    ));
                }
            }
        }
    }
    stale.sort();
    stale.dedup();
    assert!(stale.is_empty(), "\n{}", stale.join("\n"));
}

#[test]
fn the_flag_finder_tells_options_from_values_and_words() {
    assert_eq!(
        named_flags("-a <alg>, -b bits [-hV] -1d -KSK x-y |-q", "-"),
        ['a', 'b', 'q']
    );
    assert_eq!(named_flags(".BI \\-s \" time\" \\-\\-long", "\\-"), ['s']);
    let lines = man_macro_lines(".B signzone \\-s\n.B \\-o\ntext \\-z\n", "verify");
    assert_eq!(named_flags(&lines, "\\-"), ['o']);
}

/// The words of keygen's `-a` line in its usage text that name algorithms.
fn listed_algorithms(usage: &str) -> Vec<String> {
    let start = usage.find("    -a <algorithm>:").expect("keygen's -a line");
    let rest = &usage[start..];
    let end = rest.find("by name or number").expect("end of the -a list");
    rest[..end]
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            w.len() > 3
                && w.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
        .map(String::from)
        .collect()
}

/// What keygen's `-h` says it makes, it makes, and so does dnssec-keygen 9.18: every
/// algorithm on the `-a` line, every RSA size in the `-b` range (its ends and a size between
/// that is no multiple of 8) and none outside it; `-b` is ignored for EC and EdDSA; DH,
/// which the text says is not made here, is refused, and so is its `-g`; the options the
/// text calls accepted for compatibility are.
#[test]
fn keygen_makes_the_algorithms_and_sizes_its_help_lists_as_bind_does() {
    let Some(bind) = support::tool("dnssec-keygen") else {
        return;
    };
    let usage = printed_usage("keygen");
    let algorithms = listed_algorithms(&usage);
    assert_eq!(
        algorithms,
        [
            "RSASHA256",
            "RSASHA512",
            "ECDSAP256SHA256",
            "ECDSAP384SHA384",
            "ED25519",
            "ED448",
            "RSASHA1",
            "NSEC3RSASHA1"
        ],
        "{usage}"
    );
    assert!(
        usage.contains("-b <bits>: RSA modulus size, 1024 to 4096"),
        "{usage}"
    );
    assert!(usage.contains("DH keys are not made here"), "{usage}");
    let dir = support::scratch();
    let mut cases: Vec<(Vec<String>, i32)> = algorithms
        .iter()
        .map(|a| (vec!["-a".to_string(), a.clone()], 0))
        .collect();
    for (bits, code) in [
        ("1024", 0),
        ("1025", 0),
        ("4096", 0),
        ("1023", 1),
        ("4097", 1),
    ] {
        cases.push((
            ["-a", "RSASHA256", "-b", bits].map(String::from).to_vec(),
            code,
        ));
    }
    for alg in ["ECDSAP256SHA256", "ED25519"] {
        cases.push((["-a", alg, "-b", "1024"].map(String::from).to_vec(), 0));
    }
    cases.push((
        ["-a", "DH", "-b", "1024", "-n", "HOST"]
            .map(String::from)
            .to_vec(),
        1,
    ));
    // "-d, -E, -m: accepted for compatibility and ignored"; "-g: refused".
    for (opt, value, code) in [
        ("-d", "10", 0),
        ("-E", "foo", 0),
        ("-m", "usage", 0),
        ("-g", "2", 1),
    ] {
        cases.push((
            ["-a", "ECDSAP256SHA256", opt, value]
                .map(String::from)
                .to_vec(),
            code,
        ));
    }
    assert!(
        usage.contains("-g <generator>: DH generator; refused"),
        "{usage}"
    );
    for (args, code) in cases {
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.push("x.test");
        let ours = support::run_in(dir.path(), support::ours("keygen"), &args);
        let theirs = support::run_in(dir.path(), &bind, &args);
        assert_eq!(ours.code, code, "keygen {args:?}: {ours:?}");
        // BIND makes DH keys; ours refuses them on purpose (README).
        if args[1] != "DH" {
            assert_eq!(theirs.code, code, "dnssec-keygen {args:?}: {theirs:?}");
        }
    }
}

/// The digest names dsfromkey's and cds's `-h` list are the ones they and BIND accept.
#[test]
fn the_listed_digests_are_accepted_as_bind_accepts_them() {
    let Some(bind) = support::tool("dnssec-dsfromkey") else {
        return;
    };
    for tool in ["dsfromkey", "cds"] {
        let usage = printed_usage(tool);
        for digest in ["SHA-1", "SHA-256", "SHA-384"] {
            assert!(usage.contains(digest), "{tool}: {usage}");
        }
    }
    let dir = support::scratch();
    let key = support::run_in(dir.path(), support::ours("keygen"), &["x.test"]).ok();
    let key = key.stdout.trim();
    for digest in ["SHA-1", "SHA-256", "SHA-384", "SHA-512"] {
        let ours = support::run_in(dir.path(), support::ours("dsfromkey"), &["-a", digest, key]);
        let theirs = support::run_in(dir.path(), &bind, &["-a", digest, key]);
        assert_eq!(ours.code, theirs.code, "{digest}: {ours:?} {theirs:?}");
        assert_eq!(
            ours.code,
            i32::from(digest == "SHA-512"),
            "{digest}: {ours:?}"
        );
        assert_eq!(ours.stdout, theirs.stdout, "{digest}");
    }
}

/// The values signzone's `-h` lists (`-N` methods, `-O` formats, the `-H` limit) and
/// verify's `-I` formats are accepted, and their neighbours refused, by ours as by BIND's.
#[test]
fn signzone_and_verify_accept_the_values_their_help_lists_as_bind_does() {
    let Some([bind_sign, bind_verify]) = support::tools(["dnssec-signzone", "dnssec-verify"])
    else {
        return;
    };
    let sign_usage = printed_usage("signzone");
    let verify_usage = printed_usage("verify");
    for listed in [
        "-N method\tSOA serial: keep, increment, unixtime, date",
        "-O format\toutput format: text, full, raw, raw=0, raw=1",
        "NSEC3 extra iterations (0; at most 150)",
    ] {
        assert!(sign_usage.contains(listed), "{listed}: {sign_usage}");
    }
    assert!(verify_usage.contains("(text/raw)"), "{verify_usage}");
    let dir = support::scratch();
    let d = dir.path();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/example.com.db"),
        d.join("example.com.db"),
    )
    .unwrap();
    support::run_in(d, support::ours("keygen"), &["-f", "KSK", "example.com"]).ok();
    support::run_in(d, support::ours("keygen"), &["example.com"]).ok();
    let mut cases: Vec<(Vec<&str>, i32)> = Vec::new();
    for n in ["keep", "increment", "unixtime", "date"] {
        cases.push((vec!["-N", n], 0));
    }
    cases.push((vec!["-N", "soon"], 1));
    for o in ["text", "full", "raw", "raw=0", "raw=1"] {
        cases.push((vec!["-O", o], 0));
    }
    cases.push((vec!["-O", "map"], 1));
    cases.push((vec!["-3", "-", "-H", "150"], 0));
    cases.push((vec!["-3", "-", "-H", "151"], 1));
    for (opts, code) in cases {
        let mut args = vec!["-q", "-S", "-o", "example.com", "-f", "out"];
        args.extend(&opts);
        args.push("example.com.db");
        let ours = support::run_in(d, support::ours("signzone"), &args);
        let theirs = support::run_in(d, &bind_sign, &args);
        assert_eq!(ours.code, code, "signzone {opts:?}: {ours:?}");
        assert_eq!(theirs.code, code, "dnssec-signzone {opts:?}: {theirs:?}");
    }
    support::run_in(
        d,
        support::ours("signzone"),
        &[
            "-q",
            "-S",
            "-o",
            "example.com",
            "-f",
            "out",
            "example.com.db",
        ],
    )
    .ok();
    for (format, code) in [("text", 0), ("raw", 1), ("map", 1)] {
        let args = ["-q", "-I", format, "-o", "example.com", "out"];
        let ours = support::run_in(d, support::ours("verify"), &args);
        let theirs = support::run_in(d, &bind_verify, &args);
        assert_eq!(ours.code, code, "verify -I {format}: {ours:?}");
        assert_eq!(theirs.code, code, "dnssec-verify -I {format}: {theirs:?}");
    }
}

/// Each section of a man page comes once: a reader who finds DIFFERENCES FROM BIND has
/// found all of them.
#[test]
fn every_man_page_has_each_section_once() {
    let mut twice = Vec::new();
    for tool in TOOLS {
        let name = tool.spec.name;
        let man = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("man/{name}.1")),
        )
        .unwrap();
        let mut seen = std::collections::HashSet::new();
        for heading in man.lines().filter(|l| l.starts_with(".SH ")) {
            if !seen.insert(heading) {
                twice.push(format!("man/{name}.1: {heading}"));
            }
        }
        assert!(seen.len() > 3, "man/{name}.1 has too few sections");
    }
    assert!(twice.is_empty(), "\n{}", twice.join("\n"));
}
