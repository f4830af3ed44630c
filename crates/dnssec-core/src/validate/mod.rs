//! Validation: checking RRSIGs against DNSKEYs (RFC 4035 section 5.3) and checking that an
//! NSEC or NSEC3 chain covers the zone (RFC 4034 section 4, RFC 5155 section 7).
pub mod rrsig;
