//! The parent's next DS set from the child's CDS/CDNSKEY RRsets (RFC 7344 section 4, RFC 8078
//! section 4; docs/bind-compat.md, "cds" steps 5, 6a and 8).

use super::child::ChildData;
use anyhow::{bail, Result};
use dnssec_core::rr::{Dnskey, Ds};
use dnssec_core::{Algorithm, DigestType, Name};

/// What the child asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum NewSet {
    /// RFC 8078 section 4: remove every DS, making the delegation insecure.
    Delete,
    /// Replace the DS set with these records (digest type outer, source order inner).
    Replace(Vec<Ds>),
}

/// True for the CDS delete record `0 0 0 00` (RFC 8078 section 4).
pub fn is_cds_delete(ds: &Ds) -> bool {
    ds.key_tag == 0
        && ds.algorithm == Algorithm(0)
        && ds.digest_type == DigestType(0)
        && ds.digest == [0]
}

/// True for the CDNSKEY delete record `0 3 0 AA==` (RFC 8078 section 4).
pub fn is_cdnskey_delete(key: &Dnskey) -> bool {
    key.flags == 0 && key.protocol == 3 && key.algorithm == Algorithm(0) && key.public_key == [0]
}

/// Whether one RRset asks for deletion; a delete record beside others is an error, since
/// RFC 8078 section 4 says the RRset then holds exactly that one record.
fn wants_delete<T>(
    set: &[T],
    is_delete: impl Fn(&T) -> bool,
    label: &str,
    name: &str,
) -> Result<Option<bool>> {
    if set.is_empty() {
        return Ok(None);
    }
    match set.iter().filter(|r| is_delete(r)).count() {
        0 => Ok(Some(false)),
        n if n == set.len() => Ok(Some(true)),
        _ => bail!("{label} RRset at {name} mixes the RFC 8078 delete record with other records"),
    }
}

/// Builds the new set (docs/bind-compat.md, "cds" step 5), with RFC 8078 deletion (our
/// divergence from BIND, docs/bind-compat.md, "quirks" item 12). `note` receives the v1 trace
/// lines.
pub fn build(
    child: &ChildData,
    domain: &Name,
    digests: &[DigestType],
    prefer_cdnskey: bool,
    note: &dyn Fn(String),
) -> Result<NewSet> {
    let name = domain.bind_text();
    let cds_delete = wants_delete(&child.cds, is_cds_delete, "CDS", &name)?;
    let cdnskey_delete = wants_delete(&child.cdnskey, is_cdnskey_delete, "CDNSKEY", &name)?;
    match (cds_delete, cdnskey_delete) {
        (Some(true), Some(false)) | (Some(false), Some(true)) => bail!(
            "CDS and CDNSKEY records at {name} disagree: one asks to delete the DS records, the other does not"
        ),
        (Some(true), _) | (_, Some(true)) => return Ok(NewSet::Delete),
        _ => {}
    }
    let from_cds = || -> Vec<Ds> {
        digests
            .iter()
            .flat_map(|dt| child.cds.iter().filter(move |d| d.digest_type == *dt))
            .cloned()
            .collect()
    };
    let from_cdnskey = || -> Result<Vec<Ds>> {
        let mut out = Vec::new();
        for dt in digests {
            for key in &child.cdnskey {
                out.push(dnssec_core::crypto::ds_from_dnskey(domain, key, *dt)?);
            }
        }
        Ok(out)
    };
    let mut set = Vec::new();
    if !child.cdnskey.is_empty() && (prefer_cdnskey || child.cds.is_empty()) {
        set = from_cdnskey()?;
    } else if !child.cds.is_empty() {
        set = from_cds();
        if set.is_empty() && !child.cdnskey.is_empty() {
            note("CDS records have no allowed digest types; using CDNSKEY instead".to_string());
            set = from_cdnskey()?;
        }
    }
    if set.is_empty() {
        bail!("CDS records at {name} do not match any -a digest types");
    }
    Ok(NewSet::Replace(set))
}

/// Step 6a (RFC 7344 section 4.1 asks for a consistent set): every key named in the new set
/// has the same digest types as the others.
pub fn check_digest_coverage(set: &[Ds], name: &str) -> Result<()> {
    let mut keys: Vec<((u16, u8), Vec<u8>)> = Vec::new();
    for ds in set {
        let id = (ds.key_tag, ds.algorithm.0);
        match keys.iter_mut().find(|(k, _)| *k == id) {
            Some((_, types)) => types.push(ds.digest_type.0),
            None => keys.push((id, vec![ds.digest_type.0])),
        }
    }
    for (_, types) in keys.iter_mut() {
        types.sort_unstable();
        types.dedup();
    }
    if keys.windows(2).any(|w| w[0].1 != w[1].1) {
        bail!("CDS records at {name} do not cover each key with the same set of digest types");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(tag: u16, dt: u8) -> Ds {
        Ds {
            key_tag: tag,
            algorithm: Algorithm(13),
            digest_type: DigestType(dt),
            digest: vec![1; 20],
        }
    }

    #[test]
    fn digest_coverage() {
        assert!(check_digest_coverage(&[ds(1, 1), ds(2, 1), ds(1, 2), ds(2, 2)], "x").is_ok());
        let err = check_digest_coverage(&[ds(1, 1), ds(1, 2), ds(2, 2)], "x").unwrap_err();
        assert!(err.to_string().contains("same set of digest types"));
    }

    #[test]
    fn delete_records() {
        let del = Ds {
            key_tag: 0,
            algorithm: Algorithm(0),
            digest_type: DigestType(0),
            digest: vec![0],
        };
        assert!(is_cds_delete(&del));
        assert!(!is_cds_delete(&ds(0, 0)));
        let key = Dnskey {
            flags: 0,
            protocol: 3,
            algorithm: Algorithm(0),
            public_key: vec![0],
        };
        assert!(is_cdnskey_delete(&key));
        assert!(wants_delete(&[del.clone(), ds(1, 2)], is_cds_delete, "CDS", "x").is_err());
        assert_eq!(
            wants_delete(&[del], is_cds_delete, "CDS", "x").unwrap(),
            Some(true)
        );
    }
}
