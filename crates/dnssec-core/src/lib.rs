//! dnssec-core: everything the dnssec-kit tools share. Names and record types (RFC 1035),
//! the zone-file reader, canonical order (RFC 4034 section 6), BIND key files and key state,
//! BIND's time syntax, DS digests (RFC 4034 section 5), the crypto backend, signing,
//! NSEC/NSEC3 (RFC 4034, RFC 5155) and validation.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![warn(unreachable_pub)]

pub mod algorithm;
pub mod client;
pub mod crypto;
pub mod dnssec;
pub mod encoding;
pub mod error;
pub mod kasp;
pub mod key;
pub mod name;
pub mod rr;
pub mod sign;
pub mod temp_files;
pub mod time;
pub mod validate;
pub mod zone;
pub mod zonefile;

#[cfg(test)]
pub(crate) mod test_util;

pub use algorithm::{Algorithm, DigestType};
pub use error::Location;
pub use name::Name;
pub use rr::{Class, RrType, Ttl};
