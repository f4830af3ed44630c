//! keygen's work once its options are checked (docs/bind-compat.md, "keygen"): generate key
//! material, steer clear of key tags already used in the key directory, and write the `.key`,
//! `.private` (and `.state`) files together, never replacing an existing file.

use anyhow::{anyhow, bail, Context, Result};
use dnssec_core::crypto::PrivateKey;
use dnssec_core::key::Key;
use dnssec_core::key::KeyPath;
use dnssec_core::key::KeyTagIndex;
use dnssec_core::key::Overwrite as KeyOverwrite;
use dnssec_core::key::{FormatVersion, KeyRecordType, KeyState, KeyTiming};
use dnssec_core::rr::Dnskey;
use dnssec_core::time::UnixTime;
use dnssec_core::{Algorithm, Class, Name, Ttl};
use std::path::{Path, PathBuf};

use super::policy::{self, Role};
use crate::cli::{self, Verbosity};

/// Where `-k` looks for dnssec-policy statements without `-l`, as Debian's BIND does.
pub const DEFAULT_CONFIG: &str = "/etc/bind/named.conf";

/// How many fresh keys to try before giving up on finding an unused tag. A random key's tag
/// is practically uniform, so this only trips when the directory holds most of the 65536.
pub const MAX_ATTEMPTS: u32 = 1000;

/// The role a dnssec-policy gives a key, written to its `.state` file (docs/bind-compat.md,
/// "key files: .state").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolicyRole {
    /// Signs the DNSKEY RRset.
    pub ksk: bool,
    /// Signs the other RRsets.
    pub zsk: bool,
    /// Lifetime in seconds (0 = unlimited).
    pub lifetime: u32,
}

/// Everything about a key to be made except its material.
#[derive(Clone, Debug)]
pub struct NewKey {
    /// Owner name, case kept as given.
    pub owner: Name,
    /// Record class.
    pub class: Class,
    /// TTL for the `.key` record line (None: not written).
    pub ttl: Option<Ttl>,
    /// DNSKEY or KEY.
    pub record_type: KeyRecordType,
    /// Flags field (RFC 4034 section 2.1.1).
    pub flags: u16,
    /// Protocol field (3 for DNSKEY).
    pub protocol: u8,
    /// Algorithm.
    pub algorithm: Algorithm,
    /// Size in bits, as the `.state` `Length` line gives it.
    pub bits: u32,
    /// Times and predecessor link.
    pub timing: KeyTiming,
    /// Write a v1.2 `.private` without metadata (`-C`).
    pub legacy: bool,
    /// With `-k`: the role, and a `.state` file is written.
    pub role: Option<PolicyRole>,
}

/// A timing option: None when absent, `Some(None)` for `none`/`unset`.
pub type TimeArg = Option<Option<UnixTime>>;

/// The timing options of keygen (docs/bind-compat.md, "keygen").
#[derive(Clone, Copy, Debug, Default)]
pub struct TimeArgs {
    /// `-P`.
    pub publish: TimeArg,
    /// `-A`.
    pub activate: TimeArg,
    /// `-R`.
    pub revoke: TimeArg,
    /// `-I`.
    pub inactive: TimeArg,
    /// `-D`.
    pub delete: TimeArg,
    /// `-P sync`.
    pub sync_publish: TimeArg,
    /// `-D sync`.
    pub sync_delete: TimeArg,
}

impl TimeArgs {
    fn any(&self) -> bool {
        [
            self.publish,
            self.activate,
            self.revoke,
            self.inactive,
            self.delete,
            self.sync_publish,
            self.sync_delete,
        ]
        .iter()
        .any(Option::is_some)
    }

    /// Sets the times that do not depend on publish/activate.
    fn apply_others(&self, timing: &mut KeyTiming) {
        timing.revoke = self.revoke.flatten();
        timing.inactive = self.inactive.flatten();
        timing.delete = self.delete.flatten();
        timing.sync_publish = self.sync_publish.flatten();
        timing.sync_delete = self.sync_delete.flatten();
    }
}

/// keygen's options after the checks made while reading them (the binary makes those).
#[derive(Clone, Debug)]
pub struct Request {
    /// The time everything is relative to.
    pub now: UnixTime,
    /// The key name argument, as given; None with `-S`, where the owner is the predecessor's.
    /// Read by [`owner`] at the point BIND reads it.
    pub name: Option<std::ffi::OsString>,
    /// `-c`.
    pub class: Class,
    /// `-L`.
    pub ttl: Option<Ttl>,
    /// `-K` (checked to exist).
    pub dir: PathBuf,
    /// `-a`, as typed.
    pub algorithm: Option<String>,
    /// `-3`.
    pub nsec3: bool,
    /// `-b`.
    pub bits: Option<i64>,
    /// `-f KSK`.
    pub ksk: bool,
    /// `-f REVOKE`.
    pub revoke_flag: bool,
    /// Any `-f` given.
    pub flag_given: bool,
    /// `-T`.
    pub record_type: Option<KeyRecordType>,
    /// `-n`, as typed.
    pub nametype: Option<String>,
    /// `-t`, as typed.
    pub keytype: Option<String>,
    /// `-p`.
    pub protocol: Option<i64>,
    /// `-s`.
    pub strength: i64,
    /// `-g`.
    pub generator: Option<i64>,
    /// The timing options.
    pub times: TimeArgs,
    /// `-i`.
    pub interval: Option<Ttl>,
    /// `-G`.
    pub generate_only: bool,
    /// `-C`.
    pub legacy: bool,
    /// `-S`, as typed.
    pub successor: Option<std::ffi::OsString>,
    /// `-k`.
    pub policy: Option<String>,
    /// `-l`: the file holding dnssec-policy statements.
    pub config: Option<std::ffi::OsString>,
    /// `-v`.
    pub verbose: Verbosity,
    /// `-q`, or stdin is not a terminal.
    pub quiet: bool,
}

/// Makes the key (or keys) the request asks for and returns the base names to print.
pub fn run(req: Request) -> Result<Vec<String>> {
    let mut key = NewKey {
        // Set below: from the name argument, or from the predecessor with -S.
        owner: Name::root(),
        class: req.class,
        ttl: req.ttl,
        record_type: KeyRecordType::Dnskey,
        flags: Dnskey::ZONE,
        protocol: Dnskey::PROTOCOL,
        algorithm: Algorithm::ECDSAP256SHA256,
        bits: 256,
        timing: KeyTiming::default(),
        legacy: false,
        role: None,
    };
    if let Some(policy) = &req.policy {
        let incompatible = [
            (req.nametype.is_some(), "-n"),
            (req.successor.is_some(), "-S"),
            (req.legacy, "-C"),
            (req.ttl.is_some(), "-L"),
            (req.interval.is_some(), "-i"),
            (req.bits.is_some(), "-b"),
            (req.flag_given, "-f"),
            (req.record_type == Some(KeyRecordType::Key), "-T KEY"),
            (req.nsec3, "-3"),
        ];
        if let Some((_, opt)) = incompatible.iter().find(|(used, _)| *used) {
            bail!("-k and {opt} cannot be used together");
        }
        let policy = load_policy(req.config.as_deref(), policy)?;
        key.owner = owner(&req)?;
        let mut names = Vec::new();
        for pk in &policy.keys {
            key.algorithm = pk.algorithm;
            key.bits = key_size(pk.algorithm, pk.bits.map(i64::from))?;
            key.flags = if pk.role == Role::Zsk {
                Dnskey::ZONE
            } else {
                Dnskey::ZONE | Dnskey::SEP
            };
            key.ttl = Some(policy.dnskey_ttl);
            key.role = Some(PolicyRole {
                ksk: pk.role != Role::Zsk,
                zsk: pk.role != Role::Ksk,
                lifetime: pk.lifetime,
            });
            key.timing = plain_times(req.now, &req.times, false, 0)?;
            names.push(emit(&req, &key)?.0);
        }
        return Ok(names);
    }
    if let Some(pred) = &req.successor {
        return successor(&req, key, pred);
    }

    // Without -a we make ECDSAP256SHA256 where BIND says `no algorithm specified`.
    let mut alg = match &req.algorithm {
        None => Algorithm::ECDSAP256SHA256,
        Some(text) => Algorithm::parse_for_keygen(text)?,
    };
    if req.nsec3 && alg == Algorithm::RSASHA1 {
        alg = Algorithm::NSEC3RSASHA1;
    }
    key.owner = owner(&req)?;
    if alg.is_deprecated() {
        crate::errln!(
            "WARNING: DNSKEY algorithm '{alg}' is deprecated. Please migrate to another algorithm"
        );
    }
    let record_type = if alg == Algorithm::DH {
        KeyRecordType::Key
    } else {
        req.record_type.unwrap_or(KeyRecordType::Dnskey)
    };
    let flags = key_flags(&req, record_type)?;
    let protocol = req.protocol.unwrap_or(3) as u8;
    if record_type == KeyRecordType::Dnskey && protocol != Dnskey::PROTOCOL {
        bail!("invalid DNSKEY protocol: {protocol}");
    }
    let bits = key_size(alg, req.bits)?;
    if req.generator.is_some() && alg != Algorithm::DH {
        bail!("specified DH generator for a non-DH key");
    }
    if alg == Algorithm::DH {
        bail!("unsupported algorithm: DH (dnssec-kit does not make Diffie-Hellman keys)");
    }
    key.algorithm = alg;
    key.bits = bits;
    key.flags = flags;
    key.protocol = protocol;
    key.record_type = record_type;
    if req.legacy {
        if req.times.any() || req.generate_only {
            bail!("cannot use -C together with -P, -A, -R, -I, -D, or -G options");
        }
        key.legacy = true;
    } else {
        if req.generate_only && (req.times.publish.is_some() || req.times.activate.is_some()) {
            bail!("cannot use -G together with -P or -A options");
        }
        let prepub = req.interval.map_or(0, |t| i64::from(t.0));
        key.timing = plain_times(req.now, &req.times, req.generate_only, prepub)?;
        if key.timing.revoke.is_some() && flags & Dnskey::SEP == 0 {
            cli::warning("Key is not flagged as a KSK, but -R was used. Revoking a ZSK is legal, but undefined.");
        }
        if let (Some(d), Some(i)) = (key.timing.delete, key.timing.inactive) {
            if d < i {
                cli::warning(
                    "Key is scheduled to be deleted before it is scheduled to be made inactive.",
                );
            }
        }
    }
    Ok(vec![emit(&req, &key)?.0])
}

/// The key's owner from the name argument. BIND reads it after the algorithm and the policy
/// (docs/bind-compat.md, "command line: the order options are checked in"): `-a BAD bad..name`
/// is the algorithm's error.
fn owner(req: &Request) -> Result<Name> {
    let name = req.name.as_deref().unwrap_or(std::ffi::OsStr::new("."));
    cli::name_arg(name).map_err(|e| anyhow!("invalid key name {}: {e}", cli::text(name)))
}

/// The flags field from `-n`, `-t`, `-s` and `-f` (RFC 4034 section 2.1.1; RFC 2535
/// section 3.1.2 for KEY records).
fn key_flags(req: &Request, record_type: KeyRecordType) -> Result<u16> {
    let is = |v: &Option<String>, w: &str| v.as_deref().is_some_and(|t| t.eq_ignore_ascii_case(w));
    let n = &req.nametype;
    let mut flags = match record_type {
        KeyRecordType::Key if n.is_none() => bail!("no nametype specified"),
        KeyRecordType::Dnskey if n.is_none() || is(n, "ZONE") => Dnskey::ZONE,
        KeyRecordType::Dnskey if is(n, "OTHER") => 0,
        KeyRecordType::Dnskey => bail!("invalid DNSKEY nametype {}", n.as_deref().unwrap_or("")),
        KeyRecordType::Key if is(n, "ZONE") => Dnskey::ZONE,
        KeyRecordType::Key if is(n, "HOST") || is(n, "ENTITY") => 0x0200,
        KeyRecordType::Key if is(n, "USER") => 0,
        KeyRecordType::Key => bail!("invalid KEY nametype {}", n.as_deref().unwrap_or("")),
    };
    match record_type {
        KeyRecordType::Dnskey => {
            if req.ksk {
                flags |= Dnskey::SEP;
            }
            if req.revoke_flag {
                flags |= Dnskey::REVOKE;
            }
        }
        KeyRecordType::Key => {
            let t = &req.keytype;
            flags |= match () {
                _ if t.is_none() || is(t, "AUTHCONF") => 0,
                _ if is(t, "NOAUTHCONF") => 0xC000,
                _ if is(t, "NOAUTH") => 0x8000,
                _ if is(t, "NOCONF") => 0x4000,
                _ => bail!("unsupported type {}", t.as_deref().unwrap_or("")),
            };
            flags |= (req.strength & 0xf) as u16;
        }
    }
    Ok(flags)
}

/// `-S`: a successor that takes over when the predecessor retires, published the
/// prepublication interval (default 30 days) before (docs/bind-compat.md, "keygen").
fn successor(req: &Request, mut key: NewKey, pred_arg: &std::ffi::OsStr) -> Result<Vec<String>> {
    let incompatible = [
        (req.bits.is_some(), "-b"),
        (req.nametype.is_some(), "-n"),
        (req.times.publish.is_some(), "-P"),
        (req.times.activate.is_some(), "-A"),
        (req.nsec3, "-3"),
        (req.legacy, "-C"),
        (req.generate_only, "-G"),
        (req.keytype.is_some(), "-t"),
    ];
    if let Some((_, opt)) = incompatible.iter().find(|(used, _)| *used) {
        bail!("-S and {opt} cannot be used together");
    }
    let pred_path = KeyPath::parse_os(pred_arg, Some(&req.dir));
    let mut pred = Key::load_path(&pred_path).map_err(|e| {
        anyhow!(
            "Invalid keyfile {}: {}",
            cli::text(pred_arg),
            cli::key_error(&e)
        )
    })?;
    let id = pred.describe();
    if !pred.version.has_metadata() {
        return Err(cli::Lines::new(
            "\t",
            [
                format!("Key {id} has incompatible format version 1.2"),
                "It is not possible to generate a successor key.".to_string(),
            ],
        )
        .into());
    }
    // The first successor went to -K (or .), which need not be the predecessor's directory.
    refuse_second_successor(&pred, &[&pred_path.dir, &req.dir])?;
    if pred.timing.activate.is_none() {
        return Err(cli::Lines::new(
            "\t",
            [
                format!("Key {id} has no activation date."),
                "You must use dnssec-settime -A to set one before generating a successor."
                    .to_string(),
            ],
        )
        .into());
    }
    let Some(pred_inactive) = pred.timing.inactive else {
        return Err(cli::Lines::new(
            "\t",
            [
                format!("Key {id} has no inactivation date."),
                "You must use dnssec-settime -I to set one before generating a successor."
                    .to_string(),
            ],
        )
        .into());
    };
    let prepub = req.interval.map_or(30 * 86400, |t| i64::from(t.0));
    let publish = pred_inactive.offset(-prepub);
    if publish < req.now {
        return Err(cli::Lines::new(
            "\t",
            [
                format!("Key {id} becomes inactive"),
                "sooner than the prepublication period for the new key ends.".to_string(),
                "Either change the inactivation date with dnssec-settime -I,".to_string(),
                "or use the -i option to set a shorter prepublication interval.".to_string(),
            ],
        )
        .into());
    }
    if pred.timing.delete.is_none() {
        cli::lines(&cli::Lines::new(
            "\t ",
            [
                format!("{}: WARNING: Key {id} has no removal date;", cli::program()),
                "it will remain in the zone indefinitely after rollover.".to_string(),
                "You can use dnssec-settime -D to change this.".to_string(),
            ],
        ));
    }
    key.owner = pred.owner.clone();
    key.class = pred.class;
    // The successor replaces the predecessor in the same DNSKEY RRset, so it keeps its TTL
    // unless -L says otherwise (BIND 9.18 writes none: docs/bind-compat.md,
    // "keygen -S: TTL and second successors").
    key.ttl = req.ttl.or(pred.ttl);
    key.algorithm = pred.algorithm();
    key.bits = pred.bits().unwrap_or(0);
    key.flags = pred.dnskey.flags;
    key.protocol = pred.dnskey.protocol;
    key.record_type = pred.record_type;
    key.timing = KeyTiming {
        created: Some(req.now),
        publish: Some(publish),
        activate: Some(pred_inactive),
        ..KeyTiming::default()
    };
    req.times.apply_others(&mut key.timing);
    key.timing.predecessor = Some(pred.key_tag());
    let (base, tag) = emit(req, &key)?;
    pred.timing.successor = Some(tag);
    pred.write(&pred_path.dir, KeyOverwrite::Allow)
        .map_err(|e| anyhow!("failed to rewrite {id}: {e}"))?;
    Ok(vec![base])
}

/// A key that already names a successor whose `.key` file is still in one of `dirs` gets no
/// second one: two successors would both be published and activated at the predecessor's
/// inactivation (BIND 9.18 makes the second one silently: docs/bind-compat.md,
/// "keygen -S: TTL and second successors").
/// A successor whose files are gone no longer counts; the new one replaces it in the
/// predecessor's metadata.
fn refuse_second_successor(pred: &Key, dirs: &[&Path]) -> Result<()> {
    let Some(tag) = pred.timing.successor else {
        return Ok(());
    };
    let base = dnssec_core::key::key_basename(&pred.owner, pred.algorithm(), tag);
    if !dirs.iter().any(|d| d.join(format!("{base}.key")).exists()) {
        return Ok(());
    }
    bail!(
        "Key {} already has a successor, {base}; use keygen -S {base} for the key after it",
        pred.describe()
    )
}

/// Publish and activate as dnssec-keygen derives them: both default to now; with only one
/// given, the other follows from the prepublication interval `prepub`; `-G` leaves both
/// unset. Created is always now.
pub fn plain_times(
    now: UnixTime,
    t: &TimeArgs,
    generate_only: bool,
    prepub: i64,
) -> Result<KeyTiming> {
    let mut publish = t.publish;
    let mut activate = t.activate;
    if prepub > 0 {
        match (publish, activate) {
            (Some(Some(p)), Some(Some(a))) if a.offset(-prepub) < p => {
                return Err(cli::Lines::new(
                    "\t",
                    [
                        "Activation and publication dates are closer together than the".to_string(),
                        "prepublication interval.".to_string(),
                    ],
                )
                .into())
            }
            (None, None) => {
                publish = Some(Some(now));
                activate = Some(Some(now.offset(prepub)));
            }
            (Some(Some(p)), None) => activate = Some(Some(p.offset(prepub))),
            (None, Some(Some(a))) => publish = Some(Some(a.offset(-prepub))),
            _ => {}
        }
        if let Some(Some(a)) = activate {
            if a.offset(-prepub) < now {
                return Err(cli::Lines::new(
                    "\t",
                    [
                        "Time until activation is shorter than the".to_string(),
                        "prepublication interval.".to_string(),
                    ],
                )
                .into());
            }
        }
    }
    let mut timing = KeyTiming {
        created: Some(now),
        ..KeyTiming::default()
    };
    timing.publish = match (publish, activate) {
        (Some(p), _) => p,
        (None, Some(Some(a))) => Some(a.offset(-prepub)),
        _ if generate_only => None,
        _ => Some(now),
    };
    timing.activate = match activate {
        Some(a) => a,
        None if generate_only => None,
        None => Some(now),
    };
    t.apply_others(&mut timing);
    Ok(timing)
}

/// The key size: RSA 1024..4096 (default 2048), DH 128..4096 (required); EC and EdDSA have
/// a fixed size and ignore `-b` (docs/bind-compat.md, "algorithms, digests and key sizes").
pub fn key_size(alg: Algorithm, bits: Option<i64>) -> Result<u32> {
    let requested = bits.unwrap_or(0);
    let size = match alg {
        _ if alg.is_rsa() => {
            let size = if requested == 0 { 2048 } else { requested };
            if !(1024..=4096).contains(&size) {
                bail!("RSA key size {size} out of range");
            }
            size
        }
        Algorithm::DH => {
            if requested == 0 {
                bail!("key size not specified (-b option)");
            }
            if !(128..=4096).contains(&requested) {
                bail!("DH key size {requested} out of range");
            }
            requested
        }
        Algorithm::ECDSAP384SHA384 => 384,
        Algorithm::ED448 => 456,
        _ => 256,
    };
    Ok(u32::try_from(size).unwrap_or(0))
}

fn emit(req: &Request, key: &NewKey) -> Result<(String, u16)> {
    if !req.quiet {
        crate::errln!("Generating key pair.");
    }
    generate_and_write(&req.dir, key, req.verbose)
}

/// Generates the key, retrying on a tag collision, writes its files into `dir` (never over
/// an existing file) and returns the base name and the tag.
pub fn generate_and_write(dir: &Path, new: &NewKey, verbose: Verbosity) -> Result<(String, u16)> {
    // One pass over the directory serves every attempt (docs/bind-compat.md, "keygen").
    let taken = KeyTagIndex::scan(dir, &new.owner, new.algorithm)
        .with_context(|| format!("cannot open directory {}", crate::cli::show(dir)))?;
    let who = || format!("{}/{}", new.owner.to_message_string(), new.algorithm);
    for _ in 0..MAX_ATTEMPTS {
        let bits = new.algorithm.is_rsa().then_some(new.bits);
        let material = PrivateKey::generate(new.algorithm, bits).map_err(|e| anyhow!("{e}"))?;
        let mut key = Key::new(new.owner.clone(), new.flags, material);
        if taken.collides(&key.dnskey) {
            if verbose.0 > 0 {
                cli::note(format!(
                    "{}: key tag {} is taken in {}; generating a new key",
                    who(),
                    key.key_tag(),
                    crate::cli::show(dir)
                ));
            }
            continue;
        }
        key.class = new.class;
        key.ttl = new.ttl;
        key.record_type = new.record_type;
        key.dnskey.protocol = new.protocol;
        if new.legacy {
            key.version = FormatVersion::V1_2;
        } else {
            key.timing = new.timing.clone();
        }
        if let Some(role) = new.role {
            key.state = Some(KeyState {
                lifetime: Some(role.lifetime),
                ksk: Some(role.ksk),
                zsk: Some(role.zsk),
                ..KeyState::default()
            });
        }
        key.write(dir, KeyOverwrite::Refuse)
            .with_context(|| format!("failed to write key {}", key.describe()))?;
        return Ok((key.basename(), key.key_tag()));
    }
    bail!(
        "could not find an unused key tag for {} in {} after {MAX_ATTEMPTS} attempts",
        who(),
        crate::cli::show(dir)
    )
}

/// The policy `name` for `-k`, from the `-l` file (or named.conf's default place), as
/// dnssec-keygen 9.18 finds it (docs/bind-compat.md, "keygen: -k and -l"): `default` is the
/// built-in policy and no file is read for it; a `-l` file that cannot be read or parsed is
/// named in an error line before the fatal one; a file without the policy is BIND's plain
/// `failed to load`.
fn load_policy(config: Option<&std::ffi::OsStr>, name: &str) -> Result<policy::Policy> {
    if name == "default" {
        return Ok(policy::Policy::builtin_default());
    }
    let Some(path) = config else {
        // No -l: named.conf's usual place, when it is there.
        let text = std::fs::read_to_string(DEFAULT_CONFIG).ok();
        return policy::find(text.as_deref(), Path::new(DEFAULT_CONFIG), name);
    };
    let shown = cli::show(path);
    let text = match read_config(Path::new(path)) {
        Ok(text) => text,
        Err(reason) => {
            cli::error(format_args!("{reason}"));
            bail!("unable to load dnssec-policy '{name}' from '{shown}'");
        }
    };
    policy::find(Some(&text), Path::new(path), name)
}

/// The text of a `-l` file, or the error line that names it: `open: FILE: file not found`
/// as BIND words a missing file, `FILE: not a file` for a directory.
fn read_config(path: &Path) -> std::result::Result<String, String> {
    let shown = cli::show(path);
    if path.is_dir() {
        return Err(format!("{shown}: not a file"));
    }
    let bytes =
        crate::input::bounded::read_path(path).map_err(|e| format!("open: {shown}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{shown}: not UTF-8 text"))
}
