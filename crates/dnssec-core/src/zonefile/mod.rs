//! Zone files in the master-file format of RFC 1035 section 5 with BIND's extensions
//! (`$TTL` of RFC 2308 section 4, `$GENERATE`, TTL units, RFC 3597 unknown types/classes).
//!
//! Stable API:
//! - [`Reader::from_path`]`(path, origin)` / [`Reader::from_str`]`(text, file_label, origin)`
//!   / [`Reader::from_bytes`]: an iterator of `Result<Record, ZoneError>` in file order.
//!   [`Reader::next_ref`] yields borrowed records without allocating (the compact zone
//!   uses it). [`Reader::warnings`] holds BIND-style warnings (`using RFC1035 TTL semantics`).
//!   Options: [`Reader::with_class`], [`Reader::with_default_ttl`].
//! - [`parse_rdata`]: one rdata from a string (the lexer splits it, `rr::rdata` reads it).
//! - [`writer`]: BIND's text forms (`owner TTL CLASS TYPE rdata`) for records and zones.
//! - [`raw`]: BIND's binary raw format (docs/bind-compat.md,
//!   "signzone: output formats and order"), read into the compact zone and written rdataset by
//!   rdataset.
//! - [`ZoneError`]: a [`Location`](crate::Location) (file, line) and a [`ZoneErrorKind`];
//!   it prints as `db.example:12: bad TTL 'x1'`.

pub mod bind_report;
mod error;
mod generate;
mod lexer;
pub mod raw;
mod reader;
mod record;
pub(crate) mod split;
pub mod writer;

pub use error::{GenerateError, IoFailure, Near, Warning, WarningKind, ZoneError, ZoneErrorKind};
pub use lexer::parse_rdata;
pub(crate) use lexer::Lexer;
pub(crate) use reader::MAX_RDATASET_OCTETS;
pub(crate) use reader::{path_label, Part};
pub use reader::{Reader, RecordRef};
pub use record::Record;

#[cfg(test)]
mod reader_tests;
