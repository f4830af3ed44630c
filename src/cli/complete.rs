//! Shell completions (bash, zsh, fish) made from a tool's clap definition, the one place its
//! options are declared, so that a completion can never list an option the tool lacks.
//!
//! The tools take BIND's single-letter options only, so the completion's command keeps each
//! option's letter and drops the clap long name (an internal name the normaliser emits, which
//! users never type); long-only clap arguments (the halves of two-word and value-then-next
//! options) are left out, and options BIND's usage hides are offered like the others. Each
//! option's description is its line of the usage text the tool prints.
//!
//! A binary prints its completion when called as `TOOL --generate-completions SHELL` (see
//! [`requested`]): BIND's getopt refuses `--generate-completions` (`-` is no option letter),
//! so no BIND command line changes meaning. The program name in the script is the name the
//! tool was called by, so `dnssec-keygen --generate-completions bash` completes
//! `dnssec-keygen` (docs/bind-compat.md, "help, man pages and completions").

use std::ffi::OsString;

use clap_complete::Shell;

use super::argv::ToolSpec;

/// The argument that asks for a completion script instead of a run.
pub const GENERATE: &str = "--generate-completions";

/// The shells completions are made for.
pub const SHELLS: [Shell; 3] = [Shell::Bash, Shell::Zsh, Shell::Fish];

/// `Some(shell name)` when argv (without argv[0]) is exactly `--generate-completions SHELL`.
pub fn requested(argv: &[OsString]) -> Option<&OsString> {
    match argv {
        [flag, shell] if flag == GENERATE => Some(shell),
        _ => None,
    }
}

/// The shell named `name` (`bash`, `zsh`, `fish`), if completions are made for it.
pub fn shell(name: &str) -> Option<Shell> {
    SHELLS
        .into_iter()
        .find(|s| s.to_string().eq_ignore_ascii_case(name))
}

/// The description of option `-<short>` in a usage text: the rest of the line that starts
/// with it, after its value placeholder (`-a <algorithm>: text`, `-f <file>    text`).
fn described(usage: &str, short: char) -> Option<String> {
    let flag = format!("-{short}");
    usage.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix(&flag)?;
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return None; // another option (`-KSK`) or a word
        }
        let text = match rest.split_once(": ") {
            Some((_, text)) => text,
            None => rest.trim_start().split_once("  ")?.1,
        };
        let text = text.trim();
        (!text.is_empty()).then(|| text.to_string())
    })
}

/// The command a completion is made from: `tool`'s options by their letters, with the usage
/// text's descriptions, under the program name `name`.
pub fn completion_command(spec: &ToolSpec, tool: &clap::Command, name: &str) -> clap::Command {
    let mut cmd = clap::Command::new(name.to_string())
        .disable_help_flag(true)
        .disable_version_flag(true)
        .about(format!("{} (dnssec-kit)", spec.name))
        .version(super::VERSION);
    for arg in tool.get_arguments() {
        if arg.is_positional() {
            cmd = cmd.arg(arg.clone().help(None::<&str>));
            continue;
        }
        let Some(short) = arg.get_short() else {
            continue; // a long-only half of a two-word or value-then-next option
        };
        // Help and version keep their actions; clap's own flags are off above.
        let arg = arg.clone().long(None::<&str>).hide(false).required(false);
        cmd = cmd.arg(match described(spec.usage, short) {
            Some(text) => arg.help(text),
            None => arg.help(None::<&str>),
        });
    }
    cmd
}

/// The completion script for `shell`.
pub fn script(spec: &ToolSpec, tool: &clap::Command, name: &str, shell: Shell) -> Vec<u8> {
    let mut cmd = completion_command(spec, tool, name);
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, name.to_string(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_come_from_the_usage_line_of_the_option() {
        let usage = "    -a <algorithm>: RSASHA256 | ED25519\n    -f <file>          child records\n    -KSK\n    -q: quiet\n";
        assert_eq!(
            described(usage, 'a').as_deref(),
            Some("RSASHA256 | ED25519")
        );
        assert_eq!(described(usage, 'f').as_deref(), Some("child records"));
        assert_eq!(described(usage, 'q').as_deref(), Some("quiet"));
        assert_eq!(described(usage, 'K'), None);
        assert_eq!(described(usage, 'z'), None);
    }

    #[test]
    fn only_the_exact_request_generates() {
        let os = |s: &str| OsString::from(s);
        assert!(requested(&[os(GENERATE), os("bash")]).is_some());
        assert!(requested(&[os(GENERATE)]).is_none());
        assert!(requested(&[os("-a"), os(GENERATE), os("bash")]).is_none());
        assert_eq!(shell("zsh"), Some(Shell::Zsh));
        assert_eq!(shell("powershell"), None);
    }
}
