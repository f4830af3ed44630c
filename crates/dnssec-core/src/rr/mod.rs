//! Resource-record vocabulary: types, classes, TTLs (RFC 1035 section 3.2), the typed DNSSEC
//! rdata (DNSKEY and DS, RRSIG, NSEC and NSEC3: RFC 4034, RFC 5155) and, in `rdata`, the
//! table of field kinds that drives every rdata conversion.

pub(crate) mod bitmap;
mod class;
mod dnskey;
mod nsec;
pub mod rdata;
mod rrsig;
mod rtype;

/// TTLs are a time value (base layer); records carry them.
pub use crate::time::Ttl;
pub use class::Class;
pub use dnskey::{Dnskey, Ds, DsError};
pub(crate) use nsec::Nsec3View;
pub use nsec::{
    DenialError, Nsec, Nsec3, Nsec3HashAlgorithm, Nsec3Params, MAX_NSEC3_ITERATIONS, NSEC3_OPT_OUT,
};
pub use rrsig::{Rrsig, RrsigError, SigTime};
pub use rtype::RrType;
