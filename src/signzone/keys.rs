//! The zone's key list (docs/bind-compat.md, "signzone: options" key arguments and
//! "signzone: smart signing (-S)" smart signing): DNSKEYs already at the apex, keys from the
//! key repository (`-S`), and keys named on the command line; each with its
//! publish/sign/revoke/remove decision. Keys without usable private material (imported
//! `External:` keys, other providers' DNSKEYs) are published but never sign.

use anyhow::{anyhow, bail, Result};
use dnssec_core::crypto::VerifyingKey;
use dnssec_core::key::list_zone_keys;
use dnssec_core::key::{Key, KeyPath, KeyPrivate, KeyRecordType};
use dnssec_core::rr::{Dnskey, Ds};
use dnssec_core::sign::DriverKey;
use dnssec_core::sign::OwnedSet;
use dnssec_core::sign::{key_hints, KeyFacts, KeyHints, SignerRole, SplitRules};
use dnssec_core::sign::{timing_warnings, KeyId, RunFacts, TimedKey, TimingWarning};
use dnssec_core::time::UnixTime;
use dnssec_core::zone::Zone;
use dnssec_core::{Algorithm, DigestType, Name, RrType, Ttl};

use super::report::Report;
use super::settings::Settings;
use crate::cli;

/// One key of the zone.
pub struct ZoneKey {
    /// The DNSKEY as published this run (REVOKE bit set when revoked).
    pub dnskey: Dnskey,
    /// The key files, when there are any.
    pub file: Option<Key>,
    /// It goes into the DNSKEY RRset.
    pub publish: bool,
    /// It signs.
    pub sign: bool,
    /// `-k`.
    pub forced_ksk: bool,
    /// Smart-signing hints (sync records).
    pub hints: KeyHints,
    /// Came from the key repository.
    pub from_repository: bool,
    /// Added to the DNSKEY RRset from the key repository by this run (`Fetching …`).
    pub fetched: bool,
    /// Known only through its `.key` file in `-K`, found for an existing signature whose key
    /// is not in the list: it judges that signature and nothing else (docs/bind-compat.md,
    /// "signzone: key list and chain corners", "Keys found for old signatures").
    pub orphan: bool,
    /// In the input zone's DNSKEY RRset.
    pub in_input: bool,
}

impl ZoneKey {
    /// A DNSKEY already in the zone (or named on the command line): published, not yet a
    /// signer; the key files and roles are attached afterwards.
    fn in_zone(dnskey: Dnskey) -> ZoneKey {
        ZoneKey {
            dnskey,
            file: None,
            publish: true,
            sign: false,
            forced_ksk: false,
            hints: KeyHints::default(),
            from_repository: false,
            fetched: false,
            orphan: false,
            in_input: false,
        }
    }

    fn state_roles(&self) -> Option<(bool, bool)> {
        let st = self.file.as_ref()?.state.as_ref()?;
        match (st.ksk, st.zsk) {
            (Some(k), Some(z)) => Some((k, z)),
            _ => None,
        }
    }

    fn role(&self) -> SignerRole {
        SignerRole::of(&self.dnskey, self.forced_ksk, self.state_roles(), self.sign)
            .narrowed(&self.hints)
    }

    fn is_ksk(&self) -> bool {
        self.role().ksk
    }

    fn label(&self) -> &'static str {
        let r = self.role();
        match (r.ksk, r.zsk) {
            (true, true) => "CSK",
            (true, false) => "KSK",
            _ => "ZSK",
        }
    }

    /// `name/ALG/tag` as BIND's messages write a key.
    fn describe(&self, origin: &Name) -> String {
        format!(
            "{}/{}/{}",
            origin.bind_text(),
            self.dnskey.algorithm,
            self.dnskey.key_tag()
        )
    }
}

/// All keys of the zone.
pub struct KeySet {
    origin: Name,
    keys: Vec<ZoneKey>,
    now: UnixTime,
    /// Key files of the zone in the key directory that did not load (`-S`).
    unreadable: usize,
}

fn same_key(a: &Dnskey, b: &Dnskey) -> bool {
    a.algorithm == b.algorithm && a.public_key == b.public_key
}

/// True when BIND can make a key of this DNSKEY, so that it looks for its files: keys of an
/// algorithm BIND does not implement are published as they are and otherwise ignored
/// (docs/bind-compat.md, "signzone: key list and chain corners", "Keys BIND cannot use").
fn bind_reads(dnskey: &Dnskey) -> bool {
    dnskey.algorithm.bind_supports()
}

/// Existing signatures of the zone by keys the list does not hold: when the key's `.key`
/// file is in the key directory, the key joins the list unpublished and not signing, so that
/// its signatures are judged as those of another key of the zone (kept while valid, dropped
/// with `-R`) rather than as orphans (docs/bind-compat.md, "signzone: key list and chain
/// corners", "Keys found for old signatures"). Each algorithm and tag is looked up once.
fn add_orphan_signers(zone: &Zone, key_dir: &std::path::Path, keys: &mut Vec<ZoneKey>) {
    let origin = zone.origin();
    let mut tried: std::collections::HashSet<(u8, u16)> = keys
        .iter()
        .map(|k| (k.dnskey.algorithm.0, k.dnskey.key_tag()))
        .collect();
    for node in zone.names() {
        let Some(sigs) = node.rrset(RrType::RRSIG) else {
            continue;
        };
        for rd in sigs.rdatas() {
            // RFC 4034 section 3.1: algorithm at octet 2, key tag at 16, signer from 18.
            let (Some(&alg), Some(tag)) = (rd.get(2), rd.get(16..18)) else {
                continue;
            };
            let tag = u16::from_be_bytes([tag[0], tag[1]]);
            if !tried.insert((alg, tag)) {
                continue;
            }
            let signer = rd.get(18..).and_then(|w| Name::from_wire_prefix(w).ok());
            if signer.is_none_or(|(n, _)| n != *origin) {
                // Another signer may use this algorithm and tag at the origin later.
                tried.remove(&(alg, tag));
                continue;
            }
            let base = dnssec_core::key::key_basename(origin, Algorithm(alg), tag);
            // With its .private the key also has its times (for -Q); the .key alone will do.
            let path = KeyPath::new(key_dir, base);
            let Ok(key) =
                Key::load_path(&path).or_else(|_| Key::load_public_file(&path.file("key")))
            else {
                continue;
            };
            if key.owner != *origin
                || key.dnskey.algorithm != Algorithm(alg)
                || key.dnskey.key_tag() != tag
            {
                continue;
            }
            let mut zk = ZoneKey::in_zone(key.dnskey.clone());
            zk.publish = false;
            zk.orphan = true;
            zk.file = Some(key);
            keys.push(zk);
        }
    }
}

fn timing_active(key: &Key, now: UnixTime) -> bool {
    let t = &key.timing;
    t.activate.is_none_or(|a| a <= now) && t.inactive.is_none_or(|i| i > now)
}

impl KeySet {
    /// Builds the key list (docs/bind-compat.md, "signzone: options" and
    /// "signzone: smart signing (-S)") and reports what BIND reports while doing so
    /// (`Fetching …`, `Removing …`).
    pub fn build(zone: &Zone, s: &Settings, report: &mut Report) -> Result<KeySet> {
        let origin = zone.origin().clone();
        let now = s.now;
        let mut keys: Vec<ZoneKey> = Vec::new();
        let mut unreadable = 0;
        let apex_dnskeys = zone.find(&origin).and_then(|n| n.rrset(RrType::DNSKEY));
        let has_dnskey_rrset = apex_dnskeys.is_some();
        if let Some(rrset) = apex_dnskeys {
            for rd in rrset.rdatas() {
                let dnskey =
                    Dnskey::from_wire(rd).map_err(|e| anyhow!("bad DNSKEY at the apex: {e}"))?;
                let mut zk = ZoneKey::in_zone(dnskey);
                zk.in_input = true;
                keys.push(zk);
            }
        }
        let explicit = !s.explicit_keys.is_empty() || !s.forced_ksks.is_empty();
        // Command-line keys.
        let named = s
            .explicit_keys
            .iter()
            .map(|a| (a, false))
            .chain(s.forced_ksks.iter().map(|a| (a, true)));
        for (arg, forced) in named {
            let key = Key::load_path(&KeyPath::parse_os(arg, Some(&s.key_dir))).map_err(|e| {
                anyhow!(
                    "cannot load dnskey {}: {}",
                    cli::text(arg),
                    cli::key_error(&e)
                )
            })?;
            let arg = cli::text(arg);
            if key.owner != origin {
                bail!("key {arg} not at origin");
            }
            if key.signer().is_none() {
                bail!(
                    "cannot sign zone with non-private dnskey {}",
                    key.describe()
                );
            }
            // A named key whose DNSKEY is not in the zone signs all the same; only smart
            // signing adds it to the DNSKEY RRset (docs/bind-compat.md, "signzone: key list
            // and chain corners", "Named keys").
            let pos = keys.iter().position(|k| same_key(&k.dnskey, &key.dnskey));
            let entry = match pos {
                Some(i) => &mut keys[i],
                None => {
                    let mut zk = ZoneKey::in_zone(key.dnskey.clone());
                    zk.publish = s.smart;
                    zk.fetched = s.smart;
                    keys.push(zk);
                    let last = keys.len() - 1;
                    &mut keys[last]
                }
            };
            entry.forced_ksk |= forced;
            entry.sign = true;
            entry.file = Some(key);
            if entry.fetched {
                // A `-k` key without the KSK flag is reported as a CSK: forced to sign the
                // keys, it still signs as the zone key its flags make it.
                let label = if forced && !entry.dnskey.is_ksk() {
                    "CSK"
                } else {
                    entry.label()
                };
                report.line(format!(
                    "Fetching {} ({label}) from key file.",
                    entry.describe(&origin)
                ));
            }
        }
        // BIND looks for the zone's DNSKEY RRset once every named key has loaded.
        if explicit && !s.smart && !has_dnskey_rrset {
            bail!("failed to find keys at the zone apex: not found");
        }
        // Then BIND makes a key of every DNSKEY of the zone it implements, and stops at the
        // first it cannot make (docs/bind-compat.md, "signzone: zone keys BIND cannot load").
        for zk in keys.iter().filter(|k| k.in_input && bind_reads(&k.dnskey)) {
            if let Err(e) = dnssec_core::key::check_zone_key(&zk.dnskey) {
                let d = &zk.dnskey;
                cli::warning(format!(
                    "DNSKEY {} {} {} (key tag {}) at the zone apex: {e}",
                    d.flags,
                    d.protocol,
                    d.algorithm.0,
                    d.key_tag()
                ));
                bail!("failed to load the zone keys: {e}");
            }
        }
        if s.smart {
            let paths = list_zone_keys(&s.key_dir, &origin)
                .map_err(|e| anyhow!("dns_dnssec_findmatchingkeys: {e}"))?;
            for zk in keys.iter().filter(|k| bind_reads(&k.dnskey)) {
                let base = dnssec_core::key::key_basename(
                    &origin,
                    zk.dnskey.algorithm,
                    zk.dnskey.key_tag(),
                );
                let private = KeyPath::new(&s.key_dir, base).file("private");
                if !paths.iter().any(|p| p.file("private") == private) {
                    cli::warning(format!(
                        "dns_dnssec_keylistfromrdataset: error reading {}: file not found",
                        crate::cli::show(&private)
                    ));
                }
            }
            for path in paths {
                let key = match Key::load_path(&path) {
                    Ok(k) => k,
                    Err(e) => {
                        // Where in the file the fault is comes first, then BIND's line.
                        let words = cli::key_error(&e);
                        cli::warning(format!(
                            "dns_dnssec_findmatchingkeys: error reading key file {}.private: {words}",
                            path.base
                        ));
                        unreadable += 1;
                        continue;
                    }
                };
                if !key.version.has_metadata() || key.record_type != KeyRecordType::Dnskey {
                    continue;
                }
                if keys
                    .iter()
                    .any(|k| k.file.is_some() && same_key(&k.dnskey, &key.dnskey))
                {
                    continue;
                }
                let hints = key_hints(
                    &KeyFacts {
                        timing: Some(&key.timing),
                        state: key.state.as_ref(),
                        explicit: false,
                    },
                    now,
                );
                let can_sign = key.signer().is_some();
                let pos = keys.iter().position(|k| same_key(&k.dnskey, &key.dnskey));
                let in_zone = pos.is_some();
                let mut zk = match pos {
                    Some(i) => keys.remove(i),
                    None => ZoneKey {
                        dnskey: key.dnskey.clone(),
                        file: None,
                        publish: false,
                        sign: false,
                        forced_ksk: false,
                        hints,
                        from_repository: true,
                        fetched: false,
                        orphan: false,
                        in_input: false,
                    },
                };
                zk.hints = hints;
                zk.from_repository = true;
                zk.publish = if in_zone {
                    !hints.remove
                } else {
                    hints.publish
                };
                zk.sign = hints.sign && can_sign && zk.publish;
                let desc = zk.describe(&origin);
                if hints.remove && in_zone {
                    report.line(format!(
                        "Removing expired key {}/{}/{} from DNSKEY RRset.",
                        origin.bind_text(),
                        zk.dnskey.key_tag(),
                        zk.dnskey.algorithm
                    ));
                }
                if zk.publish && hints.revoke && !zk.dnskey.is_revoked() {
                    if in_zone {
                        report.line(format!("Removing revoked key {desc} from DNSKEY RRset."));
                    }
                    zk.dnskey.flags |= Dnskey::REVOKE;
                }
                zk.file = Some(key);
                if zk.publish && !in_zone {
                    zk.fetched = true;
                    report.line(format!(
                        "Fetching {} ({}) from key repository.",
                        zk.describe(&origin),
                        zk.label()
                    ));
                }
                keys.push(zk);
            }
        } else if s.explicit_keys.is_empty() {
            // Without key arguments the apex DNSKEYs whose private files are in `-K` sign,
            // beside any `-k` keys (docs/bind-compat.md, "signzone: key list and chain
            // corners", "Named keys"). No
            // DNSKEY at the apex and no key named: nothing signs, which the caller reports as
            // BIND does (`No signing keys specified or found.`).
            for zk in keys.iter_mut().filter(|k| k.file.is_none()) {
                let base = dnssec_core::key::key_basename(
                    &origin,
                    zk.dnskey.algorithm,
                    zk.dnskey.key_tag(),
                );
                let path = KeyPath::new(&s.key_dir, base);
                if !path.file("private").exists() {
                    if bind_reads(&zk.dnskey) {
                        cli::warning(format!(
                            "dns_dnssec_keylistfromrdataset: error reading {}: file not found",
                            crate::cli::show(path.file("private"))
                        ));
                    }
                    continue;
                }
                let Ok(key) = Key::load_path(&path) else {
                    continue;
                };
                if !same_key(&key.dnskey, &zk.dnskey) {
                    continue;
                }
                zk.sign = key.signer().is_some() && timing_active(&key, now);
                zk.file = Some(key);
            }
        }
        add_orphan_signers(zone, &s.key_dir, &mut keys);
        Ok(KeySet {
            origin,
            keys,
            now,
            unreadable,
        })
    }

    /// `Key X: Delaying activation to match the DNSKEY TTL (N).` (docs/bind-compat.md,
    /// "signzone: smart signing (-S)"): for each key this run adds to the DNSKEY RRset whose
    /// activation is nearer than the DNSKEY TTL, so that resolvers may still hold the RRset
    /// without it when it starts signing. BIND then moves the activation in memory to now +
    /// TTL; the key does not sign this run either way, and its files are not changed, so only
    /// the message matters.
    pub fn report_delayed_activation(&self, ttl: Ttl, report: &mut Report) {
        for k in self.keys.iter().filter(|k| k.fetched && k.publish) {
            let Some(activate) = k.file.as_ref().and_then(|f| f.timing.activate) else {
                continue;
            };
            let ahead = activate.0 - self.now.0;
            if ahead > 0 && i64::from(ttl.0) > ahead {
                report.line(format!(
                    "Key {}: Delaying activation to match the DNSKEY TTL ({ttl}).",
                    k.describe(&self.origin)
                ));
            }
        }
    }

    /// How many keys sign.
    pub fn signing_count(&self) -> usize {
        self.keys.iter().filter(|k| k.sign).count()
    }

    /// True when the DNSKEY RRset holds keys and every one of them has the KSK flag (or is a
    /// `-k` key) and no `.state` ZSK role: a CSK made without a policy, or a lone KSK. BIND's signer then
    /// stops unless `-z`; smart signing lets such keys sign the zone data instead
    /// (docs/bind-compat.md, "signzone: operator experience", "A CSK with -S").
    pub fn lacks_non_ksk(&self) -> bool {
        // A key whose `.state` gives it the ZSK role is a ZSK already: its roles and their
        // signature states decide what it signs (docs/bind-compat.md, "keymgr: the pipeline").
        let mut published = self.keys.iter().filter(|k| k.publish).peekable();
        published.peek().is_some()
            && published.all(|k| {
                (k.dnskey.is_ksk() && !k.state_roles().is_some_and(|(_, z)| z)) || k.forced_ksk
            })
    }

    /// True when a key file of the zone in the key directory did not load: it may be the
    /// ZSK the operator meant, so a lone KSK does not stand in for it.
    pub fn has_unreadable_keys(&self) -> bool {
        self.unreadable > 0
    }

    /// `No non-KSK DNSKEY found; supply a ZSK or use '-z'.` (docs/bind-compat.md,
    /// "signzone: smart signing (-S)"): a warning with `-P`, fatal otherwise. A key whose
    /// `.state` gives it the ZSK role (a dnssec-policy CSK) counts as a ZSK, where BIND
    /// refuses it (docs/bind-compat.md, "keymgr: the pipeline").
    pub fn check_non_ksk(&self, s: &Settings) -> Result<()> {
        if s.split.ignore_ksk_flag {
            return Ok(());
        }
        let published: Vec<&ZoneKey> = self.keys.iter().filter(|k| k.publish).collect();
        if published.is_empty()
            || published.iter().any(|k| {
                (!k.dnskey.is_ksk() || k.state_roles().is_some_and(|(_, z)| z)) && !k.forced_ksk
            })
        {
            return Ok(());
        }
        let msg = "No non-KSK DNSKEY found; supply a ZSK or use '-z'.";
        if s.no_verify {
            cli::warning(msg);
            Ok(())
        } else {
            bail!(msg)
        }
    }

    /// True when a published key's algorithm cannot be used with NSEC3 (RSASHA1, RFC 5155
    /// section 2).
    pub fn has_nsec_only_algorithm(&self) -> bool {
        self.keys.iter().any(|k| {
            k.publish
                && matches!(
                    k.dnskey.algorithm,
                    Algorithm(1) | Algorithm(3) | Algorithm(5)
                )
        })
    }

    /// The keys whose DS goes into `dsset-` (docs/bind-compat.md,
    /// "signzone: dsset and keyset files" and "quirks" item 5): every non-revoked KSK in the
    /// list, published or not; for an algorithm without one, all its keys; none of an
    /// algorithm BIND cannot use ("signzone: key list and chain corners", "Keys BIND cannot
    /// use").
    pub fn ds_keys(&self) -> Vec<Dnskey> {
        // Keys of algorithms BIND cannot use never enter its key list, so they get no DS
        // either; keys known only for old signatures join after the file is written.
        let listed = || {
            self.keys
                .iter()
                .filter(|k| !k.orphan && bind_reads(&k.dnskey))
        };
        let ksk_algs: Vec<Algorithm> = listed()
            .filter(|k| k.is_ksk() && !k.dnskey.is_revoked())
            .map(|k| k.dnskey.algorithm)
            .collect();
        listed()
            .filter(|k| !k.dnskey.is_revoked())
            .filter(|k| k.is_ksk() || !ksk_algs.contains(&k.dnskey.algorithm))
            .map(|k| k.dnskey.clone())
            .collect()
    }

    /// The DNSKEY TTL (docs/bind-compat.md, "signzone: smart signing (-S)"): the zone's DNSKEY
    /// RRset TTL, else the smallest non-zero `.key` TTL, else `-T`, else the SOA TTL; capped by
    /// `-M`.
    pub fn dnskey_ttl(&self, zone: &Zone, s: &Settings, soa_ttl: Ttl) -> Ttl {
        let existing = zone
            .find(&self.origin)
            .and_then(|n| n.rrset(RrType::DNSKEY))
            .map(|r| r.ttl());
        let mut ttl = if let Some(t) = existing {
            if let Some(user) = s.key_ttl.filter(|u| *u != t) {
                crate::errln!(
                    "User-specified TTL {user} conflicts with existing DNSKEY RRset TTL."
                );
                crate::errln!("Imported keys will use the RRSet TTL {t} instead.");
            }
            t
        } else if let Some(t) = self
            .keys
            .iter()
            .filter(|k| !k.orphan)
            .filter_map(|k| k.file.as_ref().and_then(|f| f.ttl))
            .filter(|t| t.0 != 0)
            .min()
        {
            t
        } else {
            s.key_ttl.unwrap_or(soa_ttl)
        };
        if let Some(m) = s.max_ttl {
            if ttl > m {
                if s.key_ttl == Some(ttl) {
                    cli::warning(format!(
                        "Specified key TTL {ttl} exceeds maximum zone TTL; reducing to {m}"
                    ));
                }
                ttl = m;
            }
        }
        ttl
    }

    /// The DNSKEY RRset to publish.
    pub fn dnskey_set(&self, ttl: Ttl) -> OwnedSet {
        OwnedSet {
            rtype: RrType::DNSKEY,
            ttl,
            rdatas: self
                .keys
                .iter()
                .filter(|k| k.publish)
                .map(|k| k.dnskey.to_wire())
                .collect(),
        }
    }

    /// The CDS and CDNSKEY RRsets after applying the keys' sync times (docs/bind-compat.md,
    /// "signzone: smart signing (-S)", "Sync records"; RFC 7344 section 4). An empty set
    /// removes the RRset.
    pub fn sync_sets(&self, zone: &Zone, dnskey_ttl: Ttl) -> Vec<OwnedSet> {
        let apex = zone.find(&self.origin);
        let existing = |t: RrType| -> (Option<Ttl>, Vec<Vec<u8>>) {
            match apex.and_then(|n| n.rrset(t)) {
                Some(r) => (Some(r.ttl()), r.rdatas().map(<[u8]>::to_vec).collect()),
                None => (None, Vec::new()),
            }
        };
        let (cds_ttl, mut cds) = existing(RrType::CDS);
        let (cdnskey_ttl, mut cdnskey) = existing(RrType::CDNSKEY);
        for k in self.keys.iter().filter(|k| k.file.is_some()) {
            let wire = k.dnskey.to_wire();
            if k.hints.sync_delete {
                cdnskey.retain(|r| *r != wire);
                cds.retain(|r| {
                    Ds::from_wire(r).map_or(true, |d| {
                        !dnssec_core::crypto::ds_matches(&d, &self.origin, &k.dnskey)
                    })
                });
            } else if k.hints.sync_publish && !k.dnskey.is_revoked() {
                // Not only published keys: a KSK of another provider imported with only a
                // sync publish time is announced to the parent although this zone does not
                // serve its DNSKEY (docs/bind-compat.md, "signzone: key list and chain
                // corners", "Sync records of unpublished keys").
                if !cdnskey.contains(&wire) {
                    cdnskey.push(wire);
                }
                if let Ok(ds) =
                    dnssec_core::crypto::ds_from_dnskey(&self.origin, &k.dnskey, DigestType::SHA256)
                {
                    let w = ds.to_wire();
                    if !cds.contains(&w) {
                        cds.push(w);
                    }
                }
            }
        }
        vec![
            OwnedSet {
                rtype: RrType::CDS,
                ttl: cds_ttl.unwrap_or(dnskey_ttl),
                rdatas: cds,
            },
            OwnedSet {
                rtype: RrType::CDNSKEY,
                ttl: cdnskey_ttl.unwrap_or(dnskey_ttl),
                rdatas: cdnskey,
            },
        ]
    }

    /// Smart signing's key-timing warnings (docs/bind-compat.md, "signzone: operator
    /// experience", "Key-timing warnings"), one line each, keys named as BIND names them.
    pub fn warn_timing(&self, zone: &Zone, dnskey_ttl: Ttl, split: SplitRules) {
        let timed: Vec<TimedKey<'_>> = self
            .keys
            .iter()
            .filter(|k| !k.orphan || k.in_input)
            .map(|k| {
                let mut role = k.role();
                role.signing = k.sign
                    && matches!(
                        k.file.as_ref().map(|f| &f.private),
                        Some(KeyPrivate::Material(_))
                    );
                TimedKey {
                    id: KeyId {
                        algorithm: k.dnskey.algorithm,
                        tag: k.dnskey.key_tag(),
                    },
                    role,
                    in_input: k.in_input,
                    published: k.publish,
                    signs_data: role.signing
                        && !role.revoked
                        && (role.zsk || split.ignore_ksk_flag),
                    timing: k.file.as_ref().map(|f| &f.timing),
                    state: k.file.as_ref().and_then(|f| f.state.as_ref()),
                }
            })
            .collect();
        let run = RunFacts {
            now: self.now,
            dnskey_ttl,
        };
        let name = |id: KeyId| format!("{}/{}/{}", self.origin.bind_text(), id.algorithm, id.tag);
        for w in timing_warnings(zone, &timed, run) {
            cli::warning(match w {
                TimingWarning::RemovedWhileSigning { key, rrsets } => format!(
                    "key {} leaves the DNSKEY RRset while {rrsets} RRsets of the input are signed only by it: resolvers that hold them cannot validate them",
                    name(key)
                ),
                TimingWarning::SignsWhenFirstPublished { key } => format!(
                    "key {} signs in the run that first publishes it: resolvers that hold the DNSKEY RRset without it cannot validate its signatures for up to the DNSKEY TTL ({dnskey_ttl})",
                    name(key)
                ),
                TimingWarning::KskSuccessorWithoutDs {
                    retiring,
                    successor,
                } => format!(
                    "KSK {} no longer signs the DNSKEY RRset, but KSK {} that does has no DS at the parent by its metadata (DS publish time or DS state)",
                    name(retiring),
                    name(successor)
                ),
                TimingWarning::NotLinked { old, new } => format!(
                    "key {} replaces key {} but is not linked as its successor: every signature is replaced at once, not gradually (keygen -S makes a linked successor)",
                    name(new),
                    name(old)
                ),
            });
        }
    }

    /// The keys as the signing driver takes them.
    pub fn driver_keys(&self) -> Vec<DriverKey<'_>> {
        let tag_index = |tag: u16, alg: Algorithm| {
            self.keys
                .iter()
                .position(|k| k.dnskey.key_tag() == tag && k.dnskey.algorithm == alg)
        };
        self.keys
            .iter()
            .map(|k| {
                let private = match k.file.as_ref().map(|f| &f.private) {
                    Some(KeyPrivate::Material(p)) if k.sign => Some(p),
                    _ => None,
                };
                let mut role = k.role();
                role.signing = private.is_some();
                let timing = k.file.as_ref().map(|f| &f.timing);
                // With signature states in `.state` the states alone say who signs (named
                // signs with every key whose KRRSIG/ZRRSIG is live: both KSKs during a
                // double-KSK rollover); the successor rule is for keys run by their times.
                let by_states = k.hints.keyset_signs.is_some() || k.hints.zone_signs.is_some();
                let predecessor = timing
                    .filter(|_| !by_states)
                    .and_then(|t| t.predecessor)
                    .and_then(|p| tag_index(p, k.dnskey.algorithm))
                    .filter(|&p| {
                        self.keys[p].file.as_ref().and_then(|f| f.timing.successor)
                            == Some(k.dnskey.key_tag())
                    });
                DriverKey {
                    tag: k.dnskey.key_tag(),
                    private,
                    role,
                    published: k.publish,
                    active: k.sign
                        || k.file.as_ref().is_some_and(|f| {
                            timing_active(f, self.now) && f.timing.activate.is_some()
                        }),
                    predecessor,
                    verifier: VerifyingKey::new(k.dnskey.algorithm, &k.dnskey.public_key).ok(),
                    dnskey: k.dnskey.clone(),
                }
            })
            .collect()
    }
}
