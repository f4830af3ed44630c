//! Validation: checking RRSIGs against DNSKEYs (RFC 4035 section 5.3) and checking that an
//! NSEC or NSEC3 chain covers the zone (RFC 4034 section 4, RFC 5155 section 7).
pub mod chain;
pub mod dsset;
pub mod rrsig;
pub mod zone;
mod zone_keys;
mod zone_problem;

#[cfg(test)]
mod zone_tests;
