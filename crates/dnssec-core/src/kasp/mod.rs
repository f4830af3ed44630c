//! Key and signing policy (KASP): BIND 9.18's `dnssec-policy`, applied offline by `keymgr`
//! (docs/bind-compat.md, "keymgr: the key manager"). The state model is RFC 7583 (DNSSEC key
//! rollover timing) with the per-record states of "Flexible and Robust Key Rollover in
//! DNSSEC" (Mekking et al.), which named's key manager implements.
//!
//! [`policy`] holds what a policy says; the key manager ([`keymgr`]: the state machine and
//! one step) sits on top of it.

pub mod keymgr;
pub mod policy;

pub use policy::{Duration, KeyRole, Nsec3Param, Policy, PolicyKey};
