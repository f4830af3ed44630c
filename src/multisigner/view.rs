//! One provider's view of the zone: its RRsets with the RRSIGs over them, read from a signed
//! zone file or asked of every address of a server (the apex RRsets the checks need). Both
//! end as the client layer's [`ServedRrset`]s, rdata in canonical form.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use anyhow::{anyhow, Result};
use dnssec_core::client::{resolve_system, Client, ServedRrset};
use dnssec_core::rr::rdata::canonical_rdata;
use dnssec_core::rr::{Dnskey, Rrsig};
use dnssec_core::zonefile::Reader;
use dnssec_core::{Class, Name, RrType};

use super::source::Source;

/// The apex types asked of a server, in this order.
pub const APEX_TYPES: [RrType; 5] = [
    RrType::SOA,
    RrType::NS,
    RrType::DNSKEY,
    RrType::CDS,
    RrType::CDNSKEY,
];

/// A provider: its label (the source as given) and what it serves.
pub struct Provider {
    /// The source as given on the command line.
    pub label: String,
    /// Where it came from.
    pub source: Source,
    /// Its RRsets by owner and type (RRSIGs inside their RRset).
    pub rrsets: BTreeMap<(Name, RrType), ServedRrset>,
    /// For a server: the addresses whose answers differ from the first's (type, address).
    pub disagreements: Vec<(RrType, SocketAddr, SocketAddr)>,
    /// For a server: the addresses asked.
    pub addresses: Vec<SocketAddr>,
}

impl Provider {
    /// The apex RRset of `rtype`, if served.
    pub fn apex(&self, zone: &Name, rtype: RrType) -> Option<&ServedRrset> {
        self.rrsets.get(&(zone.clone(), rtype))
    }

    /// The apex DNSKEYs, parsed (rdata that does not parse was refused when loading).
    pub fn dnskeys(&self, zone: &Name) -> Vec<Dnskey> {
        self.keys_of(zone, RrType::DNSKEY)
    }

    /// The apex DNSKEY-form records of `rtype` (DNSKEY or CDNSKEY).
    pub fn keys_of(&self, zone: &Name, rtype: RrType) -> Vec<Dnskey> {
        self.apex(zone, rtype)
            .map(|s| {
                s.rdatas
                    .iter()
                    .filter_map(|r| Dnskey::from_wire(r).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Loads one provider.
pub fn load(label: String, source: Source, zone: &Name, client: &Client) -> Result<Provider> {
    match &source {
        Source::File(path) => {
            let rrsets = from_file(path, zone)?;
            Ok(Provider {
                label,
                source,
                rrsets,
                disagreements: Vec::new(),
                addresses: Vec::new(),
            })
        }
        Source::Server(servers) => {
            let mut addresses: Vec<SocketAddr> = Vec::new();
            for (host, port) in servers {
                for a in resolve_system(host, *port).map_err(|e| anyhow!("{e}"))? {
                    if !addresses.contains(&a) {
                        addresses.push(a);
                    }
                }
            }
            let mut first: Option<BTreeMap<(Name, RrType), ServedRrset>> = None;
            let mut disagreements = Vec::new();
            for &addr in &addresses {
                let got = from_server(client, addr, zone)?;
                match &first {
                    None => first = Some(got),
                    Some(f) => {
                        for t in APEX_TYPES {
                            let key = (zone.clone(), t);
                            let a = f.get(&key).map(|s| &s.rdatas);
                            let b = got.get(&key).map(|s| &s.rdatas);
                            if a != b {
                                disagreements.push((t, addresses[0], addr));
                            }
                        }
                    }
                }
            }
            Ok(Provider {
                label,
                source,
                rrsets: first.unwrap_or_default(),
                disagreements,
                addresses,
            })
        }
    }
}

fn from_file(path: &std::path::Path, zone: &Name) -> Result<BTreeMap<(Name, RrType), ServedRrset>> {
    let shown = crate::cli::show(path);
    let mut reader = Reader::from_path(path, Some(zone.clone()))
        .map_err(|e| anyhow!("can't load {shown}: {e}"))?;
    let mut sets: BTreeMap<(Name, RrType), ServedRrset> = BTreeMap::new();
    while let Some(next) = reader.next_ref() {
        let r = next.map_err(|e| anyhow!("can't load {shown}: {e}"))?;
        if r.class != Class::IN {
            continue;
        }
        let bad = |what: &str| anyhow!("{}:{}: bad {what} rdata", r.file, r.line);
        let (rtype, sig) = if r.rtype == RrType::RRSIG {
            let sig = Rrsig::from_wire(r.rdata).map_err(|_| bad("RRSIG"))?;
            (sig.type_covered, Some(sig))
        } else {
            (r.rtype, None)
        };
        let set = sets
            .entry((r.owner.clone(), rtype))
            .or_insert_with(|| ServedRrset {
                owner: r.owner.clone(),
                class: r.class,
                rtype,
                ttl: r.ttl,
                rdatas: Vec::new(),
                rrsigs: Vec::new(),
            });
        match sig {
            Some(sig) => set.rrsigs.push(sig),
            None => {
                let canon = canonical_rdata(r.rtype, r.rdata).map_err(|_| bad("record"))?;
                if matches!(r.rtype, RrType::DNSKEY | RrType::CDNSKEY) {
                    Dnskey::from_wire(&canon).map_err(|_| bad("DNSKEY"))?;
                }
                set.ttl = r.ttl;
                set.rdatas.push(canon);
            }
        }
    }
    for s in sets.values_mut() {
        s.rdatas.sort();
        s.rdatas.dedup();
    }
    if !sets.contains_key(&(zone.clone(), RrType::SOA)) {
        anyhow::bail!("can't load {shown}: no SOA at {}", zone.bind_text());
    }
    Ok(sets)
}

fn from_server(
    client: &Client,
    addr: SocketAddr,
    zone: &Name,
) -> Result<BTreeMap<(Name, RrType), ServedRrset>> {
    let mut sets = BTreeMap::new();
    for t in APEX_TYPES {
        let resp = client.query(addr, zone, t).map_err(|e| anyhow!("{e}"))?;
        if !resp.authoritative {
            anyhow::bail!("{addr}: not authoritative for {}", zone.bind_text());
        }
        if let Some(set) = resp.rrset(zone, t) {
            if matches!(t, RrType::DNSKEY | RrType::CDNSKEY)
                && set.rdatas.iter().any(|r| Dnskey::from_wire(r).is_err())
            {
                anyhow::bail!(
                    "{addr}: malformed answer: bad {} rdata",
                    t.mnemonic().unwrap_or("?")
                );
            }
            sets.insert((zone.clone(), t), set.clone());
        }
    }
    if !sets.contains_key(&(zone.clone(), RrType::SOA)) {
        anyhow::bail!("{addr}: no SOA for {}", zone.bind_text());
    }
    Ok(sets)
}
