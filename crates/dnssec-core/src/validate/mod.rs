//! Validation: checking RRSIGs against DNSKEYs (RFC 4035 section 5.3) and checking that an
//! NSEC or NSEC3 chain covers the zone (RFC 4034 section 4, RFC 5155 section 7).
pub mod chain;
pub mod dsset;
pub mod rrsig;
pub mod zone;
mod zone_keys;
mod zone_problem;

use crate::name::Name;

/// A name as dnssec-verify prints it in its reports (REFERENCE.md section 7): absolute, but
/// without the final dot, except for the root itself.
pub fn bind_name(name: &Name) -> String {
    let text = name.to_string();
    match text.strip_suffix('.') {
        Some(stripped) if !stripped.is_empty() => stripped.to_string(),
        _ => text,
    }
}
#[cfg(test)]
mod zone_tests;
