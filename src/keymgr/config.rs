//! Where a zone's policy comes from: the built-in `default` and `insecure` policies, or a
//! named.conf-style file (`-l`).

use anyhow::{bail, Result};
use dnssec_core::kasp::Policy;
use std::ffi::OsStr;

/// The policy named `name`, from `config` when given.
pub(super) fn policy(name: &str, config: Option<&OsStr>) -> Result<Policy> {
    if config.is_some() {
        // PLACEHOLDER: the dnssec-policy reader (`dnssec_core::kasp::read_config`) is being
        // written on another branch; wired here when it lands.
        bail!("-l is not supported yet");
    }
    match name {
        "default" => Ok(Policy::builtin_default()),
        "insecure" => Ok(Policy::builtin_insecure()),
        _ => bail!("dnssec-policy '{name}' not found (only 'default' and 'insecure' without -l)"),
    }
}
