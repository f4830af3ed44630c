//! Reading the `-f`/`-d` inputs of dsfromkey, cds and importkey (a zone file, a keyset, `dig`
//! output; `-` is standard input) with a bound: a regular file is read whole, as its size is
//! known, but a pipe or device (an endless `/dev/zero`, a stuck producer) is read only up to
//! [`MAX_STREAM_INPUT`], far more than any DNSKEY, CDS or DS RRset needs
//! (docs/bind-compat.md, "zone reader: limits and $GENERATE").

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The most octets taken from standard input or another file that is not a regular file:
/// 16 MiB, room for a zone of some 100,000 records piped in, and a bound on memory.
pub const MAX_STREAM_INPUT: u64 = 16 << 20;

/// Why an input could not be read.
#[derive(Debug)]
pub enum InputError {
    /// The system's error.
    Io(std::io::Error),
    /// A pipe or device gave more than [`MAX_STREAM_INPUT`] octets.
    TooLarge,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => match e.kind() {
                std::io::ErrorKind::NotFound => f.write_str("file not found"),
                std::io::ErrorKind::PermissionDenied => f.write_str("permission denied"),
                _ => write!(f, "{e}"),
            },
            InputError::TooLarge => write!(
                f,
                "input is not a regular file and is longer than {MAX_STREAM_INPUT} octets"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Reads `file` (`-` for standard input) whole, with the bound above for anything that is
/// not a regular file. The name is handed to the system as given (any bytes).
pub fn read(file: &std::ffi::OsStr) -> Result<Vec<u8>, InputError> {
    if file == "-" {
        read_from(stdin_file().map_err(InputError::Io)?)
    } else {
        read_path(Path::new(file))
    }
}

/// Reads the file at `path` whole (no standard input), with the bound above for anything
/// that is not a regular file.
pub fn read_path(path: &Path) -> Result<Vec<u8>, InputError> {
    read_from(File::open(path).map_err(InputError::Io)?)
}

fn read_from(source: File) -> Result<Vec<u8>, InputError> {
    let regular = source.metadata().map_err(InputError::Io)?.is_file();
    let mut buf = Vec::new();
    if regular {
        let mut source = source;
        source.read_to_end(&mut buf).map_err(InputError::Io)?;
        return Ok(buf);
    }
    source
        .take(MAX_STREAM_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(InputError::Io)?;
    if buf.len() as u64 > MAX_STREAM_INPUT {
        return Err(InputError::TooLarge);
    }
    Ok(buf)
}

/// Standard input as a file, to ask whether it is a regular one (a redirected file) and to
/// read it without the standard library's buffering.
fn stdin_file() -> std::io::Result<File> {
    use std::os::fd::AsFd;
    Ok(File::from(std::io::stdin().as_fd().try_clone_to_owned()?))
}
