//! The text of the files signzone writes beside the zone, in the same writer: `dsset-`
//! (docs/bind-compat.md, "signzone: dsset and keyset files") and `keyset-`
//! (docs/bind-compat.md, "signzone: dsset and keyset files").

use dnssec_core::{Class, Name, RrType, Ttl};

use super::{Writer, DSSET, EXPLICIT};

/// The text of `keyset-<zone>.`: `$ORIGIN .`, then the keys as one DNSKEY RRset in the
/// explicit-TTL style, the owner relative to the root (`@` for the root itself), keys in
/// canonical order.
pub fn keyset_text(origin: &Name, keys: &[Vec<u8>], ttl: Ttl, class: Class) -> String {
    let mut out = String::from("$ORIGIN .\n");
    let absolute = origin.to_string();
    let owner = match absolute.strip_suffix('.') {
        Some("") | None => "@".to_string(),
        Some(relative) => relative.to_string(),
    };
    let mut w = Writer::new(&mut out, &EXPLICIT, class);
    w.owner = owner;
    w.rrset(ttl, RrType::DNSKEY, canonical(keys).into_iter());
    out
}

/// The text of `dsset-<zone>.`: one line per DS, owner and class on each, no TTL, class at
/// column 24, records in canonical order.
pub fn dsset_text(origin: &Name, ds: &[Vec<u8>], class: Class) -> String {
    let mut out = String::new();
    let mut w = Writer::new(&mut out, &DSSET, class);
    w.owner = origin.to_string();
    w.rrset(Ttl(0), RrType::DS, canonical(ds).into_iter());
    out
}

/// Distinct rdatas in canonical order (RFC 4034 section 6.3; these carry no names).
fn canonical(rdatas: &[Vec<u8>]) -> Vec<&[u8]> {
    let mut sorted: Vec<&[u8]> = rdatas.iter().map(Vec::as_slice).collect();
    sorted.sort();
    sorted.dedup();
    sorted
}
