//! Why a question got no usable answer, always naming the server asked.

use std::fmt;
use std::net::SocketAddr;

/// What went wrong with one question (RFC 1035 section 4.1.1 response codes, RFC 7766
/// transport rules).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientErrorKind {
    /// No answer within the timeout, after every try.
    Timeout {
        /// How many times the question was sent.
        tries: u32,
    },
    /// The server answered REFUSED (RCODE 5).
    Refused,
    /// The server answered SERVFAIL (RCODE 2).
    ServFail,
    /// Another error RCODE (not NOERROR, NXDOMAIN, REFUSED or SERVFAIL).
    Rcode(u16),
    /// The answer over TCP still had the TC bit (RFC 7766 section 5: TCP is the last resort).
    TruncatedOverTcp,
    /// The answer could not be parsed, or does not answer the question asked.
    Malformed(String),
    /// A socket error (connection refused, unreachable network...).
    Io(String),
}

/// A failed question and the server it was sent to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientError {
    /// The server (address and port).
    pub server: SocketAddr,
    /// What went wrong.
    pub kind: ClientErrorKind,
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.server;
        match &self.kind {
            ClientErrorKind::Timeout { tries } => {
                write!(f, "{s}: timed out ({tries} tries)")
            }
            ClientErrorKind::Refused => write!(f, "{s}: REFUSED"),
            ClientErrorKind::ServFail => write!(f, "{s}: SERVFAIL"),
            ClientErrorKind::Rcode(c) => write!(f, "{s}: error rcode {c}"),
            ClientErrorKind::TruncatedOverTcp => write!(f, "{s}: answer truncated over TCP"),
            ClientErrorKind::Malformed(why) => write!(f, "{s}: malformed answer: {why}"),
            ClientErrorKind::Io(why) => write!(f, "{s}: {why}"),
        }
    }
}

impl std::error::Error for ClientError {}

/// A server's host name that the system resolver could not turn into addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError {
    /// The host name as given.
    pub host: String,
    /// Why (the resolver's words, or "no address").
    pub why: String,
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.host, self.why)
    }
}

impl std::error::Error for ResolveError {}
