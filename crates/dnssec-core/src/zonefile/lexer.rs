//! The master-file tokenizer of RFC 1035 section 5.1: whitespace-separated tokens, `;`
//! comments, `"` quoted strings, backslash escapes, and `(` `)` that let one entry span
//! several lines. It works on a byte buffer and hands out token spans, so nothing is copied;
//! escapes are left in the token text for the field parsers to interpret.

use crate::name::Name;
use crate::rr::rdata::{self, RdataError};
pub(super) use crate::rr::rdata::{LexError, Token};
use crate::rr::RrType;

/// The shape of one logical entry (RFC 1035 section 5.1: a line, or several joined by
/// parentheses).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The line the entry starts on.
    pub line: u32,
    /// True when the entry started with whitespace, so its owner is the previous one.
    pub owner_blank: bool,
    /// True when the entry was ended by the end of the data rather than a newline.
    pub at_eof: bool,
    /// A tokenizing problem met after the entry's tokens: the tokens before it are kept, so
    /// that a reader can tell which field was being read when the input went wrong, as
    /// BIND's streaming lexer does.
    pub fault: Option<LexFault>,
}

/// A tokenizing problem and the line the lexer had reached when it found it (for a
/// parenthesis left open, the line at the end of the data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LexFault {
    /// What went wrong.
    pub error: LexError,
    /// The line.
    pub line: u32,
    /// True when the problem was met inside parentheses, where BIND's lexer reads on
    /// across lines.
    pub in_parens: bool,
}

/// A cursor over one buffer. It keeps only positions, so its owner can hold the buffer.
#[derive(Clone, Debug)]
pub(crate) struct Lexer {
    pos: usize,
    line: u32,
    /// Where the entry being read (or last read) began, for a reader that finds the text
    /// ended too soon and goes back to read it again with more.
    mark: (usize, u32),
}

impl Default for Lexer {
    fn default() -> Self {
        Lexer::new()
    }
}

impl Lexer {
    /// A lexer at the start of a buffer, on line 1.
    pub(crate) fn new() -> Lexer {
        Lexer {
            pos: 0,
            line: 1,
            mark: (0, 1),
        }
    }

    /// A lexer at offset `pos` of a buffer, which is on line `line` (for reading a part of
    /// a file that starts at an entry).
    pub(crate) fn at(pos: usize, line: u32) -> Lexer {
        Lexer {
            pos,
            line,
            mark: (pos, line),
        }
    }

    /// The current line (where the next entry will be looked for).
    pub(crate) fn line(&self) -> u32 {
        self.line
    }

    /// The current offset in the buffer.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// Goes back to the start of the entry last looked at (after blank and comment lines
    /// before it), to read it again once more text is at hand.
    pub(crate) fn rewind(&mut self) {
        (self.pos, self.line) = self.mark;
    }

    /// Reads the next entry that has tokens or a fault into `tokens` (cleared first).
    /// Returns `None` at the end of the buffer. After a fault the lexer has skipped to the
    /// next line, so that a caller could carry on.
    pub(crate) fn next_entry(&mut self, buf: &[u8], tokens: &mut Vec<Token>) -> Option<Entry> {
        tokens.clear();
        // The mark stays before any text whose entry may not be complete: a blank or
        // comment line moves it only once its newline is seen.
        self.mark = (self.pos, self.line);
        loop {
            if self.pos >= buf.len() {
                return None;
            }
            let start = (self.pos, self.line);
            let start_line = self.line;
            let owner_blank = matches!(buf[self.pos], b' ' | b'\t');
            let fault = self.scan_entry(buf, tokens).err();
            if tokens.is_empty() && fault.is_none() {
                if self.pos > 0 && buf.get(self.pos - 1) == Some(&b'\n') {
                    self.mark = (self.pos, self.line);
                }
                continue;
            }
            self.mark = start;
            let at_eof = fault.is_none() && self.pos >= buf.len() && buf.last() != Some(&b'\n');
            return Some(Entry {
                line: tokens.first().map_or(start_line, |t| t.line),
                owner_blank,
                at_eof,
                fault,
            });
        }
    }

    fn scan_entry(&mut self, buf: &[u8], tokens: &mut Vec<Token>) -> Result<(), LexFault> {
        let mut depth = 0u32;
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
                0 => {
                    let line = self.line;
                    self.skip_line(buf);
                    return Err(LexFault {
                        error: LexError::Nul,
                        line,
                        in_parens: depth > 0,
                    });
                }
                b'(' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' => {
                    if depth == 0 {
                        let line = self.line;
                        self.skip_line(buf);
                        return Err(LexFault {
                            error: LexError::UnbalancedParentheses,
                            line,
                            in_parens: false,
                        });
                    }
                    depth -= 1;
                    self.pos += 1;
                }
                b'"' => {
                    let line = self.line;
                    let start = self.pos + 1;
                    let mut i = start;
                    loop {
                        let error = match buf.get(i) {
                            None => Some(LexError::UnexpectedEnd),
                            Some(b'\n') => Some(LexError::UnbalancedQuotes),
                            _ => None,
                        };
                        if let Some(error) = error {
                            self.pos = i;
                            self.skip_line(buf);
                            return Err(LexFault {
                                error,
                                line,
                                in_parens: depth > 0,
                            });
                        }
                        match buf.get(i) {
                            Some(b'\\') => i += 2,
                            Some(b'"') => break,
                            _ => i += 1,
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
                            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'(' | b')' | b'"' | 0 => break,
                            b'\\' => {
                                // An escaped newline would end the entry mid-token; keep it
                                // out. A NUL is not escaped either: it ends the token, which
                                // keeps its backslash (BIND's lexer does the same).
                                if buf.get(i + 1).is_some_and(|&n| n != b'\n' && n != 0) {
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
            return Err(LexFault {
                error: LexError::UnbalancedParentheses,
                line: self.line,
                in_parens: true,
            });
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
pub(crate) fn tokenize_all(buf: &[u8]) -> Result<Vec<Token>, LexError> {
    let mut lexer = Lexer::new();
    let mut all = Vec::new();
    let mut tokens = Vec::new();
    while let Some(entry) = lexer.next_entry(buf, &mut tokens) {
        if let Some(fault) = entry.fault {
            return Err(fault.error);
        }
        all.extend_from_slice(&tokens);
    }
    Ok(all)
}

/// Parses the presentation form of one rdata from a string (RFC 1035 section 5.1, RFC 3597
/// section 5 for `\#`): the lexer splits it, [`rdata::parse_tokens`] reads the fields.
/// Relative names are completed with `origin`.
pub fn parse_rdata(
    rtype: RrType,
    text: &str,
    origin: Option<&Name>,
) -> Result<Vec<u8>, RdataError> {
    let buf = text.as_bytes();
    let tokens = tokenize_all(buf).map_err(RdataError::Lex)?;
    let mut out = Vec::new();
    rdata::parse_tokens(rtype, buf, &tokens, origin, &mut out).map_err(|f| f.error)?;
    Ok(out)
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
            assert_eq!(e.fault, None);
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
                owner_blank: false,
                at_eof: false,
                fault: None,
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
                owner_blank: true,
                at_eof: false,
                fault: None,
            }
        );
        assert_eq!(got[1].1, ["TXT", "\"a b;c\"", "x\\ y"]);
    }

    #[test]
    fn keeps_the_tokens_before_a_fault() {
        let mut lexer = Lexer::new();
        let mut toks = Vec::new();
        let buf = b"a A 1 )\nb A (1\n\n";
        let fault = |error, line, in_parens| {
            Some(LexFault {
                error,
                line,
                in_parens,
            })
        };
        let e = lexer.next_entry(buf, &mut toks).unwrap();
        assert_eq!(e.fault, fault(LexError::UnbalancedParentheses, 1, false));
        assert_eq!(toks.len(), 3);
        // A parenthesis left open is noticed at the end of the data, on its last line.
        let e = lexer.next_entry(buf, &mut toks).unwrap();
        assert_eq!(
            (e.line, e.fault),
            (2, fault(LexError::UnbalancedParentheses, 4, true))
        );
        assert_eq!(toks.len(), 3);
        assert_eq!(lexer.next_entry(buf, &mut toks), None);
        let mut lexer = Lexer::new();
        let e = lexer.next_entry(b"\nx \"abc\ny\n", &mut toks).unwrap();
        assert_eq!(e.fault, fault(LexError::UnbalancedQuotes, 2, false));
        assert_eq!(toks.len(), 1);
        let mut lexer = Lexer::new();
        let e = lexer.next_entry(b"x (\"abc", &mut toks).unwrap();
        assert_eq!(e.fault, fault(LexError::UnexpectedEnd, 1, true));
    }

    #[test]
    fn notices_a_missing_final_newline() {
        let mut lexer = Lexer::new();
        let mut toks = Vec::new();
        let buf = b"a A 1\nb A 2 ; no newline";
        assert!(!lexer.next_entry(buf, &mut toks).unwrap().at_eof);
        assert!(lexer.next_entry(buf, &mut toks).unwrap().at_eof);
    }
}
