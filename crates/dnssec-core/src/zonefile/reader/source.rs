//! Where the reader's text comes from: the file or stream at the bottom, `$INCLUDE`d files
//! on top of it, and `$GENERATE` lines made a batch at a time; a source that is not a regular
//! file is read a piece at a time with its entries bounded ([`MAX_STREAM_ENTRY`]).

use std::io::Read;
use std::path::Path;

use super::*;

/// Where a source's text comes from after what is in its buffer.
pub(super) enum Feed {
    /// Nothing: the buffer holds all of it.
    Done,
    /// A pipe or device, read a piece at a time.
    Stream(Box<dyn Read + Send + Sync>),
    /// A `$GENERATE` directive, expanded a batch of lines at a time.
    Generate(Box<Generator>),
}

pub(super) struct Source {
    pub(super) buf: Arc<[u8]>,
    /// Where this source ends in `buf` (all of it, but for a part of a file cut for
    /// parallel reading).
    pub(super) end: usize,
    pub(super) lexer: Lexer,
    pub(super) file: Arc<str>,
    /// Origin and owner to restore when this source ends (RFC 1035 section 5.1: `$INCLUDE`
    /// does not change the including file's origin).
    pub(super) saved: Option<(Option<Name>, Option<Name>)>,
    /// For `$GENERATE` text: every record reports the directive's line.
    pub(super) fixed_line: Option<u32>,
    /// More text to come.
    pub(super) feed: Feed,
}

impl Source {
    pub(super) fn new(buf: Arc<[u8]>, file: Arc<str>, feed: Feed) -> Source {
        Source {
            end: buf.len(),
            buf,
            lexer: Lexer::new(),
            file,
            saved: None,
            fixed_line: None,
            feed,
        }
    }
}

/// Opens `path` for reading: a regular file is read whole (its size is known), anything
/// else (a pipe, `/dev/stdin`, a device) is streamed with a bound on each entry.
pub(super) fn open_source(path: &Path) -> std::io::Result<(Vec<u8>, Feed)> {
    source_from(std::fs::File::open(path)?)
}

/// As [`open_source`], for a file already open (at its start).
pub(super) fn source_from(mut file: std::fs::File) -> std::io::Result<(Vec<u8>, Feed)> {
    let meta = file.metadata()?;
    // BIND opens a directory and then finds it is not a file (docs/bind-compat.md, "zone
    // reader: record types").
    if meta.is_dir() {
        return Err(std::io::ErrorKind::IsADirectory.into());
    }
    if meta.is_file() {
        let mut buf = Vec::new();
        file.read_to_end(&mut buf)?;
        Ok((buf, Feed::Done))
    } else {
        Ok((Vec::new(), Feed::Stream(Box::new(file))))
    }
}

/// How much of a file the planner scans at a time.
#[cfg(unix)]
const PLAN_PIECE: usize = 1 << 20;

/// A file opened by [`plan_file`].
#[cfg(unix)]
pub(super) enum Planned {
    /// A regular file and where it is cut.
    Split(std::fs::File, crate::zonefile::split::Split),
    /// Any other file, or one read in one piece: open at its start. (A FIFO is opened once
    /// only: opening it again would lose what its writer has written.)
    Whole(std::fs::File),
}

/// Opens `path` and, when it is a regular file, scans it for the places it can be cut
/// (`zonefile::split`), a piece at a time.
#[cfg(unix)]
pub(super) fn plan_file(path: &Path, parts: usize) -> std::io::Result<Planned> {
    use std::io::Seek;
    let mut file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Planned::Whole(file));
    }
    let Ok(total) = usize::try_from(meta.len()) else {
        return Ok(Planned::Whole(file));
    };
    let parts = parts.max(total / PART_OCTETS);
    let Some(mut planner) = crate::zonefile::split::Planner::new(total, parts) else {
        return Ok(Planned::Whole(file));
    };
    scan(&mut file, total, &mut planner)?;
    match planner.finish() {
        Some(split) => Ok(Planned::Split(file, split)),
        None => {
            file.rewind()?;
            Ok(Planned::Whole(file))
        }
    }
}

/// Feeds `file` to `planner` in pieces that end after a newline (see `Planner`), until
/// the end or until the planner refuses the text.
#[cfg(unix)]
fn scan(
    file: &mut std::fs::File,
    total: usize,
    planner: &mut crate::zonefile::split::Planner,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; PLAN_PIECE];
    let mut held = 0usize;
    let mut seen = 0usize;
    loop {
        if held == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        let n = file.read(buf.get_mut(held..).unwrap_or_default())?;
        seen += n;
        if n == 0 || seen > total {
            // The end, or a file that grew while it was scanned: what the planner saw is
            // all it cuts, and a file that changed is read in one piece.
            planner.feed(buf.get(..held).unwrap_or_default());
            break;
        }
        held += n;
        // Pieces end after a newline (see `Planner`).
        if let Some(last) = buf
            .get(..held)
            .and_then(|b| b.iter().rposition(|&c| c == b'\n'))
        {
            planner.feed(buf.get(..=last).unwrap_or_default());
            buf.copy_within(last + 1..held, 0);
            held -= last + 1;
        }
        if planner.refused() {
            break;
        }
    }
    Ok(())
}

/// The octets of `range` of `file`, read in place (the file's position is not used, so
/// parts are read from one open file on several threads). A file shorter than the plan
/// (changed since it was scanned) is an error.
#[cfg(unix)]
pub(super) fn read_range(
    file: &std::fs::File,
    range: std::ops::Range<usize>,
) -> std::io::Result<Arc<[u8]>> {
    use std::os::unix::fs::FileExt;
    // Allocated once, where the text stays: no second copy of it is made.
    let mut buf: Arc<[u8]> = std::iter::repeat_n(0u8, range.len()).collect();
    if let Some(slot) = Arc::get_mut(&mut buf) {
        file.read_exact_at(slot, range.start as u64)?;
    }
    Ok(buf)
}

/// The path an `$INCLUDE` names, as BIND takes it: the token's octets as written, escapes
/// not interpreted, but for `\"` inside a quoted name, which stands for `"`.
pub(super) fn include_path(t: &Token, buf: &[u8]) -> Vec<u8> {
    let text = t.text(buf);
    if !t.quoted {
        return text.to_vec();
    }
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'\\' && text.get(i + 1) == Some(&b'"') {
            i += 1;
        }
        out.push(text[i]);
        i += 1;
    }
    out
}

/// A path as messages name it (bounded, control characters escaped).
pub(crate) fn path_label(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        message_text(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        message_text(path.display().to_string().as_bytes())
    }
}

#[cfg(unix)]
pub(super) fn path_from_bytes(b: &[u8]) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(b).into()
}

#[cfg(not(unix))]
pub(super) fn path_from_bytes(b: &[u8]) -> std::path::PathBuf {
    String::from_utf8_lossy(b).into_owned().into()
}

impl Reader {
    /// Reads more text into the top source (see `Feed`): the unread rest of its buffer and
    /// the next piece of the stream or batch of `$GENERATE` lines. At the end of the feed
    /// the source is marked done, so that its lexer sees the true end.
    pub(super) fn refill(&mut self) -> Result<(), ZoneError> {
        let Some(src) = self.sources.last_mut() else {
            return Ok(());
        };
        let pos = src.lexer.pos().min(src.end);
        let rest = src.buf.get(pos..src.end).unwrap_or(&[]);
        let line = src.lexer.line();
        let fixed = src.fixed_line;
        let file = src.file.clone();
        let mut next = Vec::new();
        let at = |line| Location {
            file: file.clone(),
            line,
        };
        match &mut src.feed {
            Feed::Done => return Ok(()),
            Feed::Stream(input) => {
                if rest.len() > MAX_STREAM_ENTRY {
                    return Err(ZoneError::at(
                        at(line),
                        ZoneErrorKind::EntryTooLong {
                            limit: MAX_STREAM_ENTRY,
                        },
                    ));
                }
                // Read at least as much again as is held, so a long entry is copied a
                // bounded number of times.
                let want = STREAM_CHUNK.max(rest.len());
                next.reserve_exact(rest.len() + want);
                next.extend_from_slice(rest);
                let got = input
                    .by_ref()
                    .take(want as u64)
                    .read_to_end(&mut next)
                    .map_err(|e| {
                        ZoneError::at(
                            at(line),
                            ZoneErrorKind::Io {
                                path: file.to_string(),
                                reason: IoFailure::from(&e),
                            },
                        )
                    })?;
                if got == 0 {
                    src.feed = Feed::Done;
                }
            }
            Feed::Generate(g) => {
                next.extend_from_slice(rest);
                let fixed = fixed.unwrap_or(line);
                while next.len() < GENERATE_BATCH {
                    match g.next_line(&mut next) {
                        Ok(true) => {}
                        Ok(false) => {
                            src.feed = Feed::Done;
                            break;
                        }
                        // Lines made before the failure are read first; the failure comes
                        // again when they are used up.
                        Err(_) if next.len() > rest.len() => break,
                        Err(e) => return Err(ZoneError::at(at(fixed), ZoneErrorKind::Generate(e))),
                    }
                }
            }
        }
        src.end = next.len();
        src.buf = next.into();
        src.lexer = Lexer::at(0, line);
        Ok(())
    }
}
