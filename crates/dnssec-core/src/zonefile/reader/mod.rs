//! Streaming zone-file reader (RFC 1035 section 5.1 with RFC 2308 section 4 `$TTL` and
//! BIND's `$GENERATE`): directives, owner/TTL/class inheritance, and records in file order.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::error::{
    GenerateError, IoFailure, Near, Warning, WarningKind, ZoneError, ZoneErrorKind,
};
use super::generate::Generator;
use super::lexer::{Entry, LexError, LexFault, Lexer, Token};
use super::record::Record;
use crate::error::{message_text, Location};
use crate::name::parse_name_into;
use crate::name::Name;
use crate::name::NameError;
use crate::rr::rdata::{self, parse_period, Problem, RdataError};
use crate::rr::{Class, RrType, Ttl};

mod directives;
mod loader_owner;
mod source;

pub(crate) use source::path_label;
use source::{include_path, open_source, path_from_bytes, Feed, Source};

/// How deep `$INCLUDE` may nest before it is taken for a loop.
const MAX_INCLUDE_DEPTH: usize = 20;

/// The longest entry (a line, or lines joined by parentheses) read from a source that is
/// not a regular file (a pipe, a device such as `/dev/zero`), which is read a piece at a
/// time: past this an entry is taken for endless input and refused. The largest legal
/// rdata, 65,535 octets written as `\DDD` escapes, takes about 262,000 characters.
pub(crate) const MAX_STREAM_ENTRY: usize = 1 << 20;

/// About how much of a big file one part read in parallel holds (`Reader::open_split`):
/// only the parts being read are in memory.
pub(crate) const PART_OCTETS: usize = 2 << 20;

/// How much a streamed source is read at a time.
const STREAM_CHUNK: usize = 64 * 1024;

/// How much `$GENERATE` text is made at a time (at least one line).
const GENERATE_BATCH: usize = 16 * 1024;

/// The largest rdata BIND's rdataset takes (65,535 less its own overhead; observed with
/// BIND 9.18, docs/bind-compat.md "zone reader: limits and $GENERATE"). Each rdata of an
/// RRset counts with its 2-octet length against the same total.
pub(crate) const MAX_RDATASET_OCTETS: usize = 65_512;

/// A record borrowed from the reader's buffers; valid until the next call.
#[derive(Debug)]
pub struct RecordRef<'r> {
    /// Owner name.
    pub owner: &'r Name,
    /// TTL after the defaulting rules.
    pub ttl: Ttl,
    /// Class.
    pub class: Class,
    /// Type.
    pub rtype: RrType,
    /// Rdata in wire form.
    pub rdata: &'r [u8],
    /// Where the record was read.
    pub file: &'r Arc<str>,
    /// Line of the record (of the `$GENERATE` directive for generated ones).
    pub line: u32,
}

impl RecordRef<'_> {
    /// An owned copy.
    pub fn to_record(&self) -> Record {
        Record {
            owner: self.owner.clone(),
            ttl: self.ttl,
            class: self.class,
            rtype: self.rtype,
            rdata: self.rdata.to_vec(),
        }
    }
}

/// A part of a zone file cut for parallel reading (see `Reader::split` and
/// [`Reader::open_split`]).
pub(crate) struct Part {
    text: PartText,
    file: Arc<str>,
    range: std::ops::Range<usize>,
    line: u32,
}

/// Where a part's text is: in the buffer the whole text is held in, or still in the file,
/// read when the part is (so a big file is never held whole).
enum PartText {
    Shared(Arc<[u8]>),
    #[cfg(unix)]
    File(Arc<std::fs::File>),
}

/// Reads records from a zone file and the files it includes, in file order.
pub struct Reader {
    sources: Vec<Source>,
    origin: Option<Name>,
    owner: Option<Name>,
    dollar_ttl: Option<Ttl>,
    last_ttl: Option<Ttl>,
    class: Class,
    warnings: Vec<Warning>,
    rfc1035_warned: bool,
    tokens: Vec<Token>,
    rdata: Vec<u8>,
    scratch: Vec<u8>,
    cur_file: Arc<str>,
    cur_line: u32,
    generate_limit: Option<u64>,
    /// The last entry that was not another directive was a `$ORIGIN` (BIND warns about a
    /// record that inherits its owner right after one).
    after_origin: bool,
    /// The owner BIND's warnings name (see `loader_owner`).
    loader_owner: loader_owner::LoaderOwner,
}

/// A token as messages quote it (bounded, control characters escaped).
fn text_of(buf: &[u8], t: &Token) -> String {
    message_text(t.text(buf))
}

impl Reader {
    /// Opens `path` (the label in messages is the path as given). `origin` is the zone name,
    /// which relative names and `@` use until a `$ORIGIN`.
    /// A regular file is read whole; a pipe or device is read a piece at a time, and an
    /// entry longer than [`MAX_STREAM_ENTRY`] is refused, so endless input (`/dev/zero`)
    /// fails early with bounded memory.
    pub fn from_path(path: impl AsRef<Path>, origin: Option<Name>) -> Result<Reader, ZoneError> {
        let path = path.as_ref();
        let label = path_label(path);
        let (buf, feed) = open_source(path).map_err(|e| ZoneError {
            location: None,
            kind: ZoneErrorKind::Io {
                path: label.clone(),
                reason: IoFailure::from(&e),
            },
        })?;
        let mut reader = Reader::from_bytes(buf, &label, origin);
        if let Some(src) = reader.sources.first_mut() {
            src.feed = feed;
        }
        Ok(reader)
    }

    /// Opens `path` as [`Reader::from_path`] does, but a regular file big enough to be cut
    /// for parallel reading (`zonefile::split`, in about `parts` parts or more, so that each
    /// stays near [`PART_OCTETS`]) is scanned a piece at a time and not held: the reader
    /// gets the head of the file, and each part is read from the file when it is read
    /// ([`Reader::part`]). Other files are read as [`Reader::from_path`] reads them, with no
    /// parts.
    pub(crate) fn open_split(
        path: impl AsRef<Path>,
        origin: Option<Name>,
        parts: usize,
    ) -> Result<(Reader, Option<Vec<Part>>), ZoneError> {
        let path = path.as_ref();
        #[cfg(unix)]
        {
            let label = path_label(path);
            let io = |e: std::io::Error| ZoneError {
                location: None,
                kind: ZoneErrorKind::Io {
                    path: label.clone(),
                    reason: IoFailure::from(&e),
                },
            };
            let (file, split) = match source::plan_file(path, parts).map_err(io)? {
                source::Planned::Split(file, split) => (file, split),
                source::Planned::Whole(file) => {
                    let (buf, feed) = source::source_from(file).map_err(io)?;
                    let mut reader = Reader::from_bytes(buf, &label, origin);
                    if let Some(src) = reader.sources.first_mut() {
                        src.feed = feed;
                    }
                    return Ok((reader, None));
                }
            };
            let file = Arc::new(file);
            let head = source::read_range(&file, split.head).map_err(io)?;
            let mut reader = Reader::from_bytes(Vec::new(), &label, origin);
            let label = reader.cur_file.clone();
            if let Some(src) = reader.sources.first_mut() {
                src.end = head.len();
                src.buf = head;
            }
            let parts = split
                .parts
                .into_iter()
                .map(|(range, line)| Part {
                    text: PartText::File(file.clone()),
                    file: label.clone(),
                    range,
                    line,
                })
                .collect();
            Ok((reader, Some(parts)))
        }
        #[cfg(not(unix))]
        {
            let _ = parts;
            Ok((Reader::from_path(path, origin)?, None))
        }
    }

    /// Reads `input` a piece at a time, as a pipe is read (see [`Reader::from_path`]);
    /// `file_label` names it in messages.
    pub fn from_stream(
        input: impl Read + Send + Sync + 'static,
        file_label: &str,
        origin: Option<Name>,
    ) -> Reader {
        let mut reader =
            Reader::from_bytes(Vec::new(), &message_text(file_label.as_bytes()), origin);
        if let Some(src) = reader.sources.first_mut() {
            src.feed = Feed::Stream(Box::new(input));
        }
        reader
    }

    /// Reads from text held in memory; `file_label` names it in messages.
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(text: &str, file_label: &str, origin: Option<Name>) -> Reader {
        Reader::from_bytes(text.as_bytes().to_vec(), file_label, origin)
    }

    /// Reads from bytes held in memory; `file_label` names them in messages.
    pub fn from_bytes(buf: Vec<u8>, file_label: &str, origin: Option<Name>) -> Reader {
        let file: Arc<str> = Arc::from(file_label);
        Reader {
            sources: vec![Source::new(buf.into(), file.clone(), Feed::Done)],
            origin,
            owner: None,
            dollar_ttl: None,
            last_ttl: None,
            class: Class::IN,
            warnings: Vec::new(),
            rfc1035_warned: false,
            tokens: Vec::with_capacity(16),
            rdata: Vec::with_capacity(512),
            scratch: Vec::with_capacity(256),
            cur_file: file,
            cur_line: 0,
            generate_limit: None,
            after_origin: false,
            loader_owner: loader_owner::LoaderOwner::default(),
        }
    }

    /// Sets the zone class (default IN); records naming another class are refused.
    pub fn with_class(mut self, class: Class) -> Reader {
        self.class = class;
        self
    }

    /// Sets a default TTL as if the file began with `$TTL` (RFC 2308 section 4).
    pub fn with_default_ttl(mut self, ttl: Ttl) -> Reader {
        self.dollar_ttl = Some(ttl);
        self
    }

    /// Refuses a `$GENERATE` that would make more than `limit` records (BIND has no such
    /// limit; a fuzzer sets a low one so that huge ranges do not make runs slow). The
    /// directive is refused before any of its records is made.
    pub fn with_generate_limit(mut self, limit: u64) -> Reader {
        self.generate_limit = Some(limit);
        self
    }

    /// Warnings so far, in order.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Takes the warnings so far.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(&mut self.warnings)
    }

    /// For parallel loading: when this fresh reader's file can be cut (see `split`), bounds
    /// the reader to the head and returns the parts that follow it, to be read by
    /// [`Reader::part`] once the head is read.
    pub(crate) fn split(&mut self, parts: usize) -> Option<Vec<Part>> {
        let [src] = self.sources.as_mut_slice() else {
            return None;
        };
        if src.lexer.line() != 1
            || src.saved.is_some()
            || src.fixed_line.is_some()
            || !matches!(src.feed, Feed::Done)
        {
            return None;
        }
        let split = super::split::plan(src.buf.get(..src.end)?, parts)?;
        src.end = split.head.end;
        let (buf, file) = (src.buf.clone(), src.file.clone());
        Some(
            split
                .parts
                .into_iter()
                .map(|(range, line)| Part {
                    text: PartText::Shared(buf.clone()),
                    file: file.clone(),
                    range,
                    line,
                })
                .collect(),
        )
    }

    /// A reader for `part`, in the state this reader is in (origin, TTL defaults, class),
    /// which is the state at the part's start when this reader has read what comes before.
    /// Fails only when a part still in its file cannot be read.
    pub(crate) fn part(&self, part: Part) -> Result<Reader, ZoneError> {
        let (buf, range) = match part.text {
            PartText::Shared(buf) => (buf, part.range),
            #[cfg(unix)]
            PartText::File(f) => {
                let buf = source::read_range(&f, part.range.clone()).map_err(|e| {
                    let location = Location {
                        file: part.file.clone(),
                        line: part.line,
                    };
                    ZoneError::at(
                        location,
                        ZoneErrorKind::Io {
                            path: part.file.to_string(),
                            reason: IoFailure::from(&e),
                        },
                    )
                })?;
                let len = buf.len();
                (buf, 0..len)
            }
        };
        Ok(Reader {
            sources: vec![Source {
                buf,
                end: range.end,
                lexer: Lexer::at(range.start, part.line),
                file: part.file.clone(),
                saved: None,
                fixed_line: None,
                feed: Feed::Done,
            }],
            origin: self.origin.clone(),
            owner: None,
            dollar_ttl: self.dollar_ttl,
            last_ttl: self.last_ttl,
            class: self.class,
            warnings: Vec::new(),
            rfc1035_warned: self.rfc1035_warned,
            tokens: Vec::with_capacity(16),
            rdata: Vec::with_capacity(512),
            scratch: Vec::with_capacity(256),
            cur_file: part.file,
            cur_line: part.line,
            generate_limit: self.generate_limit,
            after_origin: false,
            loader_owner: loader_owner::LoaderOwner::default(),
        })
    }

    /// True when no record of this reader's input takes its TTL from the one before it
    /// (a `$TTL` is in force), so parts that follow can be read independently.
    pub(crate) fn has_default_ttl(&self) -> bool {
        self.dollar_ttl.is_some()
    }

    /// The owner of the last entry read (for a loader deciding whether a failing entry
    /// continued the run of records before it).
    pub(crate) fn owner(&self) -> Option<&Name> {
        self.owner.as_ref()
    }

    /// The current origin (changed by `$ORIGIN`).
    pub fn origin(&self) -> Option<&Name> {
        self.origin.as_ref()
    }

    fn location(&self) -> Location {
        Location {
            file: self.cur_file.clone(),
            line: self.cur_line,
        }
    }

    fn err(&self, kind: ZoneErrorKind) -> ZoneError {
        ZoneError::at(self.location(), kind)
    }

    fn warn(&mut self, kind: WarningKind) {
        let location = self.location();
        self.warnings.push(Warning::new(location, kind));
    }

    /// The next record, borrowed. `None` at the end of all input. After an error the reader
    /// carries on with the next entry, so callers may collect several errors.
    pub fn next_ref(&mut self) -> Option<Result<RecordRef<'_>, ZoneError>> {
        loop {
            let src = self.sources.last_mut()?;
            let buf = src.buf.clone();
            let fixed = src.fixed_line;
            let file = src.file.clone();
            let next = src
                .lexer
                .next_entry(buf.get(..src.end).unwrap_or(&buf), &mut self.tokens);
            self.cur_file = file;
            // An entry that reaches the end of what was read so far may go on in text
            // still to come: read more and look at it again.
            let more = match src.feed {
                Feed::Done => false,
                Feed::Stream(_) => next.is_none() || src.lexer.pos() >= src.end,
                Feed::Generate(_) => next.is_none(),
            };
            if more {
                src.lexer.rewind();
                match self.refill() {
                    Ok(()) => continue,
                    Err(e) => {
                        // The rest of this source is given up: it is endless, unreadable
                        // or its directive cannot go on.
                        if let Some(done) = self.sources.pop() {
                            if let Some((origin, owner)) = done.saved {
                                self.origin = origin;
                                self.owner = owner;
                            }
                        }
                        return Some(Err(e));
                    }
                }
            }
            let Some(entry) = next else {
                if let Some(done) = self.sources.pop() {
                    if let Some((origin, owner)) = done.saved {
                        self.origin = origin;
                        self.owner = owner;
                    }
                }
                continue;
            };
            self.cur_line = fixed.unwrap_or(entry.line);
            match self.entry(&buf, entry, fixed) {
                Ok(None) => continue,
                Ok(Some((ttl, class, rtype))) => {
                    let owner = self.owner.as_ref()?;
                    return Some(Ok(RecordRef {
                        owner,
                        ttl,
                        class,
                        rtype,
                        rdata: &self.rdata,
                        file: &self.cur_file,
                        line: self.cur_line,
                    }));
                }
                // A record that `$GENERATE` made is reported through the directive.
                Err(mut e) if fixed.is_some() => {
                    e.kind = ZoneErrorKind::InGenerate(Box::new(e.kind));
                    if let Some(l) = e.location.as_mut() {
                        l.line = self.cur_line;
                    }
                    return Some(Err(e));
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// Handles one entry: a directive (returns `None`) or a record, whose rdata is left in
    /// `self.rdata` and whose owner is `self.owner`.
    fn entry(
        &mut self,
        buf: &[u8],
        entry: Entry,
        fixed: Option<u32>,
    ) -> Result<Option<(Ttl, Class, RrType)>, ZoneError> {
        let tokens = std::mem::take(&mut self.tokens);
        let result = self.entry_tokens(buf, entry, &tokens, fixed);
        self.tokens = tokens;
        result
    }

    /// The error for an entry that ran out of tokens where the loader still needed one: the
    /// tokenizing fault that cut it short, or the end of the line or file.
    fn ran_out(&self, entry: &Entry) -> ZoneError {
        match entry.fault {
            Some(f) if f.error == LexError::Nul => self.err(ZoneErrorKind::UnexpectedNul),
            Some(f) => self.err(ZoneErrorKind::Lex {
                error: f.error,
                fault_line: f.line,
            }),
            None => self.err(ZoneErrorKind::UnexpectedEnd {
                at_eof: entry.at_eof,
            }),
        }
    }

    fn entry_tokens(
        &mut self,
        buf: &[u8],
        entry: Entry,
        tokens: &[Token],
        fixed: Option<u32>,
    ) -> Result<Option<(Ttl, Class, RrType)>, ZoneError> {
        let Some(first) = tokens.first() else {
            return Err(self.ran_out(&entry));
        };
        if !entry.owner_blank && !first.quoted && first.text(buf).first() == Some(&b'$') {
            self.directive(buf, &entry, tokens)?;
            return Ok(None);
        }
        let mut i = 0;
        let after_origin = std::mem::take(&mut self.after_origin);
        if !entry.owner_blank {
            self.set_owner(buf, first)?;
            if let Some(owner) = &self.owner {
                self.loader_owner.owner(owner.as_wire());
            }
            i = 1;
        } else if let Some(owner) = &self.owner {
            if after_origin {
                let named = self.loader_owner.current();
                let kind = WarningKind::InheritedOwner {
                    owner: named.as_ref().unwrap_or(owner).bind_text(),
                    origin: self
                        .origin
                        .as_ref()
                        .map(Name::bind_text)
                        .unwrap_or_default(),
                };
                self.warn(kind);
            }
        } else {
            return Err(self.err(ZoneErrorKind::NoOwner));
        }
        // BIND's order: a TTL, a class, a TTL if none came before, then the type. A token
        // that is not a valid TTL is tried as class and type, never refused as a TTL.
        let field = |i: &mut usize| -> Result<(Token, &str), ZoneError> {
            let Some(t) = tokens.get(*i) else {
                return Err(match entry.fault {
                    Some(f) if f.error == LexError::UnbalancedQuotes => {
                        self.err(ZoneErrorKind::QuotedField)
                    }
                    _ => self.ran_out(&entry),
                });
            };
            *i += 1;
            if t.quoted {
                return Err(self.err(ZoneErrorKind::QuotedField));
            }
            Ok((*t, std::str::from_utf8(t.text(buf)).unwrap_or("")))
        };
        let mut ttl: Option<u32> = None;
        let mut class: Option<Class> = None;
        let (mut tok, mut text) = field(&mut i)?;
        if let Some(v) = parse_period(text.as_bytes()) {
            ttl = Some(v);
            (tok, text) = field(&mut i)?;
        }
        if let Some(c) = Class::from_mnemonic(text) {
            class = Some(c);
            (tok, text) = field(&mut i)?;
            if ttl.is_none() {
                if let Some(v) = parse_period(text.as_bytes()) {
                    ttl = Some(v);
                    (tok, text) = field(&mut i)?;
                }
            }
        }
        let rtype = RrType::from_mnemonic(text)
            .ok_or_else(|| self.err(ZoneErrorKind::UnknownType(text_of(buf, &tok))))?;
        if let Some(c) = class {
            if c != self.class {
                return Err(self.err(ZoneErrorKind::ClassMismatch {
                    found: c.to_string(),
                    zone: self.class,
                }));
            }
        }
        let ttl = ttl.map(|v| self.capped(v));
        let rest = &tokens[i..];
        self.rdata.clear();
        let parsed = rdata::parse_tokens(rtype, buf, rest, self.origin.as_ref(), &mut self.rdata);
        // The line BIND names is where its lexer was before the token it stopped at: the
        // end of the last token read (the type when no rdata token was).
        let line_before = |k: usize| match k.checked_sub(1).and_then(|p| rest.get(p)) {
            Some(t) => t.line,
            None => tok.line,
        };
        let rdata_error = |error: RdataError, near: Near, line: u32| {
            let line = fixed.unwrap_or(line);
            ZoneError::at(
                Location {
                    file: self.cur_file.clone(),
                    line,
                },
                ZoneErrorKind::Rdata { rtype, error, near },
            )
        };
        // A field that reads to the end of the entry meets a tokenizing fault itself; any
        // other meets it only in the check for extra input that follows the last field.
        let reads_to_end = rdata::table::text_layout(rtype)
            .and_then(|fields| fields.last())
            .is_some_and(|f| f.reads_to_end());
        let fault_near = |f: &LexFault| match f.error {
            LexError::UnbalancedQuotes if !rest.is_empty() && !f.in_parens => Near::EndOfLine,
            _ => Near::Nothing,
        };
        // A NUL is a token, and BIND names the line of the token read before it; the other
        // faults are met while scanning, on the line the scan had reached.
        let fault_line = |f: &LexFault, k: usize| {
            if f.error == LexError::Nul {
                line_before(k)
            } else {
                f.line
            }
        };
        match (parsed, entry.fault) {
            (Ok(()), Some(f)) if reads_to_end && !rest.is_empty() => {
                return Err(rdata_error(
                    RdataError::Lex(f.error),
                    fault_near(&f),
                    fault_line(&f, rest.len()),
                ))
            }
            // BIND's check for the end of the rdata meets the NUL's token.
            (Ok(()), Some(f)) if f.error == LexError::Nul => {
                return Err(rdata_error(
                    RdataError::Trailing,
                    Near::Nothing,
                    line_before(rest.len()),
                ))
            }
            (Ok(()), Some(f)) => {
                return Err(rdata_error(
                    RdataError::Lex(f.error),
                    Near::Nothing,
                    line_before(rest.len()),
                ))
            }
            (Ok(()), None) => {}
            (Err(fail), fault) => {
                let (error, near, line) = match (rest.get(fail.next), fault) {
                    (Some(t), _) => {
                        let near = if t.quoted {
                            Near::Quoted
                        } else {
                            Near::Token(text_of(buf, t))
                        };
                        (fail.error, near, line_before(fail.next))
                    }
                    // The parser wanted more and met the fault: the fault is the error. After
                    // a quote left open, the rest of its line is what BIND reads next.
                    (None, Some(f)) if needs_more(&fail.error) => (
                        RdataError::Lex(f.error),
                        fault_near(&f),
                        fault_line(&f, fail.next),
                    ),
                    (None, Some(_)) => (fail.error, Near::Nothing, line_before(fail.next)),
                    (None, None) => {
                        let near = if entry.at_eof {
                            Near::EndOfFile
                        } else {
                            Near::EndOfLine
                        };
                        (fail.error, near, line_before(fail.next))
                    }
                };
                return Err(rdata_error(error, near, line));
            }
        }
        if self.rdata.len() > MAX_RDATASET_OCTETS {
            return Err(self.err(ZoneErrorKind::RdataTooLarge));
        }
        let ttl = match ttl {
            Some(t) => {
                self.last_ttl = Some(t);
                t
            }
            None => self.default_ttl(rtype)?,
        };
        if entry.at_eof && fixed.is_none() {
            self.warn(WarningKind::NoFinalNewline);
        }
        self.loader_owner.record(rtype, &self.rdata);
        Ok(Some((ttl, self.class, rtype)))
    }

    /// A TTL above 2^31-1 becomes 0 (RFC 2181 section 8), with BIND's warning (which says
    /// `$TTL` for record TTLs too).
    fn capped(&mut self, v: u32) -> Ttl {
        if v > Ttl::MAX.0 {
            self.warn(WarningKind::TtlAboveMax(v));
            return Ttl(0);
        }
        Ttl(v)
    }

    /// The TTL of a record written without one (RFC 2308 section 4, BIND's loader): `$TTL`;
    /// else the last TTL seen (RFC 1035 semantics, warned once); else, for the SOA, its
    /// MINIMUM field, which then serves as the default like a `$TTL` would.
    fn default_ttl(&mut self, rtype: RrType) -> Result<Ttl, ZoneError> {
        if let Some(t) = self.dollar_ttl {
            return Ok(t);
        }
        if let Some(t) = self.last_ttl {
            if !self.rfc1035_warned {
                self.rfc1035_warned = true;
                self.warn(WarningKind::Rfc1035Ttl);
            }
            return Ok(t);
        }
        if rtype == RrType::SOA && self.rdata.len() >= 4 {
            let m = &self.rdata[self.rdata.len() - 4..];
            let t = Ttl(u32::from_be_bytes([m[0], m[1], m[2], m[3]]));
            self.dollar_ttl = Some(t);
            self.warn(WarningKind::SoaMinimumTtl);
            return Ok(t);
        }
        Err(self.err(ZoneErrorKind::NoTtl))
    }

    /// Sets the current owner, reusing the previous one when the text names it again (the
    /// common case of several records per owner) so that no allocation is made.
    fn set_owner(&mut self, buf: &[u8], t: &Token) -> Result<(), ZoneError> {
        let text = t.text(buf);
        if text == b"@" && !t.quoted {
            self.owner = Some(
                self.origin
                    .clone()
                    .ok_or_else(|| self.err(ZoneErrorKind::NoOrigin))?,
            );
            return Ok(());
        }
        let mut wire = std::mem::take(&mut self.scratch);
        wire.clear();
        let parsed = parse_name_into(text, self.origin.as_ref(), &mut wire);
        let result = match parsed {
            Ok(())
                if self
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.as_wire() == wire.as_slice()) =>
            {
                Ok(())
            }
            Ok(()) => match Name::from_wire(&wire) {
                Ok(n) => {
                    self.owner = Some(n);
                    Ok(())
                }
                Err(reason) => Err(self.err(ZoneErrorKind::BadOwner {
                    text: text_of(buf, t),
                    reason,
                })),
            },
            Err(NameError::NoOrigin) => Err(self.err(ZoneErrorKind::NoOrigin)),
            Err(reason) => Err(self.err(ZoneErrorKind::BadOwner {
                text: text_of(buf, t),
                reason,
            })),
        };
        self.scratch = wire;
        result
    }

    fn name(&self, buf: &[u8], t: &Token) -> Result<Name, ZoneError> {
        let text = t.text(buf);
        if text == b"@" && !t.quoted {
            return self
                .origin
                .clone()
                .ok_or_else(|| self.err(ZoneErrorKind::NoOrigin));
        }
        let mut wire = Vec::new();
        let bad = |reason| {
            self.err(ZoneErrorKind::BadOwner {
                text: text_of(buf, t),
                reason,
            })
        };
        match parse_name_into(text, self.origin.as_ref(), &mut wire) {
            Ok(()) => Name::from_wire(&wire).map_err(bad),
            Err(NameError::NoOrigin) => Err(self.err(ZoneErrorKind::NoOrigin)),
            Err(reason) => Err(bad(reason)),
        }
    }
}

/// True for the rdata errors that mean the parser wanted another token.
fn needs_more(e: &RdataError) -> bool {
    matches!(
        e,
        RdataError::Missing { .. }
            | RdataError::GenericLength
            | RdataError::Bad {
                problem: Problem::Truncated,
                ..
            }
    )
}

impl Iterator for Reader {
    type Item = Result<Record, ZoneError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_ref().map(|r| r.map(|r| r.to_record()))
    }
}
