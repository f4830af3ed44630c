//! A named.conf-style file as the key manager needs it (docs/bind-compat.md, "keymgr:
//! policies"): every `dnssec-policy` (with the built-in `default` and `insecure`), every
//! zone with the policy and key directory it gets, `options` and `view` inheritance as
//! named applies it, and named-checkconf's checks of policies and of zones that use them.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::policy::Policy;
use super::policy_text::{read_policy, PolicyText};
use super::problem::{ConfigError, ConfigMessage, ConfigProblem, Findings};
use super::syntax::{Block, Item, Reader, Statement};
use crate::error::Location;
use crate::name::Name;
use crate::rr::Class;

/// What a configuration file says about DNSSEC policies and the zones that use them.
#[derive(Clone, Debug)]
pub struct Config {
    /// The policies by name, the built-in `default` and `insecure` included.
    pub policies: BTreeMap<String, Policy>,
    /// Every primary and secondary zone, top level and in views, in file order.
    pub zones: Vec<ZoneConfig>,
    /// named-checkconf's warnings (the configuration is still accepted).
    pub warnings: Vec<ConfigMessage>,
    /// `options { directory ...; }`, if set: relative key directories are under it.
    pub directory: Option<PathBuf>,
}

/// One zone statement as the key manager steps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneConfig {
    /// The zone's name.
    pub name: Name,
    /// The class, if the statement gives one (named's default is IN).
    pub class: Option<Class>,
    /// The view it is in, if any.
    pub view: Option<String>,
    /// The policy it gets (its own, else its view's, else the options'); `None` when it has
    /// none or `none` (the zone is not managed).
    pub policy: Option<String>,
    /// The policy it gets is the built-in `none`: named loads the zone and leaves its keys
    /// alone, as for a zone without any `dnssec-policy` (docs/bind-compat.md, "keymgr:
    /// dnssec-policy none and shared key directories").
    pub policy_none: bool,
    /// Where its keys are: `key-directory` of the zone, else the view, else the options,
    /// else the working directory; a relative one under `directory` (docs/bind-compat.md,
    /// "keymgr: policies").
    pub key_directory: PathBuf,
    /// Where the zone statement is.
    pub location: Location,
}

impl Config {
    /// The policy of that name (`none` has none).
    pub fn policy(&self, name: &str) -> Option<&Policy> {
        self.policies.get(name)
    }

    /// The policy a zone uses, if it is managed.
    pub fn zone_policy(&self, zone: &ZoneConfig) -> Option<&Policy> {
        zone.policy.as_deref().and_then(|n| self.policy(n))
    }
}

/// One `dnssec-policy` statement as a tool that names a single policy reads it (dnssec-keygen
/// `-k`/`-l`): checked on its own, whatever the rest of the file holds.
#[derive(Clone, Debug)]
pub struct PolicyEntry {
    /// The policy's name.
    pub name: String,
    /// Where the statement is.
    pub location: Location,
    /// The policy, or the errors of its checks.
    pub checked: Result<Policy, ConfigError>,
    /// True when the statement has a `keys` list (without one, `checked` holds the default
    /// key list, as named gives it; dnssec-keygen instead refuses such a policy).
    pub keys_given: bool,
    /// The warnings of its checks.
    pub warnings: Vec<ConfigMessage>,
}

/// Every `dnssec-policy` statement of a file, in file order, each with named-checkconf's
/// checks of that policy alone (docs/bind-compat.md, "keymgr: policies"). The grammar of the
/// whole file must be right, as dnssec-keygen needs it; zones, duplicates and reserved
/// names are not checked (the first statement of a name is the one a tool finds), and
/// `include` stays relative to the working directory whatever `directory` says.
pub fn read_policies(text: &str, file: &Path) -> Result<Vec<PolicyEntry>, ConfigError> {
    let statements = Reader::new(false).read(text, file)?;
    let mut texts = Vec::new();
    for st in &statements {
        if st.keyword() == "dnssec-policy" {
            texts.push(read_policy(st)?);
        }
    }
    Scopes::read(&statements)?;
    Ok(texts
        .iter()
        .map(|t| {
            let mut found = Findings::default();
            let checked = t.check(&mut found);
            let warnings = found.warnings;
            PolicyEntry {
                name: t.name.clone(),
                location: t.location.clone(),
                checked: checked.ok_or(ConfigError {
                    errors: found.errors,
                    warnings: warnings.clone(),
                }),
                keys_given: t.keys_given(),
                warnings,
            }
        })
        .collect())
}

/// Reads a named.conf-style configuration: `text` is the file `file` (as named in messages
/// and for nothing else: `include` is resolved against the working directory, or against
/// `directory` once the options set it, as named resolves it). Errors and warnings are
/// named-checkconf's, with file and line.
pub fn read_config(text: &str, file: &Path) -> Result<Config, ConfigError> {
    let mut reader = Reader::new(true);
    let statements = reader.read(text, file)?;
    let mut found = Findings::default();

    // The grammar of every policy first: named refuses a file with a syntax error before it
    // checks anything.
    let mut texts: Vec<PolicyText> = Vec::new();
    for st in &statements {
        if st.keyword() == "dnssec-policy" {
            texts.push(read_policy(st)?);
        }
    }
    let scopes = Scopes::read(&statements)?;

    let mut policies = BTreeMap::new();
    policies.insert("default".to_string(), Policy::builtin_default());
    policies.insert("insecure".to_string(), Policy::builtin_insecure());
    let mut user: Vec<&str> = Vec::new();
    for text in &texts {
        if matches!(text.name.as_str(), "default" | "insecure" | "none") {
            found.error(&text.location, ConfigProblem::ReservedPolicyName);
            continue;
        }
        if user.contains(&text.name.as_str()) {
            found.error(
                &text.location,
                ConfigProblem::DuplicatePolicy(text.name.clone()),
            );
            continue;
        }
        user.push(&text.name);
        if let Some(policy) = text.check(&mut found) {
            policies.insert(text.name.clone(), policy);
        }
    }
    // A policy refused above still counts as defined for the zones that name it.
    let defined =
        |name: &str| name == "none" || policies.contains_key(name) || user.contains(&name);

    let directory = scopes.options.directory.clone();
    let base = directory.clone().unwrap_or_default();
    let mut zones = Vec::new();
    // (zone name, key directory) -> the first zone's policy and location; a map, as files
    // with tens of thousands of zones are common.
    let mut key_dirs: HashMap<(String, String), (String, Location)> = HashMap::new();
    for z in &scopes.zones {
        let view = z.view.map(|v| &scopes.views[v]);
        let inherited = |get: fn(&Settings) -> Option<&Located>| {
            get(&z.settings)
                .or(view.and_then(|v| get(&v.settings)))
                .or(get(&scopes.options))
                .cloned()
        };
        let key_dir = inherited(|s| s.key_directory.as_ref());
        if let Some((dir, at)) = &key_dir {
            // named-checkconf looks for the directory (from inside `directory`) for every
            // zone that has one, whatever its type.
            if !base.join(dir).is_dir() {
                found.warning(at, ConfigProblem::KeyDirectoryMissing(dir.clone()));
            }
        }
        let Ok(name) = Name::parse(&z.name_text, Some(&Name::root())) else {
            found.error(&z.location, ConfigProblem::BadZoneName(z.name_text.clone()));
            continue;
        };
        if !z.signable() {
            continue;
        }
        let policy = inherited(|s| s.policy.as_ref());
        let policy_none = policy.as_ref().is_some_and(|(n, _)| n == "none");
        let policy = policy.filter(|_| !policy_none);
        if let Some((name, policy_at)) = &policy {
            if !defined(name) {
                found.error(
                    &z.location,
                    ConfigProblem::UndefinedPolicy {
                        zone: z.name_text.clone(),
                        policy: name.clone(),
                    },
                );
            } else {
                check_zone(z, view, &scopes.options, policy_at, &mut found);
                let dir = key_dir
                    .as_ref()
                    .map_or_else(|| "(null)".to_string(), |(d, _)| d.clone());
                let key = (z.name_text.to_ascii_lowercase(), dir.clone());
                match key_dirs.get(&key) {
                    Some((other, first)) if other != name => found.error(
                        &z.location,
                        ConfigProblem::KeyDirectoryInUse {
                            zone: z.name_text.clone(),
                            directory: dir,
                            policy: other.clone(),
                            first: first.clone(),
                        },
                    ),
                    Some(_) => {}
                    None => {
                        key_dirs.insert(key, (name.clone(), z.location.clone()));
                    }
                }
            }
        }

        zones.push(ZoneConfig {
            name,
            class: z.class,
            view: view.map(|v| v.name.clone()),
            policy: policy.map(|(n, _)| n),
            policy_none,
            key_directory: base.join(key_dir.map(|(d, _)| d).unwrap_or_default()),
            location: z.location.clone(),
        });
    }
    if !found.errors.is_empty() {
        return Err(ConfigError {
            errors: found.errors,
            warnings: found.warnings,
        });
    }
    Ok(Config {
        policies,
        zones,
        warnings: found.warnings,
        directory,
    })
}

/// A value with where it is written (named reports problems at the value).
type Located = (String, Location);

/// The options that `options`, a `view` or a `zone` may set and the key manager reads.
#[derive(Debug, Default)]
struct Settings {
    policy: Option<Located>,
    key_directory: Option<Located>,
    directory: Option<PathBuf>,
    /// `allow-update` given and not `{ none; }` (inherited like named's ACLs).
    allow_update: Option<bool>,
}

impl Settings {
    fn read(block: &Block, options: bool) -> Result<Settings, ConfigError> {
        let mut s = Settings::default();
        for st in &block.statements {
            match st.keyword().as_str() {
                "dnssec-policy" => {
                    if let Some(Item::Block(b)) = st.items.get(2) {
                        return Err(ConfigError::one(
                            b.open.clone(),
                            ConfigProblem::MissingSemicolon(super::problem::Near::Token(
                                "{".into(),
                            )),
                        ));
                    }
                    s.policy = st.word(1).map(|w| (w.text.clone(), w.location.clone()));
                }
                "key-directory" => {
                    s.key_directory = st.word(1).map(|w| (w.text.clone(), w.location.clone()));
                }
                "directory" if options => {
                    s.directory = st.word(1).map(|w| PathBuf::from(&w.text));
                }
                "allow-update" => s.allow_update = Some(!acl_is_none(st)),
                _ => {}
            }
        }
        Ok(s)
    }
}

/// `allow-update { none; };`: the only ACL that leaves a zone static.
fn acl_is_none(st: &Statement) -> bool {
    match st.items.get(1) {
        Some(Item::Block(b)) => {
            b.statements.len() == 1
                && b.statements[0].items.len() == 1
                && b.statements[0].keyword() == "none"
        }
        _ => false,
    }
}

#[derive(Debug)]
struct View {
    name: String,
    settings: Settings,
}

#[derive(Debug)]
struct Zone<'a> {
    name_text: String,
    class: Option<Class>,
    view: Option<usize>,
    kind: String,
    settings: Settings,
    block: &'a Block,
    location: Location,
}

impl Zone<'_> {
    /// Only primary and secondary zones are signed under a policy.
    fn signable(&self) -> bool {
        matches!(
            self.kind.as_str(),
            "primary" | "master" | "secondary" | "slave"
        )
    }

    fn option(&self, name: &str) -> Option<&Statement> {
        self.block.statements.iter().find(|s| s.keyword() == name)
    }
}

/// The options, views and zones of a file.
struct Scopes<'a> {
    options: Settings,
    views: Vec<View>,
    zones: Vec<Zone<'a>>,
}

impl<'a> Scopes<'a> {
    fn read(statements: &'a [Statement]) -> Result<Scopes<'a>, ConfigError> {
        let mut scopes = Scopes {
            options: Settings::default(),
            views: Vec::new(),
            zones: Vec::new(),
        };
        for st in statements {
            match st.keyword().as_str() {
                "options" => {
                    if let Some(b) = st.block() {
                        let s = Settings::read(b, true)?;
                        scopes.options = s;
                    }
                }
                "view" => {
                    let name = st.word(1).map(|w| w.text.clone()).unwrap_or_default();
                    let Some(b) = st.block() else { continue };
                    scopes.views.push(View {
                        name,
                        settings: Settings::read(b, false)?,
                    });
                    let v = scopes.views.len() - 1;
                    for inner in &b.statements {
                        if inner.keyword() == "zone" {
                            scopes.zone(inner, Some(v))?;
                        }
                    }
                }
                "zone" => scopes.zone(st, None)?,
                _ => {}
            }
        }
        Ok(scopes)
    }

    fn zone(&mut self, st: &'a Statement, view: Option<usize>) -> Result<(), ConfigError> {
        let Some(block) = st.block() else {
            return Ok(());
        };
        let name_text = st.word(1).map(|w| w.text.clone()).unwrap_or_default();
        let class = st.word(2).and_then(|w| Class::from_mnemonic(&w.text));
        let kind = block
            .statements
            .iter()
            .find(|s| s.keyword() == "type")
            .and_then(|s| s.word(1))
            .map(|w| w.text.to_ascii_lowercase())
            .unwrap_or_default();
        self.zones.push(Zone {
            name_text,
            class,
            view,
            kind,
            settings: Settings::read(block, false)?,
            block,
            location: st.location.clone(),
        });
        Ok(())
    }
}

/// The checks named-checkconf makes of a zone with a policy: the old signing options it
/// refuses beside one (reported at each option's value), and the requirement of dynamic
/// updates or inline signing (reported where the policy is named, maybe in the options).
fn check_zone(
    z: &Zone<'_>,
    view: Option<&View>,
    options: &Settings,
    policy_at: &Location,
    found: &mut Findings,
) {
    use ConfigProblem as P;
    let value_at = |st: &Statement| st.near(1).0;
    if let Some(st) = z.option("max-zone-ttl") {
        found.warning(&value_at(st), P::MaxZoneTtlIgnored(z.name_text.clone()));
    }
    if let Some(st) = z.option("auto-dnssec") {
        if let Some(v) = st.word(1).filter(|v| !v.text.eq_ignore_ascii_case("off")) {
            found.error(&v.location, P::AutoDnssec(v.text.clone()));
        }
    }
    for opt in [
        "dnssec-dnskey-kskonly",
        "dnssec-secure-to-insecure",
        "update-check-ksk",
        "dnssec-update-mode",
        "sig-validity-interval",
        "dnskey-sig-validity",
    ] {
        if let Some(st) = z.option(opt) {
            found.error(&value_at(st), P::NotWithPolicy(opt));
        }
    }
    let inline = z
        .option("inline-signing")
        .and_then(|s| s.word(1))
        .map(|w| matches!(w.text.to_ascii_lowercase().as_str(), "yes" | "true" | "1"));
    let primary = matches!(z.kind.as_str(), "primary" | "master");
    let dynamic = primary
        && (z.option("update-policy").is_some()
            || z.settings
                .allow_update
                .or(view.and_then(|v| v.settings.allow_update))
                .or(options.allow_update)
                .unwrap_or(false));
    match (inline, dynamic) {
        (Some(true), _) => {}
        (None, true) => found.warning(policy_at, P::InlineSigningDefault),
        (_, true) => {}
        (_, false) if primary => found.error(policy_at, P::InlineSigningPrimary),
        (_, false) => found.error(policy_at, P::InlineSigningSecondary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algorithm::Algorithm;
    use crate::kasp::policy::{Duration, KeyRole, Nsec3Param, PolicyKey};
    use crate::time::Ttl;

    fn read(text: &str) -> Result<Config, ConfigError> {
        read_config(text, Path::new("named.conf"))
    }

    fn errors(text: &str) -> Vec<String> {
        read(text)
            .unwrap_err()
            .errors
            .iter()
            .map(|m| m.to_string())
            .collect()
    }

    #[test]
    fn a_full_policy() {
        let c = read(
            "dnssec-policy \"two\" {\n\
             dnskey-ttl 600; publish-safety PT2H; retire-safety 2h; purge-keys 0;\n\
             signatures-jitter 1h; signatures-refresh P3D; signatures-validity P10D;\n\
             signatures-validity-dnskey P12D; max-zone-ttl 0; zone-propagation-delay 1m;\n\
             parent-ds-ttl P1D; parent-propagation-delay PT30M;\n\
             keys {\n ksk key-directory lifetime P1Y algorithm ECDSAP256SHA256;\n\
             csk lifetime P6M algorithm rsasha256 1024;\n\
             zsk lifetime unlimited algorithm ecdsa256;\n\
             zsk lifetime unlimited algorithm 13; };\n\
             nsec3param iterations 0 optout yes salt-length 8;\n};\n",
        )
        .unwrap();
        let p = c.policy("two").unwrap();
        assert_eq!(p.dnskey_ttl, Ttl(600));
        assert_eq!(p.publish_safety, Duration(7200));
        assert_eq!(p.retire_safety, Duration(7200));
        assert_eq!(p.purge_keys, None);
        assert_eq!(p.signatures_jitter, Duration(3600));
        assert_eq!(p.signatures_refresh, Duration(3 * 86400));
        assert_eq!(p.signatures_validity, Duration(10 * 86400));
        assert_eq!(p.signatures_validity_dnskey, Duration(12 * 86400));
        assert_eq!(p.max_zone_ttl, Ttl(0));
        assert_eq!(p.timing_max_zone_ttl(), Duration(604_800));
        assert_eq!(p.zone_propagation_delay, Duration(60));
        assert_eq!(p.parent_ds_ttl, Ttl(86400));
        assert_eq!(p.parent_propagation_delay, Duration(1800));
        assert_eq!(
            p.nsec3param,
            Some(Nsec3Param {
                iterations: 0,
                optout: true,
                salt_length: 8
            })
        );
        assert_eq!(
            p.keys,
            [
                PolicyKey {
                    role: KeyRole::Ksk,
                    lifetime: Some(Duration(31_536_000)),
                    algorithm: Algorithm::ECDSAP256SHA256,
                    bits: 256
                },
                PolicyKey {
                    role: KeyRole::Csk,
                    lifetime: Some(Duration(186 * 86400)),
                    algorithm: Algorithm::RSASHA256,
                    bits: 1024
                },
                PolicyKey {
                    role: KeyRole::Zsk,
                    lifetime: None,
                    algorithm: Algorithm::ECDSAP256SHA256,
                    bits: 256
                },
                PolicyKey {
                    role: KeyRole::Zsk,
                    lifetime: None,
                    algorithm: Algorithm::ECDSAP256SHA256,
                    bits: 256
                },
            ]
        );
        assert_eq!(
            c.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            ["named.conf:6: dnssec-policy: algorithm 13 has multiple keys with ZSK role"]
        );
    }

    #[test]
    fn builtins_defaults_and_inheritance_of_keys() {
        let c = read("dnssec-policy p { dnskey-ttl 1h; };").unwrap();
        assert_eq!(c.policy("default"), Some(&Policy::builtin_default()));
        assert_eq!(c.policy("insecure"), Some(&Policy::builtin_insecure()));
        assert_eq!(c.policy("none"), None);
        let p = c.policy("p").unwrap();
        assert_eq!(p.keys, Policy::builtin_default().keys);
        assert_eq!(
            *p,
            Policy {
                keys: Policy::builtin_default().keys,
                ..Policy::with_defaults("p")
            }
        );
    }

    #[test]
    fn key_sizes_as_the_key_manager_uses_them() {
        let c = read(
            "dnssec-policy p { keys {\n csk lifetime 0 algorithm 8;\n\
             csk lifetime 0 algorithm 10 4096;\n csk lifetime 0 algorithm 14;\n\
             csk lifetime 0 algorithm ed25519 100;\n csk lifetime 0 algorithm ed448; }; };",
        )
        .unwrap();
        let bits: Vec<u32> = c.policy("p").unwrap().keys.iter().map(|k| k.bits).collect();
        assert_eq!(bits, [2048, 4096, 384, 256, 456]);
        assert!(c
            .policy("p")
            .unwrap()
            .keys
            .iter()
            .all(|k| k.lifetime.is_none()));
    }

    #[test]
    fn policy_checks_in_named_order() {
        assert_eq!(
            errors("dnssec-policy a {\n signatures-refresh P13D;\n keys { csk lifetime P1D algorithm 13; };\n};"),
            [
                "named.conf:1: dnssec-policy: policy 'a' signatures-refresh must be at most 90% of the signatures-validity-dnskey",
                "named.conf:1: dnssec-policy: policy 'a' signatures-refresh must be at most 90% of the signatures-validity",
            ]
        );
        assert_eq!(
            errors("dnssec-policy a { keys {\n ksk lifetime P1D algorithm rsasha1 512;\n }; };"),
            ["named.conf:2: dnssec-policy: key lifetime is shorter than the time it takes to do a rollover"]
        );
        assert_eq!(
            errors("dnssec-policy a { keys { zsk lifetime unlimited algorithm 14; ksk lifetime unlimited algorithm 8; }; };"),
            [
                "named.conf:1: dnssec-policy: algorithm 8 requires both KSK and ZSK roles",
                "named.conf:1: dnssec-policy: algorithm 14 requires both KSK and ZSK roles",
            ]
        );
        assert_eq!(
            errors("dnssec-policy a { keys { csk lifetime unlimited algorithm 7; };\n nsec3param\n iterations 151; };"),
            ["named.conf:3: dnssec-policy: nsec3 iterations value 151 out of range"]
        );
        assert_eq!(
            errors("dnssec-policy a { };\ndnssec-policy a { };\ndnssec-policy none { };"),
            [
                "named.conf:2: dnssec-policy: duplicately named policy found 'a'",
                "named.conf:3: dnssec-policy name may not be 'insecure', 'none', or 'default' (which are built-in policies)",
            ]
        );
    }

    #[test]
    fn lifetime_minimums() {
        // KSK: max(TTL + publish-safety + propagation, DS TTL + retire-safety + parent
        // propagation) = max(3600+3600+300, 86400+3600+3600) = 93600 with the defaults.
        let ksk = |life: u32| {
            read(&format!(
                "dnssec-policy a {{ keys {{ ksk lifetime {life} algorithm 13; zsk lifetime unlimited algorithm 13; }}; }};"
            ))
            .is_ok()
        };
        assert!(!ksk(93_600));
        assert!(ksk(93_601));
        // ZSK: (validity - refresh) + max-zone-ttl + retire-safety + propagation
        // = 777600 + 86400 + 3600 + 300 = 867900.
        let zsk = |life: u32| {
            read(&format!(
                "dnssec-policy a {{ keys {{ zsk lifetime {life} algorithm 13; ksk lifetime unlimited algorithm 13; }}; }};"
            ))
            .is_ok()
        };
        assert!(!zsk(867_900));
        assert!(zsk(867_901));
    }

    #[test]
    fn grammar_errors() {
        for (text, want) in [
            (
                "dnssec-policy a { foo 1; };",
                "named.conf:1: unknown option 'foo'",
            ),
            (
                "dnssec-policy a { dnskey-ttl P1X; };",
                "named.conf:1: expected ISO 8601 duration or TTL value near 'P1X'",
            ),
            (
                "dnssec-policy a { keys { bsk lifetime 0 algorithm 13; }; };",
                "named.conf:1: 'bsk' unexpected",
            ),
            (
                "dnssec-policy a { keys { csk algorithm 13; }; };",
                "named.conf:1: expected 'lifetime' near 'algorithm'",
            ),
            (
                "dnssec-policy a { keys { csk lifetime unlimited; }; };",
                "named.conf:1: expected 'algorithm' near ';'",
            ),
            (
                "dnssec-policy a { keys { csk lifetime 0 algorithm 13 foo; }; };",
                "named.conf:1: missing ';' before 'foo'",
            ),
            (
                "dnssec-policy a { nsec3param optout maybe; };",
                "named.conf:1: boolean expected near 'maybe'",
            ),
            (
                "dnssec-policy a { dnskey-ttl 1h; dnskey-ttl 2h; };",
                "named.conf:1: 'dnskey-ttl' redefined near 'dnskey-ttl'",
            ),
            (
                "dnssec-policy a { nsec3param salt-length 1 iterations 1; };",
                "named.conf:1: missing ';' before 'iterations'",
            ),
            (
                "dnssec-policy { dnskey-ttl 1h; };",
                "named.conf:1: expected string near '{'",
            ),
            (
                "dnssec-policy a { keys { csk lifetime 0 algorithm 13 99999999999; }; };",
                "named.conf:1: out of range ",
            ),
            (
                "view v { dnssec-policy a { }; };",
                "named.conf:1: missing ';' before '{'",
            ),
        ] {
            assert_eq!(errors(text), [want], "{text}");
        }
    }

    #[test]
    fn zones_views_and_inheritance() {
        let c = read(
            "options { directory \"/\"; dnssec-policy p; key-directory \"keys\"; };\n\
             dnssec-policy p { };\n\
             zone \"a.example\" { type primary; file \"a\"; inline-signing yes; };\n\
             zone \"b.example\" IN { type primary; file \"b\"; dnssec-policy none; };\n\
             view v { dnssec-policy default; key-directory \"/abs\";\n\
               zone \"c.example\" { type secondary; primaries { 192.0.2.1; }; inline-signing yes; };\n\
               zone \"d.example\" { type primary; file \"d\"; key-directory \"dk\"; allow-update { any; }; inline-signing no; };\n\
               zone \"e.example\" { type forward; forwarders { 192.0.2.1; }; };\n\
             };\n",
        )
        .unwrap();
        let got: Vec<(String, Option<&str>, Option<&str>, &Path)> = c
            .zones
            .iter()
            .map(|z| {
                (
                    z.name.bind_text(),
                    z.view.as_deref(),
                    z.policy.as_deref(),
                    z.key_directory.as_path(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("a.example".into(), None, Some("p"), Path::new("/keys")),
                ("b.example".into(), None, None, Path::new("/keys")),
                (
                    "c.example".into(),
                    Some("v"),
                    Some("default"),
                    Path::new("/abs")
                ),
                (
                    "d.example".into(),
                    Some("v"),
                    Some("default"),
                    Path::new("/dk")
                ),
            ]
        );
        assert_eq!(
            c.zones.iter().map(|z| z.policy_none).collect::<Vec<_>>(),
            [false, true, false, false]
        );
        assert_eq!(c.zones[1].class, Some(Class::IN));
        assert_eq!(c.zones[0].location.line, 3);
        // Only that the key directories are missing (every zone with one, its type aside).
        assert_eq!(c.warnings.len(), 5, "{:?}", c.warnings);
        assert!(c
            .warnings
            .iter()
            .all(|w| matches!(w.problem, ConfigProblem::KeyDirectoryMissing(_))));
    }

    #[test]
    fn every_prefix_and_mutation_is_an_answer_not_a_panic() {
        let text = "options { directory \"/tmp\"; dnssec-policy p; };\n\
            dnssec-policy p { dnskey-ttl PT1H; keys { ksk key-directory lifetime P1Y algorithm 13 256;\n\
            zsk lifetime 90d algorithm rsasha256 2048; }; nsec3param iterations 0 optout yes salt-length 8; };\n\
            view \"v\" in { zone \"\\\"a.example\" { type primary; file \"a\"; inline-signing yes; }; };\n\
            /* c */ # c\n// c\n";
        for (i, _) in text.char_indices() {
            let _ = read(&text[..i]);
            for junk in [
                "{",
                "}",
                ";",
                "\"",
                "/*",
                "P",
                "9999999999999",
                "\u{e9}",
                "#",
            ] {
                let _ = read(&format!("{}{junk}{}", &text[..i], &text[i..]));
            }
        }
    }

    #[test]
    fn ten_thousand_zones() {
        let mut text = String::from("dnssec-policy p { };\nview v { dnssec-policy p; };\n");
        text.push_str("view w {\n");
        for i in 0..10_000 {
            text.push_str(&format!(
                "zone \"z{i}.example\" {{ type primary; file \"z{i}\"; dnssec-policy p; inline-signing yes; }};\n"
            ));
        }
        text.push_str("};\n");
        let c = read(&text).unwrap();
        assert_eq!(c.zones.len(), 10_000);
        assert_eq!(c.zones[9_999].location.line, 10_003);
        assert!(c.zones.iter().all(|z| z.policy.as_deref() == Some("p")));
    }

    #[test]
    fn zone_checks() {
        assert_eq!(
            errors("options { dnssec-policy nosuch; };\nzone \"x\" { type primary; file \"x\"; inline-signing yes; };"),
            ["named.conf:2: zone 'x': option 'dnssec-policy nosuch' has no matching dnssec-policy config"]
        );
        assert_eq!(
            errors("zone \"x\" { type primary; file \"x\"; dnssec-policy default; allow-update { none; }; };")[0],
            "named.conf:1: 'inline-signing yes;' must also be configured explicitly for zones using dnssec-policy without a configured 'allow-update' or 'update-policy'. See https://kb.isc.org/docs/dnssec-policy-requires-dynamic-dns-or-inline-signing"
        );
        let c = read(
            "zone \"x\" { type primary; file \"x\"; dnssec-policy default; update-policy local; };",
        )
        .unwrap();
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(
            errors("dnssec-policy a { };\nview v1 { zone \"x\" { type primary; file \"x\"; dnssec-policy a; inline-signing yes; }; };\nview v2 { zone \"x\" { type primary; file \"y\"; dnssec-policy default; inline-signing yes; }; };"),
            ["named.conf:3: key-directory 'x/(null)' already in use by zone x with policy a: named.conf:2"]
        );
    }
}
