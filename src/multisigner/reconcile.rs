//! The reconcile output (`-u provider=DIR`): for one provider, the commands that bring its
//! zone in line with the group (RFC 8901 section 8): the other providers' ZSKs imported as
//! published (`importkey -P now`), their KSKs imported as sync-only
//! (`importkey -P sync now`: CDS and CDNSKEY, no DNSKEY; docs/bind-compat.md, "Sync
//! records of unpublished keys"), by the name of the importkey installed beside this
//! multisigner ([`importkey_command`]). Nothing is removed: an extra key breaks no validation, and
//! a provider that leaves is taken out by hand at every provider at once. With `nsupdate` for DIR, an nsupdate script instead, for a
//! provider whose signer takes DNS UPDATE.

use std::ffi::OsString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use anyhow::{bail, Result};
use dnssec_core::rr::Dnskey;
use dnssec_core::{Name, RrType, Ttl};

use super::keys::{key_text, ksks, zsks};
use super::source::Source;
use super::view::Provider;
use crate::outln;

/// One `-u`: the provider (index) and where its keys are, or `None` for nsupdate.
pub struct Request {
    /// Index of the provider.
    pub provider: usize,
    /// Its key directory, or None for an nsupdate script.
    pub dir: Option<OsString>,
}

/// Reads the `-u` values: `provider=DIR`, the provider named by its source as given or its
/// position (1 for the first source).
pub fn requests(values: &[OsString], providers: &[Provider]) -> Result<Vec<Request>> {
    let mut out = Vec::new();
    for v in values {
        let bytes = v.as_bytes();
        let text = crate::cli::text(v);
        let Some(eq) = bytes.iter().rposition(|&b| b == b'=') else {
            bail!("-u '{text}': expected provider=DIR");
        };
        let who = String::from_utf8_lossy(&bytes[..eq]);
        let dir = OsString::from(std::ffi::OsStr::from_bytes(&bytes[eq + 1..]));
        let index = providers.iter().position(|p| p.label == who).or_else(|| {
            who.parse::<usize>()
                .ok()
                .filter(|&i| (1..=providers.len()).contains(&i))
                .map(|i| i - 1)
        });
        let Some(provider) = index else {
            bail!("-u '{text}': '{who}' is not one of the sources");
        };
        if dir.is_empty() {
            bail!("-u '{text}': no directory");
        }
        let dir = (dir != "nsupdate").then_some(dir);
        out.push(Request { provider, dir });
    }
    Ok(out)
}

/// What provider `me` lacks.
struct Plan {
    /// Other providers' zone keys (no SEP flag) missing from its DNSKEY RRset: the ZSKs
    /// they sign with and those they pre-publish for a roll (RFC 8901 section 8.2), so that
    /// a roll stays valid when the new key starts signing.
    publish: Vec<Dnskey>,
    /// Other providers' KSKs missing from its CDNSKEY RRset (and so from its CDS RRset).
    sync: Vec<Dnskey>,
}

fn plan(me: usize, zone: &Name, providers: &[Provider]) -> Plan {
    let p = &providers[me];
    let mine = p.dnskeys(zone);
    let cdnskey = p.keys_of(zone, RrType::CDNSKEY);
    let mut plan = Plan {
        publish: Vec::new(),
        sync: Vec::new(),
    };
    for (i, q) in providers.iter().enumerate() {
        if i == me {
            continue;
        }
        let (signing, _) = zsks(q, zone);
        let zone_keys = q
            .dnskeys(zone)
            .into_iter()
            .filter(|k| !k.is_ksk() && !k.is_revoked());
        for key in signing.into_iter().chain(zone_keys) {
            if !mine.contains(&key) && !plan.publish.contains(&key) {
                plan.publish.push(key);
            }
        }
        for key in ksks(q, zone) {
            if !cdnskey.contains(&key) && !plan.sync.contains(&key) {
                plan.sync.push(key);
            }
        }
    }
    plan
}

/// A shell word in single quotes.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// `zone` as an absolute name (trailing dot), for records read without an origin.
fn absolute(zone: &Name) -> String {
    if zone.is_root() {
        ".".to_string()
    } else {
        format!("{}.", zone.bind_text())
    }
}

/// The DNSKEY record of `key` at `zone`.
fn record(zone: &Name, ttl: Ttl, key: &Dnskey) -> String {
    format!(
        "{} {} IN DNSKEY {}",
        absolute(zone),
        ttl.0,
        dnssec_core::rr::rdata::to_text(RrType::DNSKEY, &key.to_wire())
    )
}

/// The importkey the script calls: the one installed in the directory of the running
/// multisigner, under our name (`importkey`) or BIND's (`dnssec-importkey`, from
/// `DNSSEC_KIT_SYMLINKS=1` or BIND's own tool there), ours first; `importkey` when neither
/// is there. A script naming BIND's tool where only ours is installed would fail on the
/// first line, or run another program than the one the report came with.
pub fn importkey_command() -> &'static str {
    let exe = std::env::current_exe().ok();
    importkey_in(exe.as_deref().and_then(Path::parent))
}

fn importkey_in(dir: Option<&Path>) -> &'static str {
    const OURS: &str = "importkey";
    const BIND: &str = "dnssec-importkey";
    match dir {
        Some(d) if !d.join(OURS).exists() && d.join(BIND).exists() => BIND,
        _ => OURS,
    }
}

/// Prints the commands for one request on standard output; `importkey` names the command
/// that imports a key ([`importkey_command`]).
pub fn print(
    r: &Request,
    zone: &Name,
    providers: &[Provider],
    ttl: Option<Ttl>,
    importkey: &str,
) -> Result<()> {
    let p = &providers[r.provider];
    let plan = plan(r.provider, zone, providers);
    let ttl = ttl
        .or_else(|| p.apex(zone, RrType::DNSKEY).map(|s| s.ttl))
        .unwrap_or(Ttl(3600));
    let z = absolute(zone);
    match &r.dir {
        Some(dir) => {
            let dir = quoted(&crate::cli::text(dir));
            outln!("# {}: key directory {dir}", p.label)?;
            for (key, when) in plan
                .publish
                .iter()
                .map(|k| (k, "-P now"))
                .chain(plan.sync.iter().map(|k| (k, "-P sync now")))
            {
                outln!("# {}", key_text(key))?;
                outln!(
                    "echo {} | {importkey} -K {dir} {when} -L {} -f - {}",
                    quoted(&record(zone, ttl, key)),
                    ttl.0,
                    quoted(&z)
                )?;
            }
        }
        None => {
            outln!("; {}: nsupdate", p.label)?;
            if let Source::Server(servers) = &p.source {
                if let Some((host, port)) = servers.first() {
                    outln!("server {host} {port}")?;
                }
            }
            outln!("zone {z}")?;
            for key in &plan.publish {
                outln!("update add {}", record(zone, ttl, key))?;
            }
            for key in &plan.sync {
                let rdata = dnssec_core::rr::rdata::to_text(RrType::DNSKEY, &key.to_wire());
                outln!("update add {z} {} IN CDNSKEY {rdata}", ttl.0)?;
                for dt in [dnssec_core::DigestType::SHA256] {
                    if let Ok(ds) = dnssec_core::crypto::ds_from_dnskey(zone, key, dt) {
                        outln!("update add {z} {} IN CDS {}", ttl.0, ds.rdata_text())?;
                    }
                }
            }
            outln!("send")?;
        }
    }
    Ok(())
}
