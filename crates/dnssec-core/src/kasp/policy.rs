//! What a `dnssec-policy` says (docs/bind-compat.md, "keymgr: policies"): the keys to keep,
//! with role, lifetime, algorithm and size, and the timing options the key manager and the
//! signer use (RFC 7583 section 3.3 names the intervals they feed).

use crate::algorithm::Algorithm;
use crate::time::Ttl;

/// A policy duration in seconds (ISO 8601 `P...` or TTL-style text; a year is 365 days and
/// a month 31, as BIND counts them; docs/bind-compat.md, "keymgr: policies").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration(pub u32);

impl Duration {
    /// Seconds in a day.
    pub const DAY: Duration = Duration(86_400);
    /// Seconds in an hour.
    pub const HOUR: Duration = Duration(3_600);

    /// The value in seconds, widened for time arithmetic.
    pub fn seconds(self) -> i64 {
        i64::from(self.0)
    }
}

/// What a policy key is for (RFC 6781 section 3.1: key-signing, zone-signing, or both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyRole {
    /// Key-signing key: signs the DNSKEY RRset, has the SEP flag, is referred to by DS.
    Ksk,
    /// Zone-signing key: signs everything else.
    Zsk,
    /// Combined signing key: both roles in one key.
    Csk,
}

impl KeyRole {
    /// True when the key signs the DNSKEY RRset (KSK or CSK).
    pub fn is_ksk(self) -> bool {
        matches!(self, KeyRole::Ksk | KeyRole::Csk)
    }

    /// True when the key signs the zone's other RRsets (ZSK or CSK).
    pub fn is_zsk(self) -> bool {
        matches!(self, KeyRole::Zsk | KeyRole::Csk)
    }
}

/// One entry of a policy's `keys { ... };` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyKey {
    /// The role.
    pub role: KeyRole,
    /// The lifetime; `None` for `unlimited` (a configured 0 also means unlimited).
    pub lifetime: Option<Duration>,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The key size in bits as the key manager uses it (docs/bind-compat.md,
    /// "keymgr: policies": RSA clamped, the curve sizes fixed).
    pub bits: u32,
}

/// The `nsec3param` statement (RFC 5155 section 4; RFC 9276 recommends 0 iterations and no
/// salt, BIND's defaults).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Nsec3Param {
    /// Additional hash iterations.
    pub iterations: u16,
    /// Opt-out (RFC 5155 section 6).
    pub optout: bool,
    /// Length of the random salt in octets.
    pub salt_length: u8,
}

/// A `dnssec-policy` with every option resolved to its value (absent options take BIND
/// 9.18's defaults, docs/bind-compat.md, "keymgr: policies").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// The policy's name.
    pub name: String,
    /// The keys, in configuration order (the key manager works through them in this order).
    pub keys: Vec<PolicyKey>,
    /// `dnskey-ttl`: TTL of DNSKEY, CDS and CDNSKEY.
    pub dnskey_ttl: Ttl,
    /// `publish-safety`.
    pub publish_safety: Duration,
    /// `retire-safety`.
    pub retire_safety: Duration,
    /// `purge-keys`; `None` means never purge (a configured 0).
    pub purge_keys: Option<Duration>,
    /// `signatures-jitter`.
    pub signatures_jitter: Duration,
    /// `signatures-refresh`.
    pub signatures_refresh: Duration,
    /// `signatures-validity`.
    pub signatures_validity: Duration,
    /// `signatures-validity-dnskey`.
    pub signatures_validity_dnskey: Duration,
    /// `max-zone-ttl` as configured (0: no cap; the key manager's timing then assumes a week).
    pub max_zone_ttl: Ttl,
    /// `zone-propagation-delay`.
    pub zone_propagation_delay: Duration,
    /// `parent-ds-ttl`.
    pub parent_ds_ttl: Ttl,
    /// `parent-propagation-delay`.
    pub parent_propagation_delay: Duration,
    /// `nsec3param`; `None` means NSEC.
    pub nsec3param: Option<Nsec3Param>,
}

impl Policy {
    /// A policy named `name` with no keys and every option at BIND 9.18's default.
    pub fn with_defaults(name: &str) -> Policy {
        Policy {
            name: name.to_string(),
            keys: Vec::new(),
            dnskey_ttl: Ttl(3600),
            publish_safety: Duration::HOUR,
            retire_safety: Duration::HOUR,
            purge_keys: Some(Duration(90 * 86_400)),
            signatures_jitter: Duration(12 * 3_600),
            signatures_refresh: Duration(5 * 86_400),
            signatures_validity: Duration(14 * 86_400),
            signatures_validity_dnskey: Duration(14 * 86_400),
            max_zone_ttl: Ttl(86_400),
            zone_propagation_delay: Duration(300),
            parent_ds_ttl: Ttl(86_400),
            parent_propagation_delay: Duration::HOUR,
            nsec3param: None,
        }
    }

    /// The built-in `default` policy: one ECDSAP256SHA256 CSK of unlimited lifetime.
    pub fn builtin_default() -> Policy {
        Policy {
            keys: vec![PolicyKey {
                role: KeyRole::Csk,
                lifetime: None,
                algorithm: Algorithm::ECDSAP256SHA256,
                bits: 256,
            }],
            ..Policy::with_defaults("default")
        }
    }

    /// The built-in `insecure` policy: no keys and no zone TTL cap, to unsign gracefully.
    pub fn builtin_insecure() -> Policy {
        Policy {
            max_zone_ttl: Ttl(0),
            ..Policy::with_defaults("insecure")
        }
    }

    /// The maximum zone TTL the key manager's timing uses: `max-zone-ttl`, or a week when
    /// it is 0 (docs/bind-compat.md, "keymgr: policies").
    pub fn timing_max_zone_ttl(&self) -> Duration {
        match self.max_zone_ttl.0 {
            0 => Duration(604_800),
            t => Duration(t),
        }
    }
}
