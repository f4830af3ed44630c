//! Shell completions (`TOOL --generate-completions SHELL`), made from each tool's clap
//! definition: every option a tool declares is offered, and nothing else; the bash script
//! works when sourced; a tool called by its `dnssec-` name completes that name.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support;
use dnssec_kit::tools::TOOLS;

fn generate(program: &Path, shell: &str) -> support::Run {
    let dir = program.parent().unwrap();
    support::run_in(dir, program, &["--generate-completions", shell])
}

/// The option words of a bash completion script: its `opts="..."` line.
fn bash_options(script: &str) -> BTreeSet<String> {
    let line = script
        .lines()
        .filter_map(|l| l.trim().strip_prefix("opts=\""))
        .find(|rest| *rest != "\"")
        .unwrap_or_else(|| panic!("no opts line in\n{script}"));
    line.trim_end_matches('"')
        .split_whitespace()
        .filter(|w| w.starts_with('-'))
        .map(String::from)
        .collect()
}

#[test]
fn every_option_of_every_tool_is_completed_in_bash_zsh_and_fish() {
    for tool in TOOLS {
        let name = tool.spec.name;
        let declared: BTreeSet<String> = tool
            .options()
            .opts
            .iter()
            .map(|o| format!("-{}", o.short))
            .collect();
        let bash = generate(&support::ours(name), "bash").ok();
        assert_eq!(bash.stderr, "", "{name}");
        assert_eq!(bash_options(&bash.stdout), declared, "{name}: bash");
        let zsh = generate(&support::ours(name), "zsh").ok().stdout;
        let fish = generate(&support::ours(name), "fish").ok().stdout;
        assert!(
            zsh.starts_with(&format!("#compdef {name}\n")),
            "{name}: {zsh}"
        );
        for flag in &declared {
            let letter = &flag[1..];
            assert!(
                zsh.contains(&format!("'{flag}")) || zsh.contains(&format!("'*{flag}")),
                "{name}: zsh lacks {flag}"
            );
            assert!(
                fish.lines()
                    .any(|l| l.starts_with(&format!("complete -c {name} -s {letter}"))),
                "{name}: fish lacks {flag}"
            );
        }
    }
}

/// Sourced into bash, the script completes `keygen -` with the options and `keygen -k` with
/// nothing invented.
#[test]
fn the_bash_completion_completes() {
    let keygen = support::ours("keygen");
    let script = generate(&keygen, "bash").ok().stdout;
    let dir = support::scratch();
    std::fs::write(dir.path().join("keygen.bash"), &script).unwrap();
    let r = support::run_in(
        dir.path(),
        "bash",
        &[
            "-c",
            "source ./keygen.bash && COMP_WORDS=(keygen -) && COMP_CWORD=1 && \
             _keygen keygen - keygen && printf '%s\\n' \"${COMPREPLY[@]}\"",
        ],
    )
    .ok();
    let offered: BTreeSet<String> = r.stdout.lines().map(String::from).collect();
    assert_eq!(offered, bash_options(&script), "{r:?}");
    assert!(
        offered.contains("-K") && offered.contains("-3"),
        "{offered:?}"
    );
}

/// A symlink named `dnssec-keygen` makes a completion for that name; an unknown shell is a
/// clear error; the request must be exactly the two words (anything else is BIND's getopt).
#[test]
fn completions_follow_the_called_name_and_refuse_unknown_shells() {
    let dir = support::scratch();
    let link = dir.path().join("dnssec-keygen");
    std::os::unix::fs::symlink(support::ours("keygen"), &link).unwrap();
    let r = support::run_in(dir.path(), &link, &["--generate-completions", "bash"]).ok();
    assert!(
        r.stdout.contains("complete -F _dnssec__keygen"),
        "{}",
        r.stdout
    );
    let r = support::run_in(dir.path(), &link, &["--generate-completions", "tcsh"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "dnssec-keygen: fatal: --generate-completions: unknown shell 'tcsh' (bash, zsh or fish)\n"
    );
    let r = support::run_in(dir.path(), &link, &["--generate-completions"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.starts_with("dnssec-keygen: invalid argument"),
        "{r:?}"
    );
}
