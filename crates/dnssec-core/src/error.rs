//! Where in the input an error was found. Each module keeps its own typed error enum; this
//! is the shared location they carry so that every message can name file and line the way
//! BIND does (`db.example:12: ...`).

use std::fmt;
use std::sync::Arc;

/// A position in an input file: its name as the user gave it and a 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file name as given on the command line (or `<stdin>`-like labels for streams).
    pub file: Arc<str>,
    /// The 1-based line number.
    pub line: u32,
}

impl Location {
    /// A location in `file` at `line`.
    pub fn new(file: impl Into<Arc<str>>, line: u32) -> Location {
        Location {
            file: file.into(),
            line,
        }
    }
}

/// A file name as messages and locations show it: the bytes that are valid UTF-8 as they
/// are, every other byte as the decimal escape `\DDD` (docs/bind-compat.md, "command line:
/// arguments and messages"), so a name that is not UTF-8 stays readable and distinct where
/// a lossy conversion would print U+FFFD.
pub fn path_text(path: &std::path::Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    escaped_text(path.as_os_str().as_bytes(), false)
}

/// Octets as message text: valid UTF-8 as it is, except (when `controls`) control
/// characters, and every octet that is not UTF-8, as BIND's decimal escape `\DDD`; a
/// control character above U+00FF is escaped by its UTF-8 octets, as a byte-oriented tool
/// shows it. The one escaper behind [`path_text`], the zone reader's quoted tokens and the
/// tools' message lines (docs/bind-compat.md, "command line: arguments and messages").
pub fn escaped_text(raw: &[u8], controls: bool) -> String {
    fn octets(octets: &[u8], out: &mut String) {
        use std::fmt::Write;
        for b in octets {
            let _ = write!(out, "\\{b:03}");
        }
    }
    let mut out = String::with_capacity(raw.len());
    for chunk in raw.utf8_chunks() {
        if controls {
            for c in chunk.valid().chars() {
                if c.is_control() {
                    octets(c.encode_utf8(&mut [0; 4]).as_bytes(), &mut out);
                } else {
                    out.push(c);
                }
            }
        } else {
            out.push_str(chunk.valid());
        }
        octets(chunk.invalid(), &mut out);
    }
    out
}

/// The most octets of one token or file name a message quotes; the rest is written as
/// `...` (a 20 MB token must not become a 20 MB message line).
pub const MESSAGE_TEXT_MAX: usize = 1024;

/// Text from the input (a token, a file name) as it may appear inside a message: at most
/// [`MESSAGE_TEXT_MAX`] octets followed by `...` when cut, with control characters, DEL
/// and octets that are not UTF-8 written as BIND writes them, `\DDD` in decimal, so that
/// a message stays one line and input cannot forge another line.
pub fn message_text(raw: &[u8]) -> String {
    let cut = raw.len() > MESSAGE_TEXT_MAX;
    let mut out = escaped_text(&raw[..raw.len().min(MESSAGE_TEXT_MAX)], true);
    if cut {
        out.push_str("...");
    }
    out
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}
