//! The DNS client: one question to one server (RFC 1035 section 4), over UDP with the DO bit
//! set (RFC 3225, RFC 6891) and over TCP when the UDP answer is truncated (RFC 7766 section
//! 5), with a timeout per try and a bounded number of tries. Answers come back as the core's
//! own RRsets ([`ServedRrset`]: owner [`crate::Name`], [`crate::RrType`], rdata in wire form,
//! [`crate::rr::Rrsig`]s), so that the tools check them as they check zone-file data.
//!
//! Synchronous std sockets; hickory-proto only builds and parses the messages. Used by
//! multisigner's `@server` sources (docs/bind-compat.md, "multisigner").

mod error;
mod message;
mod resolve;
mod rrsets;
mod transport;

pub use error::{ClientError, ClientErrorKind, ResolveError};
pub use message::{Rcode, Response};
pub use resolve::{resolve_system, resolve_via};
pub use rrsets::ServedRrset;
pub use transport::Client;

#[cfg(test)]
mod transport_tests;
