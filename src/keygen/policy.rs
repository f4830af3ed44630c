//! The `dnssec-policy` statements keygen `-k`/`-l` needs from a named.conf-style file
//! (docs/bind-compat.md, "keygen"): the key list (role, lifetime, algorithm, size) and
//! `dnskey-ttl`, read by the core's policy reader (`dnssec_core::kasp`).

use anyhow::{anyhow, Result};
use dnssec_core::kasp::{self, KeyRole};
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

/// Finds policy `name` in the configuration text; `default` falls back to the built-in.
/// Every failure is BIND's `failed to load dnssec-policy 'NAME'`.
pub fn find(config: Option<&str>, name: &str) -> Result<Policy> {
    let failed = || anyhow!("failed to load dnssec-policy '{name}'");
    let parsed = match config {
        Some(text) => parse(text).map_err(|_| failed())?,
        None => Vec::new(),
    };
    match parsed.into_iter().find(|(n, _)| n == name) {
        Some((_, policy)) => Ok(policy),
        None if name == "default" => Ok(Policy::builtin_default()),
        None => Err(failed()),
    }
}

/// Reads every `dnssec-policy` statement of a configuration with the core's reader
/// (docs/bind-compat.md, "keymgr: policies"), as dnssec-keygen reads them: the whole file's
/// grammar must be right, and a policy is found only when its own checks pass (the first
/// statement of a name is the one found).
pub fn parse(text: &str) -> Result<Vec<(String, Policy)>> {
    let entries = kasp::read_policies(text, Path::new("named.conf"))?;
    let mut out: Vec<(String, Policy)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for entry in &entries {
        if seen.contains(&entry.name.as_str()) {
            continue;
        }
        seen.push(&entry.name);
        if let Ok(policy) = &entry.checked {
            out.push((entry.name.clone(), from_core(policy)));
        }
    }
    Ok(out)
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
        let two = find(Some(CONF), "twokeys").unwrap();
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
        let rsa = find(Some(CONF), "rsa").unwrap();
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
            find(Some(CONF), "default").unwrap(),
            Policy::builtin_default()
        );
        assert_eq!(find(None, "default").unwrap(), Policy::builtin_default());
        assert_eq!(
            find(Some(""), "nosuch").unwrap_err().to_string(),
            "failed to load dnssec-policy 'nosuch'"
        );
        assert_eq!(
            find(Some("dnssec-policy x {"), "x")
                .unwrap_err()
                .to_string(),
            "failed to load dnssec-policy 'x'"
        );
    }
}
