//! Validation: checking RRSIGs against DNSKEYs (RFC 4035 section 5.3) and checking that an
//! NSEC or NSEC3 chain covers the zone (RFC 4034 section 4, RFC 5155 section 7).

mod chain;
mod dsset;
mod rrsig;
mod zone;
mod zone_cds;
mod zone_chains;
mod zone_keys;
mod zone_load;
mod zone_names;
mod zone_problem;

pub use chain::{check_nsec3_chain, check_nsec_chain, ChainProblem, ChainProblemKind};
pub use dsset::{
    check_rrset_sigs, match_key, oldest_verified_inception, CandidateKey, DsMatch, MatchRule,
    SigBounds, SigOutcome, SigReport,
};
pub use rrsig::{verify_rrsig, RrsigFailure};
pub(crate) use rrsig::{verify_rrsig_prepared, KeyFacts};
pub use zone::{
    check_zone, check_zone_counting, first_expired_signature, AlgorithmKeys, CheckMode,
    CheckOptions, KeyCounts, ZoneReport,
};
pub use zone_load::load_zone_for_check;
pub use zone_problem::{ProblemKind, ZoneProblem};

#[cfg(test)]
mod zone_tests;
