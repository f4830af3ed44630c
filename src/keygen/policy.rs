//! The `dnssec-policy` statements keygen `-k`/`-l` needs from a named.conf-style file
//! (docs/bind-compat.md, "keygen"): the key list (role, lifetime, algorithm, size) and
//! `dnskey-ttl`, read by the core's policy reader (`dnssec_core::kasp`).

use anyhow::{anyhow, bail, Result};
use dnssec_core::kasp::{self, ConfigProblem, KeyRole};
use dnssec_core::{Algorithm, Ttl};
use std::path::Path;

/// What a policy key is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Key-signing key only.
    Ksk,
    /// Zone-signing key only.
    Zsk,
    /// Both (a combined signing key).
    Csk,
}

/// One entry of a policy's `keys { ... };` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyKey {
    /// The role.
    pub role: Role,
    /// Lifetime in seconds; 0 for `unlimited`.
    pub lifetime: u32,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The key size, if given.
    pub bits: Option<u32>,
}

/// A dnssec-policy as keygen uses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The keys to make, in the order listed.
    pub keys: Vec<PolicyKey>,
    /// `dnskey-ttl` (default 3600).
    pub dnskey_ttl: Ttl,
}

impl Policy {
    /// BIND's built-in `default` policy: one ECDSAP256SHA256 CSK with unlimited lifetime.
    pub fn builtin_default() -> Policy {
        Policy {
            keys: vec![PolicyKey {
                role: Role::Csk,
                lifetime: 0,
                algorithm: Algorithm::ECDSAP256SHA256,
                bits: None,
            }],
            dnskey_ttl: Ttl(3600),
        }
    }
}

/// Finds policy `name` in the configuration text of `file`, as dnssec-keygen 9.18 does
/// (docs/bind-compat.md, "keymgr: policies", dnssec-keygen): `default` falls back to the
/// built-in; the whole file's grammar must be right (else its error lines, then `unable to
/// load dnssec-policy 'NAME' from 'FILE'`); the first statement of that name is the one
/// found (none: `failed to load dnssec-policy 'NAME'`); a policy without keys is refused
/// (`has no keys configured`); its own checks print `warning:`/`error: FILE:LINE: ...`, and
/// a failed one ends with `failed to configure dnssec-policy 'NAME': RESULT`.
pub fn find(config: Option<&str>, file: &Path, name: &str) -> Result<Policy> {
    let entries = match config {
        Some(text) => match kasp::read_policies(text, file) {
            Ok(entries) => entries,
            Err(e) => {
                for m in &e.errors {
                    crate::cli::error(m);
                }
                bail!(
                    "unable to load dnssec-policy '{name}' from '{}'",
                    crate::cli::show(file)
                );
            }
        },
        None => Vec::new(),
    };
    let Some(entry) = entries.into_iter().find(|e| e.name == name) else {
        if name == "default" {
            return Ok(Policy::builtin_default());
        }
        bail!("failed to load dnssec-policy '{name}'");
    };
    let no_keys = || anyhow!("dnssec-policy '{name}' has no keys configured");
    if !entry.keys_given {
        return Err(no_keys());
    }
    // Our own note on `keys { };` is not dnssec-keygen's: it refuses such a policy instead.
    let warnings = entry
        .warnings
        .iter()
        .filter(|w| !matches!(w.problem, ConfigProblem::EmptyKeyList(_)));
    for w in warnings {
        crate::cli::warning(w);
    }
    match entry.checked {
        Ok(policy) if policy.keys.is_empty() => Err(no_keys()),
        Ok(policy) => Ok(from_core(&policy)),
        Err(e) => {
            for m in &e.errors {
                crate::cli::error(m);
            }
            let result = e
                .errors
                .first()
                .map_or("failure", |m| m.problem.result_text());
            bail!("failed to configure dnssec-policy '{name}': {result}")
        }
    }
}

/// The parts of a core policy that keygen uses.
fn from_core(policy: &kasp::Policy) -> Policy {
    Policy {
        keys: policy
            .keys
            .iter()
            .map(|k| PolicyKey {
                role: match k.role {
                    KeyRole::Ksk => Role::Ksk,
                    KeyRole::Zsk => Role::Zsk,
                    KeyRole::Csk => Role::Csk,
                },
                lifetime: k.lifetime.map_or(0, |d| d.0),
                algorithm: k.algorithm,
                // The size the key manager uses; 0 (an algorithm without one) is left to
                // keygen's own default and checks.
                bits: Some(k.bits).filter(|&b| b != 0),
            })
            .collect(),
        dnskey_ttl: policy.dnskey_ttl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONF: &str = r#"
        // a comment
        options { directory "/var/cache/bind"; dnssec-validation auto; };
        dnssec-policy "twokeys" {
            dnskey-ttl 600;
            keys {
                ksk key-directory lifetime unlimited algorithm ecdsap256sha256;
                zsk lifetime P90D algorithm 13;
            };
            /* skipped */ signatures-validity P14D;
        };
        # another comment
        dnssec-policy rsa { keys { csk lifetime P1Y algorithm RSASHA256 2048; }; };
        zone "example.com" { type primary; file "x"; dnssec-policy twokeys; };
    "#;

    #[test]
    fn reads_named_policies() {
        let two = find(Some(CONF), Path::new("named.conf"), "twokeys").unwrap();
        assert_eq!(two.dnskey_ttl, Ttl(600));
        assert_eq!(
            two.keys,
            [
                PolicyKey {
                    role: Role::Ksk,
                    lifetime: 0,
                    algorithm: Algorithm::ECDSAP256SHA256,
                    bits: Some(256)
                },
                PolicyKey {
                    role: Role::Zsk,
                    lifetime: 7_776_000,
                    algorithm: Algorithm::ECDSAP256SHA256,
                    bits: Some(256)
                },
            ]
        );
        let rsa = find(Some(CONF), Path::new("named.conf"), "rsa").unwrap();
        assert_eq!(rsa.dnskey_ttl, Ttl(3600));
        assert_eq!(
            rsa.keys[0],
            PolicyKey {
                role: Role::Csk,
                lifetime: 31_536_000,
                algorithm: Algorithm::RSASHA256,
                bits: Some(2048)
            }
        );
    }

    #[test]
    fn default_is_builtin_and_unknown_names_fail() {
        assert_eq!(
            find(Some(CONF), Path::new("named.conf"), "default").unwrap(),
            Policy::builtin_default()
        );
        assert_eq!(
            find(None, Path::new("named.conf"), "default").unwrap(),
            Policy::builtin_default()
        );
        assert_eq!(
            find(Some(""), Path::new("named.conf"), "nosuch")
                .unwrap_err()
                .to_string(),
            "failed to load dnssec-policy 'nosuch'"
        );
        assert_eq!(
            find(Some("dnssec-policy x {"), Path::new("c.conf"), "x")
                .unwrap_err()
                .to_string(),
            "unable to load dnssec-policy 'x' from 'c.conf'"
        );
    }
}
