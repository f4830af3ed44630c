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

/// A record TTL in seconds (RFC 1035 section 3.2.1; RFC 2181 section 8 limits it to 2^31-1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Ttl(pub u32);

impl Ttl {
    /// The largest TTL RFC 2181 section 8 allows.
    pub const MAX: Ttl = Ttl(0x7fff_ffff);
}

impl std::fmt::Display for Ttl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
