//! One `dnssec-policy NAME { ... };` statement: its grammar (every option of BIND 9.18,
//! nothing else), then the checks named-checkconf makes of a policy, in its order, with its
//! errors and warnings (docs/bind-compat.md, "keymgr: policies").

use super::duration::parse_duration;
use super::policy::{Duration, KeyRole, Nsec3Param, Policy, PolicyKey};
use super::problem::{ConfigError, ConfigProblem, Findings};
use super::syntax::{Item, Statement, Word};
use crate::algorithm::Algorithm;
use crate::error::Location;
use crate::time::Ttl;

/// A policy as written, before the checks: values with where they are.
#[derive(Debug)]
pub(super) struct PolicyText {
    pub(super) name: String,
    pub(super) location: Location,
    options: Vec<(DurationOption, Duration, Location)>,
    keys: Option<(Location, Vec<KeyText>)>,
    nsec3: Option<Nsec3Text>,
}

#[derive(Debug)]
struct KeyText {
    role: KeyRole,
    /// `None` for `unlimited`.
    lifetime: Option<(Duration, Location)>,
    algorithm: Word,
    length: Option<(u32, Location)>,
}

#[derive(Debug)]
struct Nsec3Text {
    iterations: Option<(u32, Location)>,
    optout: bool,
    salt_length: Option<(u32, Location)>,
    /// The last word of the statement, where named reports an algorithm that cannot NSEC3.
    location: Location,
}

/// The options whose value is one duration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DurationOption {
    DnskeyTtl,
    PublishSafety,
    RetireSafety,
    PurgeKeys,
    SignaturesJitter,
    SignaturesRefresh,
    SignaturesValidity,
    SignaturesValidityDnskey,
    MaxZoneTtl,
    ZonePropagationDelay,
    ParentDsTtl,
    ParentPropagationDelay,
    ParentRegistrationDelay,
}

impl DurationOption {
    fn from_name(name: &str) -> Option<DurationOption> {
        use DurationOption::*;
        Some(match name.to_ascii_lowercase().as_str() {
            "dnskey-ttl" => DnskeyTtl,
            "publish-safety" => PublishSafety,
            "retire-safety" => RetireSafety,
            "purge-keys" => PurgeKeys,
            "signatures-jitter" => SignaturesJitter,
            "signatures-refresh" => SignaturesRefresh,
            "signatures-validity" => SignaturesValidity,
            "signatures-validity-dnskey" => SignaturesValidityDnskey,
            "max-zone-ttl" => MaxZoneTtl,
            "zone-propagation-delay" => ZonePropagationDelay,
            "parent-ds-ttl" => ParentDsTtl,
            "parent-propagation-delay" => ParentPropagationDelay,
            "parent-registration-delay" => ParentRegistrationDelay,
            _ => return None,
        })
    }
}

fn err(at: Location, problem: ConfigProblem) -> ConfigError {
    ConfigError::one(at, problem)
}

/// A statement must end after `n` items: the next one is named as the place of a missing `;`.
fn end_after(st: &Statement, n: usize) -> Result<(), ConfigError> {
    if st.items.len() > n {
        let (at, near) = st.near(n);
        return Err(err(at, ConfigProblem::MissingSemicolon(near)));
    }
    Ok(())
}

/// Reads the grammar of one `dnssec-policy` statement (the checks come later, in
/// [`PolicyText::check`], as named parses the whole file before it checks anything).
pub(super) fn read_policy(st: &Statement) -> Result<PolicyText, ConfigError> {
    let name = match st.items.get(1) {
        Some(Item::Word(w)) => w.text.clone(),
        _ => {
            let (at, near) = st.near(1);
            return Err(err(
                at,
                ConfigProblem::Expected {
                    what: "string",
                    near,
                },
            ));
        }
    };
    let block = match st.items.get(2) {
        Some(Item::Block(b)) => b,
        _ => {
            let (at, near) = st.near(2);
            return Err(err(at, ConfigProblem::CloseBraceExpected(near)));
        }
    };
    end_after(st, 3)?;
    let mut text = PolicyText {
        name,
        location: st.location.clone(),
        options: Vec::new(),
        keys: None,
        nsec3: None,
    };
    let mut seen: Vec<String> = Vec::new();
    for opt in &block.statements {
        let Some(Item::Word(head)) = opt.items.first() else {
            continue;
        };
        let lower = head.text.to_ascii_lowercase();
        if seen.contains(&lower) {
            return Err(err(
                head.location.clone(),
                ConfigProblem::Redefined(head.text.clone()),
            ));
        }
        if let Some(which) = DurationOption::from_name(&lower) {
            let value = duration_at(opt, 1)?;
            end_after(opt, 2)?;
            text.options.push((which, value, head.location.clone()));
        } else if lower == "keys" {
            text.keys = Some((head.location.clone(), read_keys(opt)?));
        } else if lower == "nsec3param" {
            text.nsec3 = Some(read_nsec3(opt)?);
        } else {
            return Err(err(
                head.location.clone(),
                ConfigProblem::UnknownOption(head.text.clone()),
            ));
        }
        seen.push(lower);
    }
    Ok(text)
}

/// Item `i` of a statement as a duration.
fn duration_at(st: &Statement, i: usize) -> Result<Duration, ConfigError> {
    match st.word(i) {
        Some(w) if !w.quoted => parse_duration(&w.text).ok_or_else(|| {
            err(
                w.location.clone(),
                ConfigProblem::Expected {
                    what: "ISO 8601 duration or TTL value",
                    near: w.near(),
                },
            )
        }),
        _ => {
            let (at, near) = st.near(i);
            Err(err(
                at,
                ConfigProblem::Expected {
                    what: "ISO 8601 duration or TTL value",
                    near,
                },
            ))
        }
    }
}

/// `keys { ROLE [key-directory] lifetime D|unlimited algorithm ALG [BITS]; ... };`
fn read_keys(st: &Statement) -> Result<Vec<KeyText>, ConfigError> {
    let Some(Item::Block(block)) = st.items.get(1) else {
        let (at, near) = st.near(1);
        return Err(err(at, ConfigProblem::Expected { what: "'{'", near }));
    };
    end_after(st, 2)?;
    let mut keys = Vec::new();
    for line in &block.statements {
        keys.push(read_key(line)?);
    }
    Ok(keys)
}

fn read_key(st: &Statement) -> Result<KeyText, ConfigError> {
    // Every word of a key line is a keyword or a bare value: named refuses a quoted one
    // where it comes to it.
    let bare = |i: usize| -> Result<Option<&Word>, ConfigError> {
        match st.word(i) {
            Some(w) if w.quoted => Err(err(
                w.location.clone(),
                ConfigProblem::Expected {
                    what: "unquoted string",
                    near: w.near(),
                },
            )),
            w => Ok(w),
        }
    };
    let head = bare(0)?.ok_or_else(|| {
        let (at, near) = st.near(0);
        err(at, ConfigProblem::MissingSemicolon(near))
    })?;
    let role = match head.text.to_ascii_lowercase().as_str() {
        "csk" => KeyRole::Csk,
        "ksk" => KeyRole::Ksk,
        "zsk" => KeyRole::Zsk,
        _ => {
            return Err(err(
                head.location.clone(),
                ConfigProblem::Unexpected(head.text.clone()),
            ))
        }
    };
    let mut i = 1;
    if bare(i)?.is_some_and(|w| w.text.eq_ignore_ascii_case("key-directory")) {
        i += 1;
    }
    let keyword = |i: usize, kw: &'static str, what: &'static str| -> Result<(), ConfigError> {
        match bare(i)? {
            Some(w) if w.text.eq_ignore_ascii_case(kw) => Ok(()),
            _ => {
                let (at, near) = st.near(i);
                Err(err(at, ConfigProblem::Expected { what, near }))
            }
        }
    };
    keyword(i, "lifetime", "'lifetime'")?;
    let lifetime = match bare(i + 1)? {
        // Only in lower case: named reads `UNLIMITED` as a (bad) duration.
        Some(w) if w.text == "unlimited" => None,
        _ => {
            let d = duration_at(st, i + 1)?;
            // A lifetime of 0 is unlimited too.
            (d.0 != 0).then(|| (d, st.near(i + 1).0))
        }
    };
    i += 2;
    keyword(i, "algorithm", "'algorithm'")?;
    let algorithm = match bare(i + 1)? {
        Some(w) => w.clone(),
        None => {
            let (at, near) = st.near(i + 1);
            return Err(err(
                at,
                ConfigProblem::Expected {
                    what: "string",
                    near,
                },
            ));
        }
    };
    i += 2;
    let mut length = None;
    if let Some(w) = bare(i)? {
        if !w.text.is_empty() && w.text.bytes().all(|b| b.is_ascii_digit()) {
            let bits = w
                .text
                .parse::<u32>()
                .map_err(|_| err(w.location.clone(), ConfigProblem::OutOfRange))?;
            length = Some((bits, w.location.clone()));
            i += 1;
        }
    }
    end_after(st, i)?;
    Ok(KeyText {
        role,
        lifetime,
        algorithm,
        length,
    })
}

/// `nsec3param [iterations N] [optout BOOL] [salt-length N];`, in that order.
fn read_nsec3(st: &Statement) -> Result<Nsec3Text, ConfigError> {
    let mut out = Nsec3Text {
        iterations: None,
        optout: false,
        salt_length: None,
        location: st
            .items
            .last()
            .map(|i| match i {
                Item::Word(w) => w.location.clone(),
                Item::Block(b) => b.open.clone(),
            })
            .unwrap_or_else(|| st.location.clone()),
    };
    let mut i = 1;
    let number = |i: usize| -> Result<(u32, Location), ConfigError> {
        match st.word(i) {
            Some(w) if !w.text.is_empty() && w.text.bytes().all(|b| b.is_ascii_digit()) => w
                .text
                .parse::<u32>()
                .map(|n| (n, w.location.clone()))
                .map_err(|_| err(w.location.clone(), ConfigProblem::OutOfRange)),
            _ => {
                let (at, near) = st.near(i);
                Err(err(
                    at,
                    ConfigProblem::Expected {
                        what: "integer",
                        near,
                    },
                ))
            }
        }
    };
    let is = |i: usize, kw: &str| st.word(i).is_some_and(|w| w.text.eq_ignore_ascii_case(kw));
    if is(i, "iterations") {
        out.iterations = Some(number(i + 1)?);
        i += 2;
    }
    if is(i, "optout") {
        out.optout = match st
            .word(i + 1)
            .map(|w| w.text.to_ascii_lowercase())
            .as_deref()
        {
            Some("yes" | "true" | "1") => true,
            Some("no" | "false" | "0") => false,
            _ => {
                let (at, near) = st.near(i + 1);
                return Err(err(at, ConfigProblem::BooleanExpected(near)));
            }
        };
        i += 2;
    }
    if is(i, "salt-length") {
        out.salt_length = Some(number(i + 1)?);
        i += 2;
    }
    end_after(st, i)?;
    Ok(out)
}

/// The key size the key manager uses for an algorithm and an optional configured size
/// (docs/bind-compat.md, "keymgr: policies").
pub fn key_manager_bits(algorithm: Algorithm, configured: Option<u32>) -> u32 {
    match algorithm.0 {
        5 | 7 | 8 => configured.map_or(2048, |b| b.clamp(512, 4096)),
        10 => configured.map_or(2048, |b| b.clamp(1024, 4096)),
        13 | 15 => 256,
        14 => 384,
        16 => 456,
        _ => 0,
    }
}

impl PolicyText {
    /// True when the statement has a `keys` list.
    pub(super) fn keys_given(&self) -> bool {
        self.keys.is_some()
    }

    /// The value of a duration option, or BIND's default for it.
    fn get(&self, which: DurationOption, default: Duration) -> Duration {
        self.options
            .iter()
            .find(|(w, _, _)| *w == which)
            .map_or(default, |(_, d, _)| *d)
    }

    /// named-checkconf's checks of this policy, in its order: the signature timing first
    /// (and nothing more when that fails), each key (stopping at the first bad one), the
    /// roles of each algorithm, then `nsec3param`. `None` when an error was found.
    pub(super) fn check(&self, found: &mut Findings) -> Option<Policy> {
        use ConfigProblem as P;
        use DurationOption::*;
        let defaults = Policy::with_defaults(&self.name);
        let mut policy = Policy {
            dnskey_ttl: Ttl(self.get(DnskeyTtl, Duration(defaults.dnskey_ttl.0)).0),
            publish_safety: self.get(PublishSafety, defaults.publish_safety),
            retire_safety: self.get(RetireSafety, defaults.retire_safety),
            purge_keys: match self.get(PurgeKeys, defaults.purge_keys.unwrap_or_default()) {
                Duration(0) => None,
                d => Some(d),
            },
            signatures_jitter: self.get(SignaturesJitter, defaults.signatures_jitter),
            signatures_refresh: self.get(SignaturesRefresh, defaults.signatures_refresh),
            signatures_validity: self.get(SignaturesValidity, defaults.signatures_validity),
            signatures_validity_dnskey: self.get(
                SignaturesValidityDnskey,
                defaults.signatures_validity_dnskey,
            ),
            max_zone_ttl: Ttl(self.get(MaxZoneTtl, Duration(defaults.max_zone_ttl.0)).0),
            zone_propagation_delay: self.get(ZonePropagationDelay, defaults.zone_propagation_delay),
            parent_ds_ttl: Ttl(self.get(ParentDsTtl, Duration(defaults.parent_ds_ttl.0)).0),
            parent_propagation_delay: self
                .get(ParentPropagationDelay, defaults.parent_propagation_delay),
            ..defaults
        };
        let at = &self.location;
        let errors_before = found.errors.len();
        let name = || self.name.clone();
        // 90% as named computes it, in floating point on the validity.
        let refresh = f64::from(policy.signatures_refresh.0);
        if refresh >= f64::from(policy.signatures_validity_dnskey.0) * 0.9 {
            found.error(at, P::RefreshVsValidityDnskey(name()));
        }
        if refresh >= f64::from(policy.signatures_validity.0) * 0.9 {
            found.error(at, P::RefreshVsValidity(name()));
        }
        if policy.signatures_jitter > policy.signatures_validity_dnskey {
            found.error(at, P::JitterVsValidityDnskey(name()));
        }
        if policy.signatures_jitter > policy.signatures_validity {
            found.error(at, P::JitterVsValidity(name()));
        }
        if found.errors.len() > errors_before {
            return None;
        }
        if let Some((_, _, obsolete_at)) = self
            .options
            .iter()
            .find(|(w, _, _)| *w == ParentRegistrationDelay)
        {
            found.warning(obsolete_at, P::Obsolete("parent-registration-delay"));
        }
        let (ksk_min, zsk_min) = minimum_lifetimes(&policy);
        match &self.keys {
            None => policy.keys = Policy::builtin_default().keys,
            Some((keys_at, keys)) => {
                for key in keys {
                    policy.keys.push(check_key(key, ksk_min, zsk_min, found)?);
                }
                if keys.is_empty() {
                    found.warning(keys_at, P::EmptyKeyList(name()));
                }
                let mut algorithms: Vec<Algorithm> =
                    policy.keys.iter().map(|k| k.algorithm).collect();
                algorithms.sort_by_key(|a| a.0);
                algorithms.dedup();
                for alg in algorithms {
                    let of = |f: fn(KeyRole) -> bool| {
                        policy
                            .keys
                            .iter()
                            .filter(|k| k.algorithm == alg && f(k.role))
                            .count()
                    };
                    let (ksks, zsks) = (of(KeyRole::is_ksk), of(KeyRole::is_zsk));
                    if ksks == 0 || zsks == 0 {
                        found.error(keys_at, P::RolesMissing(alg));
                    }
                    if zsks > 1 {
                        found.warning(keys_at, P::MultipleZsk(alg));
                    }
                    if ksks > 1 {
                        found.warning(keys_at, P::MultipleKsk(alg));
                    }
                }
                if found.errors.len() > errors_before {
                    return None;
                }
            }
        }
        if let Some(n3) = &self.nsec3 {
            policy.nsec3param = Some(check_nsec3(n3, &policy, found)?);
        }
        Some(policy)
    }
}

/// The shortest lifetimes a KSK and a ZSK may have (named compares with the configured
/// values, `max-zone-ttl` 0 included).
fn minimum_lifetimes(p: &Policy) -> (u64, u64) {
    let publish = u64::from(p.dnskey_ttl.0)
        + u64::from(p.publish_safety.0)
        + u64::from(p.zone_propagation_delay.0);
    let ksk = publish.max(
        u64::from(p.parent_ds_ttl.0)
            + u64::from(p.retire_safety.0)
            + u64::from(p.parent_propagation_delay.0),
    );
    let sign_delay =
        u64::from(p.signatures_validity.0).saturating_sub(u64::from(p.signatures_refresh.0));
    let zsk = publish.max(
        sign_delay
            + u64::from(p.max_zone_ttl.0)
            + u64::from(p.retire_safety.0)
            + u64::from(p.zone_propagation_delay.0),
    );
    (ksk, zsk)
}

/// One key line: lifetime, algorithm, deprecation, size, in named's order.
fn check_key(key: &KeyText, ksk_min: u64, zsk_min: u64, found: &mut Findings) -> Option<PolicyKey> {
    use ConfigProblem as P;
    if let Some((life, at)) = &key.lifetime {
        let life = u64::from(life.0);
        if life < 30 * 86_400 {
            found.warning(at, P::LifetimeUnder30Days);
        }
        if (key.role.is_ksk() && life <= ksk_min) || (key.role.is_zsk() && life <= zsk_min) {
            found.error(at, P::LifetimeTooShort);
            return None;
        }
    }
    let alg_word = &key.algorithm;
    let Some(algorithm) = Algorithm::from_text(&alg_word.text) else {
        found.error(&alg_word.location, P::BadAlgorithm(alg_word.text.clone()));
        return None;
    };
    if algorithm.is_deprecated() {
        found.warning(
            &alg_word.location,
            P::DeprecatedAlgorithm(alg_word.text.clone()),
        );
    }
    let mut configured = None;
    if let Some((bits, at)) = &key.length {
        match algorithm.0 {
            // named's check takes 1024 as the floor for every RSA algorithm.
            5 | 7 | 8 | 10 if !(1024..=4096).contains(bits) => {
                found.error(
                    at,
                    P::InvalidKeyLength {
                        algorithm: alg_word.text.clone(),
                        bits: *bits,
                    },
                );
                return None;
            }
            13..=16 => found.warning(
                at,
                P::PredefinedLength {
                    algorithm: alg_word.text.clone(),
                    bits: *bits,
                },
            ),
            _ => configured = Some(*bits),
        }
    }
    Some(PolicyKey {
        role: key.role,
        lifetime: key.lifetime.as_ref().map(|(d, _)| *d),
        algorithm,
        bits: key_manager_bits(algorithm, configured),
    })
}

fn check_nsec3(n3: &Nsec3Text, policy: &Policy, found: &mut Findings) -> Option<Nsec3Param> {
    use ConfigProblem as P;
    // The algorithms that predate NSEC3 (RFC 5155 section 2), DH included as named has it.
    if let Some(k) = policy
        .keys
        .iter()
        .find(|k| matches!(k.algorithm.0, 1 | 2 | 3 | 5))
    {
        found.error(&n3.location, P::Nsec3Algorithm(k.algorithm));
        return None;
    }
    let iterations = match &n3.iterations {
        Some((n, at)) if *n > 150 => {
            found.error(at, P::Nsec3Iterations(*n));
            return None;
        }
        Some((n, _)) => u16::try_from(*n).ok()?,
        None => 0,
    };
    let salt_length = match &n3.salt_length {
        Some((n, at)) if *n > 255 => {
            found.error(at, P::Nsec3SaltLength(*n));
            return None;
        }
        Some((n, _)) => u8::try_from(*n).ok()?,
        None => 0,
    };
    Some(Nsec3Param {
        iterations,
        optout: n3.optout,
        salt_length,
    })
}
