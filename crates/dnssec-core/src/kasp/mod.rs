//! Key and signing policy (KASP): BIND 9.18's `dnssec-policy`, applied offline by `keymgr`
//! (docs/bind-compat.md, "keymgr: the key manager"). The state model is RFC 7583 (DNSSEC key
//! rollover timing) with the per-record states of "Flexible and Robust Key Rollover in
//! DNSSEC" (Mekking et al.), which named's key manager implements.
//!
//! [`policy`] holds what a policy says; [`read_config`] reads policies and zones from a
//! named.conf-style file (docs/bind-compat.md, "keymgr: policies"); the key manager ([`keymgr`]:
//! the state machine and one step) sits on top of them.

mod config;
mod duration;
pub mod keymgr;
pub mod policy;
mod policy_text;
mod problem;
mod syntax;

pub use config::{read_config, read_policies, Config, PolicyEntry, ZoneConfig};
pub use duration::parse_duration;
pub use policy::{Duration, KeyRole, Nsec3Param, Policy, PolicyKey};
pub use policy_text::key_manager_bits;
pub use problem::{ConfigError, ConfigMessage, ConfigProblem, Near};
