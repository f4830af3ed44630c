//! Resource-record vocabulary: types, classes, TTLs (RFC 1035 section 3.2) and, in
//! `rdata`, the table of field kinds that drives every rdata conversion.

pub mod bitmap;
pub mod class;
pub mod dnskey;
pub mod nsec;
pub mod rdata;
pub mod rrsig;
pub mod rtype;

pub use class::Class;
pub use rtype::RrType;
/// TTLs are a time value (base layer); records carry them.
pub use crate::time::Ttl;
