//! The records dnssec-cds reads (docs/bind-compat.md, "cds", `-d` and `-f`), through the core's
//! master-file reader (`dnssec_core::zonefile`): a parent's `dsset-` file or `dig` output,
//! and the child's DNSKEY/CDS/CDNSKEY/RRSIG records as `dig +dnssec` prints them or as a
//! whole signed zone holds them. Only the records owned by the domain are kept, decoded into
//! their typed views.

use anyhow::{anyhow, Result};
use dnssec_core::rr::Rrsig;
use dnssec_core::rr::{Dnskey, Ds};
use dnssec_core::zonefile::Reader;
use dnssec_core::{Class, Name, RrType, Ttl};

/// Decoded rdata of the types dnssec-cds looks at.
#[derive(Clone, Debug)]
pub enum Rdata {
    /// DS or CDS (RFC 4034 section 5.1, RFC 7344 section 3.1).
    Ds(Ds),
    /// DNSKEY or CDNSKEY (RFC 4034 section 2.1, RFC 7344 section 3.2).
    Dnskey(Dnskey),
    /// RRSIG (RFC 4034 section 3.1).
    Rrsig(Rrsig),
}

/// One record at the domain.
#[derive(Clone, Debug)]
pub struct Record {
    /// The TTL, when the text gave one (a dsset file written by signzone has none).
    pub ttl: Option<Ttl>,
    /// The type.
    pub rtype: RrType,
    /// The decoded rdata.
    pub rdata: Rdata,
}

/// A TTL no real file carries: it stands for "no TTL given", which BIND's dnssec-cds accepts
/// (its `dsset-` files have no TTLs) and the core reader otherwise refuses.
const NO_TTL: Ttl = Ttl(u32::MAX);

/// Reads `bytes` (named `label` in messages) with `domain` as the origin and `class` as the
/// zone class, and returns the DS, CDS, DNSKEY, CDNSKEY and RRSIG records owned by `domain`.
/// `warn` receives BIND-style located warnings.
pub fn read(
    bytes: Vec<u8>,
    label: &str,
    domain: &Name,
    class: Class,
    warn: &mut dyn FnMut(String),
) -> Result<Vec<Record>> {
    let mut reader = Reader::from_bytes(bytes, label, Some(domain.clone()))
        .with_class(class)
        .with_default_ttl(NO_TTL);
    let mut out = Vec::new();
    while let Some(next) = reader.next_ref() {
        let r = next.map_err(|e| anyhow!("{e}"))?;
        if r.owner != domain {
            continue;
        }
        let bad = |what: &str| anyhow!("{}:{}: bad {what} rdata", r.file, r.line);
        let rdata = match r.rtype {
            RrType::DS | RrType::CDS => Rdata::Ds(Ds::from_wire(r.rdata).map_err(|_| bad("DS"))?),
            RrType::DNSKEY | RrType::CDNSKEY => {
                Rdata::Dnskey(Dnskey::from_wire(r.rdata).map_err(|_| bad("DNSKEY"))?)
            }
            RrType::RRSIG => Rdata::Rrsig(Rrsig::from_wire(r.rdata).map_err(|_| bad("RRSIG"))?),
            _ => continue,
        };
        out.push(Record {
            ttl: Some(r.ttl).filter(|t| *t != NO_TTL),
            rtype: r.rtype,
            rdata,
        });
    }
    for w in reader.take_warnings() {
        warn(w.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Name {
        Name::parse("cds.test.", None).unwrap()
    }

    fn read_text(text: &str) -> Result<Vec<Record>> {
        read(
            text.as_bytes().to_vec(),
            "f",
            &origin(),
            Class::IN,
            &mut |_| {},
        )
    }

    #[test]
    fn keeps_typed_records_at_the_domain() {
        let text = "$TTL 1h\n@\tSOA\tlocalhost. root.localhost. ( 1 1h 1h 1w 1h )\n\tNS localhost.\n\
                    cds.test.\t\tIN DS 52713 13 2 984900D15EBEA82047A76924D56F8A0568E117E30AF62231ECBA728E 096ADD10\n\
                    www A 192.0.2.1\n\
                    cds.test. 300 IN DNSKEY 257 3 13 H4SXcgqw14/bPYNFFHfoBdBNjEU5kuqCQ2SDGhv6WRCUWShjmvrsTjdZ ye7XglRPhjhy78DJsxiCiXBPuruNsw==\n\
                    cds.test. 3600 IN RRSIG DNSKEY 13 2 3600 20261224011244 20261124011244 52713 cds.test. 03P5eFlQdgvvtByrL1RBmxjbcLIszbAJ2JuS/tMLfTNHN5Km04+WVq9/ 6aGhfvKELuFhT5o4m2/wQEVHTVQaHA==\n";
        let recs = read_text(text).unwrap();
        assert_eq!(recs.len(), 3);
        let Rdata::Ds(ds) = &recs[0].rdata else {
            panic!()
        };
        assert_eq!((ds.key_tag, ds.digest.len()), (52713, 32));
        assert_eq!(recs[0].ttl, Some(Ttl(3600)));
        let Rdata::Dnskey(k) = &recs[1].rdata else {
            panic!()
        };
        assert_eq!((k.key_tag(), recs[1].ttl), (52713, Some(Ttl(300))));
        let Rdata::Rrsig(s) = &recs[2].rdata else {
            panic!()
        };
        assert_eq!((s.key_tag, s.type_covered), (52713, RrType::DNSKEY));
    }

    #[test]
    fn ttl_less_dsset_and_garbage() {
        let recs =
            read_text("cds.test. IN DS 1 13 1 092B2D0010ADD0839D6FCAD89FE9AD73FA9D13A7\n").unwrap();
        assert_eq!(recs[0].ttl, None);
        for bad in [
            "hello world\n",
            "cds.test. IN DNSKEY 257 3 13 !!!\n",
            "( a\n",
        ] {
            assert!(read_text(bad).is_err(), "{bad:?}");
        }
    }
}
