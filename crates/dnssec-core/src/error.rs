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
    let bytes = path.as_os_str().as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\{b:03}"));
        }
    }
    out
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}
