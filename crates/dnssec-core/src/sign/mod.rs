//! Signing: the data an RRSIG covers, making RRSIGs, and building NSEC and NSEC3 chains
//! (RFC 4034 sections 3 and 4, RFC 4035 section 2, RFC 5155 section 7.1).

mod chain_check;
mod driver;
mod key_timing;
mod nsec3_chain;
mod nsec_chain;
mod plan;
mod policy;
mod resign;
mod rrsig;
mod serial;

pub use chain_check::{ChainCheck, ChainCheckProblem};
pub use driver::{Context, Counts, DriverError, DriverKey, Signed};
pub use key_timing::{timing_warnings, KeyId, RunFacts, TimedKey, TimingWarning};
pub use nsec3_chain::{build_nsec3_chain, Nsec3Record};
pub use nsec_chain::{build_nsec_chain, NsecRecord};
pub use plan::{ChainKind, Changes, OutNode, OutSet, OwnedSet, Plan, PlanError, SignedChunk};
pub use policy::{key_hints, KeyFacts, KeyHints, SignerRole, SplitRules};
pub use resign::RetainRules;
pub use rrsig::{
    check_run_times, sign_rrset, KeySigner, RunTimes, SignError, Signer, Validity, WindowError,
};
pub use serial::{next_serial, SerialMethod, SerialWarning};
