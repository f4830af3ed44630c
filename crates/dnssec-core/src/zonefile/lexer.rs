//! The master-file tokenizer of RFC 1035 section 5.1: whitespace-separated tokens, `;`
//! comments, `"` quoted strings, backslash escapes, and `(` `)` that let one entry span
//! several lines. It works on a byte buffer and hands out token spans, so nothing is copied;
//! escapes are left in the token text for the field parsers to interpret.

use std::fmt;

/// One token of an entry: a span of the input buffer (quotes excluded) and its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Start offset in the buffer.
    pub start: usize,
    /// End offset (exclusive) in the buffer.
    pub end: usize,
    /// True when the token was written as a `"quoted string"` (RFC 1035 section 5.1).
    pub quoted: bool,
    /// The 1-based line the token is on.
    pub line: u32,
}

impl Token {
    /// The token's raw text, escapes still in place.
    pub fn text<'a>(&self, buf: &'a [u8]) -> &'a [u8] {
        buf.get(self.start..self.end).unwrap_or(&[])
    }
}

/// The shape of one logical entry (RFC 1035 section 5.1: a line, or several joined by
/// parentheses).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The line the entry starts on.
    pub line: u32,
    /// True when the entry started with whitespace, so its owner is the previous one.
    pub owner_blank: bool,
}

/// Why the input could not be split into tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LexError {
    /// A `)` without `(`, or the input ended inside parentheses.
    UnbalancedParentheses,
    /// A quoted string not closed on its line.
    UnbalancedQuotes,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LexError::UnbalancedParentheses => "unbalanced parentheses",
            LexError::UnbalancedQuotes => "unbalanced quotes",
        })
    }
}

impl std::error::Error for LexError {}

/// A cursor over one buffer. It keeps only positions, so its owner can hold the buffer.
#[derive(Clone, Debug)]
pub struct Lexer {
    pos: usize,
    line: u32,
}

impl Default for Lexer {
    fn default() -> Self {
        Lexer::new()
    }
}

impl Lexer {
    /// A lexer at the start of a buffer, on line 1.
    pub fn new() -> Lexer {
        Lexer { pos: 0, line: 1 }
    }

    /// A lexer at offset `pos` of a buffer, which is on line `line` (for reading a part of
    /// a file that starts at an entry).
    pub(crate) fn at(pos: usize, line: u32) -> Lexer {
        Lexer { pos, line }
    }

    /// The current line (where the next entry will be looked for).
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Reads the next non-empty entry into `tokens` (cleared first). Returns `None` at the end
    /// of the buffer. On error the error line is returned with it, and the lexer has skipped
    /// to the next line so that a caller could carry on.
    pub fn next_entry(
        &mut self,
        buf: &[u8],
        tokens: &mut Vec<Token>,
    ) -> Option<Result<Entry, (u32, LexError)>> {
        tokens.clear();
        loop {
            if self.pos >= buf.len() {
                return None;
            }
            let start_line = self.line;
            let owner_blank = matches!(buf[self.pos], b' ' | b'\t');
            match self.scan_entry(buf, tokens) {
                Ok(()) => {
                    if tokens.is_empty() {
                        continue;
                    }
                    return Some(Ok(Entry {
                        line: start_line,
                        owner_blank,
                    }));
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }

    fn scan_entry(&mut self, buf: &[u8], tokens: &mut Vec<Token>) -> Result<(), (u32, LexError)> {
        let mut depth = 0u32;
        let mut open_line = self.line;
        while self.pos < buf.len() {
            let c = buf[self.pos];
            match c {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b';' => {
                    while self.pos < buf.len() && buf[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                b'(' => {
                    if depth == 0 {
                        open_line = self.line;
                    }
                    depth += 1;
                    self.pos += 1;
                }
                b')' => {
                    if depth == 0 {
                        let line = self.line;
                        self.skip_line(buf);
                        return Err((line, LexError::UnbalancedParentheses));
                    }
                    depth -= 1;
                    self.pos += 1;
                }
                b'"' => {
                    let line = self.line;
                    let start = self.pos + 1;
                    let mut i = start;
                    loop {
                        match buf.get(i) {
                            None | Some(b'\n') => {
                                self.pos = i;
                                self.skip_line(buf);
                                return Err((line, LexError::UnbalancedQuotes));
                            }
                            Some(b'\\') => i += 2,
                            Some(b'"') => break,
                            Some(_) => i += 1,
                        }
                    }
                    tokens.push(Token {
                        start,
                        end: i,
                        quoted: true,
                        line,
                    });
                    self.pos = i + 1;
                }
                _ => {
                    let start = self.pos;
                    let mut i = start;
                    while i < buf.len() {
                        match buf[i] {
                            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b')' | b'"' => break,
                            b'\\' => {
                                // An escaped newline would end the entry mid-token; keep it out.
                                if buf.get(i + 1).is_some_and(|&n| n != b'\n') {
                                    i += 2;
                                } else {
                                    i += 1;
                                }
                            }
                            _ => i += 1,
                        }
                    }
                    let end = i.min(buf.len());
                    tokens.push(Token {
                        start,
                        end,
                        quoted: false,
                        line: self.line,
                    });
                    self.pos = end;
                }
            }
        }
        if depth > 0 {
            return Err((open_line, LexError::UnbalancedParentheses));
        }
        Ok(())
    }

    fn skip_line(&mut self, buf: &[u8]) {
        while self.pos < buf.len() && buf[self.pos] != b'\n' {
            self.pos += 1;
        }
        if self.pos < buf.len() {
            self.pos += 1;
            self.line += 1;
        }
    }
}

/// Splits a whole string into tokens as one entry (newlines count as spaces), the way a
/// caller with a single rdata text wants it.
pub fn tokenize_all(buf: &[u8]) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer::new();
    let mut all = Vec::new();
    let mut tokens = Vec::new();
    while let Some(entry) = lexer.next_entry(buf, &mut tokens) {
        entry.map_err(|(_, e)| e)?;
        all.extend_from_slice(&tokens);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(text: &str) -> Vec<(Entry, Vec<String>)> {
        let buf = text.as_bytes();
        let mut lexer = Lexer::new();
        let mut out = Vec::new();
        let mut toks = Vec::new();
        while let Some(e) = lexer.next_entry(buf, &mut toks) {
            let e = e.unwrap();
            let words = toks
                .iter()
                .map(|t| {
                    let s = String::from_utf8_lossy(t.text(buf)).into_owned();
                    if t.quoted {
                        format!("\"{s}\"")
                    } else {
                        s
                    }
                })
                .collect();
            out.push((e, words));
        }
        out
    }

    #[test]
    fn splits_entries_with_parentheses_comments_and_quotes() {
        let got = entries(
            "; only a comment\n\n@ IN SOA a b (1 ; serial\n 2 3\n 4 5 )\n  TXT \"a b;c\" x\\ y\n",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].0,
            Entry {
                line: 3,
                owner_blank: false
            }
        );
        assert_eq!(
            got[0].1,
            ["@", "IN", "SOA", "a", "b", "1", "2", "3", "4", "5"]
        );
        assert_eq!(
            got[1].0,
            Entry {
                line: 6,
                owner_blank: true
            }
        );
        assert_eq!(got[1].1, ["TXT", "\"a b;c\"", "x\\ y"]);
    }

    #[test]
    fn reports_unbalanced_input() {
        let mut lexer = Lexer::new();
        let mut toks = Vec::new();
        let buf = b"a A 1 )\nb A (1\n";
        assert_eq!(
            lexer.next_entry(buf, &mut toks),
            Some(Err((1, LexError::UnbalancedParentheses)))
        );
        assert_eq!(
            lexer.next_entry(buf, &mut toks),
            Some(Err((2, LexError::UnbalancedParentheses)))
        );
        let mut lexer = Lexer::new();
        assert_eq!(
            lexer.next_entry(b"\n\"abc\n", &mut toks),
            Some(Err((2, LexError::UnbalancedQuotes)))
        );
    }
}
