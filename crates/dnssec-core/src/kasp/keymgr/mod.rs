//! named's key manager run offline (docs/bind-compat.md, "keymgr: the key manager"): the
//! key model and its states ([`model`]), the DNSSEC safety rules and the successor relation
//! (rules), the RFC 7583 timing (timing), one run over a zone's keys at a given time
//! ([`run`]), the operator's commands ([`checkds`], [`rollover`]), what `-status` prints
//! ([`status`]), and the key files (load, store). Every function takes the time as an
//! argument; nothing here reads the clock.

mod commands;
mod error;
mod events;
mod model;
pub mod parent;
mod rules;
mod status;
mod step;
mod store;
mod timing;

pub use commands::{checkds, rollover, DsSeen, KeySelector};
pub use error::KeymgrError;
pub use events::{Change, Event, Snapshot};
pub use model::{ManagedKey, Record};
pub use status::{pending, status, Pending, Wait};
pub use step::{run, Context, KeyMaker, RunOutcome};
pub use store::{load_key_paths, load_keys, store_keys, FreshKeys};

#[cfg(test)]
mod tests;
