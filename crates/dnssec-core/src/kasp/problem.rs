//! What the policy reader reports: each problem a typed value with its location, printed as
//! named-checkconf prints it, `file:line: message` (docs/bind-compat.md, "keymgr: policies").

use std::fmt;

use crate::algorithm::Algorithm;
use crate::error::Location;

/// Where a syntax error was noticed: at a token or at the end of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Near {
    /// The token as written.
    Token(String),
    /// The end of the file.
    EndOfFile,
}

impl fmt::Display for Near {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Near::Token(t) => write!(f, "'{t}'"),
            Near::EndOfFile => f.write_str("end of file"),
        }
    }
}

/// One problem in a named.conf-style file, worded as named-checkconf words it
/// (docs/bind-compat.md, "keymgr: policies").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    // --- the text itself ---
    /// A quoted string or comment that never ends.
    UnexpectedEnd,
    /// An option the grammar does not have at this place.
    UnknownOption(String),
    /// A statement that goes on where `;` should end it.
    MissingSemicolon(Near),
    /// A word that cannot start what is expected here.
    Unexpected(String),
    /// A word or value of the wrong kind (`what` is e.g. `ISO 8601 duration or TTL value`).
    Expected {
        /// What the grammar wanted.
        what: &'static str,
        /// What it found.
        near: Near,
    },
    /// Not `yes`/`no`/`true`/`false`/`1`/`0`.
    BooleanExpected(Near),
    /// A `}` is missing.
    CloseBraceExpected(Near),
    /// A token that cannot start a statement (a stray `;` or `}`).
    SyntaxError(Near),
    /// An option given twice in one block.
    Redefined(String),
    /// A number above 2^32-1.
    OutOfRange,
    /// An `include` that cannot be read (`file not found`, or the system's reason).
    IncludeFailed(String),
    /// Includes nested deeper than the reader follows (a loop, most likely).
    IncludeTooDeep,
    /// Blocks nested deeper than any configuration needs.
    TooDeep,
    /// `options { directory }` names no usable directory.
    ChangeDirectory {
        /// The directory as written.
        directory: String,
        /// Why (`file not found`, `not a directory`).
        why: &'static str,
    },
    // --- dnssec-policy ---
    /// Two policies with one name.
    DuplicatePolicy(String),
    /// A policy named `default`, `insecure` or `none`.
    ReservedPolicyName,
    /// `signatures-refresh` at or above 90% of `signatures-validity-dnskey`.
    RefreshVsValidityDnskey(String),
    /// `signatures-refresh` at or above 90% of `signatures-validity`.
    RefreshVsValidity(String),
    /// `signatures-jitter` above `signatures-validity-dnskey`.
    JitterVsValidityDnskey(String),
    /// `signatures-jitter` above `signatures-validity`.
    JitterVsValidity(String),
    /// A key lifetime under 30 days (a warning).
    LifetimeUnder30Days,
    /// A key lifetime that a rollover cannot fit in.
    LifetimeTooShort,
    /// An algorithm that is neither a known mnemonic nor a number 0-255.
    BadAlgorithm(String),
    /// RSASHA1 or NSEC3RSASHA1 (a warning).
    DeprecatedAlgorithm(String),
    /// An RSA size outside 1024..=4096.
    InvalidKeyLength {
        /// The algorithm as written.
        algorithm: String,
        /// The size.
        bits: u32,
    },
    /// A size given for an algorithm of fixed size (a warning).
    PredefinedLength {
        /// The algorithm as written.
        algorithm: String,
        /// The size.
        bits: u32,
    },
    /// An algorithm with a KSK but no ZSK, or the reverse.
    RolesMissing(Algorithm),
    /// Two keys of one algorithm sign the zone (a warning).
    MultipleZsk(Algorithm),
    /// Two keys of one algorithm sign the DNSKEY set (a warning).
    MultipleKsk(Algorithm),
    /// `nsec3param` with an algorithm that predates NSEC3.
    Nsec3Algorithm(Algorithm),
    /// NSEC3 iterations above 150.
    Nsec3Iterations(u32),
    /// NSEC3 salt longer than 255 octets.
    Nsec3SaltLength(u32),
    /// An option that 9.18 ignores (a warning).
    Obsolete(&'static str),
    /// `keys { };` in a user policy (a warning: named 9.18 accepts the file and then aborts).
    EmptyKeyList(String),
    // --- zones ---
    /// A zone (or its view or the options) names a policy that is not defined.
    UndefinedPolicy {
        /// The zone name as written.
        zone: String,
        /// The policy name.
        policy: String,
    },
    /// A primary zone with a policy and neither dynamic updates nor `inline-signing yes`.
    InlineSigningPrimary,
    /// A secondary zone with a policy and without `inline-signing yes`.
    InlineSigningSecondary,
    /// A dynamic zone with a policy and `inline-signing` not set (a warning).
    InlineSigningDefault,
    /// `auto-dnssec` other than `off` beside a policy.
    AutoDnssec(String),
    /// A zone option of the pre-policy signing beside a policy.
    NotWithPolicy(&'static str),
    /// A zone's own `max-zone-ttl` beside a policy (a warning).
    MaxZoneTtlIgnored(String),
    /// One zone name in two views, one key directory, two policies.
    KeyDirectoryInUse {
        /// The zone name as written.
        zone: String,
        /// The key directory as configured (`(null)` when none is).
        directory: String,
        /// The policy of the zone seen first.
        policy: String,
        /// Where that zone is.
        first: Location,
    },
    /// A zone name that is not a domain name.
    BadZoneName(String),
    /// A `key-directory` that is not there (a warning).
    KeyDirectoryMissing(String),
}

impl fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ConfigProblem::*;
        const P: &str = "dnssec-policy:";
        match self {
            // named-checkconf ends this one with a space.
            UnexpectedEnd => f.write_str("unexpected end of input "),
            UnknownOption(o) => write!(f, "unknown option '{o}'"),
            MissingSemicolon(near) => write!(f, "missing ';' before {near}"),
            Unexpected(w) => write!(f, "'{w}' unexpected"),
            Expected { what, near } => write!(f, "expected {what} near {near}"),
            BooleanExpected(near) => write!(f, "boolean expected near {near}"),
            CloseBraceExpected(near) => write!(f, "'}}' expected near {near}"),
            SyntaxError(near) => write!(f, "syntax error near {near}"),
            Redefined(o) => write!(f, "'{o}' redefined near '{o}'"),
            // named-checkconf ends this one with a space.
            OutOfRange => f.write_str("out of range "),
            IncludeFailed(why) => write!(f, "parsing failed: {why}"),
            IncludeTooDeep => f.write_str("parsing failed: includes nested too deeply"),
            TooDeep => f.write_str("blocks nested too deeply"),
            ChangeDirectory { directory, why } => {
                write!(f, "change directory to '{directory}' failed: {why}")
            }
            DuplicatePolicy(n) => write!(f, "{P} duplicately named policy found '{n}'"),
            ReservedPolicyName => f.write_str(
                "dnssec-policy name may not be 'insecure', 'none', or 'default' \
                 (which are built-in policies)",
            ),
            RefreshVsValidityDnskey(n) => write!(
                f,
                "{P} policy '{n}' signatures-refresh must be at most 90% of the \
                 signatures-validity-dnskey"
            ),
            RefreshVsValidity(n) => write!(
                f,
                "{P} policy '{n}' signatures-refresh must be at most 90% of the \
                 signatures-validity"
            ),
            JitterVsValidityDnskey(n) => write!(
                f,
                "{P} policy '{n}' signatures-jitter cannot be larger than \
                 signatures-validity-dnskey"
            ),
            JitterVsValidity(n) => write!(
                f,
                "{P} policy '{n}' signatures-jitter cannot be larger than signatures-validity"
            ),
            LifetimeUnder30Days => write!(f, "{P} key lifetime is shorter than 30 days"),
            LifetimeTooShort => write!(
                f,
                "{P} key lifetime is shorter than the time it takes to do a rollover"
            ),
            BadAlgorithm(a) => write!(f, "{P} bad algorithm {a}"),
            DeprecatedAlgorithm(a) => write!(f, "{P} DNSSEC algorithm {a} is deprecated"),
            InvalidKeyLength { algorithm, bits } => write!(
                f,
                "{P} key with algorithm {algorithm} has invalid key length {bits}"
            ),
            PredefinedLength { algorithm, bits } => write!(
                f,
                "{P} key algorithm {algorithm} has predefined length; ignoring length value {bits}"
            ),
            RolesMissing(a) => write!(f, "{P} algorithm {} requires both KSK and ZSK roles", a.0),
            MultipleZsk(a) => write!(f, "{P} algorithm {} has multiple keys with ZSK role", a.0),
            MultipleKsk(a) => write!(f, "{P} algorithm {} has multiple keys with KSK role", a.0),
            Nsec3Algorithm(a) => write!(f, "{P} cannot use nsec3 with algorithm '{a}'"),
            Nsec3Iterations(n) => write!(f, "{P} nsec3 iterations value {n} out of range"),
            Nsec3SaltLength(n) => write!(f, "{P} nsec3 salt length {n} too high"),
            // named-checkconf ends this one with a space.
            Obsolete(o) => write!(f, "option '{o}' is obsolete and should be removed "),
            EmptyKeyList(n) => write!(
                f,
                "{P} policy '{n}' has an empty key list (named 9.18 stops on it)"
            ),
            UndefinedPolicy { zone, policy } => write!(
                f,
                "zone '{zone}': option 'dnssec-policy {policy}' has no matching \
                 dnssec-policy config"
            ),
            InlineSigningPrimary => f.write_str(
                "'inline-signing yes;' must also be configured explicitly for zones using \
                 dnssec-policy without a configured 'allow-update' or 'update-policy'. See \
                 https://kb.isc.org/docs/dnssec-policy-requires-dynamic-dns-or-inline-signing",
            ),
            InlineSigningSecondary => f.write_str(
                "'inline-signing yes;' must also be configured explicitly for zones using \
                 dnssec-policy. See \
                 https://kb.isc.org/docs/dnssec-policy-requires-dynamic-dns-or-inline-signing",
            ),
            InlineSigningDefault => f.write_str(
                "'inline-signing' default changed to 'yes' in 9.20. Before upgrading, \
                 explicitly set 'inline-signing no;' to your dnssec-policy or zone configuration",
            ),
            AutoDnssec(v) => write!(
                f,
                "'auto-dnssec {v};' cannot be configured if dnssec-policy is also set"
            ),
            NotWithPolicy(o) => write!(f, "{o}: cannot be configured if dnssec-policy is also set"),
            MaxZoneTtlIgnored(z) => write!(
                f,
                "zone '{z}': option 'max-zone-ttl' is ignored when used together with \
                 'dnssec-policy'"
            ),
            KeyDirectoryInUse {
                zone,
                directory,
                policy,
                first,
            } => write!(
                f,
                "key-directory '{zone}/{directory}' already in use by zone {zone} with policy \
                 {policy}: {}:{}",
                first.file, first.line
            ),
            BadZoneName(z) => write!(f, "zone '{z}': is not a valid name"),
            KeyDirectoryMissing(d) => write!(f, "key-directory: '{d}' does not exist"),
        }
    }
}

impl ConfigProblem {
    /// BIND's result text for a policy that fails this check, as dnssec-keygen ends its
    /// `failed to configure dnssec-policy 'NAME': ...` line (docs/bind-compat.md, "keymgr:
    /// policies").
    pub fn result_text(&self) -> &'static str {
        match self {
            ConfigProblem::BadAlgorithm(_) => "bad algorithm",
            ConfigProblem::InvalidKeyLength { .. } => "out of range",
            ConfigProblem::Nsec3Algorithm(_) => "cannot use NSEC3 with key algorithm",
            ConfigProblem::Nsec3Iterations(_) => "NSEC3 iterations out of range",
            ConfigProblem::Nsec3SaltLength(_) => "NSEC3 salt length too high",
            _ => "failure",
        }
    }
}

/// A problem and where it is: `file:line: message` when printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigMessage {
    /// The file (as named on the command line or in `include`) and line.
    pub location: Location,
    /// What is wrong.
    pub problem: ConfigProblem,
}

impl fmt::Display for ConfigMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}",
            self.location.file, self.location.line, self.problem
        )
    }
}

/// A configuration the reader refuses: every error found (at least one) and the warnings
/// seen on the way. `Display` prints the first error; callers that report every line walk
/// `errors`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The errors, in the order named-checkconf reports them.
    pub errors: Vec<ConfigMessage>,
    /// The warnings found before the reader gave up.
    pub warnings: Vec<ConfigMessage>,
}

impl ConfigError {
    /// One error and no warnings.
    pub(super) fn one(location: Location, problem: ConfigProblem) -> ConfigError {
        ConfigError {
            errors: vec![ConfigMessage { location, problem }],
            warnings: Vec::new(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.first() {
            Some(first) => first.fmt(f),
            None => f.write_str("configuration refused"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Errors and warnings as one pass finds them.
#[derive(Debug, Default)]
pub(super) struct Findings {
    pub(super) errors: Vec<ConfigMessage>,
    pub(super) warnings: Vec<ConfigMessage>,
}

impl Findings {
    pub(super) fn error(&mut self, location: &Location, problem: ConfigProblem) {
        self.errors.push(ConfigMessage {
            location: location.clone(),
            problem,
        });
    }

    pub(super) fn warning(&mut self, location: &Location, problem: ConfigProblem) {
        self.warnings.push(ConfigMessage {
            location: location.clone(),
            problem,
        });
    }
}
