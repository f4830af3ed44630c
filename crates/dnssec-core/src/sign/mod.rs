//! Signing: the data an RRSIG covers, making RRSIGs, and building NSEC and NSEC3 chains
//! (RFC 4034 sections 3 and 4, RFC 4035 section 2, RFC 5155 section 7.1).

pub mod chain_check;
pub mod driver;
pub mod nsec3_chain;
pub mod nsec_chain;
pub mod plan;
pub mod policy;
pub mod resign;
pub mod rrsig;
pub mod serial;
