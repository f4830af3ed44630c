//! The README's examples run as written, in order, in one shell, from a fresh directory that
//! holds a copy of the repository's `examples/` folder, with our binaries first in PATH and
//! BIND's tools after them. The convention, stated at the top of README.md:
//!
//! - a fenced ```` ```sh ```` block is run: its `$ ` lines are the commands (a line ending in
//!   `\` goes on with the next line), the other lines are sample output and are not compared
//!   (key tags and signatures differ from run to run);
//! - a ```` ```sh ```` block right after a line `<!-- readme: not run (REASON) -->` is shown
//!   but not run (the install and test commands, which this test must not start again, and
//!   pipelines from a name server the test does not have);
//! - a ```` ```sh ```` block right after a line `<!-- readme: ours only (REASON) -->` runs
//!   with our tools only (keymgr and multisigner have no BIND program of the same job);
//! - other fences (```` ```text ````) are not run.
//!
//! A failing command fails the test with its block (README line number and text) and the
//! output of that block. The same blocks also run with BIND's `dnssec-*` tools under our
//! names, so that the examples are BIND command lines too.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::support;

const README: &str = include_str!("../../../README.md");

/// The marker of a shown-but-not-run block, on the line before its fence.
const NOT_RUN: &str = "<!-- readme: not run (";

/// The marker of a block that runs with our tools only, on the line before its fence.
const OURS_ONLY: &str = "<!-- readme: ours only (";

/// One `sh` block of the README.
#[derive(Debug)]
struct Block {
    /// 1-based line of its opening fence.
    line: usize,
    /// The text between the fences.
    text: String,
    /// The commands, `$ ` taken off, continuation lines joined.
    commands: Vec<String>,
    /// Marked as not run.
    skipped: bool,
    /// Marked as run with our tools only.
    ours_only: bool,
}

fn blocks(readme: &str) -> Vec<Block> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim_end();
        if !fence.starts_with("```") {
            i += 1;
            continue;
        }
        let lang = fence.trim_start_matches('`').trim();
        let start = i;
        let mut body = Vec::new();
        i += 1;
        while i < lines.len() && !lines[i].starts_with("```") {
            body.push(lines[i]);
            i += 1;
        }
        assert!(
            i < lines.len(),
            "README line {}: fence not closed",
            start + 1
        );
        i += 1;
        if lang != "sh" {
            continue;
        }
        let skipped = start > 0 && lines[start - 1].starts_with(NOT_RUN);
        let ours_only = start > 0 && lines[start - 1].starts_with(OURS_ONLY);
        if skipped || ours_only {
            assert!(
                lines[start - 1].trim_end().ends_with(") -->") && lines[start - 1].len() > 30,
                "README line {}: a block that is not run says why",
                start
            );
        }
        let mut commands: Vec<String> = Vec::new();
        let mut open = false;
        for l in &body {
            if open {
                let last = commands.last_mut().expect("continued command");
                last.push('\n');
                last.push_str(l);
            } else if let Some(cmd) = l.strip_prefix("$ ") {
                commands.push(cmd.to_string());
            } else {
                continue;
            }
            open = l.ends_with('\\');
        }
        assert!(
            skipped || !commands.is_empty(),
            "README line {}: an sh block without `$ ` commands",
            start + 1
        );
        out.push(Block {
            line: start + 1,
            text: body.join("\n"),
            commands,
            skipped,
            ours_only,
        });
    }
    out
}

/// The block that signs with a CSK alone (`signzone -S`, no `-z`): ours signs, BIND's
/// dnssec-signzone refuses (README, "Where we differ"); the BIND run accepts that refusal only.
const NEEDS_CSK_FIX: &str = "keygen -K csk -k default";

/// The script: every block in order in one shell (variables carry over), each announced by a
/// marker line so that a failure can be traced to its block.
fn script(blocks: &[Block]) -> String {
    let mut s = String::from("set -euo pipefail\nexec 2>&1\n");
    for (n, b) in blocks.iter().enumerate().filter(|(_, b)| !b.skipped) {
        writeln!(s, "echo '@@block {n}@@'").unwrap();
        let body = b.commands.join("\n");
        if b.text.contains(NEEDS_CSK_FIX) {
            // Accepted only when it fails for that reason (BIND's words for a key list
            // without a ZSK), with the output kept for the report.
            writeln!(
                s,
                "if ! out=$( ( set -e\n{body}\n) 2>&1 ); then echo \"$out\"\n\
                 case $out in *\"supply a ZSK or use '-z'\"*) echo '@@expected failure {n}@@';;\n\
                 *) exit 1;; esac\nelse echo \"$out\"; fi"
            )
            .unwrap();
        } else {
            writeln!(s, "{body}").unwrap();
        }
    }
    s.push_str("echo '@@done@@'\n");
    s
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Runs the README's blocks with the tools in `bin` first in PATH, in a fresh directory
/// holding a copy of `examples/`; panics with the failing block and its output, or on a
/// warning line. Returns the output, block markers included.
fn run_readme(blocks: &[Block], bin: &Path) -> String {
    let dir = support::scratch();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"),
        &dir.path().join("examples"),
    );
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin.to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    dirs.extend(["/usr/sbin", "/usr/bin"].map(Into::into));
    let out = Command::new("bash")
        .arg("-c")
        .arg(script(blocks))
        .current_dir(dir.path())
        .env("PATH", std::env::join_paths(dirs).unwrap())
        .env("TZ", "UTC")
        .output()
        .expect("run bash");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() || !text.contains("@@done@@") {
        let (at, n) = text
            .rmatch_indices("@@block ")
            .next()
            .and_then(|(at, _)| {
                let n: usize = text[at + 8..].split('@').next()?.parse().ok()?;
                Some((at, n))
            })
            .expect("no block started");
        let b = &blocks[n];
        panic!(
            "{}: README block at line {} failed (exit {:?}):\n{}\n--- its output:\n{}",
            bin.display(),
            b.line,
            out.status.code(),
            b.text,
            &text[at..]
        );
    }
    // A warning in an example is a wrong example (the -N unixtime serial warning was one).
    let warnings: Vec<&str> = text
        .lines()
        .filter(|l| l.to_ascii_lowercase().contains("warning"))
        .collect();
    assert!(
        warnings.is_empty(),
        "{}: warnings:\n{}\n\n{text}",
        bin.display(),
        warnings.join("\n")
    );
    text
}

/// The output of the block that failed as expected, if one did.
fn expected_failure(text: &str) -> Option<&str> {
    let end = text.find("@@expected failure")?;
    let start = text[..end].rfind("@@block ").unwrap_or(0);
    Some(&text[start..end])
}

#[test]
fn readme_examples_run_as_written() {
    assert!(
        README.starts_with("<!-- README test convention:"),
        "the README states the convention at its top"
    );
    let blocks = blocks(README);
    assert!(
        blocks.iter().filter(|b| !b.skipped).count() >= 8,
        "{blocks:?}"
    );
    let ours = support::ours("keygen");
    let text = run_readme(&blocks, ours.parent().unwrap());
    assert_eq!(
        expected_failure(&text),
        None,
        "signzone -S signs with a CSK alone"
    );
}

/// The same examples with BIND's tools under our names: they are BIND's command lines too
/// (so a user can follow them with either), except that dnssec-signzone needs `-z` (or a
/// ZSK) to sign with a CSK alone, where ours does not (README, "Where we differ").
#[test]
fn readme_examples_run_with_bind_tools_too() {
    let names = [
        "keygen",
        "dsfromkey",
        "settime",
        "importkey",
        "revoke",
        "signzone",
        "verify",
        "cds",
    ];
    let Some(found) = support::tools(names.map(|n| match n {
        "keygen" => "dnssec-keygen",
        "dsfromkey" => "dnssec-dsfromkey",
        "settime" => "dnssec-settime",
        "importkey" => "dnssec-importkey",
        "revoke" => "dnssec-revoke",
        "signzone" => "dnssec-signzone",
        "verify" => "dnssec-verify",
        _ => "dnssec-cds",
    })) else {
        return;
    };
    let bin = support::scratch();
    for (name, target) in names.iter().zip(&found) {
        std::os::unix::fs::symlink(target, bin.path().join(name)).unwrap();
    }
    let mut blocks = blocks(README);
    for b in &mut blocks {
        b.skipped |= b.ours_only;
    }
    let text = run_readme(&blocks, bin.path());
    let block = expected_failure(&text).expect("dnssec-signzone -S signs with a lone CSK");
    assert!(block.contains("dnssec-signzone: fatal:"), "{block}");
}

/// The block reader finds commands, joins continued lines and honours the marker.
#[test]
fn readme_blocks_are_read_by_the_convention() {
    let text = "x\n```sh\n$ a \\\n  b\nout\n$ c\n```\n<!-- readme: not run (needs a server here) -->\n```sh\n$ d\n```\n```text\n$ e\n```\n";
    let b = blocks(text);
    assert_eq!(b.len(), 2);
    assert_eq!(b[0].commands, ["a \\\n  b", "c"]);
    assert!(!b[0].skipped);
    assert_eq!(b[0].line, 2);
    assert!(b[1].skipped);
}

/// The shipped `examples/named.conf` is a configuration named accepts, and each of its
/// policies gives the same keys (algorithm and flags, in order) from our keygen as from
/// dnssec-keygen.
#[test]
fn the_example_named_conf_is_valid_and_read_as_bind_reads_it() {
    let Some([checkconf, bind]) = support::tools(["named-checkconf", "dnssec-keygen"]) else {
        return;
    };
    let conf = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/named.conf");
    let conf = conf.to_str().unwrap();
    support::run_in(Path::new("."), &checkconf, &[conf]).ok();
    let dir = support::scratch();
    for policy in ["split", "rsa"] {
        let mut made = Vec::new();
        for prog in [support::ours("keygen"), bind.clone()] {
            let r = support::run_in(
                dir.path(),
                &prog,
                &["-l", conf, "-k", policy, "example.org"],
            )
            .ok();
            let keys: Vec<(String, String)> = r
                .stdout
                .lines()
                .map(|base| {
                    let key =
                        std::fs::read_to_string(dir.path().join(format!("{base}.key"))).unwrap();
                    let rdata = key
                        .lines()
                        .find(|l| !l.starts_with(';'))
                        .unwrap()
                        .to_string();
                    let fields: Vec<&str> = rdata.split_whitespace().collect();
                    let at = fields.iter().position(|f| *f == "DNSKEY").unwrap();
                    (fields[at + 1].to_string(), fields[at + 3].to_string())
                })
                .collect();
            made.push(keys);
        }
        assert!(!made[0].is_empty(), "{policy}");
        assert_eq!(
            made[0], made[1],
            "{policy}: ours, then BIND's (flags, algorithm)"
        );
    }
}
