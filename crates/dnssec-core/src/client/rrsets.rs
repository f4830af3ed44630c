//! Records of a response grouped into RRsets (RFC 2181 section 5), each with the RRSIGs that
//! cover it (RFC 4034 section 3: an RRSIG at the owner, Type Covered naming the type).

use super::error::ClientErrorKind;
use crate::name::Name;
use crate::rr::rdata::canonical_rdata;
use crate::rr::Rrsig;
use crate::{Class, RrType, Ttl};

/// One record as the message carried it, rdata uncompressed.
pub(super) struct RawRecord {
    pub(super) owner: Name,
    pub(super) rtype: RrType,
    pub(super) class: Class,
    pub(super) ttl: Ttl,
    pub(super) rdata: Vec<u8>,
}

/// An RRset a server sent, with the RRSIGs that cover it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServedRrset {
    /// The owner, case as served.
    pub owner: Name,
    /// The class.
    pub class: Class,
    /// The type (never RRSIG: those are in `rrsigs`).
    pub rtype: RrType,
    /// The smallest TTL of its records (RFC 2181 section 5.2 asks them to agree).
    pub ttl: Ttl,
    /// The rdatas in canonical form (RFC 4034 section 6.2), sorted and without duplicates
    /// (section 6.3), as signatures are computed over them.
    pub rdatas: Vec<Vec<u8>>,
    /// The RRSIGs at the owner that cover this type.
    pub rrsigs: Vec<Rrsig>,
}

/// Groups records into RRsets in the order their types first appear; RRSIGs join the RRset
/// they cover (an RRSIG whose RRset is absent makes an RRset with no rdata).
pub(super) fn group(records: Vec<RawRecord>) -> Result<Vec<ServedRrset>, ClientErrorKind> {
    let mut sets: Vec<ServedRrset> = Vec::new();
    for r in records {
        if r.rtype == RrType::OPT {
            continue;
        }
        let (rtype, sig) = if r.rtype == RrType::RRSIG {
            let sig = Rrsig::from_wire(&r.rdata)
                .map_err(|e| ClientErrorKind::Malformed(format!("RRSIG: {e}")))?;
            (sig.type_covered, Some(sig))
        } else {
            (r.rtype, None)
        };
        let at = match sets
            .iter()
            .position(|s| s.rtype == rtype && s.class == r.class && s.owner == r.owner)
        {
            Some(i) => i,
            None => {
                sets.push(ServedRrset {
                    owner: r.owner.clone(),
                    class: r.class,
                    rtype,
                    ttl: r.ttl,
                    rdatas: Vec::new(),
                    rrsigs: Vec::new(),
                });
                sets.len() - 1
            }
        };
        let set = &mut sets[at];
        match sig {
            Some(sig) => set.rrsigs.push(sig),
            None => {
                let canon = canonical_rdata(r.rtype, &r.rdata).map_err(|e| {
                    ClientErrorKind::Malformed(format!("{} rdata: {e}", type_text(r.rtype)))
                })?;
                if set.rdatas.is_empty() || r.ttl.0 < set.ttl.0 {
                    set.ttl = r.ttl;
                }
                set.rdatas.push(canon);
            }
        }
    }
    for s in &mut sets {
        s.rdatas.sort();
        s.rdatas.dedup();
    }
    Ok(sets)
}

fn type_text(t: RrType) -> String {
    t.mnemonic()
        .map_or_else(|| format!("TYPE{}", t.0), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(owner: &str, rtype: RrType, ttl: u32, rdata: Vec<u8>) -> RawRecord {
        RawRecord {
            owner: Name::parse(owner, None).unwrap(),
            rtype,
            class: Class::IN,
            ttl: Ttl(ttl),
            rdata,
        }
    }

    #[test]
    fn groups_by_owner_and_type_canonical_and_deduplicated() {
        let ns = |n: &str| Name::parse(n, None).unwrap().as_wire().to_vec();
        let sets = group(vec![
            raw("Z.test.", RrType::NS, 300, ns("NS2.z.test.")),
            raw("z.test.", RrType::A, 60, vec![192, 0, 2, 1]),
            raw("z.TEST.", RrType::NS, 200, ns("ns1.z.test.")),
            raw("z.test.", RrType::NS, 300, ns("ns2.z.test.")),
        ])
        .unwrap();
        assert_eq!(sets.len(), 2);
        assert_eq!(sets[0].rtype, RrType::NS);
        assert_eq!(sets[0].ttl, Ttl(200));
        assert_eq!(sets[0].rdatas, vec![ns("ns1.z.test."), ns("ns2.z.test.")]);
    }

    #[test]
    fn bad_rdata_is_malformed_not_a_panic() {
        let err = group(vec![raw("z.test.", RrType::A, 60, vec![1, 2, 3])]).unwrap_err();
        assert!(matches!(err, ClientErrorKind::Malformed(ref m) if m.starts_with("A rdata")));
        let err = group(vec![raw("z.test.", RrType::RRSIG, 60, vec![0; 5])]).unwrap_err();
        assert!(matches!(err, ClientErrorKind::Malformed(ref m) if m.starts_with("RRSIG")));
    }
}
