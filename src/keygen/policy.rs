//! The `dnssec-policy` statements keygen `-k`/`-l` needs from a named.conf-style file
//! (docs/bind-compat.md, "keygen"): the key list (role, lifetime, algorithm, size) and
//! `dnskey-ttl`. Every other statement and option is skipped by brace matching.

use anyhow::{anyhow, bail, Result};
use dnssec_core::time::parse_ttl;
use dnssec_core::{Algorithm, Ttl};

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

/// Splits named.conf text into tokens: quoted strings (quotes removed), words, and the
/// punctuation `{`, `}`, `;`; comments in `//`, `#` and `/* */` form are dropped.
fn tokens(text: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                loop {
                    let Some(c) = chars.next() else {
                        bail!("unterminated comment")
                    };
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            '{' | '}' | ';' => out.push(c.to_string()),
            '"' => {
                let mut s = String::new();
                loop {
                    match chars.next() {
                        None => bail!("unterminated string"),
                        Some('"') => break,
                        Some(c) => s.push(c),
                    }
                }
                out.push(s);
            }
            _ => {
                let mut s = c.to_string();
                while let Some(&n) = chars.peek() {
                    if n.is_whitespace() || matches!(n, '{' | '}' | ';' | '"') {
                        break;
                    }
                    s.push(n);
                    chars.next();
                }
                out.push(s);
            }
        }
    }
    Ok(out)
}

/// Reads every `dnssec-policy` statement of a configuration.
pub fn parse(text: &str) -> Result<Vec<(String, Policy)>> {
    let toks = tokens(text)?;
    let mut pos = 0;
    let mut policies = Vec::new();
    while pos < toks.len() {
        let stmt = statement(&toks, &mut pos)?;
        if stmt.first().map(String::as_str) == Some("dnssec-policy") {
            let name = stmt
                .get(1)
                .ok_or_else(|| anyhow!("dnssec-policy without a name"))?
                .clone();
            policies.push((name, policy_body(&stmt[2..])?));
        }
    }
    Ok(policies)
}

/// One statement from `pos` up to its closing `;`, braces included, as a token list.
fn statement(toks: &[String], pos: &mut usize) -> Result<Vec<String>> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    while let Some(t) = toks.get(*pos) {
        *pos += 1;
        match t.as_str() {
            "{" => depth += 1,
            "}" => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| anyhow!("unbalanced braces"))?
            }
            ";" if depth == 0 => return Ok(out),
            _ => {}
        }
        out.push(t.clone());
    }
    bail!("statement not terminated")
}

/// The contents of `{ ... }` of a policy: statements separated by `;`.
fn policy_body(body: &[String]) -> Result<Policy> {
    let inner = body
        .get(1..body.len().saturating_sub(1))
        .filter(|_| body.first().map(String::as_str) == Some("{"));
    let inner = inner.ok_or_else(|| anyhow!("policy body expected"))?;
    let mut policy = Policy {
        keys: Vec::new(),
        dnskey_ttl: Ttl(3600),
    };
    let mut pos = 0;
    let mut saw_keys = false;
    while pos < inner.len() {
        let stmt = statement(inner, &mut pos)?;
        match stmt.first().map(String::as_str) {
            Some("dnskey-ttl") => {
                policy.dnskey_ttl = Ttl(duration(
                    stmt.get(1).ok_or_else(|| anyhow!("dnskey-ttl value"))?,
                )?);
            }
            Some("keys") => {
                saw_keys = true;
                let list = stmt.get(2..stmt.len().saturating_sub(1)).unwrap_or(&[]);
                let mut kpos = 0;
                while kpos < list.len() {
                    let key = statement(list, &mut kpos)?;
                    policy.keys.push(policy_key(&key)?);
                }
            }
            _ => {}
        }
    }
    if !saw_keys {
        policy.keys = Policy::builtin_default().keys;
    }
    Ok(policy)
}

/// `ksk|zsk|csk [key-directory] lifetime DURATION|unlimited algorithm ALG [BITS]`.
fn policy_key(words: &[String]) -> Result<PolicyKey> {
    let role = match words.first().map(|w| w.to_ascii_lowercase()).as_deref() {
        Some("ksk") => Role::Ksk,
        Some("zsk") => Role::Zsk,
        Some("csk") => Role::Csk,
        _ => bail!("unknown key role"),
    };
    let mut key = PolicyKey {
        role,
        lifetime: 0,
        algorithm: Algorithm::ECDSAP256SHA256,
        bits: None,
    };
    let mut i = 1;
    while let Some(w) = words.get(i) {
        match w.to_ascii_lowercase().as_str() {
            "key-directory" => {}
            "key-store" => i += 1,
            "lifetime" => {
                i += 1;
                let v = words.get(i).ok_or_else(|| anyhow!("lifetime value"))?;
                key.lifetime = if v.eq_ignore_ascii_case("unlimited") {
                    0
                } else {
                    duration(v)?
                };
            }
            "algorithm" => {
                i += 1;
                let v = words.get(i).ok_or_else(|| anyhow!("algorithm value"))?;
                key.algorithm = Algorithm::parse_for_keygen(v)?;
            }
            "tag-range" => i += 2,
            n if n.bytes().all(|b| b.is_ascii_digit()) => key.bits = Some(n.parse()?),
            other => bail!("unexpected {other}"),
        }
        i += 1;
    }
    Ok(key)
}

/// A named.conf duration: ISO 8601 (`P90D`, `PT1H`, `P1Y2M`; a year is 365 days and a month
/// 30) or BIND's TTL syntax (`3600`, `1h`).
fn duration(text: &str) -> Result<u32> {
    let Some(iso) = text.strip_prefix(['P', 'p']) else {
        return Ok(parse_ttl(text)?.0);
    };
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut in_time = false;
    for c in iso.chars() {
        match c.to_ascii_uppercase() {
            d if d.is_ascii_digit() => number.push(d),
            'T' if number.is_empty() => in_time = true,
            unit => {
                let n: u64 = number.parse().map_err(|_| anyhow!("bad duration {text}"))?;
                number.clear();
                let scale = match (unit, in_time) {
                    ('Y', false) => 365 * 86400,
                    ('M', false) => 30 * 86400,
                    ('W', false) => 7 * 86400,
                    ('D', false) => 86400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => bail!("bad duration {text}"),
                };
                total = total.saturating_add(n.saturating_mul(scale));
            }
        }
    }
    if !number.is_empty() {
        bail!("bad duration {text}");
    }
    u32::try_from(total).map_err(|_| anyhow!("duration {text} too long"))
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
                    bits: None
                },
                PolicyKey {
                    role: Role::Zsk,
                    lifetime: 7_776_000,
                    algorithm: Algorithm::ECDSAP256SHA256,
                    bits: None
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

    #[test]
    fn durations() {
        assert_eq!(duration("P90D").unwrap(), 7_776_000);
        assert_eq!(duration("PT1H30M").unwrap(), 5400);
        assert_eq!(duration("P1Y2M").unwrap(), 365 * 86400 + 60 * 86400);
        assert_eq!(duration("1h").unwrap(), 3600);
        assert_eq!(duration("3600").unwrap(), 3600);
        assert!(duration("P1X").is_err());
        assert!(duration("P1").is_err());
    }
}
