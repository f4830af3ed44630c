//! `-checkds auto`: asks every name server of the parent for the zone's DS RRset and records
//! "published" or "withdrawn" for a key waiting on its DS (as `-checkds` does by hand) once
//! every server has agreed for the TTL it served (docs/bind-compat.md, "keymgr: checkds
//! auto"). The servers are the `-p` ones, or the parent zone's NS found through the system's
//! resolvers. The judgement and the memory across runs are the core's
//! ([`dnssec_core::kasp::keymgr::parent`]); this module asks and prints.

use anyhow::{anyhow, bail, Result};
use dnssec_core::client::{resolve_system, Client, Rcode, Response};
use dnssec_core::kasp::keymgr::parent::{self, Decision, DsAnswer, Sighting, Verdict};
use dnssec_core::kasp::keymgr::{checkds, pending, DsSeen, KeySelector, ManagedKey, Wait};
use dnssec_core::kasp::Policy;
use dnssec_core::rr::Ds;
use dnssec_core::time::{format_ctime, UnixTime};
use dnssec_core::{Name, RrType};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::time::Duration;

/// Short tries, as dig's `+time=2 +tries=2`: a dead server fails the run quickly, and the
/// next cron run asks again.
const CLIENT: Client = Client {
    timeout: Duration::from_secs(2),
    tries: 2,
};

/// A parent server: where it is, and how messages name it (`address#port`).
struct Server {
    label: String,
    addr: SocketAddr,
}

fn server(addr: SocketAddr) -> Server {
    Server {
        label: format!("{}#{}", addr.ip(), addr.port()),
        addr,
    }
}

/// `server[#port]` (`-p`, `-r`): an address or a host name (every address the system
/// resolver gives), port 53 by default.
fn addresses(flag: &str, arg: &str) -> Result<Vec<SocketAddr>> {
    let (host, port) = match arg.rsplit_once('#') {
        Some((h, p)) => match p.parse::<u16>() {
            Ok(port) if port > 0 => (h, port),
            _ => bail!("{flag} '{arg}': bad port '{p}'"),
        },
        None => (arg, 53),
    };
    if host.is_empty() {
        bail!("{flag} '{arg}': no server");
    }
    resolve_system(host, port).map_err(|e| anyhow!("{flag} '{arg}': {e}"))
}

/// The system's resolvers: the `nameserver` lines of /etc/resolv.conf, or the local host
/// (the resolver library's default) when it names none.
fn resolvers() -> Vec<SocketAddr> {
    resolv_conf(&std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default())
}

/// The servers a resolv.conf text names (port 53; a line that is not an address is skipped,
/// as the resolver library does), or the local host.
fn resolv_conf(text: &str) -> Vec<SocketAddr> {
    let found: Vec<SocketAddr> = text
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            (w.next() == Some("nameserver"))
                .then(|| w.next()?.parse::<IpAddr>().ok())
                .flatten()
        })
        .map(|ip| SocketAddr::new(ip, 53))
        .collect();
    if found.is_empty() {
        vec![SocketAddr::from(([127, 0, 0, 1], 53))]
    } else {
        found
    }
}

/// The addresses (A, then AAAA) the resolvers give for a name server.
fn addresses_via(resolvers: &[SocketAddr], target: &Name) -> Result<Vec<SocketAddr>> {
    let mut out = Vec::new();
    for rtype in [RrType::A, RrType::AAAA] {
        let resp = ask_resolvers(resolvers, target, rtype)?;
        for r in resp.rrset(target, rtype).map_or(&[][..], |s| &s.rdatas) {
            let ip = match r.len() {
                4 => <[u8; 4]>::try_from(r.as_slice()).map(IpAddr::from).ok(),
                16 => <[u8; 16]>::try_from(r.as_slice()).map(IpAddr::from).ok(),
                _ => None,
            };
            out.extend(ip.map(|ip| SocketAddr::new(ip, 53)));
        }
    }
    if out.is_empty() {
        bail!("{}: no address", target.bind_text());
    }
    Ok(out)
}

/// Asks the resolvers in turn; the first answer wins.
fn ask_resolvers(resolvers: &[SocketAddr], name: &Name, rtype: RrType) -> Result<Response> {
    let mut last = anyhow!("no resolver");
    for r in resolvers {
        match CLIENT.query_recursive(*r, name, rtype) {
            Ok(resp) => return Ok(resp),
            Err(e) => last = anyhow!("resolver {e}"),
        }
    }
    Err(last)
}

/// The parent zone's servers through the DNS: the closest enclosing name with an SOA, its
/// NS RRset, and each NS target's addresses from the system resolver; all asked of the
/// system's resolvers, or of `-r`'s alone.
fn discovered_servers(zone: &Name, resolver: Option<&str>) -> Result<Vec<Server>> {
    let given = resolver.is_some();
    let resolvers = match resolver {
        Some(r) => addresses("-r", r)?,
        None => resolvers(),
    };
    let mut parent = zone
        .parent()
        .ok_or_else(|| anyhow!("the root zone has no parent"))?;
    while !parent.is_root() {
        let resp = ask_resolvers(&resolvers, &parent, RrType::SOA)?;
        if resp.rrset(&parent, RrType::SOA).is_some() {
            break;
        }
        parent = parent.parent().unwrap_or_else(Name::root);
    }
    let resp = ask_resolvers(&resolvers, &parent, RrType::NS)?;
    let Some(ns) = resp.rrset(&parent, RrType::NS) else {
        bail!("parent zone {parent}: no NS records");
    };
    let mut out = Vec::new();
    for rdata in &ns.rdatas {
        let target = Name::from_wire(rdata).map_err(|e| anyhow!("parent NS: {e}"))?;
        let found = if given {
            addresses_via(&resolvers, &target)
        } else {
            resolve_system(&target.bind_text(), 53).map_err(|e| anyhow!("{e}"))
        };
        match found {
            Ok(addrs) => out.extend(addrs.into_iter().map(server)),
            // A server we cannot reach is one we cannot hear agree: the run waits.
            Err(e) => bail!("parent zone {parent}: name server {e}"),
        }
    }
    crate::outln!(
        "{}: parent zone {parent}, {} server address(es)",
        zone.to_message_string(),
        out.len()
    )?;
    Ok(out)
}

/// What one server says of the zone's DS RRset, or why it said nothing usable.
fn ds_answer(server: &Server, zone: &Name) -> Result<DsAnswer, String> {
    // The client's messages start with the address; ours name the server already.
    let resp = CLIENT.query(server.addr, zone, RrType::DS).map_err(|e| {
        let text = e.to_string();
        let own = format!("{}: ", e.server);
        text.strip_prefix(&own).unwrap_or(&text).to_string()
    })?;
    if !resp.authoritative {
        return Err("answer without the AA bit: not a server of the parent zone".into());
    }
    if let Some(set) = resp.rrset(zone, RrType::DS) {
        let ds = set
            .rdatas
            .iter()
            .map(|r| Ds::from_wire(r).map_err(|e| format!("malformed DS: {e}")))
            .collect::<Result<Vec<Ds>, String>>()?;
        return Ok(DsAnswer { ds, ttl: set.ttl.0 });
    }
    if resp.rcode != Rcode::NOERROR && resp.rcode != Rcode::NXDOMAIN {
        return Err(format!("rcode {}", resp.rcode.0));
    }
    // No DS: resolvers keep the negative answer for min(SOA TTL, SOA minimum).
    let ttl = resp
        .authority
        .iter()
        .find(|s| s.rtype == RrType::SOA)
        .and_then(|soa| {
            let r = soa.rdatas.first()?;
            let min = u32::from_be_bytes(r.get(r.len().checked_sub(4)?..)?.try_into().ok()?);
            Some(min.min(soa.ttl.0))
        })
        .unwrap_or(0);
    Ok(DsAnswer {
        ds: Vec::new(),
        ttl,
    })
}

fn describe(a: &DsAnswer) -> String {
    if a.ds.is_empty() {
        return format!("no DS (negative TTL {})", a.ttl);
    }
    let list: Vec<String> =
        a.ds.iter()
            .map(|d| format!("{} {} {}", d.key_tag, d.algorithm.0, d.digest_type.0))
            .collect();
    format!("DS {} (TTL {})", list.join(", "), a.ttl)
}

fn word(seen: DsSeen) -> &'static str {
    match seen {
        DsSeen::Published => "published",
        DsSeen::Withdrawn => "withdrawn",
    }
}

fn read_sightings(path: &Path) -> Result<Vec<Sighting>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(parent::parse_sightings(path, &text)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => bail!("{}: {e}", path.display()),
    }
}

/// Writes the sightings under a temporary name and renames it into place; no file when
/// there is nothing to remember.
fn write_sightings(dir: &Path, path: &Path, sightings: &[Sighting]) -> Result<()> {
    if sightings.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                bail!("{}: {e}", path.display())
            }
            _ => Ok(()),
        };
    }
    let temp = dir.join(format!(".checkds-{}.tmp", std::process::id()));
    std::fs::write(&temp, parent::format_sightings(sightings))
        .and_then(|()| std::fs::rename(&temp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            anyhow!("{}: {e}", path.display())
        })
}

/// Asks the parent's servers about every key of `zone` waiting on its DS (the one `sel`
/// names, when given) and records, in `keys`, those every server has agreed on for long
/// enough. Writes the zone's sightings file unless `dry_run`. Returns the keys whose DS
/// every server agrees on and which wait out its TTL, with the earliest end of those waits.
#[allow(clippy::too_many_arguments)]
pub(super) fn run(
    zone: &Name,
    dir: &Path,
    keys: &mut [ManagedKey],
    policy: &Policy,
    sel: KeySelector,
    given: &[String],
    resolver: Option<&str>,
    now: UnixTime,
    dry_run: bool,
) -> Result<TtlWaits> {
    let z = zone.to_message_string();
    let mut ttl_waits = TtlWaits::default();
    let waits: Vec<(u16, DsSeen)> = pending(keys, policy, now)
        .into_iter()
        .filter_map(|p| match p.wait {
            Wait::Parent(seen) if sel.tag.is_none_or(|t| t == p.tag) => Some((p.tag, seen)),
            _ => None,
        })
        .collect();
    if waits.is_empty() {
        crate::outln!("{z}: no key waits for the parent's DS")?;
        return Ok(ttl_waits);
    }
    let servers = if given.is_empty() {
        discovered_servers(zone, resolver)?
    } else {
        let mut out = Vec::new();
        for arg in given {
            out.extend(addresses("-p", arg)?.into_iter().map(server));
        }
        out
    };
    let answers: Vec<(String, Result<DsAnswer, String>)> = servers
        .iter()
        .map(|s| (s.label.clone(), ds_answer(s, zone)))
        .collect();
    for (label, answer) in &answers {
        match answer {
            Ok(a) => crate::outln!("{z}: {label}: {}", describe(a))?,
            Err(e) => crate::cli::warning(format!("{z}: {label}: {e}; nothing recorded")),
        }
    }
    let path = parent::sightings_file(dir, zone);
    let before = read_sightings(&path)?;
    let mut after = Vec::new();
    for (tag, seen) in waits {
        let Some(k) = keys.iter().find(|k| {
            !k.purged && k.tag() == tag && sel.algorithm.is_none_or(|a| a == k.key.algorithm())
        }) else {
            continue;
        };
        let alg = k.key.algorithm();
        let verdict = parent::judge(zone, &k.key.dnskey, seen, &answers);
        let prev = before.iter().find(|s| s.tag == tag && s.algorithm == alg);
        let (decision, keep) = parent::decide(tag, alg, seen, &verdict, prev, now);
        after.extend(keep);
        let w = word(seen);
        match (decision, verdict) {
            (Decision::Record(when), _) => {
                let one = KeySelector {
                    tag: Some(tag),
                    algorithm: Some(alg),
                };
                checkds(keys, one, seen, when).map_err(|e| anyhow!("{e}"))?;
                crate::outln!(
                    "{z}: key {tag}: marked DS as {w} since {}",
                    format_ctime(when)
                )?;
            }
            (Decision::WaitTtl(until), _) => {
                ttl_waits.tags.push(tag);
                ttl_waits.until = Some(ttl_waits.until.map_or(until, |u| u.min(until)));
                crate::outln!(
                    "{z}: key {tag}: DS {w} at every server; waiting for the TTL until {}",
                    format_ctime(until)
                )?
            }
            (Decision::NotYet, Verdict::Lagging(late)) => {
                crate::outln!("{z}: key {tag}: DS not yet {w} at {}", late.join(", "))?
            }
            (Decision::NotYet, _) => {
                crate::outln!("{z}: key {tag}: not every server answered; nothing recorded")?
            }
        }
    }
    if !dry_run {
        write_sightings(dir, &path, &after)?;
    }
    Ok(ttl_waits)
}

/// The keys of a `-checkds auto` run whose DS every server agreed on, waiting out the DS
/// TTL, and the earliest end of those waits: the step's next run need not come sooner for
/// them (docs/bind-compat.md, "keymgr: many zones and the next run").
#[derive(Debug, Default)]
pub(super) struct TtlWaits {
    pub tags: Vec<u16>,
    pub until: Option<UnixTime>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolv_conf_nameservers_or_the_local_host() {
        let text =
            "# c\nsearch x.test\nnameserver 192.0.2.1\nnameserver bogus\nnameserver 2001:db8::1\n";
        let want: Vec<SocketAddr> = vec![
            "192.0.2.1:53".parse().unwrap(),
            "[2001:db8::1]:53".parse().unwrap(),
        ];
        assert_eq!(resolv_conf(text), want);
        assert_eq!(resolv_conf(""), vec!["127.0.0.1:53".parse().unwrap()]);
    }
}
