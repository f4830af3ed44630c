//! The child's side (docs/bind-compat.md, "cds" step 2): its DNSKEY, CDS and CDNSKEY RRsets and
//! the RRSIGs over them, read from `-f` (a file, `-` for standard input, `dig` output or a whole
//! signed zone). Each RRset is a set (RFC 2181 section 5): canonically ordered, duplicates
//! dropped.

use super::records::{self, Rdata};
use anyhow::{anyhow, bail, Result};
use dnssec_core::rr::Rrsig;
use dnssec_core::rr::{Dnskey, Ds};
use dnssec_core::{Class, Name, RrType, Ttl};

/// What the child publishes at its apex.
pub struct ChildData {
    /// The DNSKEY RRset.
    pub dnskey: Vec<Dnskey>,
    /// Its TTL.
    pub dnskey_ttl: Option<Ttl>,
    /// The CDS RRset (RFC 7344 section 3.1), possibly empty.
    pub cds: Vec<Ds>,
    /// The CDNSKEY RRset (RFC 7344 section 3.2), possibly empty.
    pub cdnskey: Vec<Dnskey>,
    /// Every RRSIG at the apex.
    pub rrsigs: Vec<Rrsig>,
}

impl ChildData {
    /// True when some RRSIG covers `rtype`.
    pub fn signed(&self, rtype: RrType) -> bool {
        self.rrsigs.iter().any(|s| s.type_covered == rtype)
    }
}

/// Reads `-f file` for `domain`.
pub fn load(path: &std::ffi::OsStr, domain: &Name, class: Class) -> Result<ChildData> {
    let shown = crate::cli::text(path);
    let file = shown.as_str();
    let bytes = crate::input::bounded::read(path).map_err(|e| anyhow!("can't load {file}: {e}"))?;
    let recs = records::read(bytes, file, domain, class, &mut |w| super::warn(w))
        .map_err(|e| anyhow!("can't load {file}: {e:#}"))?;
    let mut child = ChildData {
        dnskey: Vec::new(),
        dnskey_ttl: None,
        cds: Vec::new(),
        cdnskey: Vec::new(),
        rrsigs: Vec::new(),
    };
    for r in recs {
        match (r.rtype, r.rdata) {
            (RrType::DNSKEY, Rdata::Dnskey(k)) => {
                child.dnskey_ttl = child.dnskey_ttl.or(r.ttl);
                child.dnskey.push(k);
            }
            (RrType::CDNSKEY, Rdata::Dnskey(k)) => child.cdnskey.push(k),
            (RrType::CDS, Rdata::Ds(d)) => child.cds.push(d),
            (RrType::RRSIG, Rdata::Rrsig(s)) => child.rrsigs.push(s),
            _ => {}
        }
    }
    super::canonical_set(&mut child.dnskey, Dnskey::to_wire);
    super::canonical_set(&mut child.cdnskey, Dnskey::to_wire);
    super::canonical_set(&mut child.cds, Ds::to_wire);
    super::canonical_set(&mut child.rrsigs, |s| {
        let mut w = Vec::new();
        s.to_wire(&mut w);
        w
    });
    let name = domain.bind_text();
    if child.dnskey.is_empty() || !child.signed(RrType::DNSKEY) {
        bail!("could not find signed DNSKEY RRset for {name}");
    }
    if !child.cds.is_empty() && !child.signed(RrType::CDS) {
        bail!("missing RRSIG CDS records for {name}");
    }
    if !child.cdnskey.is_empty() && !child.signed(RrType::CDNSKEY) {
        bail!("missing RRSIG CDNSKEY records for {name}");
    }
    Ok(child)
}
