//! The apex CDS and CDNSKEY RRsets (RFC 7344 section 4, RFC 8078 section 4) against the
//! DNSKEY RRset and each other: what the parent would take from them must be keys the zone
//! really has, and a delete request must say nothing else (docs/bind-compat.md, "verify:
//! beyond BIND"). BIND's dnssec-verify does not look at them; Knot's kzonecheck does.

use super::zone::{ProblemKind, ZoneProblem};
use crate::crypto::ds_from_dnskey;
use crate::name::Name;
use crate::rr::{Dnskey, Ds};
use crate::zone::NameView;
use crate::RrType;

/// The CDS delete form's rdata (RFC 8078 section 4): key tag 0, algorithm 0, digest type 0,
/// a one-octet zero digest.
const CDS_DELETE: [u8; 5] = [0, 0, 0, 0, 0];
/// The CDNSKEY delete form's rdata (RFC 8078 section 4): flags 0, protocol 3, algorithm 0,
/// a one-octet zero key.
const CDNSKEY_DELETE: [u8; 5] = [0, 0, 3, 0, 0];

/// The problems of the apex CDS/CDNSKEY RRsets, CDS first; none when there are neither.
pub(super) fn check_child_keys(apex: &Name, apex_view: &NameView<'_>) -> Vec<ZoneProblem> {
    let rdatas = |t: RrType| -> Vec<&[u8]> {
        apex_view
            .rrset(t)
            .map(|s| s.rdatas().collect())
            .unwrap_or_default()
    };
    let cds = rdatas(RrType::CDS);
    let cdnskey = rdatas(RrType::CDNSKEY);
    let mut out = Vec::new();
    if cds.is_empty() && cdnskey.is_empty() {
        return out;
    }
    let mut problem = |rtype: RrType, kind: ProblemKind| {
        out.push(ZoneProblem {
            owner: apex.clone(),
            rtype,
            kind,
        })
    };
    let cds_delete = cds.iter().any(|rd| *rd == CDS_DELETE);
    let cdnskey_delete = cdnskey.iter().any(|rd| *rd == CDNSKEY_DELETE);
    // A delete request is the whole RRset, and both RRsets (when both exist) ask for it.
    for (rtype, set, delete) in [
        (RrType::CDS, &cds, cds_delete),
        (RrType::CDNSKEY, &cdnskey, cdnskey_delete),
    ] {
        if delete && set.len() > 1 {
            problem(rtype, ProblemKind::ChildDeleteMixed);
        }
    }
    if !cds.is_empty() && !cdnskey.is_empty() && cds_delete != cdnskey_delete {
        let rtype = if cds_delete {
            RrType::CDS
        } else {
            RrType::CDNSKEY
        };
        problem(rtype, ProblemKind::ChildDeleteOneSided);
    }
    if cds_delete || cdnskey_delete {
        return out;
    }

    let keys: Vec<Dnskey> = rdatas(RrType::DNSKEY)
        .into_iter()
        .filter_map(|rd| Dnskey::from_wire(rd).ok())
        .collect();
    let child_keys: Vec<Dnskey> = cdnskey
        .iter()
        .filter_map(|rd| Dnskey::from_wire(rd).ok())
        .collect();
    // Some(true) when `ds` is the digest of one of `keys`; None when the digest type is one
    // we cannot compute (nothing then to say about it).
    let digest_of = |ds: &Ds, keys: &[Dnskey]| -> Option<bool> {
        let mut unknown = false;
        for key in keys
            .iter()
            .filter(|k| k.algorithm == ds.algorithm && k.key_tag() == ds.key_tag)
        {
            match ds_from_dnskey(apex, key, ds.digest_type) {
                Ok(made) if made.digest == ds.digest => return Some(true),
                Ok(_) => {}
                Err(_) => unknown = true,
            }
        }
        (!unknown).then_some(false)
    };
    let child_ds: Vec<Ds> = cds.iter().filter_map(|rd| Ds::from_wire(rd).ok()).collect();
    for ds in &child_ds {
        if digest_of(ds, &keys) == Some(false) {
            problem(
                RrType::CDS,
                ProblemKind::ChildKeyNotInKeySet {
                    key_tag: ds.key_tag,
                },
            );
        } else if !child_keys.is_empty() && digest_of(ds, &child_keys) == Some(false) {
            problem(
                RrType::CDS,
                ProblemKind::ChildKeysDisagree {
                    key_tag: ds.key_tag,
                },
            );
        }
    }
    for key in &child_keys {
        let wire = key.to_wire();
        if !keys.iter().any(|k| k.to_wire() == wire) {
            problem(
                RrType::CDNSKEY,
                ProblemKind::ChildKeyNotInKeySet {
                    key_tag: key.key_tag(),
                },
            );
        } else if !child_ds.is_empty()
            && !child_ds.iter().any(|ds| {
                ds.key_tag == key.key_tag()
                    && ds.algorithm == key.algorithm
                    && digest_of(ds, std::slice::from_ref(key)) != Some(false)
            })
        {
            problem(
                RrType::CDNSKEY,
                ProblemKind::ChildKeysDisagree {
                    key_tag: key.key_tag(),
                },
            );
        }
    }
    out
}
