//! How keys are named in findings (tag, algorithm, flags), and which keys a provider uses:
//! the ZSKs that sign its data and the KSKs that sign its DNSKEY RRset (RFC 8901 section 2.1.2).

use dnssec_core::rr::Dnskey;
use dnssec_core::{Name, RrType};

use super::view::Provider;

/// `ZSK 12345/13/256`: role (by the SEP flag, RFC 4034 section 2.1.1), tag, algorithm, flags.
pub fn key_text(k: &Dnskey) -> String {
    let role = if k.is_ksk() { "KSK" } else { "ZSK" };
    format!("{role} {}/{}/{}", k.key_tag(), k.algorithm.0, k.flags)
}

/// True for the RRsets a KSK signs (alone under `signzone -x`, docs/bind-compat.md,
/// "multisigner"); RFC 7344 section 4.1 has a parent check CDS and CDNSKEY with them.
pub fn ksk_signed(t: RrType) -> bool {
    matches!(t, RrType::DNSKEY | RrType::CDS | RrType::CDNSKEY)
}

/// The keys of `p`'s DNSKEY RRset named by the RRSIGs over RRsets selected by `which`
/// (tag and algorithm, RFC 4034 section 3.1.6), in DNSKEY order; and the (tag, algorithm)
/// pairs such RRSIGs name that its DNSKEY RRset lacks.
pub fn signing_keys(
    p: &Provider,
    zone: &Name,
    which: impl Fn(RrType) -> bool,
) -> (Vec<Dnskey>, Vec<(u16, u8)>) {
    let mut named: Vec<(u16, u8)> = Vec::new();
    for set in p.rrsets.values().filter(|s| which(s.rtype)) {
        for sig in &set.rrsigs {
            let id = (sig.key_tag, sig.algorithm.0);
            if !named.contains(&id) {
                named.push(id);
            }
        }
    }
    let dnskeys = p.dnskeys(zone);
    let keys: Vec<Dnskey> = dnskeys
        .iter()
        .filter(|k| named.contains(&(k.key_tag(), k.algorithm.0)))
        .cloned()
        .collect();
    let unknown = named
        .into_iter()
        .filter(|&(t, a)| {
            !dnskeys
                .iter()
                .any(|k| k.key_tag() == t && k.algorithm.0 == a)
        })
        .collect();
    (keys, unknown)
}

/// The ZSKs that sign `p`'s data (every RRSIG over an RRset other than DNSKEY, CDS, CDNSKEY).
pub fn zsks(p: &Provider, zone: &Name) -> (Vec<Dnskey>, Vec<(u16, u8)>) {
    signing_keys(p, zone, |t| !ksk_signed(t))
}

/// The keys that sign `p`'s DNSKEY RRset with the SEP flag: its KSKs (or CSKs).
pub fn ksks(p: &Provider, zone: &Name) -> Vec<Dnskey> {
    signing_keys(p, zone, |t| t == RrType::DNSKEY)
        .0
        .into_iter()
        .filter(|k| k.is_ksk() && !k.is_revoked())
        .collect()
}
