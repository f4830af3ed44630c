//! named.conf text as a tree: words and quoted strings, `{ ... }` blocks, statements ended by
//! `;`, comments in the three forms named accepts, and `include` followed as named follows
//! it (docs/bind-compat.md, "keymgr: policies"). What the statements mean is for the
//! modules above; every statement this reader does not use is kept as a tree and ignored.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::problem::{ConfigError, ConfigMessage, ConfigProblem, Near};
use crate::error::Location;

/// How deep `include` may nest: far beyond real configurations, and a loop stops here.
const MAX_INCLUDE_DEPTH: usize = 32;

/// How deep `{ }` blocks may nest (named.conf needs three or four levels); deeper input is
/// refused rather than followed down the stack.
const MAX_BLOCK_DEPTH: usize = 64;

/// The largest file the reader takes (named.conf files with 10,000 zones are a few MB).
const MAX_FILE_BYTES: u64 = 256 << 20;

/// One word or quoted string with the line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) quoted: bool,
    pub(super) location: Location,
}

impl Word {
    /// The word as a syntax message quotes it: named shows a quoted string as its opening
    /// quote alone.
    pub(super) fn near(&self) -> Near {
        Near::Token(if self.quoted {
            "\"".to_string()
        } else {
            self.text.clone()
        })
    }
}

/// A part of a statement.
#[derive(Clone, Debug)]
pub(super) enum Item {
    Word(Word),
    Block(Block),
}

/// `{ statement; ... }`.
#[derive(Clone, Debug)]
pub(super) struct Block {
    pub(super) statements: Vec<Statement>,
    /// Where the `{` is.
    pub(super) open: Location,
}

/// Everything up to a `;` at the same depth.
#[derive(Clone, Debug)]
pub(super) struct Statement {
    pub(super) items: Vec<Item>,
    /// The first word's location.
    pub(super) location: Location,
    /// Where the `;` is.
    pub(super) end: Location,
}

impl Statement {
    /// The first word in lower case (every statement starts with one; named takes
    /// statement and option names in any case).
    pub(super) fn keyword(&self) -> String {
        match self.items.first() {
            Some(Item::Word(w)) if !w.quoted => w.text.to_ascii_lowercase(),
            _ => String::new(),
        }
    }

    /// The word at `i`, if that item is one.
    pub(super) fn word(&self, i: usize) -> Option<&Word> {
        match self.items.get(i) {
            Some(Item::Word(w)) => Some(w),
            _ => None,
        }
    }

    /// The first block of the statement, if any.
    pub(super) fn block(&self) -> Option<&Block> {
        self.items.iter().find_map(|i| match i {
            Item::Block(b) => Some(b),
            _ => None,
        })
    }

    /// What a syntax message quotes for item `i`, or the `;` that ends the statement.
    pub(super) fn near(&self, i: usize) -> (Location, Near) {
        match self.items.get(i) {
            Some(Item::Word(w)) => (w.location.clone(), w.near()),
            Some(Item::Block(b)) => (b.open.clone(), Near::Token("{".into())),
            None => (self.end.clone(), Near::Token(";".into())),
        }
    }
}

/// A token of the lexer.
#[derive(Debug)]
enum Token {
    Word(Word),
    Open(Location),
    Close(Location),
    Semi(Location),
}

/// Splits one file's text into tokens, with line numbers.
fn lex(text: &str, file: &Arc<str>) -> Result<Vec<Token>, ConfigError> {
    let at = |line: u32| Location {
        file: file.clone(),
        line,
    };
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            c if c.is_whitespace() => {}
            '#' => skip_line(&mut chars, &mut line),
            '/' if chars.peek() == Some(&'/') => skip_line(&mut chars, &mut line),
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                loop {
                    let Some(c) = chars.next() else {
                        return Err(ConfigError::one(at(line), ConfigProblem::UnexpectedEnd));
                    };
                    if c == '\n' {
                        line += 1;
                    }
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            '{' => out.push(Token::Open(at(line))),
            '}' => out.push(Token::Close(at(line))),
            ';' => out.push(Token::Semi(at(line))),
            '"' => {
                let start = line;
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => {
                            return Err(ConfigError::one(at(line), ConfigProblem::UnexpectedEnd))
                        }
                        Some('"') => break,
                        Some('\\') => {
                            if let Some(n) = chars.next() {
                                if n == '\n' {
                                    line += 1;
                                }
                                s.push(n);
                            }
                        }
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            s.push(c);
                        }
                    }
                }
                out.push(Token::Word(Word {
                    text: s,
                    quoted: true,
                    location: at(start),
                }));
            }
            _ => {
                let mut s = c.to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || matches!(n, '{' | '}' | ';' | '"') {
                        break;
                    }
                    if n == '/' || n == '#' {
                        // A comment may follow a word directly.
                        let mut ahead = chars.clone();
                        ahead.next();
                        if n == '#' || matches!(ahead.peek(), Some('/') | Some('*')) {
                            break;
                        }
                    }
                    s.push(n);
                    chars.next();
                }
                out.push(Token::Word(Word {
                    text: s,
                    quoted: false,
                    location: at(line),
                }));
            }
        }
    }
    Ok(out)
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, line: &mut u32) {
    for c in chars.by_ref() {
        if c == '\n' {
            *line += 1;
            break;
        }
    }
}

/// The line count a file ends on, as named reports "end of file".
fn last_line(text: &str) -> u32 {
    u32::try_from(text.bytes().filter(|&b| b == b'\n').count())
        .unwrap_or(u32::MAX - 1)
        .saturating_add(1)
}

/// Reads files into statement trees, following `include`.
pub(super) struct Reader {
    /// Where relative `include` names and the `directory` option are resolved: the process's
    /// working directory at first (the empty path), then `directory` once options set it.
    pub(super) base: PathBuf,
    /// named (and named-checkconf) change into `directory` as they read it; dnssec-keygen
    /// does not, so its includes stay relative to the working directory.
    follow_directory: bool,
    depth: usize,
    blocks: usize,
}

impl Reader {
    pub(super) fn new(follow_directory: bool) -> Reader {
        Reader {
            base: PathBuf::new(),
            follow_directory,
            depth: 0,
            blocks: 0,
        }
    }

    /// The top-level statements of `text`, read from `file`, includes spliced in.
    pub(super) fn read(&mut self, text: &str, file: &Path) -> Result<Vec<Statement>, ConfigError> {
        let name: Arc<str> = crate::error::path_text(file).into();
        let tokens = lex(text, &name)?;
        let eof = Location {
            file: name.clone(),
            line: last_line(text),
        };
        let mut pos = 0;
        let statements = self.statements(&tokens, &mut pos, &eof, true)?;
        Ok(statements)
    }

    /// Statements until a `}` (left for the caller) or the end of the tokens.
    fn statements(
        &mut self,
        tokens: &[Token],
        pos: &mut usize,
        eof: &Location,
        top: bool,
    ) -> Result<Vec<Statement>, ConfigError> {
        let mut out = Vec::new();
        loop {
            match tokens.get(*pos) {
                None => return Ok(out),
                Some(Token::Close(at)) => {
                    if top {
                        return Err(ConfigError::one(
                            at.clone(),
                            ConfigProblem::SyntaxError(Near::Token("}".into())),
                        ));
                    }
                    return Ok(out);
                }
                Some(Token::Semi(at)) => {
                    // named has no empty statement.
                    let problem = if top {
                        ConfigProblem::SyntaxError(Near::Token(";".into()))
                    } else {
                        ConfigProblem::CloseBraceExpected(Near::Token(";".into()))
                    };
                    return Err(ConfigError::one(at.clone(), problem));
                }
                Some(Token::Open(at)) => {
                    return Err(ConfigError::one(
                        at.clone(),
                        ConfigProblem::Unexpected("{".into()),
                    ))
                }
                Some(Token::Word(_)) => {
                    let st = self.statement(tokens, pos, eof)?;
                    if st.keyword() == "include" {
                        out.extend(self.include(&st)?);
                        continue;
                    }
                    if top && self.follow_directory && st.keyword() == "options" {
                        self.note_directory(&st)?;
                    }
                    out.push(st);
                }
            }
        }
    }

    /// One statement: words and blocks up to its `;`.
    fn statement(
        &mut self,
        tokens: &[Token],
        pos: &mut usize,
        eof: &Location,
    ) -> Result<Statement, ConfigError> {
        let mut items = Vec::new();
        let location = match tokens.get(*pos) {
            Some(Token::Word(w)) => w.location.clone(),
            _ => eof.clone(),
        };
        loop {
            match tokens.get(*pos) {
                None => {
                    return Err(ConfigError::one(
                        eof.clone(),
                        ConfigProblem::MissingSemicolon(Near::EndOfFile),
                    ))
                }
                Some(Token::Word(w)) => {
                    items.push(Item::Word(w.clone()));
                    *pos += 1;
                }
                Some(Token::Semi(at)) => {
                    *pos += 1;
                    return Ok(Statement {
                        items,
                        location,
                        end: at.clone(),
                    });
                }
                Some(Token::Close(at)) => {
                    return Err(ConfigError::one(
                        at.clone(),
                        ConfigProblem::MissingSemicolon(Near::Token("}".into())),
                    ))
                }
                Some(Token::Open(open)) => {
                    let open = open.clone();
                    if self.blocks >= MAX_BLOCK_DEPTH {
                        return Err(ConfigError::one(open, ConfigProblem::TooDeep));
                    }
                    *pos += 1;
                    self.blocks += 1;
                    let statements = self.statements(tokens, pos, eof, false);
                    self.blocks -= 1;
                    let statements = statements?;
                    match tokens.get(*pos) {
                        Some(Token::Close(_)) => {
                            *pos += 1;
                            items.push(Item::Block(Block { statements, open }));
                        }
                        _ => {
                            return Err(ConfigError::one(
                                eof.clone(),
                                ConfigProblem::CloseBraceExpected(Near::EndOfFile),
                            ))
                        }
                    }
                }
            }
        }
    }

    /// `include "file";`: the file's statements, read relative to the current base.
    fn include(&mut self, st: &Statement) -> Result<Vec<Statement>, ConfigError> {
        let Some(path) = st.word(1).filter(|_| st.items.len() == 2) else {
            let (at, near) = st.near(1);
            return Err(ConfigError::one(
                at,
                ConfigProblem::Expected {
                    what: "quoted string",
                    near,
                },
            ));
        };
        if self.depth >= MAX_INCLUDE_DEPTH {
            return Err(ConfigError::one(
                st.location.clone(),
                ConfigProblem::IncludeTooDeep,
            ));
        }
        let full = self.base.join(&path.text);
        let text = read_bounded(&full).map_err(|why| {
            ConfigError::one(st.location.clone(), ConfigProblem::IncludeFailed(why))
        })?;
        self.depth += 1;
        let read = self.read(&text, Path::new(&path.text));
        self.depth -= 1;
        read
    }

    /// named changes into `directory` as soon as it reads it: later relative includes (and
    /// every relative path of the zones) are under it.
    fn note_directory(&mut self, options: &Statement) -> Result<(), ConfigError> {
        let Some(block) = options.block() else {
            return Ok(());
        };
        for st in &block.statements {
            if st.keyword() == "directory" {
                if let Some(dir) = st.word(1) {
                    let next = self.base.join(&dir.text);
                    // named cannot start where it cannot change into the directory.
                    if !next.is_dir() {
                        let why = if next.exists() {
                            "not a directory"
                        } else {
                            "file not found"
                        };
                        return Err(ConfigError {
                            errors: vec![
                                ConfigMessage {
                                    location: dir.location.clone(),
                                    problem: ConfigProblem::ChangeDirectory {
                                        directory: dir.text.clone(),
                                        why,
                                    },
                                },
                                ConfigMessage {
                                    location: dir.location.clone(),
                                    problem: ConfigProblem::IncludeFailed(why.to_string()),
                                },
                            ],
                            warnings: Vec::new(),
                        });
                    }
                    self.base = next;
                }
            }
        }
        Ok(())
    }
}

/// A file's text, refused beyond [`MAX_FILE_BYTES`]; the reason worded as named words the
/// common one.
pub(super) fn read_bounded(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "file not found".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err("file too large".to_string());
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Statement>, ConfigError> {
        Reader::new(true).read(text, Path::new("t.conf"))
    }

    #[test]
    fn statements_blocks_and_comments() {
        let st = read(
            "// c\noptions { directory \"/\"; /* a\nb */ };\n# c\nzone \"a\" in { type primary; };\n",
        )
        .unwrap();
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].keyword(), "options");
        assert_eq!(st[1].location.line, 5);
        assert_eq!(st[1].word(1).unwrap().text, "a");
        assert!(st[1].word(1).unwrap().quoted);
        assert_eq!(st[1].block().unwrap().statements[0].keyword(), "type");
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = read("options { a 1 };").unwrap_err();
        assert_eq!(e.to_string(), "t.conf:1: missing ';' before '}'");
        let e = read("options {\n a 1;\n").unwrap_err();
        assert_eq!(e.to_string(), "t.conf:3: '}' expected near end of file");
        let e = read("a /* x\n\n").unwrap_err();
        assert_eq!(e.to_string(), "t.conf:3: unexpected end of input ");
        let e = read("a \"x\n").unwrap_err();
        assert_eq!(e.to_string(), "t.conf:2: unexpected end of input ");
        let e = read("a;\n};").unwrap_err();
        assert_eq!(e.to_string(), "t.conf:2: syntax error near '}'");
        let e = read("a {\n};\nb\n").unwrap_err();
        assert_eq!(e.to_string(), "t.conf:4: missing ';' before end of file");
        let e = read("a; ;").unwrap_err();
        assert_eq!(e.to_string(), "t.conf:1: syntax error near ';'");
        let e = read("a {\n b;; };").unwrap_err();
        assert_eq!(e.to_string(), "t.conf:2: '}' expected near ';'");
        let deep = format!("a {} {};", "{ b ".repeat(100_000), "}; ".repeat(100_000));
        let e = read(&deep).unwrap_err();
        assert_eq!(e.to_string(), "t.conf:1: blocks nested too deeply");
    }
}
