//! The one funnel every stderr line goes through (`prog: fatal:`, `prog: warning:`, ...),
//! escaping control characters so that input cannot split or forge a line, and the stdout
//! helpers that turn a failed write into an error.

use std::borrow::Cow;
use std::fmt;

use super::program;

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
    pub(super) fn render(&self) -> String {
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
pub(super) fn write_stderr(text: &str) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    super::progress::wipe_for_message(&mut err);
    let _ = err.write_all(text.as_bytes());
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
pub(super) fn render_error(e: &anyhow::Error) -> String {
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

/// BIND's warning for each key file whose permission bits a rewrite changed (revoke,
/// settime).
pub fn mode_changes(changes: &[dnssec_core::key::ModeChange]) {
    for c in changes {
        warning(format!(
            "Permissions on the file {} have changed from 0{:o} to 0{:o} as a result of this operation.",
            super::show(&c.path),
            c.old,
            c.new
        ));
    }
}

/// `prog: error: msg` on stderr (BIND's logger wording for a non-fatal error line).
pub fn error(msg: impl fmt::Display) {
    line(format_args!("{}: error: {msg}", program()));
}

/// `prog: msg` on stderr: BIND's plain notes (verbose output, `the -d option is deprecated`).
pub fn note(msg: impl fmt::Display) {
    line(format_args!("{}: {msg}", program()));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
