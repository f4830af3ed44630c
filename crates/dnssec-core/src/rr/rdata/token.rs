//! What the rdata field parsers read: token spans over a buffer of presentation text
//! (RFC 1035 section 5.1), and the ways splitting text into tokens can fail. The zone-file
//! lexer (`zonefile::lexer`) produces these; `rr` never names the lexer, so the record
//! vocabulary sits below the zone-file layer.

use std::fmt;

/// One token of an entry (RFC 1035 section 5.1): a span of the input buffer (quotes
/// excluded) and its line.
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

/// Why the input could not be split into tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LexError {
    /// A `)` without `(`, or the input ended inside parentheses.
    UnbalancedParentheses,
    /// A quoted string not closed on its line.
    UnbalancedQuotes,
    /// The data ended inside a quoted string (no final newline).
    UnexpectedEnd,
    /// A NUL octet outside quotes and comments. BIND's lexer ends the token before it and
    /// hands the NUL back as a token of its own, which no field accepts
    /// (docs/bind-compat.md, "zone reader: NUL octets").
    Nul,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LexError::UnbalancedParentheses => "unbalanced parentheses",
            LexError::UnbalancedQuotes => "unbalanced quotes",
            LexError::UnexpectedEnd => "unexpected end of input",
            LexError::Nul => "unexpected NUL octet",
        })
    }
}

impl std::error::Error for LexError {}
