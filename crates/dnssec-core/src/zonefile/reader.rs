//! Streaming zone-file reader (RFC 1035 section 5.1 with RFC 2308 section 4 `$TTL` and
//! BIND's `$GENERATE`): directives, owner/TTL/class inheritance, and records in file order.

use std::path::Path;
use std::sync::Arc;

use super::error::{Warning, ZoneError, ZoneErrorKind};
use super::generate;
use super::lexer::{Entry, Lexer, Token};
use super::record::Record;
use crate::error::Location;
use crate::name::parse_name_into;
use crate::name::Name;
use crate::name::NameError;
use crate::rr::rdata::{self, text::parse_period};
use crate::rr::{Class, RrType, Ttl};

/// How deep `$INCLUDE` may nest before it is taken for a loop.
const MAX_INCLUDE_DEPTH: usize = 20;

struct Source {
    buf: Arc<[u8]>,
    /// Where this source ends in `buf` (all of it, but for a part of a file cut for
    /// parallel reading).
    end: usize,
    lexer: Lexer,
    file: Arc<str>,
    /// Origin and owner to restore when this source ends (RFC 1035 section 5.1: `$INCLUDE`
    /// does not change the including file's origin).
    saved: Option<(Option<Name>, Option<Name>)>,
    /// For `$GENERATE` text: every record reports the directive's line.
    fixed_line: Option<u32>,
}

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

/// A part of a zone file cut for parallel reading (see `Reader::split`).
pub(crate) struct Part {
    buf: Arc<[u8]>,
    file: Arc<str>,
    range: std::ops::Range<usize>,
    line: u32,
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
}

fn text_of(buf: &[u8], t: &Token) -> String {
    String::from_utf8_lossy(t.text(buf)).into_owned()
}

impl Reader {
    /// Opens `path` (the label in messages is the path as given). `origin` is the zone name,
    /// which relative names and `@` use until a `$ORIGIN`.
    pub fn from_path(path: impl AsRef<Path>, origin: Option<Name>) -> Result<Reader, ZoneError> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let buf = std::fs::read(path).map_err(|e| ZoneError {
            location: None,
            kind: ZoneErrorKind::Io {
                path: label.clone(),
                reason: io_reason(&e),
            },
        })?;
        Ok(Reader::from_bytes(buf, &label, origin))
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
            sources: vec![Source {
                end: buf.len(),
                buf: buf.into(),
                lexer: Lexer::new(),
                file: file.clone(),
                saved: None,
                fixed_line: None,
            }],
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
        if src.lexer.line() != 1 || src.saved.is_some() || src.fixed_line.is_some() {
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
                    buf: buf.clone(),
                    file: file.clone(),
                    range,
                    line,
                })
                .collect(),
        )
    }

    /// A reader for `part`, in the state this reader is in (origin, TTL defaults, class),
    /// which is the state at the part's start when this reader has read what comes before.
    pub(crate) fn part(&self, part: Part) -> Reader {
        Reader {
            sources: vec![Source {
                buf: part.buf,
                end: part.range.end,
                lexer: Lexer::at(part.range.start, part.line),
                file: part.file.clone(),
                saved: None,
                fixed_line: None,
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
        }
    }

    /// True when no record of this reader's input takes its TTL from the one before it
    /// (a `$TTL` is in force), so parts that follow can be read independently.
    pub(crate) fn has_default_ttl(&self) -> bool {
        self.dollar_ttl.is_some()
    }

    /// The current origin (changed by `$ORIGIN`).
    pub fn origin(&self) -> Option<&Name> {
        self.origin.as_ref()
    }

    fn err(&self, kind: ZoneErrorKind) -> ZoneError {
        ZoneError::at(
            Location {
                file: self.cur_file.clone(),
                line: self.cur_line,
            },
            kind,
        )
    }

    fn warn(&mut self, message: String) {
        let location = Location {
            file: self.cur_file.clone(),
            line: self.cur_line,
        };
        self.warnings.push(Warning { location, message });
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
            let entry = match next {
                None => {
                    if let Some(done) = self.sources.pop() {
                        if let Some((origin, owner)) = done.saved {
                            self.origin = origin;
                            self.owner = owner;
                        }
                    }
                    continue;
                }
                Some(Err((line, e))) => {
                    self.cur_line = fixed.unwrap_or(line);
                    return Some(Err(self.err(ZoneErrorKind::Lex(e))));
                }
                Some(Ok(e)) => e,
            };
            self.cur_line = fixed.unwrap_or(entry.line);
            match self.entry(&buf, entry) {
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
    ) -> Result<Option<(Ttl, Class, RrType)>, ZoneError> {
        let tokens = std::mem::take(&mut self.tokens);
        let result = self.entry_tokens(buf, entry, &tokens);
        self.tokens = tokens;
        result
    }

    fn entry_tokens(
        &mut self,
        buf: &[u8],
        entry: Entry,
        tokens: &[Token],
    ) -> Result<Option<(Ttl, Class, RrType)>, ZoneError> {
        let first = tokens
            .first()
            .ok_or_else(|| self.err(ZoneErrorKind::MissingType))?;
        let first_text = first.text(buf);
        if !entry.owner_blank && !first.quoted && first_text.first() == Some(&b'$') {
            self.directive(buf, tokens)?;
            return Ok(None);
        }
        let mut i = 0;
        if !entry.owner_blank {
            self.set_owner(buf, first)?;
            i = 1;
        } else if self.owner.is_none() {
            return Err(self.err(ZoneErrorKind::NoOrigin));
        }
        let mut ttl: Option<Ttl> = None;
        let mut class: Option<Class> = None;
        let rtype = loop {
            let t = tokens
                .get(i)
                .ok_or_else(|| self.err(ZoneErrorKind::MissingType))?;
            let text = t.text(buf);
            i += 1;
            if ttl.is_none() && text.first().is_some_and(u8::is_ascii_digit) {
                let v = parse_period(text)
                    .ok_or_else(|| self.err(ZoneErrorKind::BadTtl(text_of(buf, t))))?;
                ttl = Some(self.capped(v));
                continue;
            }
            let s = std::str::from_utf8(text).unwrap_or("");
            if class.is_none() {
                if let Some(c) = Class::from_mnemonic(s) {
                    class = Some(c);
                    continue;
                }
            }
            break RrType::from_mnemonic(s)
                .ok_or_else(|| self.err(ZoneErrorKind::UnknownType(text_of(buf, t))))?;
        };
        if let Some(c) = class {
            if c != self.class {
                return Err(self.err(ZoneErrorKind::ClassMismatch(c.to_string())));
            }
        }
        self.rdata.clear();
        rdata::parse_tokens(
            rtype,
            buf,
            &tokens[i..],
            self.origin.as_ref(),
            &mut self.rdata,
        )
        .map_err(|error| self.err(ZoneErrorKind::Rdata { rtype, error }))?;
        let ttl = match ttl {
            Some(t) => {
                self.last_ttl = Some(t);
                t
            }
            None => self.default_ttl(rtype)?,
        };
        Ok(Some((ttl, self.class, rtype)))
    }

    /// A TTL above 2^31-1 becomes 0 (RFC 2181 section 8), with BIND's warning (which says
    /// `$TTL` for record TTLs too).
    fn capped(&mut self, v: u32) -> Ttl {
        if v > Ttl::MAX.0 {
            self.warn(format!("$TTL {v} > MAXTTL, setting $TTL to 0"));
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
                self.warn("using RFC1035 TTL semantics".to_string());
            }
            return Ok(t);
        }
        if rtype == RrType::SOA && self.rdata.len() >= 4 {
            let m = &self.rdata[self.rdata.len() - 4..];
            let t = Ttl(u32::from_be_bytes([m[0], m[1], m[2], m[3]]));
            self.dollar_ttl = Some(t);
            self.warn("no TTL specified; using SOA MINTTL instead".to_string());
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
        let s = std::str::from_utf8(text).map_err(|_| {
            self.err(ZoneErrorKind::BadOwner {
                text: text_of(buf, t),
                reason: crate::name::NameError::BadEscape,
            })
        })?;
        Name::parse(s, self.origin.as_ref()).map_err(|reason| match reason {
            crate::name::NameError::NoOrigin => self.err(ZoneErrorKind::NoOrigin),
            reason => self.err(ZoneErrorKind::BadOwner {
                text: s.to_string(),
                reason,
            }),
        })
    }

    fn directive(&mut self, buf: &[u8], tokens: &[Token]) -> Result<(), ZoneError> {
        let name = tokens[0].text(buf).to_ascii_uppercase();
        let arg = |i: usize, d: &'static str| {
            tokens.get(i).ok_or_else(|| {
                self.err(ZoneErrorKind::BadDirective {
                    directive: d,
                    detail: "missing argument".to_string(),
                })
            })
        };
        let extra = |n: usize, d: &'static str| {
            if tokens.len() > n {
                Err(self.err(ZoneErrorKind::BadDirective {
                    directive: d,
                    detail: "extra arguments".to_string(),
                }))
            } else {
                Ok(())
            }
        };
        match name.as_slice() {
            b"$ORIGIN" => {
                let t = arg(1, "$ORIGIN")?;
                extra(2, "$ORIGIN")?;
                let n = self.name(buf, t)?;
                self.origin = Some(n);
            }
            b"$TTL" => {
                let t = arg(1, "$TTL")?;
                extra(2, "$TTL")?;
                let v = parse_period(t.text(buf))
                    .ok_or_else(|| self.err(ZoneErrorKind::BadTtl(text_of(buf, t))))?;
                let v = self.capped(v);
                self.dollar_ttl = Some(v);
                self.last_ttl = Some(v);
            }
            b"$INCLUDE" => {
                let t = arg(1, "$INCLUDE")?;
                extra(3, "$INCLUDE")?;
                let new_origin = match tokens.get(2) {
                    Some(o) => Some(self.name(buf, o)?),
                    None => self.origin.clone(),
                };
                if self.sources.len() >= MAX_INCLUDE_DEPTH {
                    return Err(self.err(ZoneErrorKind::IncludeDepth));
                }
                let mut raw = Vec::new();
                rdata::encoding::unescape(t.text(buf), &mut raw);
                let path = String::from_utf8_lossy(&raw).into_owned();
                let data = std::fs::read(&path).map_err(|e| {
                    self.err(ZoneErrorKind::Io {
                        path: path.clone(),
                        reason: io_reason(&e),
                    })
                })?;
                let saved = Some((self.origin.clone(), self.owner.clone()));
                self.origin = new_origin;
                self.sources.push(Source {
                    end: data.len(),
                    buf: data.into(),
                    lexer: Lexer::new(),
                    file: Arc::from(path.as_str()),
                    saved,
                    fixed_line: None,
                });
            }
            b"$GENERATE" => {
                let text = generate::expand(buf, &tokens[1..]).map_err(|detail| {
                    self.err(ZoneErrorKind::BadDirective {
                        directive: "$GENERATE",
                        detail,
                    })
                })?;
                let line = self.cur_line;
                let file = self.cur_file.clone();
                self.sources.push(Source {
                    end: text.len(),
                    buf: text.into_bytes().into(),
                    lexer: Lexer::new(),
                    file,
                    saved: None,
                    fixed_line: Some(line),
                });
            }
            _ => return Err(self.err(ZoneErrorKind::UnknownDirective(text_of(buf, &tokens[0])))),
        }
        Ok(())
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

impl Iterator for Reader {
    type Item = Result<Record, ZoneError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_ref().map(|r| r.map(|r| r.to_record()))
    }
}
